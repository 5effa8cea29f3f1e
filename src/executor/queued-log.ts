/**
 * The change log of an executor core's `queued` partition (EngineView.queuedLog): every request
 * that joined (arrived, preempted) or left (admitted, ended) the queue since the log was last
 * closed, in order, with version numbers that let a planner check the log follows the last view
 * it saw (issue 8: a planner's kept queue order merges in O(changes) instead of walking the queue).
 *
 *   open:    [ (r1, joined) | (r2, left) | ... ]   appended by the request set
 *   close(): the open log becomes `closed` (the view's arrays), from = the last `to`, to = a new
 *            version; the arrays closed before are cleared and reopened (two buffers, no garbage)
 *
 * Versions come from one counter per process, so no two executors (replicas) ever share one.
 * `broken()` (a drain, or a log grown past its cap with no view closing it) takes a new version
 * without a view: the next view's `from` then matches no view any planner saw (it walks).
 */
import type { SeqView } from '../core/step-plan.js';

/** The last version handed out (process-wide). */
let versions = 0;

/** Entries past which an open log is dropped (no view has read it for that long). */
const cap = 1 << 16;

export class QueuedLog {
  /** False: nothing is logged and no view carries a log (the executor makes no promise). */
  enabled = false;
  /** The log closed last (the arrays of the last view that carried one). */
  closed: SeqView[] = [];
  closedJoined: boolean[] = [];
  /** Versions of the queue at the view before the last close and at the last close. */
  from = 0;
  to = ++versions;
  #open: SeqView[] = [];
  #openJoined: boolean[] = [];

  /** `r` joined (true) or left (false) the queue. */
  note(r: SeqView, joined: boolean): void {
    if (!this.enabled) return;
    if (this.#open.length >= cap) this.broken();
    this.#open.push(r);
    this.#openJoined.push(joined);
  }

  /** Closes the open log for a view (`closed`, `from`, `to`) and opens an empty one. */
  close(): void {
    const log = this.closed;
    const joined = this.closedJoined;
    this.closed = this.#open;
    this.closedJoined = this.#openJoined;
    log.length = 0;
    joined.length = 0;
    this.#open = log;
    this.#openJoined = joined;
    this.from = this.to;
    this.to = ++versions;
  }

  /** Forgets the open log: the next view's log follows no view a planner saw. */
  broken(): void {
    this.#open.length = 0;
    this.#openJoined.length = 0;
    this.to = ++versions;
  }
}
