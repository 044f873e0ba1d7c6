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

#endif /* K4A4J_THREADPOOL_H */
