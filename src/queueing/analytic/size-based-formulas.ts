/**
 * Mean response times of the size-based policies in the M/G/1 with predictions
 * (Mitzenmacher, ITCS'20; algorithms.md 15.2), as sums over the model's y grid. With exact
 * predictions the same code gives the known-size policies (SJF, PSJF, SRPT). Callers check
 * stability (lambda E[X] < 1) first.
 *
 * @example
 * spjfMeanResponseTime(jointModel(exp, expPrediction), 0.5); // 1.7948
 */

import type { JointModel } from './joint-model.js';

/** Pollaczek-Khinchine: E[X] + lambda E[X^2] / (2 (1 - rho)). */
export function fifoMeanResponseTime(model: JointModel, lambda: number): number {
  const { mean, secondMoment } = model.service;
  return mean + (lambda * secondMoment) / (2 * (1 - lambda * mean));
}

/** SPJF (SJF when exact): E[X] + (lambda E[X^2]/2) int f_Y(y) / (1 - rho'(y))^2 dy. */
export function spjfMeanResponseTime(model: JointModel, lambda: number): number {
  const t = model.tables();
  let sum = 0;
  for (let i = 0; i < t.y.length; i++) {
    const gap = 1 - lambda * (t.load[i] ?? 0);
    sum += ((t.weight[i] ?? 0) * (t.density[i] ?? 0)) / (gap * gap);
  }
  const { mean, secondMoment } = model.service;
  return mean + ((lambda * secondMoment) / 2) * sum;
}

/** PSPJF (PSJF when exact): int int g(x,y) [x/(1-rho'(y)) + (lambda/2) m2'(y)/(1-rho'(y))^2]. */
export function pspjfMeanResponseTime(model: JointModel, lambda: number): number {
  const t = model.tables();
  let sum = 0;
  for (let i = 0; i < t.y.length; i++) {
    const gap = 1 - lambda * (t.load[i] ?? 0);
    const w = t.weight[i] ?? 0;
    sum +=
      (w * (t.sizeDensity[i] ?? 0)) / gap +
      (w * (lambda / 2) * (t.density[i] ?? 0) * (t.second[i] ?? 0)) / (gap * gap);
  }
  return sum;
}

/**
 * SPRPT (c = 1; SRPT when exact) and Trail's limited preemption (0 < c < 1):
 * (lambda/2) int f_Y (m2' + old_c)/(1-rho')^2 dy + int tail_c(w)/(1-rho'(w)) dw + E[(X - cY)^+].
 */
export function sprptMeanResponseTime(model: JointModel, lambda: number, c = 1): number {
  const t = model.tables();
  const r = model.remaining(c);
  let sum = r.overshoot;
  for (let i = 0; i < t.y.length; i++) {
    const gap = 1 - lambda * (t.load[i] ?? 0);
    const w = t.weight[i] ?? 0;
    sum +=
      (w * (lambda / 2) * (t.density[i] ?? 0) * ((t.second[i] ?? 0) + (r.old[i] ?? 0))) /
        (gap * gap) +
      (w * (r.tail[i] ?? 0)) / gap;
  }
  return sum;
}
