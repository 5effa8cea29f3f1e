/**
 * Tests of group-eps: the order of prefix groups by eps (predicted decode per effective prefill),
 * resident and cold groups, the aging guard against starvation, and its parameter checks.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { requestId } from '../../core/ids.js';
import type { EngineLimits, EngineView, SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { groupEpsOrder } from './group-eps.js';
import { parseGroupEpsParams } from './group-eps-params.js';
import { resolveBatchPolicy } from './registry.js';

const limits: EngineLimits = {
  maxBatchedTokens: 8192,
  maxSeqs: 256,
  chunkCap: 0,
  blockSize: 16,
  totalBlocks: 10_000,
  watermarkBlocks: 0,
};

/** Field overrides; `undefined` removes an optional field. */
type Fields = Partial<{ -readonly [K in keyof SeqView]: SeqView[K] | undefined }>;

/** A waiting request of group `group` (its own prefix hashes), arrived at `index` seconds. */
function seq(index: number, group: string, fields: Fields = {}): SeqView {
  const made: Record<string, unknown> = {
    id: requestId(`r${index}`),
    seq: index,
    arrivalTime: seconds(index),
    state: 'waiting',
    promptTokens: 320,
    prefillDone: 0,
    cachedTokens: 0,
    generated: 0,
    kvBlocks: 0,
    preemptions: 0,
    serviceSeconds: 0,
    predictedSize: 32,
    prefixHashes: [`${group}:0`, `${group}:1`],
    ...fields,
  };
  for (const key of Object.keys(made)) if (made[key] === undefined) delete made[key];
  return made as unknown as SeqView;
}

const view = (requests: SeqView[], now = 5, overrides: Partial<EngineLimits> = {}): EngineView => ({
  now: seconds(now),
  requests,
  freeBlocks: 10_000,
  limits: { ...limits, ...overrides },
  meanStepSeconds: seconds(0),
});

const ids = (list: readonly SeqView[]): string[] => list.map((s) => s.id);
const scheduled = (name: string, v: EngineView, params = {}): string[] =>
  resolveBatchPolicy(name, { params })
    .plan(v)
    .scheduled.map((s) => s.id);

describe('group-eps order', () => {
  it('orders groups by eps = predicted decode / effective prefill, largest first', () => {
    const low = seq(0, 'a', { promptTokens: 1000, predictedSize: 10 }); // eps 0.01
    const high = seq(1, 'b', { promptTokens: 100, predictedSize: 100 }); // eps 1
    const mid = seq(2, 'c', { promptTokens: 100, predictedSize: 10 }); // eps 0.1
    const { queue } = groupEpsOrder(view([low, high, mid]), parseGroupEpsParams());
    expect(ids(queue)).toEqual(['r1', 'r2', 'r0']);
  });

  it('effective prefill counts cache hits; rawPrefill=1 uses the prompt length (the slides)', () => {
    // a: 1000-token prompt with 960 cached -> effective 40, eps 10/40; b: eps 20/200
    const a = seq(0, 'a', { promptTokens: 1000, cachedTokens: 960, predictedSize: 10 });
    const b = seq(1, 'b', { promptTokens: 200, predictedSize: 20 });
    const v = view([a, b]);
    expect(ids(groupEpsOrder(v, parseGroupEpsParams()).queue)).toEqual(['r0', 'r1']);
    // raw: a 10/1000 < b 20/200; and a's group is still resident, so force both non-resident
    const cold = view([{ ...a, cachedTokens: 0 }, b]);
    expect(ids(groupEpsOrder(cold, parseGroupEpsParams({ rawPrefill: 1 })).queue)).toEqual([
      'r1',
      'r0',
    ]);
  });

  it('runs a resident group (a waiting member has its prefix cached) before a higher-eps cold group', () => {
    const cold = seq(0, 'cold', { promptTokens: 100, predictedSize: 500 });
    const hot = seq(1, 'hot', { promptTokens: 320, cachedTokens: 32, predictedSize: 10 });
    expect(ids(groupEpsOrder(view([cold, hot]), parseGroupEpsParams()).queue)).toEqual([
      'r1',
      'r0',
    ]);
    const runningMember = seq(2, 'warm', {
      state: 'running',
      prefillDone: 320,
      generated: 3,
      computedTokens: 322,
      kvBlocks: 21,
    });
    // a running member alone does not make its group resident (the llama.cpp engine cannot share
    // a running slot's KV); its siblings' cached prefix does (the simulator reports it)
    const warm = seq(3, 'warm', { predictedSize: 1 });
    const order = groupEpsOrder(view([cold, runningMember, warm]), parseGroupEpsParams());
    expect(ids(order.queue)).toEqual(['r0', 'r3']);
    const hit = { ...warm, cachedTokens: 320 - 16 } as SeqView;
    expect(
      ids(groupEpsOrder(view([cold, runningMember, hit]), parseGroupEpsParams()).queue),
    ).toEqual(['r3', 'r0']);
  });

  it('keeps a group together, members by eps, and groups by max (or mean) eps', () => {
    // group a: eps 1 and 0.01 (max 1, mean ~0.5); group b: eps 0.6 and 0.6
    const a1 = seq(0, 'a', { promptTokens: 100, predictedSize: 100, cachedTokens: 16 });
    const a2 = seq(1, 'a', { promptTokens: 1000, predictedSize: 10, cachedTokens: 16 });
    const b1 = seq(2, 'b', { promptTokens: 100, predictedSize: 60, cachedTokens: 16 });
    const b2 = seq(3, 'b', { promptTokens: 100, predictedSize: 60, cachedTokens: 16 });
    const v = view([a2, b1, a1, b2]);
    expect(ids(groupEpsOrder(v, parseGroupEpsParams()).queue)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(ids(groupEpsOrder(v, parseGroupEpsParams({ meanScore: 1 })).queue)).toEqual([
      'r2',
      'r3',
      'r0',
      'r1',
    ]);
  });

  it('a cold group admits one member to warm the prefix; the rest wait for its prefill', () => {
    const members = [0, 1, 2].map((i) => seq(i, 'g'));
    expect(scheduled('group-eps', view(members))).toEqual(['r0']);
    expect(scheduled('group-eps', view(members), { holdSiblings: 0 })).toEqual(['r0', 'r1', 'r2']);
    // r0 is prefilling: r1, r2 stay held; once r0 decodes they are admitted (and would hit)
    const prefilling = {
      ...members[0],
      state: 'running',
      prefillDone: 160,
      kvBlocks: 10,
    } as SeqView;
    expect(scheduled('group-eps', view([prefilling, members[1], members[2]] as SeqView[]))).toEqual(
      ['r0'],
    );
    // where running KV is not shared (llama.cpp slots) holding siblings gains nothing: none held
    const slots = { prefixSharing: 'free-slots' } as const;
    expect(scheduled('group-eps', view(members, 5, slots))).toEqual(['r0', 'r1', 'r2']);
    expect(
      scheduled('group-eps', view([prefilling, members[1], members[2]] as SeqView[], 5, slots)),
    ).toEqual(['r0', 'r1', 'r2']);
    const decoding = {
      ...members[0],
      state: 'running',
      prefillDone: 320,
      generated: 1,
      computedTokens: 320,
      kvBlocks: 21,
    } as SeqView;
    expect(
      scheduled(
        'group-eps',
        view([
          decoding,
          ...members.slice(1).map((m) => ({ ...m, cachedTokens: 304 })),
        ] as SeqView[]),
      ),
    ).toEqual(['r0', 'r1', 'r2']);
  });

  it("plans predicted-cost's step: a stepTokens budget, running decodes before prefill chunks", () => {
    const decoding = seq(0, 'a', {
      state: 'running',
      prefillDone: 320,
      generated: 2,
      computedTokens: 321,
      kvBlocks: 21,
    });
    const prefilling = seq(1, 'b', { state: 'running', promptTokens: 6000, kvBlocks: 1 });
    const waiting = seq(2, 'c', { cachedTokens: 16 });
    const tokensOf = (params = {}) =>
      resolveBatchPolicy('group-eps', { params })
        .plan(view([prefilling, decoding, waiting]))
        .scheduled.map((s) => [s.id, s.tokens]);
    // 2,048 tokens: the decode's 1, then 2,047 of the running prefill; nobody admitted
    expect(tokensOf()).toEqual([
      ['r0', 1],
      ['r1', 2047],
    ]);
    // stepTokens=0: the engine's 8,192-token budget; the prefill finishes, the waiting one joins
    expect(tokensOf({ stepTokens: 0 })).toEqual([
      ['r0', 1],
      ['r1', 6000],
      ['r2', 304],
    ]);
  });

  it('uses the explicit group when a request has no prefix hashes', () => {
    const a = seq(0, 'x', { prefixHashes: undefined, group: 'app' });
    const b = seq(1, 'y', { prefixHashes: undefined, group: 'app' });
    expect(scheduled('group-eps', view([a, b]))).toEqual(['r0']);
  });
});

/**
 * A tiny executor: one admission per step (the budget fits one prompt), an admitted request
 * leaves at once, and a fresh high-eps request of a new group arrives every second. Returns the
 * time the low-eps request r0 (arrived at 0) is admitted, or undefined within `horizon` steps.
 */
function admitTimeOfLowEps(params: Record<string, number>, horizon: number): number | undefined {
  const policy = resolveBatchPolicy('group-eps', { params });
  const low = seq(0, 'low', { promptTokens: 320, predictedSize: 1, arrivalTime: seconds(0) });
  let waiting: SeqView[] = [low];
  for (let t = 0; t < horizon; t++) {
    waiting.push(seq(t + 1, `fresh-${t}`, { arrivalTime: seconds(t), predictedSize: 500 }));
    const plan = policy.plan(view(waiting, t, { maxBatchedTokens: 320 }));
    expect(plan.scheduled).toHaveLength(1);
    const admitted = plan.scheduled[0]?.id;
    if (admitted === 'r0') return t;
    waiting = waiting.filter((s) => s.id !== admitted);
  }
  return undefined;
}

describe('group-eps aging guard', () => {
  it('admits a starving low-eps request as soon as it has waited maxWait', () => {
    for (const maxWait of [0, 3, 10, 25]) {
      expect(admitTimeOfLowEps({ maxWait }, 100)).toBe(maxWait);
    }
  });

  it('without the guard (aging=0) the same request starves', () => {
    expect(admitTimeOfLowEps({ aging: 0 }, 100)).toBeUndefined();
  });

  it('promoted requests go ahead of every group (cache hits first, then FCFS), never held', () => {
    const cold = seq(0, 'c', { arrivalTime: seconds(0) });
    const hot = seq(1, 'h', { arrivalTime: seconds(1), cachedTokens: 32 });
    const young = seq(2, 'y', { arrivalTime: seconds(19), cachedTokens: 32, predictedSize: 999 });
    const order = groupEpsOrder(view([young, cold, hot], 20), parseGroupEpsParams());
    expect(ids(order.queue)).toEqual(['r1', 'r0', 'r2']);
  });

  it('promoted members of a cold group are not held', () => {
    const members = [0, 1, 2].map((i) => seq(i, 'g', { arrivalTime: seconds(0) }));
    const fresh = seq(3, 'h', { arrivalTime: seconds(19), predictedSize: 1000 });
    const order = groupEpsOrder(view([fresh, ...members], 20), parseGroupEpsParams());
    expect(ids(order.queue)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(order.held.size).toBe(0);
  });
});

describe('group-eps input checks', () => {
  it('fails with one line on a request without prefix information (no silent FCFS)', () => {
    const bare = seq(0, 'a', { prefixHashes: undefined });
    const run = () => resolveBatchPolicy('group-eps').plan(view([bare]));
    expect(run).toThrow(SchedulerError);
    expect(run).toThrow(/group-eps' needs prefix information.*r0 has no prefix hashes/);
  });

  it('needs a predicted size', () => {
    expect(resolveBatchPolicy('group-eps').needs).toContain('predictedSize');
    const unpredicted = seq(0, 'a', { predictedSize: undefined });
    expect(() => resolveBatchPolicy('group-eps').plan(view([unpredicted]))).toThrow(
      /predictedSize/,
    );
  });

  it.each([
    [{ maxWait: -1 }, /'maxWait' must be in \[0, 86400\]/],
    [{ agingTau: Number.NaN }, /'agingTau' must be in/],
    [{ groupBlocks: 0 }, /'groupBlocks' must be in \[1, 65536\]/],
    [{ groupBlocks: 1.5 }, /'groupBlocks' must be an integer/],
    [{ rawPrefill: 2 }, /'rawPrefill' must be 0 or 1/],
    [{ aging: 0.5 }, /'aging' must be 0 or 1/],
    [{ stepTokens: -1 }, /'stepTokens' must be in \[0, 1048576\]/],
    [{ bogus: 1 }, /has no parameter 'bogus'; known: groupBlocks/],
  ])('rejects %o', (params, message) => {
    expect(() => resolveBatchPolicy('group-eps', { params })).toThrow(message);
  });
});
