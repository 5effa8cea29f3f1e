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
 * The tokenizer loads on first use (its import takes most of a second: commands and library users
 * that never tokenize do not pay it).
 *
 * Fallback: if the tokenizer throws, words and punctuation are hashed instead (about chars/4
 * pseudo-tokens, each a 32-bit FNV hash); `fallback` is then true and callers count it.
 *
 * @example
 * tokenizeWindow('What is 2+2?', { headChars: 512, tailChars: 512 }).ids; // o200k ids
 */

import { createRequire } from 'node:module';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

/** The head and tail tokens of a prompt, and whether they came from the fallback tokenizer. */
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

let encodeO200k: typeof O200k.encode | undefined;

function encode(text: string, options: typeof noSpecial): number[] {
  encodeO200k ??= (
    createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as typeof O200k
  ).encode;
  return encodeO200k(text, options);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const noSpecial = { disallowedSpecial: new Set<string>(), allowedSpecial: new Set<string>() };

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code >= 128
  );
}

/**
 * Words (runs of letters, digits, `_` and non-ASCII characters) and single punctuation characters
 * of `text[from, to)`, each a 32-bit FNV-1a hash: a tokenizer-free split costing one pass over the
 * characters (no vocabulary lookups). A word cut by the window edge is hashed as cut.
 *
 * @example
 * hashWords('Hello, world', 0, 12).length; // 3
 */
export function hashWords(text: string, from: number, to: number): number[] {
  const ids: number[] = [];
  hashWordsInto(text, from, to, ids, 0);
  return ids;
}

/**
 * `hashWords` written into `out` from index `at` (at most `to - from` ids); returns the index
 * after the last one written.
 */
export function hashWordsInto(
  text: string,
  from: number,
  to: number,
  out: number[],
  at: number,
): number {
  let n = at;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (isWordChar(code)) {
      h = Math.imul(h ^ code, 0x01000193);
      inWord = true;
      continue;
    }
    if (inWord) {
      out[n++] = h >>> 0;
      h = 0x811c9dc5;
      inWord = false;
    }
    // whitespace separates; any other character is a token of its own
    if (code > 32) out[n++] = Math.imul(0x811c9dc5 ^ code, 0x01000193) >>> 0;
  }
  if (inWord) out[n++] = h >>> 0;
  return n;
}

function fallbackTokens(text: string): number[] {
  return hashWords(text, 0, text.length);
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
  if (options.headChars + options.tailChars <= 0) return { head: [], tail: [], fallback: false };
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
