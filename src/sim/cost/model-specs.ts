/**
 * Transformer shapes of the preset models (their Hugging Face `config.json`), enough for KV size,
 * attention cost and a roofline estimate. `tp` is the default tensor parallelism of the preset.
 */
export interface ModelSpec {
  readonly name: string;
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly ffn: number;
  readonly vocab: number;
  /** Total parameters (weights memory at 2 bytes each). */
  readonly params: number;
  readonly tp: number;
  /** Trained context (max_position_embeddings): prompt + output tokens a request may need. */
  readonly contextLength: number;
}

export const modelSpecs = {
  'llama-3-8b': {
    name: 'llama-3-8b',
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 128256,
    params: 8.03e9,
    tp: 1,
    contextLength: 8192,
  },
  'llama-2-7b': {
    name: 'llama-2-7b',
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 32,
    headDim: 128,
    ffn: 11008,
    vocab: 32000,
    params: 6.74e9,
    tp: 1,
    contextLength: 4096,
  },
  'llama-3-70b': {
    name: 'llama-3-70b',
    layers: 80,
    hidden: 8192,
    heads: 64,
    kvHeads: 8,
    headDim: 128,
    ffn: 28672,
    vocab: 128256,
    params: 70.6e9,
    tp: 4,
    contextLength: 8192,
  },
  'qwen2.5-7b': {
    name: 'qwen2.5-7b',
    layers: 28,
    hidden: 3584,
    heads: 28,
    kvHeads: 4,
    headDim: 128,
    ffn: 18944,
    vocab: 152064,
    params: 7.62e9,
    tp: 1,
    contextLength: 32768,
  },
  'mistral-7b': {
    name: 'mistral-7b',
    layers: 32,
    hidden: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14336,
    vocab: 32000,
    params: 7.24e9,
    tp: 1,
    contextLength: 32768,
  },
} as const satisfies Record<string, ModelSpec>;

export type ModelName = keyof typeof modelSpecs;
export const modelNames = Object.keys(modelSpecs) as ModelName[];
export const isModelName = (name: string): name is ModelName => Object.hasOwn(modelSpecs, name);

/** KV bytes per token on ONE GPU (K and V, 2-byte elements, heads split over TP). */
export function kvBytesPerToken(model: ModelSpec, tp: number): number {
  return (2 * model.layers * model.kvHeads * model.headDim * 2) / tp;
}

/** Parameters of the linear layers (QKV, O, gated MLP) of all layers: the T_lin weights. */
export function linearParams(model: ModelSpec): number {
  const qkvo =
    model.hidden * model.heads * model.headDim * 2 +
    2 * model.hidden * model.kvHeads * model.headDim;
  return model.layers * (qkvo + 3 * model.hidden * model.ffn);
}

/**
 * KV blocks that fit: (memory · utilisation − weights per GPU) / (KV bytes per token · block size),
 * vLLM's `gpu_memory_utilization` 0.9. Llama-3-8B on 80 GiB: 29,2xx blocks (BLIS uses 29,205).
 */
export function kvBlocksFor(
  model: ModelSpec,
  tp: number,
  memoryBytes: number,
  blockSize: number,
  utilisation = 0.9,
): number {
  const free = memoryBytes * utilisation - (model.params * 2) / tp;
  return Math.max(0, Math.floor(free / (kvBytesPerToken(model, tp) * blockSize)));
}
