/**
 * Injected time. Simulators pass a virtual clock; the real engine and the gateway pass a system
 * clock (created in `engines/` or `cli/`, the only places that read wall time).
 */

import type { Seconds } from './units.js';

/** The time source an executor reads: `now()` in seconds and an abortable `sleep`. */
export interface Clock {
  now(): Seconds;
  sleep(duration: Seconds, signal?: AbortSignal): Promise<void>;
}

/** A clock that only moves when told to: deterministic tests and simulations. */
export class VirtualClock implements Clock {
  #now: number;
  constructor(start = 0) {
    this.#now = start;
  }
  now(): Seconds {
    return this.#now as Seconds;
  }
  /** Moves time forward to `at` (never backwards). */
  advanceTo(at: Seconds): void {
    if (at < this.#now) throw new Error(`virtual clock cannot go back from ${this.#now} to ${at}`);
    this.#now = at;
  }
  sleep(duration: Seconds): Promise<void> {
    this.#now += duration;
    return Promise.resolve();
  }
}
