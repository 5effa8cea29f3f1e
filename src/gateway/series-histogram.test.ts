/** SeriesHistogram against prom-client's Histogram: the same /metrics text for any observations. */
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SeriesHistogram } from './series-histogram.js';

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

describe('SeriesHistogram', () => {
  it('prints at /metrics exactly what a prom-client Histogram prints', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom('b0', 'b1', 'local-0'),
            fc.constantFrom('default', 'team "a"', 'x\\y'),
            fc.oneof(
              fc.constantFrom(...buckets, 0, -1, 500),
              fc.double({ min: -1, max: 200, noNaN: true }),
            ),
          ),
          { maxLength: 60 },
        ),
        async (observations) => {
          const theirs = new Registry();
          const ours = new Registry();
          const config = {
            name: 'llmsched_e2e_seconds',
            help: 'Arrival to last token',
            labelNames: ['backend', 'tenant'] as const,
            buckets,
          };
          const reference = new Histogram({
            ...config,
            labelNames: [...config.labelNames],
            registers: [theirs],
          });
          const fast = new SeriesHistogram({ ...config, registers: [ours] });
          for (const [backend, tenant, value] of observations) {
            reference.labels({ backend, tenant }).observe(value);
            fast.labels({ backend, tenant }).observe(value);
          }
          expect(await ours.metrics()).toBe(await theirs.metrics());
          expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
          theirs.resetMetrics();
          ours.resetMetrics();
          expect(await ours.metrics()).toBe(await theirs.metrics());
        },
      ),
    );
  });

  it('refuses a value that is not finite, as prom-client does', () => {
    const fast = new SeriesHistogram({
      name: 'x',
      help: 'x',
      labelNames: ['backend'],
      buckets: [1],
      registers: [],
    });
    expect(() => fast.labels({ backend: 'b' }).observe(Number.NaN)).toThrow(TypeError);
  });
});
