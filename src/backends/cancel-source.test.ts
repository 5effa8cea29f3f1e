/**
 * CancelSource against the EventEmitter it replaced (same listener order, once, removal during a
 * run, duplicates, exceptions), and as an undici request `signal` (abort ends the exchange; no
 * listener left behind after a normal or an aborted exchange).
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSource } from './cancel-source.js';

/** The EventEmitter-based source this class replaced (abort = emit once). */
class EmitterSource extends EventEmitter {
  aborted = false;
  onAbort: (() => void) | undefined = undefined;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const handler = this.onAbort;
    this.onAbort = undefined;
    handler?.();
    this.emit('abort');
  }
}

type Source = CancelSource | EmitterSource;

/** A scenario: wires listeners that append to `log`, then aborts (maybe twice). */
type Scenario = (source: Source, log: string[]) => void;

const scenarios: Record<string, Scenario> = {
  'order, on and once': (s, log) => {
    s.on('abort', () => log.push('a'));
    s.once('abort', () => log.push('b'));
    s.addListener('abort', () => log.push('c'));
    s.onAbort = () => log.push('handler');
    s.abort();
    s.abort();
    log.push(`count ${s.listenerCount('abort')}`);
  },
  'the same function twice, off removes the last': (s, log) => {
    const f = () => log.push('f');
    const g = () => log.push('g');
    s.on('abort', f);
    s.on('abort', g);
    s.once('abort', f);
    s.off('abort', f);
    s.abort();
    log.push(`count ${s.listenerCount('abort')}`);
  },
  'removed and added while running: no change for that run': (s, log) => {
    const later = () => log.push('later');
    s.on('abort', () => {
      log.push('first');
      s.off('abort', later);
      s.on('abort', () => log.push('added'));
    });
    s.on('abort', later);
    s.abort();
    log.push(`count ${s.listenerCount('abort')}`);
  },
  'once removed by off before the abort': (s, log) => {
    const f = () => log.push('f');
    s.once('abort', f);
    s.removeListener('abort', f);
    s.abort();
    log.push(`count ${s.listenerCount('abort')}`);
  },
  'an exception stops the later listeners and propagates': (s, log) => {
    s.on('abort', () => log.push('one'));
    s.once('abort', () => {
      throw new Error('boom');
    });
    s.on('abort', () => log.push('never'));
    try {
      s.abort();
    } catch (error) {
      log.push((error as Error).message);
    }
    log.push(`aborted ${s.aborted} count ${s.listenerCount('abort')}`);
  },
  'listeners see the source as this': (s, log) => {
    s.on('abort', function (this: unknown) {
      log.push(String(this === s));
    });
    s.abort();
  },
  'a listener added after the abort never runs': (s, log) => {
    s.abort();
    s.on('abort', () => log.push('late'));
    s.abort();
    log.push(`count ${s.listenerCount('abort')}`);
  },
};

describe('CancelSource', () => {
  it.each(Object.keys(scenarios))('behaves as the EventEmitter source: %s', (name) => {
    const scenario = scenarios[name] as Scenario;
    const mine: string[] = [];
    const reference: string[] = [];
    scenario(new CancelSource(), mine);
    scenario(new EmitterSource(), reference);
    expect(mine).toEqual(reference);
  });
});

describe('CancelSource as an undici signal', () => {
  let server: Server;
  let pool: Pool;
  const held: ServerResponse[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/hold') held.push(res);
      else res.end('done');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['CancelSource', () => new CancelSource()],
    ['the EventEmitter source', () => new EmitterSource()],
  ])('%s: an abort ends a held exchange; no listener is left behind', async (_name, make) => {
    const done = make();
    const response = await pool.request({ path: '/', method: 'GET', signal: done });
    expect(await response.body.text()).toBe('done');
    await new Promise((resolve) => setImmediate(resolve));
    const afterDone = done.listenerCount('abort');

    const cancel = make();
    const pending = pool.request({ path: '/hold', method: 'GET', signal: cancel });
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    held.length = 0;
    expect(cancel.listenerCount('abort')).toBe(1);
    cancel.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    expect([afterDone, cancel.listenerCount('abort')]).toEqual([0, 0]);
  });

  it('an aborted source refuses the request at once', async () => {
    const cancel = new CancelSource();
    cancel.abort();
    await expect(pool.request({ path: '/', method: 'GET', signal: cancel })).rejects.toThrow(
      /aborted/i,
    );
  });
});
