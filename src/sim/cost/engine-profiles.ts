/**
 * Resolves `--model`, `--gpu`, `--cost-model` into an engine profile (cost model + KV capacity).
 * `costModel` is `default` (kernel-grounded), `tiled` (kernel-grounded with the Vidur T_lin at every
 * sampled token count: GEMM tile steps), `blackbox` (BLIS fits), `roofline`, or a path to a
 * linear-step JSON preset (ends in `.json`). KV capacity comes from GPU memory (model-specs.ts);
 * the blackbox model uses BLIS's own block count.
 */

import { SchedulerError, unknownName } from '../../core/errors.js';
import { createBlackboxCost, findBlackboxRow } from './blackbox-cost.js';
import type { EngineProfile } from './cost-model.js';
import { gpuNames, gpuSpecs, isGpuName } from './hardware-specs.js';
import { createKernelCost } from './kernel-cost.js';
import { loadLinearStepProfile } from './linear-step-cost.js';
import {
  isModelName,
  kvBlocksFor,
  kvBytesPerToken,
  modelNames,
  modelSpecs,
} from './model-specs.js';
import { createRooflineCost } from './roofline-cost.js';
import { fineTlinTables, tiledTlin } from './tlin-fine-tables.js';
import { tlinTables } from './tlin-tables.js';

/** The cost model families an engine profile can use. */
export type CostModelKind = 'default' | 'tiled' | 'blackbox' | 'roofline';
export const costModelKinds: readonly CostModelKind[] = [
  'default',
  'tiled',
  'blackbox',
  'roofline',
];

export interface EngineProfileOptions {
  readonly model?: string;
  readonly gpu?: string;
  readonly costModel?: string;
  /** Tensor parallelism; default the model preset's. */
  readonly tp?: number;
  readonly blockSize?: number;
}

export function createEngineProfile(options: EngineProfileOptions = {}): EngineProfile {
  const costModel = options.costModel ?? 'default';
  if (costModel.endsWith('.json')) return loadLinearStepProfile(costModel);
  const modelName = options.model ?? 'llama-3-8b';
  const gpuName = options.gpu ?? 'h100';
  if (!isModelName(modelName)) throw unknownName('model', modelName, modelNames);
  if (!isGpuName(gpuName)) throw unknownName('gpu', gpuName, gpuNames);
  const model = modelSpecs[modelName];
  const gpu = gpuSpecs[gpuName];
  const tp = options.tp ?? model.tp;
  const blockSize = options.blockSize ?? 16;
  const swapSecondsPerBlock = (kvBytesPerToken(model, tp) * blockSize) / gpu.pcieBytesPerSecond;
  const label = `${modelName}/${gpuName}/tp${tp}`;
  const kvBlocks = kvBlocksFor(model, tp, gpu.memoryBytes, blockSize);
  if (kvBlocks <= 0) {
    throw new SchedulerError('CONFIG_INVALID', `${label}: the weights do not fit in GPU memory`);
  }
  switch (costModel) {
    case 'default': {
      const tlin = tlinTables[label];
      if (!tlin) {
        throw unknownName(
          'default cost preset (model/gpu/tp; try --cost-model roofline)',
          label,
          Object.keys(tlinTables),
        );
      }
      return {
        cost: createKernelCost({ model, gpu, tp, tlin, name: `default:${label}` }),
        kvBlocks,
        blockSize,
        swapSecondsPerBlock,
        description: `kernel-grounded (Vidur T_lin + attention roofline) for ${label}`,
      };
    }
    case 'tiled': {
      const fine = fineTlinTables[label];
      const tlin = tlinTables[label];
      if (!fine || !tlin) {
        throw unknownName(
          'tiled cost preset (model/gpu/tp; try --cost-model roofline)',
          label,
          Object.keys(fineTlinTables),
        );
      }
      return {
        cost: createKernelCost({
          model,
          gpu,
          tp,
          tlin,
          tlinAt: (n) => tiledTlin(fine, n),
          name: `tiled:${label}`,
        }),
        kvBlocks,
        blockSize,
        swapSecondsPerBlock,
        description: `kernel-grounded with tile steps (Vidur T_lin at every sampled N) for ${label}`,
      };
    }
    case 'blackbox': {
      const row = findBlackboxRow(modelName, gpuName, tp);
      return {
        cost: createBlackboxCost(row, `blackbox:${label}`),
        kvBlocks: row.totalKvBlocks,
        blockSize,
        swapSecondsPerBlock,
        description: `BLIS blackbox linear fit ${row.id}/${row.gpu}/tp${row.tp}`,
      };
    }
    case 'roofline':
      return {
        cost: createRooflineCost(model, gpu, tp, `roofline:${label}`),
        kvBlocks,
        blockSize,
        swapSecondsPerBlock,
        description: `roofline from the model config and GPU spec for ${label}`,
      };
    default:
      throw unknownName('cost model (or a .json preset path)', costModel, costModelKinds);
  }
}
