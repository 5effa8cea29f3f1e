/** Starts a gateway in-process on a free loopback port (tests and benchmarks). */
import type { Backend } from '../../src/backends/backend.js';
import { SystemClock } from '../../src/engines/system-clock.js';
import { createBackends } from '../../src/gateway/create-backends.js';
import { createGateway, type Gateway } from '../../src/gateway/gateway.js';
import { parseGatewayConfig } from '../../src/gateway/gateway-config.js';

export interface RunningGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly backends: readonly Backend[];
  readonly logs: string[];
}

export async function startGateway(config: Record<string, unknown>): Promise<RunningGateway> {
  const parsed = parseGatewayConfig({ port: 0, predictor: 'none', policy: 'fcfs', ...config });
  const clock = new SystemClock();
  const { backends, selfPredictClient } = await createBackends(parsed, clock);
  const logs: string[] = [];
  const gateway = createGateway({
    config: parsed,
    backends,
    clock,
    unixNow: () => 1_700_000_000,
    idPrefix: 'r',
    log: (line) => logs.push(line),
    ...(selfPredictClient ? { selfPredictClient } : {}),
  });
  const url = await gateway.listen();
  return { gateway, url, backends, logs };
}

/** Resolves once `check` holds (polling the event loop; no timing is asserted). */
export async function until(check: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
