import type { SchedRequest } from '../core/request.js';
import { isModelName, modelSpecs } from '../sim/cost/model-specs.js';
import { CliError } from './cli-error.js';

/**
 * Request sizes against a context, checked up front. The simulator does not enforce a model's
 * trained context (its cost model has no limit), so `simulate`, `compare` and `capacity` note once
 * how many requests exceed it; the real engine cannot run a request longer than its slot, so
 * `engine replay` refuses such a workload before loading the model.
 */
interface Longest {
  readonly over: number;
  readonly request: SchedRequest | undefined;
}

function overContext(requests: readonly SchedRequest[], context: number): Longest {
  let over = 0;
  let longest: SchedRequest | undefined;
  for (const request of requests) {
    const need = request.promptTokens + request.outputTokens;
    if (need > context) over++;
    if (longest === undefined || need > longest.promptTokens + longest.outputTokens)
      longest = request;
  }
  return { over, request: longest };
}

function describe(request: SchedRequest | undefined): string {
  if (request === undefined) return '';
  return `request ${request.id}: ${request.promptTokens + request.outputTokens} tokens = prompt ${request.promptTokens} + output ${request.outputTokens}`;
}

/** The note of `simulate`/`compare`/`capacity` when requests exceed the model's trained context. */
export function contextNote(
  requests: readonly SchedRequest[],
  model: string,
  trace: string,
): string | undefined {
  if (!isModelName(model)) return undefined;
  const context = modelSpecs[model].contextLength;
  const { over, request } = overContext(requests, context);
  if (over === 0) return undefined;
  return `${trace}: ${over} of ${requests.length} requests exceed ${model}'s ${context}-token context (longest ${describe(request)}); the simulator serves them anyway (it does not enforce the context)`;
}

/** `engine replay`: every request must fit one slot (`--context`) and the model's context. */
export function checkSlotFit(
  requests: readonly SchedRequest[],
  contextPerSlot: number,
  modelContext: number | undefined,
): void {
  if (modelContext !== undefined && modelContext > 0 && contextPerSlot > modelContext) {
    throw new CliError(
      `--context ${contextPerSlot}: more than the model's trained context of ${modelContext} tokens`,
    );
  }
  const { over, request } = overContext(requests, contextPerSlot);
  if (over === 0) return;
  const need = request === undefined ? 0 : request.promptTokens + request.outputTokens;
  throw new CliError(
    `--context ${contextPerSlot}: ${over} of ${requests.length} requests do not fit a slot (longest ${describe(request)}); raise --context to ${need} or take fewer/shorter requests`,
  );
}
