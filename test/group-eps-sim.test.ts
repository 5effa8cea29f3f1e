/** group-eps through the engine simulator: prefix information is required, never a silent FCFS. */
import { describe, expect, it } from 'vitest';
import { requestId } from '../src/core/ids.js';
import type { SchedRequest } from '../src/core/request.js';
import { seconds, tokens } from '../src/core/units.js';
import { runSimulation } from '../src/sim/run-simulation.js';

const request = (i: number, extra: Partial<SchedRequest> = {}): SchedRequest => ({
  id: requestId(`q${i}`),
  arrivalTime: seconds(i * 0.1),
  promptTokens: tokens(200),
  outputTokens: tokens(20),
  ...extra,
});

describe('group-eps in the simulator', () => {
  it('fails with one line on a trace without prefix hashes or groups', () => {
    const requests = Array.from({ length: 5 }, (_, i) => request(i));
    expect(() => runSimulation({ requests, policy: 'group-eps' })).toThrow(
      /^request q0 has no 'prefixHashes' \(the prompt prefix block hashes\), which policy 'group-eps' needs$/,
    );
  });

  it('completes every request of a grouped trace', () => {
    const requests = Array.from({ length: 40 }, (_, i) =>
      request(i, {
        group: `app-${i % 3}`,
        prefixHashes: Array.from({ length: 8 }, (_, k) => `app-${i % 3}:${k}`),
        outputTokens: tokens(5 + (i % 7) * 10),
      }),
    );
    const { summary } = runSimulation({ requests, policy: 'group-eps' });
    expect(summary.completed).toBe(40);
    expect(summary.prefixHitRate).toBeGreaterThan(0);
  });
});
