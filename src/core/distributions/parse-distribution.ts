/**
 * Service-time distribution specs for the M/G/1 lab (`--dist exp:1`, `weibull:0.5,0.5`, ...):
 * one builder per form in `distributionForms`, each argument checked, one INPUT_INVALID error
 * naming the spec and the expected form otherwise.
 */
import { boundedParetoDistribution } from './bounded-pareto.js';
import { deterministicDistribution } from './deterministic.js';
import type { Distribution } from './distribution.js';
import { distributionForms } from './distribution-forms.js';
import { empiricalDistribution } from './empirical.js';
import { exponentialDistribution } from './exponential.js';
import { hyperexponentialDistribution } from './hyperexponential.js';
import { lognormalDistribution } from './lognormal.js';
import { invalidSpec, parseSpecArguments } from './parse-spec-arguments.js';
import { weibullDistribution } from './weibull.js';

export { distributionForms };

export interface ParseDistributionOptions {
  /** Reads the values behind `empirical:PATH` (I/O lives in the CLI, not in core). */
  readonly readValues?: (path: string) => readonly number[];
}

type Builder = (spec: string, options: ParseDistributionOptions) => Distribution;

function positive(spec: string, form: string, name: string, value: number): number {
  if (!(value > 0)) throw invalidSpec(spec, form, `${name} must be > 0`);
  return value;
}

const builders: Readonly<Record<string, Builder>> = {
  exp: (spec) => {
    const [mean = 1] = parseSpecArguments(spec, 'exp or exp:MEAN', 1, 1);
    return exponentialDistribution(positive(spec, 'exp:MEAN', 'MEAN', mean));
  },
  weibull: (spec) => {
    const form = 'weibull:SHAPE,SCALE';
    const [shape = 0, scale = 0] = parseSpecArguments(spec, form, 2);
    return weibullDistribution(
      positive(spec, form, 'SHAPE', shape),
      positive(spec, form, 'SCALE', scale),
    );
  },
  lognormal: (spec) => {
    const form = 'lognormal:MU,SIGMA';
    const [mu = 0, sigma = 0] = parseSpecArguments(spec, form, 2);
    return lognormalDistribution(mu, positive(spec, form, 'SIGMA', sigma));
  },
  bpareto: (spec) => {
    const form = 'bpareto:ALPHA,LOW,HIGH';
    const [alpha = 0, low = 0, high = 0] = parseSpecArguments(spec, form, 3);
    positive(spec, form, 'ALPHA', alpha);
    positive(spec, form, 'LOW', low);
    if (!(high > low)) throw invalidSpec(spec, form, 'HIGH must be > LOW');
    return boundedParetoDistribution(alpha, low, high);
  },
  det: (spec) => {
    const [value = 0] = parseSpecArguments(spec, 'det:X', 1);
    return deterministicDistribution(positive(spec, 'det:X', 'X', value));
  },
  hyperexp: (spec) => {
    const form = 'hyperexp:P1,MEAN1,MEAN2';
    const [p1 = 0, mean1 = 0, mean2 = 0] = parseSpecArguments(spec, form, 3);
    if (!(p1 > 0 && p1 < 1)) throw invalidSpec(spec, form, 'P1 must be in (0, 1)');
    return hyperexponentialDistribution(
      p1,
      positive(spec, form, 'MEAN1', mean1),
      positive(spec, form, 'MEAN2', mean2),
    );
  },
  empirical: (spec, options) => {
    const form = 'empirical:PATH';
    const path = spec.slice(spec.indexOf(':') + 1);
    if (!spec.includes(':') || path === '') throw invalidSpec(spec, form, 'missing PATH');
    if (!options.readValues) throw invalidSpec(spec, form, 'no file reader available here');
    const values = options.readValues(path);
    if (values.length === 0) throw invalidSpec(spec, form, 'the file holds no values');
    for (const value of values) {
      if (!(Number.isFinite(value) && value > 0)) {
        throw invalidSpec(spec, form, `every value must be a finite number > 0 (got ${value})`);
      }
    }
    return empiricalDistribution(values, path);
  },
};

/**
 * Parses a service-distribution spec (see `distributionForms`). Throws
 * SchedulerError('INPUT_INVALID') naming the spec and the expected form.
 *
 * @example
 * parseDistribution('weibull:0.5,0.5').secondMoment; // 6
 */
export function parseDistribution(
  spec: string,
  options: ParseDistributionOptions = {},
): Distribution {
  const trimmed = spec.trim();
  const name = trimmed.split(':', 1)[0] ?? '';
  const build = Object.hasOwn(builders, name) ? builders[name] : undefined;
  if (!build) {
    throw invalidSpec(spec, distributionForms.join(' | '), `unknown distribution '${name}'`);
  }
  return build(trimmed, options);
}
