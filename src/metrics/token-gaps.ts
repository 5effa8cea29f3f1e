import { LatencySketch } from './latency-sketch.js';
import { quantileSelect } from './latency-stats.js';
import type { RequestRecord } from './request-record.js';

/**
 * A request's token gaps, reduced when it finishes (so no executor keeps every token time of a
 * run): its own TBT for the SLO rule (the max gap, and the p99 of its gaps by numpy's linear
 * interpolation, exact) and the pooled TBT distribution per SLO class in fixed-size sketches.
 *
 *   times[0..count-1] --ownTbt--> { max, p99 }        (per request, exact)
 *                     --TbtByClass.add--> sketch[class]  (pooled, latency-sketch.ts accuracy)
 */
export interface OwnTbt {
  readonly max: number;
  readonly p99: number;
}

let scratch = new Float64Array(1024);

/** Max and p99 of the gaps between consecutive times[0..count-1]; zeros with fewer than 2 tokens. */
export function ownTbt(times: ArrayLike<number>, count: number): OwnTbt {
  const gaps = count - 1;
  if (gaps < 1) return { max: 0, p99: 0 };
  if (scratch.length < gaps) scratch = new Float64Array(Math.max(gaps, scratch.length * 2));
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < gaps; i++) {
    const gap = (times[i + 1] as number) - (times[i] as number);
    scratch[i] = gap;
    if (gap > max) max = gap;
  }
  return { max, p99: quantileSelect(scratch.subarray(0, gaps), 0.99) };
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
    let sketch = this.#sketches.get(classKey);
    if (sketch === undefined) {
      sketch = new LatencySketch();
      this.#sketches.set(classKey, sketch);
    }
    sketch.addGaps(times, count);
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
  records: readonly RequestRecord[],
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
