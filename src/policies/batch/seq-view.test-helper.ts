/**
 * The request record the batch-policy tests build their engine views from: a waiting request
 * `r<index>` that arrived at `index` seconds with a 32-token prompt and nothing computed; each
 * test file overrides the fields it is about.
 */

import { requestId } from '../../core/ids.js';
import type { SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';

/** Any of a `SeqView`'s fields, writable (the tests build records, they never share them). */
export type SeqFields = Partial<{ -readonly [K in keyof SeqView]: SeqView[K] }>;

/** A waiting request `r<index>` (see the module doc), with `fields` over the defaults. */
export function seqView(index: number, fields: SeqFields = {}): SeqView {
  return {
    id: requestId(`r${index}`),
    seq: index,
    arrivalTime: seconds(index),
    state: 'waiting',
    promptTokens: 32,
    prefillDone: 0,
    cachedTokens: 0,
    generated: 0,
    kvBlocks: 0,
    preemptions: 0,
    serviceSeconds: 0,
    ...fields,
  };
}
