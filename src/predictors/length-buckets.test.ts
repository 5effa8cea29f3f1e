import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  conditionalRemaining,
  decileQuantiles,
  defaultBucketEdges,
  distributionMean,
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
});
