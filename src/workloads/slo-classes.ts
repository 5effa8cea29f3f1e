/**
 * Named SLO classes a trace may give instead of explicit targets (`slo_class` in our JSONL).
 * Explicit `slo_ttft` / `slo_tbt` override a class's values. Targets in seconds.
 *
 * | class        | TTFT  | TBT   | use                         |
 * |--------------|-------|-------|-----------------------------|
 * | interactive  | 0.5 s | 0.1 s | chat, code completion       |
 * | standard     | 2 s   | 0.2 s | default API traffic         |
 * | batch        | -     | -     | offline jobs (best effort)  |
 */
export const sloClasses = {
  interactive: { ttft: 0.5, tbt: 0.1 },
  standard: { ttft: 2, tbt: 0.2 },
  batch: {},
} as const satisfies Record<string, { readonly ttft?: number; readonly tbt?: number }>;

export type SloClassName = keyof typeof sloClasses;

export const sloClassNames = Object.keys(sloClasses) as [SloClassName, ...SloClassName[]];
