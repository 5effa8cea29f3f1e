/**
 * Round-robin: request `seq` goes to candidate `seq mod n` (replicas in the order given, by id).
 * Why choose: identical replicas, uniform requests, no load signal; the baseline.
 * Inputs consumed: the request's admission seq only (the cursor lives outside: seq = 0, 1, 2, ...).
 * Tie-break: none needed. Complexity: O(n) per request (O(1) after the scoring frame).
 */

import { composeRouter, type Router } from './router.js';

/**
 * Round-robin: request `seq` goes to candidate `seq mod n` (replicas in the order given, by id).
 */
export function roundRobin(): Router {
  return composeRouter('round-robin', {
    scorers: [],
    picker: (request, scored) => {
      const index = ((request.seq % scored.length) + scored.length) % scored.length;
      const chosen = scored[index] ?? scored[0];
      if (chosen === undefined) throw new Error('round-robin: no replicas');
      return chosen.replica;
    },
  });
}
