/**
 * `llmsched engine replay|generate|profile`: the built-in llama.cpp engine (CPU, node-llama-cpp).
 *
 *   llmsched engine replay --synthetic bursty --policy sprpt [--preset small] [--slots 4] --json
 *   llmsched engine replay --trace t.csv --rate 2 --requests 50 --policy vllm-fcfs --model my.gguf
 *   llmsched engine generate --prompt "Hello" [--model PATH] [--max-tokens 64]
 *   llmsched engine profile [--preset small] --out cpu-small.json
 *   llmsched engine replay --synthetic bursty --seed 2 --policy fcfs --cost-model-out cal.json
 */
import type { Command } from 'commander';
import { checkGgufFile, type GgufHeader } from '../../engines/gguf/gguf-header.js';
import { isModelPresetName, modelPresetNames } from '../../engines/gguf/model-config.js';
import { defaultContextPerSlot, openModel } from '../../engines/local/llama-runtime.js';
import { defaultModelPreset, resolveModelPath } from '../../engines/local/model-source.js';
import { predictorFromSpec } from '../../engines/local/predicted-size.js';
import { profileEngine } from '../../engines/local/profile-engine.js';
import { runEngineReplay } from '../../engines/local/run-replay.js';
import { presetFromStepLog } from '../../engines/local/step-log-preset.js';
import { streamCompletion } from '../../engines/local/stream-completion.js';
import { SystemClock } from '../../engines/system-clock.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { checkOutputPath } from '../../io/output-path.js';
import { failureLines } from '../../metrics/failure-lines.js';
import type { RequestRecord } from '../../metrics/request-record.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { defaultBatchPolicyName } from '../../policies/batch/default-policy.js';
import { countFailedByKind, summaryJson } from '../../reports/summary-json.js';
import { integerFlag, seedFlag } from '../bounds.js';
import { CliError } from '../cli-error.js';
import { notice } from '../notice.js';
import { createProgress } from '../progress.js';
import { checkSlotFit } from '../request-fit.js';
import { exitOnSignals } from '../signals.js';
import { readTraceFlags, type TraceFlags } from '../trace-flags.js';
import { parseParams } from './sweep-flags.js';

interface ModelFlags {
  readonly model?: string;
  readonly preset?: string;
  readonly modelSeed: string;
  /** True when --model-seed was given on the command line (not the default). */
  readonly modelSeedGiven?: boolean;
  readonly threads: string;
}

interface ReplayFlags extends ModelFlags, TraceFlags {
  readonly policy: string;
  readonly slots: string;
  readonly kvTokens?: string;
  readonly context?: string;
  readonly maxBatchedTokens: string;
  readonly chunkCap: string;
  readonly chunkSize?: string;
  readonly params?: string;
  readonly predictor: string;
  readonly json?: boolean;
  readonly costModelOut?: string;
}

function int(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`${flag} must be an integer >= ${min}, got '${value}'`);
  return n;
}

function modelPath(flags: ModelFlags): string {
  if (flags.model !== undefined && flags.preset !== undefined) {
    throw new CliError('use either --model PATH or --preset NAME, not both');
  }
  if (flags.model !== undefined) {
    if (flags.modelSeedGiven) {
      throw new CliError(
        '--model-seed seeds a generated model: give it with --preset, not --model',
      );
    }
    return resolveModelPath({ kind: 'file', path: flags.model });
  }
  const preset = flags.preset ?? defaultModelPreset;
  if (!isModelPresetName(preset)) {
    throw new CliError(`--preset must be one of ${modelPresetNames.join(', ')}, got '${preset}'`);
  }
  return resolveModelPath({
    kind: 'preset',
    preset,
    seed: seedFlag(flags.modelSeed, '--model-seed'),
  });
}

/** The model path, checked (GGUF magic, version, tensors) without loading llama.cpp. */
function checkedModel(flags: ModelFlags): { path: string; header: GgufHeader } {
  const path = modelPath(flags);
  return { path, header: checkGgufFile(path) };
}

function formatSummary(s: RunSummary, records: readonly RequestRecord[]): string {
  const ms = (x: number): string => (x * 1000).toFixed(1);
  return [
    `policy ${s.policy}: ${s.completed}/${s.requests} completed in ${s.durationSeconds.toFixed(2)} s`,
    ...failureLines(records),
    `  TTFT ms  mean ${ms(s.ttft.mean)}  p50 ${ms(s.ttft.p50)}  p90 ${ms(s.ttft.p90)}  p99 ${ms(s.ttft.p99)}`,
    `  E2E  ms  mean ${ms(s.e2e.mean)}  p50 ${ms(s.e2e.p50)}  p90 ${ms(s.e2e.p90)}  p99 ${ms(s.e2e.p99)}`,
    `  TPOT ms  mean ${ms(s.tpot.mean)}  p90 ${ms(s.tpot.p90)}`,
    `  throughput ${s.throughputTokensPerSecond.toFixed(1)} tok/s, preemptions ${s.preemptions}, prefix hit ${(100 * s.prefixHitRate).toFixed(1)}%`,
  ].join('\n');
}

function modelOptions(command: Command): Command {
  return command
    .option('--model <path>', 'a GGUF model file (default: a generated model)')
    .option(
      '--preset <name>',
      `generated model preset: ${modelPresetNames.join('|')} (default ${defaultModelPreset})`,
    )
    .option('--model-seed <n>', 'seed of the generated model weights', '1')
    .option('--threads <n>', 'llama.cpp threads (1 is fastest on a busy 2-core machine)', '1');
}

export function registerEngine(program: Command): void {
  const engine = program
    .command('engine')
    .description('the built-in llama.cpp engine (CPU), scheduled per step by llmsched policies');

  modelOptions(
    engine
      .command('replay')
      .description('replay a trace through the real engine in real time; prints a RunSummary')
      .option('--trace <path>', 'trace file (any format readTrace accepts)')
      .option('--synthetic <name>', 'synthetic workload, e.g. bursty or bursty:longOutput=64')
      .option(
        '--policy <name>',
        'batch or rank policy (vllm-fcfs, fifo, sprpt, spjf, sarathi, ...)',
        defaultBatchPolicyName,
      )
      .option('--slots <n>', 'sequences in the context (max running requests)', '4')
      .option(
        '--context <n>',
        "KV tokens per slot; a request's prompt + output must fit (default: 2048, at most the model's)",
      )
      .option(
        '--kv-tokens <n>',
        'KV-cell budget shared by running requests (default slots x context; less makes the policy preempt for memory)',
      )
      .option('--max-batched-tokens <n>', 'token budget per step', '256')
      .option('--chunk-cap <n>', 'max prompt tokens per request per step (0 = none)', '0')
      .option('--chunk-size <n>', 'chunk size of sarathi / sglang-* policies')
      .option('--params <k=v,...>', 'numeric policy parameters, e.g. offsetUnit=1 (slai)')
      .option(
        '--predictor <name>',
        'output-length predictor spec: oracle, noisy:lognormal:0.5, ..., or none',
        'oracle',
      )
      .option('--requests <n>', 'number of requests (synthetic default 40)')
      .option('--rate <r>', 'arrival rate, requests/s (synthetic default 2)')
      .option('--rate-scale <k>', 'multiply a timestamped trace arrival rate by k')
      .option('--seed <s>', 'seed of the workload and prompts', '1')
      .option('--json', 'print the RunSummary as JSON (n/a as null, failedByKind)')
      .option(
        '--cost-model-out <path>',
        "fit a linear-step cost preset on this replay's step log and write it (JSON)",
      ),
  ).action(async (flags: ReplayFlags, command: Command) => {
    exitOnSignals();
    const model = withSeedSource(flags, command);
    const seed = seedFlag(flags.seed);
    const contextFlag =
      flags.context === undefined ? undefined : int('--context', flags.context, 16);
    const options = {
      slots: integerFlag('--slots', flags.slots, 1, 256),
      maxBatchedTokens: int('--max-batched-tokens', flags.maxBatchedTokens, 1),
      chunkCap: int('--chunk-cap', flags.chunkCap, 0),
      ...(flags.chunkSize !== undefined
        ? { chunkSize: int('--chunk-size', flags.chunkSize, 1) }
        : {}),
      ...(flags.params !== undefined ? { params: parseParams(flags.params) } : {}),
      threads: int('--threads', flags.threads, 1),
      ...(flags.kvTokens !== undefined ? { kvTokens: int('--kv-tokens', flags.kvTokens, 16) } : {}),
      seed,
    };
    if (flags.costModelOut !== undefined) checkOutputPath('--cost-model-out', flags.costModelOut);
    const requests = readTraceFlags(flags, 40);
    const predictor = predictorFromSpec(flags.predictor, seed);
    const { path, header } = checkedModel(model);
    const contextPerSlot = contextFlag ?? defaultContextPerSlot(header.contextLength);
    checkSlotFit(requests, contextPerSlot, header.contextLength);
    const { model: llama, facts } = await openModel(path);
    const progress = createProgress({
      label: 'engine replay',
      total: requests.length,
      unit: 'requests ended',
    });
    let ended = 0;
    // a line every few seconds also while no request ends (a long prompt, a slow step)
    const ticker = setInterval(() => progress.update(ended), 1000);
    ticker.unref();
    const {
      summary,
      result,
      limits: engineLimits,
    } = await runEngineReplay({
      onProgress: (count) => {
        ended = count;
        progress.update(count);
      },
      model: llama,
      facts,
      clock: new SystemClock(),
      policy: flags.policy,
      requests,
      ...(predictor !== undefined ? { predictor } : {}),
      oracle: true,
      contextPerSlot,
      ...options,
    }).finally(() => {
      clearInterval(ticker);
      progress.stop();
    });
    await llama.dispose();
    if (flags.costModelOut !== undefined) {
      const preset = presetFromStepLog(result.steps, {
        name: `cpu-replay-${flags.policy}`,
        kvCapacityTokens: engineLimits.totalBlocks * engineLimits.blockSize,
        description: `linear-step preset fitted on the step log of llmsched engine replay (${result.steps.length} steps)`,
      });
      writeFileAtomic(flags.costModelOut, `${JSON.stringify(preset, null, 2)}\n`);
      process.stderr.write(`wrote ${flags.costModelOut}\n`);
    }
    if (flags.json) {
      const json = summaryJson(summary, {
        hasSlo: requests.some((request) => request.slo !== undefined),
        failedByKind: countFailedByKind(result.records),
      });
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatSummary(summary, result.records)}\n`);
      process.stdout.write(
        `  steps ${result.stats.steps}, llama_decode calls ${result.stats.decodes}, prompt tokens reused ${result.stats.reusedPromptTokens}\n`,
      );
    }
  });

  modelOptions(
    engine
      .command('generate')
      .description('stream one completion to stdout')
      .requiredOption('--prompt <text>', 'the prompt')
      .option('--max-tokens <n>', 'output tokens at most', '64')
      .option('--raw', 'do not apply the chat template of the GGUF')
      .option('--temperature <t>', 'sampling temperature (0 = greedy)', '0')
      .option('--seed <s>', 'sampling seed', '1'),
  ).action(
    async (
      flags: ModelFlags & {
        prompt: string;
        maxTokens: string;
        raw?: boolean;
        temperature: string;
        seed: string;
      },
      command: Command,
    ) => {
      exitOnSignals();
      const temperature = Number(flags.temperature);
      if (flags.temperature.trim() === '' || !Number.isFinite(temperature) || temperature < 0) {
        throw new CliError(`--temperature must be a number >= 0, got '${flags.temperature}'`);
      }
      const maxTokens = int('--max-tokens', flags.maxTokens, 1);
      const seed = seedFlag(flags.seed);
      const threads = int('--threads', flags.threads, 1);
      if (flags.prompt.trim() === '') throw new CliError('--prompt: the prompt is empty');
      const { path, header } = checkedModel(withSeedSource(flags, command));
      if (header.contextLength !== undefined && maxTokens >= header.contextLength) {
        throw new CliError(
          `--max-tokens ${maxTokens}: the model's context is ${header.contextLength} tokens`,
        );
      }
      if (flags.model === undefined) {
        notice(
          'the generated model has random weights: expect word salad (pass --model FILE.gguf for real text)',
        );
      }
      const { model, facts } = await openModel(path);
      await streamCompletion({
        model,
        facts,
        clock: new SystemClock(),
        prompt: flags.prompt,
        maxTokens,
        chatTemplate: flags.raw !== true,
        temperature,
        seed,
        threads,
        write: (text) => process.stdout.write(text),
      });
      process.stdout.write('\n');
      await model.dispose();
    },
  );

  modelOptions(
    engine
      .command('profile')
      .description("measure this machine's step time and write a linear-step cost preset (JSON)")
      .option('--out <path>', 'output JSON file (default: stdout)')
      .option('--slots <n>', 'max decode batch measured', '8')
      .option('--max-context <n>', 'largest context measured', '1024')
      .option('--repeats <n>', 'measurements per grid point (median)', '3'),
  ).action(
    async (
      flags: ModelFlags & { out?: string; slots: string; maxContext: string; repeats: string },
      command: Command,
    ) => {
      exitOnSignals();
      const options = {
        maxBatch: integerFlag('--slots', flags.slots, 1, 256),
        maxContext: int('--max-context', flags.maxContext, 64),
        repeats: integerFlag('--repeats', flags.repeats, 1, 1000),
        threads: int('--threads', flags.threads, 1),
      };
      if (flags.out !== undefined) checkOutputPath('--out', flags.out);
      const { path, header } = checkedModel(withSeedSource(flags, command));
      if (header.contextLength !== undefined && options.maxContext > header.contextLength) {
        throw new CliError(
          `--max-context ${options.maxContext}: more than the model's trained context of ${header.contextLength} tokens`,
        );
      }
      const { model, facts } = await openModel(path);
      const preset = await profileEngine({
        model,
        facts,
        clock: new SystemClock(),
        ...options,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      await model.dispose();
      const text = `${JSON.stringify(preset, null, 2)}\n`;
      if (flags.out !== undefined) {
        writeFileAtomic(flags.out, text);
        process.stderr.write(`wrote ${flags.out}\n`);
      } else process.stdout.write(text);
    },
  );
}

/** The flags with `modelSeedGiven` set from commander's record of where --model-seed came from. */
function withSeedSource<F extends ModelFlags>(flags: F, command: Command): F {
  return { ...flags, modelSeedGiven: command.getOptionValueSource('modelSeed') === 'cli' };
}
