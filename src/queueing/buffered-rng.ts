/**
 * An Rng that reads its source stream in blocks (`source.fill`), for hot loops: the same values
 * in the same order as the source's own `nextUint32()` / `next()`, at the cost of a typed-array
 * read per draw. Forks are the source's forks (a fork never draws).
 *
 * The first blocks are small (16, 32, ... up to 4096 values): V8 then sees `fill` run to its end
 * several times before it optimises the loop inside it; otherwise the optimised loop lacks
 * feedback for the code after it and is thrown away (deoptimised) at the end of every block.
 * Block sizes never change the values.
 *
 * @example
 * const rng = new BufferedRng(createRng(1).fork('service'));
 * exponentialDistribution(1).sample(rng); // same value as with the unbuffered fork
 */

import type { Rng } from '../core/rng.js';

const block = 4096;
const firstBlock = 16;

export class BufferedRng implements Rng {
  readonly #source: Rng;
  readonly #buffer = new Uint32Array(block);
  /**
   * [0]: the next unread value of the buffer, [1]: the values filled in it. In an array of 32
   * (more than 64 bytes: outside the JS heap) rather than two fields: where V8 inlines `next`
   * into a specialised fill loop these are plain int32 loads and stores at a constant address,
   * not tagged small integers with overflow checks.
   */
  readonly #cursor = new Int32Array(32);
  /** Size of the next fill. */
  #size = firstBlock;
  readonly seed: number;

  constructor(source: Rng) {
    this.#source = source;
    this.seed = source.seed;
  }

  nextUint32(): number {
    const cursor = this.#cursor;
    if (cursor[0] === cursor[1]) this.#refill();
    const at = cursor[0] as number;
    cursor[0] = (at + 1) | 0;
    return this.#buffer[at] as number;
  }

  next(): number {
    const cursor = this.#cursor;
    const at = cursor[0] as number;
    if (at > (((cursor[1] as number) - 2) | 0)) {
      // Fewer than two values left in the block: the slow path refills in between.
      return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
    }
    const buffer = this.#buffer;
    cursor[0] = (at + 2) | 0;
    return (
      (((buffer[at] as number) >>> 5) * 67108864 + ((buffer[(at + 1) | 0] as number) >>> 6)) /
      9007199254740992
    );
  }

  fill(out: Uint32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.nextUint32();
  }

  fork(label: string): Rng {
    return this.#source.fork(label);
  }

  #refill(): void {
    const size = this.#size;
    this.#source.fill(size === block ? this.#buffer : this.#buffer.subarray(0, size));
    this.#cursor[0] = 0;
    this.#cursor[1] = size;
    if (size < block) this.#size = size * 2;
  }
}
