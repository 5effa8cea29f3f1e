/**
 * Parameter sweep of one batch policy on the Azure 2023 conversation trace (llama-3-8b, h100, seed 1),
 * every ratio against vllm-fcfs in the same run (helper for docs/policies pages).
 *
 *   npx tsx scripts/sweep-e1-params.ts --policy predicted-cost --predictor noisy:lognormal:0.5 \
 *     --rate-scales 3.5,4 --grid outputWeight=1,4:agingSeconds=20,45
 */
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { azureTrace, flag } from './lib/e1-study.js';

const tracePath = azureTrace();
const policy = flag('--policy', 'predicted-cost');
const predictor = flag('--predictor', 'noisy:lognormal:0.5');
const scales = flag('--rate-scales', '3.5,4').split(',').map(Number);
const decodesFirst = process.argv.includes('--decodes-first');
const grid = flag('--grid', '')
  .split(':')
  .filter((part) => part.length > 0)
  .map((part) => {
    const [name, values] = part.split('=');
    return { name: name as string, values: (values ?? '').split(',').map(Number) };
  });
let points: Record<string, number>[] = [{}];
for (const axis of grid) {
  points = points.flatMap((point) =>
    axis.values.map((value) => ({ ...point, [axis.name]: value })),
  );
}
for (const scale of scales) {
  const requests = readTrace(tracePath, { seed: 1, rateScale: scale });
  const base = runSimulation({
    requests,
    policy: 'vllm-fcfs',
    model: 'llama-3-8b',
    gpu: 'h100',
    seed: 1,
  }).summary;
  console.log(
    `rate-scale ${scale}: vllm-fcfs mean ${base.e2e.mean.toFixed(2)} p99 ${base.e2e.p99.toFixed(1)}`,
  );
  for (const params of points) {
    const s = runSimulation({
      requests,
      policy,
      model: 'llama-3-8b',
      gpu: 'h100',
      seed: 1,
      predictor,
      policyOptions: { params, ...(decodesFirst ? { decodesFirst } : {}) },
    }).summary;
    console.log(
      `  ${JSON.stringify(params)} mean ${(s.e2e.mean / base.e2e.mean).toFixed(3)}x p99 ${(s.e2e.p99 / base.e2e.p99).toFixed(3)}x ttft ${s.ttft.mean.toFixed(2)} tpot ${s.tpot.mean.toFixed(4)} preempt ${s.preemptions} done ${s.completed}/${s.requests}`,
    );
  }
}
