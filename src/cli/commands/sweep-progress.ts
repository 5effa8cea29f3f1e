import { createRequire } from 'node:module';

/**
 * A progress bar on stderr for sweeps (cli-progress), off when stderr is not a TTY or with
 * --quiet. cli-progress ships no types: the few members used are typed here.
 */
export interface SweepProgress {
  tick(label: string): void;
  stop(): void;
}

interface CliProgressBar {
  start(total: number, value: number, payload?: Record<string, string>): void;
  increment(step?: number, payload?: Record<string, string>): void;
  stop(): void;
}

interface CliProgressModule {
  SingleBar: new (
    options: Record<string, unknown>,
    preset?: Record<string, unknown>,
  ) => CliProgressBar;
  Presets: { shades_classic: Record<string, unknown> };
}

export function createSweepProgress(total: number, quiet: boolean): SweepProgress {
  if (quiet || !process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const require = createRequire(import.meta.url);
  const cliProgress = require('cli-progress') as CliProgressModule;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'simulating [{bar}] {value}/{total} runs | {eta_formatted} left | {last}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { last: '' });
  return {
    tick: (label) => bar.increment(1, { last: label }),
    stop: () => bar.stop(),
  };
}
