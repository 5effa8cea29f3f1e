/**
 * What an executor gives the executor core when it builds one: the policy, the engine limits, its
 * memory facade, what it can supply to policies (checked at construction), and its own figures
 * (swap seconds, context limit, step-time estimate for the view).
 */

import type { EngineLimits, StepShape } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';
import type { ExecutorSupply } from './check-policy-needs.js';
import type { ExecRequest } from './exec-request.js';
import type { KvMemory } from './kv-memory.js';

/**
 * What an ExecutorCore is built from: the policy, the limits, the KV memory, what the executor
 * supplies, and its options.
 */
export interface ExecutorCoreOptions<R extends ExecRequest> {
  readonly policy: BatchPolicy;
  readonly limits: EngineLimits;
  readonly memory: KvMemory<R>;
  readonly supply: ExecutorSupply;
  /** Seconds per block moved by a swap (the simulator's profile); default 0. */
  readonly swapSecondsPerBlock?: number;
  /** A request ends ('context') once prompt + generated reaches this; default none. */
  readonly maxContext?: number;
  /** The executor's step-time estimate for the view (the simulator's cost model). */
  readonly estimateStepSeconds?: (shape: StepShape) => Seconds;
  /**
   * The executor promises what `EngineView.queuedFieldsStable` says (the simulator: it changes a
   * request only through the core's plans and commits); the view then carries the flag. Default off.
   */
  readonly queuedFieldsStable?: boolean;
}
