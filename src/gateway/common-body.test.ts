/**
 * The fast check of common completion bodies never accepts what the zod schemas refuse, and zod
 * returns such bodies unchanged (so skipping it changes nothing); typical bodies take the fast path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommonBody } from './common-body.js';
import { bodySchemas } from './openai-request.js';

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 4 }),
  fc.constantFrom(0, -0, 1, 2, 0.5, -1, 3, 1e6, -1e6, 1e6 + 1, 2 ** 53, 1.5, 256, 257),
  fc.constant([]),
  fc.constant({}),
);
const text = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constant('x'.repeat(256)),
  fc.constant('x'.repeat(257)),
  fc.constant('😀'.repeat(200)),
);
/** Mostly valid values, sometimes junk. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: junk, weight: 1 });
const field = <T>(valid: fc.Arbitrary<T>) => fc.option(mostly(valid), { nil: undefined, freq: 2 });
const part = fc.oneof(
  fc.record({ type: mostly(fc.string({ maxLength: 3 })) }),
  fc.record({ type: fc.string({ maxLength: 3 }), text: mostly(text) }),
  junk,
);
const message = fc.oneof(
  {
    arbitrary: fc.record(
      {
        role: mostly(
          fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function', 'x'),
        ),
        content: mostly(fc.oneof(text, fc.constant(null), fc.array(part, { maxLength: 3 }))),
        name: mostly(text),
      },
      { requiredKeys: ['role'] },
    ),
    weight: 12,
  },
  { arbitrary: junk, weight: 1 },
);
const body = fc.record(
  {
    model: mostly(text),
    stream: field(fc.boolean()),
    stream_options: field(fc.record({ include_usage: fc.oneof(fc.boolean(), junk) })),
    max_tokens: field(fc.integer({ min: -2, max: 100 })),
    max_completion_tokens: field(fc.integer({ min: -2, max: 100 })),
    temperature: field(fc.double({ min: -1, max: 3, noNaN: true })),
    top_p: field(fc.double({ min: -1, max: 2, noNaN: true })),
    n: field(fc.integer({ min: 0, max: 2 })),
    priority: field(fc.integer({ min: -2_000_000, max: 2_000_000 })),
    ignore_eos: field(fc.boolean()),
    user: field(text),
    messages: mostly(fc.array(message, { maxLength: 3 })),
    prompt: mostly(fc.oneof(text, fc.array(mostly(text), { maxLength: 2 }))),
    extra: junk,
  },
  { requiredKeys: ['model', 'messages', 'prompt'] },
);

describe('isCommonBody', () => {
  it('accepts only bodies zod accepts, and zod returns them unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom('chat' as const, 'completion' as const), body, (kind, b) => {
        const input = JSON.parse(JSON.stringify(b)) as Record<string, unknown>;
        if (!isCommonBody(kind, input)) return;
        accepted++;
        const result = bodySchemas[kind].safeParse(input);
        expect(result.success).toBe(true);
        expect(result.data).toStrictEqual(input);
      }),
      { numRuns: 4000, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('typical bodies take the fast path', () => {
    const chat = {
      model: 'm',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      ],
      max_tokens: 8,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.7,
      user: 'bench-1',
    };
    expect(isCommonBody('chat', chat)).toBe(true);
    expect(isCommonBody('completion', { model: 'm', prompt: 'hi', max_tokens: 4 })).toBe(true);
    expect(isCommonBody('chat', { ...chat, max_tokens: 0 })).toBe(false);
    expect(isCommonBody('completion', { model: 'm', prompt: ['a', 'b'] })).toBe(false);
  });
});
