/**
 * The standard normal distribution: CDF (via W. J. Cody's rational erfc, ~1e-15 relative, also in
 * the far tail), quantile (Acklam's rational approximation plus one Halley step, ~1e-15), and
 * exact sampling (Box-Muller).
 * Used by the lognormal service distribution and the lognormal prediction model.
 */
import type { Rng } from '../rng.js';

/** Complementary error function, accurate to ~1e-15 relative (W. J. Cody's rational fits). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSmall(x);
  if (x < 4) {
    const p = [
      300.4592610201616, 451.9189537118729, 339.3208167343437, 152.9892850469404,
      43.162227222056735, 7.2117582508830935, 0.564195517478974, -1.368648573827167e-7,
    ];
    const q = [
      300.4592609569833, 790.9509253278981, 931.3540948506096, 638.9802644656312,
      277.58544474398764, 77.00015293522948, 12.782727319629423, 1,
    ];
    let num = 0;
    let den = 0;
    for (let i = 7; i >= 0; i--) {
      num = num * x + (p[i] ?? 0);
      den = den * x + (q[i] ?? 0);
    }
    return Math.exp(-x * x) * (num / den);
  }
  const p = [
    -0.002996107077035422, -0.04947309106232507, -0.22695659353968692, -0.2786613086096478,
    -0.02231924597341847,
  ];
  const q = [0.010620923052846792, 0.19130892610782985, 1.051675107067932, 1.9873320181713525, 1];
  const z = 1 / (x * x);
  let num = 0;
  let den = 0;
  for (let i = 4; i >= 0; i--) {
    num = num * z + (p[i] ?? 0);
    den = den * z + (q[i] ?? 0);
  }
  const r = (z * num) / den;
  return (Math.exp(-x * x) / x) * (1 / Math.sqrt(Math.PI) + r);
}

function erfSmall(x: number): number {
  const p = [
    3209.3775891384694, 377.485237685302, 113.86415415105016, 3.1611237438705655,
    0.18577770618460315,
  ];
  const q = [2844.236833439171, 1282.6165260773723, 244.02463793444417, 23.601290952344122, 1];
  const z = x * x;
  let num = 0;
  let den = 0;
  for (let i = 4; i >= 0; i--) {
    num = num * z + (p[i] ?? 0);
    den = den * z + (q[i] ?? 0);
  }
  return (x * num) / den;
}

/** P(N <= z) for N ~ N(0, 1). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Inverse of normalCdf for p in (0, 1): Acklam's approximation refined by one Halley step. */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 1.38357751867269e2,
    -30.66479806614716, 2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572, 1,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = horner(c, q) / horner(d, q);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (horner(a, r) * q) / horner(b, r);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -horner(c, q) / horner(d, q);
  }
  // One Halley step against the accurate CDF.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/** Evaluates a polynomial with coefficients from the highest degree down. */
function horner(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (const coefficient of coefficients) sum = sum * x + coefficient;
  return sum;
}

/** One exact N(0, 1) draw (Box-Muller, using 1 - u so the log never sees 0). */
export function sampleNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
