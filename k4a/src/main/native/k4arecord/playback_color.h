/*
 * The colour images of a playback in the format asked for (k4a_playback_set_color_conversion):
 * which frames are converted where and when.
 *
 * - Decode ahead: a pool of worker threads (decode_pool.c; by default one per core, at most 4, or
 *   the number K4A4J_PLAYBACK_DECODE_THREADS says when the recording is opened; per playback, the
 *   number playback_color_set_threads sets; 0: none) converts the frame of the capture being built
 *   and the ones that follow it in the reading direction, but none whose time is at or after the end
 *   playback_color_set_end sets (a reader that stops there: such a frame is converted only when a
 *   capture is read with it, as the two points below do).
 * - Decode in parts: a frame no worker has converted ahead, when it is a camera's MJPG frame with
 *   restart markers, is split into bands of rows (color_conversion.h) decoded at once on the
 *   caller's thread and the workers.
 * - Otherwise the frame is converted on the caller's thread, as the vendor's reader does.
 *
 * A capture asks twice: playback_color_begin when its colour frame is known (the decoding starts
 * while the caller's thread reads the depth and IR frames), then playback_color_finish for the
 * image, or playback_color_abandon when the capture fails; a color_work_t of the capture (on the
 * caller's stack) holds the frame in between. One capture at a time (the playback's lock).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_PLAYBACK_COLOR_H
#define K4A4J_PLAYBACK_COLOR_H

#include "color_conversion.h"
#include "decode_pool.h"
#include "matroska.h"

#include <k4a/k4a.h>

#include <stdbool.h>

/* One part of a colour frame decoded in parts: part 0 on the caller's thread, the others on the
 * workers. */
typedef struct
{
    const jpeg_split_t *split;
    int part;
    int width;
    int height;
    uint8_t *bgra;
    bool queued;
    bool ok;
    const char *error;
} color_part_job_t;

/* The colour frame of the capture being built. */
typedef struct
{
    bool split; /* decoding in parts */
    jpeg_split_t plan;
    color_part_job_t jobs[JPEG_MAX_PARTS];
    k4a_image_t image;
    uint8_t *bgra;
} color_work_t;

typedef struct
{
    bool has_track;               /* the recording has a colour track */
    decode_source_t source;       /* its frames */
    k4a_image_format_t target;    /* the format asked for */
    color_converter_t *converter; /* for conversions on the caller's thread */
    uint8_t *frame_buffer;
    size_t frame_buffer_size;
    uint8_t *bgra; /* a frame decoded in parts on its way to NV12 or YUY2 */
    size_t bgra_size;
    int threads;         /* workers to start (the default is read when the recording is opened) */
    int64_t end_ns;      /* no frame at or after this file time is decoded ahead (INT64_MAX: no end) */
    decode_pool_t *pool; /* started by the first conversion asked for */
} playback_color_t;

/* No conversion to begin with (frames as stored). */
void playback_color_init(playback_color_t *color, bool has_track, const decode_source_t *source);
void playback_color_free(playback_color_t *color);

/* Frames are delivered in target from now on (the caller checked that they can be). */
void playback_color_set_target(playback_color_t *color, k4a_image_format_t target);
/* Whether frames are converted (else they are delivered as stored). */
bool playback_color_converting(const playback_color_t *color);
/* Decodes ahead on threads workers from now on (0 to DECODE_MAX_THREADS, checked by the caller; 0:
 * on the caller's thread). A pool already running with another number of workers is stopped (the
 * frames it decoded ahead are dropped, never delivered twice or lost: they are converted again
 * when read) and, while converting, replaced by one of the new size. */
void playback_color_set_threads(playback_color_t *color, int threads);
/* Decodes ahead no frame whose time in the file is at or after end_ns (INT64_MAX, the default: no
 * end; INT64_MIN: nothing ahead). Only what the workers convert ahead changes: the frame of a
 * capture being read is converted whatever its time. Kept across seeks and conversions. */
void playback_color_set_end(playback_color_t *color, int64_t end_ns);
/* Forgets the frames decoded ahead (after a seek). */
void playback_color_forget(playback_color_t *color);

/* The capture being built has this colour frame (converting only): start on it and on the
 * frames that follow in the reading direction (file: to find them). work is the caller's (split
 * false until begin, so that abandon is safe before it). */
void playback_color_begin(playback_color_t *color, mkv_file_t *file, const mkv_frame_t *frame, bool forward,
                          color_work_t *work);
/* Its image in the target format; NULL with *error set when it cannot be read or converted. */
k4a_image_t playback_color_finish(playback_color_t *color, const mkv_frame_t *frame, color_work_t *work,
                                  const char **error);
/* The capture failed: waits for the parts still decoding and drops the frame. */
void playback_color_abandon(playback_color_t *color, color_work_t *work);

#endif /* K4A4J_PLAYBACK_COLOR_H */
