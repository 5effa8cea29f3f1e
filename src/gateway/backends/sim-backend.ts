/**
 * The engine simulator as a gateway backend, paced in real time: one `Replica` of the simulator
 * (sim/engine: vLLM-v1-like continuous batching, paged KV, prefix cache, the cost model of a
 * virtual H100 running llama-3-8b by default) whose steps take their modelled duration on the wall
 * clock (divided by `speed`). A virtual GPU for demos and load tests.
 *
 * Output: `max_tokens` tokens when the body says `ignore_eos: true`; otherwise a length drawn from
 * a log-normal (median `medianOutputTokens`, sigma 1) seeded by the prompt text, so the same prompt
 * always gets the same length (a signal a learned predictor can pick up), capped at max_tokens.
 * Prompt tokens are estimated as characters / 4. Tokens are the words `w0 w1 ...`.
 * A cancelled request stops streaming at once and leaves the simulated engine at the next step
 * boundary (`ExecutorCore.remove`: its KV is freed), as a real engine aborts a request.
 */

import type { Backend, BackendRequest } from '../../backends/backend.js';
import type { CancelSource } from '../../backends/cancel-source.js';
import type { Clock } from '../../core/clock.js';
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { type Seconds, seconds, tokens } from '../../core/units.js';
import { TokenStream } from '../../engines/local/token-stream.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { hashString } from '../../predictors/learned/feature-hasher.js';
import { createEngineProfile } from '../../sim/cost/engine-profiles.js';
import { Replica } from '../../sim/engine/replica.js';
import { SimSeq } from '../../sim/engine/sim-seq.js';
import { createPrefixKeys } from '../../sim/kv/prefix-keys.js';
import { defaultLimits } from '../../sim/run-simulation.js';
import type { BackendConfig } from '../gateway-config.js';
import { identityOf, textEvents } from './token-text-stream.js';

type SimConfig = Extract<BackendConfig, { kind: 'sim' }>;

interface Live {
  readonly seq: SimSeq;
  readonly deltas: TokenStream<string>;
  emitted: number;
  cancelled: boolean;
  resolve: () => void;
}

/** Output length of a prompt when EOS is not ignored: deterministic per prompt text. */
export function simOutputLength(promptText: string, median: number, maxTokens: number): number {
  const h = hashString(promptText);
  const u1 = ((h & 0xffff) + 0.5) / 65536;
  const u2 = (((h >>> 16) & 0xffff) + 0.5) / 65536;
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(1, Math.min(maxTokens, Math.round(median * Math.exp(z))));
}

export interface SimBackend extends Backend {
  /** Requests inside the simulated engine (waiting or running). */
  simulated(): number;
  /** Requests removed from the simulated engine unfinished because their client left. */
  dropped(): number;
}

export function createSimBackend(config: SimConfig, name: string, clock: Clock): SimBackend {
  const profile = createEngineProfile({ model: config.model, gpu: config.gpu });
  const limits = defaultLimits(profile, config.gpu);
  const replica = new Replica(0, profile, limits, resolveBatchPolicy('vllm-fcfs'), 'hash');
  const keys = createPrefixKeys();
  const live = new Map<string, Live>();
  let seq = 0;
  let looping = false;
  let wake: (() => void) | undefined;
  let closed = false;
  let virtualNow = 0;
  let dropped = 0;
  const now = (): Seconds => {
    virtualNow = Math.max(virtualNow, clock.now() * config.speed);
    return seconds(virtualNow);
  };

  async function loop(): Promise<void> {
    looping = true;
    try {
      while (!closed && replica.outstanding > 0) {
        const start = now();
        const duration = replica.startStep(start);
        if (duration === null) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 5);
          });
          continue;
        }
        if (duration > 0) await clock.sleep(seconds(duration / config.speed));
        virtualNow = Math.max(virtualNow, start + duration);
        const finished = replica.finishStep(seconds(start + duration));
        for (const [id, entry] of live) {
          // a cancelled request leaves the simulated engine between steps (its KV freed), as a
          // real engine aborts it
          if (entry.cancelled && !entry.seq.finished) {
            replica.core.remove(entry.seq, seconds(virtualNow));
            live.delete(id);
            dropped++;
          } else emit(entry);
        }
        for (const done of finished) {
          const entry = live.get(done.id);
          if (!entry) continue;
          live.delete(done.id);
          entry.deltas.close();
          entry.resolve();
        }
      }
    } finally {
      looping = false;
    }
  }

  function emit(entry: Live): void {
    while (entry.emitted < entry.seq.generated) {
      if (!entry.cancelled) entry.deltas.push(`${entry.emitted === 0 ? '' : ' '}w${entry.emitted}`);
      entry.emitted++;
    }
  }

  async function* start(request: BackendRequest, signal: CancelSource) {
    const promptTokens = Math.max(1, Math.ceil(request.promptText.length / 4));
    const output =
      request.body['ignore_eos'] === true
        ? request.maxTokens
        : simOutputLength(request.promptText, config.medianOutputTokens, request.maxTokens);
    const sched: SchedRequest = {
      id: requestId(`${request.id}`),
      arrivalTime: now(),
      promptTokens: tokens(promptTokens),
      outputTokens: tokens(output),
      maxTokens: tokens(request.maxTokens),
      priority: request.priority,
    };
    const need = Math.ceil((promptTokens + output) / limits.blockSize);
    const simSeq = new SimSeq({
      request: sched,
      seq: seq++,
      replica: 0,
      pool: replica.pool,
      blockSize: limits.blockSize,
      epoch: replica.epoch,
      chainKeys: [],
      uniqueBase: keys.reserve(need + 2),
    });
    let resolve!: () => void;
    const finished = new Promise<void>((r) => {
      resolve = r;
    });
    const entry: Live = {
      seq: simSeq,
      deltas: new TokenStream<string>(),
      emitted: 0,
      cancelled: false,
      resolve,
    };
    live.set(simSeq.id, entry);
    const cancel = (): void => {
      entry.cancelled = true;
      entry.deltas.close();
      resolve();
    };
    signal.once('abort', cancel);
    replica.add(simSeq);
    if (wake) {
      const w = wake;
      wake = undefined;
      w();
    }
    if (!looping) void loop();
    const outcome = async () => {
      await finished;
      const finish = output < request.maxTokens ? ('stop' as const) : ('length' as const);
      return { finish, promptTokens, completionTokens: entry.emitted };
    };
    try {
      yield* textEvents(request, identityOf(request), entry.deltas, outcome);
    } finally {
      signal.off('abort', cancel);
    }
  }

  return {
    name,
    kind: 'sim',
    simulated: () => replica.outstanding,
    dropped: () => dropped,
    capacity: { maxConcurrent: config.maxConcurrent, maxTokensInFlight: 0 },
    models: [config.modelName],
    start,
    close: async () => {
      closed = true;
      for (const entry of live.values()) {
        entry.cancelled = true;
        entry.deltas.close();
        entry.resolve();
      }
    },
  };
}
