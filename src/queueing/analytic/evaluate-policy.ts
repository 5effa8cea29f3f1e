/**
 * One (policy, lambda, method) evaluation for the CLI and the docs: the analytic formula or the
 * M/G/1 event simulation (with a batch-means 95% CI). For the 1-bit policies with
 * threshold 'optimal', simulation uses the ANALYTIC optimal T for that lambda (re-optimising by
 * simulation would be noisy and slow).
 *
 * @example
 * evaluatePolicy({ policy: 'sprpt', method: 'analytic', lambda: 0.5, service, prediction });
 * // { policy: 'sprpt', lambda: 0.5, method: 'analytic', meanResponseTime: 1.6583, ci95: null, threshold: null }
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import type { PolicyParams } from '../../policies/rank-policy.js';
import type { PredictionModel } from '../prediction-model.js';
import { oneBitSources, simulateRow } from '../simulate-row.js';
import { analyticMeanResponseTime, optimalThreshold } from './analytic-mean-response-time.js';
import { jointModel } from './joint-model.js';

/** How a row is evaluated: by formula (`analytic`) or by simulation (`sim`). */
export type EvaluationMethod = 'analytic' | 'sim';

export interface EvaluationRequest {
  readonly policy: string;
  readonly method: EvaluationMethod;
  readonly lambda: number;
  readonly service: Distribution;
  readonly prediction: PredictionModel;
  readonly params?: PolicyParams;
  readonly threshold?: number | 'optimal';
  readonly jobs?: number;
  readonly seed?: number;
  /** Observe-only progress of a simulation: jobs arrived so far, every 65536 jobs. */
  readonly onProgress?: (arrivedJobs: number) => void;
}

export interface EvaluationRow {
  readonly policy: string;
  readonly lambda: number;
  readonly method: EvaluationMethod;
  readonly meanResponseTime: number | null;
  readonly ci95: number | null;
  readonly threshold: number | null;
  readonly note?: string;
}

/** The threshold a 1-bit policy runs with (null for other policies). */
export function resolveThreshold(request: EvaluationRequest): number | null {
  const oneBit = oneBitSources[request.policy];
  if (!oneBit) return null;
  const given = request.params?.['T'] ?? request.threshold ?? 'optimal';
  if (typeof given === 'number') return given;
  if (request.lambda * request.service.mean >= 1) return null;
  return optimalThreshold(
    jointModel(request.service, request.prediction),
    request.lambda,
    oneBit.source,
    oneBit.preemptive,
  ).threshold;
}

export function evaluatePolicy(request: EvaluationRequest): EvaluationRow {
  const base = { policy: request.policy, lambda: request.lambda, method: request.method };
  if (request.method === 'analytic') {
    const result = analyticMeanResponseTime(request.policy, {
      service: request.service,
      prediction: request.prediction,
      lambda: request.lambda,
      params: request.params ?? {},
      threshold: request.threshold ?? 'optimal',
    });
    switch (result.kind) {
      case 'ok':
        return {
          ...base,
          meanResponseTime: result.value,
          ci95: null,
          threshold: result.threshold ?? null,
        };
      case 'unstable':
        return { ...base, meanResponseTime: null, ci95: null, threshold: null, note: 'unstable' };
      case 'unsupported':
        return {
          ...base,
          meanResponseTime: null,
          ci95: null,
          threshold: null,
          note: `unsupported: ${result.reason}`,
        };
    }
  }
  return simulateRow(request, resolveThreshold(request));
}
