/** RequestList: insertion order, O(1) delete anywhere, links cleared on removal, one list at a time. */
import { describe, expect, it } from 'vitest';
import { requestId } from '../core/ids.js';
import { seconds } from '../core/units.js';
import { GatewayRequest } from './gateway-request.js';
import { RequestList } from './request-list.js';

const make = (n: number): GatewayRequest[] =>
  Array.from(
    { length: n },
    (_, i) =>
      new GatewayRequest({
        id: requestId(`r${i}`),
        seq: i,
        arrival: seconds(i),
        tenant: 't',
        model: 'm',
        promptTokens: 4,
        maxTokens: 8,
        priority: 0,
        sloClass: 'default',
        prefixHashes: [],
      }),
  );
const ids = (list: RequestList): string[] => list.toArray().map((r) => r.id);

describe('RequestList', () => {
  it('keeps insertion order through deletes at the front, middle and back', () => {
    const rs = make(5);
    const list = new RequestList();
    for (const r of rs) list.add(r);
    expect(ids(list)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(list.delete(rs[2] as GatewayRequest)).toBe(true);
    expect(list.delete(rs[0] as GatewayRequest)).toBe(true);
    expect(list.delete(rs[4] as GatewayRequest)).toBe(true);
    expect(ids(list)).toEqual(['r1', 'r3']);
    expect(list.size).toBe(2);
    list.add(rs[0] as GatewayRequest);
    expect(ids(list)).toEqual(['r1', 'r3', 'r0']);
    expect(list.first?.id).toBe('r1');
  });

  it('clears a removed request links, so nothing dead points at a live request', () => {
    const [a, b, c] = make(3) as [GatewayRequest, GatewayRequest, GatewayRequest];
    const list = new RequestList();
    list.add(a);
    list.add(b);
    list.add(c);
    list.delete(b);
    expect([b.list, b.listPrev, b.listNext]).toEqual([undefined, undefined, undefined]);
    expect(a.listNext).toBe(c);
    expect(c.listPrev).toBe(a);
    list.delete(a);
    list.delete(c);
    expect(list.size).toBe(0);
    expect(list.first).toBeUndefined();
    expect([a.listNext, c.listPrev]).toEqual([undefined, undefined]);
  });

  it('holds a request in one list at a time; delete from another list is a no-op', () => {
    const [a] = make(1) as [GatewayRequest];
    const waiting = new RequestList();
    const running = new RequestList();
    waiting.add(a);
    expect(() => running.add(a)).toThrow(/already in a list/);
    expect(running.delete(a)).toBe(false);
    expect(waiting.has(a)).toBe(true);
    waiting.delete(a);
    running.add(a);
    expect([waiting.has(a), running.has(a), waiting.size, running.size]).toEqual([
      false,
      true,
      0,
      1,
    ]);
  });
});
