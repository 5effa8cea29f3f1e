/**
 * How a gateway priority (lower = earlier, vLLM's convention) reaches an engine (algorithms.md §0.5):
 *
 *   vllm              `priority: p`  (vLLM `--scheduling-policy priority`: lower value runs first)
 *   sglang            `priority: -p` (SGLang: higher value runs first by default)
 *   sglang-low-first  `priority: p`  (SGLang with `--schedule-low-priority-values-first`)
 *   none              no field (FIFO-only servers: llama.cpp, Ollama)
 */
import { assertNever } from '../core/assert-never.js';

export const priorityFields = ['none', 'vllm', 'sglang', 'sglang-low-first'] as const;
export type PriorityField = (typeof priorityFields)[number];

/** The `priority` value to send, or undefined for none. */
export function enginePriority(field: PriorityField, priority: number): number | undefined {
  const p = Math.round(priority);
  switch (field) {
    case 'none':
      return undefined;
    case 'vllm':
    case 'sglang-low-first':
      return p;
    case 'sglang':
      return p === 0 ? 0 : -p;
    default:
      return assertNever(field);
  }
}
