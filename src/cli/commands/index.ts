/**
 * Every CLI command, one entry each: the name and one-line description that `llmsched --help`
 * lists, and how to load the module that registers its flags and action. The CLI imports only
 * the module of the command that runs (startup stays fast: node-llama-cpp, gpt-tokenizer and
 * echarts load only in the commands that use them). `src/cli/program.test.ts` checks that these
 * descriptions match what the modules register.
 */

import type { Command } from 'commander';

/** One CLI command: its name and description for `--help`, and how to load its module. */
export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  /** Whether the command has options of its own (commander lists it as `name [options]`). */
  readonly hasOptions: boolean;
  /** Imports the command's module; the function it returns adds the command to the program. */
  readonly load: () => Promise<(program: Command) => void>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'demo',
    description: 'a short self-contained comparison: the M/G/1 lab, then the engine simulator',
    hasOptions: true,
    load: async () => (await import('./demo.js')).registerDemo,
  },
  {
    name: 'queueing',
    description: 'M/G/1 scheduling with predicted job sizes: formulas and simulation',
    hasOptions: true,
    load: async () => (await import('./queueing.js')).registerQueueing,
  },
  {
    name: 'predict',
    description: 'output-length predictors: evaluate and train',
    hasOptions: false,
    load: async () => (await import('./predict.js')).registerPredict,
  },
  {
    name: 'engine',
    description: 'the built-in llama.cpp engine (CPU), scheduled per step by llmsched policies',
    hasOptions: false,
    load: async () => (await import('./engine.js')).registerEngine,
  },
  {
    name: 'compare',
    description: 'compare policies over loads on a trace; writes an HTML/JSON/CSV report',
    hasOptions: true,
    load: async () => (await import('./compare.js')).registerCompare,
  },
  {
    name: 'capacity',
    description: 'highest load meeting a capacity criterion (binary search)',
    hasOptions: true,
    load: async () => (await import('./capacity.js')).registerCapacity,
  },
  {
    name: 'cache',
    description: 'prefix-cache hit rate vs cache size: LRU, layered LRU, LFU, Belady, Che model',
    hasOptions: true,
    load: async () => (await import('./cache.js')).registerCache,
  },
  {
    name: 'simulate',
    description: 'replay a trace through the LLM serving-engine simulator with one policy',
    hasOptions: true,
    load: async () => (await import('./simulate.js')).registerSimulate,
  },
  {
    name: 'replay',
    description:
      'load generator: stream a trace to an OpenAI-compatible server; prints a RunSummary',
    hasOptions: true,
    load: async () => (await import('./replay.js')).registerReplay,
  },
  {
    name: 'serve',
    description:
      'the scheduling gateway: an OpenAI-compatible server with an admission queue in front of engines',
    hasOptions: true,
    load: async () => (await import('./serve.js')).registerServe,
  },
];
