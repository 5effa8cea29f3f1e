/**
 * Ctrl-C and SIGTERM. Commands whose long work is synchronous (simulate, queueing, capacity,
 * demo, predict) install NO handler: the default action ends the process at once, wherever the
 * loop is, and the shell reports 130 / 143; their outputs are written atomically at the very end,
 * so no partial file is left. Commands that wait on asynchronous work (`engine *`, which also loads
 * node-llama-cpp and its own handlers, and `compare`, which waits on worker threads) call
 * `exitOnSignals`: the handler removes the temporaries of writes in progress and exits with
 * 130 (SIGINT) or 143 (SIGTERM) immediately (workers and llama.cpp go with the process).
 * Every command (main.ts calls `guardAtomicWrites`) installs that handler when it starts writing an
 * output file: a signal that arrives mid-write ends the process (same codes) as soon as the file is
 * whole and renamed, so not even a hidden `.NAME.PID.tmp` is left behind.
 *
 * @example
 * exitOnSignals(); // first thing in an async command's action
 */
import { removePartialOutputs, setWriteGuard } from '../io/atomic-write.js';

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

/**
 * Handles SIGINT/SIGTERM from the first atomic write on (io/atomic-write.ts): a JS listener cannot
 * run during the synchronous write, so a signal waits for the file to be whole and renamed, then
 * ends the process (130/143). The event loop must turn once more to run that listener (a process
 * with nothing left to do exits first and the signal is lost), so each write keeps it alive for a
 * few milliseconds. Outputs are the last step of a command: nothing long is left to interrupt.
 */
export function guardAtomicWrites(): void {
  setWriteGuard(() => {
    exitOnSignals();
    return () => {
      setTimeout(() => {}, 20);
    };
  });
}
