import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { EngineView, SeqView, StepPlan } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { createStepBuilder } from './step-builder.js';

function seq(n: number, state: SeqView['state'] = 'running'): SeqView {
  return {
    id: requestId(`r${n}`),
    seq: n,
    arrivalTime: seconds(n / 10),
    state,
    promptTokens: 10,
    prefillDone: state === 'running' ? 10 : 0,
    cachedTokens: 0,
    generated: state === 'running' ? 1 : 0,
    kvBlocks: state === 'running' ? 1 : 0,
    preemptions: 0,
    serviceSeconds: 0,
  };
}

const view: EngineView = {
  now: seconds(1),
  requests: [],
  freeBlocks: 100,
  limits: {
    maxBatchedTokens: 1000,
    maxSeqs: 100,
    chunkCap: 0,
    blockSize: 16,
    totalBlocks: 100,
    watermarkBlocks: 1,
  },
  meanStepSeconds: seconds(0),
};

/** What a plan asks for (a flat plan keeps SeqView objects in its own fields). */
function entries(plan: StepPlan): Pick<StepPlan, 'scheduled' | 'preempt'> {
  return { scheduled: plan.scheduled, preempt: plan.preempt };
}

describe('StepBuilder membership (shared slot table, exact fallbacks)', () => {
  it('schedules, preempts and refunds', () => {
    const builder = createStepBuilder(view);
    const [a, b, c] = [seq(1), seq(2), seq(3, 'waiting')];
    expect(builder.add(a, 1)).toBe(true);
    expect(builder.add(a, 1)).toBe(false);
    expect(builder.add(c, 10)).toBe(true);
    builder.preempt(a, 'recompute');
    builder.preempt(b, 'swap');
    builder.preempt(b, 'recompute'); // once only
    expect(builder.add(b, 1)).toBe(false);
    expect([builder.isScheduled(a), builder.isPreempted(a), builder.isScheduled(c)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(builder.count).toBe(1);
    expect(builder.budget).toBe(990);
    expect(entries(builder.build())).toEqual({
      scheduled: [{ id: c.id, tokens: 10 }],
      preempt: [
        { id: a.id, mode: 'recompute' },
        { id: b.id, mode: 'swap' },
      ],
    });
  });

  it('two requests in one slot (seq 8,192 apart) are told apart', () => {
    const builder = createStepBuilder(view);
    const [a, b] = [seq(5), seq(5 + 8192)];
    expect(builder.add(a, 1)).toBe(true);
    expect(builder.isScheduled(b)).toBe(false);
    expect(builder.add(b, 1)).toBe(true);
    builder.preempt(a, 'recompute');
    expect([builder.isPreempted(a), builder.isScheduled(b), builder.isScheduled(a)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(builder.build().scheduled).toEqual([{ id: b.id, tokens: 1 }]);
  });

  it('two builders used in turn keep their own marks', () => {
    const first = createStepBuilder(view);
    const second = createStepBuilder(view);
    const [a, b] = [seq(1), seq(2)];
    expect(first.add(a, 1)).toBe(true);
    expect(second.add(b, 1)).toBe(true); // same table, another holder
    second.preempt(a, 'recompute');
    expect([first.isScheduled(a), first.isScheduled(b), first.isPreempted(a)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(first.add(b, 1)).toBe(true);
    expect([second.isScheduled(b), second.isPreempted(a), second.isScheduled(a)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(first.build().scheduled.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(entries(second.build())).toEqual({
      scheduled: [{ id: b.id, tokens: 1 }],
      preempt: [{ id: a.id, mode: 'recompute' }],
    });
  });
});
