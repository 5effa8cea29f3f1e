/**
 * Where the real engine's time goes on the bursty replay (issue 8's real-engine target), and its
 * deterministic twin on the simulator. Two modes:
 *
 *   engine: real replays (generated `small` model, 1 thread, oracle lengths), the variants in turn
 *     for each repeat (alternating, so machine drift hits them alike); per run: mean/p99 E2E,
 *     TTFT, TPOT, queue time by cause, preemptions, steps, and the split of busy time into prefill
 *     and decode by a linear-step fit of the run's own step log. `--preset-out F` writes the preset
 *     fitted on the first run's step log (as `engine replay --cost-model-out`).
 *   sim: the same synthetic workload on the simulator with a cost preset (`--cost-model F`) and the
 *     engine's limits (slots = max seqs, step budget, KV cells, no prefix cache), for many seeds;
 *     ratios of mean/p99 E2E to vllm-fcfs of the same seed, and their median over seeds.
 *
 * A variant is `policy` or `label=policy:k=v,k=v` (policy params), e.g.
 * `pc-w6=predicted-cost:outputWeight=6`.
 *
 *   npx tsx scripts/study-engine-bottleneck.ts --mode engine --rate 3 --requests 80 --repeats 2 \
 *     --variants vllm-fcfs,predicted-cost,sprpt --preset-out /tmp/cal.json
 *   npx tsx scripts/study-engine-bottleneck.ts --mode sim --cost-model /tmp/cal.json --rate 3 \
 *     --requests 80 --seeds 1-20 --variants vllm-fcfs,predicted-cost,sprpt,spjf,trail
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { SchedRequest } from '../src/core/request.js';
import { fitCalmLinearStep, fitLinearStep } from '../src/engines/local/fit-linear-step.js';
import { openModel } from '../src/engines/local/llama-runtime.js';
import { resolveModelPath } from '../src/engines/local/model-source.js';
import { predictorFromSpec } from '../src/engines/local/predicted-size.js';
import { runEngineReplay } from '../src/engines/local/run-replay.js';
import { presetFromStepLog } from '../src/engines/local/step-log-preset.js';
import type { StepRecord } from '../src/engines/local/step-record.js';
import { SystemClock } from '../src/engines/system-clock.js';
import type { RequestRecord } from '../src/metrics/request-record.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'sim' },
    workload: { type: 'string', default: 'bursty' },
    rate: { type: 'string', default: '2' },
    requests: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '1-10' },
    repeats: { type: 'string', default: '1' },
    variants: { type: 'string', default: 'vllm-fcfs;predicted-cost;sprpt' },
    slots: { type: 'string', default: '4' },
    context: { type: 'string', default: '2048' },
    budget: { type: 'string', default: '256' },
    'chunk-cap': { type: 'string', default: '0' },
    'cost-model': { type: 'string' },
    'preset-out': { type: 'string' },
  },
});

interface Variant {
  readonly label: string;
  readonly policy: string;
  readonly params?: Readonly<Record<string, number>>;
}

function parseVariant(text: string): Variant {
  const colon = text.indexOf(':');
  const eq = text.indexOf('=');
  const labelled = eq >= 0 && (colon < 0 || eq < colon);
  const label = labelled ? text.slice(0, eq) : text;
  const [policy = '', paramText] = (labelled ? text.slice(eq + 1) : text).split(':');
  if (!paramText) return { label, policy };
  const params = Object.fromEntries(
    paramText.split(',').map((kv) => {
      const [k = '', v] = kv.split('=');
      return [k, Number(v)];
    }),
  );
  return { label, policy, params };
}

function seedList(text: string): number[] {
  const [a, b] = text.split('-').map(Number);
  if (b === undefined) return text.split(',').map(Number);
  return Array.from({ length: (b as number) - (a as number) + 1 }, (_, i) => (a as number) + i);
}

const variants = (values.variants as string)
  .split(/[;\s]+/)
  .filter(Boolean)
  .map(parseVariant);
const rate = Number(values.rate);
const requestsCount = Number(values.requests);
const slots = Number(values.slots);
const contextPerSlot = Number(values.context);
const budget = Number(values.budget);
const chunkCap = Number(values['chunk-cap']);
const workload = values.workload as string;
/** bursty's short class prompts are at most 64 tokens, the long class's at least 512. */
const shortPromptMax = 64;
const requestsFor = (seed: number): SchedRequest[] =>
  readTrace(`synthetic:${workload}`, { rate, requests: requestsCount, seed });
const f3 = (x: number): string => x.toFixed(3);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function line(label: string, s: RunSummary, extra = ''): string {
  const q = s.queueByCause;
  return (
    `${label.padEnd(16)} done ${s.completed}/${s.requests} E2E mean ${f3(s.e2e.mean)} p99 ${f3(s.e2e.p99)} ` +
    `TTFT ${f3(s.ttft.mean)} TPOT ${(s.tpot.mean * 1000).toFixed(2)} ms queue/req: maxSeqs ${f3(q.maxSeqs)} ` +
    `budget ${f3(q.budget)} memory ${f3(q.memory)} preempt ${s.preemptions}${extra}`
  );
}

/** Busy seconds split by a linear-step fit of the run's own log: prefill part vs the rest. */
function split(steps: readonly StepRecord[]): string {
  const preset = presetFromStepLog(steps, { name: 'own', kvCapacityTokens: 1, description: '' });
  const c = {
    base: 0,
    perPrefillToken: 0,
    perDecodeToken: 0,
    perDecodeContextToken: 0,
    perPrefillAttention: 0,
    perSequence: 0,
    ...preset.coefficients,
  };
  let prefill = 0;
  let total = 0;
  let decodeOnly = 0;
  let decodeOnlySteps = 0;
  let decodeSeqs = 0;
  for (const s of steps) {
    total += s.iterationSeconds;
    prefill +=
      c.perPrefillToken * s.prefillTokens +
      c.perPrefillAttention * s.prefillAttention +
      c.perSequence * s.prefillSeqs;
    decodeSeqs += s.decodeSeqs;
    if (s.prefillTokens === 0) {
      decodeOnly += s.iterationSeconds;
      decodeOnlySteps++;
    }
  }
  const ms = (x: number): string => (x * 1000).toFixed(3);
  return (
    ` | steps ${steps.length} busy ${total.toFixed(2)} s prefill ${((100 * prefill) / total).toFixed(0)}% ` +
    `decode-only steps ${decodeOnlySteps} (${((100 * decodeOnly) / total).toFixed(0)}% of busy) decodes/step ${(decodeSeqs / steps.length).toFixed(2)} ` +
    `| fit ms: base ${ms(c.base)} prefill/token ${ms(c.perPrefillToken)} decode/seq ${ms(c.perDecodeToken)} ` +
    `ctx/token ${(c.perDecodeContextToken * 1e6).toFixed(3)} us seq ${ms(c.perSequence)}` +
    onlineGate(steps)
  );
}

/**
 * What predicted-cost's admission deferral saw at the end of the run: the engine's own step
 * estimate (engine-supply.ts: absolute fit of the last 512 steps' evaluation seconds, spikes
 * dropped), its fixed part b and what one more decode adds c; deferral is on when c > b.
 */
function onlineGate(steps: readonly StepRecord[]): string {
  if (steps.length < 8) return '';
  const points = steps.slice(-512).map((step) => ({ batch: step, seconds: step.seconds }));
  const k = fitCalmLinearStep(points);
  const raw = fitLinearStep(points, 'absolute').coefficients;
  const b = k.base;
  const c = k.perDecodeToken + k.perSequence;
  const rawC = raw.perDecodeToken + raw.perSequence;
  return (
    ` | online estimate: b ${(b * 1000).toFixed(3)} ms c ${(c * 1000).toFixed(3)} ms (${c > b ? 'additive: defers' : 'not additive'})` +
    ` [without the spike filter: b ${(raw.base * 1000).toFixed(3)} c ${(rawC * 1000).toFixed(3)}]`
  );
}

/** Mean E2E of the short and the long requests (long: prompt above the short class's maximum). */
function classMeans(records: readonly RequestRecord[]): { short: number; long: number } {
  const limit = 2 * shortPromptMax;
  const sums = { short: [0, 0], long: [0, 0] };
  for (const r of records) {
    if (r.finishTime === undefined) continue;
    const c = r.promptTokens > limit ? sums.long : sums.short;
    c[0] = (c[0] as number) + r.finishTime - r.arrivalTime;
    c[1] = (c[1] as number) + 1;
  }
  const mean = (c: number[]): number => (c[0] as number) / Math.max(1, c[1] as number);
  return { short: mean(sums.short), long: mean(sums.long) };
}

async function engineMode(): Promise<void> {
  const seed = Number(values.seed);
  const requests = requestsFor(seed);
  const path = resolveModelPath({ kind: 'preset', preset: 'small', seed: 1 });
  const { model, facts } = await openModel(path);
  const repeats = Number(values.repeats);
  const e2e = new Map<string, number[]>();
  for (let rep = 0; rep < repeats; rep++) {
    for (const v of variants) {
      const before = loadavg()[0] as number;
      const { summary, result } = await runEngineReplay({
        model,
        facts,
        clock: new SystemClock(),
        policy: v.policy,
        ...(v.params ? { params: v.params } : {}),
        requests,
        predictor: predictorFromSpec('oracle', seed),
        oracle: true,
        slots,
        contextPerSlot,
        maxBatchedTokens: budget,
        chunkCap,
        threads: 1,
        seed,
      });
      const after = loadavg()[0] as number;
      e2e.set(v.label, [...(e2e.get(v.label) ?? []), summary.e2e.mean]);
      console.log(
        line(`${rep} ${v.label}`, summary, ` load ${before.toFixed(2)}->${after.toFixed(2)}`) +
          split(result.steps),
      );
      if (rep === 0 && values['preset-out'] && v === variants[0]) {
        const preset = presetFromStepLog(result.steps, {
          name: `cpu-replay-${v.label}`,
          kvCapacityTokens: slots * contextPerSlot,
          description: `linear-step preset fitted on the step log of a bursty engine replay (${result.steps.length} steps)`,
        });
        writeFileSync(values['preset-out'], `${JSON.stringify(preset, null, 2)}\n`);
      }
    }
  }
  const base = e2e.get(variants[0]?.label as string) ?? [];
  for (const v of variants.slice(1)) {
    const ratios = (e2e.get(v.label) ?? []).map((x, i) => x / (base[i] as number));
    console.log(
      `${v.label} / ${variants[0]?.label} mean E2E per pair: ${ratios.map(f3).join(' ')} (median ${f3(median(ratios))})`,
    );
  }
  await model.dispose();
}

function simMode(): void {
  const costModel = values['cost-model'];
  if (!costModel) throw new Error('--mode sim needs --cost-model FILE (a linear-step preset)');
  const seeds = seedList(values.seeds as string);
  const ratios = new Map<
    string,
    { mean: number[]; p99: number[]; short: number[]; long: number[] }
  >();
  for (const seed of seeds) {
    const requests = requestsFor(seed);
    const summaries = variants.map((v) => {
      const { summary, records } = runSimulation({
        requests,
        policy: v.policy,
        ...(v.params ? { policyOptions: { params: v.params } } : {}),
        costModel,
        predictor: 'oracle',
        prefixCache: 'none',
        seed,
        limits: {
          maxBatchedTokens: budget,
          maxSeqs: slots,
          chunkCap,
          blockSize: 16,
          totalBlocks: Math.floor((slots * contextPerSlot) / 16),
          watermarkBlocks: 0,
        },
      });
      return { v, summary, byClass: classMeans(records) };
    });
    const base = summaries[0] as (typeof summaries)[number];
    for (const { v, summary, byClass } of summaries) {
      const r = ratios.get(v.label) ?? { mean: [], p99: [], short: [], long: [] };
      r.mean.push(summary.e2e.mean / base.summary.e2e.mean);
      r.p99.push(summary.e2e.p99 / base.summary.e2e.p99);
      r.short.push(byClass.short / base.byClass.short);
      r.long.push(byClass.long / base.byClass.long);
      ratios.set(v.label, r);
      if (seeds.length <= 3)
        console.log(
          line(`${seed} ${v.label}`, summary) +
            ` | E2E short ${f3(byClass.short)} long ${f3(byClass.long)}`,
        );
    }
  }
  console.log(
    `seeds ${values.seeds}: mean / p99 E2E ratio to ${variants[0]?.label}, median over seeds [min-max of mean]; short / long class mean E2E ratios (medians)`,
  );
  for (const v of variants) {
    const r = ratios.get(v.label) as {
      mean: number[];
      p99: number[];
      short: number[];
      long: number[];
    };
    console.log(
      `${v.label.padEnd(24)} ${f3(median(r.mean))} / ${f3(median(r.p99))}  [${f3(Math.min(...r.mean))}-${f3(Math.max(...r.mean))}]  short ${f3(median(r.short))} long ${f3(median(r.long))}`,
    );
  }
}

if (values.mode === 'engine') await engineMode();
else simMode();
process.exit(0);
