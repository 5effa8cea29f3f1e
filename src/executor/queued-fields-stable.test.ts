/**
 * `EngineView.queuedFieldsStable` (set by the simulator) holds: at every plan of overloaded runs
 * (recompute and swap preemptions, predictions counting down, half the requests with prefix
 * hashes), a request in `queued` in this view and the previous one is the same object with the
 * same SeqView fields, except cachedTokens / cachedBlocksInUse / computedTokens when not swapped;
 * and a waiting request without prefix hashes has those three at 0.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../core/ids.js';
import type { SchedRequest } from '../core/request.js';
import { createRng } from '../core/rng.js';
import type { EngineView, PreemptMode, SeqView } from '../core/step-plan.js';
import { seconds, tokens } from '../core/units.js';
import { runSimulation } from '../sim/run-simulation.js';

function trace(count: number, seed: number): SchedRequest[] {
  const rng = createRng(seed);
  let t = 0;
  return Array.from({ length: count }, (_, i) => {
    t += -Math.log(1 - rng.next()) / 40;
    return {
      id: requestId(`q${i}`),
      arrivalTime: seconds(t),
      promptTokens: tokens(32 + Math.floor(rng.next() * 600)),
      outputTokens: tokens(1 + Math.floor(-Math.log(1 - rng.next()) * 80)),
      ...(i % 2 === 0
        ? { prefixHashes: Array.from({ length: 8 }, (_, k) => `g${i % 3}-${k}`) }
        : {}),
    };
  });
}

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
        requests: trace(300, 5),
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
