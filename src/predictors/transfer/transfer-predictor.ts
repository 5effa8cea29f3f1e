/**
 * The transfer predictor: an output-length predictor meant to hold up on traffic it was not
 * trained on, and to learn from the traffic it serves.
 *
 * Cold part (fitted offline by fit-transfer.ts, or the bare prior when untrained):
 *   mu0 = ln(prior by answer form) + ridge(dense features)   (answer-form.ts, transfer-features.ts)
 * with the spread given by `coldAtoms`: quantiles of the cold model's residuals on datasets it was
 * not fitted on (nested leave-one-dataset-out), so the cold p90 is calibrated for new tasks.
 *
 * Online part (every `observe`):
 * - a hashed word model learns the residual y - mu0 (online-words.ts), starting from zero;
 * - per-group residual statistics (group-residuals.ts; keys: group with model, group, model,
 *   tenant, then the deployment `*`) take over the spread and level from the cold atoms with weight
 *   n / (n + 20) once a key has 10 observations, with a drift guard on each key;
 * - a second guard on the word model: exponentially weighted squared errors of mu0 + words and of
 *   mu0 alone; after 200 updates, if the words do worse by 5%, they are reset (`wordResets`).
 *
 * Predictions are cached per request id (the scheduler asks repeatedly; `observe` with only the
 * id reuses the features). Never throws into the scheduling path: an exception falls back to the
 * bare prior with the cold atoms and is counted as `fallbacks`.
 *
 * @example
 * const predictor = createTransferPredictor(); // the bare prior, learning online
 * predictor.predict({ id: 'r1', promptTokens: 12, prompt: 'Explain how a CPU cache works' }).mean;
 */

import { conditionalRemaining, defaultBucketEdges } from '../length-buckets.js';
import type { LengthPrediction, LengthPredictor, PredictorInput } from '../predictor.js';
import { type ColdPart, coldCorrection } from './cold-correction.js';
import {
  createGroupResiduals,
  type GroupResiduals,
  groupAtoms,
  observeResidual,
} from './group-residuals.js';
import {
  createOnlineWords,
  type OnlineWords,
  type OnlineWordsOptions,
  resetWords,
  type WordFeatures,
  wordFeatures,
  wordsPredict,
  wordsStep,
} from './online-words.js';
import { atomCount, atomsPrediction, blendAtoms } from './residual-atoms.js';
import { denseDimension, denseFeatures } from './transfer-features.js';

/**
 * A fitted transfer model: the cold part, its residual atoms, and whether it uses the prior only.
 */
export interface TransferModel extends ColdPart {
  /** Residual quantiles of the cold model on unseen datasets (atomCount values, sorted). */
  readonly coldAtoms: Float64Array;
  /** False: no answer-form prior (ablation; the ridge intercept carries the level). */
  readonly usePrior: boolean;
}

/** The untrained model: the bare prior with a wide spread (ln-space atoms of N(0, 1)). */
export function priorOnlyModel(): TransferModel {
  const atoms = new Float64Array(atomCount);
  for (let j = 0; j < atomCount; j++) atoms[j] = inverseNormal((j + 0.5) / atomCount);
  return {
    ridge: { intercept: 0, weights: new Float64Array(denseDimension) },
    centers: new Float64Array(denseDimension).fill(Number.NaN),
    clip: Number.POSITIVE_INFINITY,
    coldAtoms: atoms,
    usePrior: true,
  };
}

/** Acklam's rational approximation of the standard normal quantile (|error| < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [
    -39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472,
    2.50662827745924,
  ];
  const b = [
    -54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857,
  ];
  const c = [
    -0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373,
    4.37466414146497, 2.93816398269878,
  ];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const poly = (k: readonly number[], x: number): number => k.reduce((sum, v) => sum * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

export interface TransferOptions {
  /** Learn words online (off: the cold model plus group statistics only). */
  readonly onlineWords: boolean;
  /** Per-group statistics online (off: cold atoms always). */
  readonly groupStatistics: boolean;
  /** The online word model's options (default `defaultOnlineWordsOptions`). */
  readonly words?: OnlineWordsOptions;
}

export const defaultTransferOptions: TransferOptions = { onlineWords: true, groupStatistics: true };

export interface TransferPredictor extends LengthPredictor {
  readonly model: TransferModel;
  readonly words: OnlineWords;
  readonly groups: GroupResiduals;
  /** The cold log-length mean mu0 of a request (no online part). */
  coldMu(request: PredictorInput): number;
}

interface Entry {
  readonly prompt: string | undefined;
  readonly mu0: number;
  readonly words: WordFeatures;
  readonly keys: readonly string[];
  prediction?: { readonly cap: number | undefined; readonly value: LengthPrediction };
}

const cacheSize = 4096;

function atomsMean(atoms: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < atoms.length; j++) sum += atoms[j] ?? 0;
  return sum / Math.max(1, atoms.length);
}
const guardAlpha = 0.02;
const guardAfter = 200;

/** Group keys of a request, most specific first, ending with the deployment key `*`. */
export function transferGroupKeys(request: PredictorInput): string[] {
  const keys: string[] = [];
  if (request.group !== undefined) {
    if (request.model !== undefined) keys.push(`gm:${request.model}\u0000${request.group}`);
    keys.push(`g:${request.group}`);
  }
  if (request.model !== undefined) keys.push(`m:${request.model}`);
  if (request.tenant !== undefined) keys.push(`t:${request.tenant}`);
  keys.push('*');
  return keys;
}

export function createTransferPredictor(
  model: TransferModel = priorOnlyModel(),
  options: TransferOptions = defaultTransferOptions,
  name = 'transfer',
): TransferPredictor {
  const edges = defaultBucketEdges;
  const words = createOnlineWords(options.words);
  const groups = createGroupResiduals();
  const cache = new Map<string, Entry>();
  const blended = new Float64Array(atomCount);
  const counters = { predictions: 0, observations: 0, fallbacks: 0, wordResets: 0 };
  const guard = { withWords: 0, without: 0 };

  const entry = (request: PredictorInput): Entry => {
    const cached = cache.get(request.id);
    if (cached !== undefined && (cached.prompt === request.prompt || request.prompt === undefined))
      return cached;
    const dense = denseFeatures(request);
    const fresh: Entry = {
      prompt: request.prompt,
      mu0:
        (model.usePrior ? dense.reading.priorLogTokens : 0) + coldCorrection(model, dense.values),
      words: wordFeatures(words, request, dense.reading.form),
      keys: transferGroupKeys(request),
    };
    cache.set(request.id, fresh);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return fresh;
  };

  const onlineMu = (item: Entry): number =>
    item.mu0 + (options.onlineWords ? wordsPredict(words, item.words) : 0);

  const distribution = (request: PredictorInput, item: Entry): LengthPrediction => {
    const group = options.groupStatistics ? groupAtoms(groups, item.keys) : undefined;
    const atoms =
      group === undefined
        ? model.coldAtoms
        : blendAtoms(model.coldAtoms, group.atoms, group.weight, blended);
    return atomsPrediction(onlineMu(item), atoms, edges, request.maxTokens);
  };

  const fallback = (request: PredictorInput): LengthPrediction =>
    atomsPrediction(Math.log(150), model.coldAtoms, edges, request.maxTokens);

  const predictOnce = (request: PredictorInput): LengthPrediction => {
    try {
      const item = entry(request);
      if (item.prediction !== undefined && item.prediction.cap === request.maxTokens)
        return item.prediction.value;
      const value = distribution(request, item);
      item.prediction = { cap: request.maxTokens, value };
      return value;
    } catch {
      counters.fallbacks++;
      return fallback(request);
    }
  };

  return {
    name,
    model,
    words,
    groups,
    coldMu: (request) => entry(request).mu0,
    predict(request) {
      counters.predictions++;
      return predictOnce(request);
    },
    observe(request, actualOutputTokens) {
      counters.observations++;
      try {
        const item = entry(request);
        const y = Math.log(Math.max(1, actualOutputTokens));
        const online = onlineMu(item);
        if (options.onlineWords) {
          // the words learn what the group's level does not explain (backfitting: the group
          // residuals are net of the words, the words' target net of the group's level)
          const group = options.groupStatistics ? groupAtoms(groups, item.keys) : undefined;
          const level = group === undefined ? 0 : group.weight * atomsMean(group.atoms);
          const target = y - item.mu0 - level;
          guard.withWords += guardAlpha * ((target - (online - item.mu0)) ** 2 - guard.withWords);
          guard.without += guardAlpha * (target ** 2 - guard.without);
          if (words.updates >= guardAfter && guard.withWords > 1.05 * guard.without) {
            resetWords(words);
            guard.withWords = guard.without;
            counters.wordResets++;
          }
          wordsStep(words, item.words, target);
        }
        if (options.groupStatistics) observeResidual(groups, item.keys, y - online);
        cache.delete(request.id);
      } catch {
        counters.fallbacks++;
      }
    },
    remaining(request, generated) {
      try {
        const prediction = predictOnce(request);
        const buckets = prediction.buckets;
        if (buckets === undefined) return Math.max(0, prediction.mean - generated);
        return conditionalRemaining(buckets.edges, buckets.probs, generated);
      } catch {
        counters.fallbacks++;
        return 1;
      }
    },
    stats: () => ({
      ...counters,
      wordUpdates: words.updates,
      groups: groups.groups.size,
      driftResets: groups.driftResets,
      cached: cache.size,
    }),
  };
}
