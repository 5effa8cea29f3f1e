import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import { seconds } from '../../core/units.js';
import type { GenerationResult, TokenEvent } from './engine-request.js';
import { forEachTextDelta } from './text-deltas.js';

/** Token 1 is the first half of 'é' (no text alone); 2 completes it; 3 is 'x'. */
const detokenize = (tokens: readonly number[]): string =>
  tokens.map((t, i) => (t === 1 ? (tokens[i + 1] === 2 ? 'é' : '') : t === 2 ? '' : 'x')).join('');

async function* events(tokens: readonly number[]): AsyncIterable<TokenEvent> {
  for (const [index, token] of tokens.entries())
    yield { id: requestId('t'), token, index, at: seconds(index) };
}

describe('forEachTextDelta', () => {
  it('writes each token text delta, a split character once whole', async () => {
    const written: string[] = [];
    const handle = {
      id: requestId('t'),
      tokens: events([3, 1, 2, 3]),
      result: new Promise<GenerationResult>(() => {}),
    };
    await forEachTextDelta({ detokenize }, handle, (delta) => written.push(delta));
    expect(written).toEqual(['x', '', 'é', 'x']);
    expect(written.join('')).toBe(detokenize([3, 1, 2, 3]));
  });
});
