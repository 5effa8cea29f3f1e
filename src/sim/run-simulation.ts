/**
 * The engine simulator: replays requests through N replicas of a vLLM-v1-like engine behind a
 * router, and returns per-request records plus the RunSummary. A pure function of its inputs
 * (and `seed`): SimPy-like determinism, a virtual clock and one event heap keyed
 * (time, event rank, insertion) — step ends before arrivals before planning at equal times.
 *
 * @example
 * const { summary } = runSimulation({ requests, policy: 'vllm-fcfs', model: 'llama-3-8b', gpu: 'h100' });
 */

import { VirtualClock } from '../core/clock.js';
import { SchedulerError } from '../core/errors.js';
import { EventHeap } from '../core/event-heap.js';
import type { SchedRequest } from '../core/request.js';
import type { EngineLimits, PolicyNeed } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import { checkRequestNeeds, requestFields } from '../executor/check-policy-needs.js';
import { predictionDistribution } from '../executor/prediction-distribution.js';
import { RecordColumns } from '../metrics/record-columns.js';
import type { RequestRecord } from '../metrics/request-record.js';
import type { RunSummary } from '../metrics/run-summary.js';
import { summarizeRecords } from '../metrics/summarize-records.js';
import { sloClassKey, TbtByClass } from '../metrics/token-gaps.js';
import type { BatchPolicy, BatchPolicyOptions } from '../policies/batch/batch-policy.js';
import { resolveBatchPolicy } from '../policies/batch/registry.js';
import { createRouter } from '../policies/routing/router-registry.js';
import { parsePredictorSpec } from '../predictors/parse-predictor.js';
import type { LengthPredictor, PredictorInput } from '../predictors/predictor.js';
import type { EngineProfile } from './cost/cost-model.js';
import { createEngineProfile } from './cost/engine-profiles.js';
import { Replica, simulatorSupply } from './engine/replica.js';
import { ReplicaLoadView } from './engine/replica-load-view.js';
import { baseRecord, toRecord } from './engine/request-records.js';
import { SimSeq } from './engine/sim-seq.js';
import { createPrefixKeys } from './kv/prefix-keys.js';
import { createPrefixTier } from './kv/prefix-tier.js';
import type { SimulationOptions, SimulationResult } from './simulation-options.js';

export type { SimulationOptions, SimulationResult } from './simulation-options.js';

type SimEvent =
  | { readonly type: 'step-end'; readonly replica: number }
  | { readonly type: 'request-arrive'; readonly index: number }
  | { readonly type: 'replica-wake'; readonly replica: number };

const eventRank = { 'step-end': 0, 'request-arrive': 1, 'replica-wake': 2 } as const;

function hasRequestNeeds(needs: ReadonlySet<PolicyNeed>): boolean {
  return requestFields.some((field) => needs.has(field));
}

export function defaultLimits(profile: EngineProfile, gpu: string | undefined): EngineLimits {
  const big = gpu === undefined || gpu === 'h100';
  return {
    maxBatchedTokens: big ? 8192 : 2048,
    maxSeqs: big ? 1024 : 256,
    chunkCap: 0,
    blockSize: profile.blockSize,
    totalBlocks: profile.kvBlocks,
    watermarkBlocks: Math.floor(profile.kvBlocks * 0.01),
  };
}

export function runSimulation(options: SimulationOptions): SimulationResult {
  const wallStart = options.wallClock?.() ?? 0;
  const seed = options.seed ?? 0;
  const profile =
    options.profile ??
    createEngineProfile({
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.gpu !== undefined ? { gpu: options.gpu } : {}),
      ...(options.costModel !== undefined ? { costModel: options.costModel } : {}),
      ...(options.tp !== undefined ? { tp: options.tp } : {}),
    });
  const limits: EngineLimits = { ...defaultLimits(profile, options.gpu), ...options.limits };
  const policyOptions: BatchPolicyOptions = {
    ...options.policyOptions,
    ...(options.preemptMode !== undefined ? { preemptMode: options.preemptMode } : {}),
  };
  const replicaCount = options.replicas ?? 1;
  if (!Number.isInteger(replicaCount) || replicaCount < 1) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `replicas must be an integer >= 1 (got ${replicaCount})`,
    );
  }
  const policies = Array.from({ length: replicaCount }, () =>
    resolveBatchPolicy(options.policy, policyOptions),
  );
  const needs = new Set(policies[0]?.needs ?? []);
  const wantsPrediction =
    needs.has('predictedSize') || needs.has('predictedRemaining') || needs.has('sizeDistribution');
  const predictor: LengthPredictor | undefined =
    typeof options.predictor === 'string'
      ? parsePredictorSpec(options.predictor, { seed })
      : (options.predictor ??
        (wantsPrediction ? parsePredictorSpec('oracle', { seed }) : undefined));
  // the simulator knows the truth and defaults to the oracle predictor: every field is suppliable
  // except what the requests themselves must carry (checked here, before any step)
  if (hasRequestNeeds(needs)) {
    for (const request of options.requests) {
      checkRequestNeeds(policies[0] as BatchPolicy, request.id, {
        prefixHashes: request.prefixHashes,
        group: request.group,
        tenant: request.tenant,
        priority: request.priority,
        ttftSlo: request.slo?.ttft ?? options.sloTtft,
        tbtSlo: request.slo?.tbt ?? options.sloTbt,
      });
    }
  }
  const router = createRouter(options.router ?? 'round-robin');
  // the model predictors are told about: the requested one, or the default preset's (none for a ready profile)
  const modelName = options.model ?? (options.profile ? undefined : 'llama-3-8b');
  const prefixMode = options.prefixCache ?? 'hash';
  const tierBlocks = Math.floor((options.hostTier?.tokens ?? 0) / limits.blockSize);
  const replicas = policies.map(
    (policy, i) =>
      new Replica(
        i,
        profile,
        limits,
        policy,
        prefixMode,
        simulatorSupply,
        tierBlocks > 0 && prefixMode !== 'none'
          ? createPrefixTier(tierBlocks, options.hostTier?.policy ?? 'llru')
          : undefined,
      ),
  );
  const onPlan = options.onPlan;
  if (onPlan) {
    for (const replica of replicas)
      replica.core.onPlan = (view, plan) => onPlan(replica.id, view, plan);
  }
  const keys = createPrefixKeys();
  const views = replicas.map((replica) => new ReplicaLoadView(replica, keys));
  const clock = new VirtualClock(0);
  const heap = new EventHeap<SimEvent>();
  const requests = options.requests;
  const order = requests
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (requests[a] as SchedRequest).arrivalTime - (requests[b] as SchedRequest).arrivalTime ||
        a - b,
    );
  const columns = options.keepRecords === false ? new RecordColumns(requests.length) : undefined;
  const records: (RequestRecord | undefined)[] = new Array(columns ? 0 : requests.length);
  const setRecord = (index: number, record: RequestRecord): void => {
    if (columns) columns.set(index, record);
    else records[index] = record;
  };
  const seqs: (SimSeq | undefined)[] = new Array(requests.length);
  const kvTimeline: { time: number; replica: number; utilization: number }[] = [];
  const lastSample = replicas.map(() => Number.NEGATIVE_INFINITY);
  const sampleEvery = options.kvSampleSeconds ?? 1;
  let admitted = 0;
  // arrivals are pushed lazily, one at a time, in arrival order
  let nextArrival = 0;
  let pendingArrivalAt = Number.POSITIVE_INFINITY;
  const pushNextArrival = (): void => {
    if (nextArrival >= order.length) {
      pendingArrivalAt = Number.POSITIVE_INFINITY;
      return;
    }
    const index = order[nextArrival++] as number;
    pendingArrivalAt = (requests[index] as SchedRequest).arrivalTime;
    heap.push((requests[index] as SchedRequest).arrivalTime, eventRank['request-arrive'], {
      type: 'request-arrive',
      index,
    });
  };
  pushNextArrival();
  const wake = (replica: Replica, at: number): void => {
    if (replica.busy || replica.wakePending) return;
    wakeAt(replica, at);
  };
  function wakeAt(replica: Replica, at: number): void {
    replica.wakePending = true;
    heap.push(at, eventRank['replica-wake'], { type: 'replica-wake', replica: replica.id });
  }
  const keepTokenTimes = options.keepTokenTimes ?? false;
  const tbt = new TbtByClass();
  // a request that leaves is reduced to its record at once (its token times are dropped)
  const onFinished = (finished: readonly SimSeq[]): void => {
    for (const done of finished) {
      if (predictor && done.predictorInput) predictor.observe(done.predictorInput, done.generated);
      const request = done.request;
      const sketch =
        done.generated >= done.target
          ? tbt.sketch(
              sloClassKey(request.slo?.ttft ?? options.sloTtft, request.slo?.tbt ?? options.sloTbt),
            )
          : undefined;
      setRecord(done.traceIndex, toRecord(request, done, keepTokenTimes, sketch));
      seqs[done.traceIndex] = undefined;
      done.dropTokenTimes();
    }
  };
  const sample = (replica: Replica, at: number): void => {
    if (at - (lastSample[replica.id] as number) < sampleEvery) return;
    lastSample[replica.id] = at;
    kvTimeline.push({
      time: at,
      replica: replica.id,
      utilization: replica.pool.usedBlocks / replica.pool.total,
    });
  };
  const fastForward =
    options.fastForward ?? policies.every((policy) => policy.decodeStable === true);
  const maxBlocksUsable = limits.totalBlocks - limits.watermarkBlocks;

  const onProgress = options.onProgress;
  let events = 0;
  for (let event = heap.pop(); event; event = heap.pop()) {
    if (onProgress !== undefined && (++events & 0xffff) === 0)
      onProgress(nextArrival, order.length);
    const now = event.at as Seconds;
    clock.advanceTo(now);
    const value = event.value;
    switch (value.type) {
      case 'request-arrive': {
        pushNextArrival();
        const request = requests[value.index] as SchedRequest;
        const needBlocks = Math.ceil(
          (request.promptTokens + Math.max(1, request.outputTokens)) / limits.blockSize,
        );
        const seq = admitted++;
        if (needBlocks > maxBlocksUsable) {
          setRecord(value.index, {
            ...baseRecord(request, -1),
            error: {
              kind: 'kv-capacity',
              message: `request ${request.id} needs ${needBlocks} KV blocks (prompt ${request.promptTokens} + output ${request.outputTokens} tokens), more than the ${maxBlocksUsable} usable`,
            },
          });
          break;
        }
        const routingRequest = {
          seq,
          promptTokens: request.promptTokens,
          ...(request.prefixHashes ? { prefixHashes: request.prefixHashes } : {}),
        };
        const target = replicaCount === 1 ? 0 : (router.route(routingRequest, views) as number);
        const replica = replicas[target] as Replica;
        const sim = new SimSeq({
          request,
          traceIndex: value.index,
          seq,
          replica: target,
          pool: replica.pool,
          ...(replica.tier ? { tier: replica.tier } : {}),
          blockSize: limits.blockSize,
          epoch: replica.epoch,
          chainKeys: request.prefixHashes ? keys.chain(request.prefixHashes) : [],
          uniqueBase: keys.reserve(needBlocks + 2),
          maxBlocks: needBlocks,
          sloTtft: options.sloTtft,
          sloTbt: options.sloTbt,
        });
        if (needs.has('size')) sim.size = sim.target;
        if (predictor) {
          // the same input goes to predict now and to observe when the request finishes
          const input: PredictorInput = {
            id: request.id,
            promptTokens: request.promptTokens,
            outputTokens: request.outputTokens,
            ...(modelName !== undefined ? { model: modelName } : {}),
            ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
            ...(request.group !== undefined ? { group: request.group } : {}),
            ...(request.tenant !== undefined ? { tenant: request.tenant } : {}),
            ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
          };
          sim.predictorInput = input;
          const prediction = predictor.predict(input);
          sim.predictedSize = prediction.mean;
          sim.predictionCost = prediction.costSeconds;
          if (options.refinePredictions) sim.predictedRemaining = prediction.mean;
          if (needs.has('sizeDistribution'))
            sim.sizeDistribution = predictionDistribution(prediction);
        }
        seqs[value.index] = sim;
        replica.add(sim);
        wake(replica, now);
        break;
      }
      case 'step-end': {
        const replica = replicas[value.replica] as Replica;
        replica.busy = false;
        onFinished(replica.finishStep(now));
        wake(replica, now);
        break;
      }
      case 'replica-wake': {
        const replica = replicas[value.replica] as Replica;
        replica.wakePending = false;
        if (replica.busy) break;
        let duration = replica.startStep(now);
        if (duration === null) break;
        let start: number = now;
        sample(replica, start);
        // decode fast-forward: repeat an all-decode batch while no arrival can change the plan
        if (fastForward) {
          for (;;) {
            const end = start + duration;
            if (!(end < pendingArrivalAt)) break;
            const finished = replica.finishStep(end as Seconds);
            if (finished.length > 0) {
              onFinished(finished);
              duration = null;
              start = end;
              break;
            }
            const next = replica.repeatDecodeStep(end as Seconds);
            start = end;
            if (next === null) {
              duration = null;
              break;
            }
            duration = next;
            sample(replica, start);
          }
        }
        if (duration === null) {
          wakeAt(replica, start);
          break;
        }
        replica.busy = true;
        heap.push(start + duration, eventRank['step-end'], {
          type: 'step-end',
          replica: replica.id,
        });
        break;
      }
      default:
        break;
    }
  }

  for (const replica of replicas) replica.drain();
  requests.forEach((request, index) => {
    if (columns ? columns.has(index) : records[index]) return;
    const sim = seqs[index];
    setRecord(
      index,
      sim
        ? toRecord(request, sim, keepTokenTimes)
        : { ...baseRecord(request, -1), error: { kind: 'stalled', message: 'never admitted' } },
    );
  });
  const stats = replicas.map((replica) => replica.stats);
  const preemptions = stats.reduce((sum, s) => sum + s.preemptions, 0);
  const looked = stats.reduce((sum, s) => sum + s.promptTokensLooked, 0);
  const hit = stats.reduce((sum, s) => sum + s.promptTokensHit, 0);
  const { summary: base, detail } = summarizeRecords(columns ?? (records as RequestRecord[]), {
    policy: options.policy,
    ...(options.sloTtft !== undefined ? { sloTtft: options.sloTtft } : {}),
    ...(options.sloTbt !== undefined ? { sloTbt: options.sloTbt } : {}),
    preemptions,
    prefixHitRate: looked > 0 ? hit / looked : 0,
    tbt,
  });
  const kvBlockSeconds = stats.reduce((sum, s) => sum + s.kvBlockSeconds, 0);
  const span = base.durationSeconds * replicaCount * limits.totalBlocks;
  const summary: RunSummary = {
    ...base,
    meanKvUtilization: span > 0 ? kvBlockSeconds / span : 0,
    wallSeconds: options.wallClock ? (options.wallClock() - wallStart) / 1000 : 0,
  };
  return {
    summary,
    detail,
    records: records as RequestRecord[],
    replicas: stats,
    kvTimeline,
    profile: profile.cost.name,
    limits,
  };
}
