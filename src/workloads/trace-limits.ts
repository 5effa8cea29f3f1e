/**
 * The most requests one trace read may ask for (`requests`): a synthetic workload is generated in
 * memory, so 1e12 would be an out-of-memory crash instead of a clear error. A module of its own so
 * that the CLI's bounds (src/cli/bounds.ts) do not load every trace reader (and zod) with it.
 *
 * @example
 * if (requests > maxTraceRequests) throw ...;
 */
export const maxTraceRequests = 10_000_000;
