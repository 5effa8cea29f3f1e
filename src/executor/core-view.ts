/**
 * The EngineView an executor core hands its policy at each plan: the clock, free KV blocks, limits
 * and mean step time, the core's unfinished requests and (without an extra request) its live
 * partitions by state with their dense-index bound. `requests` is read lazily: the core's list of
 * every request is compacted only when someone reads it (request-set.ts), and planners that use
 * the partitions never do.
 *
 *   view.requests   = set.all (+ `extra`, the gateway's request being priced)
 *   view.running / queued / preempted / denseLimit   (absent with `extra`: they would not hold it)
 *   view.queuedLog (+ Joined, From, To)   the queue's changes since the last view (queued-log.ts),
 *                                         with the partitions when the core promises stable fields
 */

import type { EngineLimits, EngineView, SeqView, StepShape } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { CoreStats } from './core-stats.js';
import type { ExecRequest } from './exec-request.js';
import type { RequestSet } from './request-set.js';

/** What a core view is built from besides the request set (the core's fixed settings and state). */
export interface CoreViewInputs {
  readonly limits: EngineLimits;
  readonly freeBlocks: number;
  readonly stats: CoreStats;
  /** The executor promises EngineView.queuedFieldsStable. */
  readonly queuedFieldsStable: boolean;
  readonly estimate: ((shape: StepShape) => Seconds) | undefined;
}

/** The policy's view of `set` at `now` (see the module doc); `extra` is appended to `requests`. */
export function coreView<R extends ExecRequest>(
  set: RequestSet<R>,
  now: Seconds,
  inputs: CoreViewInputs,
  extra?: SeqView,
): EngineView {
  const steps = inputs.stats.steps;
  let withExtra: SeqView[] | undefined;
  const view: { -readonly [K in keyof EngineView]: EngineView[K] } = {
    now,
    get requests(): readonly SeqView[] {
      if (extra === undefined) return set.all;
      withExtra ??= [...set.all, extra];
      return withExtra;
    },
    requestsInArrivalOrder: true,
    freeBlocks: inputs.freeBlocks,
    limits: inputs.limits,
    meanStepSeconds: (steps > 0 ? inputs.stats.busySeconds / steps : 0) as Seconds,
  };
  if (extra === undefined) {
    view.running = set.running;
    view.queued = set.queued;
    view.preempted = set.preempted;
    view.denseLimit = set.denseLimit;
    if (inputs.queuedFieldsStable) {
      view.queuedFieldsStable = true;
      const log = set.queuedLog;
      if (log.enabled) {
        log.close();
        view.queuedLog = log.closed;
        view.queuedLogJoined = log.closedJoined;
        view.queuedLogFrom = log.from;
        view.queuedLogTo = log.to;
      }
    }
  }
  if (inputs.estimate) view.estimateStepSeconds = inputs.estimate;
  return view;
}
