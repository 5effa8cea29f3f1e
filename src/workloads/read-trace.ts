/**
 * The one entry point for workloads: a trace file (Azure CSV, Mooncake JSONL, llmsched JSONL,
 * length-only CSV; detected from the first line) or a `synthetic:NAME` spec, streamed line by line
 * into SchedRequests sorted by arrival, with load scaling (`rate`, `rateScale`, `cv`). Bad input
 * throws TRACE_INVALID naming the file, line and field; bad options INPUT_INVALID naming the option.
 */
import { assertNever } from '../core/assert-never.js';
import { SchedulerError } from '../core/errors.js';
import type { SchedRequest } from '../core/request.js';
import { createRng } from '../core/rng.js';
import { readErrorReason } from '../io/read-error-reason.js';
import type { ArrivalProcess } from './arrivals/arrival-process.js';
import { gammaArrivals } from './arrivals/gamma-arrivals.js';
import { poissonArrivals } from './arrivals/poisson-arrivals.js';
import { readAzureCsv } from './formats/azure-csv.js';
import { readJsonlTrace } from './formats/jsonl-trace.js';
import { readLengthsCsv } from './formats/lengths-csv.js';
import { readMooncakeJsonl } from './formats/mooncake-jsonl.js';
import { scaleArrivals } from './scale-arrivals.js';
import {
  parseSyntheticTraceSpec,
  type SyntheticTraceSpec,
} from './synthetic/synthetic-trace-spec.js';
import { createSyntheticWorkload } from './synthetic/synthetic-workloads.js';
import {
  fileLines,
  firstLineOf,
  type LineSource,
  LineTooLongError,
  textLines,
} from './text-lines.js';
import { traceError } from './trace-error.js';
import {
  detectTraceFormatFromLine,
  type TraceFormat,
  type TraceFormatOption,
} from './trace-format.js';
import { maxTraceRequests } from './trace-limits.js';

export interface ReadTraceOptions {
  /** Default `auto`: detected from the first line. */
  readonly format?: TraceFormatOption;
  /**
   * Mean arrival rate, requests per second. Length-only traces: required (Poisson, or gamma with
   * `cv`). Timestamped traces: optional; timestamps are rescaled so the mean rate is `rate`.
   */
  readonly rate?: number;
  /** Multiplies the arrival rate by k (timestamps divided by k). Applied after `rate`. */
  readonly rateScale?: number;
  /** Coefficient of variation of inter-arrival gaps for length-only traces (default 1 = Poisson). */
  readonly cv?: number;
  /** Take only the first N requests of the file. */
  readonly requests?: number;
  /** Seed of the synthetic arrivals of length-only traces (default 0). */
  readonly seed?: number;
  /**
   * Told once per read about what the reader did to the input, e.g. that arrival times were out of
   * order and got sorted. The CLI prints it on stderr as `llmsched: note: ...`.
   */
  readonly onNotice?: (message: string) => void;
}

/**
 * Reads a request trace into SchedRequests sorted by arrival time (stable: file order breaks ties;
 * an unsorted file is sorted, and `onNotice` is told once). Streams: the file is read line by line
 * in 1 MiB chunks, never held whole (the 19,366-row Azure CSV parses in tens of ms; a 1.45M-row
 * one in a few seconds, see docs/benchmarks.md).
 * Malformed input throws SchedulerError('TRACE_INVALID') naming file, line and field; bad options
 * throw INPUT_INVALID naming the option.
 *
 * `path` may also name a synthetic workload, `synthetic:NAME[:param=value,...]` (see
 * synthetic/synthetic-workloads.ts); it needs `rate`, and `requests` defaults to 1000.
 *
 * @example
 * const requests = readTrace('../shared/data/traces/azure-2023-conv.csv', { rateScale: 2 });
 * const bursty = readTrace('synthetic:bursty:longOutput=64', { rate: 4, requests: 50, seed: 1 });
 * const synthetic = readTrace('sharegpt-lengths.csv', { rate: 4, cv: 2, requests: 1000, seed: 1 });
 */
export function readTrace(path: string, options: ReadTraceOptions = {}): SchedRequest[] {
  const synthetic = parseSyntheticTraceSpec(path);
  if (synthetic !== undefined) return readSyntheticTrace(path, synthetic, options);
  return readFileTrace(path, options);
}

function readFileTrace(path: string, options: ReadTraceOptions): SchedRequest[] {
  const lines = fileLines(path);
  try {
    return parseTraceLines(lines, path, options);
  } catch (error) {
    if (error instanceof LineTooLongError)
      throw traceError(path, error.lineNumber, '', error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof SchedulerError || typeof code !== 'string') throw error;
    throw new SchedulerError(
      'TRACE_INVALID',
      `${path}: cannot read the trace (${readErrorReason(error)})`,
    );
  }
}

export { maxTraceRequests };

/** Default request count of a `synthetic:` trace when `requests` is not given. */
export const defaultSyntheticRequests = 1000;

function readSyntheticTrace(
  path: string,
  spec: SyntheticTraceSpec,
  options: ReadTraceOptions,
): SchedRequest[] {
  checkOptions(options);
  if (options.rate === undefined) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `${path}: a synthetic workload needs an arrival rate (--rate R)`,
    );
  }
  return createSyntheticWorkload(spec.name, {
    requests: options.requests ?? defaultSyntheticRequests,
    rate: options.rate * (options.rateScale ?? 1),
    seed: options.seed ?? 0,
    params:
      options.cv === undefined || spec.params['cv'] !== undefined
        ? spec.params
        : { ...spec.params, cv: options.cv },
  });
}

/** The same as readTrace on text already in memory (`file` names it in errors). */
export function parseTraceText(
  text: string,
  file: string,
  options: ReadTraceOptions = {},
): SchedRequest[] {
  return parseTraceLines(textLines(text), file, options);
}

function parseTraceLines(
  lines: LineSource,
  file: string,
  options: ReadTraceOptions,
): SchedRequest[] {
  const limit = checkOptions(options);
  const format: TraceFormat =
    options.format === undefined || options.format === 'auto'
      ? detectTraceFormatFromLine(firstLineOf(lines), file)
      : options.format;
  const requests = readFormat(format, lines, file, limit, options);
  if (requests.length === 0) throw traceError(file, 0, '', 'the trace has no requests');
  let sorted = requests;
  if (!isSorted(requests)) {
    // Array.prototype.sort is stable: file order breaks ties
    sorted = requests.slice().sort((a, b) => a.arrivalTime - b.arrivalTime);
    options.onNotice?.(
      `${file}: arrival times are not in file order; sorted them by arrival (file order breaks ties)`,
    );
  }
  const rescale = format === 'lengths' ? undefined : options.rate;
  return scaleArrivals(sorted, { rate: rescale, rateScale: options.rateScale ?? 1 });
}

function readFormat(
  format: TraceFormat,
  lines: LineSource,
  file: string,
  limit: number,
  options: ReadTraceOptions,
): SchedRequest[] {
  switch (format) {
    case 'azure':
      return readAzureCsv(lines, file, limit);
    case 'mooncake':
      return readMooncakeJsonl(lines, file, limit);
    case 'jsonl':
      return readJsonlTrace(lines, file, limit);
    case 'lengths': {
      const rng = createRng(options.seed ?? 0).fork('arrivals');
      return readLengthsCsv(lines, file, lengthsArrivals(file, options), rng, limit);
    }
    default:
      return assertNever(format);
  }
}

function lengthsArrivals(file: string, options: ReadTraceOptions): ArrivalProcess {
  if (options.rate === undefined) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `${file}: a length-only trace has no timestamps; give an arrival rate (--rate R)`,
    );
  }
  const cv = options.cv ?? 1;
  return cv === 1 ? poissonArrivals(options.rate) : gammaArrivals(options.rate, cv);
}

function checkOptions(options: ReadTraceOptions): number {
  const positive = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new SchedulerError('INPUT_INVALID', `${name} must be a positive number, got ${value}`);
    }
  };
  positive('rate', options.rate);
  positive('rateScale', options.rateScale);
  positive('cv', options.cv);
  const requests = options.requests;
  if (requests === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(requests) || requests < 1 || requests > maxTraceRequests) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `requests must be an integer in [1, ${maxTraceRequests}], got ${requests}`,
    );
  }
  return requests;
}

function isSorted(requests: readonly SchedRequest[]): boolean {
  for (let i = 1; i < requests.length; i++) {
    if ((requests[i]?.arrivalTime ?? 0) < (requests[i - 1]?.arrivalTime ?? 0)) return false;
  }
  return true;
}
