/**
 * Policy gain end to end through the gateway: `replay` (the HTTP load generator) streams the
 * bursty workload through `llmsched serve` on the built-in engine (generated `small` model,
 * 2 slots, EOS ignored so lengths obey max_tokens), once with the default policy (predicted-cost,
 * fed by the online learned predictor that starts untrained) and once with fcfs, interleaved
 * round by round in one process so machine load hits both alike. Each round is a pair (default,
 * fcfs) on the same requests; a pair's ratios are fcfs / default (above 1: the default is better),
 * and the table reports the median pair ratio with the min and max over pairs, mean E2E and p99
 * E2E side by side (one noisy pair decides nothing; the median of several does).
 *
 * With `--concurrent` the two runs of a pair go at the same time (each its own gateway and engine,
 * sharing the machine), so a load swing on a shared machine hits both alike.
 *
 *   npx tsx bench/gateway-replay.ts [--rounds 5] [--requests 40] [--rate 1.5] [--seed 1] [--concurrent]
 *     [--aging S] [--max-wait S]   (predicted-cost's agingSeconds; the gateway's queue.maxWaitSeconds)
 */
import { parseArgs } from 'node:util';
import { runHttpReplay } from '../src/cli/replay/run-http-replay.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { defaultBatchPolicyName } from '../src/policies/batch/default-policy.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { startGateway } from '../test/helpers/start-gateway.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    concurrent: { type: 'boolean', default: false },
    requests: { type: 'string', default: '40' },
    rate: { type: 'string', default: '1.5' },
    aging: { type: 'string' },
    'max-wait': { type: 'string' },
  },
});
const workload = 'bursty:shortPrompt=32,shortOutput=16,longPrompt=256,longOutput=192';
const requests = readTrace(`synthetic:${workload}`, {
  rate: Number(values.rate),
  requests: Number(values.requests),
  seed: Number(values.seed),
});
const policies = [defaultBatchPolicyName, 'fcfs'];
const runs = new Map<string, RunSummary[]>(policies.map((p) => [p, []]));
/** One replay of `requests` through a fresh in-process gateway on a fresh built-in engine. */
async function replayOnce(policy: string): Promise<RunSummary> {
  const running = await startGateway({
    policy,
    ...(values.aging !== undefined && policy === defaultBatchPolicyName
      ? { policyParams: { agingSeconds: Number(values.aging) } }
      : {}),
    ...(values['max-wait'] !== undefined
      ? { queue: { maxWaitSeconds: Number(values['max-wait']) } }
      : {}),
    predictor: 'learned',
    backends: [
      {
        kind: 'local',
        preset: 'small',
        slots: 2,
        contextPerSlot: 1024,
        maxBatchedTokens: 256,
        ignoreEos: true,
      },
    ],
  });
  try {
    const { summary } = await runHttpReplay({
      target: running.url,
      model: 'llmsched-local',
      requests,
      seed: 1,
      label: policy,
      now: () => performance.now(),
    });
    return summary;
  } finally {
    await running.gateway.close();
  }
}
for (let round = 0; round < Number(values.rounds); round++) {
  // --concurrent: both policies at once, each on its own gateway and engine, so a load swing on the
  // shared machine hits both alike (each gets about half the CPU); otherwise one after the other
  const summaries = values.concurrent
    ? await Promise.all(policies.map(replayOnce))
    : await policies.reduce<Promise<RunSummary[]>>(
        async (done, policy) => [...(await done), await replayOnce(policy)],
        Promise.resolve([]),
      );
  for (const [i, policy] of policies.entries()) {
    const summary = summaries[i] as RunSummary;
    runs.get(policy)?.push(summary);
    process.stderr.write(
      `round ${round + 1} ${policy}: ${summary.completed}/${summary.requests} done, E2E mean ${(summary.e2e.mean * 1000).toFixed(0)} ms p99 ${(summary.e2e.p99 * 1000).toFixed(0)} ms\n`,
    );
  }
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (x: number) => (x * 1000).toFixed(0);
const range = (xs: number[], digits: number) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;
const fcfs = runs.get('fcfs') ?? [];
console.log(
  `Workload \`synthetic:${workload}\`, ${values.requests} requests at ${values.rate} req/s, seed ${values.seed}, ${values.rounds} ${values.concurrent ? 'concurrent' : 'interleaved'} pairs: median over pairs (min-max).`,
);
console.log(
  '| policy | completed | mean E2E ms | p99 E2E ms | mean TTFT ms | p99 TTFT ms | mean E2E fcfs/policy | p99 E2E fcfs/policy | pairs better (mean, p99) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [policy, summaries] of runs) {
  const meanRatio = summaries.map((s, i) => (fcfs[i]?.e2e.mean ?? Number.NaN) / s.e2e.mean);
  const p99Ratio = summaries.map((s, i) => (fcfs[i]?.e2e.p99 ?? Number.NaN) / s.e2e.p99);
  const better = (xs: number[]) => xs.filter((x) => x > 1).length;
  console.log(
    `| ${policy} | ${summaries.map((s) => `${s.completed}/${s.requests}`).join(', ')} | ${ms(median(summaries.map((s) => s.e2e.mean)))} | ${ms(median(summaries.map((s) => s.e2e.p99)))} | ${ms(median(summaries.map((s) => s.ttft.mean)))} | ${ms(median(summaries.map((s) => s.ttft.p99)))} | ${range(meanRatio, 2)}x | ${range(p99Ratio, 2)}x | ${policy === 'fcfs' ? '-' : `${better(meanRatio)}/${summaries.length}, ${better(p99Ratio)}/${summaries.length}`} |`,
  );
}
