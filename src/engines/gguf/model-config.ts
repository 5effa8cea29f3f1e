/**
 * Shapes of the llama-architecture models the project generates, and the named presets.
 * tiny: fast tests (about 0.3 M parameters); small: quick benchmarks (about 3 M); medium: about 25 M,
 * so prefill (compute-bound) and decode (weight-bandwidth-bound) costs have a realistic shape on a CPU.
 */
import { unknownName } from '../../core/errors.js';

export interface ModelShape {
  readonly layers: number;
  /** Embedding width (n_embd). */
  readonly width: number;
  readonly heads: number;
  readonly kvHeads: number;
  /** Feed-forward hidden size (n_ff). */
  readonly ffn: number;
  /** Trained context length written to the GGUF. */
  readonly contextLength: number;
}

export const modelPresets = {
  tiny: { layers: 2, width: 64, heads: 4, kvHeads: 2, ffn: 176, contextLength: 2048 },
  small: { layers: 4, width: 256, heads: 8, kvHeads: 4, ffn: 704, contextLength: 4096 },
  medium: { layers: 8, width: 512, heads: 8, kvHeads: 4, ffn: 1408, contextLength: 4096 },
} as const satisfies Record<string, ModelShape>;

export type ModelPresetName = keyof typeof modelPresets;
export const modelPresetNames = Object.keys(modelPresets) as ModelPresetName[];

export function isModelPresetName(name: string): name is ModelPresetName {
  return Object.hasOwn(modelPresets, name);
}

export function modelPreset(name: string): ModelShape {
  if (!isModelPresetName(name)) throw unknownName('model preset', name, modelPresetNames);
  return modelPresets[name];
}

/** Parameter count (weights only) for a shape and vocabulary size. */
export function parameterCount(shape: ModelShape, vocabSize: number): number {
  const headDim = shape.width / shape.heads;
  const kvWidth = headDim * shape.kvHeads;
  const perLayer =
    2 * shape.width * shape.width + 2 * shape.width * kvWidth + 3 * shape.width * shape.ffn;
  return shape.layers * (perLayer + 2 * shape.width) + 2 * vocabSize * shape.width + shape.width;
}

/** Validates a shape; returns a list of problems (empty when fine). */
export function shapeProblems(shape: ModelShape): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(shape)) {
    if (!Number.isInteger(v) || v <= 0) problems.push(`${k} must be a positive integer (got ${v})`);
  }
  if (shape.width % shape.heads !== 0) problems.push('width must be divisible by heads');
  if (shape.heads % shape.kvHeads !== 0) problems.push('heads must be divisible by kvHeads');
  if ((shape.width / shape.heads) % 2 !== 0) problems.push('head dimension must be even (RoPE)');
  return problems;
}
