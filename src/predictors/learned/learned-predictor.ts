/**
 * The learned output-length predictor: hashed prompt features -> multinomial logistic regression
 * over log-spaced length buckets (a full distribution; mean and deciles derive from it), trained
 * offline (`fitLearnedPredictor`) and online (`observe`, one SGD step per finished request).
 *
 * Stacking: a prompt-length regression's log-normal is mixed in with the fitted weight
 * `state.stack.weight` (length-stack.ts; 0 unless it helped on held-out prompts).
 *
 * Back-off: when the prompt's tokens were mostly never seen in training (or nothing was trained
 * yet), the distribution is mixed towards the per-group empirical histogram (group -> model ->
 * global), counted as `backoffs`. Any exception inside `predict`/`remaining`/`observe` is caught,
 * answered from the group/global histogram and counted as `fallbacks`: it never throws into the
 * scheduling path.
 *
 * Caches the last 4096 predictions by request id, so `remaining()` on every decode step costs
 * only the conditional-expectation loop, and an `observe` that carries only the id (as the engine
 * simulator sends it) still learns from the prompt seen at `predict` time. A prediction, once made,
 * stays fixed for its request (online updates affect later requests), so ranks are stable.
 *
 * @example
 * const predictor = createLearnedPredictor();
 * fitLearnedPredictor(predictor, examples, { seed: 1 });
 * predictor.predict({ id: 'r1', promptTokens: 12, prompt: 'Write a poem about the sea' }).mean;
 */

import { predictionFromBuckets } from '../bucket-prediction.js';
import {
  createGroupHistograms,
  type GroupHistograms,
  groupDistribution,
  groupDistributionInto,
  observationCount,
  observeGroup,
} from '../group-histograms.js';
import {
  bucketIndex,
  cappedMean,
  conditionalRemaining,
  defaultBucketEdges,
} from '../length-buckets.js';
import type { LengthPrediction, LengthPredictor, PredictorInput } from '../predictor.js';
import {
  defaultFeatureOptions,
  type FeatureOptions,
  hashFeatures,
  type SparseFeatures,
} from './feature-hasher.js';
import { IdCache } from './id-cache.js';
import { emptyLengthStack, type LengthStack, stackBuckets } from './length-stack.js';
import {
  createSoftmaxRegression,
  predictProbs,
  type SoftmaxRegression,
  seenFraction,
  sgdStep,
} from './softmax-regression.js';

/** The learned predictor's configuration: bucket edges, features and learning parameters. */
export interface LearnedConfig {
  readonly edges: readonly number[];
  readonly features: FeatureOptions;
  /** AdaGrad base learning rate. */
  readonly learningRate: number;
  /** Width (in buckets) of the Gaussian soft target around the true bucket. */
  readonly targetSigma: number;
  /** Updates before the model is fully trusted. */
  readonly warmup: number;
  /** Seen-token fraction below which the group histogram takes over (linearly to 2x this). */
  readonly minSeen: number;
  /** Share of the group histogram always mixed in (calibrates the tails). */
  readonly floorMix: number;
}

export const defaultLearnedConfig: LearnedConfig = {
  edges: defaultBucketEdges,
  features: defaultFeatureOptions,
  learningRate: 0.1,
  targetSigma: 1,
  warmup: 50,
  minSeen: 0.25,
  floorMix: 0.03,
};

export interface LearnedState {
  readonly config: LearnedConfig;
  readonly model: SoftmaxRegression;
  readonly histograms: GroupHistograms;
  /** The stacked prompt-length regression (weight 0: off). */
  readonly stack: LengthStack;
}

export interface LearnedPredictor extends LengthPredictor {
  readonly state: LearnedState;
  /** Hashed features of a request (cached by id). */
  features(request: PredictorInput): SparseFeatures;
  /** The model's soft training target for a true length. */
  target(actualOutputTokens: number): Float64Array;
  /** One SGD step without touching the histograms (offline epochs). */
  train(request: PredictorInput, actualOutputTokens: number, learningRate?: number): void;
  /** Forgets cached features and predictions (after offline training). */
  clearCache(): void;
  /** Forgets cached predictions but keeps the features (after a temperature change). */
  clearPredictions(): void;
}

interface CacheEntry {
  readonly prompt: string | undefined;
  readonly features: SparseFeatures;
  probs?: Float64Array;
  /** The last prediction and the cap (max_tokens) it was made for. */
  prediction?: { readonly cap: number | undefined; readonly value: LengthPrediction };
}

const cacheSize = 4096;
/** Distributions of observed requests kept for reuse (a Float64Array costs microseconds). */
const spareLimit = 256;

export function createLearnedState(config: LearnedConfig = defaultLearnedConfig): LearnedState {
  return {
    config,
    model: createSoftmaxRegression(1 << config.features.bits, config.edges.length - 1),
    histograms: createGroupHistograms(config.edges),
    stack: emptyLengthStack(),
  };
}

export function createLearnedPredictor(
  state: LearnedState = createLearnedState(),
  name = 'learned',
): LearnedPredictor {
  const { config, model, histograms } = state;
  const classes = config.edges.length - 1;
  const cache = new IdCache<CacheEntry>(cacheSize);
  const counters = {
    predictions: 0,
    observations: 0,
    backoffs: 0,
    fallbacks: 0,
    tokenizerFallbacks: 0,
  };

  const entry = (request: PredictorInput): CacheEntry => {
    const cached = cache.get(request.id);
    // an observe() that carries only the id reuses the features computed at predict time
    if (
      cached !== undefined &&
      (cached.prompt === request.prompt || request.prompt === undefined)
    ) {
      return cached;
    }
    const features = hashFeatures(request, config.features);
    if (features.tokenizerFallback) counters.tokenizerFallbacks++;
    const fresh: CacheEntry = { prompt: request.prompt, features };
    cache.set(request.id, fresh);
    return fresh;
  };

  const targetOf = (center: number): Float64Array => {
    const out = new Float64Array(classes);
    let total = 0;
    for (let k = 0; k < classes; k++) {
      const d = (k - center) / config.targetSigma;
      const w = Math.abs(k - center) > 3 * config.targetSigma ? 0 : Math.exp(-0.5 * d * d);
      out[k] = w;
      total += w;
    }
    for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) / total;
    return out;
  };
  const target = (actual: number): Float64Array => targetOf(bucketIndex(config.edges, actual));
  // the soft targets of online updates, one per bucket, computed once (sgdStep only reads them)
  const targets: (Float64Array | undefined)[] = [];
  const sharedTarget = (actual: number): Float64Array => {
    const center = bucketIndex(config.edges, actual);
    let found = targets[center];
    if (found === undefined) {
      found = targetOf(center);
      targets[center] = found;
    }
    return found;
  };

  // group histograms per key set, recomputed in place only after new observations (the arrays
  // are read at once by `distribution`, never kept)
  interface GroupEntry {
    seen: number;
    readonly probs: Float64Array;
  }
  const groups = new Map<string, GroupEntry>();
  // the last request's entry: consecutive requests usually share their group and model
  let last: { group?: string; model?: string; entry?: GroupEntry } = {};
  const groupFor = (request: PredictorInput): Float64Array => {
    let hit = last.entry;
    if (hit === undefined || request.group !== last.group || request.model !== last.model) {
      const key = `${request.group ?? ''}\u0000${request.model ?? ''}`;
      hit = groups.get(key);
      if (hit === undefined) {
        if (groups.size > 1024) groups.clear();
        hit = { seen: Number.NaN, probs: new Float64Array(classes) };
        groups.set(key, hit);
      }
      last = { entry: hit };
      if (request.group !== undefined) last.group = request.group;
      if (request.model !== undefined) last.model = request.model;
    }
    // the global count versions the histograms (also when another predictor shares them)
    const observed = observationCount(histograms);
    if (hit.seen !== observed) {
      groupDistributionInto(histograms, request, hit.probs);
      hit.seen = observed;
    }
    return hit.probs;
  };

  // distributions of observed requests, reused (no escaping reference: callers only read them)
  const spare: Float64Array[] = [];
  const copy = new Float64Array(classes);
  const distribution = (
    request: PredictorInput,
    item: CacheEntry = entry(request),
  ): Float64Array => {
    if (item.probs !== undefined) return item.probs;
    const probs = predictProbs(model, item.features, spare.pop() ?? new Float64Array(classes));
    const hasText = (request.prompt ?? '') !== '';
    const seen = hasText ? seenFraction(model, item.features.textIndices) : 0;
    const trust =
      Math.min(1, model.updates / config.warmup) *
      Math.min(1, Math.max(0, (seen - config.minSeen) / config.minSeen));
    const modelShare = trust * (1 - config.floorMix);
    if (trust < 1) counters.backoffs++;
    const group = groupFor(request);
    for (let k = 0; k < classes; k++) {
      probs[k] = modelShare * (probs[k] ?? 0) + (1 - modelShare) * (group[k] ?? 0);
    }
    const stack = state.stack;
    if (stack.weight > 0) {
      const regression = stackBuckets(stack, config.edges, request.promptTokens);
      for (let k = 0; k < classes; k++)
        probs[k] = (1 - stack.weight) * (probs[k] ?? 0) + stack.weight * (regression[k] ?? 0);
    }
    item.probs = probs;
    return probs;
  };

  return {
    name,
    state,
    features: (request) => entry(request).features,
    clearCache: () => {
      cache.clear();
      groups.clear();
      last = {};
    },
    clearPredictions: () => {
      for (const item of cache.values()) {
        delete item.probs;
        delete item.prediction;
      }
    },
    target,
    train(request, actual, learningRate = config.learningRate) {
      sgdStep(model, entry(request).features, target(actual), learningRate);
    },
    predict(request: PredictorInput): LengthPrediction {
      counters.predictions++;
      try {
        const item = entry(request);
        if (item.prediction !== undefined && item.prediction.cap === request.maxTokens)
          return item.prediction.value;
        // a copy: predictionFromBuckets caps in place (and keeps no reference to it), and the
        // cache keeps the uncapped one
        const probs = copy;
        probs.set(distribution(request, item));
        const value = predictionFromBuckets(config.edges, probs, {
          costSeconds: 0,
          cap: request.maxTokens,
        });
        item.prediction = { cap: request.maxTokens, value };
        return value;
      } catch {
        counters.fallbacks++;
        const probs = groupDistribution(histograms, request);
        return predictionFromBuckets(config.edges, probs, {
          costSeconds: 0,
          cap: request.maxTokens,
        });
      }
    },
    predictMean(request: PredictorInput): number {
      counters.predictions++;
      try {
        const item = entry(request);
        if (item.prediction !== undefined && item.prediction.cap === request.maxTokens)
          return item.prediction.value.mean;
        return cappedMean(config.edges, distribution(request, item), request.maxTokens);
      } catch {
        counters.fallbacks++;
        return cappedMean(config.edges, groupDistribution(histograms, request), request.maxTokens);
      }
    },
    observe(request, actualOutputTokens) {
      counters.observations++;
      try {
        observeGroup(histograms, request, actualOutputTokens);
        const item = entry(request);
        sgdStep(model, item.features, sharedTarget(actualOutputTokens), config.learningRate);
        cache.delete(request.id);
        if (item.probs !== undefined && spare.length < spareLimit) spare.push(item.probs);
      } catch {
        counters.fallbacks++;
      }
    },
    remaining(request, generated) {
      try {
        return conditionalRemaining(config.edges, distribution(request), generated);
      } catch {
        counters.fallbacks++;
        return conditionalRemaining(
          config.edges,
          groupDistribution(histograms, request),
          generated,
        );
      }
    },
    stats: () => ({ ...counters, updates: model.updates, cached: cache.size }),
  };
}
