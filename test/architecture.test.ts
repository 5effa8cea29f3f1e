/**
 * The dependency direction of docs/architecture.md, checked on every `npm test`:
 * core imports nothing of ours; policies never reach executors or I/O layers; core and policies
 * have no runtime dependencies.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = join(import.meta.dirname, '..', 'src');

const forbidden: Record<string, readonly string[]> = {
  core: [
    'executor',
    'policies',
    'predictors',
    'queueing',
    'sim',
    'engines',
    'backends',
    'gateway',
    'workloads',
    'metrics',
    'reports',
    'cli',
    'io',
  ],
  policies: [
    'executor',
    'sim',
    'engines',
    'backends',
    'gateway',
    'queueing',
    'workloads',
    'reports',
    'cli',
    'predictors',
    'io',
  ],
  predictors: ['executor', 'sim', 'engines', 'backends', 'gateway', 'cli', 'reports', 'workloads'],
  queueing: ['executor', 'sim', 'engines', 'backends', 'gateway', 'cli', 'reports', 'workloads'],
  metrics: ['executor', 'sim', 'engines', 'backends', 'gateway', 'cli', 'reports'],
  workloads: ['executor', 'sim', 'engines', 'backends', 'gateway', 'cli', 'reports'],
  executor: ['sim', 'engines', 'backends', 'gateway', 'cli', 'reports', 'queueing', 'workloads'],
  sim: ['engines', 'backends', 'gateway', 'cli'],
  engines: ['gateway', 'cli'],
  reports: ['executor', 'sim', 'engines', 'backends', 'gateway', 'cli'],
  io: [
    'executor',
    'policies',
    'predictors',
    'queueing',
    'sim',
    'engines',
    'backends',
    'gateway',
    'workloads',
    'metrics',
    'reports',
    'cli',
  ],
  // HTTP clients of OpenAI-compatible servers: core only
  backends: [
    'executor',
    'policies',
    'predictors',
    'queueing',
    'sim',
    'engines',
    'io',
    'gateway',
    'workloads',
    'metrics',
    'reports',
    'cli',
  ],
  // the HTTP server: policies, predictors, metrics, backends, engines, sim, executor; never the CLI
  gateway: ['cli', 'queueing', 'workloads', 'reports'],
};
const pureLayers = new Set(['core', 'policies']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('architecture', () => {
  const files = sourceFiles(srcRoot);
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    const layer = relative(srcRoot, file).split('/')[0] ?? '';
    const banned = forbidden[layer] ?? [];
    it(`${relative(srcRoot, file)} respects the dependency direction`, () => {
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) {
          const target = relative(srcRoot, join(file, '..', spec)).split('/')[0] ?? '';
          expect(banned, `${file} imports ${spec}`).not.toContain(target);
        } else if (pureLayers.has(layer)) {
          expect(
            spec.startsWith('node:') ? 'node builtin' : spec,
            `${file} imports a package`,
          ).toBe('no runtime dependency');
        }
      }
    });
  }
});
