import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'llmsched.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [bin, 'simulate', ...args], { encoding: 'utf8' });

describe('llmsched simulate', () => {
  it('--json prints exactly the RunSummary fields', () => {
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
    ]);
    expect(summary.completed).toBe(60);
    expect(Object.keys(summary.ttft)).toEqual(['mean', 'p50', 'p90', 'p99']);
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
