/**
 * The gateway's `KvMemory` facade for the executor core: the backends hold the KV and manage it,
 * so the gateway's memory is unbounded bookkeeping in tokens (blocks of 1): admitting a request
 * (dispatch) marks its prompt as computed by the backend, one token pending; a retry elsewhere is
 * a recompute preemption (nothing computed). Real capacity (sequences, tokens in flight) is
 * checked per backend by the dispatcher (backend-slot.ts), not here.
 */
import type { KvMemory } from '../executor/kv-memory.js';
import type { GatewayRequest } from './gateway-request.js';

/** Blocks a gateway view reports: large enough never to bind a policy's memory check. */
export const unboundedBlocks = 2 ** 40;

export const backendHeldKv: KvMemory<GatewayRequest> = {
  blockSize: 1,
  totalBlocks: unboundedBlocks,
  freeBlocks: unboundedBlocks,
  usedBlocks: 0,
  swaps: false,
  admit(r) {
    r.computed = r.promptTokens + r.generated - 1;
    return 0;
  },
  swapIn() {
    return -1;
  },
  grow() {
    return true;
  },
  committed() {},
  preempt() {
    return 0;
  },
  release() {},
};
