/**
 * The bare reverse proxy the gateway benchmarks compare against (bench/gateway-bare-proxy.ts in its
 * own process, bench/gateway-hotpath.ts in-process): a node:http server in front of an undici `Pool`
 * (the client `llmsched serve` uses), forwarding each POST body as is and relaying the answer. No
 * validation, queue, prediction, metrics or routing: what remains is the HTTP server, the HTTP
 * client and the two extra loopback hops every gateway pays.
 *
 * @example
 * const proxy = await startBareProxy('http://127.0.0.1:8000');
 * console.log(proxy.url); // http://127.0.0.1:PORT
 * await proxy.close();
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export interface BareProxy {
  readonly url: string;
  close(): Promise<void>;
}

/** POSTs `body` to `path` on `pool` and answers `res` with the upstream status and text (502 on error). */
export function forwardBody(
  pool: Pool,
  path: string,
  body: string | Buffer,
  res: ServerResponse,
): Promise<void> {
  return pool
    .request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body })
    .then(async (upstream) => {
      const text = await upstream.body.text();
      res.writeHead(upstream.statusCode, { 'content-type': 'application/json' });
      res.end(text);
    })
    .catch((error: Error) => {
      res.writeHead(502).end(error.message);
    });
}

/** Listens on 127.0.0.1 (any free port) in front of `upstream`. */
export async function startBareProxy(upstream: string): Promise<BareProxy> {
  const pool = new Pool(upstream, { connections: 256, pipelining: 1 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void forwardBody(pool, req.url ?? '/', Buffer.concat(chunks), res));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await pool.close();
    },
  };
}
