/**
 * Where decode time goes (issue 8, E1): on the Azure 2023 conversation trace (llama-3-8b, h100,
 * seed 1), for each policy, split the time a decoding request waits per output token into the
 * decode-only part of each step and the part that prefill chunks add (prefill interference), and
 * report batch size, context per decode, KV use, prefill tokens (recomputed ones included) and
 * preemptions. Every ratio is against vllm-fcfs in the same run.
 *
 *   npx tsx scripts/study-e1-tpot.ts [--rate-scales 3.5,4] [--predictor noisy:lognormal:0.5] \
 *     [--policies vllm-fcfs,predicted-cost] [--params name=v,...] [--preempt swap]
 *
 * How: the cost model is wrapped (same step times) to record each step's batch; the decode-only
 * time of a step is the cost model on the same batch without its prefill part. Each decode token
 * of a step "waits" the whole step: the token-weighted mean step time is TPOT's engine side.
 */
import type { PreemptMode } from '../src/core/step-plan.js';
import { createEngineProfile } from '../src/sim/cost/engine-profiles.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { azureTrace, flag, observeSteps } from './lib/e1-study.js';

const tracePath = azureTrace();
const scales = flag('--rate-scales', '3.5,4').split(',').map(Number);
const predictor = flag('--predictor', 'noisy:lognormal:0.5');
const policies = flag('--policies', 'vllm-fcfs,predicted-cost').split(',');
const preemptMode = flag('--preempt', 'recompute') as PreemptMode;
const params: Record<string, number> = {};
for (const pair of flag('--params', '')
  .split(',')
  .filter((p) => p.length > 0)) {
  const [name, value] = pair.split('=');
  params[name as string] = Number(value);
}

interface StepStats {
  steps: number;
  decodeOnlySteps: number;
  busy: number;
  prefillPart: number;
  decodeTokens: number;
  /** Σ decodes x step time (token-weighted step time numerator). */
  tokenWait: number;
  /** Σ decodes x (step time - decode-only time). */
  tokenWaitPrefill: number;
  decodeContext: number;
  prefillTokens: number;
  /** decode tokens in steps whose prefill part exceeds 1,000 prompt tokens. */
  bigPrefillDecodeTokens: number;
}

const base = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100' });
const f = (x: number, d = 3): string => x.toFixed(d);
for (const scale of scales) {
  const requests = readTrace(tracePath, { seed: 1, rateScale: scale });
  const promptTotal = requests.reduce((sum, r) => sum + r.promptTokens, 0);
  console.log(`\n## rate-scale ${scale}, predictor ${predictor}, preempt ${preemptMode}`);
  console.log(
    '| policy | mean E2E | p99 E2E | TTFT | decode time | TPOT | step (tok-wtd) | decode-only part | prefill part | decodes/step | ctx/decode | steps | decode-only steps | busy | prefill share | prefill tok / uncached prompt | preempt | KV use |',
  );
  console.log(`|${'---|'.repeat(18)}`);
  let fcfs: { mean: number; p99: number } | undefined;
  for (const name of policies) {
    const s: StepStats = {
      steps: 0,
      decodeOnlySteps: 0,
      busy: 0,
      prefillPart: 0,
      decodeTokens: 0,
      tokenWait: 0,
      tokenWaitPrefill: 0,
      decodeContext: 0,
      prefillTokens: 0,
      bigPrefillDecodeTokens: 0,
    };
    const profile = observeSteps(base, (batch, t, prefillPart) => {
      s.steps++;
      if (batch.prefillTokens === 0) s.decodeOnlySteps++;
      s.busy += t;
      s.prefillPart += prefillPart;
      s.decodeTokens += batch.decodeSeqs;
      s.tokenWait += batch.decodeSeqs * t;
      s.tokenWaitPrefill += batch.decodeSeqs * prefillPart;
      s.decodeContext += batch.decodeContext;
      s.prefillTokens += batch.prefillTokens;
      if (batch.prefillTokens > 1000) s.bigPrefillDecodeTokens += batch.decodeSeqs;
    });
    const isBase = name === 'vllm-fcfs';
    const policyName = name.replace(/\+df$/, '');
    const { summary, records } = runSimulation({
      requests,
      policy: policyName,
      profile,
      gpu: 'h100',
      model: 'llama-3-8b',
      seed: 1,
      preemptMode,
      ...(isBase ? {} : { predictor }),
      policyOptions: {
        ...(isBase ? {} : { params }),
        ...(name.endsWith('+df') ? { decodesFirst: true } : {}),
      },
    });
    const cached = records.reduce((sum, r) => sum + r.cachedPromptTokens, 0);
    if (isBase) fcfs = { mean: summary.e2e.mean, p99: summary.e2e.p99 };
    const r = (x: number, b: number | undefined): string => (b ? ` (${f(x / b)}x)` : '');
    const decodeTime = summary.e2e.mean - summary.ttft.mean;
    console.log(
      `| ${name} | ${f(summary.e2e.mean, 2)}${r(summary.e2e.mean, fcfs?.mean)} | ${f(summary.e2e.p99, 1)}${r(summary.e2e.p99, fcfs?.p99)} | ${f(summary.ttft.mean, 2)} | ${f(decodeTime, 2)} | ${f(summary.tpot.mean, 4)} | ${f(s.tokenWait / s.decodeTokens, 4)} | ${f((s.tokenWait - s.tokenWaitPrefill) / s.decodeTokens, 4)} | ${f(s.tokenWaitPrefill / s.decodeTokens, 4)} | ${f(s.decodeTokens / s.steps, 0)} | ${f(s.decodeContext / s.decodeTokens, 0)} | ${s.steps} | ${f((100 * s.decodeOnlySteps) / s.steps, 0)}% | ${f((100 * s.busy) / summary.durationSeconds, 0)}% | ${f((100 * s.prefillPart) / s.busy, 0)}% | ${f(s.prefillTokens / (promptTotal - cached), 3)} | ${summary.preemptions} | ${f(100 * summary.meanKvUtilization, 0)}% |`,
    );
    console.log(
      `    decode tokens in steps with > 1,000 prefill tokens: ${f((100 * s.bigPrefillDecodeTokens) / s.decodeTokens, 0)}%; completed ${summary.completed}/${summary.requests}`,
    );
  }
}
