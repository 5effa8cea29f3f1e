/**
 * Gateway configuration: defaults, one-line CONFIG_INVALID errors naming the field, and the serve
 * command's flags and backend specs mapped onto the config.
 */
import { describe, expect, it } from 'vitest';
import { backendFromSpec, configFromFlags } from '../cli/commands/serve.js';
import { SchedulerError } from '../core/errors.js';
import { gatewayPolicy } from './gateway.js';
import { parseGatewayConfig } from './gateway-config.js';

describe('gateway config', () => {
  it('defaults: the built-in engine, the project default policy, learned predictions', () => {
    const config = parseGatewayConfig({});
    expect(config.backends).toEqual([
      expect.objectContaining({ kind: 'local', preset: 'small', slots: 4 }),
    ]);
    expect(gatewayPolicy(config).name).toBe('predicted-cost');
    expect(config.predictor).toBe('learned');
    expect(config.port).toBe(8080);
  });

  it('one-line CONFIG_INVALID errors naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ port: 'x' }, /^config: port: /],
      [{ backends: [{ kind: 'openai', url: 'not a url' }] }, /^config: backends\.0\.url: /],
      [{ backends: [{ kind: 'gpu' }] }, /^config: backends\.0\.kind: /],
      [{ backends: [{ kind: 'sim' }], extra: 1 }, /^config: \(root\): .*extra/],
      [{ predictor: 'oracle' }, /predictor: 'oracle' is not usable in the gateway/],
      [
        {
          tenants: [
            { name: 'a', keys: ['same-key-1'] },
            { name: 'b', keys: ['same-key-1'] },
          ],
        },
        /listed twice/,
      ],
      [{ tenants: [{ name: 'a', defaultSloClass: 'gold' }] }, /unknown SLO class 'gold'/],
    ];
    for (const [input, message] of cases) {
      try {
        parseGatewayConfig(input);
        expect.unreachable(JSON.stringify(input));
      } catch (error) {
        expect(error).toBeInstanceOf(SchedulerError);
        expect((error as SchedulerError).code).toBe('CONFIG_INVALID');
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });

  it('refuses policies a gateway cannot feed', () => {
    expect(() => gatewayPolicy(parseGatewayConfig({ policy: 'srpt' }))).toThrow(/needs 'size'/);
    expect(() => gatewayPolicy(parseGatewayConfig({ policy: 'sprpt', predictor: 'none' }))).toThrow(
      /needs 'predictedSize'.*--predictor learned/,
    );
    expect(gatewayPolicy(parseGatewayConfig({ policy: 'wspt', predictor: 'none' })).name).toBe(
      'wspt',
    );
  });

  it('flags override the file; --backend specs', () => {
    expect(backendFromSpec('sim')).toEqual({ kind: 'sim' });
    expect(backendFromSpec('local:tiny')).toEqual({ kind: 'local', preset: 'tiny' });
    expect(backendFromSpec('http://h:1')).toEqual({ kind: 'openai', url: 'http://h:1' });
    expect(() => backendFromSpec('ftp://x')).toThrow(/--backend must be/);
    const config = configFromFlags({
      backend: ['sim', 'http://h:1'],
      port: '0',
      policy: 'edf',
      maxQueuedRequests: '7',
    });
    expect(config.backends.map((b) => b.kind)).toEqual(['sim', 'openai']);
    expect(config.policy).toBe('edf');
    expect(config.queue.maxRequests).toBe(7);
    expect(() => configFromFlags({ port: '-1' })).toThrow(/--port must be an integer/);
    expect(() => configFromFlags({ port: '99999' })).toThrow(
      /^--port must be an integer from 0 to 65535, got '99999'$/,
    );
  });
});
