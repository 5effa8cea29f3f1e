/**
 * The admission order of the keyed queues (keyed-queue.ts, sorted-queue.ts): lower tier first,
 * then lower key, then earlier arrival, then lower admission sequence, over parallel arrays of
 * those four numbers indexed by queue slot.
 */

/**
 * True when slot `a` is admitted before slot `b` (tier, key, arrival, seq, each compared with `<`).
 *
 * @example
 * admittedBefore(Float64Array.of(0, 0), Float64Array.of(5, 3), Float64Array.of(1, 2), Float64Array.of(0, 1), 1, 0); // true
 */
export function admittedBefore(
  tier: Float64Array,
  key: Float64Array,
  arrival: Float64Array,
  seq: Float64Array,
  a: number,
  b: number,
): boolean {
  if (tier[a] !== tier[b]) return (tier[a] as number) < (tier[b] as number);
  if (key[a] !== key[b]) return (key[a] as number) < (key[b] as number);
  if (arrival[a] !== arrival[b]) return (arrival[a] as number) < (arrival[b] as number);
  return (seq[a] as number) < (seq[b] as number);
}
