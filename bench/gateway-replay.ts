/**
 * Policy gain end to end through the gateway: `replay` (the HTTP load generator) streams the
 * bursty workload through `llmsched serve` on the built-in engine (generated `small` model,
 * 2 slots, EOS ignored so lengths obey max_tokens), once with the default policy (predicted-cost,
 * fed by the online learned predictor that starts untrained) and once with fcfs, interleaved
 * round by round in one process so machine load hits both alike. Ratios are fcfs / default.
 *
 *   npx tsx bench/gateway-replay.ts [--rounds 2] [--requests 40] [--rate 1.5]
 */
import { parseArgs } from 'node:util';
import { runHttpReplay } from '../src/cli/replay/run-http-replay.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { defaultBatchPolicyName } from '../src/policies/batch/default-policy.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { startGateway } from '../test/helpers/start-gateway.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    requests: { type: 'string', default: '40' },
    rate: { type: 'string', default: '1.5' },
  },
});
const workload = 'bursty:shortPrompt=32,shortOutput=16,longPrompt=256,longOutput=192';
const requests = readTrace(`synthetic:${workload}`, {
  rate: Number(values.rate),
  requests: Number(values.requests),
  seed: 1,
});
const policies = [defaultBatchPolicyName, 'fcfs'];
const runs = new Map<string, RunSummary[]>(policies.map((p) => [p, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  for (const policy of policies) {
    const running = await startGateway({
      policy,
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
    const { summary } = await runHttpReplay({
      target: running.url,
      model: 'llmsched-local',
      requests,
      seed: 1,
      label: policy,
      now: () => performance.now(),
    });
    await running.gateway.close();
    runs.get(policy)?.push(summary);
    process.stderr.write(
      `round ${round + 1} ${policy}: ${summary.completed}/${summary.requests} done, E2E mean ${(summary.e2e.mean * 1000).toFixed(0)} ms p99 ${(summary.e2e.p99 * 1000).toFixed(0)} ms\n`,
    );
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fcfs = runs.get('fcfs') ?? [];
const base = {
  e2e: mean(fcfs.map((s) => s.e2e.mean)),
  p99: mean(fcfs.map((s) => s.e2e.p99)),
  ttft: mean(fcfs.map((s) => s.ttft.mean)),
};
console.log(
  `Workload \`synthetic:${workload}\`, ${values.requests} requests at ${values.rate} req/s, ${values.rounds} interleaved rounds (means over rounds).`,
);
console.log(
  '| policy | completed | mean E2E ms | p99 E2E ms | mean TTFT ms | p99 TTFT ms | mean E2E fcfs/policy | p99 E2E fcfs/policy |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [policy, summaries] of runs) {
  const e2e = mean(summaries.map((s) => s.e2e.mean));
  const p99 = mean(summaries.map((s) => s.e2e.p99));
  console.log(
    `| ${policy} | ${summaries.map((s) => `${s.completed}/${s.requests}`).join(', ')} | ${(e2e * 1000).toFixed(0)} | ${(p99 * 1000).toFixed(0)} | ${(mean(summaries.map((s) => s.ttft.mean)) * 1000).toFixed(0)} | ${(mean(summaries.map((s) => s.ttft.p99)) * 1000).toFixed(0)} | ${(base.e2e / e2e).toFixed(2)}x | ${(base.p99 / p99).toFixed(2)}x |`,
  );
}
