/**
 * Ctrl-C and SIGTERM stop a long command (no hang) and leave no output file: a synchronous
 * command ends by the signal's default action (the shell's 130 / 143), an asynchronous one
 * (compare, waiting on workers) exits with 130 / 143 itself after removing its temporaries.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'llmsched.js');
const dist = join(import.meta.dirname, '..', 'dist');

function start(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Sends `signal` once the child has been running `afterMs`, resolves with how it ended. */
function interrupt(
  child: ChildProcess,
  signal: NodeJS.Signals,
  afterMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('exit', (code, by) => {
      clearTimeout(timer);
      resolve({ code, signal: by });
    });
  });
}

const shellStatus = (ended: { code: number | null; signal: NodeJS.Signals | null }) =>
  ended.code ?? (ended.signal === 'SIGINT' ? 130 : ended.signal === 'SIGTERM' ? 143 : -1);

describe('signals', () => {
  it('SIGINT stops an M/G/1 simulation of 1e9 jobs (status 130)', async () => {
    const child = start(['queueing', '--method', 'sim', '--jobs', '1000000000']);
    expect(shellStatus(await interrupt(child, 'SIGINT', 1500))).toBe(130);
  }, 30_000);

  it('SIGTERM stops compare while its workers run (status 143) and writes no report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-signal-'));
    const child = start([
      'compare',
      '--trace',
      'synthetic:chat',
      '--policies',
      'fifo,sprpt',
      '--rates',
      '50,100',
      '--requests',
      '200000',
      // 11 of these 200,000 requests are longer than llama-3-8b's 8192 tokens
      '--max-model-len',
      '16384',
      '--out',
      join(dir, 'r.html'),
    ]);
    expect(shellStatus(await interrupt(child, 'SIGTERM', 3000))).toBe(143);
    expect(readdirSync(dir)).toEqual([]);
  }, 30_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s in the middle of an atomic write of a sync command: a whole file, no temporary, status %i',
    (signal, status) => {
      const dir = mkdtempSync(join(tmpdir(), 'llmsched-signal-write-'));
      // the CLI's set-up (main.ts), then a write that is signalled between the temporary and the rename
      const script = `
      import { writeFileAtomic } from ${JSON.stringify(join(dist, 'io', 'atomic-write.js'))};
      import { guardAtomicWrites } from ${JSON.stringify(join(dist, 'cli', 'signals.js'))};
      guardAtomicWrites();
      writeFileAtomic(${JSON.stringify(join(dir, 'records.jsonl'))}, 'x'.repeat(1 << 20), {
        beforeRename: () => process.kill(process.pid, '${signal}'),
      });
    `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(shellStatus({ code: child.status, signal: child.signal })).toBe(status);
      expect(child.status).toBe(status); // exited by the handler, not killed mid-write
      expect(readdirSync(dir)).toEqual(['records.jsonl']);
      expect(readFileSync(join(dir, 'records.jsonl'), 'utf8')).toHaveLength(1 << 20);
    },
  );
});
