/**
 * Scheduling on real compute: the bursty workload (mixed short and long requests, lengths enforced
 * by max_tokens with EOS ignored) replayed in real time through the llama.cpp engine under FCFS
 * (vllm-fcfs) and the prediction policies sprpt / spjf with oracle lengths. The policies run
 * interleaved, round after round, in ONE process, so the load other processes put on the shared
 * cores hits all of them alike; the figures are means over rounds and the ratios are against FCFS.
 *
 *   npx tsx bench/engine.ts [--rounds 2] [--requests 40] [--rate 1.5] [--slots 2] [--write]
 *
 * `--write` replaces the "## Real engine" section of docs/benchmarks.md (between the
 * `engine:bench` markers).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeMarkedSection } from '../scripts/lib/marked-section.js';
import { modelPresets } from '../src/engines/gguf/model-config.js';
import { openModel } from '../src/engines/local/llama-runtime.js';
import { resolveModelPath } from '../src/engines/local/model-source.js';
import { predictorFromSpec } from '../src/engines/local/predicted-size.js';
import { runEngineReplay } from '../src/engines/local/run-replay.js';
import { SystemClock } from '../src/engines/system-clock.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { readTrace } from '../src/workloads/read-trace.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    requests: { type: 'string', default: '40' },
    rate: { type: 'string', default: '1.5' },
    slots: { type: 'string', default: '2' },
    write: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const requestsCount = Number(values.requests);
const rate = Number(values.rate);
const preset = 'small';
const slots = Number(values.slots);
const workload = 'bursty:shortPrompt=32,shortOutput=16,longPrompt=256,longOutput=192';
const policies = ['vllm-fcfs', 'sprpt', 'spjf'] as const;
const command = `npx tsx bench/engine.ts --rounds ${rounds} --requests ${requestsCount} --rate ${rate} --slots ${slots} --write`;

const requests = readTrace(`synthetic:${workload}`, { rate, requests: requestsCount, seed: 1 });
const path = resolveModelPath({ kind: 'preset', preset, seed: 1 });
const { model, facts } = await openModel(path);
const results = new Map<string, RunSummary[]>(policies.map((p) => [p, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [...policies] : [...policies].reverse();
  for (const policy of order) {
    const { summary } = await runEngineReplay({
      model,
      facts,
      clock: new SystemClock(),
      policy,
      requests,
      predictor: predictorFromSpec('oracle', 1),
      oracle: true,
      slots,
      contextPerSlot: 1024,
      maxBatchedTokens: 256,
      chunkCap: 0,
      threads: 1,
      seed: 1,
    });
    results.get(policy)?.push(summary);
    process.stderr.write(
      `round ${round + 1} ${policy}: E2E mean ${(summary.e2e.mean * 1000).toFixed(0)} ms, TTFT mean ${(summary.ttft.mean * 1000).toFixed(0)} ms, ${summary.completed}/${summary.requests}\n`,
    );
  }
}
await model.dispose();

const mean = (xs: readonly number[]): number =>
  xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const avg = (policy: string, pick: (s: RunSummary) => number): number =>
  mean((results.get(policy) ?? []).map(pick));
const base = {
  e2e: avg('vllm-fcfs', (s) => s.e2e.mean),
  ttft: avg('vllm-fcfs', (s) => s.ttft.mean),
};
const ms = (x: number): string => (x * 1000).toFixed(0);
const shape = modelPresets[preset];
const lines = [
  `Command: \`${command}\` (${rounds} interleaved rounds; figures are means over rounds).`,
  '',
  `Workload \`synthetic:${workload}\`, ${requestsCount} requests at ${rate} req/s (seed 1), prompt and output`,
  `lengths enforced (max_tokens, EOS ignored). Engine: generated \`${preset}\` model (${shape.layers} layers, width ${shape.width}),`,
  `${slots} slots x 1024 tokens, 256-token step budget, 1 llama.cpp thread, oracle output lengths.`,
  '',
  '| policy | mean E2E ms | p90 E2E ms | mean TTFT ms | p90 TTFT ms | mean E2E vs FCFS | mean TTFT vs FCFS | preemptions |',
  '|---|---|---|---|---|---|---|---|',
  ...policies.map((p) => {
    const e2e = avg(p, (s) => s.e2e.mean);
    const ttft = avg(p, (s) => s.ttft.mean);
    return `| ${p} | ${ms(e2e)} | ${ms(avg(p, (s) => s.e2e.p90))} | ${ms(ttft)} | ${ms(avg(p, (s) => s.ttft.p90))} | ${(base.e2e / e2e).toFixed(2)}x lower | ${(base.ttft / ttft).toFixed(2)}x lower | ${avg(p, (s) => s.preemptions).toFixed(0)} |`;
  }),
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

if (values.write) {
  const file = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const begin = '<!-- engine:bench:begin -->';
  const end = '<!-- engine:bench:end -->';
  writeMarkedSection(file, {
    begin,
    end,
    body: table,
    heading: 'Real engine',
    empty: '# Benchmarks\n',
  });
  process.stderr.write(`updated ${file}\n`);
}
