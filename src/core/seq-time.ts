/**
 * Time-derived facts about a request, from the view's clock: what an LLM-aware policy reads for
 * aging and deadlines. Pure helpers over the contract (`EngineView.now` and SeqView fields).
 *
 * @example
 * const age = waitingSeconds(view, seq);        // seconds since it (re-)entered the queue
 * const slack = ttftDeadline(seq) - view.now;   // NaN-free: Infinity when there is no TTFT target
 */
import type { EngineView, SeqView } from './step-plan.js';

/** Seconds since the request arrived. */
export function sinceArrival(view: EngineView, seq: SeqView): number {
  return view.now - seq.arrivalTime;
}

/** Seconds since the request last entered the queue (arrival or its last preemption); 0 when running. */
export function waitingSeconds(view: EngineView, seq: SeqView): number {
  if (seq.state === 'running') return 0;
  return view.now - (seq.waitingSince ?? seq.arrivalTime);
}

/** Absolute time the first token is due (arrival + ttftSlo); Infinity without a target or once emitted. */
export function ttftDeadline(seq: SeqView): number {
  if (seq.ttftSlo === undefined || seq.generated > 0) return Number.POSITIVE_INFINITY;
  return seq.arrivalTime + seq.ttftSlo;
}

/** Absolute time the next token is due (last token + tbtSlo); Infinity without a target or a token. */
export function tbtDeadline(seq: SeqView): number {
  if (seq.tbtSlo === undefined || seq.lastTokenAt === undefined) return Number.POSITIVE_INFINITY;
  return seq.lastTokenAt + seq.tbtSlo;
}

/** Seconds since the request last made progress: arrival, re-queueing or its last output token. */
export function idleSeconds(view: EngineView, seq: SeqView): number {
  const since = Math.max(seq.arrivalTime, seq.waitingSince ?? 0, seq.lastTokenAt ?? 0);
  return view.now - since;
}
