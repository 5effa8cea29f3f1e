/** Tests of the host tier's count-min frequency sketch (w-tinylfu's admission). */
import { describe, expect, it } from 'vitest';
import { TierFrequencySketch } from './tier-frequency-sketch.js';

describe('tier frequency sketch', () => {
  it('counts reads per key (never under), capped at 15', () => {
    const sketch = new TierFrequencySketch(1000);
    for (let i = 0; i < 5; i++) sketch.increment(7);
    sketch.increment(8);
    expect(sketch.frequency(7)).toBeGreaterThanOrEqual(5);
    expect(sketch.frequency(8)).toBeGreaterThanOrEqual(1);
    expect(sketch.frequency(7)).toBeGreaterThan(sketch.frequency(8));
    for (let i = 0; i < 30; i++) sketch.increment(9);
    expect(sketch.frequency(9)).toBe(15);
  });

  it('halves every counter after 10 x capacity counted reads', () => {
    const sketch = new TierFrequencySketch(100); // a sample of 1000 reads
    for (let i = 0; i < 8; i++) sketch.increment(1);
    expect(sketch.frequency(1)).toBe(8);
    for (let key = 1000; key < 1992; key++) sketch.increment(key); // the 1000th read halves
    // an estimate only grows between halvings (collisions add to it), so the drop is the halving
    expect(sketch.frequency(1)).toBeLessThan(8);
    expect(sketch.frequency(1)).toBeGreaterThanOrEqual(4);
  });
});
