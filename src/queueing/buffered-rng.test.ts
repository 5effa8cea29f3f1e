/** Bulk draws change speed, never values: the M/G/1 results stay identical. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { BufferedRng } from './buffered-rng.js';

describe('BufferedRng and Rng.fill', () => {
  it('fill gives the values nextUint32 would, and the stream continues after them', () => {
    const bulk = createRng(7);
    const single = createRng(7);
    const block = new Uint32Array(1000);
    bulk.fill(block);
    for (let i = 0; i < block.length; i++) expect(block[i]).toBe(single.nextUint32());
    expect(bulk.next()).toBe(single.next());
  });

  it('reads the same next() and nextUint32() sequence as its source, across block refills', () => {
    const buffered = new BufferedRng(createRng(3).fork('service'));
    const plain = createRng(3).fork('service');
    for (let i = 0; i < 5000; i++) {
      if (i % 3 === 0) expect(buffered.nextUint32()).toBe(plain.nextUint32());
      else expect(buffered.next()).toBe(plain.next());
    }
    expect(buffered.seed).toBe(plain.seed);
    expect(buffered.fork('x').next()).toBe(createRng(3).fork('service').fork('x').next());
  });
});
