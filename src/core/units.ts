/**
 * Branded units. Mixing seconds with milliseconds, or tokens with blocks, is the bug class of
 * schedulers and simulators; the brand makes the compiler catch it. Brands are erased at run time.
 */
declare const unit: unique symbol;

/** A duration or instant in seconds (the unit of every public time in llmsched). */
export type Seconds = number & { readonly [unit]: 'seconds' };
/** A duration in milliseconds (cost-model tables and UI only). */
export type Ms = number & { readonly [unit]: 'ms' };
/** A count of tokens. */
export type Tokens = number & { readonly [unit]: 'tokens' };
/** A count of KV-cache blocks. */
export type Blocks = number & { readonly [unit]: 'blocks' };

export const seconds = (value: number): Seconds => value as Seconds;
export const ms = (value: number): Ms => value as Ms;
export const tokens = (value: number): Tokens => value as Tokens;
export const blocks = (value: number): Blocks => value as Blocks;

export const msToSeconds = (value: Ms): Seconds => seconds(value / 1000);
export const secondsToMs = (value: Seconds): Ms => ms(value * 1000);

/** Blocks needed to hold `count` tokens with `blockSize` tokens a block. */
export const blocksFor = (count: Tokens, blockSize: Tokens): Blocks =>
  blocks(Math.ceil(count / blockSize));
