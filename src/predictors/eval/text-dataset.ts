/**
 * Reads the normalized prompt/response JSONL of ../shared/data/text (one object a line:
 * `{id, task, system?, prompt, response?, prompt_tokens, response_tokens, meta}`) into predictor
 * examples.
 *
 * Only request fields become inputs: prompt, system (the group), prompt_tokens, and from `meta` the
 * two fields a production request carries itself, `model` (the OpenAI `model`) and `max_tokens`.
 * `task` and every other `meta` field stay out of the input (kept in `task` for analysis only).
 */
import { readFileSync } from 'node:fs';
import { SchedulerError } from '../../core/errors.js';
import { readErrorReason } from '../../io/read-error-reason.js';
import type { PredictorInput } from '../predictor.js';

/** The normalized prompt/response datasets of ../shared/data/text (file stem of each `.jsonl`). */
export const sharedTextDatasets = [
  'gsm8k',
  'gsm8k_gpt3_solutions',
  'humaneval',
  'nl2bash',
  'tatqa',
  'oasst_model_eval',
] as const;

export interface TextExample {
  readonly input: PredictorInput;
  /** True output tokens (response_tokens). */
  readonly outputTokens: number;
  /** Dataset label, for analysis only; never a feature. */
  readonly task: string;
  readonly source: string;
}

function field(record: Record<string, unknown>, name: string): unknown {
  return record[name];
}

function fail(file: string, line: number, message: string): SchedulerError {
  return new SchedulerError('INPUT_INVALID', `${file}:${line}: ${message}`);
}

/** Parses one file's text; `file` names the source in errors. */
export function parseTextDataset(text: string, file: string): TextExample[] {
  const examples: TextExample[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]?.trim() ?? '';
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw fail(file, index + 1, 'not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw fail(file, index + 1, 'expected a JSON object');
    }
    const record = parsed as Record<string, unknown>;
    const prompt = field(record, 'prompt');
    const responseTokens = field(record, 'response_tokens');
    if (typeof prompt !== 'string') throw fail(file, index + 1, "missing string field 'prompt'");
    if (typeof responseTokens !== 'number' || !(responseTokens >= 0)) {
      throw fail(file, index + 1, "missing non-negative number field 'response_tokens'");
    }
    const promptTokensField = field(record, 'prompt_tokens');
    const promptTokens =
      typeof promptTokensField === 'number' && promptTokensField >= 0
        ? promptTokensField
        : Math.ceil(prompt.length / 4);
    const id = field(record, 'id');
    const system = field(record, 'system');
    const task = field(record, 'task');
    const metaField = field(record, 'meta');
    const meta =
      typeof metaField === 'object' && metaField !== null
        ? (metaField as Record<string, unknown>)
        : {};
    const model = meta['model'];
    const maxTokens = meta['max_tokens'];
    const input: PredictorInput = {
      id: typeof id === 'string' || typeof id === 'number' ? String(id) : `${file}:${index + 1}`,
      prompt,
      promptTokens,
      messageCount: 1,
      // the truth, readable only by the oracle and simulated predictors (see PredictorInput)
      outputTokens: responseTokens,
      ...(typeof system === 'string' && system !== '' ? { group: system } : {}),
      ...(typeof model === 'string' ? { model } : {}),
      ...(typeof maxTokens === 'number' && maxTokens > 0 ? { maxTokens } : {}),
    };
    examples.push({
      input,
      outputTokens: responseTokens,
      task: typeof task === 'string' ? task : 'unknown',
      source: file,
    });
  }
  return examples;
}

/** Reads and concatenates JSONL files; an unreadable file is a SchedulerError naming it. */
export function readTextDatasets(files: readonly string[]): TextExample[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `cannot read dataset file ${file} (${readErrorReason(error)})`,
        {
          cause: error,
        },
      );
    }
    return parseTextDataset(text, file);
  });
}
