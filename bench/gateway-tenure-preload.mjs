/**
 * A preload (`node --expose-gc --import ./bench/gateway-tenure-preload.mjs ...`) for
 * bench/gateway-pretenure.ts: a side node:http server in the process under test that makes V8
 * tenure node's own per-response literals at will. GET /hold answers with a socket corked around a
 * first body write and keeps the response open (its write-path objects stay alive); GET /release
 * runs a scavenge (which then finds those literals alive, >= 85% of them: V8 decides to allocate
 * them in the old generation from now on) and ends the held responses. Node's http and stream code
 * is shared by every server in a process, so the decision applies to the gateway's responses too.
 * Listens on 127.0.0.1:$TENURE_PORT; never keeps the process alive.
 */
import { createServer } from 'node:http';

const held = [];
const server = createServer((req, res) => {
  if (req.url === '/hold') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.socket.cork();
    res.write('held ');
    held.push(res);
    return;
  }
  if (req.url === '/release') {
    globalThis.gc({ type: 'minor' });
    for (const r of held) r.end('done');
    held.length = 0;
    res.end('released');
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.TENURE_PORT), '127.0.0.1');
server.unref();
