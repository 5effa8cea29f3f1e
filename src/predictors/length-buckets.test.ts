/**
 * Length buckets: half-octave placement, quantiles and means, conditioning on generated tokens,
 * deciles and the capped mean bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictionFromBuckets } from './bucket-prediction.js';
import {
  bucketIndex,
  cappedMean,
  conditionalRemaining,
  decileQuantiles,
  defaultBucketEdges,
  distributionMean,
  distributionQuantile,
  pointMass,
} from './length-buckets.js';

const edges = defaultBucketEdges;

describe('length buckets', () => {
  it('places lengths in half-octave buckets, clamping the ends', () => {
    expect(edges.length).toBe(31);
    expect(bucketIndex(edges, 0)).toBe(0);
    expect(bucketIndex(edges, 1)).toBe(0);
    expect(bucketIndex(edges, 2)).toBe(2);
    expect(bucketIndex(edges, 100)).toBe(13); // 2^6.5 = 90.5 <= 100 < 128
    expect(bucketIndex(edges, 1e9)).toBe(29);
  });
  it('gives quantiles and a mean inside the bucket of a point mass', () => {
    const probs = pointMass(edges, 100);
    const quantiles = decileQuantiles(edges, probs);
    expect(quantiles).toHaveLength(9);
    expect(quantiles[0]).toBeGreaterThanOrEqual(90.5);
    expect(quantiles[8]).toBeLessThanOrEqual(128);
    for (let i = 1; i < 9; i++) expect(quantiles[i]).toBeGreaterThanOrEqual(quantiles[i - 1] ?? 0);
    const mean = distributionMean(edges, probs);
    expect(mean).toBeGreaterThan(90.5);
    expect(mean).toBeLessThan(128);
  });
  it('conditions the remaining length on what was generated', () => {
    const probs = new Array<number>(30).fill(0);
    probs[bucketIndex(edges, 10)] = 0.5;
    probs[bucketIndex(edges, 1000)] = 0.5;
    const fresh = conditionalRemaining(edges, probs, 0);
    const afterShort = conditionalRemaining(edges, probs, 20);
    // once past the short mode only the long mode remains: remaining ~ 1000 - 20
    expect(afterShort).toBeGreaterThan(800);
    expect(afterShort).toBeGreaterThan(fresh);
    // past every bucket: a positive, finite guess
    expect(conditionalRemaining(edges, probs, 5000)).toBe(1250);
  });
  it('computes the deciles in one pass exactly as nine distributionQuantile calls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 30,
          maxLength: 30,
        }),
        (weights) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const probs = total > 0 ? weights.map((w) => w / total) : pointMass(edges, 7);
          const quantiles = decileQuantiles(edges, probs);
          let previous = 0;
          for (let k = 1; k <= 9; k++) {
            previous = Math.max(previous, distributionQuantile(edges, probs, k / 10));
            expect(quantiles[k - 1]).toBeCloseTo(previous, 9);
          }
        },
      ),
    );
  });
  it('gives the capped mean bit for bit as predictionFromBuckets, without touching the buckets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 30,
          maxLength: 30,
        }),
        fc.oneof(
          fc.constant(undefined),
          fc.constant(0),
          fc.double({ min: 0.5, max: 40_000, noNaN: true }),
        ),
        (weights, cap) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const probs = Float64Array.from(
            total > 0 ? weights.map((w) => w / total) : pointMass(edges, 7),
          );
          const before = Array.from(probs);
          const mean = cappedMean(edges, probs, cap);
          expect(Array.from(probs)).toEqual(before);
          expect(
            Object.is(mean, predictionFromBuckets(edges, probs, { costSeconds: 0, cap }).mean),
          ).toBe(true);
        },
      ),
    );
  });
});
