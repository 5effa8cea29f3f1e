/**
 * The admission queue: requests wait here, where ordering can act, and go to a backend only when
 * it has capacity (concurrent sequences, tokens in flight). The order is the registry batch
 * policy's, unchanged, over the executor core's view: every request lives in an `ExecutorCore`
 * (the simulator's and the local engine's core; `checkPolicyNeeds` at construction) as an
 * `ExecRequest` (gateway-request.ts) with the gateway's memory facade (backend-held-kv.ts);
 * dispatched requests are 'running', queued ones 'waiting' (or 'preempted' after a retry). The
 * queue asks `policy.plan(core.view(now))` with max_num_seqs = running + free backend sequences,
 * and dispatches the queued requests the plan schedules, in plan order (`core.admitNow`); the
 * plan's preemptions are ignored: a gateway cannot preempt engine work (algorithms.md §0.5), and
 * it does not run the core's steps (the backends generate). Around the policy:
 *
 *   1. starvation guard (aging): a request waiting longer than `maxWaitSeconds` goes first, by arrival;
 *   2. VTC fairness across tenants (policies/fairness/vtc.ts) re-interleaves the plan's order;
 *   3. routing: the registry router picks among backends with room (policies/routing).
 *
 * Fast path: when the free capacity covers every waiting request, every work-conserving policy
 * would admit them all, so they are dispatched without a plan.
 *
 * Admission control: 503 when the queue is full (requests or queued tokens); 429 with Retry-After
 * when a request's TTFT deadline cannot be met (estimated wait = position / capacity x mean
 * service time observed so far), and 429 `deadline_exceeded` when a queued request's deadline
 * passes before it is dispatched (checked before every dispatch, and by a timer at the earliest
 * deadline), so it is never served late.
 */
import type { Clock } from '../core/clock.js';
import type { EngineLimits } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { ExecutorSupply } from '../executor/check-policy-needs.js';
import { ExecutorCore } from '../executor/executor-core.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';
import type { Router } from '../policies/routing/router.js';
import { backendHeldKv, unboundedBlocks } from './backend-held-kv.js';
import type { BackendSlot } from './backend-slot.js';
import { cancelledError, type GatewayError } from './gateway-error.js';
import type { GatewayRequest, Waiter } from './gateway-request.js';
import type { QueueLimits } from './queue-limits.js';
import { queueRefusal, queueWaitSeconds, retryAfterSeconds } from './queue-refusal.js';
import { RequestList } from './request-list.js';
import type { TenantCounters } from './tenant-counters.js';
import { WakeTimer } from './wake-timer.js';

const resolved = Promise.resolve();

export interface AdmissionQueueOptions {
  readonly policy: BatchPolicy;
  /** What the gateway supplies to the policy (checked when the executor core is built). */
  readonly supply: ExecutorSupply;
  readonly router: Router;
  readonly slots: readonly BackendSlot[];
  readonly clock: Clock;
  readonly limits: QueueLimits;
  readonly fairness?: TenantCounters;
  /** Called when the policy throws (the queue then falls back to arrival order). */
  readonly onPolicyError?: (error: unknown) => void;
}

export class AdmissionQueue {
  readonly slots: readonly BackendSlot[];
  readonly policy: BatchPolicy;
  readonly #options: AdmissionQueueOptions;
  /** Queued requests in submission order (each with its `waiter`); not a Map: request-list.ts. */
  readonly #waiting = new RequestList();
  /** The plan's limits: max_num_seqs set before each plan; tokens and memory never bind. */
  readonly #limits: { -readonly [K in keyof EngineLimits]: EngineLimits[K] } = {
    maxBatchedTokens: unboundedBlocks,
    maxSeqs: 0,
    chunkCap: 0,
    blockSize: 1,
    totalBlocks: unboundedBlocks,
    watermarkBlocks: 0,
  };
  readonly #core: ExecutorCore<GatewayRequest>;
  #queuedTokens = 0;
  /** Queued requests with a TTFT target, and the timer armed at the earliest such deadline. */
  #withDeadline = 0;
  readonly #expiryTimer = new WakeTimer(
    () => this.#options.clock.now(),
    () => this.pump(),
  );
  /** A request being priced (estimatedWaitSeconds): planned with the queue, not in the core. */
  #probe: GatewayRequest | undefined;
  #pumpScheduled = false;
  #meanService = 0;
  #served = 0;
  #closed = false;
  /** No backend limits tokens in flight (capacities are fixed): the fast path may apply. */
  readonly #noTokenLimits: boolean;
  policyErrors = 0;

  constructor(options: AdmissionQueueOptions) {
    this.#options = options;
    this.slots = options.slots;
    this.policy = options.policy;
    this.#noTokenLimits = options.slots.every((s) => s.backend.capacity.maxTokensInFlight <= 0);
    this.#core = new ExecutorCore({
      policy: options.policy,
      limits: this.#limits,
      memory: backendHeldKv,
      supply: options.supply,
    });
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }

  get runningCount(): number {
    let n = 0;
    for (const slot of this.slots) n += slot.running.size;
    return n;
  }

  get queuedTokens(): number {
    return this.#queuedTokens;
  }

  /** Mean seconds from dispatch to release, over released requests (0 before the first). */
  get meanServiceSeconds(): number {
    return this.#meanService;
  }

  /** Stops admitting (drain): new submissions get 503; queued and running requests continue. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Admits `request` or throws a GatewayError (503 full/draining, 429 deadline). The promise
   * resolves with the backend when dispatched, or rejects (cancelled, no backend can serve it).
   */
  submit(request: GatewayRequest): Promise<BackendSlot> {
    const { limits } = this.#options;
    if (this.#closed) {
      throw queueRefusal.draining();
    }
    if (this.#waiting.size >= limits.maxRequests) {
      throw queueRefusal.full(
        `${limits.maxRequests} requests waiting`,
        this.#retryAfter(this.#waiting.size),
      );
    }
    if (
      limits.maxQueuedTokens > 0 &&
      this.#queuedTokens + request.promptTokens > limits.maxQueuedTokens
    ) {
      throw queueRefusal.full(
        `${limits.maxQueuedTokens} prompt tokens waiting`,
        this.#retryAfter(this.#waiting.size),
      );
    }
    if (request.ttftSlo !== undefined) {
      const wait = this.estimatedWaitSeconds(request);
      if (wait > request.ttftSlo) {
        throw queueRefusal.deadlineUnmeetable(request.ttftSlo, wait);
      }
    }
    const fairness = this.#options.fairness;
    if (fairness) fairness.activate(request.tenant, this.#activeTenants());
    const promise = this.#enqueue(request);
    this.#core.add(request);
    this.#queuedTokens += request.promptTokens;
    if (request.ttftSlo !== undefined) {
      this.#withDeadline++;
      this.#armExpiry(request.arrival + request.ttftSlo);
    }
    this.schedulePump();
    return promise;
  }

  /** Removes a waiting request (client gone); its promise rejects with `cancelled`. */
  cancel(request: GatewayRequest): void {
    const waiter = this.#waiterOf(request);
    if (!waiter) return;
    this.#forget(request);
    this.#core.remove(request, this.#options.clock.now());
    waiter.reject(cancelledError());
    this.schedulePump();
  }

  /** A dispatched request ended (any outcome): frees its capacity. */
  release(request: GatewayRequest, outputTokens: number): void {
    const slot = request.backend;
    if (request.state !== 'running' || request.finished || !slot) return;
    slot.remove(request);
    const now = this.#options.clock.now();
    this.#core.remove(request, now);
    if (request.dispatchedAt !== undefined) {
      this.#served++;
      this.#meanService +=
        (now - request.dispatchedAt - this.#meanService) / Math.min(this.#served, 100);
    }
    this.#options.fairness?.settle(request, outputTokens);
    // with nothing waiting a pump does nothing (a later submit or requeue schedules its own)
    if (this.#waiting.size > 0) this.schedulePump();
  }

  /** Puts a request that failed before its first byte back in the queue (another backend). */
  requeue(request: GatewayRequest): Promise<BackendSlot> {
    const slot = request.backend;
    if (slot) slot.remove(request);
    request.backend = undefined;
    this.#core.preemptNow(request, 'recompute', this.#options.clock.now());
    const promise = this.#enqueue(request);
    this.#queuedTokens += request.promptTokens;
    if (request.ttftSlo !== undefined) this.#withDeadline++;
    this.schedulePump();
    return promise;
  }

  /**
   * A pump in a microtask (one per turn however many calls). Through a resolved promise, not
   * `queueMicrotask`: node's makes an AsyncResource and a bound function per call (~2.5 us).
   */
  schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    resolved.then(this.#scheduledPump);
  }

  readonly #scheduledPump = (): void => {
    this.#pumpScheduled = false;
    this.pump();
  };

  /** Dispatches what fits now (after refusing queued requests whose TTFT deadline passed). */
  pump(): void {
    if (this.#withDeadline > 0 && this.#options.limits.rejectPastDeadline !== false) this.#expire();
    if (this.#waiting.size === 0) return;
    const free = this.#freeSeqs();
    if (free < 1) return;
    const order =
      free >= this.#waiting.size && this.#noTokenLimits
        ? this.#waiting.toArray()
        : this.order(free);
    for (const request of order) {
      if (!this.#waiting.has(request)) continue;
      // the backends that can take it (no array unless there is a choice)
      let first: BackendSlot | undefined;
      let candidates: BackendSlot[] | undefined;
      for (const slot of this.slots) {
        if (request.excludes(slot.name) || !slot.fits(request)) continue;
        if (first === undefined) first = slot;
        else if (candidates === undefined) candidates = [first, slot];
        else candidates.push(slot);
      }
      if (first === undefined) {
        if (this.slots.every((s) => request.excludes(s.name))) {
          this.#fail(request, queueRefusal.backendsExhausted());
          continue;
        }
        // an aged request keeps its place: nothing behind it passes it
        if (this.#options.clock.now() - request.arrival > this.#options.limits.maxWaitSeconds)
          break;
        continue;
      }
      this.#dispatch(request, candidates ? this.#route(request, candidates) : first);
      if (this.#freeSeqs() < 1) break;
    }
  }

  /**
   * The waiting requests in dispatch order (at most `limit` from the policy's plan, after the
   * aged ones), as the next pump would try them.
   */
  order(limit = this.#waiting.size): GatewayRequest[] {
    const now = this.#options.clock.now();
    const maxWait = this.#options.limits.maxWaitSeconds;
    const aged: GatewayRequest[] = [];
    const rest: GatewayRequest[] = [];
    for (let r = this.#waiting.first; r !== undefined; r = r.listNext) {
      (now - r.arrival > maxWait ? aged : rest).push(r);
    }
    aged.sort((a, b) => a.arrival - b.arrival || a.seq - b.seq);
    let ordered = rest;
    if (rest.length > 1) {
      try {
        ordered = this.#planOrder(rest, limit, now);
      } catch (error) {
        this.policyErrors++;
        this.#options.onPolicyError?.(error);
        ordered = rest.sort((a, b) => a.arrival - b.arrival || a.seq - b.seq);
      }
    }
    const fairness = this.#options.fairness;
    if (fairness && ordered.length > 1) ordered = fairness.interleave(ordered);
    return aged.length > 0 ? [...aged, ...ordered] : ordered;
  }

  /** Estimated queueing delay of `request` if admitted now. */
  estimatedWaitSeconds(request: GatewayRequest): number {
    return queueWaitSeconds(this.slots, this.#meanService, () => {
      if (this.#waiting.size === 0) return 0;
      // plan as if `request` were queued (the last arrival), without adding it to the core
      this.#waiting.add(request);
      this.#probe = request;
      try {
        return this.order().indexOf(request);
      } finally {
        this.#waiting.delete(request);
        this.#probe = undefined;
      }
    });
  }

  /** Position (0 = next) of each waiting request. */
  positions(): Map<GatewayRequest, number> {
    const positions = new Map<GatewayRequest, number>();
    for (const [i, request] of this.order().entries()) positions.set(request, i);
    return positions;
  }

  /** Every waiting request fails with `error` (shutdown). */
  failAll(error: GatewayError): void {
    for (const request of this.#waiting.toArray()) this.#fail(request, error);
  }

  /**
   * The plan's order of `rest` (queued requests, not aged): the policy plans over the core's view
   * (every unfinished request, arrival order) with max_num_seqs = running + `limit` queued.
   */
  #planOrder(rest: GatewayRequest[], limit: number, now: Seconds): GatewayRequest[] {
    let running = 0;
    for (const slot of this.slots) {
      for (let r = slot.running.first; r !== undefined; r = r.listNext) {
        r.serviceSeconds = now - (r.dispatchedAt ?? now);
        running++;
      }
    }
    this.#limits.maxSeqs = running + Math.min(limit, this.#waiting.size);
    const probe = this.#probe;
    const view = this.#core.view(now, probe);
    const plan = this.#options.policy.plan(view);
    const wanted = new Set(rest);
    const out: GatewayRequest[] = [];
    for (const scheduled of plan.scheduled) {
      const request =
        probe !== undefined && scheduled.id === probe.id ? probe : this.#core.get(scheduled.id);
      if (request && wanted.has(request)) out.push(request);
    }
    return out;
  }

  #route(request: GatewayRequest, candidates: BackendSlot[]): BackendSlot {
    const id = this.#options.router.route(
      {
        seq: request.seq,
        promptTokens: request.promptTokens,
        prefixHashes: request.prefixHashes,
        ...(request.predictedSize !== undefined
          ? { predictedOutputTokens: request.predictedSize }
          : {}),
      },
      candidates,
    );
    return candidates.find((s) => s.id === id) ?? (candidates[0] as BackendSlot);
  }

  #dispatch(request: GatewayRequest, slot: BackendSlot): void {
    const waiter = this.#waiterOf(request);
    if (!waiter) return;
    this.#forget(request);
    const now = this.#options.clock.now();
    this.#core.admitNow(request, now);
    request.backend = slot;
    request.dispatchedAt = now;
    slot.add(request);
    this.#options.fairness?.charge(request);
    waiter.resolve(slot);
  }

  #fail(request: GatewayRequest, error: GatewayError): void {
    const waiter = this.#waiterOf(request);
    if (!waiter) return;
    this.#forget(request);
    this.#core.remove(request, this.#options.clock.now());
    waiter.reject(error);
  }

  /** Queues `request`: the promise its waiter settles. */
  #enqueue(request: GatewayRequest): Promise<BackendSlot> {
    this.#waiting.add(request);
    return new Promise<BackendSlot>((resolve, reject) => (request.waiter = { resolve, reject }));
  }

  #waiterOf(request: GatewayRequest): Waiter | undefined {
    return this.#waiting.has(request) ? request.waiter : undefined;
  }

  #forget(request: GatewayRequest): void {
    this.#waiting.delete(request);
    request.waiter = undefined;
    this.#queuedTokens -= request.promptTokens;
    if (request.ttftSlo !== undefined) this.#withDeadline--;
  }

  /**
   * Fails, with 429 `deadline_exceeded`, every queued request whose TTFT deadline has passed (a
   * request that already had its first token, i.e. a retry after a mid-way failure, is exempt:
   * it never reaches the queue). Re-arms the timer at the earliest deadline left.
   */
  #expire(): void {
    const now = this.#options.clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const request of this.#waiting.toArray()) {
      if (request.ttftSlo === undefined || request === this.#probe) continue;
      const deadline = request.arrival + request.ttftSlo;
      if (deadline > now) {
        next = Math.min(next, deadline);
        continue;
      }
      this.#fail(
        request,
        queueRefusal.deadlineExceeded(
          request.ttftSlo,
          now - request.arrival,
          this.#retryAfter(this.#waiting.size),
        ),
      );
    }
    this.#expiryTimer.clear();
    if (Number.isFinite(next)) this.#armExpiry(next);
  }

  /** A pump at `deadline` (clock seconds), unless one is armed earlier. Never keeps the process up. */
  #armExpiry(deadline: number): void {
    if (this.#options.limits.rejectPastDeadline !== false) this.#expiryTimer.arm(deadline);
  }

  #activeTenants(): Set<string> {
    const active = new Set<string>();
    for (const list of [this.#waiting, ...this.slots.map((s) => s.running)])
      for (let r = list.first; r !== undefined; r = r.listNext) active.add(r.tenant);
    return active;
  }

  /** Free concurrent sequences over every backend (Infinity when one is unlimited). */
  #freeSeqs(): number {
    let free = 0;
    for (const slot of this.slots) free += slot.freeSeqs;
    return free;
  }

  #retryAfter(ahead: number): number {
    return retryAfterSeconds(this.slots, ahead, this.#meanService);
  }
}
