/**
 * A strict, dependency-free check of a GGUF file's header before llama.cpp sees it: magic `GGUF`,
 * version 2 or 3, plausible counts, every metadata key/value and tensor info readable, at least
 * one tensor, and every tensor's data offset inside the file. Reads only the header (a few MB of a
 * multi-GB model) in 64 KiB pieces. Failure: MODEL_INVALID naming the file and the first problem,
 * e.g. `m.gguf: not a GGUF file (starts with "PK\u0003\u0004", expected "GGUF")`.
 *
 * @example
 * const header = checkGgufFile('model.gguf'); // { version: 3, tensors: 201, contextLength: 2048, ... }
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SchedulerError } from '../../core/errors.js';
import { readErrorReason } from '../../io/read-error-reason.js';

/**
 * What the header check read: the format version, the tensor count, the architecture and its
 * trained context.
 */
export interface GgufHeader {
  readonly version: number;
  readonly tensors: number;
  readonly architecture: string | undefined;
  /** `<architecture>.context_length`, the trained context (undefined when absent). */
  readonly contextLength: number | undefined;
}

const maxCount = 10_000_000;
const maxString = 64 << 20;
/** Byte sizes of the scalar metadata types (gguf_type 0..12; 8 string and 9 array are variable). */
const scalarBytes: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

/** [block elements, block bytes] of common ggml tensor types (others: only the start is checked). */
const tensorBlocks: Readonly<Record<number, readonly [number, number]>> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  30: [1, 2], // BF16
};

class Problem extends Error {}

/** Sequential little-endian reads from a file descriptor through a 64 KiB window. */
class HeaderReader {
  readonly #fd: number;
  readonly size: number;
  #window = Buffer.alloc(0);
  #windowStart = 0;
  position = 0;
  constructor(fd: number, size: number) {
    this.#fd = fd;
    this.size = size;
  }
  bytes(n: number, what: string): Buffer {
    if (this.position + n > this.size) {
      throw new Problem(`truncated: the file ends inside the ${what} (at byte ${this.position})`);
    }
    const offset = this.position - this.#windowStart;
    if (offset < 0 || offset + n > this.#window.length) {
      const length = Math.max(n, 1 << 16);
      const buffer = Buffer.alloc(Math.min(length, this.size - this.position));
      readSync(this.#fd, buffer, 0, buffer.length, this.position);
      this.#window = buffer;
      this.#windowStart = this.position;
    }
    const start = this.position - this.#windowStart;
    this.position += n;
    return this.#window.subarray(start, start + n);
  }
  u32(what: string): number {
    return this.bytes(4, what).readUInt32LE(0);
  }
  u64(what: string): number {
    const value = this.bytes(8, what).readBigUInt64LE(0);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(value);
  }
  count(what: string, max = maxCount): number {
    const n = this.u64(what);
    if (n > max) throw new Problem(`implausible ${what} ${n} (corrupt header?)`);
    return n;
  }
  string(what: string): string {
    const length = this.count(`length of the ${what}`, maxString);
    return this.bytes(length, what).toString('utf8');
  }
  skip(n: number, what: string): void {
    if (this.position + n > this.size) {
      throw new Problem(`truncated: the file ends inside the ${what} (at byte ${this.position})`);
    }
    this.position += n;
  }
}

export function checkGgufFile(path: string): GgufHeader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new SchedulerError(
      'MODEL_INVALID',
      `${path}: cannot read the model (${readErrorReason(error)})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Problem('not a regular file');
    return readHeader(new HeaderReader(fd, stat.size));
  } catch (error) {
    if (error instanceof Problem) {
      throw new SchedulerError('MODEL_INVALID', `${path}: ${error.message}`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      throw new SchedulerError('MODEL_INVALID', `${path}: cannot read the model (${code})`);
    }
    throw error;
  } finally {
    closeSync(fd);
  }
}

function readHeader(reader: HeaderReader): GgufHeader {
  if (reader.size < 4) throw new Problem(`not a GGUF file (only ${reader.size} bytes)`);
  const magic = reader.bytes(4, 'magic').toString('latin1');
  if (magic !== 'GGUF') {
    throw new Problem(`not a GGUF file (starts with ${JSON.stringify(magic)}, expected "GGUF")`);
  }
  const version = reader.u32('version');
  if (version !== 2 && version !== 3) {
    throw new Problem(`GGUF version ${version} is not supported (expected 2 or 3)`);
  }
  const tensors = reader.count('tensor count');
  const kvCount = reader.count('metadata count');
  const metadata = new Map<string, string | number>();
  let alignment = 32;
  for (let i = 0; i < kvCount; i++) {
    const key = reader.string(`metadata key ${i + 1}`);
    const type = reader.u32(`type of '${key}'`);
    const value = readValue(reader, type, key);
    if (value !== undefined) metadata.set(key, value);
    if (key === 'general.alignment' && typeof value === 'number' && value > 0) alignment = value;
  }
  if (tensors === 0) throw new Problem('no tensors (a GGUF model needs its weights)');
  const ends: { name: string; end: number }[] = [];
  for (let i = 0; i < tensors; i++) {
    const name = reader.string(`tensor ${i + 1} name`);
    const dims = reader.u32(`dimensions of tensor '${name}'`);
    if (dims < 1 || dims > 4) throw new Problem(`tensor '${name}' has ${dims} dimensions`);
    let elements = 1;
    for (let d = 0; d < dims; d++) elements *= reader.u64(`shape of tensor '${name}'`);
    const block = tensorBlocks[reader.u32(`type of tensor '${name}'`)];
    const offset = reader.u64(`offset of tensor '${name}'`);
    const bytes = block === undefined ? 1 : Math.ceil(elements / block[0]) * block[1];
    ends.push({ name, end: offset + bytes });
  }
  const dataStart = Math.ceil(reader.position / alignment) * alignment;
  for (const { name, end } of ends) {
    if (dataStart + end > reader.size) {
      throw new Problem(
        `truncated: tensor '${name}' ends at byte ${dataStart + end}, the file has ${reader.size}`,
      );
    }
  }
  const architecture = metadata.get('general.architecture');
  const context =
    typeof architecture === 'string' ? metadata.get(`${architecture}.context_length`) : undefined;
  return {
    version,
    tensors,
    architecture: typeof architecture === 'string' ? architecture : undefined,
    contextLength: typeof context === 'number' ? context : undefined,
  };
}

/** Reads one metadata value; keeps strings and numbers, skips arrays. */
function readValue(reader: HeaderReader, type: number, key: string): string | number | undefined {
  if (type === 8) return reader.string(`value of '${key}'`);
  if (type === 9) {
    const itemType = reader.u32(`item type of '${key}'`);
    const n = reader.count(`length of '${key}'`);
    const fixed = scalarBytes[itemType];
    if (fixed !== undefined) {
      reader.skip(fixed * n, `value of '${key}'`);
      return undefined;
    }
    if (itemType !== 8) throw new Problem(`'${key}' is an array of unknown type ${itemType}`);
    for (let i = 0; i < n; i++) reader.string(`item ${i + 1} of '${key}'`);
    return undefined;
  }
  const bytes = scalarBytes[type];
  if (bytes === undefined) throw new Problem(`'${key}' has unknown type ${type}`);
  const raw = reader.bytes(bytes, `value of '${key}'`);
  switch (type) {
    case 0:
      return raw.readUInt8(0);
    case 1:
      return raw.readInt8(0);
    case 2:
      return raw.readUInt16LE(0);
    case 3:
      return raw.readInt16LE(0);
    case 4:
      return raw.readUInt32LE(0);
    case 5:
      return raw.readInt32LE(0);
    case 6:
      return raw.readFloatLE(0);
    case 7:
      return raw.readUInt8(0);
    case 10:
      return Number(raw.readBigUInt64LE(0));
    case 11:
      return Number(raw.readBigInt64LE(0));
    default:
      return raw.readDoubleLE(0);
  }
}
