/**
 * Load scaling of a timestamped workload (requests sorted by arrival):
 * - `rate`: rescale so the mean arrival rate is `rate` req/s (mean rate = (n - 1) / span;
 *   a one-request or zero-span trace is left as is);
 * - `rateScale` k: multiply the arrival rate by k, i.e. divide every arrival time by k.
 * Arrival times are measured from the trace's own origin, so the first arrival moves too.
 *
 * @example
 * scaleArrivals(requests, { rateScale: 2 }); // twice the load: arrivals at half the times
 */

import type { SchedRequest } from '../core/request.js';
import { seconds } from '../core/units.js';

/**
 * Load scaling of a timestamped workload (requests sorted by arrival): - `rate`: rescale so the
 * mean arrival rate is `rate` req/s (mean rate = (n - 1) / span; a one-request or zero-span trace
 * is left as is); - `rateScale` k: multiply the arrival rate by k, i.e. divide every arrival time
 * by k.
 */
export function scaleArrivals(
  requests: readonly SchedRequest[],
  options: { readonly rate?: number | undefined; readonly rateScale: number },
): SchedRequest[] {
  let factor = 1 / options.rateScale;
  if (options.rate !== undefined) {
    const native = meanRate(requests);
    if (native !== undefined) factor = native / options.rate / options.rateScale;
  }
  if (factor === 1) return requests.slice();
  return requests.map((request) => ({
    ...request,
    arrivalTime: seconds(request.arrivalTime * factor),
  }));
}

/** Mean arrival rate (n - 1) / (last - first) of sorted requests; undefined without a span. */
export function meanRate(requests: readonly SchedRequest[]): number | undefined {
  const first = requests[0]?.arrivalTime;
  const last = requests[requests.length - 1]?.arrivalTime;
  if (first === undefined || last === undefined || last <= first) return undefined;
  return (requests.length - 1) / (last - first);
}
