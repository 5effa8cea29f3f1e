/**
 * An empirical CDF reduced to at most `maxPoints` [value, probability] points (plus the exact
 * min and max), so a report of 20,000-request runs stays small. Probabilities are i / n of the
 * sorted sample (the step's top); values are exact sample values.
 *
 * @example
 * cdfPoints([3, 1, 2]); // [[1, 1/3], [2, 2/3], [3, 1]]
 */
export function cdfPoints(values: readonly number[], maxPoints = 200): [number, number][] {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const points: [number, number][] = [];
  for (let i = step - 1; i < n; i += step) points.push([sorted[i] ?? 0, (i + 1) / n]);
  if (points[points.length - 1]?.[1] !== 1) points.push([sorted[n - 1] ?? 0, 1]);
  if (step > 1) points.unshift([sorted[0] ?? 0, 1 / n]);
  return points;
}
