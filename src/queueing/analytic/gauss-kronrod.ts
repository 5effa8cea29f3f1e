/**
 * Globally adaptive Gauss-Kronrod (7-15) quadrature of a vector-valued integrand on a list of
 * breakpoints (QUADPACK's QAG strategy: always bisect the interval with the largest error).
 * Several integrals that share an integrand's expensive part are computed in one pass: the
 * integrand writes `count` values into `out`. Converged when every component's error estimate
 * |K15 - G7| is below max(absTol, relTol * |component|).
 *
 * @example
 * integrate((x) => Math.exp(-x), [0, 1, 40]); // ~ 1
 */

const kronrodNodes = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945,
  0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0,
];
const kronrodWeights = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592,
  0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
/** Gauss weights for the Kronrod nodes with odd index (1, 3, 5) and the centre (7). */
const gaussWeights = [
  0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694,
];

export type VectorIntegrand = (x: number, out: Float64Array) => void;

export interface QuadratureOptions {
  readonly relTol?: number;
  readonly absTol?: number;
  readonly maxIntervals?: number;
}

interface Piece {
  readonly a: number;
  readonly b: number;
  readonly value: Float64Array;
  readonly error: Float64Array;
}

function rule(
  f: VectorIntegrand,
  count: number,
  a: number,
  b: number,
  scratch: Float64Array,
): Piece {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const kronrod = new Float64Array(count);
  const gauss = new Float64Array(count);
  for (let i = 0; i < 8; i++) {
    const node = kronrodNodes[i] ?? 0;
    const kw = kronrodWeights[i] ?? 0;
    const gw =
      i % 2 === 1 ? (gaussWeights[(i - 1) / 2] ?? 0) : i === 7 ? (gaussWeights[3] ?? 0) : 0;
    const points = node === 0 ? [centre] : [centre - half * node, centre + half * node];
    for (const x of points) {
      scratch.fill(0);
      f(x, scratch);
      for (let k = 0; k < count; k++) {
        const v = scratch[k] ?? 0;
        kronrod[k] = (kronrod[k] ?? 0) + kw * v;
        gauss[k] = (gauss[k] ?? 0) + gw * v;
      }
    }
  }
  const error = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    kronrod[k] = (kronrod[k] ?? 0) * half;
    error[k] = Math.abs((kronrod[k] ?? 0) - (gauss[k] ?? 0) * half);
  }
  return { a, b, value: kronrod, error };
}

/** Integrates `count` functions at once over [points[0], points[last]], split at every point. */
export function integrateVector(
  f: VectorIntegrand,
  count: number,
  points: readonly number[],
  options: QuadratureOptions = {},
): Float64Array {
  const relTol = options.relTol ?? 1e-10;
  const absTol = options.absTol ?? 1e-14;
  const maxIntervals = options.maxIntervals ?? 4000;
  const scratch = new Float64Array(count);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] ?? 0;
    const b = points[i + 1] ?? 0;
    if (b > a) pieces.push(rule(f, count, a, b, scratch));
  }
  const total = new Float64Array(count);
  const totalError = new Float64Array(count);
  const resum = (): void => {
    total.fill(0);
    totalError.fill(0);
    for (const piece of pieces) {
      for (let k = 0; k < count; k++) {
        total[k] = (total[k] ?? 0) + (piece.value[k] ?? 0);
        totalError[k] = (totalError[k] ?? 0) + (piece.error[k] ?? 0);
      }
    }
  };
  resum();
  while (pieces.length < maxIntervals) {
    const tolerance = (k: number): number => Math.max(absTol, relTol * Math.abs(total[k] ?? 0));
    let converged = true;
    for (let k = 0; k < count; k++) if ((totalError[k] ?? 0) > tolerance(k)) converged = false;
    if (converged) break;
    let worst = -1;
    let worstScore = -1;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (!piece) continue;
      let score = 0;
      for (let k = 0; k < count; k++) score = Math.max(score, (piece.error[k] ?? 0) / tolerance(k));
      if (score > worstScore) {
        worstScore = score;
        worst = i;
      }
    }
    const piece = pieces[worst];
    if (!piece) break;
    const middle = 0.5 * (piece.a + piece.b);
    if (!(middle > piece.a && middle < piece.b)) break;
    pieces[worst] = rule(f, count, piece.a, middle, scratch);
    pieces.push(rule(f, count, middle, piece.b, scratch));
    for (let k = 0; k < count; k++) {
      const left = pieces[worst]?.value[k] ?? 0;
      const right = pieces[pieces.length - 1]?.value[k] ?? 0;
      const leftError = pieces[worst]?.error[k] ?? 0;
      const rightError = pieces[pieces.length - 1]?.error[k] ?? 0;
      total[k] = (total[k] ?? 0) - (piece.value[k] ?? 0) + left + right;
      totalError[k] = (totalError[k] ?? 0) - (piece.error[k] ?? 0) + leftError + rightError;
    }
  }
  resum();
  return total;
}

/** Scalar convenience wrapper of integrateVector. */
export function integrate(
  f: (x: number) => number,
  points: readonly number[],
  options: QuadratureOptions = {},
): number {
  const result = integrateVector(
    (x, out) => {
      out[0] = f(x);
    },
    1,
    points,
    options,
  );
  return result[0] ?? 0;
}
