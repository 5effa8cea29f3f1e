/**
 * Request records kept as columns (15 float64 columns: 120 bytes a request) instead of objects: what
 * `summarizeRecords` reads of each record, for runs that need the summary but not the records
 * (`simulate` without `--records` on a 1.5M-request trace). Iterating yields, in index order, one
 * short-lived record per set index carrying exactly those fields (the same numbers, so the same
 * summary as the records themselves); `id` is empty, prompt/output/cached token counts are 0 and
 * error messages are dropped.
 */
import type { QueueByCause, RequestError, RequestRecord } from './request-record.js';

const NONE = Number.NaN;

export class RecordColumns implements Iterable<RequestRecord> {
  readonly #set: Uint8Array;
  readonly #f: Float64Array[];
  readonly #errorKind: Uint8Array;
  readonly #kinds: RequestError['kind'][] = [];
  #count = 0;

  constructor(capacity: number) {
    this.#set = new Uint8Array(capacity);
    this.#errorKind = new Uint8Array(capacity);
    this.#f = Array.from({ length: FIELDS }, () => new Float64Array(capacity));
  }

  /** Records set so far. */
  get length(): number {
    return this.#count;
  }

  has(index: number): boolean {
    return this.#set[index] === 1;
  }

  set(index: number, record: RequestRecord): void {
    if (this.#set[index] === 0) this.#count++;
    this.#set[index] = 1;
    const f = this.#f;
    const put = (field: number, value: number | undefined): void => {
      (f[field] as Float64Array)[index] = value ?? NONE;
    };
    put(ARRIVAL, record.arrivalTime);
    put(FIRST_SCHEDULED, record.firstScheduledTime);
    const causes = record.queueByCause;
    put(BUDGET, causes?.budget);
    put(MEMORY, causes?.memory);
    put(MAX_SEQS, causes?.maxSeqs);
    put(POLICY, causes?.policy);
    put(IN_FLIGHT, causes?.inFlight);
    const times = record.tokenTimes;
    put(FIRST_TOKEN, times !== undefined ? times[0] : record.firstTokenTime);
    put(GENERATED, times !== undefined ? times.length : record.generatedTokens);
    put(TBT_MAX, record.tbtMax);
    put(TBT_P99, record.tbtP99);
    put(FINISH, record.finishTime);
    put(PREEMPTIONS, record.preemptions);
    put(SLO_TTFT, record.sloTtft);
    put(SLO_TBT, record.sloTbt);
    let kind = 0;
    if (record.error !== undefined) {
      kind = this.#kinds.indexOf(record.error.kind) + 1;
      if (kind === 0) kind = this.#kinds.push(record.error.kind);
    }
    this.#errorKind[index] = kind;
  }

  *[Symbol.iterator](): Iterator<RequestRecord> {
    const f = this.#f;
    const at = (field: number, i: number): number | undefined => {
      const value = (f[field] as Float64Array)[i] as number;
      return Number.isNaN(value) ? undefined : value;
    };
    for (let i = 0; i < this.#set.length; i++) {
      if (this.#set[i] === 0) continue;
      const record: Mutable = {
        id: '',
        replica: 0,
        arrivalTime: at(ARRIVAL, i) as number,
        promptTokens: 0,
        outputTokens: 0,
        preemptions: at(PREEMPTIONS, i) as number,
        cachedPromptTokens: 0,
      };
      const firstScheduled = at(FIRST_SCHEDULED, i);
      if (firstScheduled !== undefined) record.firstScheduledTime = firstScheduled;
      const firstToken = at(FIRST_TOKEN, i);
      if (firstToken !== undefined) record.firstTokenTime = firstToken;
      const generated = at(GENERATED, i);
      if (generated !== undefined) record.generatedTokens = generated;
      const tbtMax = at(TBT_MAX, i);
      if (tbtMax !== undefined) record.tbtMax = tbtMax;
      const tbtP99 = at(TBT_P99, i);
      if (tbtP99 !== undefined) record.tbtP99 = tbtP99;
      const finish = at(FINISH, i);
      if (finish !== undefined) record.finishTime = finish;
      const sloTtft = at(SLO_TTFT, i);
      if (sloTtft !== undefined) record.sloTtft = sloTtft;
      const sloTbt = at(SLO_TBT, i);
      if (sloTbt !== undefined) record.sloTbt = sloTbt;
      const budget = at(BUDGET, i);
      if (budget !== undefined) {
        const causes: QueueByCause = {
          budget,
          memory: at(MEMORY, i) as number,
          maxSeqs: at(MAX_SEQS, i) as number,
          policy: at(POLICY, i) as number,
          inFlight: at(IN_FLIGHT, i) as number,
        };
        record.queueByCause = causes;
      }
      const kind = this.#errorKind[i] as number;
      if (kind > 0) {
        record.error = { kind: this.#kinds[kind - 1] as RequestError['kind'], message: '' };
      }
      yield record;
    }
  }
}

type Mutable = { -readonly [K in keyof RequestRecord]: RequestRecord[K] };

const ARRIVAL = 0;
const FIRST_SCHEDULED = 1;
const BUDGET = 2;
const MEMORY = 3;
const MAX_SEQS = 4;
const POLICY = 5;
const IN_FLIGHT = 6;
const FIRST_TOKEN = 7;
const GENERATED = 8;
const TBT_MAX = 9;
const TBT_P99 = 10;
const FINISH = 11;
const PREEMPTIONS = 12;
const SLO_TTFT = 13;
const SLO_TBT = 14;
const FIELDS = 15;
