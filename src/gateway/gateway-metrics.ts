/**
 * Prometheus metrics of the gateway (prom-client, one registry per gateway instance), served as
 * text at GET /metrics. Names are prefixed `llmsched_`; label sets stay small (backend, tenant,
 * outcome, reason) so scraping stays cheap. The histograms observed per request are
 * SeriesHistograms (series-histogram.ts: the same text at /metrics as prom-client's Histogram,
 * without its per-call label hashing); counters and gauges are prom-client's.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { type HistogramSeries, SeriesHistogram } from './series-histogram.js';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const tokenBuckets = [1, 4, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

export type Outcome = 'completed' | 'cancelled' | 'error';

/** A completed request's latency histograms for one backend and tenant (label lookup done once). */
export interface LatencySeries {
  readonly ttft: HistogramSeries;
  readonly tpot: HistogramSeries;
  readonly e2e: HistogramSeries;
  readonly completed: Counter.Internal;
  readonly predicted: HistogramSeries;
  readonly actual: HistogramSeries;
  readonly predictionRatio: HistogramSeries;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'backend' | 'tenant' | 'outcome'>;
  readonly rejections: Counter<'tenant' | 'reason'>;
  readonly ttft: SeriesHistogram<'backend' | 'tenant'>;
  readonly tpot: SeriesHistogram<'backend' | 'tenant'>;
  readonly e2e: SeriesHistogram<'backend' | 'tenant'>;
  readonly queueDelay: SeriesHistogram<'tenant'>;
  readonly predicted: SeriesHistogram<'backend'>;
  readonly actual: SeriesHistogram<'backend'>;
  readonly predictionRatio: SeriesHistogram<'backend'>;
  readonly selfPredictionSeconds: Counter;
  readonly selfPredictions: Counter;
  readonly retries: Counter<'backend'>;
  readonly policyErrors: Counter;
  /** Latency series by backend, then tenant (looked up per request: no key string built). */
  readonly #series = new Map<string, Map<string, LatencySeries>>();
  readonly #queueDelayByTenant = new Map<string, HistogramSeries>();

  constructor(state: { queueDepth: () => number; running: () => Record<string, number> }) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'llmsched_requests_total',
      help: 'Requests that ended, by backend, tenant and outcome',
      labelNames: ['backend', 'tenant', 'outcome'],
      registers,
    });
    this.rejections = new Counter({
      name: 'llmsched_rejections_total',
      help: 'Requests refused at admission (queue_full, deadline_unmeetable, draining, ...)',
      labelNames: ['tenant', 'reason'],
      registers,
    });
    const histogram = <L extends string>(
      name: string,
      help: string,
      labels: L[],
      buckets: number[],
    ) => new SeriesHistogram<L>({ name, help, labelNames: labels, buckets, registers });
    this.ttft = histogram(
      'llmsched_ttft_seconds',
      'Arrival to first token',
      ['backend', 'tenant'],
      latencyBuckets,
    );
    this.tpot = histogram(
      'llmsched_tpot_seconds',
      'Time per output token after the first',
      ['backend', 'tenant'],
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    );
    this.e2e = histogram(
      'llmsched_e2e_seconds',
      'Arrival to last token',
      ['backend', 'tenant'],
      latencyBuckets,
    );
    this.queueDelay = histogram(
      'llmsched_queue_delay_seconds',
      'Arrival to dispatch',
      ['tenant'],
      latencyBuckets,
    );
    this.predicted = histogram(
      'llmsched_predicted_output_tokens',
      'Predicted output tokens of completed requests',
      ['backend'],
      tokenBuckets,
    );
    this.actual = histogram(
      'llmsched_actual_output_tokens',
      'Actual output tokens of completed requests',
      ['backend'],
      tokenBuckets,
    );
    this.predictionRatio = histogram(
      'llmsched_prediction_ratio',
      'Predicted / actual output tokens',
      ['backend'],
      [0.125, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8],
    );
    this.selfPredictionSeconds = new Counter({
      name: 'llmsched_self_prediction_seconds_total',
      help: 'Seconds spent on LLM self-prediction queries (their cost)',
      registers,
    });
    this.selfPredictions = new Counter({
      name: 'llmsched_self_predictions_total',
      help: 'LLM self-prediction queries sent',
      registers,
    });
    this.retries = new Counter({
      name: 'llmsched_retries_total',
      help: 'Requests retried on another backend after a failure before the first byte',
      labelNames: ['backend'],
      registers,
    });
    this.policyErrors = new Counter({
      name: 'llmsched_policy_errors_total',
      help: 'Policy plans that threw (the queue fell back to arrival order)',
      registers,
    });
    new Gauge({
      name: 'llmsched_queue_depth',
      help: 'Requests waiting at the gateway',
      registers,
      collect() {
        this.set(state.queueDepth());
      },
    });
    new Gauge({
      name: 'llmsched_running',
      help: 'Requests in flight per backend',
      labelNames: ['backend'],
      registers,
      collect() {
        for (const [backend, n] of Object.entries(state.running())) this.set({ backend }, n);
      },
    });
  }

  /** The queue-delay histogram of one tenant (cached). */
  queueDelayOf(tenant: string): HistogramSeries {
    let found = this.#queueDelayByTenant.get(tenant);
    if (!found) {
      found = this.queueDelay.labels({ tenant });
      this.#queueDelayByTenant.set(tenant, found);
    }
    return found;
  }

  /** The per-(backend, tenant) series of completed requests, cached (prom-client hashes labels). */
  series(backend: string, tenant: string): LatencySeries {
    let byTenant = this.#series.get(backend);
    if (!byTenant) {
      byTenant = new Map();
      this.#series.set(backend, byTenant);
    }
    let found = byTenant.get(tenant);
    if (!found) {
      found = {
        ttft: this.ttft.labels({ backend, tenant }),
        tpot: this.tpot.labels({ backend, tenant }),
        e2e: this.e2e.labels({ backend, tenant }),
        completed: this.requests.labels({ backend, tenant, outcome: 'completed' }),
        predicted: this.predicted.labels({ backend }),
        actual: this.actual.labels({ backend }),
        predictionRatio: this.predictionRatio.labels({ backend }),
      };
      byTenant.set(tenant, found);
    }
    return found;
  }
}
