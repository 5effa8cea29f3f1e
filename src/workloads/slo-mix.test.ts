/**
 * `--slo-mix`: class:share lists, seeded class draws that keep a request's own targets, best-
 * effort batch class.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../core/ids.js';
import type { SchedRequest } from '../core/request.js';
import { seconds, tokens } from '../core/units.js';
import { applyRunSlo, applySloMix, parseSloMix } from './slo-mix.js';

const requests: SchedRequest[] = Array.from({ length: 4000 }, (_, i) => ({
  id: requestId(String(i)),
  arrivalTime: seconds(i),
  promptTokens: tokens(100),
  outputTokens: tokens(10),
}));

describe('--slo-mix', () => {
  it('parses class:share lists and normalises the shares', () => {
    expect(parseSloMix('strict:1,relaxed:3')).toEqual([
      { name: 'strict', share: 0.25 },
      { name: 'relaxed', share: 0.75 },
    ]);
    expect(() => parseSloMix('gold:1')).toThrow(/unknown SLO class 'gold'/);
    expect(() => parseSloMix('strict:0')).toThrow(/positive share/);
    expect(() => parseSloMix('strict:-1')).toThrow(/positive share/);
    expect(() => parseSloMix('strict:1,strict:2')).toThrow(/twice/);
  });

  it('draws classes by share, seeded, and keeps targets a request already has', () => {
    const mix = parseSloMix('strict:0.05,relaxed:0.95');
    const own = { ...requests[0], slo: { tbt: seconds(0.3) } } as SchedRequest;
    const a = applySloMix([own, ...requests.slice(1)], mix, 7);
    const b = applySloMix([own, ...requests.slice(1)], mix, 7);
    expect(a).toEqual(b);
    expect(a[0]?.slo).toEqual({ tbt: 0.3 });
    const strict = a.filter((r) => r.slo?.tbt === 0.1).length / a.length;
    expect(strict).toBeGreaterThan(0.04);
    expect(strict).toBeLessThan(0.06);
    expect(a.every((r) => r.slo?.tbt === 0.1 || r.slo?.tbt === 0.5 || r === a[0])).toBe(true);
    expect(applySloMix(requests, mix, 8)).not.toEqual(a.slice(0));
  });

  it('gives the run targets to requests without their own; a batch-class request stays best effort', () => {
    const mixed = applySloMix(requests.slice(0, 50), parseSloMix('batch:1,interactive:1'), 0);
    const out = applyRunSlo(mixed, 2, 0.2);
    for (const [i, request] of out.entries()) {
      if (mixed[i]?.slo?.tbt === undefined) expect(request.slo).toEqual({});
      else expect(request.slo).toEqual({ ttft: 0.5, tbt: 0.1 });
    }
    expect(applyRunSlo(requests.slice(0, 2), undefined, 0.2).map((r) => r.slo)).toEqual([
      { tbt: 0.2 },
      { tbt: 0.2 },
    ]);
  });
});
