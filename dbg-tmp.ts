import { readTrace } from './src/workloads/read-trace.ts';
import { runSimulation } from './src/sim/run-simulation.ts';
for (const [scale, runs] of [[3, [['sprpt', false], ['sprpt', true], ['spjf', false]]], [4.5, [['sprpt', true]]]] as const) {
  const reqs = readTrace('/work/shared/data/traces/azure-2023-conv.csv', { rateScale: scale });
  for (const [policy, df] of runs) {
    const t = performance.now();
    const r = runSimulation({ requests: reqs, policy, seed: 1, predictor: 'oracle', ...(df ? { policyOptions: { decodesFirst: true } } : {}) });
    const s = r.summary;
    console.log(scale, policy, df, 'ttft', s.ttft.mean.toFixed(2), 'e2e', s.e2e.mean.toFixed(2), 'p99', s.e2e.p99.toFixed(1), 'preempt', s.preemptions, 'wall', ((performance.now() - t) / 1000).toFixed(1));
  }
}
