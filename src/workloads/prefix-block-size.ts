/** Tokens per KV block that trace prefix hashes refer to (vLLM's default block size). */
export const prefixBlockSize = 16;
