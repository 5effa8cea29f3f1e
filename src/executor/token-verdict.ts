/**
 * What an engine says about a request's new token before the executor core records it: a token,
 * or end of generation ('eos': the request ends with reason 'stop'). The simulator never vetoes.
 */
export type TokenVerdict = 'token' | 'eos';
