/**
 * Named SLO classes: per-request TTFT/TBT targets in seconds. A trace may name one per request
 * (`slo_class` in our JSONL), `--slo-mix` draws one per request, and the run summary names its
 * per-class rows after them. Explicit `slo_ttft` / `slo_tbt` override a class's values.
 *
 * | class        | TTFT  | TBT   | use                                               |
 * |--------------|-------|-------|---------------------------------------------------|
 * | interactive  | 0.5 s | 0.1 s | chat, code completion                             |
 * | standard     | 2 s   | 0.2 s | default API traffic                               |
 * | strict       | -     | 0.1 s | SLAI's "paying" users (algorithms.md §11.2)       |
 * | relaxed      | -     | 0.5 s | SLAI's relaxed users (heterogeneous-TBT experiment) |
 * | batch        | -     | -     | offline jobs (best effort)                        |
 */
export const sloClasses = {
  interactive: { ttft: 0.5, tbt: 0.1 },
  standard: { ttft: 2, tbt: 0.2 },
  strict: { tbt: 0.1 },
  relaxed: { tbt: 0.5 },
  batch: {},
} as const satisfies Record<string, { readonly ttft?: number; readonly tbt?: number }>;

export type SloClassName = keyof typeof sloClasses;

export const sloClassNames = Object.keys(sloClasses) as [SloClassName, ...SloClassName[]];

/** The classes as a list of (name, targets), for naming per-class summary rows. */
export const sloClassList: readonly {
  readonly name: string;
  readonly ttft?: number;
  readonly tbt?: number;
}[] = sloClassNames.map((name) => ({ name, ...sloClasses[name] }));
