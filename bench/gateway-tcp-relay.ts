/**
 * Node.js's sockets without HTTP (bench/gateway-overhead.ts `--relay`, target `relay`): a TCP relay
 * in its own process that opens one upstream connection per client connection and pipes the bytes
 * both ways, parsing nothing. With keep-alive clients it proxies HTTP/1.1 like any L4 proxy; what
 * it costs is the event loop's wake-ups and the socket reads and writes of the extra hop, so it
 * splits the bare proxy's cost (node:http + undici) into runtime and HTTP layers. Prints its URL;
 * exits on SIGTERM.
 *
 *   node --import tsx bench/gateway-tcp-relay.ts http://127.0.0.1:PORT
 */
import { connect, createServer } from 'node:net';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: gateway-tcp-relay.ts UPSTREAM_URL');
const target = new URL(upstream);
const server = createServer({ noDelay: true }, (client) => {
  const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
  client.pipe(socket);
  socket.pipe(client);
  client.on('error', () => socket.destroy());
  socket.on('error', () => client.destroy());
  client.on('close', () => socket.destroy());
  socket.on('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`tcp relay on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
