/**
 * Items in ascending order, produced lazily: heapify in O(n), then each `next()` in O(log n).
 * RankBatch stops at the first request that does not fit, so it usually needs only the first few
 * hundred of thousands of waiting requests; a full sort would cost O(n log n) every step.
 *
 * @example
 * const order = createLazyOrder([3, 1, 2], (a, b) => a - b);
 * order.next(); // 1
 */
export interface LazyOrder<T> {
  /** The next smallest item, or undefined when exhausted. */
  next(): T | undefined;
}

export function createLazyOrder<T>(items: T[], compare: (a: T, b: T) => number): LazyOrder<T> {
  const heap = items;
  let size = heap.length;
  const down = (start: number): void => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && compare(heap[right] as T, heap[left] as T) < 0 ? right : left;
      if (compare(heap[child] as T, heap[i] as T) >= 0) return;
      const t = heap[i] as T;
      heap[i] = heap[child] as T;
      heap[child] = t;
      i = child;
    }
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  return {
    next() {
      if (size === 0) return undefined;
      const top = heap[0] as T;
      size--;
      if (size > 0) {
        heap[0] = heap[size] as T;
        down(0);
      }
      return top;
    },
  };
}
