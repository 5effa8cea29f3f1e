/**
 * The named synthetic workloads (`createSyntheticWorkload(name, ...)`, or `--trace synthetic:NAME`).
 * Each has numeric parameters with documented defaults, overridable by name.
 *
 * - `chat`: Azure-conversation-like lengths (lognormal fitted to the 2023 conv trace's medians:
 *   prompt median 1020, output median 129) with near-Poisson arrivals (gamma CV 1.1).
 * - `apps`: `apps` applications with shared system prompts (128..2048 tokens), Zipf popularity;
 *   requests of an application share prefix hashes.
 * - `bursty`: gamma arrivals with a high CV (bursts) of mixed short and long requests; every token
 *   count is a parameter, so a tiny CPU model can run it (`shortPrompt=16,longOutput=64`, ...).
 * - `diurnal`: chat lengths under a sinusoidal rate (period, amplitude).
 * - `apps5`: the slides' five applications (shell, math, finance, code, chat) with their own
 *   system prompts, real prompts and output lengths from ../shared/data/text (multi-app-workload.ts).
 */

import { SchedulerError, unknownName } from '../../core/errors.js';
import type { SchedRequest } from '../../core/request.js';
import { createRng } from '../../core/rng.js';
import { diurnalArrivals } from '../arrivals/diurnal-arrivals.js';
import { gammaArrivals } from '../arrivals/gamma-arrivals.js';
import { poissonArrivals } from '../arrivals/poisson-arrivals.js';
import { lognormalLengths, uniformLengths } from './length-distribution.js';
import { multiAppSpec } from './multi-app-workload.js';
import {
  generateWorkload,
  type RequestClass,
  type SyntheticWorkloadSpec,
} from './synthetic-workload.js';

/**
 * What every named synthetic workload is built from: the request count, the mean arrival rate and
 * the seed.
 */
export interface SyntheticOptions {
  readonly requests: number;
  /** Mean arrival rate, requests per second. */
  readonly rate: number;
  readonly seed?: number;
  /** Overrides of the workload's parameters by name. */
  readonly params?: Readonly<Record<string, number>>;
}

interface SyntheticParam {
  readonly name: string;
  readonly default: number;
  readonly doc: string;
}

export interface SyntheticWorkloadFactory {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly SyntheticParam[];
  spec(rate: number, param: (name: string) => number): SyntheticWorkloadSpec;
}

const chatClass = (param: (name: string) => number): RequestClass => ({
  name: 'chat',
  weight: 1,
  promptTokens: lognormalLengths({
    median: param('promptMedian'),
    sigma: param('promptSigma'),
    max: 8192,
  }),
  outputTokens: lognormalLengths({
    median: param('outputMedian'),
    sigma: param('outputSigma'),
    max: 2048,
  }),
});

const chatParams: readonly SyntheticParam[] = [
  { name: 'promptMedian', default: 1020, doc: 'median prompt tokens (Azure conv: 1020)' },
  { name: 'promptSigma', default: 0.55, doc: 'lognormal sigma of prompt tokens' },
  { name: 'outputMedian', default: 129, doc: 'median output tokens (Azure conv: 129)' },
  { name: 'outputSigma', default: 0.8, doc: 'lognormal sigma of output tokens' },
];

const chat: SyntheticWorkloadFactory = {
  name: 'chat',
  summary: 'Azure-conversation-like prompt/output lengths, near-Poisson arrivals',
  params: [...chatParams, { name: 'cv', default: 1.1, doc: 'inter-arrival CV (Azure conv: 1.09)' }],
  spec: (rate, param) => ({
    arrivals: gammaArrivals(rate, param('cv')),
    classes: [chatClass(param)],
  }),
};

const apps: SyntheticWorkloadFactory = {
  name: 'apps',
  summary: 'applications with shared system prompts and Zipf popularity (prefix caching, routing)',
  params: [
    { name: 'apps', default: 20, doc: 'number of applications' },
    { name: 'zipf', default: 1.1, doc: 'Zipf exponent of application popularity' },
    { name: 'systemMin', default: 128, doc: 'shortest system prompt, tokens' },
    { name: 'systemMax', default: 2048, doc: 'longest system prompt, tokens' },
    { name: 'userMedian', default: 200, doc: 'median user prompt tokens' },
    { name: 'outputMedian', default: 100, doc: 'median output tokens' },
  ],
  spec(rate, param) {
    const count = Math.max(1, Math.round(param('apps')));
    const low = param('systemMin');
    const high = param('systemMax');
    const classes = Array.from(
      { length: count },
      (_, k): RequestClass => ({
        name: `app-${k}`,
        weight: 1,
        // spread system prompt sizes log-uniformly over [low, high], deterministically by rank
        systemPromptTokens: Math.round(
          low * (high / low) ** (count === 1 ? 0 : ((k * 7) % count) / (count - 1)),
        ),
        promptTokens: lognormalLengths({ median: param('userMedian'), sigma: 0.8, max: 4096 }),
        outputTokens: lognormalLengths({ median: param('outputMedian'), sigma: 0.8, max: 2048 }),
      }),
    );
    return { arrivals: poissonArrivals(rate), classes, zipfExponent: param('zipf') };
  },
};

const bursty: SyntheticWorkloadFactory = {
  name: 'bursty',
  summary: 'bursts (high-CV gamma arrivals) of mixed short and long requests; sizes configurable',
  params: [
    { name: 'cv', default: 3, doc: 'inter-arrival CV (1 = Poisson)' },
    { name: 'longFraction', default: 0.2, doc: 'share of long requests' },
    { name: 'shortPrompt', default: 64, doc: 'short requests: max prompt tokens (min = half)' },
    { name: 'shortOutput', default: 32, doc: 'short requests: max output tokens (min = half)' },
    { name: 'longPrompt', default: 1024, doc: 'long requests: max prompt tokens (min = half)' },
    { name: 'longOutput', default: 512, doc: 'long requests: max output tokens (min = half)' },
  ],
  spec(rate, param) {
    const range = (name: string) => uniformLengths(Math.ceil(param(name) / 2), param(name));
    const longFraction = Math.min(Math.max(param('longFraction'), 0), 1);
    return {
      arrivals: gammaArrivals(rate, param('cv')),
      classes: [
        {
          name: 'short',
          weight: 1 - longFraction,
          promptTokens: range('shortPrompt'),
          outputTokens: range('shortOutput'),
        },
        {
          name: 'long',
          weight: longFraction,
          promptTokens: range('longPrompt'),
          outputTokens: range('longOutput'),
        },
      ],
    };
  },
};

const diurnal: SyntheticWorkloadFactory = {
  name: 'diurnal',
  summary: 'chat lengths under a sinusoidal arrival rate',
  params: [
    ...chatParams,
    { name: 'period', default: 600, doc: 'period of the rate, seconds' },
    { name: 'amplitude', default: 0.8, doc: 'relative amplitude of the rate, 0..1' },
  ],
  spec: (rate, param) => ({
    arrivals: diurnalArrivals(rate, { period: param('period'), amplitude: param('amplitude') }),
    classes: [chatClass(param)],
  }),
};

const apps5: SyntheticWorkloadFactory = {
  name: 'apps5',
  summary:
    'five applications (nl2bash, gsm8k, tatqa, humaneval, oasst) with own system prompts; real lengths',
  params: [
    { name: 'cv', default: 1, doc: 'inter-arrival CV (1 = Poisson, > 1 bursty gamma)' },
    {
      name: 'shotScale',
      default: 1,
      doc: 'multiplies the few-shot examples of each system prompt',
    },
  ],
  spec: (rate, param) => multiAppSpec({ rate, cv: param('cv'), shotScale: param('shotScale') }),
};

export const syntheticWorkloads = { chat, apps, bursty, diurnal, apps5 } as const satisfies Record<
  string,
  SyntheticWorkloadFactory
>;
export type SyntheticWorkloadName = keyof typeof syntheticWorkloads;
export const syntheticWorkloadNames = Object.keys(syntheticWorkloads) as SyntheticWorkloadName[];

/**
 * Generates a named synthetic workload; deterministic for a seed.
 *
 * @example
 * createSyntheticWorkload('bursty', { requests: 20, rate: 4, seed: 1, params: { longOutput: 64 } });
 */
export function createSyntheticWorkload(name: string, options: SyntheticOptions): SchedRequest[] {
  if (!Object.hasOwn(syntheticWorkloads, name)) {
    throw unknownName('synthetic workload', name, syntheticWorkloadNames);
  }
  const factory = syntheticWorkloads[name as SyntheticWorkloadName];
  if (!Number.isInteger(options.requests) || options.requests < 1) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `requests must be a positive integer, got ${options.requests}`,
    );
  }
  const params = options.params ?? {};
  for (const key of Object.keys(params)) {
    if (!factory.params.some((p) => p.name === key)) {
      throw unknownName(
        `parameter of synthetic workload '${name}'`,
        key,
        factory.params.map((p) => p.name),
      );
    }
  }
  const param = (key: string): number =>
    params[key] ?? factory.params.find((p) => p.name === key)?.default ?? Number.NaN;
  const spec = factory.spec(options.rate, param);
  return generateWorkload(
    spec,
    options.requests,
    createRng(options.seed ?? 0).fork(`synthetic:${name}`),
  );
}
