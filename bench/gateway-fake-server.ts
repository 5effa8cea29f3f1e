/**
 * A fast fake OpenAI-compatible backend in its own process (bench/gateway-overhead.ts): prints its
 * URL. Requests whose body has `user: "bench-N"` get two hrtime stamps (received, answered; the
 * system's monotonic clock, comparable with the load generator's); on SIGUSR2 the stamps so far
 * are written to the file named by argv[2] as `[[N, receivedNs, answeredNs], ...]`, forgotten,
 * and `stamps N` is printed.
 */
import { writeFileSync } from 'node:fs';
import { startFakeServer } from '../test/helpers/fake-openai-server.js';

const stampFile = process.argv[2];
const stamps: string[] = [];
const server = await startFakeServer('ok', {
  keepBodies: false,
  ...(stampFile
    ? {
        onAnswered: (body, receivedNs, answeredNs) => {
          const user = body['user'];
          if (typeof user === 'string' && user.startsWith('bench-'))
            stamps.push(`[${user.slice(6)},${receivedNs},${answeredNs}]`);
        },
      }
    : {}),
});
process.stdout.write(`${server.url}\n`);
process.on('SIGUSR2', () => {
  if (stampFile) writeFileSync(stampFile, `[${stamps.join(',')}]`);
  process.stdout.write(`stamps ${stamps.length}\n`);
  stamps.length = 0;
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
