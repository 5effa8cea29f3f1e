/**
 * One HTTP exchange whose whole response body is wanted as text (the non-stream completions of the
 * openai backend), on undici's handler-level `dispatch` API: the body's chunks are kept and decoded
 * once at the end, with no response stream, header object or async resource per request (what
 * `pool.request` + `body.text()` allocate and run; about 1.5 KB and a few microseconds a request).
 * The text is decoded as `body.text()` decodes it (UTF-8, a leading byte-order mark skipped).
 *
 * Outcome: `response` settles with what the `outcome` functions (one object per backend, no
 * closure per request) make of the exchange, called synchronously when it ends: `complete` with
 * the final status and the body text, or `fail` with undici's error (connection, timeout, the
 * cancellation's), the status so far (0 before the final response headers; 1xx are skipped) and
 * whether the signal aborted; what either returns resolves `response`, what either throws rejects
 * it (no second promise to continue the first).
 * Cancelling (`signal.abort()`) aborts the exchange, closing its connection if it started.
 *
 * @example
 * const exchange = new BufferedExchange(signal, { complete: (status, text) => text, fail: (e) => { throw e } });
 * pool.dispatch({ path: '/v1/chat/completions', method: 'POST', headers, body }, exchange);
 * const text = await exchange.response;
 */
import { type Dispatcher, errors } from 'undici';
import type { CancelSource } from './cancel-source.js';

/** What an exchange's end becomes (`response`'s value, or what it throws). */
export interface ExchangeOutcome<T> {
  /** The whole body arrived. */
  complete(status: number, text: string): T;
  /** undici failed the exchange (`status` 0: before the final response headers). */
  fail(error: Error, status: number, aborted: boolean): T;
}

export class BufferedExchange<T> implements Dispatcher.DispatchHandlers {
  /** The final response status; 0 before the response headers. */
  status = 0;
  readonly response: Promise<T>;
  readonly #signal: CancelSource;
  readonly #outcome: ExchangeOutcome<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: Error) => void;
  #abort: ((reason?: Error) => void) | undefined;
  #chunks: Buffer[] = [];
  #length = 0;
  readonly #onCancel = (): void => {
    this.#abort?.(new errors.RequestAbortedError());
  };

  constructor(signal: CancelSource, outcome: ExchangeOutcome<T>) {
    this.#signal = signal;
    this.#outcome = outcome;
    this.response = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (!signal.aborted) signal.onAbort = this.#onCancel;
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#signal.aborted) {
      abort(new errors.RequestAbortedError());
      return;
    }
    this.#abort = abort;
  }

  onHeaders(statusCode: number): boolean {
    if (statusCode >= 200) this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    return true;
  }

  onComplete(): void {
    this.#release();
    let value: T;
    try {
      value = this.#outcome.complete(this.status, decode(this.#chunks, this.#length));
    } catch (error) {
      this.#reject(error as Error);
      return;
    }
    this.#resolve(value);
  }

  onError(error: Error): void {
    this.#release();
    let value: T;
    try {
      value = this.#outcome.fail(error, this.status, this.#signal.aborted);
    } catch (thrown) {
      this.#reject(thrown as Error);
      return;
    }
    this.#resolve(value);
  }

  /** Done: the cancellation no longer reaches this exchange. */
  #release(): void {
    if (this.#signal.onAbort === this.#onCancel) this.#signal.onAbort = undefined;
  }
}

/** UTF-8 text of the chunks, a leading byte-order mark skipped (as undici's `body.text()`). */
function decode(chunks: readonly Buffer[], length: number): string {
  if (chunks.length === 0 || length === 0) return '';
  const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  const bom = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return buffer.toString('utf8', bom ? 3 : 0);
}
