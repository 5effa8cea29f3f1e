/**
 * Progress of long commands, always on stderr (stdout stays the result, also with --json):
 * a cli-progress bar when stderr is a terminal; otherwise (logs, CI, pipes) one line every few
 * seconds, `llmsched: simulate: 41% (600000/1452450 requests), 12 s`. Nothing for runs that end
 * within the first interval, nothing with `quiet`.
 *
 * @example
 * const progress = createProgress({ label: 'simulate', total: n, unit: 'requests' });
 * progress.update(done); ...; progress.stop();
 */

import { createRequire } from 'node:module';

/** A progress display: update to a count, tick by one, stop. */
export interface Progress {
  /** Sets the count done (and an optional label of the last item). */
  update(done: number, last?: string): void;
  /** Counts one more item done. */
  tick(last?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  readonly unit: string;
  readonly quiet?: boolean;
  /** Seconds between lines when stderr is not a terminal (default 5). */
  readonly everySeconds?: number;
  /** Defaults to process.stderr.isTTY. */
  readonly tty?: boolean;
  /** Defaults to writing process.stderr; milliseconds clock for tests. */
  readonly write?: (text: string) => void;
  readonly now?: () => number;
}

interface CliProgressBar {
  start(total: number, value: number, payload?: Record<string, string>): void;
  update(value: number, payload?: Record<string, string>): void;
  stop(): void;
}

interface CliProgressModule {
  SingleBar: new (
    options: Record<string, unknown>,
    preset?: Record<string, unknown>,
  ) => CliProgressBar;
  Presets: { shades_classic: Record<string, unknown> };
}

const silent: Progress = { update: () => {}, tick: () => {}, stop: () => {} };

export function createProgress(options: ProgressOptions): Progress {
  if (options.quiet === true) return silent;
  const tty = options.tty ?? process.stderr.isTTY === true;
  return tty ? barProgress(options) : lineProgress(options);
}

function barProgress(options: ProgressOptions): Progress {
  // cli-progress ships no types: the few members used are typed above
  const require = createRequire(import.meta.url);
  const cliProgress = require('cli-progress') as CliProgressModule;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${options.label} [{bar}] {value}/{total} ${options.unit} | {eta_formatted} left | {last}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0, { last: '' });
  let done = 0;
  return {
    update: (value, last = '') => {
      done = value;
      bar.update(value, { last });
    },
    tick: (last = '') => {
      done += 1;
      bar.update(done, { last });
    },
    stop: () => bar.stop(),
  };
}

function lineProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const every = (options.everySeconds ?? 5) * 1000;
  const start = now();
  let next = start + every;
  let done = 0;
  const update = (value: number, last?: string): void => {
    done = value;
    const at = now();
    if (at < next) return;
    next = at + every;
    const share = options.total > 0 ? Math.floor((100 * done) / options.total) : 0;
    const tail = last ? ` ${last}` : '';
    write(
      `llmsched: ${options.label}: ${share}% (${done}/${options.total} ${options.unit}), ${Math.round((at - start) / 1000)} s${tail}\n`,
    );
  };
  return {
    update,
    tick: (last) => update(done + 1, last),
    stop: () => {},
  };
}
