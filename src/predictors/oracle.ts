/**
 * The oracle: predicts the true output length exactly (simulation only; it reads `outputTokens`).
 * Why choose: the upper bound of what any predictor can give a size-based policy.
 * All quantiles equal the truth; `remaining` = truth - generated. Costs nothing.
 *
 * @example
 * createOraclePredictor().predict({ id: 'a', promptTokens: 5, outputTokens: 42 }).mean; // 42
 */

import type { LengthPredictor } from './predictor.js';

/**
 * The oracle: predicts the true output length exactly (simulation only; it reads `outputTokens`).
 */
export function createOraclePredictor(): LengthPredictor {
  let predictions = 0;
  let missing = 0;
  const truth = (outputTokens: number | undefined): number => {
    if (outputTokens === undefined) {
      missing++;
      return 1;
    }
    return Math.max(1, outputTokens);
  };
  return {
    name: 'oracle',
    predict(request) {
      predictions++;
      const x = truth(request.outputTokens);
      return { mean: x, quantiles: new Array<number>(9).fill(x), costSeconds: 0 };
    },
    observe() {},
    remaining(request, generated) {
      return Math.max(0, truth(request.outputTokens) - generated);
    },
    stats: () => ({ predictions, missingTruth: missing }),
  };
}
