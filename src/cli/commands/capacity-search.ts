/**
 * The capacity search (Sarathi-Serve, Vidur): the highest load at which a policy still meets its
 * capacity criterion (capacity-criterion.ts). Loads are probed with `passes(load)`:
 * 1. bracket: from `start`, double while the load passes (or halve while it fails) until one
 *    passing and one failing load are known;
 * 2. bisect between them until (high - low) / high <= tolerance.
 * Assumes a load that fails makes every higher load fail (true in expectation; a noisy run may
 * break it locally).
 */
export interface CapacityProbe {
  readonly load: number;
  readonly passed: boolean;
}

export interface CapacitySearchOptions {
  readonly start: number;
  /** Relative width of the final bracket (default 0.02). */
  readonly tolerance?: number;
  /** Bracketing steps allowed each way (default 12: a factor of 4096). */
  readonly maxDoublings?: number;
}

export type CapacityOutcome =
  | { readonly kind: 'found'; readonly load: number; readonly probes: readonly CapacityProbe[] }
  | {
      readonly kind: 'below-range';
      readonly lowest: number;
      readonly probes: readonly CapacityProbe[];
    }
  | {
      readonly kind: 'above-range';
      readonly highest: number;
      readonly probes: readonly CapacityProbe[];
    };

export async function searchCapacity(
  passes: (load: number) => Promise<boolean> | boolean,
  options: CapacitySearchOptions,
): Promise<CapacityOutcome> {
  const tolerance = options.tolerance ?? 0.02;
  const maxSteps = options.maxDoublings ?? 12;
  const probes: CapacityProbe[] = [];
  const probe = async (load: number): Promise<boolean> => {
    const passed = await passes(load);
    probes.push({ load, passed });
    return passed;
  };
  let low: number;
  let high: number;
  if (await probe(options.start)) {
    low = options.start;
    high = low * 2;
    let steps = 0;
    while (await probe(high)) {
      low = high;
      high *= 2;
      if (++steps >= maxSteps) return { kind: 'above-range', highest: low, probes };
    }
  } else {
    high = options.start;
    low = high / 2;
    let steps = 0;
    while (!(await probe(low))) {
      high = low;
      low /= 2;
      if (++steps >= maxSteps) return { kind: 'below-range', lowest: low, probes };
    }
  }
  while ((high - low) / high > tolerance) {
    const middle = (low + high) / 2;
    if (await probe(middle)) low = middle;
    else high = middle;
  }
  return { kind: 'found', load: low, probes };
}
