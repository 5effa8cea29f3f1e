/**
 * `--predictor SPEC` for every executor: a registry of spec forms, each a builder.
 *
 *   oracle                      the true length (simulation)
 *   noisy:lognormal:SIGMA       x · exp(σ Z), median-unbiased (the common default)
 *   noisy:exp                   y ~ Exp(mean x)
 *   noisy:uniform:A             y ~ U[(1-A)x, (1+A)x]
 *
 * Learned predictors register here too (predictors/learned adds its forms to `predictorForms`).
 * A trailing `@COST` (seconds) charges each prediction as engine time, e.g. `noisy:exp@0.002`.
 */

import { SchedulerError } from '../core/errors.js';
import { createNoisyPredictor } from './noisy.js';
import { createOraclePredictor } from './oracle.js';
import type { LengthPredictor } from './predictor.js';
import { issueCPredictorForms } from './predictor-forms.js';

/** What every predictor builder receives: the run's seed. */
export interface PredictorContext {
  /** Seed of random error models. */
  readonly seed: number;
}

export interface PredictorForm {
  /** Spec prefix before the first ':' (e.g. `noisy`). */
  readonly name: string;
  /** Usage shown in errors, e.g. `noisy:lognormal:SIGMA`. */
  readonly usage: readonly string[];
  build(
    rest: string,
    context: PredictorContext,
    costSeconds: number,
    spec: string,
  ): LengthPredictor;
}

export const predictorForms: Record<string, PredictorForm> = {
  oracle: {
    name: 'oracle',
    usage: ['oracle'],
    build: (rest, _context, _cost, spec) => {
      if (rest !== '') throw invalidPredictor(spec, 'oracle takes no arguments');
      return createOraclePredictor();
    },
  },
  noisy: {
    name: 'noisy',
    usage: ['noisy:lognormal:SIGMA', 'noisy:exp', 'noisy:uniform:A'],
    build: (rest, context, costSeconds, spec) => {
      try {
        return createNoisyPredictor(rest, { seed: context.seed, costSeconds });
      } catch (error) {
        throw invalidPredictor(spec, (error as Error).message);
      }
    },
  },
  ...issueCPredictorForms,
};

function knownUsage(): string {
  return Object.values(predictorForms)
    .flatMap((form) => form.usage)
    .join(', ');
}

function invalidPredictor(spec: string, why: string): SchedulerError {
  return new SchedulerError(
    'INPUT_INVALID',
    `--predictor '${spec}': ${why} (known: ${knownUsage()})`,
  );
}

/**
 * Parses a predictor spec.
 *
 * @example
 * parsePredictorSpec('noisy:lognormal:0.5', { seed: 1 }).name; // 'noisy:lognormal:0.5'
 */
export function parsePredictorSpec(
  spec: string,
  context: PredictorContext = { seed: 0 },
): LengthPredictor {
  const trimmed = spec.trim();
  const at = trimmed.lastIndexOf('@');
  let body = trimmed;
  let costSeconds = 0;
  if (at > 0) {
    costSeconds = Number(trimmed.slice(at + 1));
    if (!Number.isFinite(costSeconds) || costSeconds < 0) {
      throw invalidPredictor(spec, 'the cost after @ must be seconds >= 0');
    }
    body = trimmed.slice(0, at);
  }
  const colon = body.indexOf(':');
  const name = colon < 0 ? body : body.slice(0, colon);
  const rest = colon < 0 ? '' : body.slice(colon + 1);
  const form = Object.hasOwn(predictorForms, name) ? predictorForms[name] : undefined;
  if (!form) throw invalidPredictor(spec, `unknown predictor '${name}'`);
  return form.build(rest, context, costSeconds, spec);
}
