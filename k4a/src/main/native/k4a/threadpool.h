/*
 * A small pool of worker threads that runs one job at a time, split into bands of an index range
 * (image rows). The calling thread takes bands too, so a pool of n threads starts n - 1 workers.
 * Bands are handed out dynamically, so a thread slowed down by other work on the machine does not
 * hold the others up. Owned by one transformation handle; run() calls must not overlap.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_THREADPOOL_H
#define K4A4J_THREADPOOL_H

#include <stdatomic.h>
#include <stdbool.h>

/* Work on the index range [begin, end). */
typedef void k4a4j_band_fn(void *context, int begin, int end);

typedef struct k4a4j_threadpool k4a4j_threadpool_t;

/* A pool of `threads` threads in all (the caller included; at least 1). NULL when out of
 * memory; if some workers cannot be started the pool runs with fewer. */
k4a4j_threadpool_t *k4a4j_threadpool_create(int threads);

/* Stops and joins the workers and frees the pool (NULL is ignored). */
void k4a4j_threadpool_destroy(k4a4j_threadpool_t *pool);

/* Threads that take part in a job (workers + the caller). */
int k4a4j_threadpool_threads(const k4a4j_threadpool_t *pool);

/* Runs fn over [0, count) in bands of `band` indices (the last may be shorter) on all threads
 * and returns when every band is done. */
void k4a4j_threadpool_run(k4a4j_threadpool_t *pool, int count, int band, k4a4j_band_fn *fn, void *context);

/* ---- speculative jobs ---------------------------------------------------------------------------
 * Each band is drafted by a thread into a buffer of its own and published (committed) into the
 * shared output by the first thread to finish it. A thread that finds no band left that nobody
 * drafts drafts again the oldest band another thread still holds (that thread has lost its core to
 * another process, or is slow), so a call no longer waits for a thread that is switched out in the
 * middle of a band: whoever finishes first publishes, the other gives up. The output does not
 * depend on who wins as long as a band's draft is a function of the inputs alone. */

/* A band of a speculative job, as its drafts see it. */
typedef struct
{
    atomic_int state;    /* FREE, DRAFTED, PUBLISHING, DONE (threadpool.c) */
    atomic_int drafters; /* threads drafting it now */
} k4a4j_band_t;

/* True once another thread has won the band: a draft then stops and its work is discarded. */
static inline bool k4a4j_band_lost(k4a4j_band_t *band)
{
    return atomic_load_explicit(&band->state, memory_order_relaxed) >= 2;
}

/* Drafts [begin, end) into thread `slot`'s buffer (0 the caller, 1 .. threads - 1 the workers),
 * checking k4a4j_band_lost(band) now and then; returns false when it gave up. slot -1 (band NULL):
 * the only thread on the job, which writes straight into the output (nothing is published). */
typedef bool k4a4j_draft_fn(void *context, int slot, int begin, int end, k4a4j_band_t *band);

/* Publishes slot's finished draft of [begin, end) into the output; called once per band. */
typedef void k4a4j_publish_fn(void *context, int slot, int begin, int end);

/* Runs a speculative job over [0, count) in bands of `band` indices (more if the pool keeps track
 * of fewer bands) and returns when every band is published and no thread is inside the job. */
void k4a4j_threadpool_run_speculative(k4a4j_threadpool_t *pool, int count, int band, k4a4j_draft_fn *draft,
                                      k4a4j_publish_fn *publish, void *context);

#endif /* K4A4J_THREADPOOL_H */
