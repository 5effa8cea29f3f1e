/**
 * The request body of the max-rate gateway benches (chat-load.ts's default: gateway-ab,
 * gateway-alloc, gateway-cpu, gateway-perf, gateway-profile, predict-serve-perf): a short
 * non-stream chat, max_tokens 8, so the fake backend answers at once and the figure is the
 * gateway's own cost per request.
 */
export const maxRateBody = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 8,
});
