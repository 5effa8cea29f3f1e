/**
 * A request's output as text, piece by piece as the engine produces it: each token's delta is the
 * whole output detokenized minus what was already written, so a character spread over several
 * tokens comes out whole once its last token is in (`llmsched engine generate` and the gateway's
 * `local` backend both stream this way).
 */
import type { EngineHandle } from './engine-handle.js';
import type { LocalEngine } from './local-engine.js';

/** Calls `write` with each text delta of `handle`'s tokens; resolves when the request's stream ends. */
export async function forEachTextDelta(
  engine: Pick<LocalEngine, 'detokenize'>,
  handle: EngineHandle,
  write: (delta: string) => void,
): Promise<void> {
  const emitted: number[] = [];
  let text = '';
  for await (const event of handle.tokens) {
    emitted.push(event.token);
    const full = engine.detokenize(emitted);
    write(full.slice(text.length));
    text = full;
  }
}
