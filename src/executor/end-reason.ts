/**
 * Why a request left the executor normally: its length (output target reached), an
 * end-of-generation token (the engine's verdict, `TokenVerdict` 'eos'), or a full context.
 */
export type EndReason = 'length' | 'stop' | 'context';
