/**
 * Prompt token ids for a trace request (traces carry lengths, not text). Deterministic: the tokens of
 * each prefix block come from an RNG stream named by the block's hash, so requests that share
 * `prefixHashes` (a system prompt, an application) share the same leading tokens, and the engine's
 * prefix reuse sees what the simulator's prefix cache sees. The rest is drawn from a per-request
 * stream. A request with `prompt` text is tokenized instead (truncated or padded to its length).
 * Ids avoid the first `reserved` entries (control and byte-fallback tokens of SPM vocabularies).
 */
import type { SchedRequest } from '../../core/request.js';
import { createRng, type Rng } from '../../core/rng.js';
import { prefixBlockSize } from '../../workloads/prefix-block-size.js';

export interface PromptVocabulary {
  readonly size: number;
  /** Leading ids not to draw (default 259: <unk>, <s>, </s>, 256 bytes). */
  readonly reserved?: number;
  readonly bos?: number;
}

function draw(rng: Rng, count: number, vocab: PromptVocabulary, out: number[]): void {
  const low = Math.min(vocab.reserved ?? 259, Math.max(0, vocab.size - 1));
  const span = Math.max(1, vocab.size - low);
  for (let i = 0; i < count; i++) out.push(low + (rng.nextUint32() % span));
}

export function tracePrompt(
  request: SchedRequest,
  vocab: PromptVocabulary,
  seed: number,
  tokenize?: (text: string) => number[],
): number[] {
  const length = Math.max(1, request.promptTokens);
  const out: number[] = [];
  if (request.prompt !== undefined && tokenize) {
    out.push(...tokenize(request.prompt).slice(0, length));
  } else {
    if (vocab.bos !== undefined) out.push(vocab.bos);
    const root = createRng(seed);
    for (const hash of request.prefixHashes ?? []) {
      if (out.length + prefixBlockSize > length) break;
      draw(root.fork(`block:${hash}`), prefixBlockSize, vocab, out);
    }
  }
  if (out.length < length)
    draw(createRng(seed).fork(`request:${request.id}`), length - out.length, vocab, out);
  return out;
}
