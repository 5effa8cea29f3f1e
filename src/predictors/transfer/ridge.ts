/**
 * Ridge regression in closed form for a few dense features: minimises
 * sum (y - b - w.x)^2 + lambda |w|^2 (the intercept b unpenalised), by Cholesky on the normal
 * equations of the centred features. `mask` leaves columns out (ablations: their weight stays 0).
 *
 * @example
 * const model = fitRidge(rows, targets, { lambda: 50 });
 * predictRidge(model, rows[0]);
 */
export interface RidgeModel {
  readonly intercept: number;
  readonly weights: Float64Array;
}

export interface RidgeOptions {
  readonly lambda: number;
  /** Columns to use (default all). */
  readonly mask?: readonly boolean[];
  /** False: no intercept and no centring (the fit goes through the origin). Default true. */
  readonly intercept?: boolean;
}

export function predictRidge(model: RidgeModel, x: ArrayLike<number>): number {
  let sum = model.intercept;
  const { weights } = model;
  for (let j = 0; j < weights.length; j++) sum += (weights[j] ?? 0) * (x[j] ?? 0);
  return sum;
}

/** Solves A x = b in place for a symmetric positive definite A (row-major d x d). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let diagonal = a[j * d + j] ?? 0;
    for (let k = 0; k < j; k++) diagonal -= (a[j * d + k] ?? 0) ** 2;
    const root = Math.sqrt(Math.max(diagonal, 1e-12));
    a[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let sum = a[i * d + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (a[i * d + k] ?? 0) * (a[j * d + k] ?? 0);
      a[i * d + j] = sum / root;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (a[i * d + k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (a[i * d + i] ?? 1);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < d; k++) sum -= (a[k * d + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (a[i * d + i] ?? 1);
  }
  return x;
}

export function fitRidge(
  rows: readonly ArrayLike<number>[],
  targets: readonly number[],
  options: RidgeOptions,
): RidgeModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const use = (j: number): boolean => options.mask === undefined || options.mask[j] === true;
  if (n === 0) return { intercept: 0, weights: new Float64Array(d) };
  const meanX = new Float64Array(d);
  let meanY = 0;
  const center = options.intercept !== false;
  for (let i = 0; center && i < n; i++) {
    const row = rows[i] as ArrayLike<number>;
    for (let j = 0; j < d; j++) meanX[j] = (meanX[j] ?? 0) + (row[j] ?? 0) / n;
    meanY += (targets[i] ?? 0) / n;
  }
  const gram = new Float64Array(d * d);
  const moment = new Float64Array(d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ArrayLike<number>;
    for (let j = 0; j < d; j++) centred[j] = use(j) ? (row[j] ?? 0) - (meanX[j] ?? 0) : 0;
    const y = (targets[i] ?? 0) - meanY;
    for (let j = 0; j < d; j++) {
      const xj = centred[j] ?? 0;
      if (xj === 0) continue;
      moment[j] = (moment[j] ?? 0) + xj * y;
      for (let k = 0; k <= j; k++)
        gram[j * d + k] = (gram[j * d + k] ?? 0) + xj * (centred[k] ?? 0);
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) gram[k * d + j] = gram[j * d + k] ?? 0;
    gram[j * d + j] = (gram[j * d + j] ?? 0) + (use(j) ? options.lambda : 1);
  }
  const weights = choleskySolve(gram, moment, d);
  let intercept = meanY;
  for (let j = 0; j < d; j++) {
    if (!use(j)) weights[j] = 0;
    intercept -= (weights[j] ?? 0) * (meanX[j] ?? 0);
  }
  return { intercept, weights };
}
