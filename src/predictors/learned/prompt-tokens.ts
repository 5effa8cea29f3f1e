import { encode } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * The prompt's tokens for feature extraction, with the real tokenizer the data was counted with
 * (gpt-tokenizer, o200k_base).
 *
 * Only a window of the text is tokenized: the first `headChars` and the last `tailChars`
 * characters (the instruction usually sits at one end; a table or document in the middle adds cost
 * and little signal). This bounds the cost of a prediction whatever the prompt size; the request
 * itself is never truncated, and the exact prompt length comes from `promptTokens`.
 * Lone UTF-16 surrogates in the window (text that was not valid UTF-8/UTF-16, or a pair cut by
 * the window) are replaced by U+FFFD;
 * special-token strings such as `<|endoftext|>` are encoded as plain text.
 *
 * Fallback: if the tokenizer throws, words and punctuation are hashed instead (about chars/4
 * pseudo-tokens, each a 32-bit FNV hash); `fallback` is then true and callers count it.
 *
 * @example
 * tokenizeWindow('What is 2+2?', { headChars: 512, tailChars: 512 }).ids; // o200k ids
 */
export interface TokenWindow {
  readonly head: readonly number[];
  /** Tail tokens (empty when the whole text fits in the head window). */
  readonly tail: readonly number[];
  readonly fallback: boolean;
}

export interface WindowOptions {
  readonly headChars: number;
  readonly tailChars: number;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const noSpecial = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

function fallbackTokens(text: string): number[] {
  const ids: number[] = [];
  for (const match of text.matchAll(/\w+|[^\s\w]/g)) {
    let h = 0x811c9dc5;
    const word = match[0];
    for (let i = 0; i < word.length; i++) {
      h ^= word.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    ids.push(h >>> 0);
  }
  return ids;
}

/** Replaces lone surrogates only when there may be one (the regex costs more than the scan). */
function wellFormed(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return text.replace(loneSurrogate, '\uFFFD');
  }
  return text;
}

export function tokenizeWindow(prompt: string, options: WindowOptions): TokenWindow {
  // slice first (a huge prompt is never scanned whole); a pair cut in two becomes U+FFFD
  const whole = prompt.length <= options.headChars + options.tailChars;
  const headText = wellFormed(whole ? prompt : prompt.slice(0, options.headChars));
  const tailText = whole ? '' : wellFormed(prompt.slice(prompt.length - options.tailChars));
  try {
    return {
      head: encode(headText, noSpecial),
      tail: tailText === '' ? [] : encode(tailText, noSpecial),
      fallback: false,
    };
  } catch {
    return { head: fallbackTokens(headText), tail: fallbackTokens(tailText), fallback: true };
  }
}
