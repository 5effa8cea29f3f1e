/**
 * SLO attainment and goodput per SLO class. A class is the pair of targets a request runs under
 * (its own `sloTtft`/`sloTbt`, else the run's): requests with the same pair form one class, named
 * after the table `classNames` when the pair matches one there (interactive, standard, ...), else
 * `ttft<=X tbt<=Y`, or `best-effort` with no target.
 *
 * Per class: requests, completed, attainment (met / completed; a completed request meets the SLO
 * when TTFT <= its target and the p99 of its own token gaps <= its TBT target, as the run's
 * attainment), goodput (met / run duration), median and p99 TTFT, and the p99 of all token gaps of
 * the class pooled (the Sarathi-Serve capacity harness's tail TBT; from the `tbt` sketches, see
 * latency-sketch.ts for their accuracy).
 */

import { latencyStatsInPlace } from './latency-stats.js';
import { firstTokenTimeOf, type RequestRecord } from './request-record.js';
import { ownTbt, sloClassKey, type TbtByClass, tbtFromRecords } from './token-gaps.js';

/** SLO attainment and goodput per SLO class. */
export interface SloClassSummary {
  readonly name: string;
  readonly ttftTarget?: number;
  readonly tbtTarget?: number;
  readonly requests: number;
  readonly completed: number;
  readonly sloAttainment: number;
  readonly goodput: number;
  readonly ttftP50: number;
  readonly ttftP99: number;
  readonly tbtP99: number;
}

export interface SloClassOptions {
  readonly sloTtft?: number;
  readonly sloTbt?: number;
  /** Seconds the run lasted (goodput denominator). */
  readonly durationSeconds: number;
  /** Known class names by their targets (workloads/slo-classes.ts). */
  readonly classNames?: readonly {
    readonly name: string;
    readonly ttft?: number;
    readonly tbt?: number;
  }[];
  /** Pooled token gaps by class key; default: from the records' `tokenTimes`. */
  readonly tbt?: TbtByClass;
}

interface Bucket {
  ttft?: number;
  tbt?: number;
  requests: number;
  completed: number;
  met: number;
  key: string;
  ttfts: number[];
}

/** Classes in order of first appearance in `records`. */
export function summarizeSloClasses(
  records: Iterable<RequestRecord>,
  options: SloClassOptions,
): SloClassSummary[] {
  const buckets = new Map<string, Bucket>();
  for (const record of records) {
    const ttft = record.sloTtft ?? options.sloTtft;
    const tbt = record.sloTbt ?? options.sloTbt;
    const key = sloClassKey(ttft, tbt);
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { requests: 0, completed: 0, met: 0, key, ttfts: [] };
      if (ttft !== undefined) bucket.ttft = ttft;
      if (tbt !== undefined) bucket.tbt = tbt;
      buckets.set(key, bucket);
    }
    bucket.requests++;
    if (record.error || record.finishTime === undefined) continue;
    bucket.completed++;
    const first = (firstTokenTimeOf(record) ?? record.finishTime) - record.arrivalTime;
    bucket.ttfts.push(first);
    const ttftOk = ttft === undefined || first <= ttft;
    const tbtOk = tbt === undefined || ownP99(record) <= tbt;
    if (ttftOk && tbtOk) bucket.met++;
  }
  const tbt = options.tbt ?? tbtFromRecords(records, options.sloTtft, options.sloTbt);
  const out: SloClassSummary[] = [];
  for (const bucket of buckets.values()) {
    const ttfts = latencyStatsInPlace(Float64Array.from(bucket.ttfts));
    out.push({
      name: className(bucket, options.classNames ?? []),
      ...(bucket.ttft === undefined ? {} : { ttftTarget: bucket.ttft }),
      ...(bucket.tbt === undefined ? {} : { tbtTarget: bucket.tbt }),
      requests: bucket.requests,
      completed: bucket.completed,
      sloAttainment: bucket.completed > 0 ? bucket.met / bucket.completed : 0,
      goodput: options.durationSeconds > 0 ? bucket.met / options.durationSeconds : 0,
      ttftP50: ttfts.p50,
      ttftP99: ttfts.p99,
      tbtP99: tbt.of(bucket.key)?.quantile(0.99) ?? 0,
    });
  }
  return out;
}

/** p99 of one request's gaps (linear interpolation), 0 with no gap: the run's per-request rule. */
function ownP99(record: RequestRecord): number {
  const times = record.tokenTimes;
  return times !== undefined ? ownTbt(times, times.length).p99 : (record.tbtP99 ?? 0);
}

function className(
  bucket: Bucket,
  known: readonly { readonly name: string; readonly ttft?: number; readonly tbt?: number }[],
): string {
  const match = known.find((entry) => entry.ttft === bucket.ttft && entry.tbt === bucket.tbt);
  if (match) return match.name;
  if (bucket.ttft === undefined && bucket.tbt === undefined) return 'best-effort';
  const parts: string[] = [];
  if (bucket.ttft !== undefined) parts.push(`ttft<=${bucket.ttft}`);
  if (bucket.tbt !== undefined) parts.push(`tbt<=${bucket.tbt}`);
  return parts.join(' ');
}
