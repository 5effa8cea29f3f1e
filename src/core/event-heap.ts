/**
 * Binary min-heap keyed by (at, priority, seq) with deterministic tie-breaking:
 * earlier time first, then lower `priority` (an event-type rank), then insertion order.
 * `seq` is a per-heap counter, never a global one, so two runs with the same inputs pop the same order.
 *
 * @example
 * const heap = new EventHeap<string>();
 * heap.push(1.5, 0, 'arrive');
 * heap.pop(); // { at: 1.5, value: 'arrive' }
 */
export class EventHeap<T> {
  #at: number[] = [];
  #priority: number[] = [];
  #seq: number[] = [];
  #values: T[] = [];
  #counter = 0;

  get size(): number {
    return this.#values.length;
  }

  push(at: number, priority: number, value: T): void {
    const i = this.#values.length;
    this.#at.push(at);
    this.#priority.push(priority);
    this.#seq.push(this.#counter++);
    this.#values.push(value);
    this.#up(i);
  }

  /** Time of the earliest event, or undefined when empty. */
  peekAt(): number | undefined {
    return this.#at[0];
  }

  peek(): T | undefined {
    return this.#values[0];
  }

  pop(): { at: number; value: T } | undefined {
    const n = this.#values.length;
    if (n === 0) return undefined;
    const at = this.#at[0] as number;
    const value = this.#values[0] as T;
    const last = n - 1;
    this.#move(last, 0);
    this.#at.pop();
    this.#priority.pop();
    this.#seq.pop();
    this.#values.pop();
    if (last > 0) this.#down(0);
    return { at, value };
  }

  #less(i: number, j: number): boolean {
    const ai = this.#at[i] as number;
    const aj = this.#at[j] as number;
    if (ai !== aj) return ai < aj;
    const pi = this.#priority[i] as number;
    const pj = this.#priority[j] as number;
    if (pi !== pj) return pi < pj;
    return (this.#seq[i] as number) < (this.#seq[j] as number);
  }

  #move(from: number, to: number): void {
    this.#at[to] = this.#at[from] as number;
    this.#priority[to] = this.#priority[from] as number;
    this.#seq[to] = this.#seq[from] as number;
    this.#values[to] = this.#values[from] as T;
  }

  #swap(i: number, j: number): void {
    const at = this.#at[i] as number;
    const priority = this.#priority[i] as number;
    const seq = this.#seq[i] as number;
    const value = this.#values[i] as T;
    this.#move(j, i);
    this.#at[j] = at;
    this.#priority[j] = priority;
    this.#seq[j] = seq;
    this.#values[j] = value;
  }

  #up(i: number): void {
    let k = i;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.#less(k, parent)) return;
      this.#swap(k, parent);
      k = parent;
    }
  }

  #down(i: number): void {
    const n = this.#values.length;
    let k = i;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.#less(right, left) ? right : left;
      if (!this.#less(child, k)) return;
      this.#swap(child, k);
      k = child;
    }
  }
}
