/**
 * One timer armed at the earliest of the times asked for: `arm(at)` moves it earlier, never later;
 * when it fires it calls `wake` once and is free again. It never keeps the process alive (unref).
 * The admission queue uses it to wake at the earliest queued TTFT deadline.
 *
 * @example
 * const timer = new WakeTimer(() => clock.now(), () => queue.pump());
 * timer.arm(request.arrival + request.ttftSlo); // seconds on the same clock as `now`
 */
export class WakeTimer {
  readonly #now: () => number;
  readonly #wake: () => void;
  #timer: NodeJS.Timeout | undefined;
  #at = Number.POSITIVE_INFINITY;

  constructor(now: () => number, wake: () => void) {
    this.#now = now;
    this.#wake = wake;
  }

  /** Wakes at `at` (clock seconds), unless the timer is already armed earlier. */
  arm(at: number): void {
    if (at >= this.#at) return;
    clearTimeout(this.#timer);
    this.#at = at;
    const ms = Math.max(0, (at - this.#now()) * 1000) + 1;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#at = Number.POSITIVE_INFINITY;
      this.#wake();
    }, ms);
    this.#timer.unref();
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
  }
}
