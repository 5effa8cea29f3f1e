/** `ownTbt`: a request's max and p99 inter-token gap, with every gap fed to the sketch. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencySketch } from './latency-sketch.js';
import { quantileSorted } from './latency-stats.js';
import { ownTbt } from './token-gaps.js';

describe('ownTbt', () => {
  it('equals the max and the sorted p99 of the gaps, and feeds every gap to the sketch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 600 }),
        (steps) => {
          const times: number[] = [];
          let t = 0;
          for (const step of steps) {
            t += step;
            times.push(t);
          }
          const gaps = times.slice(1).map((x, i) => x - (times[i] as number));
          const sketch = new LatencySketch();
          const own = ownTbt(times, times.length, sketch);
          const sorted = Float64Array.from(gaps).sort();
          expect(sketch.count).toBe(gaps.length);
          expect(own.max).toBe(gaps.length > 0 ? Math.max(...gaps) : 0);
          expect(own.p99).toBe(gaps.length > 0 ? quantileSorted(sorted, 0.99) : 0);
        },
      ),
    );
  });
});
