/**
 * The floor of any Node.js gateway on this harness (bench/gateway-overhead.ts, target `bare`): a
 * bare reverse proxy with no logic, node:http server in front of an undici `Pool` (the same client
 * `llmsched serve` uses), forwarding each POST body as is and relaying the answer. No validation,
 * queue, prediction, metrics or routing: what remains is the HTTP server, the HTTP client and the
 * two extra loopback hops every gateway pays. Prints its URL.
 *
 *   node --import tsx bench/gateway-bare-proxy.ts http://127.0.0.1:PORT
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: gateway-bare-proxy.ts UPSTREAM_URL');
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    pool
      .request({
        path: req.url ?? '/',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
      .then(async (upstreamRes) => {
        const text = await upstreamRes.body.text();
        res.writeHead(upstreamRes.statusCode, { 'content-type': 'application/json' });
        res.end(text);
      })
      .catch((error: Error) => {
        res.writeHead(502).end(error.message);
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `bare proxy on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`,
  );
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
