/*
 * The transformation's worker pool (k4a/threadpool.c, compiled into this test: it is internal to
 * libk4a). Checks that every job runs each index exactly once, for pools of 1 to 4 threads, bands
 * that do and do not divide the count, and many jobs back to back (the workers' watch between
 * jobs); that a worker stalled in the middle of a band (here: sleeping, as a thread that lost its
 * core) neither loses nor repeats a band and is waited for (the caller then moves it to its core); and, on Linux, that moving workers
 * between cores (off the caller's core, onto it when stalled) leaves every thread of the process
 * with the affinity it had. Speculative jobs: every index ends up with the value its drafts compute
 * (copied from the spare buffer at most once), for 1 to 4 threads; a worker stalled in its first
 * band (Linux: told apart from the caller) loses it to the caller, which draws it again, and gives up.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getaffinity of the process's threads */
#endif
#include "check.h"

#include "k4a/threadpool.h"

#include <stdatomic.h>
#include <time.h>
#if defined(__linux__)
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#endif

#define MAX_COUNT 1000

typedef struct
{
    atomic_int hits[MAX_COUNT];
    int stall_usec;     /* the first band a worker takes in a job sleeps this long first */
    atomic_int stalled; /* a worker has stalled in this job */
    int band_usec;      /* every band takes this long (so that the workers take part) */
#if defined(__linux__)
    pthread_t caller;
#endif
} job_t;

static void sleep_usec(int usec)
{
    struct timespec ts = { usec / 1000000, (long)(usec % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

static void count_band(void *context, int begin, int end)
{
    job_t *job = context;
#if defined(__linux__)
    if (job->stall_usec > 0 && !pthread_equal(pthread_self(), job->caller) && atomic_exchange(&job->stalled, 1) == 0)
        sleep_usec(job->stall_usec);
#endif
    if (job->band_usec > 0)
        sleep_usec(job->band_usec);
    for (int i = begin; i < end; i++)
        atomic_fetch_add_explicit(&job->hits[i], 1, memory_order_relaxed);
}

/* Runs `jobs` jobs over [0, count) in bands of `band` and checks each index ran once per job.
 * Returns in how many jobs a worker stalled (took part: a loaded machine may leave it no core for
 * some jobs, so no single job's count is checked). */
static int run_jobs(k4a4j_threadpool_t *pool, job_t *job, int count, int band, int jobs)
{
    int wrong = 0, stalled = 0;
    for (int j = 0; j < jobs; j++)
    {
        atomic_store(&job->stalled, 0);
        for (int i = 0; i < count; i++)
            atomic_store(&job->hits[i], 0);
        k4a4j_threadpool_run(pool, count, band, count_band, job);
        for (int i = 0; i < count; i++)
            wrong += atomic_load(&job->hits[i]) != 1;
        stalled += atomic_load(&job->stalled);
    }
    EXPECT_EQ(wrong, 0);
    return stalled;
}

static job_t job; /* large: not on the stack */

static void test_every_index_once(void)
{
    static const int sizes[][2] = { { 1, 1 }, { 7, 1 }, { 100, 3 }, { 576, 13 }, { 720, 90 }, { 1000, 999 },
                                    { 1000, 1000 }, { 5, 0 } };
    for (int threads = 1; threads <= 4; threads++)
    {
        k4a4j_threadpool_t *pool = k4a4j_threadpool_create(threads);
        EXPECT_TRUE(pool != NULL);
        if (pool == NULL)
            continue;
        EXPECT_EQ(k4a4j_threadpool_threads(pool), threads);
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
            (void)run_jobs(pool, &job, sizes[s][0], sizes[s][1], 50);
        /* nothing to do: fn is not called */
        k4a4j_threadpool_run(pool, 0, 4, count_band, &job);
        k4a4j_threadpool_destroy(pool);
    }
    k4a4j_threadpool_destroy(NULL);
}

#if defined(__linux__)
/* Whether every thread of the process has the affinity `mask` now. */
static int all_threads_have_now(const cpu_set_t *mask)
{
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL)
        return 1; /* no /proc: nothing to compare */
    int same = 1;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        int tid = atoi(entry->d_name);
        cpu_set_t its;
        if (tid > 0 && sched_getaffinity(tid, sizeof(its), &its) == 0 && !CPU_EQUAL(&its, mask))
            same = 0;
    }
    closedir(dir);
    return same;
}

/* Whether every thread of the process has the affinity `mask` within 100 ms (a worker that woke up
 * for a job already done may be in the middle of moving off the caller's core, between its two
 * affinity changes). */
static int all_threads_have(const cpu_set_t *mask)
{
    for (int i = 0; i < 100 && !all_threads_have_now(mask); i++)
        sleep_usec(1000);
    return all_threads_have_now(mask);
}
#endif

static void test_stalled_worker(void)
{
#if defined(__linux__)
    cpu_set_t before;
    EXPECT_EQ(sched_getaffinity(0, sizeof(before), &before), 0);
    job.caller = pthread_self();
#endif
    k4a4j_threadpool_t *pool = k4a4j_threadpool_create(2);
    EXPECT_TRUE(pool != NULL);
    if (pool == NULL)
        return;
    /* the worker, when it takes the first band, stalls for 3 ms: far past twice the other bands */
    job.band_usec = 100;
    job.stall_usec = 3000;
    EXPECT_TRUE(run_jobs(pool, &job, 200, 10, 40) > 0); /* the worker took part */
    job.stall_usec = 0;
    (void)run_jobs(pool, &job, 200, 10, 40);
    job.band_usec = 0;
#if defined(__linux__)
    EXPECT_TRUE(all_threads_have(&before));
#endif
    k4a4j_threadpool_destroy(pool);
}

/* ---- speculative jobs ---- */

typedef struct
{
    int out[MAX_COUNT];
    int spare[MAX_COUNT];
    atomic_int drawn[MAX_COUNT];   /* how often each index was drawn into out by a draft that won */
    atomic_int copied[MAX_COUNT];  /* how often each index was copied from spare */
    int stall_usec;                /* a worker's first draft in a job sleeps this long first */
    atomic_int stalled_begin;      /* the first index of the band it stalled in (-1: none) */
    int draft_usec;                /* every draft takes this long (so that the workers take part) */
    atomic_int stalled_done;       /* the stalled draft went on drawing (it did not see the band lost) */
#if defined(__linux__)
    pthread_t caller;
#endif
} spec_job_t;

static int value_of(int i)
{
    return 7 * i + 1;
}

static bool draft_band(void *context, bool spare, int begin, int end, k4a4j_band_t *band)
{
    spec_job_t *job = context;
    int *to = spare ? job->spare : job->out;
    int none = -1;
    bool stalls = false;
#if defined(__linux__)
    stalls = job->stall_usec > 0 && !spare && !pthread_equal(pthread_self(), job->caller) &&
             atomic_compare_exchange_strong(&job->stalled_begin, &none, begin);
#endif
    (void)none;
    if (stalls)
        sleep_usec(job->stall_usec);
    if (job->draft_usec > 0)
        sleep_usec(job->draft_usec);
    for (int i = begin; i < end; i++)
    {
        if (band != NULL && k4a4j_band_lost(band))
            return false;
        to[i] = value_of(i);
    }
    if (stalls)
        atomic_store(&job->stalled_done, 1);
    return true;
}

static void copy_band(void *context, int begin, int end)
{
    spec_job_t *job = context;
    for (int i = begin; i < end; i++)
    {
        job->out[i] = job->spare[i];
        atomic_fetch_add(&job->copied[i], 1);
    }
}

static spec_job_t spec; /* large: not on the stack */

/* Runs `jobs` speculative jobs over [0, count) in bands of `band`; checks every index ends up with
 * its value. Returns in how many jobs a worker stalled and its band was copied from a second draft
 * (the stalled draft gave up). */
static int run_speculative_jobs(k4a4j_threadpool_t *pool, int count, int band, int jobs)
{
    int wrong = 0, redrawn = 0;
    for (int j = 0; j < jobs; j++)
    {
        atomic_store(&spec.stalled_begin, -1);
        atomic_store(&spec.stalled_done, 0);
        for (int i = 0; i < count; i++)
        {
            spec.out[i] = -1;
            spec.spare[i] = -1;
            atomic_store(&spec.copied[i], 0);
        }
        k4a4j_threadpool_run_speculative(pool, count, band, draft_band, copy_band, &spec);
        for (int i = 0; i < count; i++)
            wrong += spec.out[i] != value_of(i) || atomic_load(&spec.copied[i]) > 1;
        int stalled = atomic_load(&spec.stalled_begin);
        redrawn += stalled >= 0 && atomic_load(&spec.copied[stalled]) == 1 && !atomic_load(&spec.stalled_done);
    }
    EXPECT_EQ(wrong, 0);
    return redrawn;
}

static void test_speculative_every_index_once(void)
{
    static const int sizes[][2] = { { 1, 1 }, { 7, 1 }, { 100, 3 }, { 720, 90 }, { 1000, 999 }, { 1000, 7 },
                                    { 5, 0 } };
    for (int threads = 1; threads <= 4; threads++)
    {
        k4a4j_threadpool_t *pool = k4a4j_threadpool_create(threads);
        EXPECT_TRUE(pool != NULL);
        if (pool == NULL)
            continue;
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
            (void)run_speculative_jobs(pool, sizes[s][0], sizes[s][1], 50);
        k4a4j_threadpool_run_speculative(pool, 0, 4, draft_band, copy_band, &spec); /* nothing to do */
        k4a4j_threadpool_destroy(pool);
    }
}

static void test_speculative_stalled_worker(void)
{
#if defined(__linux__)
    cpu_set_t before;
    EXPECT_EQ(sched_getaffinity(0, sizeof(before), &before), 0);
    spec.caller = pthread_self();
    k4a4j_threadpool_t *pool = k4a4j_threadpool_create(2);
    EXPECT_TRUE(pool != NULL);
    if (pool == NULL)
        return;
    /* the worker's first band sleeps 30 ms: the caller draws that band again into the spare buffer
     * (it runs out of other bands long before) and wins, so the stalled draft gives up whenever the
     * worker took part in the job */
    spec.stall_usec = 30000;
    spec.draft_usec = 200;
    int redrawn = 0;
    for (int jobs = 0; jobs < 20 && redrawn == 0; jobs++)
        redrawn = run_speculative_jobs(pool, 720, 90, 1);
    EXPECT_TRUE(redrawn > 0);
    spec.stall_usec = 0;
    (void)run_speculative_jobs(pool, 720, 90, 20);
    spec.draft_usec = 0;
    EXPECT_TRUE(all_threads_have(&before));
    k4a4j_threadpool_destroy(pool);
#endif
}

int main(void)
{
    RUN(test_every_index_once);
    RUN(test_stalled_worker);
    RUN(test_speculative_every_index_once);
    RUN(test_speculative_stalled_worker);
    return check_summary();
}
