/**
 * The floor of any Node.js gateway on this harness (bench/gateway-overhead.ts, target `bare`): the
 * bare reverse proxy of bench/bare-proxy.ts in its own process. Prints its URL; exits on SIGTERM.
 *
 *   node --import tsx bench/gateway-bare-proxy.ts http://127.0.0.1:PORT
 */
import { startBareProxy } from './bare-proxy.js';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: gateway-bare-proxy.ts UPSTREAM_URL');
const proxy = await startBareProxy(upstream);
process.stdout.write(`bare proxy on ${proxy.url}\n`);
process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
