/**
 * Bad input, every command (issue 10's table and more): each case runs the CLI in-process
 * (runCli, no process per case) and must end with exit code 2, exactly one stderr line
 * `llmsched: ...` naming the culprit, no stack trace, nothing on stdout and no file written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { sharedPath } from './helpers/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsched-bad-input-'));
const out = join(dir, 'out'); // every output path points here: it must stay empty
mkdirSync(out);
const file = (name: string, text: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const azureHeader = 'TIMESTAMP,ContextTokens,GeneratedTokens';
const azure = file(
  'azure.csv',
  `${azureHeader}\n2023-11-16 18:15:46.0,100,10\n2023-11-16 18:15:47.0,200,20\n`,
);
const malformed = file(
  'bad.csv',
  `${azureHeader}\n2023-11-16 18:15:46.0,100,10\n2023-11-16 18:15:47.0,abc,20\n`,
);
const empty = file('empty.csv', '\n\n');
const oddHeader = file('odd.csv', 'a,b\n1,2\n');
const gguf4 = file('four.gguf', 'GGUF');
const notGguf = file('zip.gguf', 'PK\u0003\u0004 not a model at all');
const jsonl = file(
  't.jsonl',
  '{"arrival":0,"prompt_tokens":10,"output_tokens":2}\n{"arrival":x}\n',
);
const longPrompt = file('long.jsonl', '{"arrival":0,"prompt_tokens":3000,"output_tokens":8}\n');
// a 200k-token prompt (the issue's row: llama-3-8b's context is 8192), after a short request
const hugePrompt = file(
  'huge.jsonl',
  '{"arrival":0,"prompt_tokens":100,"output_tokens":8}\n{"arrival":1,"prompt_tokens":200000,"output_tokens":16}\n',
);
const hugeOutput = file(
  'huge-output.jsonl',
  '{"arrival":0,"prompt_tokens":10,"output_tokens":5000000000}\n',
);
const text = file('text.jsonl', '{"prompt":"hi","response":"there"}\n');
const missing = join(dir, 'nope.csv');
const parentIsFile = join(azure, 'x.json');

type Case = readonly [name: string, args: readonly string[], culprit: RegExp];

const sim = ['--trace', azure, '--policy', 'vllm-fcfs'];
const cases: readonly Case[] = [
  // the issue's table
  [
    'simulate: --records in a missing directory',
    ['simulate', ...sim, '--records', join(dir, 'no', 'r.jsonl')],
    /--records .*does not exist/,
  ],
  [
    'simulate: --records is a directory',
    ['simulate', ...sim, '--records', out],
    /--records .*is a directory/,
  ],
  [
    'simulate: --records under a file',
    ['simulate', ...sim, '--records', parentIsFile],
    /--records .*not a directory/,
  ],
  [
    'compare: --out is a directory',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'x', 'r.html'),
    ],
    /--out .*does not exist/,
  ],
  [
    'engine replay: --cost-model-out in a missing directory',
    [
      'engine',
      'replay',
      '--synthetic',
      'bursty',
      '--policy',
      'fcfs',
      '--cost-model-out',
      join(dir, 'no', 'c.json'),
    ],
    /--cost-model-out .*does not exist/,
  ],
  [
    'engine profile: --out is a directory',
    ['engine', 'profile', '--out', out],
    /--out .*is a directory/,
  ],
  [
    'simulate: --requests 1e12',
    ['simulate', '--synthetic', 'chat', '--rate', '1', '--policy', 'fifo', '--requests', '1e12'],
    /--requests: .*1e12/,
  ],
  [
    'compare: --requests 1e12',
    [
      'compare',
      ...['--trace', azure, '--policies', 'fifo', '--rate-scales', '1'],
      '--requests',
      '1e12',
      '--out',
      join(out, 'r.html'),
    ],
    /--requests: .*1e12/,
  ],
  ['queueing: --jobs 1e15', ['queueing', '--jobs', '1e15'], /--jobs: .*1e15/],
  [
    'simulate: --replicas 100000',
    ['simulate', ...sim, '--replicas', '100000'],
    /--replicas: .*100000/,
  ],
  ['demo: --seed abc', ['demo', '--seed', 'abc'], /--seed: .*'abc'/],
  ['demo: --seed 1.5', ['demo', '--seed', '1.5'], /--seed: .*'1\.5'/],
  [
    'compare: --policies a,,b',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo,,sprpt',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.html'),
    ],
    /--policies: item 2 .*empty/,
  ],
  [
    'predict train: --data a,,b',
    ['predict', 'train', '--data', `${text},,${text}`, '--out', join(out, 'm.json')],
    /--data: item 2 .*empty/,
  ],
  [
    'predict eval: --model with --predictor',
    ['predict', 'eval', '--model', join(dir, 'm.json'), '--predictor', 'learned', '--test', text],
    /--model .*--predictor/,
  ],
  [
    'engine replay: a prompt longer than the slot',
    ['engine', 'replay', '--trace', longPrompt, '--policy', 'fcfs', '--context', '1024'],
    /--context 1024: 1 of 1 requests do not fit/,
  ],
  [
    'simulate: a 200k-token prompt on llama-3-8b',
    ['simulate', '--trace', hugePrompt, '--policy', 'vllm-fcfs', '--model', 'llama-3-8b'],
    /--max-model-len 8192 \(llama-3-8b's context\): 1 of 2 requests of .*huge\.jsonl do not fit \(longest request 1: 200016 tokens = prompt 200000 \+ output 16\); raise --max-model-len to 200016/,
  ],
  [
    'simulate: a request longer than an explicit --max-model-len',
    ['simulate', '--trace', azure, '--policy', 'fifo', '--max-model-len', '200', '--json'],
    /--max-model-len 200: 1 of 2 requests .* do not fit \(longest request 1: 220 tokens/,
  ],
  [
    'compare: a 200k-token prompt, before any worker starts',
    [
      'compare',
      ...['--trace', hugePrompt, '--policies', 'fifo', '--rate-scales', '1'],
      ...['--out', join(out, 'r.html')],
    ],
    /--max-model-len 8192 .*1 of 2 requests/,
  ],
  [
    'capacity: a 200k-token prompt on llama-2-7b',
    ['capacity', '--trace', hugePrompt, '--policy', 'sarathi', '--model', 'llama-2-7b'],
    /--max-model-len 4096 \(llama-2-7b's context\): 1 of 2 requests/,
  ],
  [
    'simulate: a request longer than any --max-model-len (5e9 output tokens)',
    ['simulate', '--trace', hugeOutput, '--policy', 'fifo', '--max-model-len', '100000000'],
    /5000000010 tokens .*; take fewer\/shorter requests \(--max-model-len is at most 100000000\)$/,
  ],
  ['simulate: --max-model-len 0', ['simulate', ...sim, '--max-model-len', '0'], /--max-model-len/],
  [
    'simulate: --max-model-len 8k',
    ['simulate', ...sim, '--max-model-len', '8k'],
    /--max-model-len: expected an integer, got '8k'/,
  ],
  [
    'engine generate: a 4-byte GGUF',
    ['engine', 'generate', '--prompt', 'hi', '--model', gguf4],
    /four\.gguf: truncated/,
  ],
  [
    'engine generate: not a GGUF',
    ['engine', 'generate', '--prompt', 'hi', '--model', notGguf],
    /zip\.gguf: not a GGUF file/,
  ],
  ['simulate: unknown flag', ['simulate', '--bogus'], /unknown option '--bogus'/],
  // more of our own
  ['unknown command', ['simulat'], /unknown command 'simulat'/],
  ['simulate: missing option value', ['simulate', '--trace'], /--trace/],
  [
    'simulate: --trace and --synthetic',
    ['simulate', ...sim, '--synthetic', 'chat'],
    /--trace or --synthetic, not both/,
  ],
  [
    'simulate: --rate with --rate-scale',
    ['simulate', ...sim, '--rate', '2', '--rate-scale', '2'],
    /--rate-scale or --rate/,
  ],
  [
    'simulate: missing trace',
    ['simulate', '--trace', missing, '--policy', 'fifo'],
    /nope\.csv: cannot read the trace \(no such file\)/,
  ],
  [
    'simulate: trace is a directory',
    ['simulate', '--trace', dir, '--policy', 'fifo'],
    /cannot read the trace \(is a directory\)/,
  ],
  [
    'simulate: malformed trace line',
    ['simulate', '--trace', malformed, '--policy', 'fifo'],
    /bad\.csv:3: field 'ContextTokens'/,
  ],
  [
    'simulate: empty trace',
    ['simulate', '--trace', empty, '--policy', 'fifo'],
    /empty\.csv: empty trace/,
  ],
  [
    'simulate: unknown trace format',
    ['simulate', '--trace', oddHeader, '--policy', 'fifo'],
    /odd\.csv:1: cannot detect the format/,
  ],
  [
    'simulate: bad JSONL line',
    ['simulate', '--trace', jsonl, '--policy', 'fifo'],
    /t\.jsonl:2: not valid JSON/,
  ],
  [
    'simulate: unknown policy',
    ['simulate', ...sim.slice(0, 2), '--policy', 'nope'],
    /unknown policy 'nope'; known: /,
  ],
  [
    'simulate: unknown --format',
    ['simulate', ...sim, '--format', 'parquet'],
    /--format: unknown trace format 'parquet'/,
  ],
  ['simulate: negative seed', ['simulate', ...sim, '--seed', '-1'], /--seed: .*'-1'/],
  [
    'simulate: seed above 2^32',
    ['simulate', ...sim, '--seed', '4294967296'],
    /--seed: .*4294967296/,
  ],
  [
    'simulate: synthetic without a rate',
    ['simulate', '--synthetic', 'chat', '--policy', 'fifo'],
    /--rate/,
  ],
  [
    'compare: --out not .html',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.txt'),
    ],
    /--out: expected an \.html path/,
  ],
  [
    'compare: --rates and --rate-scales',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo',
      '--rates',
      '1',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.html'),
    ],
    /--rates or --rate-scales, not both/,
  ],
  [
    'compare: a negative rate',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo',
      '--rates',
      '1,-2',
      '--out',
      join(out, 'r.html'),
    ],
    /--rates: .*'-2'/,
  ],
  [
    'compare: trailing comma',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo,',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.html'),
    ],
    /--policies: item 2 .*empty/,
  ],
  [
    'compare: policy listed twice',
    [
      'compare',
      '--trace',
      azure,
      '--policies',
      'fifo,fifo',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.html'),
    ],
    /'fifo' is listed twice/,
  ],
  [
    'compare: malformed trace before any worker',
    [
      'compare',
      '--trace',
      malformed,
      '--policies',
      'fifo',
      '--rate-scales',
      '1',
      '--out',
      join(out, 'r.html'),
    ],
    /bad\.csv:3: field 'ContextTokens'/,
  ],
  ['capacity: no SLO', ['capacity', ...sim], /SLO/],
  [
    'capacity: --replicas 0',
    ['capacity', ...sim, '--slo-ttft', '1', '--replicas', '0'],
    /--replicas: .*'0'/,
  ],
  ['queueing: --lambdas 0.5,,0.9', ['queueing', '--lambdas', '0.5,,0.9'], /--lambdas: empty item/],
  ['queueing: unknown policy', ['queueing', '--policies', 'fifo,nope'], /unknown policy 'nope'/],
  ['queueing: --table 4', ['queueing', '--table', '4'], /--table: '4'/],
  ['queueing: bad distribution', ['queueing', '--service', 'weibull:x'], /weibull/],
  ['queueing: --seed 1e99', ['queueing', '--seed', '1e99'], /--seed/],
  ['predict eval: no test data', ['predict', 'eval', '--train', text], /--test/],
  [
    'predict eval: a missing dataset says why (a clone without ../shared)',
    ['predict', 'eval', '--data', join(dir, 'nope.jsonl'), '--split', '0.8'],
    /cannot read dataset file .*nope\.jsonl \(no such file\)/,
  ],
  [
    'simulate: a missing predictor model file says why',
    ['simulate', ...sim, '--predictor', `transfer:${join(dir, 'nope.json')}`],
    /cannot read model file .*nope\.json \(no such file\)/,
  ],
  [
    'predict train: --out under a file',
    ['predict', 'train', '--data', text, '--out', parentIsFile],
    /--out .*not a directory/,
  ],
  [
    'predict eval: --seed abc',
    ['predict', 'eval', '--data', text, '--seed', 'abc'],
    /--seed: .*'abc'/,
  ],
  [
    'engine generate: missing model file',
    ['engine', 'generate', '--prompt', 'hi', '--model', join(dir, 'none.gguf')],
    /none\.gguf: cannot read the model \(no such file\)/,
  ],
  [
    'engine generate: --model with --model-seed',
    ['engine', 'generate', '--prompt', 'hi', '--model', gguf4, '--model-seed', '3'],
    /--model-seed/,
  ],
  [
    'engine generate: --model and --preset',
    ['engine', 'generate', '--prompt', 'hi', '--model', gguf4, '--preset', 'tiny'],
    /--model PATH or --preset NAME/,
  ],
  [
    'engine generate: --temperature -1',
    ['engine', 'generate', '--prompt', 'hi', '--temperature', '-1'],
    /--temperature/,
  ],
  [
    'engine generate: empty prompt',
    ['engine', 'generate', '--prompt', ' '],
    /--prompt: the prompt is empty/,
  ],
  [
    'engine replay: --slots 100000',
    ['engine', 'replay', '--synthetic', 'bursty', '--policy', 'fcfs', '--slots', '100000'],
    /--slots: .*100000/,
  ],
  [
    'engine replay: no workload',
    ['engine', 'replay', '--policy', 'fcfs'],
    /--trace PATH or --synthetic NAME/,
  ],
  [
    'engine replay: unknown preset',
    ['engine', 'replay', '--synthetic', 'bursty', '--policy', 'fcfs', '--preset', 'huge'],
    /--preset must be one of/,
  ],
  [
    'engine replay: --params not NAME=NUMBER',
    ['engine', 'replay', '--synthetic', 'bursty', '--policy', 'slai', '--params', 'offsetUnit'],
    /--params: expected NAME=NUMBER, got 'offsetUnit'/,
  ],
  ['cache: missing trace', ['cache', '--trace', missing], /nope\.csv/],
  ['cache: empty item in --sizes', ['cache', '--trace', azure, '--sizes', '1,,2'], /--sizes/],
  ['replay: no --target', ['replay', '--synthetic', 'bursty'], /--target/],
  [
    'replay: --requests 1e12',
    ['replay', '--target', 'http://127.0.0.1:9', '--synthetic', 'bursty', '--requests', '1e12'],
    /--requests: .*1e12/,
  ],
  ['serve: --port 99999', ['serve', '--port', '99999'], /port/],
  ['serve: missing --config file', ['serve', '--config', join(dir, 'none.json')], /none\.json/],
];

describe('bad input: one line, exit 2, nothing written', () => {
  let stdout: string[];
  let stderr: string[];
  beforeEach(() => {
    stdout = [];
    stderr = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(cases)('%s', async (_name, args, culprit) => {
    const code = await runCli(args);
    vi.restoreAllMocks();
    const lines = stderr
      .join('')
      .split('\n')
      .filter((line) => line !== '');
    expect({ code, lines, stdout: stdout.join('') }).toEqual({
      code: 2,
      lines: [expect.stringMatching(culprit)],
      stdout: '',
    });
    expect(lines[0]).toMatch(/^llmsched: /);
    expect(lines[0]).not.toMatch(/\n\s+at |Error:|TypeError|RangeError/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('unusual but valid input', () => {
  it('an unsorted trace runs, sorted, and the run says so once (stderr), stdout stays JSON', async () => {
    const unsorted = file(
      'unsorted.csv',
      `${azureHeader}\n2023-11-16 18:15:48.0,30,3\n2023-11-16 18:15:46.0,10,1\n2023-11-16 18:15:50.0,40,4\n`,
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
    const code = await runCli(['simulate', '--trace', unsorted, '--policy', 'fifo', '--json']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(stderr).toEqual([
      `llmsched: note: ${unsorted}: arrival times are not in file order; sorted them by arrival (file order breaks ties)\n`,
    ]);
    expect(JSON.parse(stdout.join('')).completed).toBe(3);
  });

  it('--max-model-len above the model context simulates the long request, and says so once', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
    const code = await runCli([
      ...['simulate', '--trace', hugePrompt, '--policy', 'vllm-fcfs', '--json'],
      ...['--max-model-len', '262144'],
    ]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(stderr).toEqual([
      `llmsched: note: ${hugePrompt}: 1 of 2 requests exceed llama-3-8b's 8192-token context (longest request 1: 200016 tokens = prompt 200000 + output 16); simulated anyway under --max-model-len 262144\n`,
    ]);
    expect(JSON.parse(stdout.join('')).completed).toBe(2);
  });
});

const mooncake = sharedPath('data', 'traces', 'mooncake-synthetic.jsonl');

describe.skipIf(!existsSync(mooncake))(
  'the Mooncake synthetic trace and --max-model-len (skipped: needs ../shared traces)',
  () => {
    it('is refused on llama-3-8b by default, naming the count and the longest request', async () => {
      const stderr: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation(
        (chunk) => stderr.push(String(chunk)) > 0,
      );
      const code = await runCli(['simulate', '--trace', mooncake, '--policy', 'vllm-fcfs']);
      vi.restoreAllMocks();
      expect(code).toBe(2);
      expect(stderr.join('')).toMatch(
        /^llmsched: --max-model-len 8192 \(llama-3-8b's context\): 2121 of 3993 requests .* \(longest request \d+: 191386 tokens .*\); raise --max-model-len to 191386 /,
      );
    });

    it('runs with the documented --max-model-len 262144', async () => {
      const stdout: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation(
        (chunk) => stdout.push(String(chunk)) > 0,
      );
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const code = await runCli([
        ...['simulate', '--trace', mooncake, '--policy', 'vllm-fcfs', '--requests', '40'],
        ...['--max-model-len', '262144', '--json'],
      ]);
      vi.restoreAllMocks();
      expect(code).toBe(0);
      expect(JSON.parse(stdout.join('')).requests).toBe(40);
    });
  },
);
