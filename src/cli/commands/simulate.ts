/**
 * `llmsched simulate`: replay a trace through the engine simulator with one policy.
 *
 *   llmsched simulate --trace PATH [--format auto|azure|mooncake|lengths|jsonl] [--model llama-3-8b]
 *     [--gpu h100] [--cost-model default|tiled|blackbox|roofline|FILE.json] [--replicas N] [--router NAME]
 *     [--policy NAME] [--predictor oracle|noisy:lognormal:SIGMA|...] [--rate-scale K | --rate R]
 *     [--requests N] [--seed S] [--slo-ttft SEC] [--slo-tbt SEC] [--max-model-len N] [--json]
 *     [--records PATH [--records-token-times]]
 *
 * `--json` prints the RunSummary as JSON (times in seconds; reports/summary-json.ts: SLO attainment
 * and goodput `null` without an SLO, `failedByKind` added). `--synthetic NAME` replaces --trace
 * with a generated workload (`synthetic:NAME`, needs --rate).
 */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { checkOutputPath } from '../../io/output-path.js';
import { recordsToJsonl } from '../../metrics/records-jsonl.js';
import type { LatencyStats, RunSummary } from '../../metrics/run-summary.js';
import { defaultBatchPolicyName } from '../../policies/batch/default-policy.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { summaryJson } from '../../reports/summary-json.js';
import { createEngineProfile } from '../../sim/cost/engine-profiles.js';
import { isModelName, kvBytesPerToken, modelSpecs } from '../../sim/cost/model-specs.js';
import type { PrefixCacheMode } from '../../sim/kv/block-pool.js';
import { type PrefixTierPolicy, prefixTierPolicies } from '../../sim/kv/prefix-tier.js';
import { runSimulation } from '../../sim/run-simulation.js';
import { readTrace } from '../../workloads/read-trace.js';
import { applyRunSlo, applySloMix, parseSloMix } from '../../workloads/slo-mix.js';
import { parseTraceFormatOption } from '../../workloads/trace-format.js';
import { CliError } from '../cli-error.js';
import { notice } from '../notice.js';
import { createProgress } from '../progress.js';
import { checkModelLen } from '../request-fit.js';
import { checkSloInput } from './slo-check.js';
import {
  addSimulationFlags,
  modelLenOptions,
  optionalNumber,
  parseSimulationFlags,
  policyOptionsOf,
} from './sweep-flags.js';

const prefixModes: readonly PrefixCacheMode[] = ['hash', 'radix', 'none'];

export function registerSimulate(program: Command): void {
  const command = program
    .command('simulate')
    .description('replay a trace through the LLM serving-engine simulator with one policy');
  addSimulationFlags(command);
  const trace = command.options.find((option) => option.long === '--trace');
  if (trace) trace.mandatory = false;
  command
    .option(
      '--synthetic <name>',
      'generated workload instead of --trace (chat, apps, bursty, diurnal, apps5)',
    )
    .option(
      '--policy <name>',
      `batch policy (vllm-fcfs, sarathi, ...) or rank policy (sprpt, ...); default ${defaultBatchPolicyName}`,
    )
    .option('--rate-scale <k>', 'multiply the trace arrival rate by k')
    .option('--rate <r>', 'arrival rate, requests per second (length-only traces, synthetic)')
    .option('--prefix-cache <mode>', 'hash (vLLM APC) | radix (SGLang) | none', 'hash')
    .option('--preempt <mode>', 'recompute | swap', 'recompute')
    .option(
      '--host-tier-gb <gb>',
      'host-memory tier for evicted prefix blocks, GB of KV (default none)',
    )
    .option(
      '--host-tier-policy <name>',
      `eviction of the host tier: ${prefixTierPolicies.join(' | ')} (docs/policies/group-eps.md)`,
      'llru',
    )
    .option('--max-batched-tokens <n>', 'token budget per step (vLLM max_num_batched_tokens)')
    .option('--max-seqs <n>', 'max sequences per step (vLLM max_num_seqs)')
    .option('--chunk-cap <n>', 'per-request prefill chunk cap (vLLM long_prefill_token_threshold)')
    .option(
      '--decodes-first',
      'rank policies: running decodes get their token before the rank order',
    )
    .option('--records <path>', 'write per-request records as JSON Lines')
    .option(
      '--records-token-times',
      "with --records: every output token's time in each record (8 bytes a token in memory)",
    )
    .option('--json', 'print the RunSummary as one JSON object')
    .action((raw: Record<string, unknown>) => {
      const flags = parseSimulationFlags(raw);
      const policy = typeof raw['policy'] === 'string' ? raw['policy'] : defaultBatchPolicyName;
      const resolved = resolveBatchPolicy(policy, policyOptionsOf(flags));
      const profile = createEngineProfile({
        model: flags.model,
        gpu: flags.gpu,
        costModel: flags.costModel,
      });
      const synthetic = typeof raw['synthetic'] === 'string' ? raw['synthetic'] : undefined;
      if (!synthetic && flags.trace === '')
        throw new CliError('--trace PATH (or --synthetic NAME) is required');
      if (synthetic && flags.trace !== '')
        throw new CliError('give --trace or --synthetic, not both');
      const rateScale = optionalNumber(raw, 'rateScale', '--rate-scale', { positive: true });
      const rate = optionalNumber(raw, 'rate', '--rate', { positive: true });
      if (rateScale !== undefined && rate !== undefined) {
        throw new CliError('give --rate-scale or --rate, not both');
      }
      const prefixCache = String(raw['prefixCache'] ?? 'hash');
      if (!(prefixModes as readonly string[]).includes(prefixCache)) {
        throw new CliError(
          `--prefix-cache: expected one of ${prefixModes.join(', ')}, got '${prefixCache}'`,
        );
      }
      const preempt = String(raw['preempt'] ?? 'recompute');
      if (preempt !== 'recompute' && preempt !== 'swap') {
        throw new CliError(`--preempt: expected recompute or swap, got '${preempt}'`);
      }
      const maxBatchedTokens = optionalNumber(raw, 'maxBatchedTokens', '--max-batched-tokens', {
        integer: true,
        min: 1,
      });
      const maxSeqs = optionalNumber(raw, 'maxSeqs', '--max-seqs', { integer: true, min: 1 });
      const chunkCap = optionalNumber(raw, 'chunkCap', '--chunk-cap', { integer: true, min: 0 });
      const recordsPath = typeof raw['records'] === 'string' ? raw['records'] : undefined;
      if (recordsPath !== undefined) checkOutputPath('--records', recordsPath);
      const keepTokenTimes = raw['recordsTokenTimes'] === true;
      if (keepTokenTimes && recordsPath === undefined)
        throw new CliError('--records-token-times needs --records PATH');
      const read = readTrace(synthetic ? `synthetic:${synthetic}` : flags.trace, {
        format: parseTraceFormatOption(flags.format),
        seed: flags.seed,
        onNotice: notice,
        ...(flags.requests === undefined ? {} : { requests: flags.requests }),
        ...(flags.cv === undefined ? {} : { cv: flags.cv }),
        ...(rate === undefined ? {} : { rate }),
        ...(rateScale === undefined ? {} : { rateScale }),
      });
      const requests = applyRunSlo(
        flags.sloMix === undefined
          ? read
          : applySloMix(read, parseSloMix(flags.sloMix), flags.seed),
        flags.sloTtft,
        flags.sloTbt,
      );
      checkSloInput({
        policy: resolved,
        requests,
        ...(flags.sloTbt === undefined ? {} : { sloTbt: flags.sloTbt }),
        profile,
        label: `${flags.model}/${flags.gpu}`,
      });
      checkModelLen(requests, modelLenOptions(flags, synthetic ?? flags.trace), notice);
      const progress = createProgress({
        label: 'simulate',
        total: requests.length,
        unit: 'requests arrived',
      });
      const result = runSimulation({
        requests,
        policy,
        model: flags.model,
        gpu: flags.gpu,
        costModel: flags.costModel,
        replicas: flags.replicas,
        router: flags.router,
        seed: flags.seed,
        prefixCache: prefixCache as PrefixCacheMode,
        preemptMode: preempt,
        ...hostTierOption(raw, flags.model),
        policyOptions: {
          ...(raw['decodesFirst'] === true ? { decodesFirst: true } : {}),
          ...policyOptionsOf(flags),
        },
        wallClock: () => performance.now(),
        keepTokenTimes,
        keepRecords: recordsPath !== undefined,
        onProgress: (arrived) => progress.update(arrived),
        limits: {
          ...(maxBatchedTokens === undefined ? {} : { maxBatchedTokens }),
          ...(maxSeqs === undefined ? {} : { maxSeqs }),
          ...(chunkCap === undefined ? {} : { chunkCap }),
        },
        ...(flags.predictor === undefined ? {} : { predictor: flags.predictor }),
        ...(flags.sloTtft === undefined ? {} : { sloTtft: flags.sloTtft }),
        ...(flags.sloTbt === undefined ? {} : { sloTbt: flags.sloTbt }),
      });
      progress.stop();
      if (recordsPath !== undefined) writeFileAtomic(recordsPath, recordsToJsonl(result.records));
      const hasSlo = requests.some((request) => request.slo !== undefined);
      if (raw['json'] === true) {
        const json = summaryJson(result.summary, {
          hasSlo,
          failedByKind: result.detail.failedByKind,
        });
        process.stdout.write(`${JSON.stringify(json)}\n`);
        return;
      }
      process.stdout.write(
        formatSummary(result.summary, result.profile, result.detail.failedByKind, hasSlo),
      );
    });
}

function formatStats(name: string, stats: LatencyStats): string {
  const f = (value: number): string => value.toFixed(3).padStart(9);
  return `${name.padEnd(12)}${f(stats.mean)}${f(stats.p50)}${f(stats.p90)}${f(stats.p99)}\n`;
}

function formatSummary(
  summary: RunSummary,
  profile: string,
  failed: Readonly<Record<string, number>>,
  hasSlo: boolean,
): string {
  const failures = Object.entries(failed)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return (
    `policy ${summary.policy} on ${profile}: ${summary.completed}/${summary.requests} completed` +
    `${failures ? ` (failed: ${failures})` : ''} in ${summary.durationSeconds.toFixed(1)} s simulated, ` +
    `${summary.wallSeconds.toFixed(2)} s wall\n` +
    `${'seconds'.padEnd(12)}${'mean'.padStart(9)}${'p50'.padStart(9)}${'p90'.padStart(9)}${'p99'.padStart(9)}\n` +
    formatStats('ttft', summary.ttft) +
    formatStats('tpot', summary.tpot) +
    formatStats('e2e', summary.e2e) +
    formatStats('queue delay', summary.queueDelay) +
    `throughput ${summary.throughputTokensPerSecond.toFixed(0)} tok/s, ` +
    (hasSlo
      ? `SLO attainment ${(summary.sloAttainment * 100).toFixed(1)}%, goodput ${summary.goodput.toFixed(2)} req/s, `
      : 'SLO attainment n/a, goodput n/a (no SLO: --slo-ttft/--slo-tbt/--slo-mix), ') +
    `preemptions ${summary.preemptions}, ` +
    `prefix hit rate ${(summary.prefixHitRate * 100).toFixed(1)}%, mean KV use ${(summary.meanKvUtilization * 100).toFixed(1)}%\n` +
    (summary.sloClasses ?? [])
      .map(
        (c) =>
          `  class ${c.name}: ${c.completed}/${c.requests} completed, SLO attainment ${(c.sloAttainment * 100).toFixed(1)}%, goodput ${c.goodput.toFixed(2)} req/s, TTFT p50 ${c.ttftP50.toFixed(3)} s, TBT p99 ${c.tbtP99.toFixed(4)} s\n`,
      )
      .join('')
  );
}

/** `--host-tier-gb` / `--host-tier-policy` as the simulator's `hostTier` (GB of KV -> tokens). */
function hostTierOption(
  raw: Record<string, unknown>,
  model: string,
): { hostTier?: { tokens: number; policy: PrefixTierPolicy } } {
  const gb = optionalNumber(raw, 'hostTierGb', '--host-tier-gb', { min: 0 });
  const policy = String(raw['hostTierPolicy'] ?? 'llru');
  if (!(prefixTierPolicies as readonly string[]).includes(policy)) {
    throw new CliError(
      `--host-tier-policy: expected one of ${prefixTierPolicies.join(', ')}, got '${policy}'`,
    );
  }
  if (gb === undefined || gb === 0) return {};
  if (!isModelName(model)) {
    throw new CliError(`--host-tier-gb needs a model preset to size KV (got --model ${model})`);
  }
  const spec = modelSpecs[model];
  const tokens = Math.floor((gb * 1e9) / kvBytesPerToken(spec, spec.tp));
  return { hostTier: { tokens, policy: policy as PrefixTierPolicy } };
}
