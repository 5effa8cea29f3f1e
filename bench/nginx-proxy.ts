/**
 * A native reverse proxy as a reference point for bench/gateway-overhead.ts (`--nginx BIN`, target
 * `nginx`): nginx (C, one event loop) in front of the same fake backend, so the harness can show
 * what any proxy hop costs on this machine, apart from Node.js. Not a dependency: the bench takes
 * the path of an installed binary (Debian: `apt-get install nginx-light`, /usr/sbin/nginx).
 *
 * The configuration is one process (`master_process off`, the worker itself, so its CPU time is
 * read from one pid), no access log, HTTP/1.1 to the upstream with a pool of 64 idle keep-alive
 * connections (as the other targets keep), response buffering as nginx's default.
 *
 * @example
 * const proxy = await startNginx('/usr/sbin/nginx', fake.url, children);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NginxProxy {
  readonly url: string;
  readonly pid: number;
}

/** nginx.conf for one worker proxying `127.0.0.1:port` to `upstream` (http://host:port). */
export function nginxConfig(upstream: string, port: number, dir: string): string {
  const target = new URL(upstream);
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 1000000;
  upstream fake {
    server ${target.host};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port (tries for ~5 s). */
function listening(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let tries = 0;
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (++tries > 100) reject(new Error(`nginx: nothing listens on port ${port} after 5 s`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts `bin` (an nginx binary) on 127.0.0.1:`port` in front of `upstream`, adds it to `children`
 * (the caller's cleanup: SIGTERM) and resolves once it accepts connections.
 */
export async function startNginx(
  bin: string,
  upstream: string,
  children: ChildProcess[],
  port = 18_801,
): Promise<NginxProxy> {
  const dir = join(tmpdir(), `llmsched-nginx-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(upstream, port, dir));
  const child = spawn(bin, ['-c', conf, '-p', dir, '-e', 'stderr'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`--nginx ${bin}: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`--nginx ${bin} exited ${code}`)));
  });
  exited.catch(() => undefined); // the SIGTERM at the end is not an error
  await Promise.race([listening(port), exited]);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number };
}
