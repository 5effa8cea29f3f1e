/**
 * Typed errors with stable codes. Expected outcomes (admission refused, unstable queue) are values,
 * not exceptions; these classes are for bad input and faults. `docs/errors.md` documents every code.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'TRACE_INVALID'
  | 'MODEL_INVALID'
  | 'UNKNOWN_NAME'
  | 'CAPACITY_EXCEEDED'
  | 'ENGINE_FAILURE'
  | 'PREDICTOR_FAILURE'
  | 'CANCELLED';

export const errorCodes: readonly ErrorCode[] = [
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'TRACE_INVALID',
  'MODEL_INVALID',
  'UNKNOWN_NAME',
  'CAPACITY_EXCEEDED',
  'ENGINE_FAILURE',
  'PREDICTOR_FAILURE',
  'CANCELLED',
];

export class SchedulerError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions & { retryable?: boolean }) {
    super(message, options);
    this.name = 'SchedulerError';
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** An unknown registry name; the message lists the known ones. */
export function unknownName(kind: string, name: string, known: readonly string[]): SchedulerError {
  return new SchedulerError(
    'UNKNOWN_NAME',
    `unknown ${kind} '${name}'; known: ${known.join(', ')}`,
  );
}
