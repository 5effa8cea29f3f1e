/*
 * C reference for the M/G/1 simulator (src/queueing/mg1-*.ts), used by bench/mg1-vs-c.ts to put
 * the TypeScript simulator's speed in proportion. It does the same work, step for step: the same
 * RNG (xoshiro128** seeded by splitmix32, streams forked by label), the same draws in the same
 * order, a struct-of-arrays job store with a free list, the same binary heap ordered by
 * (tier, key, arrival, id), the same event loops (preemptive for sprpt, non-preemptive for fifo)
 * and the same batch means (20 batches, 10% warm-up and cool-down dropped). M/M/1 only: service
 * Exp(1), prediction y | x ~ Exp(mean x).
 *
 * Build: cc -O2 -o mg1-reference bench/mg1-reference.c -lm
 * Run:   ./mg1-reference sprpt|fifo LAMBDA JOBS SEED   -> prints "mean ci95 events"
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t a, b, c, d; } Rng;

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static uint32_t splitmix32(uint32_t *s) {
  *s += 0x9e3779b9u;
  uint32_t z = *s;
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

static Rng rng_create(uint32_t seed) {
  uint32_t s = seed;
  Rng r;
  r.a = splitmix32(&s);
  r.b = splitmix32(&s);
  r.c = splitmix32(&s);
  r.d = splitmix32(&s);
  if ((r.a | r.b | r.c | r.d) == 0) r.a = 1;
  return r;
}

static uint32_t hash_label(const char *label) {
  uint32_t h = 0x811c9dc5u;
  for (; *label; label++) h = (h ^ (uint8_t)*label) * 0x01000193u;
  return h;
}

static Rng rng_fork(uint32_t seed, const char *label) {
  return rng_create((seed * 0x9e3779b1u) ^ hash_label(label));
}

static uint32_t next_u32(Rng *r) {
  uint32_t result = rotl(r->b * 5, 7) * 9;
  uint32_t t = r->b << 9;
  r->c ^= r->a;
  r->d ^= r->b;
  r->b ^= r->c;
  r->a ^= r->d;
  r->c ^= t;
  r->d = rotl(r->d, 11);
  return result;
}

static double next_double(Rng *r) {
  double hi = (double)(next_u32(r) >> 5);
  double lo = (double)(next_u32(r) >> 6);
  return (hi * 67108864.0 + lo) / 9007199254740992.0;
}

static double unit_exp(Rng *r) { return -log(1.0 - next_double(r)); }

/* Job store: struct of arrays, slots recycled through a free list, doubled when full. */
static double *arrival, *work, *age, *size, *predicted, *tier, *key, *ident;
static int32_t *free_list;
static int free_count, capacity;

static double *grow_array(double *a, int old, int cap) {
  double *n = realloc(a, sizeof(double) * cap);
  memset(n + old, 0, sizeof(double) * (cap - old));
  return n;
}

static void store_grow(void) {
  int old = capacity, cap = capacity ? capacity * 2 : 1024;
  arrival = grow_array(arrival, old, cap);
  work = grow_array(work, old, cap);
  age = grow_array(age, old, cap);
  size = grow_array(size, old, cap);
  predicted = grow_array(predicted, old, cap);
  tier = grow_array(tier, old, cap);
  key = grow_array(key, old, cap);
  ident = grow_array(ident, old, cap);
  free_list = realloc(free_list, sizeof(int32_t) * cap);
  for (int i = old; i < cap; i++) free_list[free_count++] = cap - 1 - (i - old);
  capacity = cap;
}

static int store_allocate(void) {
  if (free_count == 0) store_grow();
  return free_list[--free_count];
}

static void store_release(int slot) { free_list[free_count++] = slot; }

/* Heap of slots with the sort keys copied in heap order (as Mg1RankHeap). */
static int32_t *h_slot;
static double *h_tier, *h_key, *h_arrival, *h_id;
static int h_size, h_cap;

static void heap_grow(void) {
  h_cap = h_cap ? h_cap * 2 : 1024;
  h_slot = realloc(h_slot, sizeof(int32_t) * h_cap);
  h_tier = realloc(h_tier, sizeof(double) * h_cap);
  h_key = realloc(h_key, sizeof(double) * h_cap);
  h_arrival = realloc(h_arrival, sizeof(double) * h_cap);
  h_id = realloc(h_id, sizeof(double) * h_cap);
}

/* a sorts strictly before b */
static int before(double ta, double ka, double aa, double ia, double tb, double kb, double ab,
                  double ib) {
  if (ta != tb) return ta < tb;
  if (ka != kb) return ka < kb;
  if (aa != ab) return aa < ab;
  return ia < ib;
}

static void heap_push(int slot) {
  if (h_size == h_cap) heap_grow();
  double t = tier[slot], k = key[slot], a = arrival[slot], i = ident[slot];
  int n = h_size++;
  while (n > 0) {
    int p = (n - 1) >> 1;
    if (!before(t, k, a, i, h_tier[p], h_key[p], h_arrival[p], h_id[p])) break;
    h_slot[n] = h_slot[p];
    h_tier[n] = h_tier[p];
    h_key[n] = h_key[p];
    h_arrival[n] = h_arrival[p];
    h_id[n] = h_id[p];
    n = p;
  }
  h_slot[n] = slot;
  h_tier[n] = t;
  h_key[n] = k;
  h_arrival[n] = a;
  h_id[n] = i;
}

static int heap_pop(void) {
  if (h_size == 0) return -1;
  int top = h_slot[0];
  int n = --h_size;
  if (n == 0) return top;
  int slot = h_slot[n];
  double t = h_tier[n], k = h_key[n], a = h_arrival[n], i = h_id[n];
  int at = 0;
  for (;;) {
    int c = 2 * at + 1;
    if (c >= n) break;
    if (c + 1 < n && before(h_tier[c + 1], h_key[c + 1], h_arrival[c + 1], h_id[c + 1], h_tier[c],
                            h_key[c], h_arrival[c], h_id[c]))
      c++;
    if (!before(h_tier[c], h_key[c], h_arrival[c], h_id[c], t, k, a, i)) break;
    h_slot[at] = h_slot[c];
    h_tier[at] = h_tier[c];
    h_key[at] = h_key[c];
    h_arrival[at] = h_arrival[c];
    h_id[at] = h_id[c];
    at = c;
  }
  h_slot[at] = slot;
  h_tier[at] = t;
  h_key[at] = k;
  h_arrival[at] = a;
  h_id[at] = i;
  return top;
}

/* Batch means over job ids [first, end) in 20 groups. */
#define BATCHES 20
static double b_sum[BATCHES], b_count[BATCHES], b_first, b_end, b_per;

static void stats_add(double id, double value) {
  if (id < b_first || id >= b_end) return;
  int b = (int)floor((id - b_first) / b_per);
  b_sum[b] += value;
  b_count[b] += 1;
}

static double t975(double df) {
  double z = 1.959963984540054, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

static Rng arrivals_rng, service_rng, prediction_rng;
static double lambda;
static int needs_prediction;

static double next_gap(void) { return -log(1.0 - next_double(&arrivals_rng)) / lambda; }

static void admit(int slot, double id, double at) {
  double x = 1.0 * unit_exp(&service_rng);
  double y = needs_prediction ? x * unit_exp(&prediction_rng) : x;
  ident[slot] = id;
  arrival[slot] = at;
  age[slot] = 0;
  size[slot] = x;
  predicted[slot] = y;
  work[slot] = x;
}

/* fifo: non-preemptive, every rank (0, 0): the heap orders by arrival, then id. */
static long run_fifo(long jobs) {
  double next_arrival = next_gap(), completion = INFINITY, run_id = 0, run_arrival = 0;
  long arrived = 0, events = 0;
  int busy = 0;
  while (arrived < jobs || busy) {
    events++;
    if (busy && completion <= next_arrival) {
      stats_add(run_id, completion - run_arrival);
      double now = completion;
      int next = heap_pop();
      if (next < 0) {
        busy = 0;
        completion = INFINITY;
      } else {
        run_id = ident[next];
        run_arrival = arrival[next];
        completion = now + work[next];
        store_release(next);
      }
      continue;
    }
    double now = next_arrival;
    int slot = store_allocate();
    admit(slot, (double)arrived, now);
    arrived++;
    next_arrival = arrived < jobs ? now + next_gap() : INFINITY;
    if (busy) {
      tier[slot] = 0;
      key[slot] = 0;
      heap_push(slot);
    } else {
      busy = 1;
      run_id = ident[slot];
      run_arrival = now;
      completion = now + work[slot];
      store_release(slot);
    }
  }
  return events;
}

/* sprpt: preemptive, rank (0, y - age), slope -1, one piece (no piece ends, no crossings). */
static long run_sprpt(long jobs) {
  double now = 0, next_arrival = next_gap(), completion_at = INFINITY;
  double r_key = 0, piece_age = 0;
  const double slope = -1;
  long arrived = 0, events = 0;
  int running = -1;
#define START(s)                                   \
  do {                                             \
    running = (s);                                 \
    r_key = predicted[running] - age[running];     \
    piece_age = age[running];                      \
    completion_at = now + (work[running] - age[running]); \
  } while (0)
#define PARK()                                                     \
  do {                                                             \
    tier[running] = 0;                                             \
    key[running] = r_key + slope * (age[running] - piece_age);     \
    heap_push(running);                                            \
  } while (0)
  while (arrived < jobs || running >= 0) {
    events++;
    if (running < 0) {
      now = next_arrival;
      int slot = store_allocate();
      admit(slot, (double)arrived, now);
      arrived++;
      next_arrival = arrived < jobs ? now + next_gap() : INFINITY;
      START(slot);
      continue;
    }
    if (!(next_arrival < completion_at)) {
      now = completion_at;
      stats_add(ident[running], now - arrival[running]);
      store_release(running);
      running = -1;
      int next = heap_pop();
      if (next >= 0) START(next);
    } else {
      double at = next_arrival;
      age[running] += at - now;
      now = at;
      int slot = store_allocate();
      admit(slot, (double)arrived, now);
      arrived++;
      next_arrival = arrived < jobs ? now + next_gap() : INFINITY;
      double new_key = predicted[slot] - age[slot];
      tier[slot] = 0;
      key[slot] = new_key;
      double current = r_key + slope * (age[running] - piece_age);
      if (new_key < current) {
        PARK();
        running = slot;
        r_key = new_key;
        piece_age = 0;
        completion_at = now + (work[running] - age[running]);
      } else {
        heap_push(slot);
      }
    }
  }
  return events;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: mg1-reference sprpt|fifo LAMBDA JOBS SEED\n");
    return 2;
  }
  int sprpt = strcmp(argv[1], "sprpt") == 0;
  if (!sprpt && strcmp(argv[1], "fifo") != 0) {
    fprintf(stderr, "mg1-reference: policy must be sprpt or fifo\n");
    return 2;
  }
  lambda = atof(argv[2]);
  long jobs = atol(argv[3]);
  uint32_t seed = (uint32_t)atol(argv[4]);
  arrivals_rng = rng_fork(seed, "arrivals");
  service_rng = rng_fork(seed, "service");
  prediction_rng = rng_fork(seed, "prediction");
  needs_prediction = sprpt;
  long first = (long)floor(jobs * 0.1);
  b_first = (double)first;
  b_end = (double)(jobs - first);
  b_per = (b_end - b_first) / BATCHES;
  long events = sprpt ? run_sprpt(jobs) : run_fifo(jobs);
  double total = 0, count = 0, mean_of_means = 0, squares = 0;
  int used = 0;
  for (int b = 0; b < BATCHES; b++) {
    total += b_sum[b];
    count += b_count[b];
    if (b_count[b] > 0) {
      mean_of_means += b_sum[b] / b_count[b];
      used++;
    }
  }
  mean_of_means /= used;
  for (int b = 0; b < BATCHES; b++)
    if (b_count[b] > 0) squares += pow(b_sum[b] / b_count[b] - mean_of_means, 2);
  double ci95 = t975(used - 1) * sqrt(squares / (used - 1) / used);
  printf("%.17g %.17g %ld\n", total / count, ci95, events);
  return 0;
}
