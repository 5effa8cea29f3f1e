/**
 * The admission queue's limits, from the gateway config (`queue` section): how many requests and
 * prompt tokens may wait, the starvation guard, and what happens to a request whose TTFT deadline
 * passes while it waits.
 */
export interface QueueLimits {
  readonly maxRequests: number;
  /** 0 = no limit. */
  readonly maxQueuedTokens: number;
  readonly maxWaitSeconds: number;
  /**
   * A queued request whose TTFT deadline passes gets a 429 `deadline_exceeded` instead of being
   * served late (default true; false: hold it, as Dynamo's queue does).
   */
  readonly rejectPastDeadline?: boolean;
}
