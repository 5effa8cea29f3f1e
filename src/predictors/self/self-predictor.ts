/**
 * LLM self-prediction (algorithms.md §13, the blog's shared-prefix trick): ask the serving model
 * how many tokens it would use, with the exact postfix appended to the END of the user content so
 * the real request's prompt is a cached prefix; parse the first integer; calibrate the answer to
 * actual lengths online (log-space isotonic regression, log-isotonic-calibrator.ts); predict a
 * log-normal around the calibrated value with the calibration residual as spread.
 *
 * Two-phase API (predict() is synchronous):
 *   await predictor.prepare(request)   // on arrival: one completion, max_tokens 8, temperature 0
 *   predictor.predict(request)         // reads the stored answer; costSeconds = its completion time
 *   predictor.observe(request, actual) // calibrates; forgets the stored answer
 * `prepare` never rejects. Without a usable answer (not prepared, client error, no number in the
 * reply) `predict` answers from the group/global histogram and counts a fallback.
 *
 * Sources:
 * - `client`: any CompletionClient (OpenAI-compatible HTTP, the built-in engine);
 * - `simulated` (`self:SIGMA` in the catalog, simulator only): the answer is synthesised from the
 *   true length as the blog describes it: slope below 1 (0.8 x actual, not tokenizer-aware), log-
 *   normal noise of sigma SIGMA (deterministic per request id and seed), rounded to a multiple of
 *   10 (of 50 above 200), and a fixed cost per query standing in for the short extra decode.
 *
 * @example
 * const self = createSelfPredictor({ source: { kind: 'client', client }, maxTokens: 1024 });
 * await self.prepare(request);
 * self.predict(request).mean;
 */

import { createRng } from '../../core/rng.js';
import { predictionFromBuckets } from '../bucket-prediction.js';
import type { CompletionClient } from '../completion-client.js';
import { createGroupHistograms, groupDistribution, observeGroup } from '../group-histograms.js';
import { hashString } from '../learned/feature-hasher.js';
import { conditionalRemaining, defaultBucketEdges } from '../length-buckets.js';
import { logNormalBuckets } from '../log-normal-buckets.js';
import type { LengthPrediction, LengthPredictor, PredictorInput } from '../predictor.js';
import { createLogIsotonicCalibrator } from './log-isotonic-calibrator.js';
import { parseLengthAnswer, selfPredictionPostfix } from './parse-length-answer.js';

/**
 * Where self-predictions come from: a real completion client, or a simulation that reads the truth
 * with noise.
 */
export type SelfPredictionSource =
  | { readonly kind: 'client'; readonly client: CompletionClient }
  | {
      readonly kind: 'simulated';
      readonly sigma: number;
      readonly seed: number;
      /** Engine seconds per prediction query (default 0.03). */
      readonly secondsPerQuery?: number;
    };

export interface SelfPredictorOptions {
  readonly source: SelfPredictionSource;
  /** max_tokens announced in the postfix when the request names none (default 1024). */
  readonly maxTokens?: number;
  /** Tokens the model may use for its answer (default 8). */
  readonly answerTokens?: number;
  /** System prompt for the query, so it shares the real request's prefix. */
  readonly systemPrompt?: (request: PredictorInput) => string | undefined;
  readonly name?: string;
}

interface Answer {
  readonly value: number;
  readonly seconds: number;
}

export interface SelfPredictor extends LengthPredictor {
  prepare(request: PredictorInput): Promise<void>;
}

function simulatedAnswer(request: PredictorInput, sigma: number, seed: number): number | undefined {
  if (request.outputTokens === undefined) return undefined;
  const rng = createRng((seed ^ hashString(request.id)) >>> 0);
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  const guess = 0.8 * Math.max(1, request.outputTokens) * Math.exp(sigma * normal);
  const quantum = guess > 200 ? 50 : 10;
  return Math.max(quantum, Math.round(guess / quantum) * quantum);
}

export function createSelfPredictor(options: SelfPredictorOptions): SelfPredictor {
  const edges = defaultBucketEdges;
  const defaultMax = options.maxTokens ?? 1024;
  const answers = new Map<string, Answer>();
  const calibrator = createLogIsotonicCalibrator();
  const histograms = createGroupHistograms(edges);
  const counters = {
    predictions: 0,
    observations: 0,
    queries: 0,
    fallbacks: 0,
    unparsable: 0,
    clientErrors: 0,
    querySeconds: 0,
  };
  const { source } = options;

  const answerFor = (request: PredictorInput): Answer | undefined => {
    const stored = answers.get(request.id);
    if (stored !== undefined || source.kind === 'client') return stored;
    const value = simulatedAnswer(request, source.sigma, source.seed);
    if (value === undefined) return undefined;
    const answer = { value, seconds: source.secondsPerQuery ?? 0.03 };
    counters.queries++;
    counters.querySeconds += answer.seconds;
    answers.set(request.id, answer);
    return answer;
  };

  const distribution = (request: PredictorInput): { probs: Float64Array; cost: number } => {
    const answer = answerFor(request);
    if (answer === undefined) {
      counters.fallbacks++;
      return { probs: groupDistribution(histograms, request), cost: 0 };
    }
    const calibrated = calibrator.map(answer.value);
    const sigma = calibrator.spread();
    return {
      probs: logNormalBuckets(edges, Math.log(Math.max(1, calibrated)), sigma),
      cost: answer.seconds,
    };
  };

  return {
    name: options.name ?? 'self',
    async prepare(request) {
      if (source.kind === 'simulated' || answers.has(request.id)) return;
      const maxTokens = request.maxTokens ?? defaultMax;
      const system = options.systemPrompt?.(request);
      try {
        const result = await source.client.complete(
          (request.prompt ?? '') + selfPredictionPostfix(maxTokens),
          {
            maxTokens: options.answerTokens ?? 8,
            temperature: 0,
            ...(system === undefined ? {} : { system }),
          },
        );
        counters.queries++;
        counters.querySeconds += result.seconds;
        const value = parseLengthAnswer(result.text, maxTokens);
        if (value === undefined) counters.unparsable++;
        else answers.set(request.id, { value, seconds: result.seconds });
      } catch {
        counters.clientErrors++;
      }
    },
    predict(request): LengthPrediction {
      counters.predictions++;
      try {
        const { probs, cost } = distribution(request);
        return predictionFromBuckets(edges, probs, { costSeconds: cost, cap: request.maxTokens });
      } catch {
        counters.fallbacks++;
        return predictionFromBuckets(edges, groupDistribution(histograms, request), {
          costSeconds: 0,
        });
      }
    },
    observe(request, actualOutputTokens) {
      counters.observations++;
      try {
        const answer = answerFor(request);
        if (answer !== undefined) calibrator.add(answer.value, actualOutputTokens);
        observeGroup(histograms, request, actualOutputTokens);
        answers.delete(request.id);
      } catch {
        counters.fallbacks++;
      }
    },
    remaining(request, generated) {
      try {
        return conditionalRemaining(edges, distribution(request).probs, generated);
      } catch {
        counters.fallbacks++;
        return Math.max(1, generated * 0.25);
      }
    },
    stats: () => ({ ...counters, calibrationPairs: calibrator.size }),
  };
}
