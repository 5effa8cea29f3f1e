/**
 * `EngineView.queuedFieldsStable` (set by the simulator) holds: at every plan of overloaded runs
 * (recompute and swap preemptions, predictions counting down, half the requests with prefix
 * hashes), a request in `queued` in this view and the previous one is the same object with the
 * same SeqView fields, except cachedTokens / cachedBlocksInUse / computedTokens when not swapped;
 * and a waiting request without prefix hashes has those three at 0.
 */
import { describe, expect, it } from 'vitest';
import { overloadTrace } from '../../test/helpers/overload-trace.js';
import type { EngineView, PreemptMode, SeqView } from '../core/step-plan.js';
import { runSimulation } from '../sim/run-simulation.js';

const stableFields = [
  'id',
  'seq',
  'arrivalTime',
  'state',
  'promptTokens',
  'prefillDone',
  'generated',
  'kvBlocks',
  'preemptions',
  'predictedSize',
  'predictedRemaining',
  'size',
  'group',
  'tenant',
  'tbtSlo',
  'ttftSlo',
  'firstScheduledAt',
  'lastTokenAt',
  'serviceSeconds',
  'exclusiveBlocks',
  'swapped',
  'priority',
  'sizeDistribution',
  'prefixHashes',
  'waitingSince',
  'denseIndex',
] as const satisfies readonly (keyof SeqView)[];

function snapshot(seq: SeqView): unknown[] {
  const values: unknown[] = stableFields.map((field) => seq[field]);
  if (seq.swapped) values.push(seq.computedTokens);
  return values;
}

describe('EngineView.queuedFieldsStable (simulator)', () => {
  const cases: [string, PreemptMode, string | undefined][] = [
    ['vllm-fcfs', 'recompute', undefined],
    ['vllm-fcfs', 'swap', undefined],
    ['sprpt', 'swap', 'noisy:lognormal:0.5'],
    ['trail', 'recompute', 'noisy:lognormal:0.5'],
    ['predicted-cost', 'recompute', 'oracle'],
  ];
  for (const [policy, preemptMode, predictor] of cases) {
    it(`${policy} (${preemptMode}, ${predictor ?? 'no predictor'})`, () => {
      const failures: string[] = [];
      let previous = new Map<SeqView, unknown[]>();
      let kept = 0;
      let plans = 0;
      const result = runSimulation({
        requests: overloadTrace(300, 5, { idPrefix: 'q', prefixEvery: 2 }),
        policy,
        preemptMode,
        ...(predictor !== undefined ? { predictor, refinePredictions: true } : {}),
        fastForward: false,
        limits: { totalBlocks: 400, watermarkBlocks: 4 },
        onPlan: (_replica, view: EngineView) => {
          plans++;
          if (view.queuedFieldsStable !== true) failures.push(`plan ${plans}: flag absent`);
          const now = new Map<SeqView, unknown[]>();
          for (const seq of view.queued ?? []) {
            const values = snapshot(seq);
            now.set(seq, values);
            const before = previous.get(seq);
            if (before !== undefined) {
              kept++;
              const changed = stableFields.find((_field, i) => !Object.is(before[i], values[i]));
              if ((changed !== undefined || before.length !== values.length) && failures.length < 3)
                failures.push(`plan ${plans}: ${seq.id}.${changed ?? 'computedTokens'} changed`);
            }
            if (
              seq.state === 'waiting' &&
              seq.prefixHashes === undefined &&
              (seq.cachedTokens !== 0 || seq.cachedBlocksInUse !== 0 || seq.computedTokens !== 0) &&
              failures.length < 3
            )
              failures.push(`plan ${plans}: ${seq.id} waiting without hashes has a cache hit`);
          }
          previous = now;
        },
      });
      expect(failures).toEqual([]);
      expect(kept).toBeGreaterThan(1000);
      expect(result.summary.preemptions).toBeGreaterThan(0);
    });
  }
});
