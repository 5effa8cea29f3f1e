/**
 * Prompt text for a trace request sent over HTTP (traces carry lengths, not text): the request's
 * own `prompt` when it has one, else about `promptTokens` common English words (about one token
 * each for BPE tokenizers). Blocks named by `prefixHashes` get the same words in every request
 * that shares them (so prefix caches and prefix-affinity routing see the sharing); the rest is
 * drawn per request. Deterministic in (seed, request).
 */
import type { SchedRequest } from '../../core/request.js';
import { createRng, type Rng } from '../../core/rng.js';
import { prefixBlockSize } from '../../workloads/prefix-block-size.js';

const words = (
  'the of and to in is you that it he was for on are as with his they at be this have from or ' +
  'one had by word but not what all were we when your can said there use an each which she do how ' +
  'their if will up other about out many then them these so some her would make like him into time ' +
  'has look two more write go see number no way could people my than first water been call who oil'
).split(' ');

function draw(rng: Rng, count: number, out: string[]): void {
  for (let i = 0; i < count; i++) out.push(words[rng.nextUint32() % words.length] as string);
}

export function replayPrompt(request: SchedRequest, seed: number): string {
  if (request.prompt !== undefined) return request.prompt;
  const length = Math.max(1, request.promptTokens);
  const out: string[] = [];
  const root = createRng(seed);
  for (const hash of request.prefixHashes ?? []) {
    if (out.length + prefixBlockSize > length) break;
    draw(root.fork(`block:${hash}`), prefixBlockSize, out);
  }
  if (out.length < length)
    draw(createRng(seed).fork(`request:${request.id}`), length - out.length, out);
  return out.join(' ');
}
