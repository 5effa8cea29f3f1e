/**
 * Decode slots (a `predicted-cost` option for engines whose decodes do not batch): a step runs at
 * most `slots` of the plan's running decodes, those with the lowest `keyOf`; the other running
 * requests keep their KV (and their engine slot) and simply wait that step. On an executor where a
 * decode step costs about one sequence's time per sequence (the built-in llama.cpp engine on a CPU,
 * docs/engine.md), a step with fewer decodes is proportionally shorter, so this serves the running
 * requests in predicted-remaining-cost order (SRPT among the running) without the recompute a
 * preemption would need; what it costs is the step's fixed part paid more often (on the built-in
 * engine ~0.3 ms a step against ~0.6 ms a sequence: 2 of 4 decodes a step is ~10% less throughput). Prefill chunks and preemptions are kept as planned.
 */
import type { EngineView, ScheduledSeq, SeqView, StepPlan } from '../../core/step-plan.js';
import { isDecoding } from './seq-tokens.js';

/** `plan` with only its `slots` running decodes of lowest key (unchanged when it has no more). */
export function limitDecodes(
  plan: StepPlan,
  view: EngineView,
  slots: number,
  keyOf: (seq: SeqView) => number,
): StepPlan {
  const entries = planEntries(plan, view);
  const decodes = entries.filter(
    (e) => e.seq.state === 'running' && e.tokens === 1 && isDecoding(e.seq),
  );
  if (decodes.length <= slots) return plan;
  const keyed = decodes.map((e) => ({ e, key: keyOf(e.seq) }));
  keyed.sort(
    (a, b) =>
      a.key - b.key || a.e.seq.arrivalTime - b.e.seq.arrivalTime || a.e.seq.seq - b.e.seq.seq,
  );
  const dropped = new Set(keyed.slice(slots).map((k) => k.e.seq));
  const scheduled: ScheduledSeq[] = [];
  for (const e of entries)
    if (!dropped.has(e.seq)) scheduled.push({ id: e.seq.id, tokens: e.tokens });
  return { scheduled, preempt: plan.preempt };
}

/** The plan's scheduled requests with their tokens (from its dense arrays when it has them). */
export function planEntries(
  plan: StepPlan,
  view: EngineView,
): { readonly seq: SeqView; readonly tokens: number }[] {
  const { scheduledSeqs, scheduledTokens } = plan;
  if (scheduledSeqs !== undefined && scheduledTokens !== undefined) {
    const out: { seq: SeqView; tokens: number }[] = [];
    scheduledSeqs.forEach((seq, i) => {
      if (seq !== undefined) out.push({ seq, tokens: scheduledTokens[i] as number });
    });
    return out;
  }
  const byId = new Map(view.requests.map((r) => [r.id, r]));
  return plan.scheduled.map((s) => ({ seq: byId.get(s.id) as SeqView, tokens: s.tokens }));
}
