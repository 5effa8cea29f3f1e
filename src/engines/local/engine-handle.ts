/** A submitted request: its token stream and its final result (never rejects for engine faults). */

import type { RequestId } from '../../core/ids.js';
import type { Seconds } from '../../core/units.js';
import type { GenerationResult, TokenEvent } from './engine-request.js';

/** A submitted request: its token stream and its final result (never rejects for engine faults). */
export interface EngineHandle {
  readonly id: RequestId;
  readonly tokens: AsyncIterable<TokenEvent>;
  readonly result: Promise<GenerationResult>;
}

export interface SubmitOptions {
  readonly signal?: AbortSignal;
  readonly onToken?: (event: TokenEvent) => void;
  /** When it arrived, if before now (a driver submitting on a virtual clock); default now. */
  readonly arrivalTime?: Seconds;
}
