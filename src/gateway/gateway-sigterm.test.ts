/**
 * SIGTERM at process level: `llmsched serve` (the built CLI, its own process) in front of a fake
 * backend that holds requests; a request in flight when SIGTERM arrives still completes, a new one
 * gets 503 `draining`, and the process then exits 0 after "gateway closed".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/helpers/fake-openai-server.js';
import { until } from '../../test/helpers/start-gateway.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let child: ChildProcess | undefined;
let fake: FakeServer | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
});

const post = (url: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4,
    }),
  });

describe('serve process', () => {
  it('SIGTERM drains: the request in flight completes, new ones get 503, then exit 0', async () => {
    fake = await startFakeServer('held');
    const serve = spawn(
      process.execPath,
      [join(root, 'bin', 'llmsched.js'), 'serve', '--backend', fake.url, '--port', '0', '--quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = serve;
    let out = '';
    serve.stdout?.on('data', (piece: Buffer) => {
      out += piece.toString();
    });
    serve.stderr?.on('data', (piece: Buffer) => {
      out += piece.toString();
    });
    const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    await until(() => /gateway on (http:\/\/\S+)/.test(out), 'the gateway to listen', 60_000);
    const url = (out.match(/gateway on (http:\/\/\S+)/) as RegExpMatchArray)[1] as string;
    const inFlight = post(url);
    await until(() => fake?.open === 1, 'the request to reach the backend');
    serve.kill('SIGTERM');
    await until(() => out.includes('draining'), 'the drain to start');
    const refused = await post(url);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('draining');
    fake.release();
    const served = await inFlight;
    expect(served.status).toBe(200);
    expect(((await served.json()) as { usage: { completion_tokens: number } }).usage).toMatchObject(
      { completion_tokens: 4 },
    );
    expect(await exited).toBe(0);
    expect(out).toContain('gateway closed');
  }, 120_000);
});
