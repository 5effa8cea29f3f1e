import { readTrace } from './src/workloads/read-trace.ts';
import { runSimulation } from './src/sim/run-simulation.ts';
const reqs = readTrace('/work/shared/data/traces/azure-2023-conv.csv', { requests: 6000, rateScale: 3 });
for (const policy of ['vllm-fcfs', 'spjf', 'sprpt', 'psjf', 'trail']) {
  const r = runSimulation({ requests: reqs, policy, seed: 1 });
  const s = r.summary;
  console.log(policy, 'ttft', s.ttft.mean.toFixed(2), 'e2e', s.e2e.mean.toFixed(2), 'tpot', s.tpot.mean.toFixed(3), 'preempt', s.preemptions, 'steps', r.replicas[0]?.steps, 'busy', r.replicas[0]?.busySeconds.toFixed(0), 'dur', s.durationSeconds.toFixed(0), 'kv', s.meanKvUtilization.toFixed(2));
}
