/**
 * Admission deferral: `predicted-cost`'s step rule for executors whose steps are additive (the
 * built-in llama.cpp engine on a CPU, docs/policies/predicted-cost.md "Real engine, ninth session").
 *
 * From the executor's own step estimate (`EngineView.estimateStepSeconds`, decode steps of 1 and 2
 * sequences at the step's mean decode context): b = the step's fixed part, c = what one more decode
 * adds. When c > b
 * the step costs about the sum of its sequences' parts: the engine is one server whose total work
 * does not depend on how it is batched, so the order of the work decides the latencies, and a
 * prefill chunk stalls every decode of its step for the whole chunk. The step then does not admit
 * a queued request whose predicted remaining cost is above that of every running decode in the
 * step (do not start a costlier request while only cheaper ones run: SRPT on admission); running
 * requests, including prefills already started, keep their tokens. Optional bound (`factor` > 0):
 * a request that has waited (since arrival) factor x its own work (pending prefill + predicted
 * remaining decodes at the estimate's costs) is no longer deferred. Without it the admission key's
 * aging bounds the wait as before: a deferred request is passed only by cheaper keys, which later
 * arrivals stop having after agingSeconds x ln(maxCost).
 * Decodes always run (no throughput lost), so a plan of running decodes only is never changed.
 * On a GPU the fixed part (the weights pass) is 86-7,900 x one decode's part at zero context in
 * every built-in cost model, still >= 6 x with 4,096-token decodes (c < b): plans are returned
 * unchanged, the simulator's results stay the same.
 */
import type {
  EngineView,
  ScheduledSeq,
  SeqView,
  StepPlan,
  StepShape,
} from '../../core/step-plan.js';
import { planEntries } from './decode-slots.js';
import { computedTokens, isDecoding, pendingTokens } from './seq-tokens.js';

/** A decode step's fixed part and what one more decode adds, seconds (the executor's estimate). */
export interface DecodeStepTerms {
  readonly fixed: number;
  readonly perDecode: number;
}

const decodeShape = (decodeSeqs: number, context: number): StepShape => ({
  prefillSeqs: 0,
  prefillTokens: 0,
  prefillAttention: 0,
  decodeSeqs,
  decodeContext: decodeSeqs * context,
});

/**
 * b and c from the view's step estimate for decodes of `context` KV tokens each (the step's own
 * decodes' mean: what one more decode like them adds); undefined when the executor gives none.
 */
export function decodeStepTerms(view: EngineView, context = 0): DecodeStepTerms | undefined {
  const estimate = view.estimateStepSeconds;
  if (estimate === undefined) return undefined;
  const one = estimate(decodeShape(1, context));
  const perDecode = estimate(decodeShape(2, context)) - one;
  return { fixed: one - perDecode, perDecode };
}

/** True when one more decode adds more to a step than the step's fixed part (c > b). */
export function stepsAdditive(terms: DecodeStepTerms | undefined): terms is DecodeStepTerms {
  return terms !== undefined && terms.perDecode > terms.fixed;
}

export interface AdmissionDeferral {
  /** Bound: a request is not deferred once it has waited factor x its own work; 0 = no bound. */
  readonly factor: number;
  /** Order key of a request's predicted remaining cost, pending tokens included (lower = cheaper). */
  readonly keyOf: (seq: SeqView) => number;
  /** Predicted output tokens still to generate (>= 1). */
  readonly outputLeft: (seq: SeqView) => number;
}

/** A queued request's own work in seconds: its pending prefill and remaining decodes at the estimate. */
function ownWork(seq: SeqView, view: EngineView, terms: DecodeStepTerms, left: number): number {
  const estimate = view.estimateStepSeconds as (shape: StepShape) => number;
  const t = pendingTokens(seq);
  const context = computedTokens(seq);
  const shape = {
    prefillSeqs: 1,
    prefillTokens: t,
    prefillAttention: t * (context + t / 2),
    decodeSeqs: 0,
    decodeContext: 0,
  };
  return Math.max(0, estimate(shape) - terms.fixed) + left * terms.perDecode;
}

/** Decodes sampled for the gate's mean context (running-first plans list decodes first). */
const contextSample = 8;

/**
 * The gate's inputs from a running-first plan's flat form in O(1) + O(contextSample): null when
 * it admits nobody (its last entry is a running request: admissions come last), else the first
 * decodes and their summed KV context.
 */
function flatDecodes(
  seqs: readonly (SeqView | undefined)[],
  tokens: readonly number[],
): { decodes: number; context: number } | null {
  let last = seqs.length - 1;
  while (last >= 0 && seqs[last] === undefined) last--;
  if (last < 0 || (seqs[last] as SeqView).state === 'running') return null;
  let decodes = 0;
  let context = 0;
  for (let i = 0; i < last && decodes < contextSample; i++) {
    const seq = seqs[i];
    if (seq === undefined || seq.state !== 'running') continue;
    if (tokens[i] !== 1 || !isDecoding(seq)) break;
    decodes++;
    context += computedTokens(seq);
  }
  return { decodes, context };
}

/** `plan` without the admissions the rule defers (the same object when none is, see above). */
export function deferAdmissions(
  plan: StepPlan,
  view: EngineView,
  rule: AdmissionDeferral,
): StepPlan {
  if (view.estimateStepSeconds === undefined) return plan;
  // the gate first, from the flat form when the plan has it (O(1) and no allocation on GPU steps)
  const { scheduledSeqs, scheduledTokens } = plan;
  const flat =
    scheduledSeqs !== undefined && scheduledTokens !== undefined
      ? flatDecodes(scheduledSeqs, scheduledTokens)
      : undefined;
  if (flat === null) return plan;
  let entries: { readonly seq: SeqView; readonly tokens: number }[] | undefined;
  let decodes = flat?.decodes ?? 0;
  let context = flat?.context ?? 0;
  if (flat === undefined) {
    entries = planEntries(plan, view);
    for (const e of entries) {
      if (e.tokens === 1 && e.seq.state === 'running' && isDecoding(e.seq)) {
        decodes++;
        context += computedTokens(e.seq);
      }
    }
    if (decodes === entries.length) return plan;
  }
  if (decodes === 0) return plan;
  const terms = decodeStepTerms(view, context / decodes);
  if (!stepsAdditive(terms)) return plan;
  entries ??= planEntries(plan, view);
  let highest = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    if (e.tokens === 1 && e.seq.state === 'running' && isDecoding(e.seq))
      highest = Math.max(highest, rule.keyOf(e.seq));
  }
  const deferred = new Set<SeqView>();
  for (const e of entries) {
    const seq = e.seq;
    if (seq.state === 'running' || rule.keyOf(seq) <= highest) continue;
    if (rule.factor > 0) {
      const waited = view.now - seq.arrivalTime;
      if (waited >= rule.factor * ownWork(seq, view, terms, rule.outputLeft(seq))) continue;
    }
    deferred.add(seq);
  }
  if (deferred.size === 0) return plan;
  const scheduled: ScheduledSeq[] = [];
  for (const e of entries)
    if (!deferred.has(e.seq)) scheduled.push({ id: e.seq.id, tokens: e.tokens });
  return { scheduled, preempt: plan.preempt };
}
