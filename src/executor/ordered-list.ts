/**
 * Sorted insert and removal in a list of requests kept in the executor core's arrival order
 * (`addIndex`, increasing): binary search, then the tail moves by one (a plain loop: `splice`
 * allocates its result and was slower). A removal moves the shorter side: entries before it move
 * right by one and `shift()` drops the head (V8 trims an array's start in place: FCFS admission
 * takes the queue's head in O(1) instead of moving the whole queue). The core keeps its running /
 * queued / preempted partitions with these, so no one partitions every request each step.
 */

import type { ExecRequest } from './exec-request.js';

/** Index of the first entry with addIndex >= `addIndex` (list sorted by addIndex). */
function lowerBound(list: readonly ExecRequest[], addIndex: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as ExecRequest).addIndex < addIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `r` at its place (appending is the common case: no search). */
export function insertOrdered<R extends ExecRequest>(list: R[], r: R): void {
  const n = list.length;
  if (n === 0 || (list[n - 1] as R).addIndex < r.addIndex) {
    list.push(r);
    return;
  }
  const at = lowerBound(list, r.addIndex);
  list.push(r);
  for (let i = n; i > at; i--) list[i] = list[i - 1] as R;
  list[at] = r;
}

/** Removes `r` if present; true when it was. */
export function removeOrdered<R extends ExecRequest>(list: R[], r: R): boolean {
  const last = list.length - 1;
  // the head (the gateway's requests mostly end in dispatch order; FCFS admits the queue's head)
  if (list[0] === r) {
    list.shift();
    return true;
  }
  const at = lowerBound(list, r.addIndex);
  if (list[at] !== r) return false;
  if (at < last >> 1) {
    for (let i = at; i > 0; i--) list[i] = list[i - 1] as R;
    list.shift();
  } else {
    for (let i = at; i < last; i++) list[i] = list[i + 1] as R;
    list.pop();
  }
  return true;
}
