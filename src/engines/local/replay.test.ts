/**
 * Engine replay: engine errors mapped to metrics error kinds, and progress reported at every
 * request end.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { SchedulerError } from '../../core/errors.js';
import { type RequestId, requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { seconds, tokens } from '../../core/units.js';
import type { LocalEngine } from './local-engine.js';
import { errorKind, replayTrace } from './replay.js';

describe('replay error kinds', () => {
  it('maps engine errors to metrics error kinds', () => {
    expect(errorKind(new SchedulerError('CANCELLED', 'cancelled'))).toBe('cancelled');
    expect(errorKind(new SchedulerError('CAPACITY_EXCEEDED', 'prompt too long'))).toBe(
      'kv-capacity',
    );
    expect(errorKind(new SchedulerError('ENGINE_FAILURE', 'decode failed'))).toBe('engine-failure');
    expect(errorKind(new Error('anything else'))).toBe('engine-failure');
  });
});

describe('replayTrace progress', () => {
  /** An engine that finishes request i after i + 1 ticks and refuses a prompt of 0 tokens. */
  function fakeEngine(): LocalEngine {
    const engine = {
      stepLog: [],
      stats: {},
      submit(request: { id: RequestId; prompt: readonly number[]; maxTokens: number }) {
        if (request.prompt.length === 0) {
          throw new SchedulerError('CAPACITY_EXCEEDED', 'empty prompt');
        }
        const record = {
          id: request.id,
          arrivalTime: seconds(0),
          promptTokens: request.prompt.length,
          outputTokens: request.maxTokens,
          finishedAt: seconds(1),
          tokenTimes: [seconds(1)],
          preemptions: 0,
          cachedTokens: 0,
          finishReason: 'length' as const,
        };
        return { result: Promise.resolve({ record, tokens: [1] }) };
      },
    };
    return engine as unknown as LocalEngine;
  }

  it('reports every request end, completed or refused, counting up to the total', async () => {
    const requests: SchedRequest[] = [0, 1, 2, 3].map((i) => ({
      id: requestId(`r${i}`),
      arrivalTime: seconds(i * 0.5),
      promptTokens: tokens(i === 2 ? 0 : 4),
      outputTokens: tokens(1),
    }));
    const seen: number[] = [];
    const result = await replayTrace({
      engine: fakeEngine(),
      clock: new VirtualClock(),
      requests,
      promptOf: (request) => Array.from({ length: request.promptTokens }, () => 7),
      onProgress: (ended) => seen.push(ended),
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(result.records.map((record) => record.error?.kind ?? 'ok')).toEqual([
      'ok',
      'ok',
      'kv-capacity',
      'ok',
    ]);
  });
});
