/**
 * The executor core's partitions of the view (running / queued / preempted, each in arrival
 * order) and dense indexes stay exact through admissions, preemptions (recompute and swap) and
 * finishes: checked against a fresh partition of `requests` at every plan of overloaded runs.
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
      const result = runSimulation({
        requests: overloadTrace(300, 7, { idPrefix: 'p' }),
        policy,
        preemptMode,
        fastForward: false,
        limits: { totalBlocks: 400, watermarkBlocks: 4 },
        onPlan: (_replica, view) => {
          plans++;
          preemptedSeen += view.preempted?.length ?? 0;
          const failure = check(view);
          if (failure !== undefined && failures.length < 3)
            failures.push(`plan ${plans}: ${failure}`);
        },
      });
      expect(failures).toEqual([]);
      expect(result.summary.preemptions).toBeGreaterThan(0);
      expect(preemptedSeen).toBeGreaterThan(0);
    });
  }
});
