/**
 * Output-length predictions in the gateway's loop: the configured predictor (predictors/, by
 * default `learned`: hashed n-grams + logistic regression, learning online) predicts each request
 * on arrival and observes its actual length when it completes. With self-prediction
 * (`selfPredictBackend`, algorithms.md §13) the predictor first asks the serving model through a
 * CompletionClient (the blog's postfix query, max 8 tokens), then calibrates the answer online;
 * each query's time and count are recorded (its cost). A predictor never fails a request: errors
 * fall back inside the predictor.
 */
import type { CompletionClient } from '../predictors/completion-client.js';
import { parsePredictorSpec } from '../predictors/parse-predictor.js';
import type { LengthPredictor, PredictorInput } from '../predictors/predictor.js';
import { createSelfPredictor } from '../predictors/self/self-predictor.js';

export interface PredictionCost {
  queries: number;
  seconds: number;
}

export interface GatewayPredictor {
  readonly name: string;
  /**
   * Predicted total output tokens, clamped to [1, maxTokens]: a promise only when the predictor has
   * an asynchronous step (`prepare`: self-prediction), so the common path awaits nothing.
   */
  predict(input: PredictorInput): number | Promise<number>;
  observe(input: PredictorInput, actualOutputTokens: number): void;
}

/** Counts the queries a self-predictor sends and their seconds. */
export function countingClient(client: CompletionClient, cost: PredictionCost): CompletionClient {
  return {
    async complete(prompt, options) {
      cost.queries++;
      const result = await client.complete(prompt, options);
      cost.seconds += result.seconds;
      return result;
    },
  };
}

export function createGatewayPredictor(
  spec: string,
  self: { readonly client: CompletionClient; readonly maxTokens: number } | undefined,
): GatewayPredictor | undefined {
  let predictor: LengthPredictor;
  if (self) {
    predictor = createSelfPredictor({
      name: 'self',
      source: { kind: 'client', client: self.client },
      maxTokens: self.maxTokens,
      systemPrompt: (request) => request.group,
    });
  } else if (spec === 'none') {
    return undefined;
  } else {
    predictor = parsePredictorSpec(spec, { seed: 0 });
  }
  const clamped = (input: PredictorInput): number => {
    // the point prediction only (no quantiles or buckets) when the predictor has that path
    const mean = predictor.predictMean
      ? predictor.predictMean(input)
      : predictor.predict(input).mean;
    const max = input.maxTokens ?? Number.POSITIVE_INFINITY;
    return Math.max(1, Math.min(max, Number.isFinite(mean) ? Math.round(mean) : max));
  };
  const prepare = predictor.prepare?.bind(predictor);
  return {
    name: predictor.name,
    predict(input) {
      if (prepare === undefined) return clamped(input);
      return prepare(input).then(() => clamped(input));
    },
    observe(input, actual) {
      predictor.observe(input, actual);
    },
  };
}
