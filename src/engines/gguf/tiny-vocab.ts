/**
 * A small SentencePiece-style ("llama" tokenizer model) vocabulary for generated models:
 * <unk>, <s>, </s>, the 256 byte-fallback tokens <0x00>..<0xFF> (so any UTF-8 text tokenizes),
 * single printable ASCII characters and the word-boundary mark U+2581, then the prefix chains of
 * common English words ("▁t", "▁th", "▁the") so llama.cpp's SPM bigram merging reaches whole words.
 * Scores decrease with list position (earlier = preferred merge), as in SentencePiece models.
 */

/** llama.cpp token types (llama_token_type). */
export const TokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export interface Vocabulary {
  readonly tokens: readonly string[];
  readonly scores: readonly number[];
  readonly types: readonly number[];
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
}

const SPACE_MARK = '\u2581';

const WORDS = `the of and to in is was for that on with as by at from his her he she it they we you
this be are or an not but had have has which one all were their there been if more when will would who
so no out up into do can about than its only other new some time could these two may first then any
like my now over such our man me even most made after also did many before must through back years
where much your way well down should because each just those people how too little state good very
make world still own see men work long get here between both life being under never day same
another know while last might us great old year off come since against go came right used take three
request token model prompt output input cache queue server client batch policy short long first
fast slow time wait serve engine reply answer write read text word line please tell explain list
hello world thanks question help number code data test user system assistant summary story`
  .split(/\s+/)
  .filter((w) => w.length > 0);

/** Builds the vocabulary (deterministic; no randomness involved). */
export function buildTinyVocabulary(): Vocabulary {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  const seen = new Set(tokens);
  const add = (piece: string): void => {
    if (seen.has(piece)) return;
    seen.add(piece);
    tokens.push(piece);
    types.push(TokenType.normal);
  };
  add(SPACE_MARK);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c));
  for (const word of WORDS) {
    const marked = SPACE_MARK + word;
    for (let k = 2; k <= marked.length; k++) add(marked.slice(0, k));
    for (let k = 2; k <= word.length; k++) add(word.slice(0, k));
  }
  const scores = tokens.map((_, i) => (i < 259 ? 0 : -(i - 259)));
  return { tokens, scores, types, unkId: 0, bosId: 1, eosId: 2 };
}
