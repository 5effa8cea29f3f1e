/**
 * What the host-tier studies (scripts/study-tier-*.ts, issue 13) share: the Mooncake synthetic
 * trace from ../shared (the process exits 0 with a message when it is absent), llama-3-8b KV tokens
 * per TB (131,072 B per token in fp16; 1 TB = 1e12 B) and the `--tb` list of tier sizes.
 */
import { existsSync } from 'node:fs';
import type { SchedRequest } from '../../src/core/request.js';
import { kvBytesPerToken, modelSpecs } from '../../src/sim/cost/model-specs.js';
import { readTrace } from '../../src/workloads/read-trace.js';
import { flag } from './e1-study.js';

export interface TierStudySetup {
  readonly requests: readonly SchedRequest[];
  readonly tokensPerTb: number;
  /** Tier sizes in TB (`--tb`, default 1,1.2). */
  readonly sizes: readonly number[];
}

export function tierStudySetup(): TierStudySetup {
  const tracePath = '../shared/data/traces/mooncake-synthetic.jsonl';
  if (!existsSync(tracePath)) {
    console.error(`skipped: ${tracePath} is absent`);
    process.exit(0);
  }
  const spec = modelSpecs['llama-3-8b'];
  return {
    requests: readTrace(tracePath),
    tokensPerTb: 1e12 / kvBytesPerToken(spec, spec.tp),
    sizes: flag('--tb', '1,1.2').split(',').map(Number),
  };
}
