/**
 * Wall time for the real engine and the gateway: `performance.now()` (monotonic) in seconds since
 * the clock was created. The only clock below `cli/` that reads real time.
 */

import type { Clock } from '../core/clock.js';
import { type Seconds, seconds } from '../core/units.js';

/**
 * Wall time for the real engine and the gateway: `performance.now()` (monotonic) in seconds since
 * the clock was created.
 */
export class SystemClock implements Clock {
  readonly #origin = performance.now();

  now(): Seconds {
    return seconds((performance.now() - this.#origin) / 1000);
  }

  sleep(duration: Seconds, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (duration <= 0 || signal?.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, duration * 1000);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
