/**
 * The npm package as a user gets it: the packed file list, publint, are-the-types-wrong on the
 * tarball, imports by package name (`import ... from 'llmsched'` resolves through the exports map
 * to the built dist/, which the vitest global setup keeps current), and what each entry loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'llmsched-package-'));
const heavy = /node_modules\/(node-llama-cpp|gpt-tokenizer|echarts)\//;
let tarball = '';
let packedFiles: string[] = [];

beforeAll(() => {
  const result = spawnSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    { cwd: root, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  const [info] = JSON.parse(result.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  packedFiles = info!.files.map((file) => file.path);
});

/**
 * Runs node from the repository root; returns stdout and the URLs of every module it resolved.
 * The resolve hook runs on Node's hooks thread, whose stderr writes may be lost when the process
 * exits right after `--help`; it appends each URL to a file synchronously instead.
 */
function runNode(args: readonly string[]): { out: string; loaded: string[] } {
  const log = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + "\\n"); return r; }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module'; register(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`,
  );
  rmSync(log, { force: true });
  const result = spawnSync(process.execPath, ['--import', register, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  return { out: result.stdout, loaded };
}

describe('the packed tarball', () => {
  it('holds the built JavaScript, declarations, bin, README and LICENSE, and no tests or sources', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; default: string }>;
    };
    for (const target of Object.values(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const path of paths) expect(packedFiles).toContain(path.replace(/^\.\//, ''));
    }
    for (const file of ['README.md', 'LICENSE', 'bin/llmsched.js', 'dist/cli/main.js'])
      expect(packedFiles).toContain(file);
    const unwanted = packedFiles.filter(
      (file) =>
        file.includes('.test') ||
        file.startsWith('src/') ||
        file.startsWith('test/') ||
        file.endsWith('.ts') === !file.endsWith('.d.ts') ||
        file.endsWith('.tsbuildinfo'),
    );
    expect(unwanted).toEqual([]);
  });

  it('passes publint (strict)', async () => {
    const buffer = readFileSync(tarball);
    // with a tarball, publint reads everything from it (its files live under `package/`)
    const { messages, pkg } = await publint({
      pkgDir: 'package',
      strict: true,
      pack: { tarball: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) },
    });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it('passes are-the-types-wrong (ESM-only profile: Node 16+ and bundlers)', () => {
    const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const result = spawnSync(
      process.execPath,
      [attw, tarball, '--profile', 'esm-only', '--format', 'ascii'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});

describe("import from 'llmsched'", () => {
  it('resolves the root and every subpath by package name and runs them', () => {
    const { out, loaded } = runNode([
      '--input-type=module',
      '-e',
      `
      import { createRankPolicy, rankPolicyNames, SchedulerError } from 'llmsched';
      import { createBatchPolicy } from 'llmsched/policies';
      import { exponentialDistribution, exponentialPrediction, simulateMg1, analyticMeanResponseTime } from 'llmsched/queueing';
      import { runSimulation, createEngineProfile } from 'llmsched/sim';
      import { parsePredictorSpec, createOraclePredictor } from 'llmsched/predictors';
      const policy = createRankPolicy('sprpt');
      const result = simulateMg1({ service: exponentialDistribution(1), prediction: exponentialPrediction,
        policy, lambda: 0.5, jobs: 20000, seed: 1 });
      let error = '';
      try { createRankPolicy('nope'); } catch (e) { error = e instanceof SchedulerError ? e.code : 'other'; }
      console.log(JSON.stringify({
        names: rankPolicyNames.length, kind: result.kind, mean: result.meanResponseTime, error,
        fns: [createBatchPolicy, analyticMeanResponseTime, runSimulation, createEngineProfile,
          parsePredictorSpec, createOraclePredictor].map((f) => typeof f),
      }));
    `,
    ]);
    const printed = JSON.parse(out) as {
      names: number;
      kind: string;
      mean: number;
      error: string;
      fns: string[];
    };
    expect(printed.names).toBeGreaterThan(10);
    expect(printed.kind).toBe('ok');
    // sprpt with exponential predictions at lambda 0.5: about 1.66 (docs/queueing.md)
    expect(printed.mean).toBeGreaterThan(1.4);
    expect(printed.mean).toBeLessThan(1.9);
    expect(printed.error).toBe('UNKNOWN_NAME');
    expect(printed.fns.every((type) => type === 'function')).toBe(true);
    // by name, through the exports map, into the built files
    expect(loaded.some((url) => url.endsWith('/dist/index.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/src/'))).toBe(false);
    expect(loaded.filter((url) => heavy.test(url))).toEqual([]);
  });
});

describe('CLI startup loads only what the command needs', () => {
  const bin = join(root, 'bin', 'llmsched.js');

  it('--help loads no command module', () => {
    const { out, loaded } = runNode([bin, '--help']);
    expect(out).toContain('queueing [options]');
    const commandModules = loaded.filter(
      (url) => url.includes('/dist/cli/commands/') && !url.endsWith('/index.js'),
    );
    expect(commandModules).toEqual([]);
  });

  it('queueing --help loads queueing and none of node-llama-cpp, gpt-tokenizer, echarts', () => {
    const { out, loaded } = runNode([bin, 'queueing', '--help']);
    expect(out).toContain('Usage: llmsched queueing');
    expect(loaded.some((url) => url.endsWith('/dist/cli/commands/queueing.js'))).toBe(true);
    const unwanted = loaded.filter((url) => heavy.test(url) || url.includes('/commands/engine.js'));
    expect(unwanted).toEqual([]);
  });
});
