/**
 * Tests of the step builder's membership marks (shared slot table with exact fallbacks on slot
 * collisions): schedule, preempt, refund, two builders in turn, and addRunning for running
 * requests.
 */
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

  it('addRunning: unmarked until a running request is asked about, then exact', () => {
    const builder = createStepBuilder(view);
    const [a, b, c, w] = [seq(1), seq(2), seq(3), seq(4, 'waiting')];
    expect([builder.addRunning(a, 1), builder.addRunning(b, 1)]).toEqual(['added', 'added']);
    expect(builder.add(w, 10)).toBe(true); // a waiting request: no running marks needed
    expect(builder.isScheduled(w)).toBe(true);
    expect(builder.add(a, 1)).toBe(false); // a's mark is written now
    builder.preempt(b, 'recompute');
    expect([builder.isScheduled(a), builder.isPreempted(b), builder.isScheduled(c)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(builder.addRunning(c, 1)).toBe('added');
    expect(builder.isScheduled(c)).toBe(true);
    expect(entries(builder.build())).toEqual({
      scheduled: [
        { id: a.id, tokens: 1 },
        { id: w.id, tokens: 10 },
        { id: c.id, tokens: 1 },
      ],
      preempt: [{ id: b.id, mode: 'recompute' }],
    });
  });

  it('addRunning: memory before the seat count, nothing changed when refused', () => {
    const tight: EngineView = { ...view, freeBlocks: 0, limits: { ...view.limits, maxSeqs: 1 } };
    const builder = createStepBuilder(tight);
    const [a, b] = [seq(1), seq(2)];
    expect(builder.addRunning(a, 1)).toBe('added'); // its block has room for the token
    expect(builder.addRunning(b, 16)).toBe('memory');
    expect(builder.addRunning(b, 1)).toBe('full');
    expect([builder.count, builder.budget, builder.freeBlocks]).toEqual([1, 999, 0]);
  });

  it('addRunning after the marks became a Map (slot collision) is still found', () => {
    const builder = createStepBuilder(view);
    const [a, b, c] = [seq(7), seq(7 + 8192), seq(8)];
    expect(builder.add(a, 1)).toBe(true);
    expect(builder.add(b, 1)).toBe(true); // same slot: the ledger's marks move to a Map
    expect(builder.addRunning(c, 1)).toBe('added');
    builder.preempt(c, 'swap');
    expect([builder.isScheduled(c), builder.isPreempted(c), builder.count]).toEqual([
      false,
      true,
      2,
    ]);
  });

  it('addRunning: a running request past the last 32 entries is found once they are all marked', () => {
    const builder = createStepBuilder(view);
    const running = Array.from({ length: 40 }, (_, n) => seq(n + 1));
    for (const r of running) expect(builder.addRunning(r, 1)).toBe('added');
    const [first, last] = [running[0] as SeqView, running[39] as SeqView];
    builder.preempt(last, 'recompute'); // among the last 32: found without marking
    expect([builder.isPreempted(last), builder.isScheduled(first)]).toEqual([true, true]);
    builder.preempt(first, 'recompute');
    expect([builder.isScheduled(first), builder.isPreempted(first), builder.count]).toEqual([
      false,
      true,
      38,
    ]);
    expect(builder.build().scheduled.map((s) => s.id)).toEqual(
      running.slice(1, 39).map((r) => r.id),
    );
  });
});
