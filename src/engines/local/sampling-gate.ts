/**
 * Makes node-llama-cpp's sampling safe for a batch of several sequences: the first sampling after
 * each llama_decode runs alone, the batch's other samplings start once it has finished.
 *
 * Why: llama.cpp (since ggml-org/llama.cpp#14853) reorders a batch's output rows lazily, on the
 * first `llama_get_logits*` call after a decode, and that reorder is not thread-safe.
 * node-llama-cpp samples every sequence of a batch on its own libuv worker thread, all at once.
 * When a decode's outputs are out of batch order (the per-sequence KV streams split a batch of
 * prompts of different lengths with `split_equal`), two workers can apply the same row swaps twice
 * and undo them. One request then samples another's logits: under load, 6 runs in 300 of
 * `scripts/engine-determinism.ts` gave a request exactly another's first tokens, with
 * `llama_decode calls == steps` in every one of them (the batch was never split).
 *
 * Once the first sampling has applied the reorder, the pending list is empty and the other
 * samplings only read, so they may run in parallel.
 */
import type { LlamaContext } from 'node-llama-cpp';
import { SchedulerError } from '../../core/errors.js';

/** The two methods of node-llama-cpp's native context object (`LlamaContext._ctx`) we wrap. */
export interface NativeDecodeSample {
  decodeBatch(...args: unknown[]): Promise<unknown>;
  sampleToken(...args: unknown[]): Promise<unknown>;
}

/**
 * Wraps `native`'s methods in place: a decode opens a new gate; the first sampling after it runs
 * alone and the others wait until it has settled. Returns `native`.
 */
export function gateSampling<T extends NativeDecodeSample>(native: T): T {
  const decode = native.decodeBatch.bind(native);
  const sample = native.sampleToken.bind(native);
  let first: Promise<unknown> | undefined;
  // own properties: the native object's methods are read-only on its prototype
  Object.defineProperty(native, 'decodeBatch', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]): Promise<unknown> => {
      first = undefined;
      return decode(...args);
    },
  });
  Object.defineProperty(native, 'sampleToken', {
    configurable: true,
    writable: true,
    value: (...args: unknown[]): Promise<unknown> => {
      if (first !== undefined) return first.then(() => sample(...args));
      const result = sample(...args);
      first = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
  });
  return native;
}

/** Gates the native context of a node-llama-cpp context (its internal `_ctx`; 3.21.1). */
export function gateContextSampling(context: LlamaContext): void {
  const native = (context as unknown as { _ctx?: Partial<NativeDecodeSample> })._ctx;
  if (typeof native?.decodeBatch !== 'function' || typeof native.sampleToken !== 'function') {
    throw new SchedulerError(
      'ENGINE_FAILURE',
      'node-llama-cpp internals changed: LlamaContext._ctx.decodeBatch/sampleToken not found ' +
        '(the engine serialises the first sampling after each decode through them)',
    );
  }
  gateSampling(native as NativeDecodeSample);
}
