/** Counters of a LocalEngine: steps, llama_decode dispatches, prompt tokens reused or computed. */
export interface EngineStats {
  readonly steps: number;
  /** llama_decode dispatches observed by the batching hook (== steps when batching works). */
  readonly decodes: number;
  readonly reusedPromptTokens: number;
  readonly computedPromptTokens: number;
  readonly failedEvaluations: number;
}
