/**
 * The core's public surface: branded units and ids, the request record, the rank and step-plan
 * contracts every executor and policy share, errors, the injected clock and seeded RNG. No runtime
 * dependencies.
 */
export * from './assert-never.js';
export * from './clock.js';
export * from './compare.js';
export * from './errors.js';
export * from './event-heap.js';
export * from './flat-step-plan.js';
export * from './ids.js';
export * from './job-view.js';
export * from './rank.js';
export * from './request.js';
export * from './rng.js';
export * from './seq-time.js';
export * from './step-plan.js';
export * from './units.js';
