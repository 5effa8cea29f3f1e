/**
 * A linear-step cost preset fitted on a real replay's step log (batch composition -> measured
 * iteration time), the calibration the fidelity study uses instead of a synthetic grid: the log
 * carries everything one engine iteration costs (policy plan, slot claims, every sequence's
 * `controlledEvaluate` and sampling, the llama_decode itself) for the batch shapes a replay really
 * runs. Fit on the log of a calibration trace, validate on a different trace.
 *
 * @example
 * const preset = presetFromStepLog(calibration.steps, { name: 'cpu-small-replay', ... });
 * writeFileSync('cpu-small.json', JSON.stringify(preset)); // simulate --cost-model cpu-small.json
 */
import type { StepBatch } from '../../sim/cost/cost-model.js';
import type { LinearStepCoefficients, LinearStepPreset } from '../../sim/cost/linear-step-cost.js';
import { fitLinearStep } from './fit-linear-step.js';

export interface LoggedStep extends StepBatch {
  /** Wall seconds of the whole engine iteration (plan to results applied). */
  readonly iterationSeconds: number;
}

export interface StepLogPreset extends LinearStepPreset {
  readonly description: string;
  readonly fit: {
    readonly rmsRelativeError: number;
    readonly points: number;
    /** Steps dropped from the shape fit as interference spikes. */
    readonly spikes: number;
    /** Σ measured / Σ shape-predicted seconds over all steps: the scale applied (>= 1 typically). */
    readonly interferenceScale: number;
  };
}

export interface StepLogPresetOptions {
  readonly name: string;
  readonly kvCapacityTokens: number;
  readonly description: string;
}

/** Steps slower than this multiple of the first fit (plus 2 ms) are interference, not cost. */
const spikeFactor = 2;

/**
 * Absolute least squares (busy time is what latencies add up), non-negative coefficients, robust
 * to interference: on a shared machine a few steps take 10-100x their cost because another process
 * held the core. Pass 1 fits all steps; steps above `spikeFactor` x that fit + 2 ms are dropped and
 * pass 2 refits the shape on the rest; finally every coefficient is scaled by Σ measured / Σ
 * predicted over ALL calibration steps, so the average interference of the calibration run stays
 * in the preset (spread evenly, as the simulator has no notion of it).
 */
export function presetFromStepLog(
  steps: readonly LoggedStep[],
  options: StepLogPresetOptions,
): StepLogPreset {
  if (steps.length === 0) throw new Error('presetFromStepLog: the step log is empty');
  const points = steps.map((s) => ({ batch: s as StepBatch, seconds: s.iterationSeconds }));
  const first = fitLinearStep(points, 'absolute').coefficients;
  const calm = points.filter((p) => p.seconds <= spikeFactor * predict(first, p.batch) + 0.002);
  const shape = fitLinearStep(calm.length >= 8 ? calm : points, 'absolute');
  const measured = points.reduce((sum, p) => sum + p.seconds, 0);
  const predicted = points.reduce((sum, p) => sum + predict(shape.coefficients, p.batch), 0);
  const scale = predicted > 0 ? measured / predicted : 1;
  const coefficients = Object.fromEntries(
    Object.entries(shape.coefficients).map(([k, v]) => [k, v * scale]),
  ) as unknown as LinearStepCoefficients;
  return {
    name: options.name,
    kind: 'linear-step',
    coefficients,
    kvCapacityTokens: options.kvCapacityTokens,
    blockSize: 16,
    swapSecondsPerBlock: 0,
    description: options.description,
    fit: {
      rmsRelativeError: shape.rmsRelativeError,
      points: steps.length,
      spikes: points.length - calm.length,
      interferenceScale: scale,
    },
  };
}

function predict(c: LinearStepCoefficients, b: StepBatch): number {
  return (
    c.base +
    c.perPrefillToken * b.prefillTokens +
    c.perDecodeToken * b.decodeSeqs +
    c.perDecodeContextToken * b.decodeContext +
    c.perPrefillAttention * b.prefillAttention +
    c.perSequence * (b.prefillSeqs + b.decodeSeqs)
  );
}
