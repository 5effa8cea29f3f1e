/**
 * The admission queue's cost per dispatch when a queue has formed (the fast path is off): a
 * backend with 8 slots, `depth` requests waiting, and a steady state in which each cycle releases
 * one running request, submits a new one and pumps (the policy plans over the executor core's view
 * of every unfinished request, then one request is dispatched). Virtual clock, in one process, no
 * HTTP. Microseconds per cycle for each policy, median of `--repeats` (min in brackets).
 *
 *   npx tsx bench/gateway-queue.ts [--repeats 3] [--cycles 2000]
 */
import { parseArgs } from 'node:util';
import type { Backend } from '../src/backends/backend.js';
import { VirtualClock } from '../src/core/clock.js';
import { requestId } from '../src/core/ids.js';
import { seconds } from '../src/core/units.js';
import { AdmissionQueue } from '../src/gateway/admission-queue.js';
import { BackendSlot } from '../src/gateway/backend-slot.js';
import { gatewaySupply } from '../src/gateway/gateway.js';
import { parseGatewayConfig } from '../src/gateway/gateway-config.js';
import { GatewayRequest } from '../src/gateway/gateway-request.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';
import { createRouter } from '../src/policies/routing/router-registry.js';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    cycles: { type: 'string', default: '2000' },
  },
});
const backend: Backend = {
  name: 'b0',
  kind: 'sim',
  capacity: { maxConcurrent: 8, maxTokensInFlight: 0 },
  models: [],
  start: () => {
    throw new Error('not used');
  },
  close: async () => {},
};
const supply = gatewaySupply(parseGatewayConfig({ predictor: 'learned' }, 'bench'));

function cycleMicros(policy: string, depth: number, cycles: number): number {
  const clock = new VirtualClock(0);
  const slot = new BackendSlot(0, backend);
  const q = new AdmissionQueue({
    policy: resolveBatchPolicy(policy),
    supply,
    router: createRouter('least-outstanding'),
    slots: [slot],
    clock,
    limits: { maxRequests: 1_000_000, maxQueuedTokens: 0, maxWaitSeconds: 1e9 },
  });
  let seq = 0;
  const submit = (): void => {
    const size = 1 + ((seq * 7919) % 500);
    const r = new GatewayRequest({
      id: requestId(`r${seq}`),
      seq: seq++,
      arrival: clock.now(),
      tenant: 'default',
      model: 'm',
      promptTokens: 32 + (seq % 200),
      maxTokens: 1000,
      priority: 0,
      sloClass: 'standard',
      predictedSize: size,
      prefixHashes: [],
    });
    void q.submit(r).catch(() => {});
  };
  for (let i = 0; i < depth + 8; i++) submit();
  q.pump();
  const start = performance.now();
  for (let i = 0; i < cycles; i++) {
    clock.advanceTo(seconds(clock.now() + 0.001));
    const done = slot.running.first as GatewayRequest;
    q.release(done, 10);
    submit();
    q.pump();
  }
  return ((performance.now() - start) * 1000) / cycles;
}

const policies = ['fcfs', 'predicted-cost', 'wspt', 'edf'];
const depths = [10, 100, 1000];
const cycles = Number(values.cycles);
console.log(`| policy | ${depths.map((d) => `${d} waiting: us per dispatch`).join(' | ')} |`);
console.log(`|---|${depths.map(() => '---').join('|')}|`);
for (const policy of policies) {
  const cells: string[] = [];
  for (const depth of depths) {
    const runs: number[] = [];
    for (let r = 0; r < Number(values.repeats); r++) runs.push(cycleMicros(policy, depth, cycles));
    runs.sort((a, b) => a - b);
    cells.push(
      `${(runs[Math.floor(runs.length / 2)] as number).toFixed(1)} (${(runs[0] as number).toFixed(1)})`,
    );
  }
  console.log(`| ${policy} | ${cells.join(' | ')} |`);
}
