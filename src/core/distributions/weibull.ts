/**
 * Weibull service time, F(x) = 1 - exp(-(x/scale)^shape). Shape < 1 is heavy-ish tailed (all
 * moments finite, decreasing hazard). `weibull:0.5,0.5` is the survey's Table 3 case
 * F(x) = 1 - exp(-sqrt(2x)): mean 1, E[X^2] = 6.
 * Sampled exactly as scale * E^(1/shape), E ~ Exp(1).
 *
 * @example
 * weibullDistribution(0.5, 0.5).mean; // 1
 */

import type { Distribution } from './distribution.js';
import { gammaFunction } from './gamma-function.js';
import { sampleUnitExponential } from './sample-exponential.js';

/** Weibull service time, F(x) = 1 - exp(-(x/scale)^shape). */
export function weibullDistribution(shape: number, scale: number): Distribution {
  return {
    spec: `weibull:${shape},${scale}`,
    mean: scale * gammaFunction(1 + 1 / shape),
    secondMoment: scale * scale * gammaFunction(1 + 2 / shape),
    support: [0, Number.POSITIVE_INFINITY],
    sample: (rng) => scale * sampleUnitExponential(rng) ** (1 / shape),
    pdf: (x) => {
      if (x < 0) return 0;
      const z = x / scale;
      return (shape / scale) * z ** (shape - 1) * Math.exp(-(z ** shape));
    },
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-((x / scale) ** shape))),
    quantile: (p) => scale * (-Math.log1p(-p)) ** (1 / shape),
  };
}
