/**
 * `readTrace`: Azure CSV timestamps, malformed rows named by file/line/field, unsorted arrivals,
 * every format, Mooncake JSONL.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../core/errors.js';
import { parseTraceText, readTrace } from './read-trace.js';

const azure = [
  'TIMESTAMP,ContextTokens,GeneratedTokens',
  '2023-11-16 18:15:46.6805900,374,44',
  '2023-11-16 18:15:50.9951690,396,109',
  '2023-11-16 23:59:59.5000000,10,1',
  '2023-11-17 00:00:00.2500000,20,2',
].join('\r\n');

const mooncake = [
  '{"timestamp": 0, "input_length": 1100, "output_length": 6, "hash_ids": [0, 1, 2]}',
  '{"timestamp": 1500, "input_length": 600, "output_length": 4, "hash_ids": [0, 3]}',
  '{"timestamp": 2500, "input_length": 40, "output_length": 9, "hash_ids": [4]}',
].join('\n');

const lengths =
  'num_prefill_tokens,num_decode_tokens,num_total_tokens,pd_ratio\n74,918,992,0.08\n290,905,1195,0.32\n3772,54,3826,69.8\n';

const jsonl = [
  '{"id":"a","arrival":0.5,"prompt_tokens":100,"output_tokens":10,"tenant":"t1","slo_class":"interactive"}',
  '{"arrival":0.25,"prompt_tokens":64,"output_tokens":3,"group":"sys","shared_prefix_tokens":40,"slo_ttft":3,"extra":"ignored"}',
  '{"id":7,"arrival":1,"prompt_tokens":5,"output_tokens":2,"max_tokens":8,"prompt":"hi","prefix_hashes":[1,"x"]}',
].join('\n');

function thrown(action: () => unknown): SchedulerError {
  try {
    action();
  } catch (error) {
    if (error instanceof SchedulerError) return error;
    throw error;
  }
  throw new Error('expected a SchedulerError');
}

describe('readTrace: Azure CSV', () => {
  it('converts wall-clock timestamps to seconds since the first row, across midnight', () => {
    const requests = parseTraceText(azure, 'azure.csv');
    expect(requests.map((r) => r.arrivalTime)).toEqual([
      0,
      expect.closeTo(4.314579, 9),
      expect.closeTo(20652.81941, 9),
      expect.closeTo(20653.56941, 9),
    ]);
    expect(requests[0]).toEqual({ id: '0', arrivalTime: 0, promptTokens: 374, outputTokens: 44 });
  });
  it('reports a malformed row with file, line and field', () => {
    const bad = azure.replace('396,109', '396,abc');
    const error = thrown(() => parseTraceText(bad, 'azure.csv'));
    expect(error.code).toBe('TRACE_INVALID');
    expect(error.message).toBe(
      `azure.csv:3: field 'GeneratedTokens': expected an integer >= 1, got "abc"`,
    );
    const badTime = azure.replace('2023-11-16 18:15:50.9951690', '18:15:50');
    expect(thrown(() => parseTraceText(badTime, 'azure.csv')).message).toMatch(
      /^azure\.csv:3: field 'TIMESTAMP'/,
    );
  });
});

describe('readTrace: unsorted arrival times', () => {
  // rows 2 and 3 swapped: the second row is 2 s BEFORE the first
  const unsorted = [
    'TIMESTAMP,ContextTokens,GeneratedTokens',
    '2023-11-16 18:15:48.0000000,30,3',
    '2023-11-16 18:15:46.0000000,10,1',
    '2023-11-16 18:15:50.0000000,40,4',
    '2023-11-16 18:15:46.0000000,20,2',
  ].join('\n');
  it('sorts them (file order breaks ties), counts time from the earliest row, and says so once', () => {
    const notices: string[] = [];
    const requests = parseTraceText(unsorted, 'u.csv', { onNotice: (m) => notices.push(m) });
    expect(requests.map((r) => [r.arrivalTime, r.promptTokens])).toEqual([
      [0, 10],
      [0, 20],
      [2, 30],
      [4, 40],
    ]);
    expect(notices).toEqual([
      'u.csv: arrival times are not in file order; sorted them by arrival (file order breaks ties)',
    ]);
    const sorted: string[] = [];
    parseTraceText(azure, 'a.csv', { onNotice: (m) => sorted.push(m) });
    expect(sorted).toEqual([]);
  });
  it('gives a file and the same text the same requests, in every format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-unsorted-'));
    const moon = mooncake.split('\n').reverse().join('\n');
    for (const [name, text, options] of [
      ['u.csv', unsorted, {}],
      ['m.jsonl', moon, {}],
      ['t.jsonl', jsonl, {}],
      ['l.csv', lengths, { rate: 3, seed: 2 }],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      expect(readTrace(path, options)).toEqual(parseTraceText(text, path, options));
    }
  });
});

describe('readTrace: Mooncake JSONL', () => {
  const requests = parseTraceText(mooncake, 'mc.jsonl');
  it('reads ms timestamps and lengths', () => {
    expect(requests.map((r) => [r.arrivalTime, r.promptTokens, r.outputTokens])).toEqual([
      [0, 1100, 6],
      [1.5, 600, 4],
      [2.5, 40, 9],
    ]);
  });
  it('expands each 512-token hash id into 32 shared 16-token block hashes', () => {
    const [first, second, third] = requests.map((r) => r.prefixHashes ?? []);
    expect(first).toHaveLength(68); // floor(1100 / 16)
    expect(second).toHaveLength(37); // floor(600 / 16)
    expect(third).toEqual(['4:0', '4:1']);
    expect(first?.slice(0, 32)).toEqual(second?.slice(0, 32)); // shared hash id 0
    expect(first?.[32]).toBe('1:0');
    expect(second?.[32]).toBe('3:0'); // diverges with the hash ids
    expect(first?.[67]).toBe('2:3');
  });
  it('names the field of a malformed line', () => {
    const bad = mooncake.replace('"output_length": 4', '"output_length": -4');
    expect(thrown(() => parseTraceText(bad, 'mc.jsonl')).message).toBe(
      `mc.jsonl:2: field 'output_length': expected a number >= 1, got -4`,
    );
    const notJson = `${mooncake}\n{"timestamp": 3000,`;
    expect(thrown(() => parseTraceText(notJson, 'mc.jsonl')).message).toBe(
      'mc.jsonl:4: not valid JSON',
    );
  });
});

describe('readTrace: length-only CSV', () => {
  it('needs a rate', () => {
    const error = thrown(() => parseTraceText(lengths, 'l.csv'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(/--rate/);
  });
  it('stamps seeded Poisson or gamma arrivals', () => {
    const a = parseTraceText(lengths, 'l.csv', { rate: 2, seed: 5 });
    const b = parseTraceText(lengths, 'l.csv', { rate: 2, seed: 5 });
    const c = parseTraceText(lengths, 'l.csv', { rate: 2, seed: 6 });
    const g = parseTraceText(lengths, 'l.csv', { rate: 2, cv: 3, seed: 5 });
    expect(a).toEqual(b);
    expect(a.map((r) => r.arrivalTime)).not.toEqual(c.map((r) => r.arrivalTime));
    expect(g.map((r) => r.arrivalTime)).not.toEqual(a.map((r) => r.arrivalTime));
    expect(a.map((r) => [r.promptTokens, r.outputTokens])).toEqual([
      [74, 918],
      [290, 905],
      [3772, 54],
    ]);
    expect(a[0]?.arrivalTime).toBeGreaterThan(0);
  });
  it('hits the requested mean rate on a long synthetic file', () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${(i % 50) + 1},${(i % 7) + 1}`);
    const text = `num_prefill_tokens,num_decode_tokens\n${rows.join('\n')}`;
    for (const cv of [1, 2.5]) {
      const requests = parseTraceText(text, 'l.csv', { rate: 8, cv, seed: 1 });
      const last = requests[requests.length - 1]?.arrivalTime ?? 0;
      expect(requests.length / last).toBeCloseTo(8, 0);
      const gaps = requests.slice(1).map((r, i) => r.arrivalTime - (requests[i]?.arrivalTime ?? 0));
      const mean = gaps.reduce((s, x) => s + x, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((s, x) => s + (x - mean) ** 2, 0) / gaps.length);
      expect(sd / mean).toBeCloseTo(cv, 0);
    }
  });
  it('reports a missing column', () => {
    expect(
      thrown(() => parseTraceText('num_prefill_tokens,x\n1,2', 'l.csv', { rate: 1 })).message,
    ).toBe(
      `l.csv:1: field 'num_decode_tokens': missing column (header has: num_prefill_tokens, x)`,
    );
  });
});

describe('readTrace: llmsched JSONL', () => {
  const requests = parseTraceText(jsonl, 't.jsonl');
  it('sorts by arrival and converts every optional field', () => {
    expect(requests.map((r) => r.id)).toEqual(['1', 'a', '7']);
    expect(requests[0]).toEqual({
      id: '1',
      arrivalTime: 0.25,
      promptTokens: 64,
      outputTokens: 3,
      group: 'sys',
      prefixHashes: ['sys:0', 'sys:1'],
      slo: { ttft: 3 },
    });
    expect(requests[1]).toMatchObject({ tenant: 't1', slo: { ttft: 0.5, tbt: 0.1 } });
    expect(requests[2]).toMatchObject({ maxTokens: 8, prompt: 'hi', prefixHashes: ['1', 'x'] });
  });
  it('names the field of an invalid record and rejects duplicate ids', () => {
    const bad = jsonl.replace('"output_tokens":3', '"output_tokens":0');
    const error = thrown(() => parseTraceText(bad, 't.jsonl'));
    expect(error.code).toBe('TRACE_INVALID');
    expect(error.message).toMatch(/^t\.jsonl:2: field 'output_tokens': /);
    const duplicate = jsonl.replace('"id":7', '"id":"a"');
    expect(thrown(() => parseTraceText(duplicate, 't.jsonl')).message).toBe(
      `t.jsonl:3: field 'id': duplicate id 'a'`,
    );
    const badClass = jsonl.replace('interactive', 'gold');
    expect(thrown(() => parseTraceText(badClass, 't.jsonl')).message).toMatch(
      /t\.jsonl:1: field 'slo_class'/,
    );
  });
});

describe('readTrace: options and files', () => {
  it('auto-detects each format and honours an explicit one', () => {
    expect(parseTraceText(azure, 'x')).toHaveLength(4);
    expect(parseTraceText(mooncake, 'x')[0]?.prefixHashes).toBeDefined();
    expect(parseTraceText(lengths, 'x', { rate: 1 })).toHaveLength(3);
    expect(parseTraceText(jsonl, 'x')[0]?.group).toBe('sys');
    expect(thrown(() => parseTraceText('a,b\n1,2', 'odd.csv')).message).toMatch(
      /^odd\.csv:1: cannot detect the format/,
    );
    expect(thrown(() => parseTraceText(azure, 'x', { format: 'jsonl' })).message).toBe(
      'x:1: not valid JSON',
    );
  });
  it('scales the rate: rateScale k divides arrival times by k; rate sets the mean rate', () => {
    const base = parseTraceText(mooncake, 'x');
    const double = parseTraceText(mooncake, 'x', { rateScale: 2 });
    expect(double.map((r) => r.arrivalTime)).toEqual(base.map((r) => r.arrivalTime / 2));
    const rated = parseTraceText(mooncake, 'x', { rate: 4 }); // 2 gaps over 0.5 s
    expect(rated.map((r) => r.arrivalTime)).toEqual([0, expect.closeTo(0.3, 12), 0.5]);
    const both = parseTraceText(mooncake, 'x', { rate: 4, rateScale: 2 });
    expect(both[2]?.arrivalTime).toBeCloseTo(0.25, 12);
  });
  it('takes the first N requests', () => {
    expect(parseTraceText(azure, 'x', { requests: 2 }).map((r) => r.promptTokens)).toEqual([
      374, 396,
    ]);
    expect(thrown(() => parseTraceText(azure, 'x', { requests: 0 })).message).toMatch(/requests/);
    expect(thrown(() => parseTraceText(azure, 'x', { rateScale: -1 })).message).toMatch(
      /rateScale/,
    );
  });
  it('reads files and names a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-trace-'));
    const path = join(dir, 'azure.csv');
    writeFileSync(path, azure);
    expect(readTrace(path)).toHaveLength(4);
    const error = thrown(() => readTrace(join(dir, 'nope.csv')));
    expect(error.message).toBe(`${join(dir, 'nope.csv')}: cannot read the trace (no such file)`);
    writeFileSync(join(dir, 'empty.csv'), '\n\n');
    expect(thrown(() => readTrace(join(dir, 'empty.csv'))).message).toMatch(/empty trace/);
    expect(thrown(() => readTrace(dir)).message).toBe(
      `${dir}: cannot read the trace (is a directory)`,
    );
  });
});

const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'traces');
describe.skipIf(!existsSync(shared))(
  'readTrace on the shared real traces (skipped when ../shared/data/traces is absent)',
  () => {
    it('reads the Azure conversation trace with the README statistics', () => {
      const requests = readTrace(join(shared, 'azure-2023-conv.csv'));
      expect(requests).toHaveLength(19366);
      const span = requests[requests.length - 1]?.arrivalTime ?? 0;
      expect(span).toBeCloseTo(3501.7, 0);
      const meanIn = requests.reduce((s, r) => s + r.promptTokens, 0) / requests.length;
      expect(Math.round(meanIn)).toBe(1155);
    });
    it('keeps the Mooncake prefix sharing (about 65% of input tokens hit an unbounded cache)', () => {
      const requests = readTrace(join(shared, 'mooncake-synthetic.jsonl'));
      const seen = new Set<string>();
      let hit = 0;
      let total = 0;
      for (const request of requests) {
        total += request.promptTokens;
        const hashes = request.prefixHashes ?? [];
        let k = 0;
        while (k < hashes.length && seen.has(hashes[k] ?? '')) k++;
        hit += k * 16;
        for (const hash of hashes) seen.add(hash);
      }
      expect(hit / total).toBeGreaterThan(0.6);
      expect(hit / total).toBeLessThan(0.7);
    });
  },
);
