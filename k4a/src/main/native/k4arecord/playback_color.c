/*
 * The colour images of a playback: decoded ahead on the pool's workers, in parts, or on the
 * caller's thread (see playback_color.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "playback_color.h"

#include "../common/env.h"
#include "../common/platform.h"
#include "recording_format.h"

#include <stdlib.h>
#include <string.h>

/* Workers to start by default: one per core, or K4A4J_PLAYBACK_DECODE_THREADS (0: decode on the
 * reader's thread), at most DECODE_MAX_THREADS; playback_color_set_threads overrides it. */
static int decode_threads(void)
{
    int cores = k4a4j_cpu_count();
    cores = cores < 1 ? 1 : cores > DECODE_MAX_THREADS ? DECODE_MAX_THREADS : cores;
    return (int)k4a4j_env_integer("K4A4J_PLAYBACK_DECODE_THREADS", cores, 0, DECODE_MAX_THREADS);
}

void playback_color_init(playback_color_t *c, bool has_track, const decode_source_t *source)
{
    memset(c, 0, sizeof(*c));
    c->has_track = has_track;
    c->source = *source;
    c->target = has_track ? source->format : K4A_IMAGE_FORMAT_COLOR_MJPG;
    c->threads = decode_threads();
    c->end_ns = INT64_MAX;
}

void playback_color_free(playback_color_t *c)
{
    decode_pool_destroy(c->pool);
    color_converter_destroy(c->converter);
    free(c->frame_buffer);
    free(c->bgra);
}

void playback_color_set_target(playback_color_t *c, k4a_image_format_t target)
{
    c->target = target;
    if (playback_color_converting(c) && c->pool == NULL && c->threads > 0)
        c->pool = decode_pool_create(&c->source, c->threads);
    playback_color_forget(c);
}

void playback_color_set_threads(playback_color_t *c, int threads)
{
    int running = c->pool != NULL ? decode_pool_threads(c->pool) : 0;
    c->threads = threads;
    if (running == threads)
        return;
    /* a pool of another size: its frames decoded ahead are dropped (the next capture converts its
     * own frame and asks the new pool for the ones after it) */
    decode_pool_destroy(c->pool);
    c->pool = NULL;
    if (playback_color_converting(c) && threads > 0)
        c->pool = decode_pool_create(&c->source, threads);
}

void playback_color_set_end(playback_color_t *c, int64_t end_ns)
{
    /* frames asked for already past the new end are dropped by the next capture's request_ahead */
    c->end_ns = end_ns;
}

void playback_color_forget(playback_color_t *c)
{
    if (c->pool != NULL)
        decode_pool_keep_only(c->pool, NULL, 0, c->target);
}

bool playback_color_converting(const playback_color_t *c)
{
    return c->has_track && c->target != c->source.format;
}

/* The colour image of a frame in the target format: from the decode pool when it converted it
 * already, else converted here. */
static k4a_image_t convert_here(playback_color_t *c, const mkv_frame_t *frame, const char **error)
{
    k4a_image_t image = NULL;
    if (c->converter == NULL && (c->converter = color_converter_create()) == NULL)
    {
        *error = "out of memory";
        return NULL;
    }
    if (c->pool != NULL && decode_pool_take(c->pool, frame->offset, c->target, c->converter, &c->frame_buffer,
                                            &c->frame_buffer_size, &image, error))
        return image;
    image = decode_new_image(&c->source, c->target);
    if (image == NULL)
    {
        *error = "no memory for the converted image";
        return NULL;
    }
    if (!decode_frame(c->converter, &c->source, frame->offset, frame->size, c->target, &c->frame_buffer,
                      &c->frame_buffer_size, image, error))
    {
        k4a_image_release(image);
        return NULL;
    }
    return image;
}

/* Asks the pool to convert a frame (into an image made here, on the caller's thread). */
static void request_frame(playback_color_t *c, const mkv_frame_t *frame)
{
    if (decode_pool_has(c->pool, frame->offset, c->target))
    {
        decode_pool_request(c->pool, frame->offset, frame->size, c->target, NULL);
        return;
    }
    k4a_image_t image = decode_new_image(&c->source, c->target);
    if (image != NULL)
        decode_pool_request(c->pool, frame->offset, frame->size, c->target, image);
}

/* Asks the pool for the colour frame of the capture being built (unless it is being decoded in
 * parts) and for the ones that will follow it in the reading direction, those at or after the end
 * left out (their times are in the frames walked: no file read for them). */
static void request_ahead(playback_color_t *c, mkv_file_t *file, const mkv_frame_t *frame, bool forward,
                          bool include_current)
{
    if (c->pool == NULL || !playback_color_converting(c))
        return;
    uint64_t keep[DECODE_MAX_THREADS + 2];
    size_t count = 0;
    keep[count++] = frame->offset;
    if (include_current)
        request_frame(c, frame);
    mkv_frame_t ahead = *frame;
    int lookahead = decode_pool_threads(c->pool);
    for (int i = 0; i < lookahead; i++)
    {
        mkv_result_t r = forward ? mkv_next_frame(file, ahead.track, &ahead.pos, &ahead)
                                 : mkv_previous_frame(file, ahead.track, &ahead.pos, &ahead);
        if (r != MKV_FOUND)
            break;
        if (ahead.time_ns >= c->end_ns)
            continue;
        keep[count++] = ahead.offset;
        request_frame(c, &ahead);
    }
    decode_pool_keep_only(c->pool, keep, count, c->target);
}

static void run_part(color_converter_t *converter, void *argument)
{
    color_part_job_t *job = argument;
    job->error = "the colour converter could not be set up";
    job->ok = converter != NULL && color_decode_part(converter, NULL, 0, job->split, job->part, job->width, job->height,
                                                     job->bgra, &job->error);
}

/* Starts decoding a colour frame that no worker has converted ahead in parts, when it can be
 * split (a camera's MJPG frame with restart markers). */
static void start_parts(playback_color_t *c, const mkv_frame_t *frame, color_work_t *w)
{
    memset(w, 0, sizeof(*w));
    if (c->pool == NULL || !playback_color_converting(c) || c->source.format != K4A_IMAGE_FORMAT_COLOR_MJPG ||
        decode_pool_has(c->pool, frame->offset, c->target) || frame->size == 0 || frame->size > DECODE_MAX_FRAME_BYTES)
        return;
    if (c->frame_buffer_size < frame->size)
    {
        uint8_t *bigger = realloc(c->frame_buffer, (size_t)frame->size);
        if (bigger == NULL)
            return;
        c->frame_buffer = bigger;
        c->frame_buffer_size = (size_t)frame->size;
    }
    if (!k4a4j_io_read(c->source.io, frame->offset, c->frame_buffer, (size_t)frame->size))
        return;
    int parts = decode_pool_threads(c->pool) + 1;
    if (!jpeg_split_plan(c->frame_buffer, (size_t)frame->size, c->source.width, c->source.height, parts, &w->plan))
        return;
    w->image = decode_new_image(&c->source, c->target);
    size_t bgra_size = (size_t)c->source.width * (size_t)c->source.height * 4;
    if (w->image != NULL && c->target != K4A_IMAGE_FORMAT_COLOR_BGRA32 && c->bgra_size < bgra_size)
    {
        free(c->bgra);
        c->bgra = malloc(bgra_size);
        c->bgra_size = c->bgra != NULL ? bgra_size : 0;
    }
    w->bgra = c->target == K4A_IMAGE_FORMAT_COLOR_BGRA32 ? (w->image != NULL ? k4a_image_get_buffer(w->image) : NULL)
                                                         : c->bgra;
    if (w->image == NULL || w->bgra == NULL)
    {
        if (w->image != NULL)
            k4a_image_release(w->image);
        jpeg_split_free(&w->plan);
        memset(w, 0, sizeof(*w));
        return;
    }
    for (int i = 1; i < w->plan.parts; i++)
    {
        color_part_job_t *job = &w->jobs[i];
        job->split = &w->plan;
        job->part = i;
        job->width = c->source.width;
        job->height = c->source.height;
        job->bgra = w->bgra;
        job->queued = decode_pool_run(c->pool, run_part, job);
    }
    w->split = true;
}

void playback_color_begin(playback_color_t *c, mkv_file_t *file, const mkv_frame_t *frame, bool forward,
                          color_work_t *w)
{
    start_parts(c, frame, w);
    request_ahead(c, file, frame, forward, !w->split);
}

/* Waits for the parts and gives up on the frame. */
void playback_color_abandon(playback_color_t *c, color_work_t *w)
{
    if (!w->split)
        return;
    decode_pool_wait_tasks(c->pool);
    if (w->image != NULL)
        k4a_image_release(w->image);
    jpeg_split_free(&w->plan);
    w->split = false;
}

k4a_image_t playback_color_finish(playback_color_t *c, const mkv_frame_t *frame, color_work_t *w, const char **error)
{
    if (!w->split)
        return convert_here(c, frame, error);
    bool ok = true;
    if (c->converter == NULL)
        c->converter = color_converter_create();
    *error = "out of memory";
    ok = c->converter != NULL && color_decode_part(c->converter, c->frame_buffer, (size_t)frame->size, &w->plan, 0,
                                                   c->source.width, c->source.height, w->bgra, error);
    for (int i = 1; i < w->plan.parts; i++)
        if (!w->jobs[i].queued)
            run_part(c->converter, &w->jobs[i]);
    decode_pool_wait_tasks(c->pool);
    for (int i = 1; i < w->plan.parts && ok; i++)
        if (!w->jobs[i].ok)
        {
            ok = false;
            *error = w->jobs[i].error;
        }
    k4a_image_t image = w->image;
    if (ok && c->target != K4A_IMAGE_FORMAT_COLOR_BGRA32)
        color_from_bgra(w->bgra, c->source.width, c->source.height, c->target, k4a_image_get_buffer(image));
    jpeg_split_free(&w->plan);
    w->split = false;
    w->image = NULL;
    if (!ok)
    {
        k4a_image_release(image);
        return NULL;
    }
    return image;
}
