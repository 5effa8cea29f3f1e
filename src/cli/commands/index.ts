import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerQueueing } from './queueing.js';

/** Every CLI command registers itself here: one line each. */
export const commands: readonly ((program: Command) => void)[] = [registerDemo, registerQueueing];
