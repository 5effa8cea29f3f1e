/**
 * What `runSimulation` takes and returns: the run's options (requests, policy and predictor, model,
 * GPU and cost model, engine limits, prefix cache and host tier, observers) and its result
 * (summary, detailed metrics, records, per-replica stats, KV timeline).
 */
import type { SchedRequest } from '../core/request.js';
import type { EngineLimits, EngineView, PreemptMode, StepPlan } from '../core/step-plan.js';
import type { RequestRecord } from '../metrics/request-record.js';
import type { RunSummary } from '../metrics/run-summary.js';
import type { DetailedMetrics } from '../metrics/summarize-records.js';
import type { BatchPolicyOptions } from '../policies/batch/batch-policy.js';
import type { LengthPredictor } from '../predictors/predictor.js';
import type { EngineProfile } from './cost/cost-model.js';
import type { ReplicaStats } from './engine/replica.js';
import type { PrefixCacheMode } from './kv/block-pool.js';
import type { PrefixTierPolicy } from './kv/prefix-tier.js';

/**
 * A simulation run: the requests, the policy and predictor, the model, GPU and cost model, limits
 * and options.
 */
export interface SimulationOptions {
  readonly requests: readonly SchedRequest[];
  /** A batch policy (vllm-fcfs, sarathi, ...) or any rank policy (wrapped in rank-batch). */
  readonly policy: string;
  readonly policyOptions?: BatchPolicyOptions;
  readonly model?: string;
  readonly gpu?: string;
  /** default | blackbox | roofline | path to a linear-step JSON preset. */
  readonly costModel?: string;
  readonly tp?: number;
  /** A ready profile (overrides model/gpu/costModel). */
  readonly profile?: EngineProfile;
  readonly replicas?: number;
  /** Router name (policies/routing registry); default round-robin. */
  readonly router?: string;
  /** Predictor spec (`oracle`, `noisy:lognormal:0.5`, ...) or instance; default oracle when needed. */
  readonly predictor?: string | LengthPredictor;
  readonly seed?: number;
  /** Overrides of the engine limits; defaults follow vLLM (H100: 8192 tokens / 1024 seqs). */
  readonly limits?: Partial<EngineLimits>;
  /** Prefix cache: 'hash' (vLLM APC, default), 'radix' (SGLang), 'none'. */
  readonly prefixCache?: PrefixCacheMode;
  /**
   * Host-memory tier for prefix blocks evicted from GPU memory, per replica (prefix-tier.ts):
   * capacity in tokens (0 or absent = none) and its eviction policy (default llru). Loading a
   * block back costs the profile's PCIe time per block.
   */
  readonly hostTier?: { readonly tokens: number; readonly policy?: PrefixTierPolicy };
  readonly preemptMode?: PreemptMode;
  /** Give rank policies a predictedRemaining that counts down from the prediction (default off). */
  readonly refinePredictions?: boolean;
  readonly sloTtft?: number;
  readonly sloTbt?: number;
  /** Wall-clock source in MILLISECONDS for `wallSeconds` (the CLI passes performance.now); default none (0). */
  readonly wallClock?: () => number;
  /**
   * Decode fast-forward (default on when the policy is `decodeStable`): exact, only skips policy
   * calls whose answer is known. Off: every step calls the policy (tests compare both).
   */
  readonly fastForward?: boolean;
  /** Observes every plan of every replica (tests: the executor parity check). */
  readonly onPlan?: (replica: number, view: EngineView, plan: StepPlan) => void;
  /** Minimum virtual seconds between KV-utilisation samples (default 1). */
  readonly kvSampleSeconds?: number;
  /**
   * Progress (the CLI's progress line): called every 65,536 events with the requests arrived so
   * far and the total. Observes only; the run is identical with or without it.
   */
  readonly onProgress?: (arrived: number, total: number) => void;
  /** Keep every token's time in the records (8 bytes a token; default off: records carry the
   * first token time, the count and own TBT max/p99; the pooled TBT is sketched as requests end). */
  readonly keepTokenTimes?: boolean;
  /** Return the records (default true); false: summary from 120 bytes a request (record-columns). */
  readonly keepRecords?: boolean;
}

export interface SimulationResult {
  readonly summary: RunSummary;
  readonly detail: DetailedMetrics;
  readonly records: RequestRecord[];
  readonly replicas: readonly ReplicaStats[];
  /** KV utilisation over time: [time, replica, used/total]. */
  readonly kvTimeline: readonly { time: number; replica: number; utilization: number }[];
  readonly profile: string;
  readonly limits: EngineLimits;
}
