/**
 * The five-application workload of the slides' set-up (`synthetic:apps5`): shell (nl2bash), math
 * (gsm8k), finance (tatqa), code (humaneval) and open chat (oasst), each with its own system prompt
 * (role instruction + few-shot examples from its dataset), equally popular, Poisson (cv = 1) or
 * bursty gamma arrivals. A request draws one real record of its application: the prompt text and
 * its true prompt and output token counts (o200k_base, as the datasets count them). Prompts are
 * system prompt + blank line + user prompt; the system prompt's full 16-token blocks are the
 * request's prefix hashes (`"<app>:<k>"`) and the app is its `group`.
 *
 * Reads ../shared/data/text (or `$LLMSCHED_TEXT_DIR`); fails with one line naming the folder when
 * the files are absent.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { SchedulerError } from '../../core/errors.js';
import { parseTextDataset } from '../../predictors/eval/text-dataset.js';
import { gammaArrivals } from '../arrivals/gamma-arrivals.js';
import { poissonArrivals } from '../arrivals/poisson-arrivals.js';
import { type AppDefinition, multiApps } from './app-system-prompts.js';
import { empiricalLengths } from './length-distribution.js';
import type { RequestClass, SyntheticWorkloadSpec, TextRecord } from './synthetic-workload.js';

/** Options of the five-application workload (`synthetic:apps5`). */
export interface MultiAppOptions {
  readonly rate: number;
  /** Inter-arrival CV: 1 = Poisson, > 1 bursty (gamma). */
  readonly cv: number;
  /** Multiplies every application's few-shot count (0 = instruction only). */
  readonly shotScale: number;
  /** Folder of the text datasets; default: `$LLMSCHED_TEXT_DIR`, else ../shared/data/text. */
  readonly dataDir?: string;
}

/** The folder holding the shared text datasets, or undefined when none of the candidates exists. */
export function findTextDataDir(explicit?: string): string | undefined {
  const candidates = [
    process.env['LLMSCHED_TEXT_DIR'],
    join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'text'),
    resolve('..', 'shared', 'data', 'text'),
  ];
  if (explicit !== undefined)
    return existsSync(join(explicit, 'nl2bash.jsonl')) ? explicit : undefined;
  for (const dir of candidates) {
    if (dir !== undefined && dir !== '' && existsSync(join(dir, 'nl2bash.jsonl'))) return dir;
  }
  return undefined;
}

interface Shot {
  readonly prompt: string;
  readonly response: string;
}

function readShots(text: string, count: number, file: string): Shot[] {
  const shots: Shot[] = [];
  for (const line of text.split('\n')) {
    if (shots.length >= count) break;
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { prompt?: unknown; response?: unknown };
    if (typeof record.prompt !== 'string' || typeof record.response !== 'string') {
      throw new SchedulerError(
        'INPUT_INVALID',
        `${file}: a few-shot record needs prompt and response`,
      );
    }
    shots.push({ prompt: record.prompt, response: record.response });
  }
  return shots;
}

/** The system prompt of an application: its instruction and `shots` examples. */
export function appSystemPrompt(app: AppDefinition, shots: readonly Shot[]): string {
  const examples = shots.map((s) => `User:\n${s.prompt}\nAssistant:\n${s.response}`);
  return [app.instruction, ...examples, 'Now answer the next request.'].join('\n\n');
}

function appClass(app: AppDefinition, dir: string, shotScale: number): RequestClass {
  const file = join(dir, `${app.dataset}.jsonl`);
  if (!existsSync(file)) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `synthetic:apps5 needs the shared text dataset ${file}, which does not exist`,
    );
  }
  const text = readFileSync(file, 'utf8');
  const shotCount = Math.round(app.shots * shotScale);
  const systemPrompt = appSystemPrompt(app, readShots(text, shotCount, file));
  const records: TextRecord[] = parseTextDataset(text, file)
    .slice(shotCount)
    .map((example) => ({
      prompt: example.input.prompt ?? '',
      promptTokens: Math.max(1, example.input.promptTokens),
      outputTokens: Math.max(1, example.outputTokens),
    }));
  return {
    name: app.name,
    weight: 1,
    systemPromptTokens: encodeO200k(systemPrompt).length,
    systemPrompt,
    records,
    promptTokens: empiricalLengths(records.map((r) => r.promptTokens)),
    outputTokens: empiricalLengths(records.map((r) => r.outputTokens)),
  };
}

/** The workload spec (arrivals and the five application classes). */
export function multiAppSpec(options: MultiAppOptions): SyntheticWorkloadSpec {
  const dir = findTextDataDir(options.dataDir);
  if (dir === undefined) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `synthetic:apps5 needs the shared text datasets (${options.dataDir ?? '../shared/data/text or $LLMSCHED_TEXT_DIR'}), which were not found`,
    );
  }
  if (!(options.shotScale >= 0 && options.shotScale <= 10)) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `synthetic:apps5: shotScale must be in [0, 10], got ${options.shotScale}`,
    );
  }
  return {
    arrivals:
      options.cv === 1 ? poissonArrivals(options.rate) : gammaArrivals(options.rate, options.cv),
    classes: multiApps.map((app) => appClass(app, dir, options.shotScale)),
  };
}

/** The o200k tokenizer, loaded on first use (its import takes most of a second; `llmsched` and
 * commands that never build this workload do not pay it). */
function encodeO200k(text: string): number[] {
  const tokenizer = createRequire(import.meta.url)(
    'gpt-tokenizer/encoding/o200k_base',
  ) as typeof O200k;
  return tokenizer.encode(text);
}
