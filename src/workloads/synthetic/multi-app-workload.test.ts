/**
 * The apps5 multi-application workload: a one-line error without the shared data, prompts = system
 * prompt + one real record, seeded, burstiness.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { readTrace } from '../read-trace.js';
import { multiApps } from './app-system-prompts.js';
import { findTextDataDir, multiAppSpec } from './multi-app-workload.js';
import { generateWorkload } from './synthetic-workload.js';

const haveData = findTextDataDir() !== undefined;

describe('apps5 without the shared data', () => {
  it('fails with one line naming the missing folder', () => {
    expect(() =>
      multiAppSpec({ rate: 1, cv: 1, shotScale: 1, dataDir: '/nonexistent/text' }),
    ).toThrow(
      /^synthetic:apps5 needs the shared text datasets \(\/nonexistent\/text\), which were not found$/,
    );
  });
});

describe.skipIf(!haveData)('apps5 (skipped: needs ../shared/data/text)', () => {
  it('five applications, each request = its system prompt + one real record', () => {
    const spec = multiAppSpec({ rate: 5, cv: 1, shotScale: 1 });
    expect(spec.classes.map((c) => c.name)).toEqual(multiApps.map((a) => a.name));
    const requests = generateWorkload(spec, 400, createRng(3));
    const groups = new Set(requests.map((r) => r.group));
    expect(groups.size).toBe(5);
    for (const request of requests) {
      const app = spec.classes.find((c) => c.name === request.group);
      expect(app).toBeDefined();
      const system = app?.systemPromptTokens ?? 0;
      expect(request.prompt?.startsWith(`${app?.systemPrompt}\n\n`)).toBe(true);
      const user = request.prompt?.slice((app?.systemPrompt?.length ?? 0) + 2) ?? '';
      const matches = app?.records?.filter(
        (r) =>
          r.prompt === user &&
          r.outputTokens === request.outputTokens &&
          system + r.promptTokens === request.promptTokens,
      );
      expect(matches?.length).toBeGreaterThan(0);
      expect(request.prefixHashes).toEqual(
        Array.from({ length: Math.floor(system / 16) }, (_, k) => `${request.group}:${k}`),
      );
    }
  });

  it('is deterministic for a seed; cv > 1 gives burstier arrivals than Poisson', () => {
    const a = readTrace('synthetic:apps5', { rate: 10, requests: 300, seed: 7 });
    const b = readTrace('synthetic:apps5', { rate: 10, requests: 300, seed: 7 });
    expect(a).toEqual(b);
    const cvOf = (times: number[]): number => {
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
      return sd / mean;
    };
    const bursty = readTrace('synthetic:apps5:cv=4', { rate: 10, requests: 300, seed: 7 });
    expect(cvOf(bursty.map((r) => r.arrivalTime))).toBeGreaterThan(
      2 * cvOf(a.map((r) => r.arrivalTime)),
    );
  });

  it('shotScale=0 leaves the instruction alone (shorter system prompts)', () => {
    const full = multiAppSpec({ rate: 1, cv: 1, shotScale: 1 });
    const bare = multiAppSpec({ rate: 1, cv: 1, shotScale: 0 });
    full.classes.forEach((c, i) => {
      expect(bare.classes[i]?.systemPromptTokens).toBeLessThan(c.systemPromptTokens ?? 0);
    });
    expect(() => multiAppSpec({ rate: 1, cv: 1, shotScale: -1 })).toThrow(/shotScale must be in/);
  });
});
