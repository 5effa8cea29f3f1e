/**
 * SLO checks a run makes before simulating (one line, exit 2):
 * - a deadline policy (one whose `needs` or `schedulesBy` lists `tbtSlo`, e.g. slai) on requests none of which has
 *   a TBT target and no `--slo-tbt`: it would have no deadline to schedule by;
 * - a TBT target below the model's single-decode step time (one decode at the shortest context):
 *   no schedule can meet it. (Zero and negative targets are rejected where they are parsed.)
 */

import type { SchedRequest } from '../../core/request.js';
import type { BatchPolicy } from '../../policies/batch/batch-policy.js';
import type { EngineProfile } from '../../sim/cost/cost-model.js';
import { CliError } from '../cli-error.js';

/**
 * SLO checks a run makes before simulating (one line, exit 2): - a deadline policy (one whose
 * `needs` or `schedulesBy` lists `tbtSlo`, e.g. slai) on requests none of which has a TBT target
 * and no `--slo-tbt`: it would have no deadline to schedule by; - a TBT target below the model's
 * single-decode step time (one decode at the shortest context): no schedule can meet it.
 */
export function checkSloInput(options: {
  readonly policy: BatchPolicy;
  readonly requests: readonly SchedRequest[];
  readonly sloTbt?: number;
  readonly profile: EngineProfile;
  readonly label: string;
}): void {
  const { policy, requests, sloTbt, profile } = options;
  let tightest: { readonly tbt: number; readonly where: string } | undefined =
    sloTbt === undefined ? undefined : { tbt: sloTbt, where: '--slo-tbt' };
  for (const request of requests) {
    const tbt = request.slo?.tbt;
    if (tbt !== undefined && (tightest === undefined || tbt < tightest.tbt)) {
      tightest = { tbt, where: `the TBT target of request ${request.id}` };
    }
  }
  const needs = [...(policy.needs ?? []), ...(policy.schedulesBy ?? [])] as readonly string[];
  if (tightest === undefined && needs.includes('tbtSlo')) {
    throw new CliError(
      `policy ${policy.name} schedules by TBT deadlines but no request has a TBT target: give --slo-tbt SECONDS, --slo-mix, or slo_tbt/slo_class in the trace`,
    );
  }
  if (tightest === undefined) return;
  const step = profile.cost.stepSeconds({
    prefillSeqs: 0,
    prefillTokens: 0,
    prefillAttention: 0,
    decodeSeqs: 1,
    decodeContext: 1,
  });
  if (tightest.tbt < step) {
    throw new CliError(
      `${tightest.where} (${tightest.tbt} s) is below ${options.label}'s single-decode step time (${(step * 1000).toFixed(1)} ms): unreachable`,
    );
  }
}
