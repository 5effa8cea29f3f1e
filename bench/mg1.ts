/**
 * M/G/1 lab micro/macro benchmark: simulator throughput (jobs per second) for fifo and sprpt at
 * lambda = 0.9 (M/M/1, y|x ~ Exp(mean x)), and the cost of one pop + push on a heap holding 10^5
 * entries (the core EventHeap and the simulator's index-based rank heap), in the hold model
 * (pop the minimum, push a new entry a random gap later).
 *
 * Run: npx tsx bench/mg1.ts [jobs]   (default 10^7 jobs for fifo and sprpt, median of 3 runs;
 * las and gittins, the event-heavy policies, run min(jobs, 10^6) and min(jobs, 2 x 10^5) once)
 * Figures go to docs/benchmarks.md, section "M/G/1 lab". Seeded; timings are wall clock.
 */
import { exponentialDistribution } from '../src/core/distributions/exponential.js';
import { EventHeap } from '../src/core/event-heap.js';
import { createRng } from '../src/core/rng.js';
import { createRankPolicy } from '../src/policies/registry.js';
import { Mg1JobStore } from '../src/queueing/mg1-job-store.js';
import { Mg1RankHeap } from '../src/queueing/mg1-rank-heap.js';
import { simulateMg1 } from '../src/queueing/mg1-simulator.js';
import { exponentialPrediction } from '../src/queueing/prediction-models/exponential-prediction.js';

const jobs = Number(process.argv[2] ?? 10_000_000);
const rows: string[] = [];

function simulatorRow(policyName: string, lambda: number, count: number, repeats: number): void {
  const policy = createRankPolicy(policyName);
  const service = exponentialDistribution(1);
  // Warm the JIT on a small run first.
  simulateMg1({
    service,
    prediction: exponentialPrediction,
    policy,
    lambda,
    jobs: 200_000,
    seed: 2,
  });
  const times: number[] = [];
  let summary = '';
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const result = simulateMg1({
      service,
      prediction: exponentialPrediction,
      policy,
      lambda,
      jobs: count,
      seed: 1,
    });
    times.push((performance.now() - start) / 1000);
    if (result.kind !== 'ok') throw new Error('unstable');
    summary = `E[T] = ${result.meanResponseTime.toFixed(3)} ± ${result.ci95.toFixed(3)}, ${((result.events ?? 0) / count).toFixed(2)} events/job`;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  const best = times[0] as number;
  rows.push(
    `| simulateMg1 ${policyName}, lambda ${lambda} | ${count.toExponential(0)} jobs | ${(count / median / 1e6).toFixed(2)} M jobs/s (best ${(count / best / 1e6).toFixed(2)}) | ${median.toFixed(2)} s median of ${repeats} | ${summary} |`,
  );
}

function eventHeapRow(queued: number, operations: number): void {
  const rng = createRng(3);
  const heap = new EventHeap<number>();
  for (let i = 0; i < queued; i++) heap.push(rng.next() * queued, 0, i);
  const start = performance.now();
  for (let i = 0; i < operations; i++) {
    const top = heap.pop();
    if (top === undefined) throw new Error('empty');
    heap.push(top.at + rng.next() * queued, 0, top.value);
  }
  const ns = ((performance.now() - start) * 1e6) / operations;
  rows.push(
    `| EventHeap (core) pop + push | ${queued.toExponential(0)} queued | ${(1e3 / ns).toFixed(2)} M ops/s | ${ns.toFixed(0)} ns per pop+push | ${operations.toExponential(0)} operations |`,
  );
}

function rankHeapRow(queued: number, operations: number): void {
  const rng = createRng(3);
  const store = new Mg1JobStore(queued + 1);
  const heap = new Mg1RankHeap(store, queued + 1);
  for (let i = 0; i < queued; i++) {
    const slot = store.allocate();
    store.tier[slot] = 0;
    store.key[slot] = rng.next() * queued;
    store.arrival[slot] = i;
    store.id[slot] = i;
    heap.push(slot);
  }
  const start = performance.now();
  for (let i = 0; i < operations; i++) {
    const slot = heap.pop();
    store.key[slot] = (store.key[slot] as number) + rng.next() * queued;
    heap.push(slot);
  }
  const ns = ((performance.now() - start) * 1e6) / operations;
  rows.push(
    `| Mg1RankHeap (simulator) pop + push | ${queued.toExponential(0)} queued | ${(1e3 / ns).toFixed(2)} M ops/s | ${ns.toFixed(0)} ns per pop+push | ${operations.toExponential(0)} operations |`,
  );
}

simulatorRow('fifo', 0.9, jobs, 3);
simulatorRow('sprpt', 0.9, jobs, 3);
simulatorRow('las', 0.9, Math.min(jobs, 1_000_000), 1);
simulatorRow('gittins', 0.9, Math.min(jobs, 200_000), 1);
eventHeapRow(100_000, 2_000_000);
rankHeapRow(100_000, 2_000_000);

console.log(`command: npx tsx bench/mg1.ts ${process.argv[2] ?? ''}`.trim());
console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
console.log('| benchmark | size | throughput | time | notes |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
