/** End-to-end `llmsched capacity` on a tiny generated trace (the search itself: capacity-search.test.ts). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { writeTinyTrace } from '../../../test/helpers/tiny-trace.js';

const { trace } = writeTinyTrace('capacity');
const cli = (...args: string[]) => runCli(args);

describe('llmsched capacity', () => {
  it('binary-searches the highest rate scale meeting the SLO target (--json)', () => {
    const run = cli(
      'capacity',
      '--trace',
      trace,
      '--policy',
      'vllm-fcfs',
      '--criterion',
      'attainment',
      '--slo-ttft',
      '0.05',
      '--target',
      '0.8',
      '--json',
    );
    // stderr carries only progress (one line per probe), no error or note
    expect(run.stderr).not.toMatch(/llmsched:/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      search: string;
      outcome: string;
      rateScale: number;
      attainment: number;
      summary: { requests: number };
      probes: { load: number; attainment: number; passed: boolean }[];
    };
    expect(result.search).toBe('rateScale'); // a timestamped (JSONL) trace
    expect(['found', 'above-range']).toContain(result.outcome);
    expect(result.attainment).toBeGreaterThanOrEqual(0.8);
    expect(result.summary.requests).toBe(60);
    const passed = result.probes.filter((p) => p.passed).map((p) => p.load);
    expect(Math.max(...passed)).toBe(result.rateScale);
    expect(result.probes.filter((p) => !p.passed).every((p) => p.attainment < 0.8)).toBe(true);
  });
  it('needs an SLO (one line, exit 2)', () => {
    const noSlo = cli(
      'capacity',
      '--trace',
      trace,
      '--policy',
      'vllm-fcfs',
      '--criterion',
      'attainment',
    );
    expect(noSlo.status).toBe(2);
    expect(noSlo.stderr).toBe(
      'llmsched: capacity needs an SLO: give --slo-ttft and/or --slo-tbt\n',
    );
  });
  it('defaults to the paper criterion: medians, tail TBT and the saturated service rate', () => {
    const run = cli('capacity', '--trace', trace, '--policy', 'slai', '--slo-tbt', '0.5', '--json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      criterion: { kind: string; serviceRate: number; ttftP50: number };
      outcome: string;
      rateScale: number | null;
      probes: { load: number; passed: boolean; reason: string; ttftP50: number }[];
    };
    expect(result.criterion.kind).toBe('paper');
    expect(result.criterion.ttftP50).toBe(0.5);
    expect(result.criterion.serviceRate).toBeGreaterThan(0);
    for (const probe of result.probes) {
      if (probe.passed) expect(probe.ttftP50).toBeLessThanOrEqual(0.5);
      else expect(probe.reason).not.toBe('ok');
    }
    const noTbt = cli('capacity', '--trace', trace, '--policy', 'sarathi');
    expect(noTbt.status).toBe(2);
    expect(noTbt.stderr).toBe(
      'llmsched: capacity --criterion paper needs a TBT SLO: give --slo-tbt SECONDS (or --slo-mix, or slo_tbt in the trace)\n',
    );
    const deadline = cli(
      'capacity',
      '--trace',
      trace,
      '--policy',
      'slai',
      '--criterion',
      'attainment',
      '--slo-ttft',
      '1',
    );
    expect(deadline.status).toBe(2);
    expect(deadline.stderr).toMatch(
      /^llmsched: policy slai schedules by TBT deadlines but no request has a TBT target/,
    );
  });
  it('--stability steady judges each probe by its own backlog instead of the service rate', () => {
    const run = cli(
      'capacity',
      '--trace',
      trace,
      '--policy',
      'rad',
      '--slo-tbt',
      '0.5',
      '--stability',
      'steady',
      '--json',
    );
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/service rate of/);
    const result = JSON.parse(run.stdout) as {
      criterion: { serviceRate?: number; steady: { growth: number; maxDelayShare: number } };
      probes: { passed: boolean; backlogGrowth: number; maxDelayShare: number }[];
    };
    expect(result.criterion.serviceRate).toBeUndefined();
    expect(result.criterion.steady).toEqual({ growth: 0.03, maxDelayShare: 0.5 });
    for (const probe of result.probes.filter((p) => p.passed)) {
      expect(probe.backlogGrowth).toBeLessThanOrEqual(0.03);
      expect(probe.maxDelayShare).toBeLessThanOrEqual(0.5);
    }
    const bad = cli(
      'capacity',
      '--trace',
      trace,
      '--policy',
      'rad',
      '--slo-tbt',
      '0.5',
      '--stability',
      'x',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("llmsched: --stability: expected burst, steady or none, got 'x'\n");
  });
});
