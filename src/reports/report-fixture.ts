import type { LatencyStats, RunSummary } from '../metrics/run-summary.js';
import type { ReportInput } from './report-input.js';

/**
 * A small, deterministic report input for tests and for looking at the HTML: two policies over
 * three loads, latencies growing with load like an M/M/1 queue (1 / (1 - rho)).
 */
export function sampleReportInput(): ReportInput {
  const policies = ['vllm-fcfs', 'sprpt'];
  const loads = [0.5, 1, 2];
  const runs = policies.flatMap((policy, p) =>
    loads.map((load) => {
      const rho = Math.min(0.95, load / 2.2);
      const factor = (p === 0 ? 1 : 0.6) / (1 - rho);
      const ttft = Array.from(
        { length: 400 },
        (_, i) => 0.05 * factor * (1 + ((i * 37) % 100) / 25),
      );
      const e2e = ttft.map((t, i) => t + 2 + ((i * 13) % 50) / 10);
      const summary = sampleSummary(policy, ttft, e2e, 1 - rho * 0.5 * (p === 0 ? 1 : 0.7));
      return { policy, load, summary, latencies: { ttft, e2e } };
    }),
  );
  return {
    title: 'llmsched compare: sample',
    trace: 'synthetic:chat',
    loadKind: 'rateScale',
    slo: { ttft: 0.5, tbt: 0.1 },
    settings: { model: 'llama-3-8b', gpu: 'h100', replicas: 1, seed: 0 },
    runs,
  };
}

function stats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return { mean, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

function sampleSummary(policy: string, ttft: number[], e2e: number[], slo: number): RunSummary {
  return {
    policy,
    requests: ttft.length,
    completed: ttft.length,
    durationSeconds: 100,
    wallSeconds: 0.1,
    throughputTokensPerSecond: 1234.5,
    ttft: stats(ttft),
    tpot: stats(e2e.map((e) => e / 200)),
    e2e: stats(e2e),
    queueDelay: stats(ttft.map((t) => t / 2)),
    normalizedLatency: stats(e2e.map((e) => e / 200)),
    queueByCause: { budget: 0, memory: 0, maxSeqs: 0, policy: 0, inFlight: 0 },
    sloAttainment: slo,
    goodput: slo * 4,
    preemptions: 3,
    prefixHitRate: 0.25,
    meanKvUtilization: 0.5,
  };
}
