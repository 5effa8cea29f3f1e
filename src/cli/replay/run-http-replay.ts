/**
 * The load generator of `llmsched replay`: sends a trace's requests to an OpenAI-compatible server
 * (the gateway, vLLM, SGLang, ...) at their arrival times, streamed like vLLM's benchmark client
 * (`stream: true`, usage included, `max_tokens` = the trace's output length, `ignore_eos: true` so
 * servers that honour it produce exactly that many tokens), and records each request's timeline:
 * send time, first token, every content chunk, end. Queue delay comes from the gateway's
 * `x-llmsched-queue-ms` header when present. Returns the same RunSummary as `simulate`.
 */
import { Agent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SchedRequest } from '../../core/request.js';
import type { RequestError, RequestRecord } from '../../metrics/request-record.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { summarizeRecords } from '../../metrics/summarize-records.js';
import { replayPrompt } from './replay-prompt.js';

export interface HttpReplayOptions {
  /** Base URL of the server (`http://host:port`, with or without `/v1`). */
  readonly target: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly requests: readonly SchedRequest[];
  readonly seed: number;
  /** Label of the run in the summary (`policy`). */
  readonly label: string;
  /** Milliseconds clock (performance.now in the CLI). */
  readonly now: () => number;
  readonly onDone?: (done: number) => void;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpReplayResult {
  readonly summary: RunSummary;
  readonly records: readonly RequestRecord[];
}

interface Timeline {
  firstScheduled?: number;
  readonly tokens: number[];
  finish?: number;
  error?: RequestError;
}

/**
 * What a non-200 answer records: `refused` for a 4xx or 503 (the server turned the request down:
 * invalid, over the context, rate or deadline, queue full), else `engine-failure`; the message is
 * the status and the OpenAI error body's code and message when it has them.
 */
export function httpFailure(status: number, body: string): RequestError {
  let detail = body.slice(0, 200);
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown } };
    const { message, code } = parsed.error ?? {};
    if (typeof message === 'string')
      detail = typeof code === 'string' && code !== '' ? `${code}: ${message}` : message;
  } catch {
    // not JSON: the body's start as it is
  }
  const kind = (status >= 400 && status < 500) || status === 503 ? 'refused' : 'engine-failure';
  return { kind, message: `HTTP ${status}: ${detail}` };
}

export async function runHttpReplay(options: HttpReplayOptions): Promise<HttpReplayResult> {
  const base = new URL(
    `${options.target.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`,
  );
  const secure = base.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const requests = [...options.requests].sort((a, b) => a.arrivalTime - b.arrivalTime);
  const first = requests[0]?.arrivalTime ?? 0;
  const start = options.now();
  const seconds = (): number => (options.now() - start) / 1000;
  let done = 0;

  const one = (request: SchedRequest, timeline: Timeline): Promise<void> =>
    new Promise((resolve) => {
      const payload = JSON.stringify({
        model: options.model,
        messages: [{ role: 'user', content: replayPrompt(request, options.seed) }],
        max_tokens: Math.max(1, request.outputTokens),
        stream: true,
        stream_options: { include_usage: true },
        ignore_eos: true,
        temperature: 0,
      });
      const end = (error?: string | RequestError): void => {
        if (timeline.finish !== undefined || timeline.error !== undefined) return;
        if (typeof error === 'string') timeline.error = { kind: 'engine-failure', message: error };
        else if (error !== undefined) timeline.error = error;
        else timeline.finish = seconds();
        options.onDone?.(++done);
        resolve();
      };
      const req = send(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: base.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
            ...options.headers,
          },
        },
        (response) => {
          const queueMs = Number(response.headers['x-llmsched-queue-ms']);
          if (Number.isFinite(queueMs))
            timeline.firstScheduled = request.arrivalTime - first + queueMs / 1000;
          response.setEncoding('utf8');
          let buffer = '';
          let body = '';
          response.on('data', (piece: string) => {
            if (response.statusCode !== 200) {
              body += piece;
              return;
            }
            buffer += piece;
            for (;;) {
              const cut = buffer.indexOf('\n\n');
              if (cut < 0) break;
              const event = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
              try {
                const chunk = JSON.parse(event.slice(6)) as {
                  choices?: { delta?: { content?: string | null } }[];
                  error?: { message?: string };
                };
                if (chunk.error) end(`server error: ${chunk.error.message ?? 'unknown'}`);
                const content = chunk.choices?.[0]?.delta?.content;
                if (typeof content === 'string' && content !== '') timeline.tokens.push(seconds());
              } catch {
                end('invalid stream chunk');
              }
            }
          });
          response.on('end', () =>
            end(
              response.statusCode === 200 ? undefined : httpFailure(response.statusCode ?? 0, body),
            ),
          );
          response.on('error', (error) => end(error.message));
        },
      );
      req.on('error', (error) => end(error.message));
      req.end(payload);
    });

  const timelines = requests.map((): Timeline => ({ tokens: [] }));
  await Promise.all(
    requests.map(async (request, i) => {
      const wait = (request.arrivalTime - first) * 1000 - (options.now() - start);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await one(request, timelines[i] as Timeline);
    }),
  );
  agent.destroy();
  const records: RequestRecord[] = requests.map((request, i) => {
    const t = timelines[i] as Timeline;
    const arrival = request.arrivalTime - first;
    const base = {
      id: request.id,
      replica: 0,
      arrivalTime: arrival,
      promptTokens: request.promptTokens,
      outputTokens: request.outputTokens,
      tokenTimes: t.tokens,
      preemptions: 0,
      cachedPromptTokens: 0,
      ...(t.firstScheduled !== undefined ? { firstScheduledTime: t.firstScheduled } : {}),
      ...(request.slo?.ttft !== undefined ? { sloTtft: request.slo.ttft } : {}),
      ...(request.slo?.tbt !== undefined ? { sloTbt: request.slo.tbt } : {}),
    };
    if (t.error !== undefined || t.finish === undefined) {
      return { ...base, error: t.error ?? { kind: 'engine-failure', message: 'no response' } };
    }
    return { ...base, finishTime: t.finish };
  });
  const summary = summarizeRecords(records, {
    policy: options.label,
    wallSeconds: seconds(),
  }).summary;
  return { summary, records };
}
