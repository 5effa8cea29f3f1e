/** End-to-end: the real CLI (`node bin/llmsched.js`), worker threads included, on a tiny generated trace. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { writeTinyTrace } from '../../../test/helpers/tiny-trace.js';
import type { ReportData } from '../../reports/report-data.js';
import { checkSweep, parseLoads } from './compare.js';
import { parseSimulationFlags } from './sweep-flags.js';

const { dir, trace } = writeTinyTrace('compare');
const cli = (...args: string[]) => runCli(args);

describe('compare flags', () => {
  it('takes exactly one of --rates / --rate-scales', () => {
    expect(parseLoads({ rates: '1,2.5' })).toEqual({ kind: 'rate', values: [1, 2.5] });
    expect(parseLoads({ rateScales: '4' })).toEqual({ kind: 'rateScale', values: [4] });
    expect(() => parseLoads({ rates: '1', rateScales: '2' })).toThrow(
      'give either --rates or --rate-scales, not both',
    );
    expect(() => parseLoads({})).toThrow(/--rates LIST/);
    expect(() => parseLoads({ rates: '1,x' })).toThrow(
      "--rates: expected positive numbers, got 'x'",
    );
  });
  it('fails fast on rate scales for a trace without timestamps', () => {
    const flags = parseSimulationFlags({ trace: 'synthetic:chat' });
    expect(() => checkSweep(flags, ['vllm-fcfs'], 'rateScale')).toThrow(
      /--rates, not --rate-scales/,
    );
    expect(() => checkSweep(flags, ['nope'], 'rate')).toThrow(/unknown/);
  });
});

describe('llmsched compare', () => {
  it('sweeps 2 policies x 2 rates in worker threads and writes HTML, JSON and CSV', () => {
    const out = join(dir, 'report.html');
    const run = cli(
      'compare',
      '--trace',
      trace,
      '--policies',
      'vllm-fcfs,sarathi',
      '--rates',
      '2,8',
      '--slo-ttft',
      '0.5',
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^policy\s+rate\s+done/);
    expect(run.stdout).toContain(`wrote ${out}`);
    const data = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportData;
    expect(data.policies).toEqual(['vllm-fcfs', 'sarathi']);
    expect(data.loads).toEqual([2, 8]);
    expect(data.runs.map((r) => [r.policy, r.load, r.summary.completed])).toEqual([
      ['vllm-fcfs', 2, 60],
      ['vllm-fcfs', 8, 60],
      ['sarathi', 2, 60],
      ['sarathi', 8, 60],
    ]);
    // more load, no less queueing: the runs are real simulations of the rescaled trace
    const fcfs = data.runs.filter((r) => r.policy === 'vllm-fcfs');
    expect(fcfs[1]?.summary.durationSeconds).toBeLessThan(fcfs[0]?.summary.durationSeconds ?? 0);
    expect(readFileSync(join(dir, 'report.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('"policies":["vllm-fcfs","sarathi"]');
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
  });

  it('a trace with its own SLO targets: SLO metrics apply without any SLO flag', () => {
    const withSlo = join(dir, 'slo.jsonl');
    writeFileSync(
      withSlo,
      readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.stringify({ ...JSON.parse(line), slo_class: 'interactive' }))
        .join('\n'),
    );
    const out = join(dir, 'slo.html');
    const run = cli(
      ...['compare', '--trace', withSlo, '--policies', 'vllm-fcfs,fifo', '--rates', '4'],
      ...['--out', out, '--quiet'],
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('n/a');
    const data = JSON.parse(readFileSync(join(dir, 'slo.json'), 'utf8')) as ReportData;
    expect(data.hasSlo).toBe(true);
    expect(data.slo.perRequest).toBe(true);
    for (const r of data.runs) expect(r.summary.sloAttainment).toBeTypeOf('number');
    expect(readFileSync(out, 'utf8')).toContain('per-request targets of the trace');
  });
});
