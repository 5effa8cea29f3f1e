/**
 * Modified Bessel function of the second kind K_nu(z), z > 0, by the trapezoid rule on
 * K_nu(z) = int_0^inf exp(-z cosh t) cosh(nu t) dt. The integrand is analytic and decays
 * double-exponentially, so the trapezoid rule converges spectrally (algorithms.md 15.3).
 *
 * @example
 * besselK(0.5, 1); // sqrt(pi/2) e^-1 = 0.4610685...
 */
export function besselK(nu: number, z: number): number {
  if (!(z > 0)) return Number.POSITIVE_INFINITY;
  const step = 0.05;
  let sum = 0.5 * Math.exp(-z);
  for (let k = 1; k < 100000; k++) {
    const t = k * step;
    const term = Math.exp(-z * Math.cosh(t)) * Math.cosh(nu * t);
    sum += term;
    if (term < 1e-18 * sum && t > 1) break;
  }
  return sum * step;
}

/**
 * I_nu(y) = int_0^inf t^(nu-1) exp(-t - y/t) dt = 2 y^(nu/2) K_nu(2 sqrt(y)); I_nu(0) = Gamma(nu)
 * for nu > 0. The building block of the exponential closed forms (algorithms.md 15.3).
 */
export function besselIntegral(nu: number, y: number, gammaAtNu: number): number {
  if (y <= 0) return gammaAtNu;
  return 2 * y ** (nu / 2) * besselK(nu, 2 * Math.sqrt(y));
}
