/**
 * `llmsched queueing`: the real binary end to end (JSON output, a table, exit code 2), plus the
 * flag validation and --table in-process (faster than a process per case).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerQueueing } from './queueing.js';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'llmsched.js');

function run(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'queueing', ...args], (error, stdout, stderr) => {
      resolve({
        status: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout,
        stderr,
      });
    });
  });
}

/** Runs the command in-process; returns what it printed, or throws what it threw. */
async function runInProcess(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerQueueing(program);
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'llmsched', 'queueing', ...args]);
  } finally {
    spy.mockRestore();
  }
  return printed;
}

interface Row {
  policy: string;
  lambda: number;
  method: string;
  meanResponseTime: number | null;
  ci95: number | null;
  threshold: number | null;
  note?: string;
}

describe('llmsched queueing', () => {
  it('prints one JSON object with analytic rows (Table 1 values, optimal T, unstable)', async () => {
    const stdout = await runInProcess(
      '--service',
      'exp',
      '--prediction',
      'exp',
      '--policies',
      'fifo,sprpt,onebit-p,mlfq',
      '--lambdas',
      '0.5,1.2',
      '--method',
      'analytic',
      '--json',
    );
    const { rows } = JSON.parse(stdout) as { rows: Row[] };
    expect(rows).toHaveLength(8);
    const at = (policy: string, lambda: number): Row | undefined =>
      rows.find((row) => row.policy === policy && row.lambda === lambda);
    expect(at('fifo', 0.5)).toMatchObject({ method: 'analytic', ci95: null, threshold: null });
    expect(at('fifo', 0.5)?.meanResponseTime).toBeCloseTo(2, 10);
    expect(at('sprpt', 0.5)?.meanResponseTime).toBeCloseTo(1.6583, 4);
    expect(at('onebit-p', 0.5)?.meanResponseTime).toBeCloseTo(1.6972, 4);
    expect(at('onebit-p', 0.5)?.threshold).toBeCloseTo(0.905, 3);
    expect(at('sprpt', 1.2)).toMatchObject({ meanResponseTime: null, note: 'unstable' });
    expect(at('mlfq', 0.5)?.note).toMatch(/^unsupported/);
  });

  it('prints a readable aligned table without --json, and passes --param to the policy', async () => {
    const stdout = await runInProcess(
      '--policies',
      'trail',
      '--param',
      'c=0.5',
      '--lambdas',
      '0.5',
    );
    expect(stdout).toMatch(/policy\s+lambda\s+method\s+E\[T\]/);
    expect(stdout).toMatch(/trail\s+0\.5\s+analytic\s+1\.6726/);
  });

  it.each([
    [['--policies', 'fifo,nope'], /--policies: unknown policy 'nope'; known: fifo, sjf/],
    [['--lambdas', '0.5,-1'], /--lambdas: '-1' is not a finite number > 0/],
    [['--lambdas', 'Infinity'], /--lambdas/],
    [['--service', 'weibull:1'], /invalid spec 'weibull:1'.*weibull:SHAPE,SCALE/],
    [['--prediction', 'uniform:2'], /invalid spec 'uniform:2'/],
    [['--method', 'guess'], /--method: 'guess' must be analytic, sim or both/],
    [['--jobs', '1.5'], /--jobs: expected an integer, got '1.5'/],
    [['--jobs', '0'], /--jobs/],
    [['--seed', '-3'], /--seed/],
    [['--threshold', 'big'], /--threshold/],
    [['--param', 'c'], /--param: 'c' must be name=number/],
    [['--policies', 'fifo', '--param', 'c=0.5'], /--param: no listed policy takes 'c'/],
    [['--policies', 'trail', '--param', 'c=7'], /trail/],
    [['--table', '4'], /--table: '4' must be 1, 2 or 3/],
    [['--service', 'empirical:/nonexistent/file.txt'], /cannot read the file/],
  ])('rejects %j with a one-line error', async (args, message) => {
    const error = await runInProcess(...args).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('exits 2 with one line on stderr for a bad flag (real binary)', async () => {
    const result = await run('--lambdas', 'abc');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^llmsched: --lambdas: 'abc' is not a finite number > 0/);
  });

  it('reproduces Table 1 side by side with the survey (--table 1 --json)', async () => {
    const table = JSON.parse(await runInProcess('--table', '1', '--json')) as {
      rows: {
        policy: string;
        lambda: number;
        analytic: number;
        survey: number;
        relativeDiff: number;
      }[];
    };
    expect(table.rows).toHaveLength(56);
    for (const row of table.rows) {
      const tolerance = row.policy === 'sprpt' ? 0.011 : row.policy === 'pspjf' ? 0.0015 : 0.0005;
      expect(Math.abs(row.relativeDiff), `${row.policy} at ${row.lambda}`).toBeLessThan(tolerance);
    }
  });
});
