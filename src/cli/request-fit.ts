/**
 * Request sizes against a context, checked up front, before any long work. `simulate`, `compare`
 * and `capacity` refuse a workload with a request longer than `--max-model-len` (default the
 * model's context, as vLLM would answer 400); `engine replay` refuses one longer than a slot
 * (`--context`) before loading the model. Both name the count, the longest request and the flag
 * that would let it run.
 */
import type { SchedRequest } from '../core/request.js';
import { isModelName, modelSpecs } from '../sim/cost/model-specs.js';
import { bounds } from './bounds.js';
import { CliError } from './cli-error.js';

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

/**
 * `simulate`/`compare`/`capacity`: every request must fit `--max-model-len` (prompt + output, as
 * vLLM checks it; default the model preset's context, none for a model that is not a preset).
 * Refuses the workload up front (exit 2, one line naming the count, the longest request and the way
 * out). A limit above the model's context is allowed (the simulator has no hard limit) and noted
 * when some request needs it.
 */
export function checkModelLen(
  requests: readonly SchedRequest[],
  options: { model: string; maxModelLen?: number; trace: string },
  note: (message: string) => void,
): void {
  const { model, maxModelLen, trace } = options;
  const modelContext = isModelName(model) ? modelSpecs[model].contextLength : undefined;
  const limit = maxModelLen ?? modelContext;
  if (limit === undefined) return;
  const { over, request } = overContext(requests, limit);
  if (over > 0) {
    const need = request === undefined ? 0 : request.promptTokens + request.outputTokens;
    const whose = maxModelLen === undefined ? ` (${model}'s context)` : '';
    const wayOut =
      need <= bounds.modelLen
        ? `raise --max-model-len to ${need} (the simulator has no hard limit) or take fewer/shorter requests`
        : `take fewer/shorter requests (--max-model-len is at most ${bounds.modelLen})`;
    throw new CliError(
      `--max-model-len ${limit}${whose}: ${over} of ${requests.length} requests of ${trace} do not fit (longest ${describe(request)}); ${wayOut}`,
    );
  }
  if (modelContext === undefined || limit <= modelContext) return;
  const beyond = overContext(requests, modelContext);
  if (beyond.over === 0) return;
  note(
    `${trace}: ${beyond.over} of ${requests.length} requests exceed ${model}'s ${modelContext}-token context (longest ${describe(beyond.request)}); simulated anyway under --max-model-len ${limit}`,
  );
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
