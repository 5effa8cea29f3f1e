/**
 * `llmsched simulate` end to end: the --json RunSummary, SLO figures, failures by kind, --records,
 * and one-line errors for unknown names.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';

const run = (...args: string[]) => runCli(['simulate', ...args]);

describe('llmsched simulate', () => {
  it('--json prints the RunSummary fields, n/a as null, and failures by kind', () => {
    const result = run(
      '--synthetic',
      'chat',
      '--rate',
      '5',
      '--requests',
      '60',
      '--policy',
      'sprpt',
      '--predictor',
      'noisy:lognormal:0.5',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(Object.keys(summary)).toEqual([
      'policy',
      'requests',
      'completed',
      'durationSeconds',
      'wallSeconds',
      'throughputTokensPerSecond',
      'ttft',
      'tpot',
      'e2e',
      'queueDelay',
      'normalizedLatency',
      'queueByCause',
      'sloAttainment',
      'goodput',
      'preemptions',
      'prefixHitRate',
      'meanKvUtilization',
      'failedByKind',
    ]);
    expect(summary.completed).toBe(60);
    // no SLO given: the keys stay, the values are null (text output: n/a)
    expect([summary.sloAttainment, summary.goodput]).toEqual([null, null]);
    expect(summary.failedByKind).toEqual({});
    expect(Object.keys(summary.ttft)).toEqual(['mean', 'p50', 'p90', 'p99']);
  });

  it('--json with an SLO gives numbers; a request larger than KV memory is counted by kind', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'llmsched-simulate-')), 't.jsonl');
    writeFileSync(
      trace,
      [
        '{"arrival":0,"prompt_tokens":100,"output_tokens":10}',
        '{"arrival":0.5,"prompt_tokens":5000000,"output_tokens":10}',
        '{"arrival":1,"prompt_tokens":200,"output_tokens":20}',
        '',
      ].join('\n'),
    );
    const result = run(
      ...['--trace', trace, '--policy', 'vllm-fcfs', '--max-model-len', '10000000'],
      ...['--slo-ttft', '5', '--json'],
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      requests: 3,
      completed: 2,
      failedByKind: { 'kv-capacity': 1 },
    });
    expect(summary.sloAttainment).toBeTypeOf('number');
    expect(summary.goodput).toBeTypeOf('number');
  });

  it('rejects unknown names with one line listing the known ones (exit 2)', () => {
    const policy = run('--synthetic', 'chat', '--rate', '5', '--policy', 'nope');
    expect(policy.status).toBe(2);
    expect(policy.stderr).toMatch(/unknown policy 'nope'; known: vllm-fcfs, .*sprpt/);
    const gpu = run('--synthetic', 'chat', '--rate', '5', '--policy', 'fifo', '--gpu', 'tpu');
    expect(gpu.status).toBe(2);
    expect(gpu.stderr.trim().split('\n')).toHaveLength(1);
    expect(gpu.stderr).toMatch(/known: h100, a100, l40s/);
  });

  it('--records writes slim records; --records-token-times adds every token time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-records-'));
    const slim = join(dir, 'slim.jsonl');
    const full = join(dir, 'full.jsonl');
    const base = [
      '--synthetic',
      'chat',
      '--rate',
      '5',
      '--requests',
      '20',
      '--policy',
      'vllm-fcfs',
    ];
    expect(run(...base, '--records', slim).status).toBe(0);
    expect(run(...base, '--records', full, '--records-token-times').status).toBe(0);
    const read = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    const slimRecords = read(slim);
    const fullRecords = read(full);
    expect(slimRecords).toHaveLength(20);
    for (const [i, record] of slimRecords.entries()) {
      const times = fullRecords[i].tokenTimes as number[];
      expect(record.tokenTimes).toBeUndefined();
      expect(times).toHaveLength(record.generatedTokens);
      expect(record.firstTokenTime).toBe(times[0]);
      expect(record.ttft).toBe(fullRecords[i].ttft);
    }
    const alone = run(...base, '--records-token-times');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--records-token-times needs --records/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('llmsched simulate --policy slai with best-effort requests', () => {
  it('serves a batch-class request (no TBT target) with the reference default TBT', () => {
    const result = run(
      '--synthetic',
      'chat',
      '--rate',
      '5',
      '--requests',
      '60',
      '--policy',
      'slai',
      '--slo-mix',
      'strict:0.5,batch:0.5',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.completed).toBe(60);
    const classes = summary.sloClasses.map((c: { name: string; requests: number }) => c.name);
    expect(classes).toEqual(expect.arrayContaining(['strict', 'batch']));
  });
});
