import { removePartialOutputs } from '../io/atomic-write.js';

/**
 * Ctrl-C and SIGTERM. Commands whose long work is synchronous (simulate, queueing, capacity,
 * demo, predict) install NO handler: the default action ends the process at once, wherever the
 * loop is, and the shell reports 130 / 143; their outputs are written atomically at the very end,
 * so no partial file is left. Commands that wait on asynchronous work (`engine *`, which also loads
 * node-llama-cpp and its own handlers, and `compare`, which waits on worker threads) call
 * `exitOnSignals`: the handler removes the temporaries of writes in progress and exits with
 * 130 (SIGINT) or 143 (SIGTERM) immediately (workers and llama.cpp go with the process).
 *
 * @example
 * exitOnSignals(); // first thing in an async command's action
 */
const codes = { SIGINT: 130, SIGTERM: 143 } as const;

let installed = false;

export function exitOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(codes)) {
    process.prependListener(signal as keyof typeof codes, () => {
      removePartialOutputs();
      process.exit(code);
    });
  }
}
