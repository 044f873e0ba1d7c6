/*
 * The streams of a playback: items made of the frames of up to three tracks that belong together
 * (captures: COLOR, DEPTH and IR), or of one track (IMU samples, the frames of a custom track).
 * Each track has a cursor, a place between two of its frames; a stream steps forward or backward
 * over whole items and a seek moves all its cursors.
 *
 * Grouping: the frames of an item are the next frame of each track whose times, each moved by its
 * track's shift (colour: by the depth delay), lie within the window (half a frame period) of the
 * earliest of them (reading backwards: of the latest). Where a track meets damage, the frames the
 * other tracks still have come first (they lie before the damage in the file).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_PLAYBACK_STREAMS_H
#define K4A4J_PLAYBACK_STREAMS_H

#include "matroska.h"

#include <stdbool.h>
#include <stdint.h>

/* The tracks of a capture, in the order of its streams' cursors. */
enum
{
    VIDEO_COLOR = 0,
    VIDEO_DEPTH = 1,
    VIDEO_IR = 2,
    VIDEO_TRACKS = 3,
};

/* ---- time arithmetic ------------------------------------------------------------------------ */

static inline int64_t saturating_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

/* a - b, saturated */
static inline int64_t saturating_sub(int64_t a, int64_t b)
{
    if (b < 0 && a > INT64_MAX + b)
        return INT64_MAX;
    if (b > 0 && a < INT64_MIN + b)
        return INT64_MIN;
    return a - b;
}

static inline int64_t usec_to_ns(int64_t usec)
{
    if (usec > INT64_MAX / 1000)
        return INT64_MAX;
    if (usec < INT64_MIN / 1000)
        return INT64_MIN;
    return usec * 1000;
}

/* floor(a / b) for b > 0 */
static inline int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* ---- cursors and streams -------------------------------------------------------------------- */

/* A place between two frames of one track. */
typedef enum
{
    CURSOR_AT_START, /* before the first frame */
    CURSOR_AT_END,   /* after the last frame */
    CURSOR_BEFORE,   /* just before `frame` */
    CURSOR_AFTER,    /* just after `frame` */
} cursor_state_t;

typedef struct
{
    uint64_t track; /* track number; 0: the stream has no such track */
    cursor_state_t state;
    mkv_frame_t frame;
} cursor_t;

/* `current` is the item returned last: the next item follows it and the previous one precedes
 * it. */
typedef struct
{
    mkv_file_t *file;
    int count;
    int64_t shift_ns[VIDEO_TRACKS]; /* added to the times of a track's frames to group them */
    int64_t window_ns;              /* half a frame period */
    cursor_t cursor[VIDEO_TRACKS];
    bool has_current;
    bool current_forward;
    bool member[VIDEO_TRACKS];
    mkv_frame_t current[VIDEO_TRACKS];
} stream_t;

/* A stream over count (1 to 3) tracks (numbers; 0 for a track the recording lacks), at the start.
 * shift_ns may be NULL (no shifts); window_ns matters for several tracks only. */
void stream_init(stream_t *s, mkv_file_t *file, int count, const uint64_t *tracks, const int64_t *shift_ns,
                 int64_t window_ns);

/* The next (or previous) item: the frames it is made of, in frames[] where member[] is set. The
 * stream stays where it is until stream_commit. */
mkv_result_t stream_step(stream_t *s, bool forward, mkv_frame_t *frames, bool *member);
/* Makes the item found by stream_step the current one (the cursors move over it). */
void stream_commit(stream_t *s, bool forward, const mkv_frame_t *frames, const bool *member);

/* Moves the stream before the first item at or after target_ns. */
void stream_seek(stream_t *s, int64_t target_ns);
/* Moves a one-track stream before frame (found MKV_FOUND), else to its end. */
void stream_place(stream_t *s, mkv_result_t found, const mkv_frame_t *frame);

#endif /* K4A4J_PLAYBACK_STREAMS_H */
