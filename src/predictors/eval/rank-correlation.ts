/**
 * Rank correlations for judging predicted against actual lengths.
 *
 * `kendallTauB` is Knight's O(n log n) algorithm (sort by x then y, count tied pairs, count
 * discordant pairs as merge-sort swaps on y), exact with ties: tau-b =
 * (n0 - n1 - n2 + n3 - 2 * swaps) / sqrt((n0 - n1) (n0 - n2)), with n0 = n(n-1)/2, n1 pairs tied in
 * x, n2 pairs tied in y and n3 pairs tied in both. No sampling is needed at our sizes (n <= 10^6).
 * `spearman` is the Pearson correlation of average ranks (ties share their mean rank).
 * Both return 0 when one side is constant (undefined correlation).
 *
 * @example
 * kendallTauB([1, 2, 3], [1, 3, 2]); // 1/3
 */
function tiedPairs(sorted: ArrayLike<number>, order: ArrayLike<number>): number {
  let pairs = 0;
  let run = 1;
  for (let i = 1; i <= order.length; i++) {
    if (i < order.length && sorted[order[i] ?? 0] === sorted[order[i - 1] ?? 0]) run++;
    else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs;
}

export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (x[a] ?? 0) - (x[b] ?? 0) || (y[a] ?? 0) - (y[b] ?? 0));
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(x, order);
  // pairs tied in both x and y
  let n3 = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    const a = order[i] ?? 0;
    const b = order[i - 1] ?? 0;
    if (i < n && x[a] === x[b] && y[a] === y[b]) run++;
    else {
      n3 += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  // merge sort the order by y, counting swaps (discordant pairs)
  let swaps = 0;
  let source = order;
  let target = new Array<number>(n);
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const middle = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let left = start;
      let right = middle;
      let out = start;
      while (left < middle && right < end) {
        const l = source[left] ?? 0;
        const r = source[right] ?? 0;
        if ((y[r] ?? 0) < (y[l] ?? 0)) {
          target[out++] = r;
          right++;
          swaps += middle - left;
        } else {
          target[out++] = l;
          left++;
        }
      }
      while (left < middle) target[out++] = source[left++] ?? 0;
      while (right < end) target[out++] = source[right++] ?? 0;
    }
    [source, target] = [target, source];
  }
  const n2 = tiedPairs(y, source);
  const denominator = Math.sqrt((n0 - n1) * (n0 - n2));
  if (!(denominator > 0)) return 0;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denominator;
}

/** Average ranks (1-based); ties get the mean of their positions. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Array<number>(values.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] ?? 0] === values[order[start] ?? 0]) end++;
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const denominator = Math.sqrt(sxx * syy);
  return denominator > 0 ? sxy / denominator : 0;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(averageRanks(x), averageRanks(y));
}
