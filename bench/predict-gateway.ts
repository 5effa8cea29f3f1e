/**
 * CPU per gateway request of the output-length predictor, on the gateway's own path: the
 * `GatewayPredictor` of `llmsched serve` (default spec `learned`: untrained, learning online)
 * predicts each request on arrival and observes its length when it completes, `--in-flight`
 * arrivals later (64: the overhead bench's connections). Each target (this checkout's dist/ and
 * each `--baseline DIR`'s, all built: `npm run build`) runs in a child process of its own (a
 * shared heap would bill one target's garbage to the other), one child per target and round,
 * the order rotating; a child warms up (5,000 requests), then times `--windows` windows of
 * `--requests` requests in CPU time (process.cpuUsage) and reports their median. Printed: the
 * median over rounds per target and the median of its ratio to this checkout in the same round.
 *
 * Request shapes (`--shape`): `bench` is the overhead bench's body (bench/gateway-cpu.ts: model
 * `m`, one user message "hello there", max_tokens 8, tenant `default`; the fake backend answers 8
 * tokens), the same text every request; `text` cycles through prompts of ../shared/data/text
 * (every 10th example), observing their true lengths. Ids are `${8 hex}-${seq}` as serve makes
 * them, a fresh string per request.
 *
 *   npm run build && npx tsx bench/predict-gateway.ts [--shape bench|text] [--requests 20000]
 *     [--rounds 5] [--windows 3] [--in-flight 64] [--baseline DIR ...]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { GatewayPredictor } from '../src/gateway/gateway-predictor.js';
import { readTextDatasets, sharedTextDatasets } from '../src/predictors/eval/text-dataset.js';
import type { PredictorInput } from '../src/predictors/predictor.js';

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'bench' },
    requests: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    windows: { type: 'string', default: '3' },
    child: { type: 'string' },
    'in-flight': { type: 'string', default: '64' },
    baseline: { type: 'string', multiple: true, default: [] },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const windows = Number(values.windows);
const inFlight = Number(values['in-flight']);

interface Shape {
  readonly prompt: string;
  readonly promptTokens: number;
  readonly model: string;
  readonly maxTokens: number;
  readonly actual: number;
  readonly group: string | undefined;
}

function shapes(): Shape[] {
  if (values.shape === 'bench')
    return [
      {
        prompt: 'hello there',
        promptTokens: 3,
        model: 'm',
        maxTokens: 8,
        actual: 8,
        group: undefined,
      },
    ];
  const dataDir = join(import.meta.dirname, '..', '..', 'shared', 'data', 'text');
  if (values.shape !== 'text' || !existsSync(dataDir))
    throw new Error(`--shape ${values.shape}: bench, or text (needs ${dataDir})`);
  const files = sharedTextDatasets.map((name) => join(dataDir, `${name}.jsonl`));
  return readTextDatasets(files)
    .filter((_, i) => i % 10 === 0)
    .map((e) => ({
      prompt: e.input.prompt ?? '',
      promptTokens: e.input.promptTokens,
      model: e.input.model ?? 'm',
      // serve's default max_tokens when the request names none
      maxTokens: e.input.maxTokens ?? 256,
      actual: e.outputTokens,
      group: e.input.group,
    }));
}

type Create = (spec: string, self: undefined) => GatewayPredictor | undefined;

async function load(dir: string): Promise<GatewayPredictor> {
  const file = join(resolve(dir), 'dist', 'gateway', 'gateway-predictor.js');
  if (!existsSync(file)) throw new Error(`${file} is absent: build ${dir} first`);
  const module = (await import(pathToFileURL(file).href)) as { createGatewayPredictor: Create };
  const predictor = module.createGatewayPredictor('learned', undefined);
  if (predictor === undefined) throw new Error(`${dir}: no learned predictor`);
  return predictor;
}

/** `count` requests through the predictor, `inFlight` open at a time; returns CPU us per request. */
function run(
  predictor: GatewayPredictor,
  list: readonly Shape[],
  from: number,
  count: number,
): number {
  const open: (PredictorInput | undefined)[] = new Array(inFlight).fill(undefined);
  const actuals = new Float64Array(inFlight);
  const started = process.cpuUsage();
  for (let i = 0; i < count + inFlight; i++) {
    const slot = i % inFlight;
    const done = open[slot];
    if (done !== undefined) predictor.observe(done, actuals[slot] ?? 1);
    open[slot] = undefined;
    if (i >= count) continue;
    const seq = from + i;
    const shape = list[seq % list.length] as Shape;
    // built as the completion handler builds it (src/gateway/completion-handler.ts)
    const input: { -readonly [K in keyof PredictorInput]: PredictorInput[K] } = {
      id: `1a2b3c4d-${seq}`,
      promptTokens: shape.promptTokens,
      prompt: shape.prompt,
      messageCount: 1,
      maxTokens: shape.maxTokens,
      model: shape.model,
      tenant: 'default',
    };
    if (shape.group !== undefined) input.group = shape.group;
    predictor.predict(input);
    open[slot] = input;
    actuals[slot] = shape.actual;
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

if (values.child !== undefined) {
  const list = shapes();
  const predictor = await load(values.child);
  // warm-up: the code optimized and the model past the predictor's warm-up
  run(predictor, list, 0, 5000);
  const us: number[] = [];
  for (let w = 0; w < windows; w++) us.push(run(predictor, list, 5000 + w * requests, requests));
  process.stdout.write(`${median(us)}\n`);
} else {
  const dirs = [join(import.meta.dirname, '..'), ...values.baseline];
  const names = ['this checkout', ...values.baseline];
  const cpu: number[][] = dirs.map(() => []);
  const ratios: number[][] = dirs.map(() => []);
  const args = process.argv.slice(2);
  for (let round = 0; round < rounds; round++) {
    const us = dirs.map(() => 0);
    for (let k = 0; k < dirs.length; k++) {
      const i = (k + round) % dirs.length;
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, import.meta.filename, ...args, '--child', dirs[i] as string],
        { encoding: 'utf8' },
      );
      us[i] = Number(out.trim());
      cpu[i]?.push(us[i] ?? 0);
    }
    for (let i = 0; i < dirs.length; i++) ratios[i]?.push((us[i] ?? 0) / (us[0] ?? 1));
  }
  process.stdout.write(
    `shape ${values.shape}, ${rounds} rounds x ${windows} windows of ${requests} requests, ${inFlight} in flight\n` +
      '| target | CPU us/request (median) | min | ratio to this checkout (median) |\n|---|---|---|---|\n',
  );
  for (const [i, name] of names.entries())
    process.stdout.write(
      `| ${name} | ${median(cpu[i] ?? []).toFixed(2)} | ${Math.min(...(cpu[i] ?? [])).toFixed(2)} | ${median(ratios[i] ?? []).toFixed(3)} |\n`,
    );
}
