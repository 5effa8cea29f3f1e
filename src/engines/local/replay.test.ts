import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { errorKind } from './replay.js';

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
