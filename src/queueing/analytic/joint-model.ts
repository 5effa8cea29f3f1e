/**
 * A (service, prediction) pair with its lambda-independent tables, built lazily and cached, so a
 * whole table (many lambdas, many policies) costs one set of inner integrals.
 *
 * @example
 * const model = jointModel(parseDistribution('exp'), parsePredictionModel('exp'));
 * model.tables().load; // E[X; Y <= y] on the grid
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import type { PredictionModel } from '../prediction-model.js';
import { buildPredictionTables, type PredictionTables } from './prediction-tables.js';
import { buildRemainingTables, type RemainingTables } from './remaining-tables.js';
import { createServiceExpectation, type ServiceExpectation } from './service-expectation.js';

/** The joint (size, prediction) model the formulas integrate over, with its cached tables. */
export interface JointModel {
  readonly service: Distribution;
  readonly prediction: PredictionModel;
  readonly expectation: ServiceExpectation;
  tables(): PredictionTables;
  /** c = 1: SPRPT; 0 < c < 1: Trail's limited preemption. */
  remaining(c: number): RemainingTables;
}

const models = new Map<string, JointModel>();

function createJointModel(service: Distribution, prediction: PredictionModel): JointModel {
  const expectation = createServiceExpectation(service);
  let tables: PredictionTables | undefined;
  const remaining = new Map<number, RemainingTables>();
  const model: JointModel = {
    service,
    prediction,
    expectation,
    tables: () => {
      tables ??= buildPredictionTables(expectation, prediction);
      return tables;
    },
    remaining: (c) => {
      let cached = remaining.get(c);
      if (!cached) {
        cached = buildRemainingTables(expectation, prediction, model.tables().y, c);
        remaining.set(c, cached);
      }
      return cached;
    },
  };
  return model;
}

/** The cached model for this pair (keyed by the canonical specs). */
export function jointModel(service: Distribution, prediction: PredictionModel): JointModel {
  const key = `${service.spec}|${prediction.spec}`;
  let model = models.get(key);
  if (!model || model.service !== service || model.prediction !== prediction) {
    model = createJointModel(service, prediction);
    models.set(key, model);
  }
  return model;
}
