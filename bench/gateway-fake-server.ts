/** A fast fake OpenAI-compatible backend in its own process (bench/gateway-overhead.ts): prints its URL. */
import { startFakeServer } from '../test/helpers/fake-openai-server.js';

const server = await startFakeServer('ok', { keepBodies: false });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
