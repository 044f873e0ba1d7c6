/*
 * The worker pool of threadpool.h. A job is published under the lock with a new generation
 * number; every thread (workers and the caller) then takes bands until none is left, the caller
 * from the start of the range and the workers from its end (one atomic word holds both ends), so
 * that each thread's bands are neighbours: the drawing mostly reads the projections its own thread
 * wrote, which matters where the cores do not share a cache (on the virtual machine measured, at
 * times a call took a quarter longer with bands handed out from one end: docs/benchmarks.md, stop
 * 11). When the caller runs out of bands it closes the job: workers that wake up later
 * skip it, and the caller waits only for those already inside, so the job's context may live on
 * the caller's stack and a late wake-up does not delay the return.
 *
 * Waking a sleeping thread costs tens of microseconds, which matters for jobs of a fraction of a
 * millisecond. So a worker that has just finished its bands watches for the next job before it
 * goes to sleep: while the caller is still on the job's last bands (for at most twice the time its
 * own bands took: a caller that takes longer has lost its core, and a worker that spins then may
 * keep it from the caller), then WORKER_WATCH_USEC more (the environment variable
 * K4A4J_TRANSFORMATION_WATCH_USEC, read when the pool is created, sets another time, 0: no
 * watching at all). Back-to-back jobs (the projection and the drawing of one call, the frames of a
 * pipeline) then start without a wake-up. The watch stays short: a worker that watches keeps a
 * core busy that the caller's other threads (a playback's decode-ahead, the application's own)
 * may need (docs/benchmarks.md, the pipeline figure).
 *
 * Beside another busy process (more runnable threads than cores) Linux hands out cores in
 * scheduler ticks (4 ms on a 250 Hz kernel), longer than a whole call, so three things are done
 * (docs/benchmarks.md, "Two threads beside a busy process"); the first two only on Linux:
 * - A woken worker is put on the core of the thread that woke it, the caller's, and takes it from
 *   the caller: the two then share one core while the other process has the other. A worker that
 *   finds itself on the caller's core moves off it before joining the job (its affinity without
 *   that core, then its affinity as it was: it stays where it moved to).
 * - A worker that loses its core in the middle of a band would hold the caller up until the
 *   worker's next turn. The caller, once out of bands, watches the workers finish while their
 *   bands run no longer than twice its own; past that a worker counts as stalled, and the caller
 *   moves it to its own core (the worker's affinity set to that core until the job is done, then
 *   as it was) and sleeps, so the worker runs there at once.
 * - Threads that wait for one another sleep in RESLEEP_USEC steps, so that the system can move a
 *   thread that lost its core to the one the sleeper leaves.
 * A speculative job (threadpool.h) removes the remaining wait for a worker switched out in the
 * middle of a band: another thread draws its band again into a spare buffer, and the first draft
 * to finish wins. The caller still waits for every worker to leave the job (a lost draft reads the
 * caller's inputs and may write the output until it notices), but a worker that has lost its band
 * leaves within a row once it runs, and one still inside SPEC_WATCH_USEC after the caller ran out
 * of bands is moved to the caller's core.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getcpu, sched_getaffinity, sched_setaffinity */
#endif
#include "threadpool.h"

#include "../common/allocator.h"
#include "../common/env.h"
#include "../common/log.h"
#include "../common/platform.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

/* How long a worker watches for the next job before sleeping; it reads the clock every
 * CLOCK_ROUNDS rounds. */
#define WORKER_WATCH_USEC 30
#define WORKER_WATCH_MAX_USEC 100000
#define CLOCK_ROUNDS 64
/* A thread that waits for another to finish the job wakes this often and sleeps again (each time
 * it falls asleep the system looks for a thread to run on the core it leaves). */
#define RESLEEP_USEC 200
/* The shortest band time after which a worker the caller waits for counts as stalled. */
#define STALLED_USEC 200
/* The longest a worker watches for the caller to finish the job's last bands. */
#define HOLD_MAX_USEC 2000
/* How long a worker out of a speculative job's bands watches for the caller to close it (the caller
 * has at most a row of a lost draft, or a band drawn again, left). */
#define SPEC_HOLD_USEC 60
/* A speculative job's bands per thread the pool keeps track of (a job with more gets longer bands). */
#define SPEC_BANDS_PER_THREAD 16
/* When the caller runs out of a speculative job's bands it watches SPEC_WATCH_USEC for the workers
 * to leave (a lost draft notices within a row); a worker still inside then, in a band started
 * SPEC_STALLED_USEC ago or more, is moved to the caller's core (at once when a band was won by its
 * second draft: the first one's thread has most likely lost its core). */
#define SPEC_WATCH_USEC 100
#define SPEC_STALLED_USEC 30

/* states of a speculative band */
enum
{
    BAND_FREE,  /* nobody has taken it yet */
    BAND_TAKEN, /* drawn into the output, maybe drawn again into the spare buffer */
    BAND_DONE,  /* won by the draft into the output (k4a4j_band_lost from here on) */
    BAND_SPARE, /* won by the draft into the spare buffer: to be copied */
};

static inline void cpu_relax(void)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_ia32_pause();
#elif defined(__GNUC__) && defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

typedef struct
{
    k4a4j_threadpool_t *pool;
    k4a4j_thread_t thread;
    atomic_bool working;        /* inside a job, past moving off the caller's core */
    atomic_llong band_start;    /* when it started its current band (monotonic microseconds) */
} worker_t;

struct k4a4j_threadpool
{
    k4a4j_mutex_t lock;
    k4a4j_cond_t wake; /* workers: a new job or stop */
    k4a4j_cond_t idle; /* caller: the last worker left the job */
    worker_t *threads;
    int workers;
    atomic_bool stopping;
    atomic_uint generation;
    atomic_bool open;     /* workers may still join the current job (changed under the lock) */
    atomic_int busy;      /* workers inside the current job (changed under the lock) */
    int sleeping;         /* workers waiting on `wake` (under the lock) */
    long long watch_usec; /* how long a worker watches for the next job before sleeping */

    /* the current job */
    k4a4j_band_fn *fn;
    k4a4j_draft_fn *draft; /* a speculative job: draft, not fn */
    void *context;
    int count;
    int band;
    k4a4j_band_t *bands; /* a speculative job's bands (band_capacity) */
    int band_capacity;
    atomic_ullong ends; /* the bands not yet handed out: [low 32 bits, high 32 bits) */
    atomic_int caller_cpu; /* the core the caller published the job from (-1: unknown) */
};

/* The core the calling thread runs on (-1: unknown). */
static int current_cpu(void)
{
#if defined(__linux__)
    return sched_getcpu();
#else
    return -1;
#endif
}

/* Moves the calling worker off `cpu` (the caller's core) when it runs there and its affinity
 * allows another core; its affinity is then set back as it was (it stays where it now runs). */
static void leave_cpu(int cpu)
{
#if defined(__linux__)
    if (cpu < 0 || sched_getcpu() != cpu)
        return;
    cpu_set_t mask, others;
    if (sched_getaffinity(0, sizeof(mask), &mask) != 0)
        return;
    others = mask;
    CPU_CLR(cpu, &others);
    if (CPU_COUNT(&others) == 0)
        return;
    if (sched_setaffinity(0, sizeof(others), &others) == 0)
        (void)sched_setaffinity(0, sizeof(mask), &mask);
#else
    (void)cpu;
#endif
}

/* A worker that the caller waits for has lost its core (to another process) when its band has run
 * for longer than `stalled_usec`; returns such a worker, or NULL. */
static worker_t *find_stalled(k4a4j_threadpool_t *pool, long long stalled_usec)
{
    long long now = k4a4j_monotonic_usec();
    for (int i = 0; i < pool->workers; i++)
    {
        worker_t *w = &pool->threads[i];
        if (atomic_load_explicit(&w->working, memory_order_acquire) &&
            now - atomic_load_explicit(&w->band_start, memory_order_relaxed) >= stalled_usec)
            return w;
    }
    return NULL;
}

/* Gives a stalled worker the caller's core, which the caller is about to leave by sleeping: on
 * Linux sets the worker's affinity to that core (`saved` gets the affinity it had). A runnable
 * thread waiting for a busy core is otherwise left there for up to a scheduler tick (4 ms on this
 * machine) even with another core idle. Returns w, or NULL when it could not. */
static worker_t *pull_worker(worker_t *w, void *saved)
{
#if defined(__linux__)
    int cpu = sched_getcpu();
    cpu_set_t here;
    CPU_ZERO(&here);
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return NULL;
    CPU_SET(cpu, &here);
    if (pthread_getaffinity_np(w->thread, sizeof(cpu_set_t), (cpu_set_t *)saved) != 0 ||
        !CPU_ISSET(cpu, (cpu_set_t *)saved) || pthread_setaffinity_np(w->thread, sizeof(here), &here) != 0)
        return NULL;
    return w;
#else
    (void)w;
    (void)saved;
    return NULL;
#endif
}

/* Gives the worker moved by pull_worker its affinity back. */
static void release_pulled(worker_t *w, const void *saved)
{
#if defined(__linux__)
    if (w != NULL)
        (void)pthread_setaffinity_np(w->thread, sizeof(cpu_set_t), (const cpu_set_t *)saved);
#else
    (void)w;
    (void)saved;
#endif
}

/* The number of bands of `band` indices in [0, count), and the end of the one that starts at begin
 * (the last may be shorter). */
static inline int band_count(int count, int band)
{
    return (count + band - 1) / band;
}
static inline int band_end(int count, int band, int begin)
{
    return count - begin < band ? count : begin + band;
}

/* The next band of the current job: the first one left (the caller) or the last (workers, back);
 * -1 when none is left. So the caller works from the start of the range and the workers from its
 * end: each thread's bands are neighbours, and a job that reads what the previous one wrote (the
 * drawing after the projection) mostly reads what the same thread wrote, from its own caches. */
static int claim_band(k4a4j_threadpool_t *pool, bool back)
{
    unsigned long long ends = atomic_load_explicit(&pool->ends, memory_order_relaxed);
    for (;;)
    {
        const unsigned long long low = ends & 0xffffffffull, high = ends >> 32;
        if (low >= high)
            return -1;
        const unsigned long long next = back ? ((high - 1) << 32) | low : (high << 32) | (low + 1);
        if (atomic_compare_exchange_weak_explicit(&pool->ends, &ends, next, memory_order_relaxed,
                                                  memory_order_relaxed))
            return (int)(back ? high - 1 : low);
    }
}

/* Takes bands of the current job until none is left; returns how many it took. A worker notes
 * when it starts each band (band_start, else NULL) and takes them from the end. */
static int take_bands(k4a4j_threadpool_t *pool, k4a4j_band_fn *fn, void *context, int count, int band,
                      atomic_llong *band_start)
{
    for (int taken = 0;; taken++)
    {
        const int i = claim_band(pool, band_start != NULL);
        if (i < 0)
            return taken;
        const int begin = i * band, end = band_end(count, band, begin);
        if (band_start != NULL)
            atomic_store_explicit(band_start, k4a4j_monotonic_usec(), memory_order_relaxed);
        fn(context, begin, end);
    }
}

/* The band of a speculative job to draw again once none is left to take: the oldest of those not
 * yet won and not already drawn again (its thread is the likeliest to be switched out); -1 when
 * there is none. */
static int band_to_redraw(const k4a4j_threadpool_t *pool, int bands)
{
    for (int i = 0; i < bands; i++)
    {
        k4a4j_band_t *b = &pool->bands[i];
        if (atomic_load_explicit(&b->state, memory_order_relaxed) < BAND_DONE &&
            atomic_load_explicit(&b->spare, memory_order_relaxed) == 0)
            return i;
    }
    return -1;
}

/* Draws bands of the current speculative job, those nobody has taken into the output and then
 * those still held by another thread into the spare buffer, until none is left; returns how many
 * it drew. A worker notes when it starts each band (band_start, else NULL). */
static int take_drafts(k4a4j_threadpool_t *pool, k4a4j_draft_fn *draft, void *context, int count, int band,
                       atomic_llong *band_start)
{
    const int bands = band_count(count, band);
    for (int taken = 0;; taken++)
    {
        int i = claim_band(pool, band_start != NULL);
        const bool spare = i < 0;
        if (spare && (i = band_to_redraw(pool, bands)) < 0)
            return taken;
        k4a4j_band_t *b = &pool->bands[i];
        int state = BAND_FREE;
        if (spare && atomic_exchange_explicit(&b->spare, 1, memory_order_relaxed) != 0)
            continue; /* another thread got there first */
        if (!spare)
            atomic_compare_exchange_strong_explicit(&b->state, &state, BAND_TAKEN, memory_order_relaxed,
                                                    memory_order_relaxed);
        const int begin = i * band, end = band_end(count, band, begin);
        if (band_start != NULL)
            atomic_store_explicit(band_start, k4a4j_monotonic_usec(), memory_order_relaxed);
        if (draft(context, spare, begin, end, b))
        {
            /* the first finished draft wins the band */
            state = atomic_load_explicit(&b->state, memory_order_relaxed);
            while (state < BAND_DONE && !atomic_compare_exchange_weak_explicit(&b->state, &state,
                                                                               spare ? BAND_SPARE : BAND_DONE,
                                                                               memory_order_relaxed,
                                                                               memory_order_relaxed))
            {
            }
        }
    }
}

static K4A4J_THREAD_ENTRY(worker_main, arg)
{
    worker_t *self = (worker_t *)arg;
    k4a4j_threadpool_t *pool = self->pool;
    unsigned seen = 0;
    long long hold_usec = 0; /* how long to watch for the caller to close the job just left */
    for (;;)
    {
        /* watch while the caller finishes the job and for a moment after, then sleep until
         * there is something new */
        long long now = k4a4j_monotonic_usec();
        long long hold_until = now + hold_usec, watch_until = now + pool->watch_usec;
        for (int i = 1; pool->watch_usec > 0; i++)
        {
            if (atomic_load_explicit(&pool->generation, memory_order_acquire) != seen ||
                atomic_load_explicit(&pool->stopping, memory_order_relaxed))
                break;
            if (i % CLOCK_ROUNDS == 0)
            {
                now = k4a4j_monotonic_usec();
                if (now < hold_until && atomic_load_explicit(&pool->open, memory_order_relaxed))
                    watch_until = now + pool->watch_usec;
                else if (now >= watch_until)
                    break;
            }
            cpu_relax();
        }
        k4a4j_mutex_lock(&pool->lock);
        while (!atomic_load_explicit(&pool->stopping, memory_order_relaxed) &&
               atomic_load_explicit(&pool->generation, memory_order_relaxed) == seen)
        {
            pool->sleeping++;
            if (atomic_load_explicit(&pool->open, memory_order_relaxed))
                k4a4j_cond_wait_until(&pool->wake, &pool->lock, k4a4j_monotonic_usec() + RESLEEP_USEC);
            else
                k4a4j_cond_wait(&pool->wake, &pool->lock);
            pool->sleeping--;
        }
        if (atomic_load_explicit(&pool->stopping, memory_order_relaxed))
        {
            k4a4j_mutex_unlock(&pool->lock);
            break;
        }
        seen = atomic_load_explicit(&pool->generation, memory_order_relaxed);
        const int caller_cpu = atomic_load_explicit(&pool->caller_cpu, memory_order_relaxed);
        if (atomic_load_explicit(&pool->open, memory_order_relaxed) && caller_cpu >= 0 && current_cpu() == caller_cpu)
        {
            /* on the caller's core: move before joining (the caller does not wait for a move) */
            k4a4j_mutex_unlock(&pool->lock);
            leave_cpu(caller_cpu);
            k4a4j_mutex_lock(&pool->lock);
        }
        if (!atomic_load_explicit(&pool->open, memory_order_relaxed) ||
            atomic_load_explicit(&pool->generation, memory_order_relaxed) != seen)
        {
            hold_usec = 0;
            k4a4j_mutex_unlock(&pool->lock);
            continue; /* woke up too late: the job is done */
        }
        atomic_fetch_add_explicit(&pool->busy, 1, memory_order_relaxed);
        k4a4j_band_fn *fn = pool->fn;
        k4a4j_draft_fn *draft = pool->draft;
        void *context = pool->context;
        int count = pool->count, band = pool->band;
        long long start = k4a4j_monotonic_usec();
        atomic_store_explicit(&self->band_start, start, memory_order_relaxed);
        atomic_store_explicit(&self->working, true, memory_order_release);
        k4a4j_mutex_unlock(&pool->lock);

        int taken = draft != NULL ? take_drafts(pool, draft, context, count, band, &self->band_start)
                                  : take_bands(pool, fn, context, count, band, &self->band_start);
        atomic_store_explicit(&self->working, false, memory_order_relaxed);
        /* the caller's last band takes about as long as one of ours; in a speculative job the
         * bands are all done */
        hold_usec = taken > 0 ? 2 * (k4a4j_monotonic_usec() - start) / taken : 0;
        hold_usec = hold_usec < HOLD_MAX_USEC ? hold_usec : HOLD_MAX_USEC;
        hold_usec = draft != NULL && hold_usec > SPEC_HOLD_USEC ? SPEC_HOLD_USEC : hold_usec;

        k4a4j_mutex_lock(&pool->lock);
        if (atomic_fetch_sub_explicit(&pool->busy, 1, memory_order_release) == 1)
            k4a4j_cond_broadcast(&pool->idle);
        k4a4j_mutex_unlock(&pool->lock);
    }
    return K4A4J_THREAD_RETURN;
}

/* WORKER_WATCH_USEC, or K4A4J_TRANSFORMATION_WATCH_USEC (0 to WORKER_WATCH_MAX_USEC). */
static long long watch_usec(void)
{
    return k4a4j_env_integer("K4A4J_TRANSFORMATION_WATCH_USEC", WORKER_WATCH_USEC, 0, WORKER_WATCH_MAX_USEC);
}

k4a4j_threadpool_t *k4a4j_threadpool_create(int threads)
{
    k4a4j_threadpool_t *pool = k4a4j_object_alloc(sizeof(*pool));
    if (pool == NULL)
        return NULL;
    k4a4j_mutex_init(&pool->lock);
    k4a4j_cond_init_monotonic(&pool->wake);
    k4a4j_cond_init_monotonic(&pool->idle);
    atomic_init(&pool->stopping, false);
    atomic_init(&pool->generation, 0u);
    atomic_init(&pool->busy, 0);
    atomic_init(&pool->ends, 0ull);
    atomic_init(&pool->open, false);
    atomic_init(&pool->caller_cpu, -1);
    pool->watch_usec = watch_usec();
    int wanted = threads > 1 ? threads - 1 : 0;
    if (wanted > 0)
    {
        pool->threads = k4a4j_object_alloc(sizeof(worker_t) * (size_t)wanted);
        pool->band_capacity = SPEC_BANDS_PER_THREAD * (wanted + 1);
        pool->bands = k4a4j_object_alloc(sizeof(k4a4j_band_t) * (size_t)pool->band_capacity);
        if (pool->threads == NULL || pool->bands == NULL)
            wanted = 0;
    }
    for (int i = 0; i < wanted; i++)
    {
        worker_t *w = &pool->threads[i];
        w->pool = pool;
        atomic_init(&w->working, false);
        atomic_init(&w->band_start, 0);
        if (!k4a4j_thread_create(&w->thread, worker_main, w))
        {
            LOG_WARNING("transformation: could only start %d of %d worker threads", i, wanted);
            break;
        }
        pool->workers++;
    }
    return pool;
}

void k4a4j_threadpool_destroy(k4a4j_threadpool_t *pool)
{
    if (pool == NULL)
        return;
    k4a4j_mutex_lock(&pool->lock);
    atomic_store_explicit(&pool->stopping, true, memory_order_relaxed);
    k4a4j_cond_broadcast(&pool->wake);
    k4a4j_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->workers; i++)
        k4a4j_thread_join(pool->threads[i].thread);
    k4a4j_object_free(pool->threads);
    k4a4j_object_free(pool->bands);
    k4a4j_cond_destroy(&pool->idle);
    k4a4j_cond_destroy(&pool->wake);
    k4a4j_mutex_destroy(&pool->lock);
    k4a4j_object_free(pool);
}

int k4a4j_threadpool_threads(const k4a4j_threadpool_t *pool)
{
    return pool->workers + 1;
}

/* Publishes a job to the workers (fn, or draft) and wakes those asleep. */
static void start_job(k4a4j_threadpool_t *pool, int count, int band, k4a4j_band_fn *fn, k4a4j_draft_fn *draft,
                      void *context)
{
    k4a4j_mutex_lock(&pool->lock);
    pool->fn = fn;
    pool->draft = draft;
    pool->context = context;
    pool->count = count;
    pool->band = band;
    atomic_store_explicit(&pool->caller_cpu, current_cpu(), memory_order_relaxed);
    atomic_store_explicit(&pool->ends, (unsigned long long)band_count(count, band) << 32, memory_order_relaxed);
    atomic_store_explicit(&pool->open, true, memory_order_relaxed);
    atomic_fetch_add_explicit(&pool->generation, 1u, memory_order_release);
    if (pool->sleeping > 0)
        k4a4j_cond_broadcast(&pool->wake);
    k4a4j_mutex_unlock(&pool->lock);
}

/* Closes the job (workers that wake up later skip it) and waits for the workers inside it:
 * watching for at most spin_usec, then asleep; a worker whose band has run stalled_usec is given
 * this core (patient: only once the watch is over). */
static void finish_job(k4a4j_threadpool_t *pool, long long stalled_usec, long long spin_usec, bool patient)
{
    k4a4j_mutex_lock(&pool->lock);
    atomic_store_explicit(&pool->open, false, memory_order_relaxed);
    k4a4j_mutex_unlock(&pool->lock);
    long long spin_until = k4a4j_monotonic_usec() + spin_usec;
    worker_t *stalled = NULL;
    for (int i = 1; atomic_load_explicit(&pool->busy, memory_order_acquire) > 0; i++)
    {
        if (i % CLOCK_ROUNDS == 0 && ((!patient && (stalled = find_stalled(pool, stalled_usec)) != NULL) ||
                                      k4a4j_monotonic_usec() >= spin_until))
            break;
        cpu_relax();
    }
    if (patient && atomic_load_explicit(&pool->busy, memory_order_acquire) > 0)
        stalled = find_stalled(pool, stalled_usec);
    /* sleeping lets a stalled worker have this core (moved here where the system allows it);
     * waking now and then lets the system look again for a thread to run here */
#if defined(__linux__)
    cpu_set_t saved;
#else
    int saved;
#endif
    worker_t *pulled = NULL;
    for (;;)
    {
        if (pulled == NULL && stalled != NULL)
            pulled = pull_worker(stalled, &saved);
        k4a4j_mutex_lock(&pool->lock);
        if (atomic_load_explicit(&pool->busy, memory_order_acquire) > 0)
            k4a4j_cond_wait_until(&pool->idle, &pool->lock, k4a4j_monotonic_usec() + RESLEEP_USEC);
        bool done = atomic_load_explicit(&pool->busy, memory_order_acquire) == 0;
        k4a4j_mutex_unlock(&pool->lock);
        if (done)
            break;
        if (pulled == NULL)
            stalled = find_stalled(pool, stalled_usec);
    }
    release_pulled(pulled, &saved);
}

void k4a4j_threadpool_run(k4a4j_threadpool_t *pool, int count, int band, k4a4j_band_fn *fn, void *context)
{
    if (count <= 0)
        return;
    if (band < 1)
        band = 1;
    if (pool->workers == 0 || count <= band)
    {
        /* one band: not worth waking anyone */
        fn(context, 0, count);
        return;
    }
    start_job(pool, count, band, fn, NULL, context);
    long long start = k4a4j_monotonic_usec();
    int taken = take_bands(pool, fn, context, count, band, NULL);
    long long band_usec = taken > 0 ? (k4a4j_monotonic_usec() - start) / taken : 0;
    long long stalled_usec = 2 * band_usec > STALLED_USEC ? 2 * band_usec : STALLED_USEC;
    finish_job(pool, stalled_usec, stalled_usec, false);
}

void k4a4j_threadpool_run_speculative(k4a4j_threadpool_t *pool, int count, int band, k4a4j_draft_fn *draft,
                                      k4a4j_publish_fn *publish, void *context)
{
    if (count <= 0)
        return;
    if (band < 1)
        band = 1;
    if (pool->workers == 0 || count <= band)
    {
        /* one thread on the job: no second drafts */
        (void)draft(context, false, 0, count, NULL);
        return;
    }
    if (band_count(count, band) > pool->band_capacity)
        band = (count + pool->band_capacity - 1) / pool->band_capacity; /* at most band_capacity bands */
    const int bands = band_count(count, band);
    for (int i = 0; i < bands; i++)
    {
        atomic_store_explicit(&pool->bands[i].state, BAND_FREE, memory_order_relaxed);
        atomic_store_explicit(&pool->bands[i].spare, 0, memory_order_relaxed);
    }
    start_job(pool, count, band, NULL, draft, context);
    (void)take_drafts(pool, draft, context, count, band, NULL);
    /* a band won by its second draft: its first is the likeliest to be switched out, so a worker
     * still inside is moved here at once */
    bool redrawn = false;
    for (int i = 0; i < bands; i++)
        redrawn |= atomic_load_explicit(&pool->bands[i].state, memory_order_relaxed) == BAND_SPARE;
    finish_job(pool, redrawn ? 0 : SPEC_STALLED_USEC, redrawn ? 0 : SPEC_WATCH_USEC, true);
    /* every thread has left: the bands won by a second draft go from the spare buffer to the output */
    for (int i = 0; i < bands; i++)
        if (atomic_load_explicit(&pool->bands[i].state, memory_order_relaxed) == BAND_SPARE)
            publish(context, i * band, band_end(count, band, i * band));
}
