/**
 * Reads a StepPlan's scheduled entries as the executor core's own requests, in plan order: the
 * flat form (`scheduledSeqs` / `scheduledTokens`: the planner's arrays of the view's requests,
 * found by identity through their dense index, else by id) or the `{id, tokens}` entries (found by
 * id, trying first the request after the last one found in the previous batch: planners mostly
 * schedule the last step's batch again in the same order; same request either way).
 *
 *   begin(plan, previous) -> count;  for i < count: at(i) -> request (or undefined), wanted -> tokens
 */

import type { SeqView, StepPlan } from '../core/step-plan.js';
import type { ExecRequest } from './exec-request.js';
import type { RequestSet } from './request-set.js';

const noEntries: StepPlan['scheduled'] = [];

/** A cursor over one plan's scheduled entries (one per core, reused by every step). */
export class PlanEntries<R extends ExecRequest> {
  /** Tokens the entry last read by `at` asks for. */
  wanted = 0;
  readonly #set: RequestSet<R>;
  #seqs: readonly (SeqView | undefined)[] | undefined;
  #tokens: readonly number[] = [];
  #entries: StepPlan['scheduled'] = noEntries;
  #previous: readonly R[] = [];
  #cursor = 0;

  constructor(set: RequestSet<R>) {
    this.#set = set;
  }

  /** Starts reading `plan` (`previous`: the core's last batch); returns its entry count. */
  begin(plan: StepPlan, previous: readonly R[]): number {
    const seqs = plan.scheduledSeqs;
    const tokens = plan.scheduledTokens;
    if (seqs !== undefined && tokens !== undefined) {
      this.#seqs = seqs;
      this.#tokens = tokens;
      return seqs.length;
    }
    this.#seqs = undefined;
    this.#entries = plan.scheduled;
    this.#previous = previous;
    this.#cursor = 0;
    return this.#entries.length;
  }

  /** Entry i's request (tokens in `wanted`), or undefined: a hole, or no such unfinished request. */
  at(i: number): R | undefined {
    const seqs = this.#seqs;
    const set = this.#set;
    if (seqs !== undefined) {
      const seq = seqs[i];
      if (seq === undefined) return undefined;
      this.wanted = this.#tokens[i] as number;
      return set.own(seq) ?? set.get(seq.id);
    }
    const entry = this.#entries[i] as StepPlan['scheduled'][number];
    this.wanted = entry.tokens;
    const previous = this.#previous;
    const guess = previous[this.#cursor];
    const r =
      guess !== undefined && guess.id === entry.id && !guess.finished ? guess : set.get(entry.id);
    if (r !== undefined && previous[r.batchIndex] === r) this.#cursor = r.batchIndex + 1;
    return r;
  }

  /** Drops the references to the plan read (the arrays belong to the planner). */
  end(): void {
    this.#seqs = undefined;
    this.#tokens = [];
    this.#entries = noEntries;
    this.#previous = [];
  }
}
