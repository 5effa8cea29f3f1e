/** Tests of the intrusive key lists under the host tier's policies (tier-key-lists.ts). */
import { describe, expect, it } from 'vitest';
import { absentList, TierKeyLists } from './tier-key-lists.js';

describe('tier key lists', () => {
  it('appends, moves between lists, removes, and reports the oldest key of each list', () => {
    const lists = new TierKeyLists(2);
    for (const key of [5, 3, 9]) lists.append(key, 0);
    lists.append(3, 1); // moved out of list 0
    expect([lists.size(0), lists.size(1)]).toEqual([2, 1]);
    expect(lists.oldest(0)).toBe(5);
    lists.append(5, 0); // refreshed: 9 is now the oldest
    expect(lists.oldest(0)).toBe(9);
    lists.remove(9);
    expect([lists.oldest(0), lists.listOf(9), lists.listOf(3)]).toEqual([5, absentList, 1]);
    lists.append(5000, 1); // grows its arrays
    lists.setMark(5000, 3);
    expect([lists.size(1), lists.mark(5000), lists.mark(123456)]).toEqual([2, 3, 0]);
  });
});
