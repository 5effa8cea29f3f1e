/**
 * The one registry of routers (cluster simulator, gateway, CLI `--router NAME`).
 * Parameters may be given as `name:key=value,...` to createRouter, e.g. `power-of-d:d=3`.
 */

import { SchedulerError, unknownName } from '../../core/errors.js';
import type { ParamSpec, PolicyParams } from '../rank-policy.js';
import { leastOutstanding } from './least-outstanding.js';
import { llmDWeighted } from './llm-d-weighted.js';
import { powerOfD } from './power-of-d.js';
import { prefixAffinity } from './prefix-affinity.js';
import { roundRobin } from './round-robin.js';
import type { Router } from './router.js';

/** A registered router: its name, one-line summary, parameters and constructor. */
export interface RouterFactory {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  create(params: PolicyParams): Router;
}

export const routers = {
  'round-robin': {
    name: 'round-robin',
    summary: 'request seq mod n; no load signal',
    params: [],
    create: () => roundRobin(),
  },
  'least-outstanding': {
    name: 'least-outstanding',
    summary: 'fewest unfinished requests, then least predicted work',
    params: [],
    create: () => leastOutstanding(),
  },
  'prefix-affinity': {
    name: 'prefix-affinity',
    summary: 'SGLang cache_aware: longest cached prefix unless load is imbalanced',
    params: [
      { name: 'cacheThreshold', default: 0.5, doc: 'min match rate to follow the cache' },
      {
        name: 'balanceAbsThreshold',
        default: 32,
        doc: 'imbalanced if max - min load exceeds this',
      },
      { name: 'balanceRelThreshold', default: 1.5, doc: '... and max exceeds min times this' },
    ],
    create: (params) => prefixAffinity(params),
  },
  'power-of-d': {
    name: 'power-of-d',
    summary: 'least predicted outstanding work among d replicas chosen by the request seq',
    params: [{ name: 'd', default: 2, doc: 'replicas sampled per request' }],
    create: (params) => powerOfD(params),
  },
  'llm-d': {
    name: 'llm-d',
    summary: 'llm-d default profile: queue 2 + kv-utilization 2 + prefix 3, max score',
    params: [
      { name: 'queueWeight', default: 2, doc: 'weight of the queue scorer' },
      { name: 'kvWeight', default: 2, doc: 'weight of the KV utilization scorer' },
      { name: 'prefixWeight', default: 3, doc: 'weight of the prefix-cache scorer' },
    ],
    create: (params) => llmDWeighted(params),
  },
} as const satisfies Record<string, RouterFactory>;

export type RouterName = keyof typeof routers;
export const routerNames = Object.keys(routers) as RouterName[];

/**
 * Resolves `name` or `name:key=value,...`; UNKNOWN_NAME lists the known routers / parameters.
 *
 * @example
 * const router = createRouter('prefix-affinity:cacheThreshold=0.3');
 */
export function createRouter(spec: string, params: PolicyParams = {}): Router {
  const [name = '', list = ''] = spec.split(':', 2);
  if (!Object.hasOwn(routers, name)) throw unknownName('router', name, routerNames);
  const factory: RouterFactory = routers[name as RouterName];
  const merged: Record<string, number> = { ...params };
  for (const pair of list.split(',').filter((item) => item !== '')) {
    const [key = '', raw = ''] = pair.split('=', 2);
    merged[key] = Number(raw);
  }
  for (const [key, value] of Object.entries(merged)) {
    if (!factory.params.some((p) => p.name === key)) {
      throw unknownName(
        `parameter of router '${name}'`,
        key,
        factory.params.map((p) => p.name),
      );
    }
    if (!Number.isFinite(value)) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `router ${name}: parameter '${key}' must be a number`,
      );
    }
  }
  return factory.create(merged);
}
