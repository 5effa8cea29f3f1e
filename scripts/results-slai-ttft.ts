/**
 * Where a request's TTFT goes, for one policy at one load of the paper's setup (ShareGPT lengths,
 * mistral-7b, RTX 6000 Ada preset, TBT 0.2 s): queue wait (arrival -> first scheduled, split by
 * the executor's queue causes) and prefill span (first scheduled -> first token), itself split into
 * the steps that computed one of its chunks and the time it sat paused between them. Printed for
 * the requests around the median TTFT (45th-55th percentile), for all requests by prompt-length
 * quartile, and per step (tokens, decodes, duration). Every plan is observed (`fastForward` off).
 *
 *   npx tsx scripts/results-slai-ttft.ts --policy slai --params dynamicBudget=1,safeBudget=1 \
 *     --rate 2.0 [--requests 2000] [--seed 0] [--chunk-size 512] [--tbt 0.2]
 */
import { readFileSync } from 'node:fs';
import { parseParams, policyOptionsOf } from '../src/cli/commands/sweep-flags.js';
import type { SweepPoint } from '../src/cli/commands/sweep-point.js';
import { readSweepTrace } from '../src/cli/commands/sweep-simulation.js';
import { firstTokenTimeOf } from '../src/metrics/request-record.js';
import { computedTokens, isDecoding } from '../src/policies/batch/seq-tokens.js';
import { runSimulation } from '../src/sim/run-simulation.js';

const flag = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const tbt = Number(flag('--tbt') ?? 0.2);
const params = flag('--params');
const chunk = flag('--chunk-size');
const point: SweepPoint = {
  trace: '../shared/data/traces/sharegpt-lengths.csv',
  format: 'auto',
  model: 'mistral-7b',
  gpu: 'l40s',
  costModel: 'scripts/presets/mistral-7b-rtx6000ada.json',
  replicas: 1,
  router: 'round-robin',
  requests: Number(flag('--requests') ?? 2000),
  seed: Number(flag('--seed') ?? 0),
  sloTbt: tbt,
  policy: flag('--policy') ?? 'slai',
  loadKind: 'rate',
  load: Number(flag('--rate') ?? 2.0),
  ...(params === undefined ? {} : { params: parseParams(params) }),
  ...(chunk === undefined ? {} : { chunkSize: Number(chunk) }),
};

interface Step {
  readonly now: number;
  readonly tokens: number;
  readonly decodes: number;
  readonly prefills: number;
  /** Share of KV blocks in use when the step was planned. */
  readonly kvUse: number;
  /** A request waited and the shortest waiting prompt did not fit the free blocks. */
  readonly memoryBlocked: boolean;
}
const steps: Step[] = [];
/** Per request id: the indices of the steps that computed one of its prompt chunks. */
const chunkSteps = new Map<string, number[]>();
const chunkTokens = new Map<string, number[]>();
const result = runSimulation({
  requests: readSweepTrace(point),
  policy: point.policy,
  model: point.model,
  gpu: point.gpu,
  costModel: point.costModel,
  seed: point.seed,
  policyOptions: policyOptionsOf(point),
  sloTbt: tbt,
  fastForward: false,
  onPlan: (_replica, view, plan) => {
    const byId = new Map(view.requests.map((seq) => [seq.id as string, seq]));
    let tokens = 0;
    let decodes = 0;
    let prefills = 0;
    for (const entry of plan.scheduled) {
      tokens += entry.tokens;
      const seq = byId.get(entry.id);
      if (seq === undefined) continue;
      const decoding = seq.state === 'running' && isDecoding(seq);
      if (decoding) {
        decodes++;
        continue;
      }
      if (computedTokens(seq) >= seq.promptTokens) continue;
      prefills++;
      const list = chunkSteps.get(entry.id) ?? [];
      list.push(steps.length);
      chunkSteps.set(entry.id, list);
      const sizes = chunkTokens.get(entry.id) ?? [];
      sizes.push(entry.tokens);
      chunkTokens.set(entry.id, sizes);
    }
    let shortest = Number.POSITIVE_INFINITY;
    for (const seq of view.requests) {
      if (seq.state !== 'running') shortest = Math.min(shortest, seq.promptTokens);
    }
    const free = view.freeBlocks - view.limits.watermarkBlocks;
    steps.push({
      now: view.now,
      tokens,
      decodes,
      prefills,
      kvUse: 1 - view.freeBlocks / view.limits.totalBlocks,
      memoryBlocked: shortest < Number.POSITIVE_INFINITY && Math.ceil(shortest / 16) > free,
    });
  },
});

const stepEnd = (index: number): number => steps[index + 1]?.now ?? Number.POSITIVE_INFINITY;
interface Row {
  readonly prompt: number;
  readonly ttft: number;
  readonly wait: number;
  readonly waitBudget: number;
  readonly waitPolicy: number;
  readonly waitInFlight: number;
  readonly waitSlots: number;
  readonly waitMemory: number;
  readonly span: number;
  readonly chunks: number;
  readonly chunkTime: number;
  readonly paused: number;
  readonly lastChunkShare: number;
}
const rows: Row[] = [];
for (const record of result.records) {
  const first = firstTokenTimeOf(record);
  if (first === undefined || record.firstScheduledTime === undefined) continue;
  const indices = chunkSteps.get(record.id) ?? [];
  let chunkTime = 0;
  for (const index of indices) {
    const start = (steps[index] as Step).now;
    chunkTime += Math.min(stepEnd(index), first) - start;
  }
  const span = first - record.firstScheduledTime;
  const causes = record.queueByCause;
  const wait = record.firstScheduledTime - record.arrivalTime;
  const sizes = chunkTokens.get(record.id) ?? [];
  rows.push({
    prompt: record.promptTokens,
    ttft: first - record.arrivalTime,
    wait,
    waitBudget: causes?.budget ?? 0,
    waitPolicy: causes?.policy ?? 0,
    waitInFlight: causes?.inFlight ?? 0,
    waitSlots: causes?.maxSeqs ?? 0,
    waitMemory: causes?.memory ?? 0,
    span,
    chunks: indices.length,
    chunkTime,
    paused: span - chunkTime,
    lastChunkShare:
      sizes.length > 0 ? (sizes[sizes.length - 1] as number) / record.promptTokens : 0,
  });
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const fmt = (value: number, digits = 3): string => value.toFixed(digits);
function describe(label: string, group: readonly Row[]): string {
  const pick = (key: keyof Row) => mean(group.map((row) => row[key]));
  return [
    `${label.padEnd(22)} n ${String(group.length).padStart(5)}`,
    `prompt ${fmt(pick('prompt'), 0).padStart(5)}`,
    `ttft ${fmt(pick('ttft'))}`,
    `= wait ${fmt(pick('wait'))} (in flight ${fmt(pick('waitInFlight'))} policy ${fmt(pick('waitPolicy'))} slots ${fmt(pick('waitSlots'))} memory ${fmt(pick('waitMemory'))} engine budget ${fmt(pick('waitBudget'))})`,
    `+ span ${fmt(pick('span'))} (${fmt(pick('chunks'), 2)} chunks ${fmt(pick('chunkTime'))} s, paused ${fmt(pick('paused'))})`,
  ].join(' ');
}

const ttfts = rows.map((row) => row.ttft);
const low = quantile(ttfts, 0.45);
const high = quantile(ttfts, 0.55);
const s = result.summary;
console.log(
  `${point.policy} ${params ?? ''} rate ${point.load} requests ${point.requests} seed ${point.seed}: ` +
    `TTFT p50 ${fmt(s.ttft.p50)} s, delay p50 ${fmt(s.queueDelay.p50)} s`,
);
console.log(
  describe(
    'TTFT p45-p55',
    rows.filter((row) => row.ttft >= low && row.ttft <= high),
  ),
);
console.log(describe('all (mean)', rows));
const prompts = rows.map((row) => row.prompt);
const cuts = [
  0,
  quantile(prompts, 0.25),
  quantile(prompts, 0.5),
  quantile(prompts, 0.75),
  Infinity,
];
for (let q = 0; q < 4; q++) {
  const group = rows.filter(
    (row) => row.prompt >= (cuts[q] as number) && row.prompt < (cuts[q + 1] as number),
  );
  console.log(describe(`prompt Q${q + 1} <${cuts[q + 1]}`, group));
  const groupTtft = group.map((row) => row.ttft);
  console.log(
    `${''.padEnd(22)} ttft p50 ${fmt(quantile(groupTtft, 0.5))} wait p50 ${fmt(
      quantile(
        group.map((r) => r.wait),
        0.5,
      ),
    )} span p50 ${fmt(
      quantile(
        group.map((r) => r.span),
        0.5,
      ),
    )} one-chunk share ${fmt(mean(group.map((r) => (r.chunks === 1 ? 1 : 0))), 2)}`,
  );
}
const durations = steps.slice(0, -1).map((step, index) => stepEnd(index) - step.now);
const busySteps = steps.slice(0, -1);
console.log(
  `steps ${steps.length}: mean ${fmt(mean(durations) * 1000, 1)} ms, tokens ${fmt(mean(busySteps.map((x) => x.tokens)), 0)}, ` +
    `decodes ${fmt(mean(busySteps.map((x) => x.decodes)), 1)}, prefill seqs ${fmt(mean(busySteps.map((x) => x.prefills)), 2)}, ` +
    `decode-only ${fmt(mean(busySteps.map((x) => (x.prefills === 0 ? 1 : 0))), 2)}; span ${fmt(s.durationSeconds, 0)} s`,
);
console.log(
  `KV: >= 90% in use in ${fmt(mean(steps.map((x) => (x.kvUse >= 0.9 ? 1 : 0))), 2)} of steps; ` +
    `decode-only with the shortest waiting prompt not fitting: ${fmt(mean(busySteps.map((x) => (x.prefills === 0 && x.memoryBlocked ? 1 : 0))), 2)}`,
);
console.log(memoryCeiling());

/**
 * The rate no work-conserving policy can sustain beyond on a linear-step cost model when every
 * resident decode gets a token each step: steps/s <= (1 - rate * w) / base (w = a request's token
 * work) and the decodes per step, times their token-weighted context kvw / out, must fit the KV:
 * rate * out * (kvw / out) * base / (1 - rate * w) <= K, so rate <= K / (kvw * base + K * w).
 */
function memoryCeiling(): string {
  const preset = JSON.parse(readFileSync(point.costModel, 'utf8')) as {
    readonly coefficients: Readonly<Record<string, number>>;
    readonly kvCapacityTokens: number;
  };
  const c = (name: string): number => preset.coefficients[name] ?? 0;
  const requests = readSweepTrace(point);
  let work = 0;
  let kvw = 0;
  for (const request of requests) {
    const prompt = request.promptTokens;
    const decodeSteps = request.outputTokens - 1; // the first token comes from the prefill step
    kvw += decodeSteps * prompt + (decodeSteps * decodeSteps) / 2;
    work +=
      prompt * c('perPrefillToken') +
      (prompt * prompt * c('perPrefillAttention')) / 2 +
      decodeSteps * c('perDecodeToken');
  }
  kvw /= requests.length;
  work = work / requests.length + kvw * c('perDecodeContextToken');
  const kv = preset.kvCapacityTokens;
  const ceiling = kv / (kvw * c('base') + kv * work);
  return `memory ceiling ${fmt(ceiling)} req/s (KV ${kv} tokens, token work ${fmt(work)} s a request, decode KV-steps ${fmt(kvw, 0)} tokens a request)`;
}
