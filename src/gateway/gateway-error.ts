/**
 * Errors the gateway answers with, as OpenAI error bodies:
 * `{"error":{"message","type","param","code"}}` with the HTTP status, plus `Retry-After` on 429/503.
 */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'request_cancelled';

export class GatewayError extends Error {
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly retryAfterSeconds?: number;
  constructor(
    status: number,
    type: OpenAiErrorType,
    code: string,
    message: string,
    options: { param?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'GatewayError';
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = options.param ?? null;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  body(): string {
    return errorBody(this.message, this.type, this.code, this.param);
  }
}

export function errorBody(
  message: string,
  type: OpenAiErrorType,
  code: string,
  param: string | null = null,
): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

export const invalidRequest = (message: string, param?: string): GatewayError =>
  new GatewayError(400, 'invalid_request_error', 'invalid_request', message, {
    ...(param !== undefined ? { param } : {}),
  });

export const cancelledError = (): GatewayError =>
  new GatewayError(499, 'request_cancelled', 'cancelled', 'the client closed the request');
