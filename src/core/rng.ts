/**
 * Seeded, forkable random numbers: xoshiro128** (Blackman & Vigna), seeded by splitmix32.
 *
 * `fork(label)` derives an independent stream from the parent's *seed* and the label, without drawing
 * from the parent, so adding a draw in one consumer never shifts another consumer's stream.
 *
 * @example
 * const rng = createRng(42);
 * const arrivals = rng.fork('arrivals');
 * const u = arrivals.next(); // in [0, 1)
 */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Fills `out` with the next `out.length` values of `nextUint32()` (faster in bulk). */
  fill(out: Uint32Array): void;
  /** An independent stream named `label`. */
  fork(label: string): Rng;
  readonly seed: number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, for deriving fork seeds. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a xoshiro128** stream from a 32-bit seed. */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  // The state lives in an Int32Array: plain `let` variables captured by these closures would box
  // every update that leaves the small-integer range (an allocation per draw in V8).
  const state = new Int32Array(4);
  state[0] = init();
  state[1] = init();
  state[2] = init();
  state[3] = init();
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  const nextUint32 = (): number => {
    const a = state[0] as number;
    const b = state[1] as number;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    const c = (state[2] as number) ^ a;
    const d = (state[3] as number) ^ b;
    const b2 = b ^ c;
    state[0] = a ^ d;
    state[1] = b2;
    state[2] = c ^ t;
    state[3] = rotl(d, 11);
    return result;
  };
  const fill = (out: Uint32Array): void => {
    let a = state[0] as number;
    let b = state[1] as number;
    let c = state[2] as number;
    let d = state[3] as number;
    let x = 0;
    let t = 0;
    // rotl written out: a call to the module-level function is re-checked on every iteration.
    // Four values an iteration: the loop's own cost (the array's map and bounds, the counter's
    // overflow check, the interrupt check, register moves) is shared by four draws.
    const n = out.length;
    const whole = n - (n & 3);
    let i = 0;
    for (; i < whole; i = (i + 4) | 0) {
      x = Math.imul(b, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      x = Math.imul(b, 5);
      out[(i + 1) | 0] = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      x = Math.imul(b, 5);
      out[(i + 2) | 0] = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      x = Math.imul(b, 5);
      out[(i + 3) | 0] = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    for (; i < n; i++) {
      x = Math.imul(b, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  };
  return {
    seed: seed >>> 0,
    nextUint32,
    fill,
    next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
    fork: (label: string) =>
      createRng((Math.imul(seed >>> 0, 0x9e3779b1) ^ hashLabel(label)) >>> 0),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
