/**
 * The gateway's configuration: a JSON file (`--config FILE`) and flags, validated with zod at the
 * edge; errors are one line naming the file and the field (CONFIG_INVALID). Secrets (backend API
 * keys, tenant keys) come from the file or from environment variables named in it (`apiKeyEnv`,
 * `keysEnv`), never from flags.
 *
 * @example
 * { "port": 8080, "policy": "predicted-cost",
 *   "backends": [{ "kind": "openai", "url": "http://localhost:8000", "maxConcurrent": 32,
 *                  "priorityField": "vllm" }],
 *   "tenants": [{ "name": "team-a", "keysEnv": "TEAM_A_KEYS", "weight": 2 }] }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { priorityFields } from '../backends/priority-field.js';
import { SchedulerError } from '../core/errors.js';

const int = (min: number) => z.number().int().min(min);

const openAiBackendSchema = z
  .object({
    kind: z.literal('openai'),
    name: z.string().min(1).optional(),
    url: z.string().url(),
    apiKey: z.string().optional(),
    apiKeyEnv: z.string().optional(),
    models: z.array(z.string().min(1)).default([]),
    upstreamModel: z.string().min(1).optional(),
    maxConcurrent: int(0).default(64),
    maxTokensInFlight: int(0).default(0),
    priorityField: z.enum(priorityFields).default('none'),
    firstByteTimeoutMs: int(1).default(60_000),
    idleTimeoutMs: int(1).default(60_000),
  })
  .strict();

const localBackendSchema = z
  .object({
    kind: z.literal('local'),
    name: z.string().min(1).optional(),
    modelPath: z.string().min(1).optional(),
    preset: z.enum(['tiny', 'small', 'medium']).default('small'),
    modelSeed: int(0).default(1),
    modelName: z.string().min(1).default('llmsched-local'),
    slots: int(1).default(4),
    /** Default: `defaultContextPerSlot` of the model (2,048, or its trained context if smaller). */
    contextPerSlot: int(32).optional(),
    maxBatchedTokens: int(1).default(256),
    threads: int(1).default(1),
    ignoreEos: z.boolean().default(false),
    maxConcurrent: int(0).optional(),
  })
  .strict();

const simBackendSchema = z
  .object({
    kind: z.literal('sim'),
    name: z.string().min(1).optional(),
    model: z.string().min(1).default('llama-3-8b'),
    gpu: z.string().min(1).default('h100'),
    modelName: z.string().min(1).default('llmsched-sim'),
    maxConcurrent: int(0).default(256),
    /** Simulated seconds per real second (2 = twice as fast as the virtual H100). */
    speed: z.number().positive().default(1),
    /** Median output length when the client does not ask for ignore_eos. */
    medianOutputTokens: int(1).default(128),
  })
  .strict();

export const backendConfigSchema = z.discriminatedUnion('kind', [
  openAiBackendSchema,
  localBackendSchema,
  simBackendSchema,
]);

const tenantSchema = z
  .object({
    name: z.string().min(1),
    keys: z.array(z.string().min(8)).default([]),
    /** Environment variable holding comma-separated keys. */
    keysEnv: z.string().optional(),
    weight: z.number().positive().default(1),
    /** Honour `x-llmsched-priority` / body `priority` from this tenant. */
    allowPriority: z.boolean().default(false),
    /** The most urgent priority the tenant may claim (lower = earlier). */
    minPriority: z.number().int().default(0),
    defaultSloClass: z.string().default('standard'),
    /** SLO classes the tenant may ask for with `x-llmsched-slo-class` (default: all). */
    sloClasses: z.array(z.string()).optional(),
    /** Sees every tenant's requests in /v1/scheduler/state. */
    admin: z.boolean().default(false),
  })
  .strict();

const sloClassSchema = z
  .object({ ttftMs: z.number().positive().optional(), priority: z.number().int().default(0) })
  .strict();

export const gatewayConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: int(0).max(65535).default(8080),
    policy: z.string().min(1).optional(),
    policyParams: z.record(z.string(), z.number()).default({}),
    router: z.string().min(1).default('least-outstanding'),
    /** Output-length predictor spec (predictors/parse-predictor.ts) or 'none'. */
    predictor: z.string().min(1).default('learned'),
    /** LLM self-prediction through this backend (algorithms.md §13); off when absent. */
    selfPredictBackend: z.string().min(1).optional(),
    backends: z
      .array(backendConfigSchema)
      .min(1)
      .default([{ kind: 'local' } as never]),
    tenants: z.array(tenantSchema).default([]),
    /** The tenant of every request when `tenants` is empty (no API keys required). */
    defaultTenant: tenantSchema.default({
      name: 'default',
      keys: [],
      weight: 1,
      allowPriority: false,
      minPriority: 0,
      defaultSloClass: 'standard',
      admin: true,
    }),
    sloClasses: z.record(z.string(), sloClassSchema).default({
      interactive: { ttftMs: 1000, priority: 0 },
      standard: { priority: 1 },
      batch: { priority: 2 },
    }),
    queue: z
      .object({
        maxRequests: int(1).default(4096),
        maxQueuedTokens: int(0).default(0),
        maxWaitSeconds: z.number().positive().default(60),
        rejectPastDeadline: z.boolean().default(true),
      })
      .strict()
      .default({
        maxRequests: 4096,
        maxQueuedTokens: 0,
        maxWaitSeconds: 60,
        rejectPastDeadline: true,
      }),
    fairness: z.enum(['vtc', 'none']).default('vtc'),
    maxBodyBytes: int(1024).default(1_048_576),
    maxTokensLimit: int(1).default(32_768),
    defaultMaxTokens: int(1).default(256),
    drainTimeoutMs: int(0).default(30_000),
    /** Trust `x-llmsched-tenant` from clients (behind an authenticating proxy only). */
    trustTenantHeader: z.boolean().default(false),
  })
  .strict();

/** Predictors that need no true length (the simulation-only oracle/noisy forms are refused). */
export const gatewayPredictors = [
  'none',
  'learned',
  'global-mean',
  'global-median',
  'group-median',
  'length-regression',
];

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type BackendConfig = z.infer<typeof backendConfigSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;

function oneLine(error: z.ZodError, where: string): SchedulerError {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  return new SchedulerError('CONFIG_INVALID', `${where}: ${path}: ${issue?.message ?? 'invalid'}`);
}

/** Validates a config object (file content merged with flags). */
export function parseGatewayConfig(input: unknown, where = 'config'): GatewayConfig {
  const withDefaults =
    typeof input === 'object' && input !== null && !Array.isArray(input) && !('backends' in input)
      ? { ...input, backends: [{ kind: 'local' }] }
      : input;
  const result = gatewayConfigSchema.safeParse(withDefaults);
  if (!result.success) throw oneLine(result.error, where);
  const names = new Set<string>();
  result.data.backends.forEach((backend, i) => {
    const name = backendName(backend, i);
    if (names.has(name)) {
      throw new SchedulerError(
        'CONFIG_INVALID',
        `${where}: backends.${i}.name: duplicate '${name}'`,
      );
    }
    names.add(name);
  });
  const predictor = result.data.predictor.split(':')[0] ?? '';
  if (!gatewayPredictors.includes(predictor)) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `${where}: predictor: '${result.data.predictor}' is not usable in the gateway; use one of ${gatewayPredictors.join(', ')} (learned:FILE too)`,
    );
  }
  for (const [cls, tenant] of [result.data.defaultTenant, ...result.data.tenants].map(
    (t) => [t.defaultSloClass, t.name] as const,
  )) {
    if (!Object.hasOwn(result.data.sloClasses, cls)) {
      throw new SchedulerError(
        'CONFIG_INVALID',
        `${where}: tenant '${tenant}': unknown SLO class '${cls}'`,
      );
    }
  }
  const keys = new Set<string>();
  for (const [i, tenant] of result.data.tenants.entries()) {
    for (const key of tenantKeys(tenant)) {
      if (keys.has(key)) {
        throw new SchedulerError(
          'CONFIG_INVALID',
          `${where}: tenants.${i}.keys: a key is listed twice`,
        );
      }
      keys.add(key);
    }
  }
  return result.data;
}

/** Reads and parses a JSON config file (one-line errors naming the file). */
export function readGatewayConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchedulerError('CONFIG_INVALID', `config ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `config ${path}: invalid JSON: ${(error as Error).message}`,
    );
  }
}

export function backendName(backend: BackendConfig, index: number): string {
  return backend.name ?? `${backend.kind}-${index}`;
}

export function tenantKeys(tenant: TenantConfig): string[] {
  const fromEnv = tenant.keysEnv ? (process.env[tenant.keysEnv] ?? '') : '';
  return [
    ...tenant.keys,
    ...fromEnv
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== ''),
  ];
}
