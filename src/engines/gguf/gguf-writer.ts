/**
 * A minimal GGUF v3 serializer: metadata key/values and F32/F16 tensors, aligned as llama.cpp expects
 * (header, KVs, tensor infos, padding to `general.alignment`, tensor data each at an aligned offset).
 * Layout reference: ggml's gguf.cpp / docs/gguf.md. Pure: returns bytes; the caller writes the file.
 */
import { assertNever } from '../../core/assert-never.js';
import { toFloat16Bits } from './float16.js';

/** GGUF metadata value types (gguf_type). */
const GgufType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufValue =
  | { readonly kind: 'uint32'; readonly value: number }
  | { readonly kind: 'int32'; readonly value: number }
  | { readonly kind: 'float32'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'string[]'; readonly value: readonly string[] }
  | { readonly kind: 'float32[]'; readonly value: readonly number[] }
  | { readonly kind: 'int32[]'; readonly value: readonly number[] };

/** ggml tensor types this writer emits. */
export type TensorType = 'f32' | 'f16';
const ggmlType: Record<TensorType, number> = { f32: 0, f16: 1 };
const typeBytes: Record<TensorType, number> = { f32: 4, f16: 2 };

export interface GgufTensor {
  readonly name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  readonly dims: readonly number[];
  readonly type: TensorType;
  readonly data: Float32Array;
}

export const GGUF_ALIGNMENT = 32;

/** Growable little-endian byte buffer. */
class ByteSink {
  #buf = Buffer.alloc(1 << 16);
  #len = 0;
  get length(): number {
    return this.#len;
  }
  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = Buffer.alloc(size);
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
  u32(v: number): void {
    this.#reserve(4);
    this.#buf.writeUInt32LE(v >>> 0, this.#len);
    this.#len += 4;
  }
  i32(v: number): void {
    this.#reserve(4);
    this.#buf.writeInt32LE(v | 0, this.#len);
    this.#len += 4;
  }
  u64(v: number): void {
    this.#reserve(8);
    this.#buf.writeBigUInt64LE(BigInt(v), this.#len);
    this.#len += 8;
  }
  f32(v: number): void {
    this.#reserve(4);
    this.#buf.writeFloatLE(v, this.#len);
    this.#len += 4;
  }
  u8(v: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = v;
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.#reserve(bytes.length);
    bytes.copy(this.#buf, this.#len);
    this.#len += bytes.length;
  }
  pad(alignment: number): void {
    while (this.#len % alignment !== 0) this.u8(0);
  }
  bytes(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.kind) {
    case 'uint32':
      sink.u32(GgufType.uint32);
      sink.u32(v.value);
      return;
    case 'int32':
      sink.u32(GgufType.int32);
      sink.i32(v.value);
      return;
    case 'float32':
      sink.u32(GgufType.float32);
      sink.f32(v.value);
      return;
    case 'bool':
      sink.u32(GgufType.bool);
      sink.u8(v.value ? 1 : 0);
      return;
    case 'string':
      sink.u32(GgufType.string);
      sink.str(v.value);
      return;
    case 'string[]':
      sink.u32(GgufType.array);
      sink.u32(GgufType.string);
      sink.u64(v.value.length);
      for (const s of v.value) sink.str(s);
      return;
    case 'float32[]':
      sink.u32(GgufType.array);
      sink.u32(GgufType.float32);
      sink.u64(v.value.length);
      for (const x of v.value) sink.f32(x);
      return;
    case 'int32[]':
      sink.u32(GgufType.array);
      sink.u32(GgufType.int32);
      sink.u64(v.value.length);
      for (const x of v.value) sink.i32(x);
      return;
    default:
      assertNever(v);
  }
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Serializes a complete GGUF v3 file. */
export function encodeGguf(
  metadata: ReadonlyMap<string, GgufValue>,
  tensors: readonly GgufTensor[],
): Buffer {
  const head = new ByteSink();
  head.u32(0x46554747); // "GGUF"
  head.u32(3);
  head.u64(tensors.length);
  head.u64(metadata.size);
  for (const [key, value] of metadata) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`tensor ${t.name}: dims ${t.dims.join('x')} but ${t.data.length} values`);
    }
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(ggmlType[t.type]);
    head.u64(offset);
    offsets.push(offset);
    offset = alignUp(offset + count * typeBytes[t.type], GGUF_ALIGNMENT);
  }
  head.pad(GGUF_ALIGNMENT);
  const header = head.bytes();
  const out = Buffer.alloc(header.length + offset);
  header.copy(out, 0);
  tensors.forEach((t, i) => {
    let at = header.length + (offsets[i] as number);
    if (t.type === 'f32') {
      for (const x of t.data) {
        out.writeFloatLE(x, at);
        at += 4;
      }
    } else {
      for (const x of t.data) {
        out.writeUInt16LE(toFloat16Bits(x), at);
        at += 2;
      }
    }
  });
  return out;
}
