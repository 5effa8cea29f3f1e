/**
 * SLO input checks: a deadline policy needs a TBT target, and a TBT target below one decode step
 * is refused as unreachable.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { seconds, tokens } from '../../core/units.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { createEngineProfile } from '../../sim/cost/engine-profiles.js';
import { checkSloInput } from './slo-check.js';

const profile = createEngineProfile({ model: 'mistral-7b', gpu: 'a100' });
const plain: SchedRequest[] = [
  {
    id: requestId('a'),
    arrivalTime: seconds(0),
    promptTokens: tokens(10),
    outputTokens: tokens(5),
  },
];
const check = (policy: string, requests: SchedRequest[], sloTbt?: number) =>
  checkSloInput({
    policy: resolveBatchPolicy(policy),
    requests,
    ...(sloTbt === undefined ? {} : { sloTbt }),
    profile,
    label: 'mistral-7b/a100',
  });

describe('SLO input checks', () => {
  it('a deadline policy needs a TBT target from the trace, a mix or --slo-tbt', () => {
    expect(() => check('slai', plain)).toThrow(
      'policy slai schedules by TBT deadlines but no request has a TBT target: give --slo-tbt SECONDS, --slo-mix, or slo_tbt/slo_class in the trace',
    );
    expect(() => check('slai', plain, 0.1)).not.toThrow();
    expect(() => check('sarathi', plain)).not.toThrow();
  });
  it('a TBT target below one decode step is unreachable', () => {
    expect(() => check('sarathi', plain, 0.001)).toThrow(
      /--slo-tbt \(0.001 s\) is below mistral-7b\/a100's single-decode step time \(\d+\.\d ms\): unreachable/,
    );
    const tight = [{ ...(plain[0] as SchedRequest), slo: { tbt: seconds(0.002) } }];
    expect(() => check('slai', tight, 0.1)).toThrow(/TBT target of request a \(0.002 s\)/);
  });
});
