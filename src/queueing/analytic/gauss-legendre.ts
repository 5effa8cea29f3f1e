/**
 * Gauss-Legendre nodes and weights on [-1, 1] (Newton's method on the Legendre recurrence), for
 * the fixed composite grids of the analytic module.
 *
 * @example
 * gaussLegendreRule(2); // nodes ±1/sqrt(3), weights 1, 1
 */
export interface QuadratureRule {
  readonly nodes: readonly number[];
  readonly weights: readonly number[];
}

const cache = new Map<number, QuadratureRule>();

export function gaussLegendreRule(n: number): QuadratureRule {
  const cached = cache.get(n);
  if (cached) return cached;
  const nodes: number[] = new Array(n).fill(0);
  const weights: number[] = new Array(n).fill(0);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const w = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const result = { nodes, weights };
  cache.set(n, result);
  return result;
}
