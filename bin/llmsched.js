#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`; `npm ci` builds it through `prepare`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('llmsched: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
await import(main.href);
