/**
 * A request's token gaps, reduced when it finishes (so no executor keeps every token time of a
 * run): its own TBT for the SLO rule (the max gap, and the p99 of its gaps by numpy's linear
 * interpolation, exact) and the pooled TBT distribution per SLO class in fixed-size sketches.
 *
 *   times[0..count-1] --ownTbt--> { max, p99 }        (per request, exact)
 *                     --TbtByClass.add--> sketch[class]  (pooled, latency-sketch.ts accuracy)
 */

import { LatencySketch } from './latency-sketch.js';
import type { RequestRecord } from './request-record.js';

/** A request's own TBT for the SLO rule: its largest token gap and the p99 of its gaps. */
export interface OwnTbt {
  readonly max: number;
  readonly p99: number;
}

let top = new Float64Array(64);

/**
 * Max and p99 of the gaps between consecutive times[0..count-1] (zeros with fewer than 2 tokens),
 * in one pass that also adds every gap to `sketch` if given. The p99 needs only the order
 * statistics at floor(h) and floor(h) + 1, h = 0.99 (gaps - 1): the largest `gaps - floor(h)`
 * gaps, kept sorted in a small buffer (exactly the sorted array's values).
 */
export function ownTbt(times: ArrayLike<number>, count: number, sketch?: LatencySketch): OwnTbt {
  const gaps = count - 1;
  if (gaps < 1) return { max: 0, p99: 0 };
  const h = (gaps - 1) * 0.99;
  const lo = Math.floor(h);
  const keep = gaps - lo; // ascending ranks lo..gaps-1
  if (top.length < keep) top = new Float64Array(Math.max(keep, top.length * 2));
  // top[0..kept-1] descending: the largest gaps seen so far
  let kept = 0;
  for (let i = 0; i < gaps; i++) {
    const gap = (times[i + 1] as number) - (times[i] as number);
    if (sketch !== undefined) sketch.add(gap);
    if (kept === keep && gap <= (top[keep - 1] as number)) continue;
    let j = kept < keep ? kept++ : keep - 1;
    while (j > 0 && (top[j - 1] as number) < gap) {
      top[j] = top[j - 1] as number;
      j--;
    }
    top[j] = gap;
  }
  const a = top[keep - 1] as number;
  const p99 = lo + 1 >= gaps || h === lo ? a : a + (h - lo) * ((top[keep - 2] as number) - a);
  return { max: top[0] as number, p99 };
}

/** The SLO class of a request: the pair of targets it runs under (its own, else the run's). */
export function sloClassKey(ttft: number | undefined, tbt: number | undefined): string {
  return `${ttft ?? '-'}/${tbt ?? '-'}`;
}

/** Pooled token gaps of completed requests, one sketch per SLO class key. */
export class TbtByClass {
  readonly #sketches = new Map<string, LatencySketch>();

  add(classKey: string, times: ArrayLike<number>, count: number): void {
    if (count < 2) return;
    this.sketch(classKey).addGaps(times, count);
  }

  /** The class's sketch (created empty on first use). */
  sketch(classKey: string): LatencySketch {
    let sketch = this.#sketches.get(classKey);
    if (sketch === undefined) {
      sketch = new LatencySketch();
      this.#sketches.set(classKey, sketch);
    }
    return sketch;
  }

  of(classKey: string): LatencySketch | undefined {
    return this.#sketches.get(classKey);
  }

  /** Every class pooled. */
  all(): LatencySketch {
    const all = new LatencySketch();
    for (const sketch of this.#sketches.values()) all.merge(sketch);
    return all;
  }
}

/** The pooled gaps of the completed records that kept their `tokenTimes`, by SLO class. */
export function tbtFromRecords(
  records: Iterable<RequestRecord>,
  runTtft: number | undefined,
  runTbt: number | undefined,
): TbtByClass {
  const tbt = new TbtByClass();
  for (const record of records) {
    const times = record.tokenTimes;
    if (record.error || record.finishTime === undefined || times === undefined) continue;
    tbt.add(sloClassKey(record.sloTtft ?? runTtft, record.sloTbt ?? runTbt), times, times.length);
  }
  return tbt;
}
