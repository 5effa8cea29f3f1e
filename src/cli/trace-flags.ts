/**
 * The workload flags shared by the commands that replay requests through an engine or a gateway
 * (`engine replay`, `replay`): exactly one of `--trace PATH` or `--synthetic NAME`, `--rate` or
 * `--rate-scale` (not both), `--requests`, `--seed`. A synthetic workload without `--rate` or
 * `--rate-scale` arrives at 2 requests/s, and without `--requests` has the command's own default
 * count; a trace is read whole unless `--requests` cuts it.
 */
import type { SchedRequest } from '../core/request.js';
import { readTrace } from '../workloads/read-trace.js';
import { bounds, integerFlag, seedFlag } from './bounds.js';
import { CliError } from './cli-error.js';
import { notice } from './notice.js';

/** The raw workload flags, as commander hands them over. */
export interface TraceFlags {
  readonly trace?: string;
  readonly synthetic?: string;
  readonly rate?: string;
  readonly rateScale?: string;
  readonly requests?: string;
  readonly seed: string;
}

/** The rate of a synthetic workload given neither --rate nor --rate-scale (requests/s). */
const defaultSyntheticRate = 2;

/** A finite number > 0; one line naming the flag otherwise. */
export function positiveFlag(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new CliError(`${flag} must be a positive number, got '${value}'`);
  return n;
}

/** The requests the flags name, checked; `syntheticRequests` is the count without --requests. */
export function readTraceFlags(flags: TraceFlags, syntheticRequests: number): SchedRequest[] {
  if ((flags.trace === undefined) === (flags.synthetic === undefined)) {
    throw new CliError('give exactly one of --trace PATH or --synthetic NAME');
  }
  if (flags.rate !== undefined && flags.rateScale !== undefined) {
    throw new CliError('use either --rate or --rate-scale, not both');
  }
  const source = flags.trace ?? `synthetic:${flags.synthetic}`;
  const requests =
    flags.requests !== undefined
      ? integerFlag('--requests', flags.requests, 1, bounds.requests)
      : flags.synthetic !== undefined
        ? syntheticRequests
        : undefined;
  return readTrace(source, {
    seed: seedFlag(flags.seed),
    onNotice: notice,
    ...(flags.rate !== undefined ? { rate: positiveFlag('--rate', flags.rate) } : {}),
    ...(flags.rate === undefined && flags.synthetic !== undefined && flags.rateScale === undefined
      ? { rate: defaultSyntheticRate }
      : {}),
    ...(flags.rateScale !== undefined
      ? { rateScale: positiveFlag('--rate-scale', flags.rateScale) }
      : {}),
    ...(requests !== undefined ? { requests } : {}),
  });
}
