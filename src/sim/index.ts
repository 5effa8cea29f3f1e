/**
 * `llmsched/sim`: the LLM serving-engine simulator. `runSimulation` replays requests through
 * replicas with continuous batching, paged KV and prefix cache, under any batch policy, on a cost
 * model of a model and GPU (`createEngineProfile`), and returns per-request records and a summary.
 */

export type { RequestError, RequestRecord } from '../metrics/request-record.js';
export type { LatencyStats, RunSummary } from '../metrics/run-summary.js';
export { summarizeRecords } from '../metrics/summarize-records.js';
export type { CostModel, EngineProfile, StepBatch } from './cost/cost-model.js';
export {
  type CostModelKind,
  costModelKinds,
  createEngineProfile,
  type EngineProfileOptions,
} from './cost/engine-profiles.js';
export {
  type GpuName,
  type GpuSpec,
  gpuNames,
  gpuSpecs,
  isGpuName,
} from './cost/hardware-specs.js';
export {
  type LinearStepPreset,
  loadLinearStepProfile,
  parseLinearStepPreset,
} from './cost/linear-step-cost.js';
export {
  isModelName,
  type ModelName,
  type ModelSpec,
  modelNames,
  modelSpecs,
} from './cost/model-specs.js';
export {
  defaultLimits,
  runSimulation,
  type SimulationOptions,
  type SimulationResult,
} from './run-simulation.js';
