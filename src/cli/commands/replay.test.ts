/** `llmsched replay --json` as a user runs it, against a fake OpenAI-compatible server. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/helpers/fake-openai-server.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'llmsched.js');
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer('ok');
});
afterAll(async () => {
  await server?.close();
});

async function replayJson(): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [
    bin,
    'replay',
    '--target',
    server.url,
    '--model',
    'fake',
    '--label',
    'fake',
    '--synthetic',
    'bursty',
    '--rate',
    '100',
    '--requests',
    '4',
    '--json',
  ]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('replay --json', () => {
  it('prints the summary JSON of simulate: SLO metrics null without an SLO, failures by kind', async () => {
    server.mode = 'ok';
    const ok = await replayJson();
    expect(ok).toMatchObject({ requests: 4, completed: 4, sloAttainment: null, goodput: null });
    expect(ok['failedByKind']).toEqual({});
    server.mode = 'fail';
    const failed = await replayJson();
    expect(failed).toMatchObject({ requests: 4, completed: 0 });
    expect(failed['failedByKind']).toEqual({ 'engine-failure': 4 });
  });
});
