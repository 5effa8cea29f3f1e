/**
 * `llmsched cache`: prefix-cache hit rate vs cache size on a trace with prefix hashes (Mooncake),
 * for whole-prefix LRU, layered LRU, LFU and offline Belady, with the Che-type approximations of
 * LLRU next to the simulated LLRU (algorithms.md §14). Trace-level: no engine, no queueing.
 *
 *   llmsched cache --trace ../shared/data/traces/mooncake-synthetic.jsonl
 *     [--sizes 0.25,0.5,1,2,4,8,16 (million tokens)] [--block-tokens 512]
 *     [--policies prefix-lru,llru,lfu,belady] [--clock references|seconds] [--model llama-3-8b] [--json]
 *
 * `--model` only converts sizes to bytes of KV for the table (the model's KV bytes per token).
 */
import type { Command } from 'commander';
import { analyzePrefixCache, type CacheAnalysis } from '../../sim/cache/cache-analysis.js';
import type { CheClock } from '../../sim/cache/che-approximation.js';
import { type PrefixCachePolicy, prefixCachePolicies } from '../../sim/cache/prefix-cache-sim.js';
import { buildPrefixChains } from '../../sim/cache/prefix-chains.js';
import {
  isModelName,
  kvBytesPerToken,
  modelNames,
  modelSpecs,
} from '../../sim/cost/model-specs.js';
import { readTrace } from '../../workloads/read-trace.js';
import { CliError } from '../cli-error.js';
import { optionalNumber, parseNameList, parseNumberList } from './sweep-flags.js';

const defaultSizes = '0.25,0.5,1,2,4,8,16';

export function registerCache(program: Command): void {
  program
    .command('cache')
    .description('prefix-cache hit rate vs cache size: LRU, layered LRU, LFU, Belady, Che model')
    .requiredOption('--trace <path>', 'trace with prefix hashes (Mooncake JSONL, llmsched JSONL)')
    .option('--sizes <list>', 'cache sizes, million tokens', defaultSizes)
    .option('--block-tokens <n>', 'cache block, tokens (multiple of 16)', '512')
    .option('--policies <list>', `subset of ${prefixCachePolicies.join(',')}`)
    .option('--clock <clock>', 'time axis of the Che model: references | seconds', 'references')
    .option('--model <name>', 'model preset for KV bytes per token', 'llama-3-8b')
    .option('--requests <n>', 'take the first N requests of the trace')
    .option('--json', 'print the analysis as one JSON object')
    .action((raw: Record<string, unknown>) => {
      const sizes = parseNumberList(String(raw['sizes']), '--sizes').map((m) => m * 1e6);
      const blockTokens = optionalNumber(raw, 'blockTokens', '--block-tokens', {
        integer: true,
        min: 16,
      }) as number;
      if (blockTokens % 16 !== 0) {
        throw new CliError(`--block-tokens: expected a multiple of 16, got ${blockTokens}`);
      }
      const policies = (
        raw['policies'] === undefined
          ? prefixCachePolicies
          : parseNameList(String(raw['policies']), '--policies')
      ) as PrefixCachePolicy[];
      for (const policy of policies) {
        if (!prefixCachePolicies.includes(policy)) {
          throw new CliError(
            `--policies: unknown cache policy '${policy}'; known: ${prefixCachePolicies.join(', ')}`,
          );
        }
      }
      const clock = String(raw['clock']);
      if (clock !== 'references' && clock !== 'seconds') {
        throw new CliError(`--clock: expected references or seconds, got '${clock}'`);
      }
      const model = String(raw['model']);
      if (!isModelName(model)) {
        throw new CliError(`--model: unknown model '${model}'; known: ${modelNames.join(', ')}`);
      }
      const requests = optionalNumber(raw, 'requests', '--requests', { integer: true, min: 1 });
      const trace = readTrace(String(raw['trace']), requests === undefined ? {} : { requests });
      const chains = buildPrefixChains(trace, blockTokens);
      const analysis = analyzePrefixCache(chains, sizes, policies, clock as CheClock);
      if (raw['json'] === true) {
        process.stdout.write(`${JSON.stringify(analysis)}\n`);
        return;
      }
      const spec = modelSpecs[model];
      process.stdout.write(formatAnalysis(analysis, kvBytesPerToken(spec, spec.tp), model));
    });
}

/** The analysis as a markdown table (hit rates as fractions). */
export function formatAnalysis(
  analysis: CacheAnalysis,
  bytesPerToken: number,
  model: string,
): string {
  const policies = Object.keys(analysis.rows[0]?.simulated ?? {}) as PrefixCachePolicy[];
  const head = [
    'cache (M tokens)',
    `GB (${model})`,
    ...policies,
    'Che IRM',
    'Che renewal',
    'Che windowed',
    'renewal - llru',
    'windowed - llru',
  ];
  const lines = [
    `${analysis.requests} requests, ${analysis.distinctBlocks} distinct ${analysis.blockTokens}-token blocks, unbounded-cache hit rate ${analysis.unboundedHitRate.toFixed(4)}; Che clock: ${analysis.clock}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of analysis.rows) {
    const llru = row.simulated.llru;
    lines.push(
      `| ${[
        (row.capacityTokens / 1e6).toString(),
        ((row.capacityTokens * bytesPerToken) / 1e9).toFixed(0),
        ...policies.map((p) => (row.simulated[p] ?? Number.NaN).toFixed(4)),
        row.cheIrm.toFixed(4),
        row.cheRenewal.toFixed(4),
        row.cheWindowed.toFixed(4),
        llru === undefined ? '-' : (row.cheRenewal - llru).toFixed(4),
        llru === undefined ? '-' : (row.cheWindowed - llru).toFixed(4),
      ].join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
