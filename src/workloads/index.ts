/** Workloads: trace readers and writers, synthetic generators, arrival processes. */
export * from './arrivals/arrival-process.js';
export * from './arrivals/diurnal-arrivals.js';
export * from './arrivals/gamma-arrivals.js';
export * from './arrivals/poisson-arrivals.js';
export * from './group-prefix-hashes.js';
export * from './read-trace.js';
export * from './scale-arrivals.js';
export * from './sniff-trace-format.js';
export * from './synthetic/length-distribution.js';
export * from './synthetic/synthetic-workload.js';
export * from './synthetic/synthetic-workloads.js';
export * from './trace-format.js';
export * from './trace-schema.js';
export * from './write-trace.js';
