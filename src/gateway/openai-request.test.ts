/**
 * parseCompletionBody's prompt text: system/developer texts joined by one newline, the other
 * messages' by two, system first (checked against the filter/map/join it replaced), and the
 * optional fields present only when the body has them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCompletionBody } from './openai-request.js';

type Content = string | null | { type: string; text?: string }[];
const content: fc.Arbitrary<Content> = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constant(null),
  fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 3 }) }),
      fc.record({ type: fc.constant('image_url') }),
    ),
    { maxLength: 3 },
  ),
);
const role = fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool');

const partText = (value: Content): string =>
  value === null
    ? ''
    : typeof value === 'string'
      ? value
      : value.map((part) => part.text ?? '').join('');

describe('parseCompletionBody', () => {
  it('joins the messages as the filter/map/join reference does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ role, content }), { minLength: 1, maxLength: 6 }),
        (messages) => {
          const parsed = parseCompletionBody('chat', { model: 'm', messages });
          const isSystem = (m: { role: string }) => m.role === 'system' || m.role === 'developer';
          const system = messages
            .filter(isSystem)
            .map((m) => partText(m.content))
            .join('\n');
          const rest = messages
            .filter((m) => !isSystem(m))
            .map((m) => partText(m.content))
            .join('\n\n');
          expect(parsed.system).toBe(system);
          expect(parsed.text).toBe(system === '' ? rest : `${system}\n\n${rest}`);
          expect(parsed.messageCount).toBe(messages.length);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('has maxTokens and priority only when given', () => {
    const bare = parseCompletionBody('completion', { model: 'm', prompt: 'hi' });
    expect(Object.hasOwn(bare, 'maxTokens') || Object.hasOwn(bare, 'priority')).toBe(false);
    const full = parseCompletionBody('completion', {
      model: 'm',
      prompt: ['hi'],
      max_tokens: 5,
      max_completion_tokens: 7,
      priority: -3,
    });
    expect(full).toMatchObject({ maxTokens: 7, priority: -3, text: 'hi', system: '' });
  });
});
