/**
 * Quadrature: Gauss-Kronrod on smooth, peaked and singular integrands, several integrands in one
 * pass, Gauss-Legendre exactness, log-scale minimisation.
 */
import { describe, expect, it } from 'vitest';
import { integrate, integrateVector } from './gauss-kronrod.js';
import { gaussLegendreRule } from './gauss-legendre.js';
import { minimizeLogScale } from './golden-section.js';

describe('quadrature', () => {
  it('integrates smooth, peaked and endpoint-singular functions', () => {
    expect(integrate(Math.exp, [0, 1])).toBeCloseTo(Math.E - 1, 14);
    expect(integrate((x) => 1 / Math.sqrt(x), [0, 1])).toBeCloseTo(2, 8);
    expect(integrate((x) => Math.exp(-((x - 3) ** 2) * 1e4), [0, 3, 10])).toBeCloseTo(
      Math.sqrt(Math.PI) / 100,
      12,
    );
  });

  it('integrates several functions in one pass', () => {
    const [a, b] = integrateVector(
      (x, out) => {
        out[0] = x;
        out[1] = x * x;
      },
      2,
      [0, 2],
    );
    expect(a).toBeCloseTo(2, 14);
    expect(b).toBeCloseTo(8 / 3, 14);
  });

  it('has Gauss-Legendre rules exact to degree 2n - 1', () => {
    const rule = gaussLegendreRule(8);
    const moment = (k: number): number =>
      rule.nodes.reduce((sum, x, i) => sum + (rule.weights[i] ?? 0) * x ** k, 0);
    expect(moment(0)).toBeCloseTo(2, 14);
    expect(moment(14)).toBeCloseTo(2 / 15, 14);
  });

  it('minimises in log scale', () => {
    const best = minimizeLogScale((t) => (Math.log(t) - 1) ** 2, 0.001, 30);
    expect(best.argument).toBeCloseTo(Math.E, 5);
  });
});
