import type { Command } from 'commander';
import { registerCapacity } from './capacity.js';
import { registerCompare } from './compare.js';
import { registerDemo } from './demo.js';
import { registerEngine } from './engine.js';
import { registerPredict } from './predict.js';
import { registerQueueing } from './queueing.js';
import { registerSimulate } from './simulate.js';

/** Every CLI command registers itself here: one line each. */
export const commands: readonly ((program: Command) => void)[] = [
  registerDemo,
  registerQueueing,
  registerPredict,
  registerEngine,
  registerCompare,
  registerCapacity,
  registerSimulate,
];
