/** The admission queue alone: virtual clock, backends that are only capacities. */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backends/backend.js';
import { VirtualClock } from '../core/clock.js';
import { requestId } from '../core/ids.js';
import type { EngineView } from '../core/step-plan.js';
import { seconds } from '../core/units.js';
import { ExecRequest } from '../executor/exec-request.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';
import { resolveBatchPolicy } from '../policies/batch/registry.js';
import { vtcDefaults } from '../policies/fairness/vtc.js';
import { createRouter } from '../policies/routing/router-registry.js';
import { AdmissionQueue } from './admission-queue.js';
import { BackendSlot } from './backend-slot.js';
import { gatewaySupply } from './gateway.js';
import { parseGatewayConfig } from './gateway-config.js';
import type { GatewayError } from './gateway-error.js';
import { GatewayRequest, type GatewayRequestInit } from './gateway-request.js';
import type { QueueLimits } from './queue-limits.js';
import { TenantCounters } from './tenant-counters.js';

/** A backend that is only a capacity (requests, tokens in flight). */
function backend(name: string, maxConcurrent: number, maxTokensInFlight = 0): Backend {
  return {
    name,
    kind: 'sim',
    capacity: { maxConcurrent, maxTokensInFlight },
    models: [],
    start: () => {
      throw new Error('not used');
    },
    close: async () => {},
  };
}

let nextSeq = 0;
function request(
  clock: VirtualClock,
  fields: Partial<Omit<GatewayRequestInit, 'seq'>> = {},
): GatewayRequest {
  const seq = nextSeq++;
  return new GatewayRequest({
    id: requestId(`q${seq}`),
    seq,
    arrival: clock.now(),
    tenant: 'default',
    model: 'm',
    promptTokens: 10,
    maxTokens: 100,
    priority: 0,
    sloClass: 'standard',
    prefixHashes: [],
    ...fields,
  });
}

const limits: QueueLimits = { maxRequests: 100, maxQueuedTokens: 0, maxWaitSeconds: 1000 };

function queue(
  policy: string,
  backends: Backend[],
  clock: VirtualClock,
  extra: Partial<QueueLimits> = {},
  fairness?: TenantCounters,
): AdmissionQueue {
  return new AdmissionQueue({
    policy: resolveBatchPolicy(policy),
    supply: gatewaySupply(parseGatewayConfig({ predictor: 'learned' }, 'test')),
    router: createRouter('least-outstanding'),
    slots: backends.map((b, i) => new BackendSlot(i, b)),
    clock,
    limits: { ...limits, ...extra },
    ...(fairness ? { fairness } : {}),
  });
}

/** Submits, then releases the running request one at a time; returns the dispatch order. */
async function dispatchOrder(q: AdmissionQueue, requests: GatewayRequest[]): Promise<string[]> {
  const order: string[] = [];
  const done = requests.map((r) =>
    q.submit(r).then(() => {
      order.push(r.id);
    }),
  );
  for (let i = 0; i < requests.length; i++) {
    await Promise.resolve();
    q.pump();
    await Promise.resolve();
    const running = requests.find((r) => r.state === 'running' && !r.finished);
    if (running) q.release(running, 1);
  }
  await Promise.all(done);
  return order;
}

describe('AdmissionQueue', () => {
  it('dispatches in the registry policy order: fcfs by arrival, predicted-cost by predicted size', async () => {
    for (const [policy, expected] of [
      ['fcfs', ['a', 'b', 'c', 'd']],
      ['predicted-cost', ['d', 'a', 'c', 'b']],
    ] as const) {
      const clock = new VirtualClock(0);
      const q = queue(policy, [backend('b0', 1)], clock);
      const sizes = { a: 50, b: 400, c: 100, d: 5 };
      const requests = Object.entries(sizes).map(([name, size]) => {
        clock.advanceTo(seconds(clock.now() + 0.001));
        return request(clock, { predictedSize: size, id: requestId(name) });
      });
      expect(await dispatchOrder(q, requests)).toEqual(expected);
      expect(q.runningCount).toBe(0);
    }
  });

  it('never exceeds a backend capacity; several backends fill in parallel', async () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 2), backend('b1', 1)], clock);
    const requests = Array.from({ length: 6 }, () => request(clock));
    for (const r of requests) void q.submit(r);
    await Promise.resolve();
    q.pump();
    expect(q.runningCount).toBe(3);
    expect(q.waitingCount).toBe(3);
    expect(q.slots.map((s) => s.running.size)).toEqual([2, 1]);
  });

  it('respects tokens in flight', async () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 10, 250)], clock);
    for (let i = 0; i < 3; i++) void q.submit(request(clock, { promptTokens: 10, maxTokens: 100 }));
    q.pump();
    expect(q.runningCount).toBe(2);
    expect(q.slots[0]?.tokensInFlight).toBe(220);
  });

  it('refuses with 503 when full (requests, queued tokens) and after close', () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 1)], clock, { maxRequests: 2, maxQueuedTokens: 25 });
    void q.submit(request(clock));
    void q.submit(request(clock));
    expect(() => q.submit(request(clock))).toThrow(/queue is full/);
    const q2 = queue('fcfs', [backend('b0', 1)], clock, { maxQueuedTokens: 25 });
    void q2.submit(request(clock, { promptTokens: 20 }));
    try {
      q2.submit(request(clock, { promptTokens: 20 }));
      expect.unreachable();
    } catch (error) {
      expect((error as GatewayError).status).toBe(503);
      expect((error as GatewayError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    q2.close();
    expect(() => q2.submit(request(clock))).toThrow(/shutting down/);
  });

  it('refuses with 429 when the TTFT deadline cannot be met, once service times are known', async () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 1)], clock);
    const first = request(clock);
    const started = q.submit(first);
    q.pump();
    await started;
    clock.advanceTo(seconds(2));
    q.release(first, 5);
    expect(q.meanServiceSeconds).toBe(2);
    void q.submit(request(clock));
    q.pump();
    void q.submit(request(clock));
    const urgent = request(clock, { ttftSlo: seconds(1) });
    try {
      q.submit(urgent);
      expect.unreachable();
    } catch (error) {
      expect((error as GatewayError).status).toBe(429);
      expect((error as GatewayError).retryAfterSeconds).toBe(4);
    }
    expect(() => q.submit(request(clock, { ttftSlo: seconds(10) }))).not.toThrow();
  });

  it('cancel removes a waiting request and frees its place', async () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 1)], clock);
    const a = request(clock);
    const b = request(clock);
    void q.submit(a);
    const pb = q.submit(b);
    q.pump();
    q.cancel(b);
    await expect(pb).rejects.toMatchObject({ code: 'cancelled' });
    expect(q.waitingCount).toBe(0);
    expect(q.queuedTokens).toBe(0);
    q.release(a, 3);
    expect(q.runningCount).toBe(0);
  });

  it('aging: a request waiting longer than maxWaitSeconds goes first', async () => {
    const clock = new VirtualClock(0);
    const q = queue('predicted-cost', [backend('b0', 1)], clock, { maxWaitSeconds: 5 });
    const blocker = request(clock, { predictedSize: 1 });
    void q.submit(blocker);
    q.pump();
    const long = request(clock, { predictedSize: 10_000 });
    void q.submit(long);
    clock.advanceTo(seconds(6));
    const short = request(clock, { predictedSize: 1 });
    void q.submit(short);
    expect(q.order().map((r) => r.id)).toEqual([long.id, short.id]);
  });

  it('VTC interleaves tenants by tokens served, each in the policy order', async () => {
    const clock = new VirtualClock(0);
    const counters = new TenantCounters(vtcDefaults, () => 1);
    const q = queue('predicted-cost', [backend('b0', 1)], clock, {}, counters);
    const hog = request(clock, { tenant: 'hog', predictedSize: 1 });
    void q.submit(hog);
    q.pump();
    const waiting = [
      request(clock, { tenant: 'hog', predictedSize: 1 }),
      request(clock, { tenant: 'hog', predictedSize: 1 }),
      request(clock, { tenant: 'hog', predictedSize: 1 }),
      request(clock, { tenant: 'light', predictedSize: 2 }),
      request(clock, { tenant: 'light', predictedSize: 2 }),
    ];
    const unfair = queue('predicted-cost', [backend('b0', 0)], clock);
    for (const r of waiting) {
      void q.submit(r);
      void unfair.submit(request(clock, { ...r, id: r.id, arrival: r.arrival }));
    }
    // without fairness the size order serves every hog request first; VTC lifts the newly active
    // light tenant to hog's counter, then alternates by tokens charged
    expect(unfair.order().map((r) => r.tenant)).toEqual(['hog', 'hog', 'hog', 'light', 'light']);
    expect(q.order().map((r) => r.tenant)).toEqual(['hog', 'light', 'hog', 'light', 'hog']);
  });

  it('plans over the executor core view: the requests themselves, running ones as streamed', async () => {
    const clock = new VirtualClock(0);
    const inner = resolveBatchPolicy('predicted-cost');
    const seen: EngineView[] = [];
    const policy: BatchPolicy = {
      ...inner,
      plan: (view) => {
        seen.push(view);
        return inner.plan(view);
      },
    };
    const q = new AdmissionQueue({
      policy,
      supply: gatewaySupply(parseGatewayConfig({ predictor: 'learned' }, 'test')),
      router: createRouter('least-outstanding'),
      slots: [new BackendSlot(0, backend('b0', 2))],
      clock,
      limits,
    });
    const first = request(clock, { predictedSize: 9 });
    void q.submit(first);
    q.pump();
    first.streamed(3);
    clock.advanceTo(seconds(2));
    const queued = [5, 1, 7].map((size) => request(clock, { predictedSize: size }));
    for (const r of queued) void q.submit(r);
    expect(q.order(1).map((r) => r.predictedSize)).toEqual([1]);
    const view = seen.at(-1) as EngineView;
    expect(view.requestsInArrivalOrder).toBe(true);
    expect(view.requests).toEqual([first, ...queued]);
    expect(view.requests.every((r) => r instanceof ExecRequest)).toBe(true);
    expect(view.limits.maxSeqs).toBe(2); // 1 running + 1 free sequence
    expect(first).toMatchObject({ state: 'running', generated: 3, predictedRemaining: 6 });
    expect(first.serviceSeconds).toBe(2);
    expect(first.needed - first.computed).toBe(1);
  });

  it('a retry on another backend is a recompute preemption in the core', async () => {
    const clock = new VirtualClock(0);
    const q = queue('fcfs', [backend('b0', 1)], clock);
    const r = request(clock);
    const slot = q.submit(r);
    q.pump();
    await slot;
    expect(r.state).toBe('running');
    const again = q.requeue(r);
    expect(r).toMatchObject({ state: 'preempted', preemptions: 1, computed: 0, queued: true });
    q.pump();
    await again;
    expect(r.state).toBe('running');
    q.release(r, 1);
    expect(r.finished).toBe(true);
    expect(q.runningCount).toBe(0);
  });

  it('a queued request whose TTFT deadline passes gets 429 deadline_exceeded, not a late dispatch', async () => {
    for (const rejectPastDeadline of [true, false]) {
      const clock = new VirtualClock(0);
      const q = queue('fcfs', [backend('b0', 1)], clock, { rejectPastDeadline });
      const blocker = request(clock);
      void q.submit(blocker);
      q.pump();
      const urgent = request(clock, { ttftSlo: seconds(1) });
      const relaxed = request(clock, { ttftSlo: seconds(5) });
      const dispatched = q.submit(urgent);
      void q.submit(relaxed);
      clock.advanceTo(seconds(0.5));
      q.pump();
      expect(q.waitingCount).toBe(2);
      clock.advanceTo(seconds(1.5));
      q.release(blocker, 1);
      q.pump();
      if (rejectPastDeadline) {
        await expect(dispatched).rejects.toMatchObject({ status: 429, code: 'deadline_exceeded' });
        expect(urgent.finished).toBe(true);
        expect(relaxed.state).toBe('running'); // its deadline has not passed: served
        expect(q.queuedTokens).toBe(0);
      } else {
        await expect(dispatched).resolves.toBeDefined();
        expect(urgent.state).toBe('running');
        expect(q.waitingCount).toBe(1);
      }
    }
  });
});
