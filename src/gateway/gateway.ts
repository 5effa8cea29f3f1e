/**
 * The scheduling gateway: an OpenAI-compatible HTTP server (Fastify) with the admission queue in
 * front of one or more backends.
 *
 *   POST /v1/chat/completions, /v1/completions   stream and non-stream
 *   GET  /v1/models, /health, /metrics (Prometheus), /v1/scheduler/state
 *
 * Why Fastify: it serves on Node's own http objects (no Request/Response conversion per call, as
 * Hono's node adapter does), so SSE is written straight to the socket and the per-request overhead
 * stays small; it brings a body size limit, a safe JSON parser (prototype poisoning refused) and
 * closing of keep-alive connections on shutdown.
 *
 * `close()` drains: new requests get 503, queued and running requests finish (up to
 * `drainTimeoutMs`, then they are cancelled), then the server and the backends close.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Backend } from '../backends/backend.js';
import type { Clock } from '../core/clock.js';
import type { PolicyNeed } from '../core/step-plan.js';
import { seconds } from '../core/units.js';
import { checkPolicyNeeds, type ExecutorSupply } from '../executor/check-policy-needs.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';
import { defaultBatchPolicyName } from '../policies/batch/default-policy.js';
import { resolveBatchPolicy } from '../policies/batch/registry.js';
import { vtcDefaults } from '../policies/fairness/vtc.js';
import { createRouter } from '../policies/routing/router-registry.js';
import type { CompletionClient } from '../predictors/completion-client.js';
import { AdmissionQueue } from './admission-queue.js';
import { BackendSlot } from './backend-slot.js';
import { CompletedRequests } from './completed-requests.js';
import { installCompletionFastPath } from './completion-fast-path.js';
import { handleCompletion, sendError } from './completion-handler.js';
import type { GatewayConfig } from './gateway-config.js';
import type { GatewayContext } from './gateway-context.js';
import { errorBody, GatewayError } from './gateway-error.js';
import { GatewayMetrics } from './gateway-metrics.js';
import {
  countingClient,
  createGatewayPredictor,
  type PredictionCost,
} from './gateway-predictor.js';
import { schedulerState } from './scheduler-state.js';
import { TenantAuth } from './tenant-auth.js';
import { TenantCounters } from './tenant-counters.js';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly backends: readonly Backend[];
  readonly clock: Clock;
  readonly unixNow: () => number;
  /** Unique per process (request ids are `${idPrefix}${seq}`). */
  readonly idPrefix: string;
  readonly log?: (line: string) => void;
  /** A log line per request (default: when `log` is given). */
  readonly logRequests?: boolean;
  /** The serving model as a CompletionClient, for LLM self-prediction. */
  readonly selfPredictClient?: CompletionClient;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly queue: AdmissionQueue;
  readonly metrics: GatewayMetrics;
  readonly policy: BatchPolicy;
  readonly predictionCost: PredictionCost;
  /** Listens on config host/port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Drains and closes (idempotent). */
  close(): Promise<void>;
}

/** What the gateway supplies to a policy (checked once, at start: executor/check-policy-needs.ts). */
export function gatewaySupplies(config: GatewayConfig): Set<PolicyNeed> {
  const supplies = new Set<PolicyNeed>([
    'promptTokens',
    'serviceSeconds',
    'prefixHashes',
    'group',
    'tenant',
    'priority',
    'ttftSlo',
  ]);
  if (config.predictor !== 'none' || config.selfPredictBackend !== undefined) {
    supplies.add('predictedSize');
    supplies.add('predictedRemaining');
  }
  return supplies;
}

/** What the gateway supplies, as the executor core's `ExecutorSupply` (with hints for refusals). */
export function gatewaySupply(config: GatewayConfig): ExecutorSupply {
  return {
    executor: 'the gateway',
    supplies: gatewaySupplies(config),
    hints: {
      predictedSize: 'set a predictor (--predictor learned)',
      predictedRemaining: 'set a predictor (--predictor learned)',
      size: 'a gateway never knows true output lengths; use a predicted policy',
    },
  };
}

/** The configured policy (default: the project's default), checked against what a gateway supplies. */
export function gatewayPolicy(config: GatewayConfig): BatchPolicy {
  const policy = resolveBatchPolicy(config.policy ?? defaultBatchPolicyName, {
    params: config.policyParams,
    dispatchOnly: true,
  });
  checkPolicyNeeds(policy, gatewaySupply(config));
  return policy;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, clock } = options;
  const log = options.log ?? (() => {});
  const policy = gatewayPolicy(config);
  const router = createRouter(config.router);
  const slots = options.backends.map((backend, i) => new BackendSlot(i, backend));
  const auth = new TenantAuth(config);
  const fairness =
    config.fairness === 'vtc' && config.tenants.length > 1
      ? new TenantCounters(vtcDefaults, (tenant) => auth.weight(tenant))
      : undefined;
  let metrics: GatewayMetrics | undefined;
  const queue = new AdmissionQueue({
    policy,
    supply: gatewaySupply(config),
    router,
    slots,
    clock,
    limits: config.queue,
    ...(fairness ? { fairness } : {}),
    onPolicyError: (error) => {
      metrics?.policyErrors.inc();
      log(`policy ${policy.name} failed, arrival order used: ${(error as Error).message}`);
    },
  });
  metrics = new GatewayMetrics({
    queueDepth: () => queue.waitingCount,
    running: () => Object.fromEntries(slots.map((s) => [s.name, s.running.size])),
  });
  const predictionCost: PredictionCost = { queries: 0, seconds: 0 };
  const selfClient = options.selfPredictClient
    ? countingClient(options.selfPredictClient, predictionCost)
    : undefined;
  const predictor = createGatewayPredictor(
    config.predictor,
    selfClient ? { client: selfClient, maxTokens: config.maxTokensLimit } : undefined,
  );
  const models = new Set<string>();
  let anyModel = false;
  for (const backend of options.backends) {
    if (backend.models.length === 0) anyModel = true;
    for (const model of backend.models) models.add(model);
  }
  let seq = 0;
  const inFlight = { count: 0 };
  const completed = new CompletedRequests(predictor);
  const ctx: GatewayContext = {
    config,
    queue,
    auth,
    predictor,
    metrics,
    completed,
    clock,
    unixNow: options.unixNow,
    models: anyModel ? new Set() : models,
    idPrefix: options.idPrefix,
    nextSeq: () => seq++,
    inFlight,
    logRequests: options.log !== undefined && options.logRequests !== false,
    log,
  };
  const gatewayMetrics = metrics;
  let lastSelfSeconds = 0;
  let lastSelfQueries = 0;
  const syncSelfCost = (): void => {
    gatewayMetrics.selfPredictionSeconds.inc(predictionCost.seconds - lastSelfSeconds);
    gatewayMetrics.selfPredictions.inc(predictionCost.queries - lastSelfQueries);
    lastSelfSeconds = predictionCost.seconds;
    lastSelfQueries = predictionCost.queries;
  };

  const app = Fastify({
    bodyLimit: config.maxBodyBytes,
    logger: false,
    // close() runs only after the drain (in-flight requests done): then every connection goes,
    // not only idle ones (a connection whose stream the client aborted could otherwise hold
    // close() for the keep-alive timeout, 72 s)
    forceCloseConnections: true,
  });
  let draining = false;
  /** The error handler's reply to a Fastify error (a 4xx keeps its message and code). */
  const frameworkError = (raw: unknown): { status: number; body: string } => {
    const error = raw as { statusCode?: number; message?: string; code?: string };
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) log(`internal error: ${error.message ?? String(raw)}`);
    return {
      status,
      body:
        status === 500
          ? errorBody('internal gateway error', 'server_error', 'internal_error')
          : errorBody(
              error.message ?? 'invalid request',
              'invalid_request_error',
              error.code ?? 'invalid_request',
            ),
    };
  };
  app.setErrorHandler((raw, _request, reply) => {
    const { status, body } = frameworkError(raw);
    reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .type('application/json')
      .send(
        errorBody(
          `no route ${request.method} ${request.url.split('?')[0]}`,
          'invalid_request_error',
          'not_found',
        ),
      );
  });
  for (const [path, kind] of [
    ['/v1/chat/completions', 'chat'],
    ['/v1/completions', 'completion'],
  ] as const) {
    app.post(path, async (request, reply) => {
      reply.hijack();
      await handleCompletion(ctx, kind, request.raw, reply.raw, request.body);
    });
  }
  // the common completion request skips Fastify's router and body pipeline (same answers)
  let frameworkClosing = false;
  app.addHook('preClose', (done) => {
    frameworkClosing = true;
    done();
  });
  installCompletionFastPath(app, {
    bodyLimit: config.maxBodyBytes,
    handle: (kind, req, res, body) => handleCompletion(ctx, kind, req, res, body),
    refuse: frameworkError,
    closing: () => frameworkClosing,
    log,
  });
  app.get('/v1/models', async (_request, reply) => {
    const data = [...models].map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'llmsched',
    }));
    reply.type('application/json').send(JSON.stringify({ object: 'list', data }));
  });
  app.get('/health', async (_request, reply) => {
    reply.code(draining ? 503 : 200).send({
      status: draining ? 'draining' : 'ok',
      waiting: queue.waitingCount,
      running: queue.runningCount,
    });
  });
  app.get('/metrics', async (_request, reply) => {
    syncSelfCost();
    completed.flush();
    reply.type(gatewayMetrics.registry.contentType).send(await gatewayMetrics.registry.metrics());
  });
  app.get('/v1/scheduler/state', async (request, reply) => {
    try {
      const viewer = auth.authenticate(request.raw.headers);
      reply
        .type('application/json')
        .send(JSON.stringify(schedulerState(queue, viewer, clock.now(), policy.name, draining)));
    } catch (error) {
      reply.hijack();
      sendError(ctx, reply.raw, error, 'unknown');
    }
  });

  let closing: Promise<void> | undefined;
  async function drain(): Promise<void> {
    draining = true;
    queue.close();
    const deadline = clock.now() + config.drainTimeoutMs / 1000;
    while (inFlight.count > 0 && clock.now() < deadline) await clock.sleep(seconds(0.01));
    if (inFlight.count > 0) {
      log(
        `drain: ${inFlight.count} requests still in flight after ${config.drainTimeoutMs} ms; cancelling`,
      );
      queue.failAll(new GatewayError(503, 'server_error', 'shutdown', 'the gateway shut down'));
    }
    // closing the backends ends what still runs (each request then ends with an error)
    for (const backend of options.backends) await backend.close();
    const last = clock.now() + 1;
    while (inFlight.count > 0 && clock.now() < last) await clock.sleep(seconds(0.01));
    completed.flush();
    await app.close();
  }
  return {
    app,
    queue,
    metrics: gatewayMetrics,
    policy,
    predictionCost,
    async listen() {
      const address = await app.listen({ host: config.host, port: config.port });
      return address.replace('[::1]', 'localhost');
    },
    close() {
      closing ??= drain();
      return closing;
    },
  };
}
