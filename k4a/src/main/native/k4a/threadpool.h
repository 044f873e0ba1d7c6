/*
 * A small pool of worker threads that runs one job at a time, split into bands of an index range
 * (image rows). The calling thread takes bands too, so a pool of n threads starts n - 1 workers.
 * Bands are handed out dynamically (the caller's from the start of the range, the workers' from its
 * end), so a thread slowed down by other work on the machine does not hold the others up. Owned by one transformation handle; run() calls must not overlap.
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
 * Each band is drawn by the thread that takes it straight into the output. A thread that finds
 * no band left to take draws again, into a spare buffer, a band another thread still holds (that
 * thread has lost its core to another process, or is slow): whichever finishes first wins the
 * band, the other gives up. Bands won by their second draft are copied from the spare buffer into
 * the output by the caller once every thread has left the job (the first draft of such a band may
 * still write the output until it notices). So a call no longer waits for a thread that is
 * switched out in the middle of a band to finish it, only for it to run again and leave. The
 * output does not depend on who wins as long as a band's drawing is a function of the inputs. */

/* A band of a speculative job, as its drafts see it. */
typedef struct
{
    atomic_int state; /* FREE, TAKEN, DONE, SPARE (won by the second draft; threadpool.c) */
    atomic_int spare; /* a second draft is under way */
} k4a4j_band_t;

/* True once the band is won: a draft then stops and its work is discarded. */
static inline bool k4a4j_band_lost(k4a4j_band_t *band)
{
    return atomic_load_explicit(&band->state, memory_order_relaxed) >= 2;
}

/* Draws [begin, end) into the output (spare false) or into the spare buffer (spare true), checking
 * k4a4j_band_lost(band) now and then when band is not NULL (NULL: the only draft); returns false
 * when it gave up. */
typedef bool k4a4j_draft_fn(void *context, bool spare, int begin, int end, k4a4j_band_t *band);

/* Copies [begin, end) from the spare buffer into the output. */
typedef void k4a4j_publish_fn(void *context, int begin, int end);

/* Runs a speculative job over [0, count) in bands of `band` indices (more if the pool keeps track
 * of fewer bands) and returns when every band is in the output and no thread is inside the job. */
void k4a4j_threadpool_run_speculative(k4a4j_threadpool_t *pool, int count, int band, k4a4j_draft_fn *draft,
                                      k4a4j_publish_fn *publish, void *context);

#endif /* K4A4J_THREADPOOL_H */
