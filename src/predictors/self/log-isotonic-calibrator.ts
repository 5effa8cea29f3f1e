/**
 * Online calibration of a model's self-estimate to actual lengths: isotonic (monotone
 * non-decreasing) regression of log(actual) on log(answer), by pool-adjacent-violators over the
 * most recent `window` pairs, refitted lazily when new pairs arrived. Between fitted points it
 * interpolates linearly in log space; outside, it holds the end values shifted by the log
 * difference (slope 1). `spread` is the standard deviation of the log residuals (the width of
 * the predicted log-normal), with a floor.
 * Fewer than `minPairs` pairs: the identity map and a wide default spread.
 *
 * @example
 * const calibrator = createLogIsotonicCalibrator();
 * calibrator.add(100, 140);
 * calibrator.map(100); // ~140 once enough pairs exist
 */
export interface LogIsotonicCalibrator {
  add(answer: number, actual: number): void;
  map(answer: number): number;
  spread(): number;
  readonly size: number;
}

export function createLogIsotonicCalibrator(
  options: { readonly window?: number; readonly minPairs?: number } = {},
): LogIsotonicCalibrator {
  const window = options.window ?? 2000;
  const minPairs = options.minPairs ?? 5;
  const pairs: { x: number; y: number }[] = [];
  let knots: { x: number; y: number }[] = [];
  let sigma = 1;
  let stale = true;
  const refit = (): void => {
    stale = false;
    const sorted = [...pairs].sort((a, b) => a.x - b.x);
    // pool adjacent violators on blocks {x (mean), y (mean), w}
    const blocks: { x: number; y: number; w: number }[] = [];
    for (const { x, y } of sorted) {
      blocks.push({ x, y, w: 1 });
      while (blocks.length >= 2) {
        const last = blocks[blocks.length - 1]!;
        const previous = blocks[blocks.length - 2]!;
        if (previous.y <= last.y) break;
        const w = previous.w + last.w;
        blocks.splice(blocks.length - 2, 2, {
          x: (previous.x * previous.w + last.x * last.w) / w,
          y: (previous.y * previous.w + last.y * last.w) / w,
          w,
        });
      }
    }
    knots = blocks.map(({ x, y }) => ({ x, y }));
    let squares = 0;
    for (const { x, y } of pairs) squares += (y - interpolate(x)) ** 2;
    sigma = Math.max(0.15, Math.sqrt(squares / Math.max(1, pairs.length)));
  };
  const interpolate = (x: number): number => {
    const first = knots[0];
    const last = knots[knots.length - 1];
    if (first === undefined || last === undefined) return x;
    if (x <= first.x) return first.y + (x - first.x);
    if (x >= last.x) return last.y + (x - last.x);
    let low = 0;
    let high = knots.length - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if ((knots[mid]?.x ?? 0) <= x) low = mid;
      else high = mid;
    }
    const a = knots[low]!;
    const b = knots[high]!;
    return b.x === a.x ? a.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
  };
  return {
    add(answer, actual) {
      if (!(answer > 0) || !(actual >= 0)) return;
      pairs.push({ x: Math.log(answer), y: Math.log(Math.max(1, actual)) });
      if (pairs.length > window) pairs.shift();
      stale = true;
    },
    map(answer) {
      if (pairs.length < minPairs) return answer;
      if (stale) refit();
      return Math.exp(interpolate(Math.log(Math.max(1, answer))));
    },
    spread() {
      if (pairs.length < minPairs) return 1;
      if (stale) refit();
      return sigma;
    },
    get size() {
      return pairs.length;
    },
  };
}
