/**
 * When `llmsched serve` respawns itself with the serving node flags, and which IPC messages count
 * as forwarded signals (the process round trip is src/gateway/gateway-sigterm.test.ts's: SIGTERM to
 * the parent drains the serving child, which exits 0, and so does the parent).
 */
import { describe, expect, it } from 'vitest';
import { isForwardedSignal, serveNeedsRespawn, serveNodeFlags } from './serve-respawn.js';

describe('serve respawn', () => {
  it('respawns serve only, once, unless turned off', () => {
    expect(serveNeedsRespawn(['serve', '--port', '0'], [], {})).toBe(true);
    expect(serveNeedsRespawn(['simulate'], [], {})).toBe(false);
    expect(serveNeedsRespawn([], [], {})).toBe(false);
    expect(serveNeedsRespawn(['serve'], [...serveNodeFlags], {})).toBe(false);
    expect(serveNeedsRespawn(['serve'], ['--max-semi-space-size=16'], {})).toBe(false);
    expect(serveNeedsRespawn(['serve'], [], { LLMSCHED_SERVE_IN_PROCESS: '1' })).toBe(false);
  });

  it('forwards SIGINT and SIGTERM only', () => {
    expect(isForwardedSignal({ signal: 'SIGTERM' })).toBe(true);
    expect(isForwardedSignal({ signal: 'SIGINT' })).toBe(true);
    expect(isForwardedSignal({ signal: 'SIGKILL' })).toBe(false);
    expect(isForwardedSignal('SIGTERM')).toBe(false);
    expect(isForwardedSignal(null)).toBe(false);
  });
});
