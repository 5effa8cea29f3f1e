/**
 * The executor core's partitions of the view (running / queued / preempted, each in arrival
 * order) and dense indexes stay exact through admissions, preemptions (recompute and swap) and
 * finishes: checked against a fresh partition of `requests` at every plan of overloaded runs; the
 * queue's change log (queuedLog) replayed on the last view's queue gives this view's queue.
 */
import { describe, expect, it } from 'vitest';
import { overloadTrace } from '../../test/helpers/overload-trace.js';
import type { EngineView, PreemptMode, SeqView } from '../core/step-plan.js';
import { runSimulation } from '../sim/run-simulation.js';

function check(view: EngineView): string | undefined {
  const byState = (pick: (s: SeqView) => boolean): SeqView[] => view.requests.filter(pick);
  const same = (a: readonly SeqView[] | undefined, b: readonly SeqView[]): boolean =>
    a !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);
  if (
    !same(
      view.running,
      byState((s) => s.state === 'running'),
    )
  )
    return 'running';
  if (
    !same(
      view.queued,
      byState((s) => s.state !== 'running'),
    )
  )
    return 'queued';
  if (
    !same(
      view.preempted,
      byState((s) => s.state === 'preempted'),
    )
  )
    return 'preempted';
  const limit = view.denseLimit ?? -1;
  const seen = new Set<number>();
  for (const s of view.requests) {
    const index = s.denseIndex ?? -1;
    if (index < 0 || index >= limit || seen.has(index)) return `denseIndex ${index} of ${limit}`;
    seen.add(index);
  }
  return undefined;
}

/** Replays each view's queue change log on the previous view's queue (one executor's views). */
class LogCheck {
  #queue: Set<SeqView> | undefined;
  #to: number | undefined;
  changes = 0;

  check(view: EngineView): string | undefined {
    const log = view.queuedLog;
    const joined = view.queuedLogJoined;
    if (log === undefined || joined === undefined) return 'no queuedLog';
    if (this.#queue !== undefined) {
      if (view.queuedLogFrom !== this.#to)
        return `log from ${view.queuedLogFrom}, last ${this.#to}`;
      for (let k = 0; k < log.length; k++) {
        const seq = log[k] as SeqView;
        if (joined[k] === true) {
          if (this.#queue.has(seq)) return `${seq.id} joined twice`;
          this.#queue.add(seq);
        } else if (!this.#queue.delete(seq)) return `${seq.id} left without joining`;
      }
      const queued = view.queued ?? [];
      if (this.#queue.size !== queued.length || !queued.every((s) => this.#queue?.has(s)))
        return 'log replay differs from queued';
    }
    this.changes += log.length;
    this.#queue = new Set(view.queued);
    this.#to = view.queuedLogTo;
    return undefined;
  }
}

describe('EngineView partitions kept by the executor core', () => {
  const cases: [string, PreemptMode][] = [
    ['vllm-fcfs', 'recompute'],
    ['vllm-fcfs', 'swap'],
    ['vllm-priority', 'recompute'],
    ['trail', 'recompute'],
    ['sprpt', 'swap'],
  ];
  for (const [policy, preemptMode] of cases) {
    it(`${policy} (${preemptMode}) under KV pressure`, () => {
      const failures: string[] = [];
      let plans = 0;
      let preemptedSeen = 0;
      const logCheck = new LogCheck();
      const result = runSimulation({
        requests: overloadTrace(300, 7, { idPrefix: 'p' }),
        policy,
        preemptMode,
        fastForward: false,
        limits: { totalBlocks: 400, watermarkBlocks: 4 },
        onPlan: (_replica, view) => {
          plans++;
          preemptedSeen += view.preempted?.length ?? 0;
          const failure = check(view) ?? logCheck.check(view);
          if (failure !== undefined && failures.length < 3)
            failures.push(`plan ${plans}: ${failure}`);
        },
      });
      expect(failures).toEqual([]);
      expect(result.summary.preemptions).toBeGreaterThan(0);
      expect(preemptedSeen).toBeGreaterThan(0);
      expect(logCheck.changes).toBeGreaterThan(600);
    });
  }
});
