/**
 * The softmax regression's two inner loops (softmax-regression.ts) in WebAssembly SIMD, over the
 * weights kept in the module's memory: `dot` (the logits: each class's sum of its features'
 * terms) and `update` (the SGD step on the weights). Two classes at a time in f64x2 lanes, one
 * feature row at a time in feature order: each lane does the JavaScript loops' double-precision
 * multiplications and additions in the same order (float32 weights widened exactly, and rounded
 * back to float32 to nearest-even as a Float32Array store does; WebAssembly has no fused
 * multiply-add), so the results are the same bits (learned-identity.test.ts).
 *
 *   memory: [ weights: dimension x classes float32 | rows: int32 x capacity |
 *             values: float64 x capacity | vector: float64 x classes ]
 *
 *   dot(n):     vector = 0; for j < n: vector[k] += values[j] * weights[rows[j] + k]
 *   update(n):  for j < n: weights[rows[j] + k] -= values[j] * vector[k]   (rows: byte offsets)
 *
 * `createSoftmaxKernel` returns undefined (the caller keeps its JavaScript loops) when the class
 * count is odd, the table is too large, or the runtime refuses the module or the memory.
 */

/** The kernel of one model: its weights and the arrays a call reads. */
export interface SoftmaxKernel {
  /** The model's weights (row-major by feature), in the kernel's memory. */
  readonly weights: Float32Array;
  /** Features a call takes at most. */
  readonly capacity: number;
  /** Byte offset of each feature's row (feature index x classes x 4). */
  readonly rows: Int32Array;
  /** Each feature's value (`dot`) or step (`update`). */
  readonly values: Float64Array;
  /** The logits `dot` writes, or the per-class deltas `update` reads. */
  readonly vector: Float64Array;
  dot(n: number): void;
  update(n: number): void;
}

const capacity = 4096;
/** Tables past this many bytes keep the JavaScript loops (row offsets must fit an int32). */
const maxWeightBytes = 1 << 30;

// --- a minimal WebAssembly encoder for the two functions below ---
const leb = (n: number): number[] => {
  const out: number[] = [];
  let rest = n >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
};
const vector = (items: readonly (readonly number[])[]): number[] => [
  ...leb(items.length),
  ...items.flat(),
];
const section = (id: number, bytes: readonly number[]): number[] => [
  id,
  ...leb(bytes.length),
  ...bytes,
];
const name = (text: string): number[] => [
  ...leb(text.length),
  ...Array.from(text, (c) => c.charCodeAt(0)),
];
const i32 = 0x7f;
const v128 = 0x7b;
const simd = (op: number): number[] => [0xfd, ...leb(op)];
/** Load/store immediates: alignment exponent, offset 0. */
const memarg = (align: number): number[] => [align, 0];
const get = (local: number): number[] => [0x20, local];
const set = (local: number): number[] => [0x21, local];
const const32 = (n: number): number[] => [0x41, n]; // n < 64 (one-byte signed LEB128)
const add32 = 0x6a;
const shl32 = 0x74;
const geS32 = 0x4e;
/** `for (; counter < limit; counter++) body` as block/loop/br_if (counter set by the caller). */
const loop = (counter: number, limit: number, body: readonly number[]): number[] => [
  0x02,
  0x40,
  0x03,
  0x40,
  ...get(counter),
  ...get(limit),
  geS32,
  0x0d,
  1,
  ...body,
  ...get(counter),
  ...const32(1),
  add32,
  ...set(counter),
  0x0c,
  0,
  0x0b,
  0x0b,
];

// params: 0 rows, 1 values, 2 n, 3 pairs, 4 vector; locals: 5 j, 6 p, 7 base, 8 at (i32), 9 x (v128)
const locals = [...leb(2), ...leb(4), i32, ...leb(1), v128];
/** base = rows[j]; x = f64x2.splat(values[j]); at = vector; p = 0 */
const rowStart = [
  ...get(0),
  ...get(5),
  ...const32(2),
  shl32,
  add32,
  0x28,
  ...memarg(2),
  ...set(7),
  ...get(1),
  ...get(5),
  ...const32(3),
  shl32,
  add32,
  0x2b,
  ...memarg(3),
  ...simd(0x14),
  ...set(9),
  ...get(4),
  ...set(8),
  ...const32(0),
  ...set(6),
];
/** base += 8 (two float32 weights); at += 16 (two float64) */
const advance = [...get(7), ...const32(8), add32, ...set(7), ...get(8), ...const32(16), add32];
const advanceAt = [...advance, ...set(8)];
/** two widened weights: f64x2.promote_low_f32x4(v128.load64_zero(base)) */
const widened = [...get(7), ...simd(0x5d), ...memarg(3), ...simd(0x5f)];
const dotBody = [
  // vector = 0
  ...get(4),
  ...set(8),
  ...const32(0),
  ...set(6),
  ...loop(6, 3, [
    ...get(8),
    ...simd(0x0c),
    ...new Array<number>(16).fill(0),
    ...simd(0x0b),
    ...memarg(4),
    ...get(8),
    ...const32(16),
    add32,
    ...set(8),
  ]),
  ...const32(0),
  ...set(5),
  ...loop(5, 2, [
    ...rowStart,
    // vector[p] = vector[p] + x * weights
    ...loop(6, 3, [
      ...get(8),
      ...get(8),
      ...simd(0x00),
      ...memarg(4),
      ...get(9),
      ...widened,
      ...simd(0xf2),
      ...simd(0xf0),
      ...simd(0x0b),
      ...memarg(4),
      ...advanceAt,
    ]),
  ]),
  0x0b,
];
const updateBody = [
  ...const32(0),
  ...set(5),
  ...loop(5, 2, [
    ...rowStart,
    // weights = f32x4.demote_f64x2_zero(weights - x * vector[p]), the low 64 bits stored
    ...loop(6, 3, [
      ...get(7),
      ...widened,
      ...get(9),
      ...get(8),
      ...simd(0x00),
      ...memarg(4),
      ...simd(0xf2),
      ...simd(0xf1),
      ...simd(0x5e),
      ...simd(0x5b),
      ...memarg(3),
      0,
      ...advanceAt,
    ]),
  ]),
  0x0b,
];
const code = (body: readonly number[]): number[] => {
  const bytes = [...locals, ...body];
  return [...leb(bytes.length), ...bytes];
};
const moduleBytes = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
  ...section(1, vector([[0x60, ...vector([[i32], [i32], [i32], [i32], [i32]]), 0]])),
  ...section(2, vector([[...name('m'), ...name('memory'), 0x02, 0x00, 1]])),
  ...section(3, vector([[0], [0]])),
  ...section(
    7,
    vector([
      [...name('dot'), 0x00, 0],
      [...name('update'), 0x00, 1],
    ]),
  ),
  ...section(10, vector([code(dotBody), code(updateBody)])),
]);

/** The part of the WebAssembly API used here (the project's type libraries declare no values). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (limits: {
    initial: number;
    maximum: number;
  }) => {
    readonly buffer: ArrayBuffer;
  };
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(moduleBytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

type Entry = (rows: number, values: number, n: number, pairs: number, vector: number) => void;

/** The kernel for a `dimension` x `classes` model, or undefined (keep the JavaScript loops). */
export function createSoftmaxKernel(dimension: number, classes: number): SoftmaxKernel | undefined {
  const weightBytes = dimension * classes * 4;
  if (classes % 2 !== 0 || classes < 2 || weightBytes > maxWeightBytes) return undefined;
  const module = kernelModule();
  if (module === null || wasm === undefined) return undefined;
  const rowsAt = Math.ceil(weightBytes / 16) * 16;
  const valuesAt = rowsAt + capacity * 4;
  const vectorAt = valuesAt + capacity * 8;
  const pages = Math.ceil((vectorAt + classes * 8) / 65536);
  try {
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    const instance = new wasm.Instance(module, { m: { memory } });
    const dot = instance.exports['dot'] as Entry;
    const update = instance.exports['update'] as Entry;
    const pairs = classes / 2;
    return {
      weights: new Float32Array(memory.buffer, 0, dimension * classes),
      capacity,
      rows: new Int32Array(memory.buffer, rowsAt, capacity),
      values: new Float64Array(memory.buffer, valuesAt, capacity),
      vector: new Float64Array(memory.buffer, vectorAt, classes),
      dot: (n) => dot(rowsAt, valuesAt, n, pairs, vectorAt),
      update: (n) => update(rowsAt, valuesAt, n, pairs, vectorAt),
    };
  } catch {
    // no memory (address space) or no instance: the JavaScript loops
    return undefined;
  }
}
