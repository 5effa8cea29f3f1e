/**
 * BLIS (inference-sim) "blackbox" linear fits, µs: step = β0 + β1 · (uncached prefill tokens)
 * + β2 · (decode tokens), with the KV block counts BLIS uses. Rows copied from
 * `defaults_blackbox_pre553.yaml` (inference-sim/inference-sim, Apache-2.0; vLLM v0.8.4) for the
 * models we preset, except qwen2.5-7b/H100/TP1 from `defaults_blackbox_517fe652.yaml`: the two files
 * differ only on H100/TP1 rows, and each has one implausible one (β2 > 300 µs per decode token:
 * llama-3.1-8b in 517fe652, qwen2.5-7b in pre553), which we skip.
 * `blackbox-rows.test.ts` checks these rows against the YAML files when present.
 * Llama-3-8B maps to Llama-3.1-8B (same architecture). No rows exist for llama-2-7b, mistral-7b
 * or llama-3-70b on A100: the blackbox model refuses those presets.
 */
export interface BlackboxRow {
  /** BLIS model id. */
  readonly id: string;
  readonly gpu: 'H100' | 'A100-80';
  readonly tp: number;
  readonly beta: readonly [number, number, number];
  readonly totalKvBlocks: number;
  /** YAML the row comes from (default pre553). */
  readonly source?: '517fe652';
}

export const blackboxRows: readonly BlackboxRow[] = [
  {
    id: 'meta-llama/llama-3.1-8b-instruct',
    gpu: 'A100-80',
    tp: 1,
    beta: [16441.531547147923, 47.837412108198656, 18.20560632171683],
    totalKvBlocks: 29205,
  },
  {
    id: 'meta-llama/llama-3.1-8b-instruct',
    gpu: 'H100',
    tp: 1,
    beta: [5752.705191348184, 17.25086436834028, 5.999143920128404],
    totalKvBlocks: 29205,
  },
  {
    id: 'meta-llama/llama-3.1-8b-instruct',
    gpu: 'A100-80',
    tp: 2,
    beta: [8001.630597822392, 26.362876080324924, 14.969035206354745],
    totalKvBlocks: 132139,
  },
  {
    id: 'meta-llama/llama-3.1-8b-instruct',
    gpu: 'H100',
    tp: 2,
    beta: [6910.420479880494, 17.67057489844186, 2.8377471109943855],
    totalKvBlocks: 132139,
  },
  {
    id: 'meta-llama/llama-3.3-70b-instruct',
    gpu: 'H100',
    tp: 4,
    beta: [12601.271149123822, 76.42284100369776, 66.84396200500741],
    totalKvBlocks: 128273,
  },
  {
    id: 'qwen/qwen2.5-7b-instruct',
    gpu: 'A100-80',
    tp: 1,
    beta: [10041.674273463475, 81.12095792183437, 59.98624422876753],
    totalKvBlocks: 67659,
  },
  {
    id: 'qwen/qwen2.5-7b-instruct',
    gpu: 'H100',
    tp: 1,
    beta: [7051.796874715078, 19.538416565504026, 25.431830886933543],
    totalKvBlocks: 67659,
    source: '517fe652',
  },
];

/** Our model name -> BLIS id. */
export const blackboxModelIds: Readonly<Record<string, string>> = {
  'llama-3-8b': 'meta-llama/llama-3.1-8b-instruct',
  'llama-3-70b': 'meta-llama/llama-3.3-70b-instruct',
  'qwen2.5-7b': 'qwen/qwen2.5-7b-instruct',
};
