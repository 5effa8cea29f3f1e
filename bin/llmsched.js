#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`; `npm ci` builds it through `prepare`).
// `serve` runs in a child node with a larger young generation (dist/cli/serve-respawn.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('llmsched: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
const args = process.argv.slice(2);
const serveRespawn = new URL('../dist/cli/serve-respawn.js', import.meta.url);
// (a dist/ built before serve-respawn existed serves in this process)
const respawn =
  args[0] === 'serve' && existsSync(serveRespawn) ? await import(serveRespawn.href) : undefined;
if (respawn?.serveNeedsRespawn(args, process.execArgv, process.env)) {
  respawn.respawnServe(fileURLToPath(import.meta.url));
} else {
  await import(main.href);
}
