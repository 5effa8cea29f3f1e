/**
 * Child node processes of the gateway benchmarks: start one and wait for the URL its output names;
 * the fake backend's command line and a serve config pointing at it; read a process's CPU time
 * from /proc (Linux).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedChild {
  /** The first capture group of `match` in the child's output. */
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
}

/**
 * Spawns `node ARGS`, adds it to `children` (for the caller's cleanup) and resolves once its
 * stdout or stderr matches `match`; rejects with the output's tail if it exits first.
 *
 * @example
 * const fake = await startNode(fakeBackend.args(), fakeBackend.url, children);
 */
export function startNode(
  args: readonly string[],
  match: RegExp,
  children: ChildProcess[],
): Promise<StartedChild> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let head = '';
    const onData = (piece: Buffer): void => {
      head += piece.toString();
      const found = head.match(match);
      if (found) resolve({ url: found[1] as string, child, pid: child.pid as number });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${head.slice(-400)}`)));
  });
}

/**
 * [user, system] CPU seconds a process has used.
 *
 * @example
 * const [user, system] = cpuTimes(process.pid);
 */
export function cpuTimes(pid: number): [number, number] {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return [Number(fields[11]) / 100, Number(fields[12]) / 100];
}

/** The fake backend (bench/gateway-fake-server.ts): its node arguments and its URL line. */
export const fakeBackend = {
  /** `stampFile`: where it writes its stamps on SIGUSR2. */
  args: (stampFile?: string): string[] => [
    '--import',
    'tsx',
    'bench/gateway-fake-server.ts',
    ...(stampFile === undefined ? [] : [stampFile]),
  ],
  url: /(http:\/\/127\.0\.0\.1:\d+)/,
};

/**
 * Writes `$TMPDIR/llmsched-NAME-PID.json`, a serve config with one `openai` backend at `url` (256
 * concurrent requests, so the gateway's queue never forms in these benchmarks); returns its path.
 */
export function writeServeConfig(url: string, name: string): string {
  const path = join(tmpdir(), `llmsched-${name}-${process.pid}.json`);
  const backends = [{ kind: 'openai', url, maxConcurrent: 256 }];
  writeFileSync(path, JSON.stringify({ port: 0, backends }));
  return path;
}
