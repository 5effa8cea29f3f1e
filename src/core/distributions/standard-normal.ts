import type { Rng } from '../rng.js';

/**
 * The standard normal distribution: CDF (via W. J. Cody's rational erfc, ~1e-15 relative, also in
 * the far tail), quantile (Acklam's rational approximation plus one Halley step, ~1e-15), and
 * exact sampling (Box-Muller).
 * Used by the lognormal service distribution and the lognormal prediction model.
 */

/** Complementary error function, accurate to ~1e-15 relative (W. J. Cody's rational fits). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 0.5) return 1 - erfSmall(x);
  if (x < 4) {
    const p = [
      3.004592610201616005e2, 4.519189537118729422e2, 3.393208167343436870e2,
      1.529892850469404039e2, 4.316222722205673530e1, 7.211758250883093659, 5.641955174789739711e-1,
      -1.368648573827167067e-7,
    ];
    const q = [
      3.004592609569832933e2, 7.909509253278980272e2, 9.313540948506096211e2,
      6.389802644656311665e2, 2.775854447439876434e2, 7.700015293522947295e1,
      1.278272731962942351e1, 1,
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
    -2.99610707703542174e-3, -4.94730910623250734e-2, -2.26956593539686930e-1,
    -2.78661308609647788e-1, -2.23192459734184686e-2,
  ];
  const q = [
    1.06209230528467918e-2, 1.91308926107829841e-1, 1.05167510706793207, 1.98733201817135256, 1,
  ];
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
    3.209377589138469473e3, 3.774852376853020208e2, 1.138641541510501556e2,
    3.161123743870565597, 1.857777061846031527e-1,
  ];
  const q = [
    2.844236833439170622e3, 1.282616526077372276e3, 2.440246379344441733e2, 2.360129095234412093e1,
    1,
  ];
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

/** Standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Inverse of normalCdf for p in (0, 1): Acklam's approximation refined by one Halley step. */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1, 1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];
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
