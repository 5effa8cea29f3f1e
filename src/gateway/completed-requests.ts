/**
 * The bookkeeping of completed requests, kept off the response path: each completed request's
 * histogram observations and the predictor's online update (`observe`, one SGD step) are queued
 * when its response ends and recorded once per event-loop turn (setImmediate: after the poll
 * phase, so the other responses and arrivals ready in the same turn are served first). `flush()`
 * records what is pending at once (drain, `/metrics`).
 *
 * TTFT and TPOT are observed for streamed requests only: a non-stream response arrives whole, so
 * the gateway never sees its first token (observing E2E as TTFT, and 0 as TPOT, misreported both).
 *
 * @example
 * const completed = new CompletedRequests(predictor);
 * completed.add({ series, e2e: 0.4, tokens: 12, input }); // recorded later in this turn
 */
import type { PredictorInput } from '../predictors/predictor.js';
import type { LatencySeries } from './gateway-metrics.js';
import type { GatewayPredictor } from './gateway-predictor.js';

export interface CompletedRequest {
  /** The (backend, tenant) histograms it counts in. */
  readonly series: LatencySeries;
  /** Seconds from arrival to the last byte. */
  readonly e2e: number;
  /** Streamed requests: seconds from arrival to the first token, and per later token. */
  readonly ttft?: number | undefined;
  readonly tpot?: number | undefined;
  /** Output tokens (usage, or counted). */
  readonly tokens: number;
  readonly predicted?: number | undefined;
  /** What the predictor saw at arrival (it learns the actual length). */
  readonly input: PredictorInput;
}

export class CompletedRequests {
  readonly #predictor: GatewayPredictor | undefined;
  #pending: CompletedRequest[] = [];
  #scheduled = false;
  readonly #onImmediate = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  constructor(predictor: GatewayPredictor | undefined) {
    this.#predictor = predictor;
  }

  add(record: CompletedRequest): void {
    this.#pending.push(record);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#onImmediate);
  }

  /** Records every pending request now. */
  flush(): void {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    // the completed counter (a prom-client child, which hashes its labels per call) is
    // incremented once per run of records in the same series
    let run: LatencySeries | undefined;
    let runLength = 0;
    for (const r of batch) {
      const series = r.series;
      if (series !== run) {
        if (run !== undefined) run.completed.inc(runLength);
        run = series;
        runLength = 0;
      }
      runLength++;
      series.e2e.observe(r.e2e);
      if (r.ttft !== undefined) series.ttft.observe(r.ttft);
      if (r.tpot !== undefined) series.tpot.observe(r.tpot);
      series.actual.observe(r.tokens);
      if (r.predicted !== undefined) {
        series.predicted.observe(r.predicted);
        if (r.tokens > 0) series.predictionRatio.observe(r.predicted / r.tokens);
      }
      if (r.tokens > 0) this.#predictor?.observe(r.input, r.tokens);
    }
    if (run !== undefined) run.completed.inc(runLength);
  }
}
