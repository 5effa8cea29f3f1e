/**
 * The conformance suite every rank policy passes (style R7). A policy's own test file calls
 * `runRankPolicyConformance(factory)` first, then adds the policy's own cases.
 *
 * Checks: the factory's metadata and defaults; rank is pure (same view, same rank; frozen views are
 * fine); pieces are well formed (until > age, finite slope) and consistent (the rank at age
 * age + delta inside the piece equals key + slope * delta, same tier); compareJobs is a strict weak
 * (here total) order; sorting gives the same order whatever the input order, and sortByRank agrees;
 * equal ranks come out by (arrival, seq).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobView, SizeDistribution } from '../../core/job-view.js';
import { compareRanks, type Rank } from '../../core/rank.js';
import { compareJobs } from '../compare-jobs.js';
import type { PolicyParams, RankPolicy, RankPolicyFactory } from '../rank-policy.js';
import { sortByRank } from '../sort-by-rank.js';

/** Options of runRankPolicyConformance. */
export interface RankConformanceOptions {
  /** Parameters passed to the factory (default: the declared defaults). */
  readonly params?: PolicyParams;
  /** fast-check runs per property (default 200). */
  readonly numRuns?: number;
  /** fast-check seed (default fixed, so runs are deterministic; change it to explore). */
  readonly seed?: number;
}

const sizeDistributionArbitrary: fc.Arbitrary<SizeDistribution> = fc
  .uniqueArray(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 1, maxLength: 6 })
  .chain((values) =>
    fc
      .array(fc.double({ min: 0.01, max: 1, noNaN: true }), {
        minLength: values.length,
        maxLength: values.length,
      })
      .map((weights) => {
        const total = weights.reduce((sum, w) => sum + w, 0);
        const sorted = [...values].sort((a, b) => a - b);
        return { values: sorted, probs: weights.map((w) => w / total) };
      }),
  );

/** A job type (everything but seq and arrival): every optional field a policy may need. */
interface JobType {
  readonly age: number;
  readonly size: number;
  readonly predictedSize: number;
  readonly predictedRemaining: number | undefined;
  readonly sizeDistribution: SizeDistribution;
  readonly promptTokens: number;
}

const jobTypeArbitrary: fc.Arbitrary<JobType> = fc.record({
  // Small integers make rank ties likely; doubles exercise the general case.
  age: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 4 }),
    fc.double({ min: 0, max: 12, noNaN: true }),
  ),
  size: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.01, max: 12, noNaN: true })),
  predictedSize: fc.oneof(
    fc.integer({ min: 0, max: 4 }),
    fc.double({ min: 0, max: 12, noNaN: true }),
  ),
  predictedRemaining: fc.option(fc.double({ min: -3, max: 12, noNaN: true }), { nil: undefined }),
  sizeDistribution: sizeDistributionArbitrary,
  promptTokens: fc.integer({ min: 0, max: 4000 }),
});

/** Builds a JobView of a type; `serviceSeconds` equals age (as in the M/G/1 lab). */
export function makeView(type: JobType, seq: number, arrivalTime: number): JobView {
  const base = {
    seq,
    arrivalTime,
    age: type.age,
    size: type.size,
    predictedSize: type.predictedSize,
    sizeDistribution: type.sizeDistribution,
    promptTokens: type.promptTokens,
    serviceSeconds: type.age,
  };
  return type.predictedRemaining === undefined
    ? base
    : { ...base, predictedRemaining: type.predictedRemaining };
}

/** The view after `delta` more units of service (a refined remaining prediction counts down). */
export function advanceView(view: JobView, delta: number): JobView {
  const next = {
    ...view,
    age: view.age + delta,
    serviceSeconds: (view.serviceSeconds ?? view.age) + delta,
  };
  return view.predictedRemaining === undefined
    ? next
    : { ...next, predictedRemaining: view.predictedRemaining - delta };
}

/** Arbitrary list of views with unique seq and arrival times drawn from a small set (ties). */
export const jobViewsArbitrary: fc.Arbitrary<JobView[]> = fc
  .array(
    fc.tuple(
      jobTypeArbitrary,
      fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 5, noNaN: true })),
    ),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((rows) => rows.map(([type, arrival], index) => makeView(type, index, arrival)));

const viewArbitrary = jobViewsArbitrary.map((views) => views[0] as JobView);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function seqs(views: readonly JobView[]): number[] {
  return views.map((view) => view.seq);
}

function expectRankClose(actual: Rank, expected: Rank, delta: number, withSlope: boolean): void {
  expect(actual.tier).toBe(expected.tier);
  const predicted = expected.key + expected.slope * delta;
  const tolerance = 1e-9 * (1 + Math.abs(expected.key) + Math.abs(expected.slope * delta));
  expect(Math.abs(actual.key - predicted)).toBeLessThanOrEqual(tolerance);
  if (withSlope) expect(actual.slope).toBe(expected.slope);
}

export function runRankPolicyConformance(
  factory: RankPolicyFactory,
  options: RankConformanceOptions = {},
): void {
  const numRuns = options.numRuns ?? 200;
  const seed = options.seed ?? 20_260_101;
  const policy: RankPolicy = factory.create(options.params ?? {});
  const compare = compareJobs(policy);

  const title = options.params ? ` ${JSON.stringify(options.params)}` : '';
  describe(`${factory.name}${title}: rank policy conformance`, () => {
    it('has consistent metadata and documented parameters', () => {
      expect(policy.name).toBe(factory.name);
      expect(factory.summary.length).toBeGreaterThan(10);
      for (const spec of factory.params) {
        expect(Number.isFinite(spec.default)).toBe(true);
        expect(spec.doc.length).toBeGreaterThan(5);
      }
      expect(() => factory.create({})).not.toThrow();
    });

    it('is pure: same view, same rank; frozen views are not mutated', () => {
      fc.assert(
        fc.property(viewArbitrary, (view) => {
          const frozen = deepFreeze({ ...view });
          expect(policy.rank(frozen)).toEqual(policy.rank(frozen));
          expect(policy.rank(frozen)).toEqual(policy.rank({ ...view }));
        }),
        { numRuns, seed },
      );
    });

    it('returns well-formed pieces (until > age, finite slope, no NaN)', () => {
      fc.assert(
        fc.property(viewArbitrary, (view) => {
          const rank = policy.rank(view);
          expect(Number.isNaN(rank.tier)).toBe(false);
          expect(Number.isNaN(rank.key)).toBe(false);
          expect(Number.isFinite(rank.slope)).toBe(true);
          expect(rank.until).toBeGreaterThan(view.age);
        }),
        { numRuns, seed },
      );
    });

    it('piece consistency: inside a piece the rank continues key + slope * delta', () => {
      fc.assert(
        fc.property(
          viewArbitrary,
          fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          (view, fraction) => {
            const rank = policy.rank(view);
            const span = Number.isFinite(rank.until) ? rank.until - view.age : 10;
            // Near the piece end two candidate pieces may tie within rounding (Gittins' envelope):
            // there only the key must continue, not necessarily the slope.
            const checks: [number, boolean][] = [
              [span * Math.min(fraction, 0.99), true],
              [span * (1 - 1e-7), false],
            ];
            for (const [delta, withSlope] of checks) {
              if (!(delta > 0) || view.age + delta >= rank.until) continue;
              expectRankClose(policy.rank(advanceView(view, delta)), rank, delta, withSlope);
            }
          },
        ),
        { numRuns, seed },
      );
    });

    it('piece ends make progress: at age exactly `until` the next piece ends later', () => {
      fc.assert(
        fc.property(viewArbitrary, (view) => {
          let current = view;
          // Follow a few consecutive pieces the way an event executor does (age snapped to until).
          for (let step = 0; step < 4; step++) {
            const rank = policy.rank(current);
            if (!Number.isFinite(rank.until)) return;
            const next = { ...advanceView(current, rank.until - current.age), age: rank.until };
            const following = policy.rank(next);
            expect(following.until).toBeGreaterThan(next.age);
            current = next;
          }
        }),
        { numRuns, seed },
      );
    });

    it('compareJobs is a strict weak order (irreflexive, antisymmetric, transitive)', () => {
      fc.assert(
        fc.property(jobViewsArbitrary, (views) => {
          for (const a of views) {
            expect(compare(a, a)).toBe(0);
            for (const b of views) {
              expect(Math.sign(compare(a, b)) + Math.sign(compare(b, a))).toBe(0);
              if (a !== b) expect(compare(a, b)).not.toBe(0);
              for (const c of views) {
                if (compare(a, b) < 0 && compare(b, c) < 0) expect(compare(a, c)).toBeLessThan(0);
              }
            }
          }
        }),
        { numRuns: Math.max(20, numRuns / 4), seed },
      );
    });

    it('sorting gives the same order whatever the input order; sortByRank agrees', () => {
      fc.assert(
        fc.property(
          jobViewsArbitrary.chain((views) =>
            fc.tuple(
              fc.constant(views),
              fc.shuffledSubarray(views, { minLength: views.length, maxLength: views.length }),
            ),
          ),
          ([views, shuffled]) => {
            const sorted = seqs([...views].sort(compare));
            expect(seqs([...shuffled].sort(compare))).toEqual(sorted);
            expect(seqs(sortByRank(policy, shuffled))).toEqual(sorted);
            expect(new Set(sorted).size).toBe(views.length);
          },
        ),
        { numRuns, seed },
      );
    });

    it('equal ranks come out FIFO by arrival, then seq', () => {
      fc.assert(
        fc.property(jobViewsArbitrary, (views) => {
          const sorted = [...views].sort(compare);
          for (let i = 0; i + 1 < sorted.length; i++) {
            const a = sorted[i] as JobView;
            const b = sorted[i + 1] as JobView;
            if (compareRanks(policy.rank(a), policy.rank(b)) !== 0) continue;
            expect(
              a.arrivalTime < b.arrivalTime || (a.arrivalTime === b.arrivalTime && a.seq < b.seq),
            ).toBe(true);
          }
        }),
        { numRuns, seed },
      );
    });

    it('two jobs of the same type and arrival differ only by seq: lower seq first', () => {
      fc.assert(
        fc.property(viewArbitrary, (view) => {
          const twin = { ...view, seq: view.seq + 1 };
          expect(compare(view, twin)).toBeLessThan(0);
          expect(seqs(sortByRank(policy, [twin, view]))).toEqual([view.seq, twin.seq]);
        }),
        { numRuns, seed },
      );
    });
  });
}

/** A JobView for hand-written cases: seq 0, arrival 0, age 0 unless given. */
export function job(fields: Partial<JobView> & { readonly seq?: number }): JobView {
  return { seq: 0, arrivalTime: 0, age: 0, ...fields };
}

/** Sequence numbers of `views` in policy order. */
export function order(policy: RankPolicy, views: readonly JobView[]): number[] {
  return sortByRank(policy, views).map((view) => view.seq);
}
