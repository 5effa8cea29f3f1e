/** The local engine's default KV tokens per slot: 2,048, never more than the model was trained on. */
import { describe, expect, it } from 'vitest';
import { defaultContextPerSlot } from './llama-runtime.js';

describe('defaultContextPerSlot', () => {
  it('is 2,048 unless the trained context is smaller', () => {
    expect(defaultContextPerSlot(4096)).toBe(2048);
    expect(defaultContextPerSlot(2048)).toBe(2048);
    expect(defaultContextPerSlot(1024)).toBe(1024);
  });

  it('is 2,048 when the model does not say (0 or absent)', () => {
    expect(defaultContextPerSlot(0)).toBe(2048);
    expect(defaultContextPerSlot(undefined)).toBe(2048);
  });
});
