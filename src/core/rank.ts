/**
 * A SOAP rank (Scully, Harchol-Balter, Scheller-Wolf 2018): lower runs first, compared as
 * (tier, key), then arrival time, then admission sequence.
 *
 * A rank is piecewise linear in the job's age: over the current piece `key` changes by `slope`
 * per unit of age, and the piece ends at age `until` (Infinity when it never ends). Executors that
 * advance age continuously (the M/G/1 simulator) use `slope` and `until` to schedule rank-crossing
 * events exactly; iteration-level executors simply recompute ranks every step.
 */
export interface Rank {
  readonly tier: number;
  readonly key: number;
  /** d key / d age over the current piece. */
  readonly slope: number;
  /** Age at which this piece ends and the rank must be recomputed. */
  readonly until: number;
}

/** A rank that never changes with age. */
export const constantRank = (tier: number, key: number): Rank => ({
  tier,
  key,
  slope: 0,
  until: Number.POSITIVE_INFINITY,
});

/** Compares ranks only (tier, then key); executors add arrival and seq tie-breaks. */
export function compareRanks(a: Rank, b: Rank): number {
  if (a.tier !== b.tier) return a.tier < b.tier ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return 0;
}
