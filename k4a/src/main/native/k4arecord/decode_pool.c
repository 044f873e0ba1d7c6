/*
 * Converting colour frames ahead of the caller (see decode_pool.h). A frame nobody wants any more
 * (the reading stopped, went elsewhere, or the pool closes) is not converted on: a worker
 * converting it is told to stop (color_converter_set_cancel), and if it is wanted again meanwhile
 * it is queued anew.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "decode_pool.h"

#include "../common/platform.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS (DECODE_MAX_THREADS + 2)

k4a_image_t decode_new_image(const decode_source_t *source, k4a_image_format_t target)
{
    return image_cache_image(source->images, target, source->width, source->height, color_stride(target, source->width),
                             color_image_size(target, source->width, source->height));
}

bool decode_frame(color_converter_t *converter, const decode_source_t *source, uint64_t offset, uint64_t size,
                  k4a_image_format_t target, uint8_t **buffer, size_t *buffer_size, k4a_image_t image,
                  const char **error)
{
    *error = NULL;
    if (size == 0 || size > DECODE_MAX_FRAME_BYTES)
    {
        *error = "the colour frame is empty or too large";
        return false;
    }
    if (*buffer_size < size)
    {
        uint8_t *bigger = realloc(*buffer, (size_t)size);
        if (bigger == NULL)
        {
            *error = "out of memory";
            return false;
        }
        *buffer = bigger;
        *buffer_size = (size_t)size;
    }
    if (!k4a4j_io_read(source->io, offset, *buffer, (size_t)size))
    {
        *error = "the colour frame cannot be read from the file";
        return false;
    }
    return color_convert(converter, source->format, *buffer, (size_t)size, source->width, source->height, target,
                         k4a_image_get_buffer(image), error);
}

/* ---- threads -------------------------------------------------------------------------------- */

typedef enum
{
    JOB_FREE,
    JOB_QUEUED,
    JOB_RUNNING,
    JOB_DONE,
} job_state_t;

typedef struct
{
    job_state_t state;
    bool wanted;        /* false: nobody will take it; released when done */
    atomic_bool cancel; /* running and not wanted (or the pool closing): the worker stops converting it */
    uint64_t order;
    uint64_t offset;
    uint64_t size;
    k4a_image_format_t target;
    k4a_image_t image;
    const char *error;
} job_t;

typedef struct
{
    decode_task_t *task; /* NULL: free */
    void *argument;
    bool running;
} task_t;

struct decode_pool
{
    decode_source_t source;
    k4a4j_mutex_t lock;
    k4a4j_cond_t changed;
    bool stop;
    uint64_t order;
    job_t jobs[MAX_JOBS];
    task_t tasks[DECODE_MAX_THREADS];
    int thread_count;
    k4a4j_thread_t threads[DECODE_MAX_THREADS];
};

static void release_unwanted(decode_pool_t *pool)
{
    for (int i = 0; i < MAX_JOBS; i++)
    {
        job_t *job = &pool->jobs[i];
        if (job->wanted)
            continue;
        if (job->state == JOB_RUNNING)
            atomic_store(&job->cancel, true);
        else if (job->state == JOB_QUEUED || job->state == JOB_DONE)
        {
            if (job->image != NULL)
                k4a_image_release(job->image);
            job->image = NULL;
            job->state = JOB_FREE;
        }
    }
}

/* Converts a queued job's frame into its image: called and returns with the lock held, which it
 * leaves while converting. On failure the image is released and the job keeps the error; a
 * conversion cancelled but wanted again is queued anew. */
static void run_job(decode_pool_t *pool, job_t *job, color_converter_t *converter, uint8_t **buffer,
                    size_t *buffer_size)
{
    job->state = JOB_RUNNING;
    uint64_t offset = job->offset, size = job->size;
    k4a_image_format_t target = job->target;
    k4a_image_t image = job->image;
    k4a4j_mutex_unlock(&pool->lock);

    const char *error = "the colour converter could not be set up";
    if (converter != NULL)
        color_converter_set_cancel(converter, &job->cancel);
    bool ok = converter != NULL &&
              decode_frame(converter, &pool->source, offset, size, target, buffer, buffer_size, image, &error);
    if (converter != NULL)
        color_converter_set_cancel(converter, NULL);

    k4a4j_mutex_lock(&pool->lock);
    bool cancelled = atomic_exchange(&job->cancel, false);
    if (!ok && cancelled && job->wanted)
    {
        job->state = JOB_QUEUED; /* wanted again after all: from the start (its image kept) */
        k4a4j_cond_broadcast(&pool->changed);
        return;
    }
    if (!ok)
    {
        k4a_image_release(image);
        job->image = NULL;
    }
    job->error = ok ? NULL : error;
    job->state = JOB_DONE;
    if (!job->wanted)
        release_unwanted(pool);
    k4a4j_cond_broadcast(&pool->changed);
}

static void worker(decode_pool_t *pool)
{
    color_converter_t *converter = color_converter_create();
    uint8_t *buffer = NULL;
    size_t buffer_size = 0;
    k4a4j_mutex_lock(&pool->lock);
    while (!pool->stop)
    {
        /* tasks first: the caller waits for them now */
        task_t *task = NULL;
        for (int i = 0; i < DECODE_MAX_THREADS && task == NULL; i++)
            if (pool->tasks[i].task != NULL && !pool->tasks[i].running)
                task = &pool->tasks[i];
        if (task != NULL)
        {
            task->running = true;
            decode_task_t *run = task->task;
            void *argument = task->argument;
            k4a4j_mutex_unlock(&pool->lock);
            run(converter, argument);
            k4a4j_mutex_lock(&pool->lock);
            task->task = NULL;
            task->running = false;
            k4a4j_cond_broadcast(&pool->changed);
            continue;
        }
        job_t *job = NULL;
        for (int i = 0; i < MAX_JOBS; i++)
            if (pool->jobs[i].state == JOB_QUEUED && (job == NULL || pool->jobs[i].order < job->order))
                job = &pool->jobs[i];
        if (job == NULL)
        {
            k4a4j_cond_wait(&pool->changed, &pool->lock);
            continue;
        }
        run_job(pool, job, converter, &buffer, &buffer_size);
    }
    k4a4j_mutex_unlock(&pool->lock);
    free(buffer);
    color_converter_destroy(converter);
}

static K4A4J_THREAD_ENTRY(worker_main, argument)
{
    worker(argument);
    return K4A4J_THREAD_RETURN;
}

decode_pool_t *decode_pool_create(const decode_source_t *source, int threads)
{
    if (threads < 1)
        return NULL;
    if (threads > DECODE_MAX_THREADS)
        threads = DECODE_MAX_THREADS;
    decode_pool_t *pool = calloc(1, sizeof(*pool));
    if (pool == NULL)
        return NULL;
    pool->source = *source;
    k4a4j_mutex_init(&pool->lock);
    k4a4j_cond_init(&pool->changed);
    for (int i = 0; i < threads; i++)
    {
        if (!k4a4j_thread_create(&pool->threads[i], worker_main, pool))
            break;
        pool->thread_count++;
    }
    if (pool->thread_count == 0)
    {
        decode_pool_destroy(pool);
        return NULL;
    }
    return pool;
}

void decode_pool_destroy(decode_pool_t *pool)
{
    if (pool == NULL)
        return;
    k4a4j_mutex_lock(&pool->lock);
    pool->stop = true;
    for (int i = 0; i < MAX_JOBS; i++)
        if (pool->jobs[i].state == JOB_RUNNING)
            atomic_store(&pool->jobs[i].cancel, true);
    k4a4j_cond_broadcast(&pool->changed);
    k4a4j_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->thread_count; i++)
        k4a4j_thread_join(pool->threads[i]);
    for (int i = 0; i < MAX_JOBS; i++)
        if (pool->jobs[i].image != NULL)
            k4a_image_release(pool->jobs[i].image);
    k4a4j_cond_destroy(&pool->changed);
    k4a4j_mutex_destroy(&pool->lock);
    free(pool);
}

int decode_pool_threads(const decode_pool_t *pool)
{
    return pool->thread_count;
}

bool decode_pool_run(decode_pool_t *pool, decode_task_t *task, void *argument)
{
    bool queued = false;
    k4a4j_mutex_lock(&pool->lock);
    for (int i = 0; i < DECODE_MAX_THREADS && !queued; i++)
        if (pool->tasks[i].task == NULL)
        {
            pool->tasks[i].task = task;
            pool->tasks[i].argument = argument;
            pool->tasks[i].running = false;
            queued = true;
        }
    if (queued)
        k4a4j_cond_broadcast(&pool->changed);
    k4a4j_mutex_unlock(&pool->lock);
    return queued;
}

void decode_pool_wait_tasks(decode_pool_t *pool)
{
    k4a4j_mutex_lock(&pool->lock);
    for (;;)
    {
        bool busy = false;
        for (int i = 0; i < DECODE_MAX_THREADS; i++)
            busy = busy || pool->tasks[i].task != NULL;
        if (!busy)
            break;
        k4a4j_cond_wait(&pool->changed, &pool->lock);
    }
    k4a4j_mutex_unlock(&pool->lock);
}

bool decode_pool_has(decode_pool_t *pool, uint64_t offset, k4a_image_format_t target)
{
    bool has = false;
    k4a4j_mutex_lock(&pool->lock);
    for (int i = 0; i < MAX_JOBS && !has; i++)
        has = pool->jobs[i].state != JOB_FREE && pool->jobs[i].offset == offset && pool->jobs[i].target == target;
    k4a4j_mutex_unlock(&pool->lock);
    return has;
}

bool decode_pool_request(decode_pool_t *pool, uint64_t offset, uint64_t size, k4a_image_format_t target,
                         k4a_image_t image)
{
    k4a4j_mutex_lock(&pool->lock);
    job_t *free_job = NULL;
    for (int i = 0; i < MAX_JOBS; i++)
    {
        job_t *job = &pool->jobs[i];
        if (job->state != JOB_FREE && job->offset == offset && job->target == target)
        {
            job->wanted = true; /* asked for already: keep the image it has */
            k4a4j_mutex_unlock(&pool->lock);
            if (image != NULL)
                k4a_image_release(image);
            return true;
        }
        if (job->state == JOB_FREE && free_job == NULL)
            free_job = job;
    }
    if (free_job != NULL && image != NULL)
    {
        free_job->state = JOB_QUEUED;
        free_job->wanted = true;
        free_job->order = ++pool->order;
        free_job->offset = offset;
        free_job->size = size;
        free_job->target = target;
        free_job->image = image;
        free_job->error = NULL;
        atomic_store(&free_job->cancel, false);
        k4a4j_cond_broadcast(&pool->changed);
    }
    k4a4j_mutex_unlock(&pool->lock);
    if (free_job == NULL && image != NULL)
        k4a_image_release(image);
    return free_job != NULL;
}

void decode_pool_keep_only(decode_pool_t *pool, const uint64_t *offsets, size_t count, k4a_image_format_t target)
{
    k4a4j_mutex_lock(&pool->lock);
    for (int i = 0; i < MAX_JOBS; i++)
    {
        job_t *job = &pool->jobs[i];
        if (job->state == JOB_FREE)
            continue;
        bool keep = false;
        for (size_t k = 0; k < count && !keep; k++)
            keep = job->offset == offsets[k] && job->target == target;
        job->wanted = keep;
    }
    release_unwanted(pool);
    k4a4j_mutex_unlock(&pool->lock);
}

bool decode_pool_take(decode_pool_t *pool, uint64_t offset, k4a_image_format_t target, color_converter_t *converter,
                      uint8_t **buffer, size_t *buffer_size, k4a_image_t *image, const char **error)
{
    k4a4j_mutex_lock(&pool->lock);
    job_t *job = NULL;
    for (int i = 0; i < MAX_JOBS && job == NULL; i++)
        if (pool->jobs[i].state != JOB_FREE && pool->jobs[i].wanted && pool->jobs[i].offset == offset &&
            pool->jobs[i].target == target)
            job = &pool->jobs[i];
    if (job == NULL)
    {
        k4a4j_mutex_unlock(&pool->lock);
        return false;
    }
    while (job->state != JOB_DONE)
    {
        if (job->state == JOB_QUEUED && converter != NULL)
            run_job(pool, job, converter, buffer, buffer_size); /* no worker has started on it: convert it here */
        else
            k4a4j_cond_wait(&pool->changed, &pool->lock);
    }
    *image = job->image;
    *error = job->error;
    job->image = NULL;
    job->state = JOB_FREE;
    job->wanted = false;
    k4a4j_mutex_unlock(&pool->lock);
    return true;
}
