/**
 * A labelled Prometheus histogram whose label sets (`HistogramSeries`) are plain arrays, for the
 * per-request observations of the gateway. prom-client's own Histogram child re-validates and
 * re-hashes its labels and finds its bucket through a property keyed by the bound (a number turned
 * into a string) on every `observe`: several microseconds a call on the gateway's hot path, six
 * calls a request. Here a label set is looked up once (`labels()`, cached) and `observe` is a loop
 * over the bounds and three additions.
 *
 * It is registered in a prom-client `Registry` as a custom metric: `get()` returns the values in
 * prom-client's shape (per label set, in the order of first observation: a cumulative `_bucket`
 * per bound with `le`, the `+Inf` bucket, `_sum`, `_count`), so `/metrics` prints exactly what a
 * prom-client Histogram with the same name, help, buckets and observations prints
 * (series-histogram.test.ts compares the two texts). Like prom-client, a label set appears once
 * observed, and a value that is not finite throws a TypeError.
 *
 * @example
 * const e2e = new SeriesHistogram({ name: 'x_seconds', help: 'x', labelNames: ['backend'], buckets: [0.1, 1], registers: [registry] });
 * e2e.labels({ backend: 'b0' }).observe(0.4);
 */
import type { Histogram, Registry } from 'prom-client';

export interface SeriesHistogramOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Upper bounds, increasing (the `+Inf` bucket is implicit). */
  readonly buckets: readonly number[];
  readonly registers: readonly Registry[];
}

/** One label set of a SeriesHistogram. */
export class HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bound (not cumulative): counts[i] holds bounds[i-1] < value <= bounds[i]. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  readonly #bounds: readonly number[];
  readonly #onFirst: (series: HistogramSeries) => void;

  constructor(
    labels: Readonly<Record<string, string>>,
    bounds: readonly number[],
    onFirst: (series: HistogramSeries) => void,
  ) {
    this.labels = labels;
    this.#bounds = bounds;
    this.counts = new Float64Array(bounds.length);
    this.#onFirst = onFirst;
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= (bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        break;
      }
    }
    this.sum += value;
    if (this.count++ === 0) this.#onFirst(this);
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/** A value as prom-client's Histogram `get()` returns it. */
interface HistogramValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
  readonly exemplar?: null;
}

export class SeriesHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames: readonly L[];
  readonly upperBounds: readonly number[];
  readonly #byKey = new Map<string, HistogramSeries>();
  /** Label sets observed since the last reset, in the order of their first observation. */
  #observed: HistogramSeries[] = [];
  readonly #onFirst = (series: HistogramSeries): void => {
    this.#observed.push(series);
  };

  constructor(options: SeriesHistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.upperBounds = Object.freeze([...options.buckets]);
    // a custom collector: the Registry reads only name, type, get() and reset() (its types name
    // prom-client's own metric classes, hence the cast)
    for (const registry of options.registers)
      registry.registerMetric(this as unknown as Histogram<L>);
  }

  /** The series of one label set (created once, then cached). */
  labels(labels: Readonly<Record<L, string>>): HistogramSeries {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name]}\u0000`;
    let found = this.#byKey.get(key);
    if (found === undefined) {
      const own: Record<string, string> = {};
      for (const name of this.labelNames) own[name] = labels[name];
      found = new HistogramSeries(own, this.upperBounds, this.#onFirst);
      this.#byKey.set(key, found);
    }
    return found;
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: HistogramValue[];
    aggregator: 'sum';
  }> {
    const bucket = `${this.name}_bucket`;
    const values: HistogramValue[] = [];
    for (const series of this.#observed) {
      let cumulative = 0;
      for (const [i, bound] of this.upperBounds.entries()) {
        cumulative += series.counts[i] as number;
        values.push({
          labels: { le: bound, ...series.labels },
          value: cumulative,
          metricName: bucket,
          exemplar: null,
        });
      }
      values.push({
        labels: { le: '+Inf', ...series.labels },
        value: series.count,
        metricName: bucket,
        exemplar: null,
      });
      values.push({
        labels: { ...series.labels },
        value: series.sum,
        metricName: `${this.name}_sum`,
      });
      values.push({
        labels: { ...series.labels },
        value: series.count,
        metricName: `${this.name}_count`,
      });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  /** Forgets every observation (the Registry's resetMetrics). */
  reset(): void {
    for (const series of this.#observed) series.reset();
    this.#observed = [];
  }
}
