/**
 * Minimises a one-dimensional function on [low, high] in log scale: a coarse scan to bracket the
 * best point (guards against a local minimum at an end), then golden-section refinement.
 * Used for the optimal 1-bit threshold T per (lambda, scheme).
 *
 * @example
 * minimizeLogScale((t) => (Math.log(t) - 1) ** 2, 0.001, 30).argument; // ~ e
 */
export function minimizeLogScale(
  f: (x: number) => number,
  low: number,
  high: number,
  scanPoints = 41,
  relTol = 1e-7,
): { readonly argument: number; readonly value: number } {
  const a0 = Math.log(low);
  const b0 = Math.log(high);
  let bestIndex = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  const grid: number[] = [];
  for (let i = 0; i < scanPoints; i++) {
    const u = a0 + ((b0 - a0) * i) / (scanPoints - 1);
    grid.push(u);
    const value = f(Math.exp(u));
    if (value < bestValue) {
      bestValue = value;
      bestIndex = i;
    }
  }
  let a = grid[Math.max(0, bestIndex - 1)] ?? a0;
  let b = grid[Math.min(scanPoints - 1, bestIndex + 1)] ?? b0;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(Math.exp(c));
  let fd = f(Math.exp(d));
  while (b - a > relTol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(Math.exp(d));
    }
  }
  const u = 0.5 * (a + b);
  const value = f(Math.exp(u));
  return value <= bestValue
    ? { argument: Math.exp(u), value }
    : { argument: Math.exp(grid[bestIndex] ?? u), value: bestValue };
}
