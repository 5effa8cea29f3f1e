/**
 * One HTTP exchange whose whole response body is wanted as text (the non-stream completions of the
 * openai backend), on undici's handler-level `dispatch` API: the body's chunks are kept and decoded
 * once at the end, with no response stream, header object or async resource per request (what
 * `pool.request` + `body.text()` allocate and run; about 1.5 KB and a few microseconds a request).
 * The text is decoded as `body.text()` decodes it (UTF-8, a leading byte-order mark skipped).
 *
 * Outcome: `response` resolves with the body text once the exchange completes, or rejects with
 * undici's error (connection, timeout, the cancellation's); `status` is 0 until the final response
 * headers arrive (1xx are skipped), so a rejection says whether it came before or after them.
 * Cancelling (`signal.abort()`) aborts the exchange, closing its connection if it started.
 *
 * @example
 * const exchange = new BufferedExchange(signal);
 * pool.dispatch({ path: '/v1/chat/completions', method: 'POST', headers, body }, exchange);
 * const text = await exchange.response; // exchange.status: 200, 404, ...
 */
import { type Dispatcher, errors } from 'undici';
import type { CancelSource } from './cancel-source.js';

export class BufferedExchange implements Dispatcher.DispatchHandlers {
  /** The final response status; 0 before the response headers. */
  status = 0;
  readonly response: Promise<string>;
  readonly #signal: CancelSource;
  #resolve!: (text: string) => void;
  #reject!: (error: Error) => void;
  #abort: ((reason?: Error) => void) | undefined;
  #chunks: Buffer[] = [];
  #length = 0;
  readonly #onCancel = (): void => {
    this.#abort?.(new errors.RequestAbortedError());
  };

  constructor(signal: CancelSource) {
    this.#signal = signal;
    this.response = new Promise<string>((resolve, reject) => {
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
    this.#resolve(decode(this.#chunks, this.#length));
  }

  onError(error: Error): void {
    this.#release();
    this.#reject(error);
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
