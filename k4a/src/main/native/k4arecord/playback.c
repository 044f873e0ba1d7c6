/*
 * Playback of Azure Kinect recordings: the 28 functions of k4arecord/playback.h.
 *
 * A recording is read through the io interface, never loaded whole: open parses the headers
 * (matroska.c), and reading fetches each frame from the file when it is returned. Four kinds of
 * streams move independently: captures (the COLOR, DEPTH and IR tracks grouped by time), IMU
 * samples, and the frames of each custom track. Each keeps a cursor per track; a seek moves them
 * all.
 *
 * Captures: the images that belong together are the next frame of each track whose times, after
 * moving colour by the depth delay, lie within half a frame period of the earliest. Reading
 * backwards groups the same way from the latest.
 *
 * Times: a frame's timestamp in the file is its device time less K4A_START_OFFSET_NS. The
 * recording covers up to the last instant of its last cluster's blocks (a block with a
 * BlockDuration covers its duration); seeking from the end counts from just after it. IMU
 * samples carry their own device times (nanoseconds in the file): seeking compares them in
 * microseconds, as the API reports them.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include <stddef.h> /* before handle.h, which uses NULL */

#include "../common/handle.h"
#include "../common/log.h"
#include "../common/platform.h"
#include "color_conversion.h"
#include "decode_pool.h"
#include "image_cache.h"
#include "io.h"
#include "matroska.h"
#include "matroska_ids.h"
#include "playback_internal.h"

#include <k4a/k4a.h>
#include <k4arecord/playback.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IMU_SAMPLE_BYTES 40u
#define MAX_FRAME_BYTES ((uint64_t)512 << 20)
#define MAX_DECODE_THREADS 4
#define DEFAULT_CALIBRATION_FILE "calibration.json"

enum
{
    VIDEO_COLOR = 0,
    VIDEO_DEPTH = 1,
    VIDEO_IR = 2,
    VIDEO_TRACKS = 3,
};

/* ---- cursors -------------------------------------------------------------------------------- */

/* A place between two frames of one track. */
typedef enum
{
    AT_START,  /* before the first frame */
    AT_END,    /* after the last frame */
    BEFORE,    /* just before `frame` */
    AFTER,     /* just after `frame` */
} cursor_state_t;

typedef struct
{
    uint64_t track; /* track number; 0: the stream has no such track */
    cursor_state_t state;
    mkv_frame_t frame;
} cursor_t;

/* A stream of items made of frames of up to three tracks (captures), or of one (IMU samples,
 * custom track frames). `current` is the item returned last: the next item follows it and the
 * previous one precedes it. */
typedef struct
{
    int count;
    cursor_t cursor[VIDEO_TRACKS];
    bool has_current;
    bool current_forward;
    bool member[VIDEO_TRACKS];
    mkv_frame_t current[VIDEO_TRACKS];
} stream_t;

/* ---- the playback object -------------------------------------------------------------------- */

typedef struct
{
    const mkv_track_t *track;
    k4a_image_format_t format;
    int width;
    int height;
} video_track_t;

typedef struct
{
    const mkv_track_t *track;
    stream_t stream;
} custom_track_t;

typedef struct
{
    k4a4j_handle_header_t header;
    k4a4j_mutex_t lock;
    k4a4j_io_t *io;
    mkv_file_t *file;

    k4a_record_configuration_t config;
    int64_t start_offset_ns;
    int64_t depth_delay_ns;
    int64_t window_ns; /* half a frame period */

    video_track_t video[VIDEO_TRACKS];
    const mkv_track_t *imu;
    const mkv_track_t **sorted; /* every track, by name */
    size_t sorted_count;
    custom_track_t *custom;
    size_t custom_count;

    stream_t captures;
    stream_t imu_stream;

    bool have_last;
    int64_t last_ns;

    k4a_image_format_t color_target;
    color_converter_t *converter; /* for conversions on the caller's thread */
    uint8_t *frame_buffer;
    size_t frame_buffer_size;
    uint8_t *bgra; /* a frame decoded in parts on its way to NV12 or YUY2 */
    size_t bgra_size;
    int decode_threads;
    decode_pool_t *pool;
    decode_source_t decode_source;
    image_cache_t *images;

    bool have_calibration;
    k4a_calibration_t calibration;
} playback_t;

typedef struct
{
    k4a4j_handle_header_t header;
    uint64_t device_timestamp_usec;
    size_t size;
    uint8_t *buffer;
} data_block_t;

static playback_t *playback_of(k4a_playback_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_PLAYBACK))
        return (playback_t *)handle;
    LOG_ERROR("%s: playback_handle %s", function, handle == NULL ? "is NULL" : "is not a valid k4a_playback_t");
    return NULL;
}

static data_block_t *data_block_of(k4a_playback_data_block_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_DATA_BLOCK))
        return (data_block_t *)handle;
    LOG_ERROR("%s: data_block_handle %s", function,
              handle == NULL ? "is NULL" : "is not a valid k4a_playback_data_block_t");
    return NULL;
}

/* ---- small helpers -------------------------------------------------------------------------- */

static int64_t saturating_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

/* a - b, saturated */
static int64_t saturating_sub(int64_t a, int64_t b)
{
    if (b < 0 && a > INT64_MAX + b)
        return INT64_MAX;
    if (b > 0 && a < INT64_MIN + b)
        return INT64_MIN;
    return a - b;
}

static int64_t usec_to_ns(int64_t usec)
{
    if (usec > INT64_MAX / 1000)
        return INT64_MAX;
    if (usec < INT64_MIN / 1000)
        return INT64_MIN;
    return usec * 1000;
}

/* floor(a / b) for b > 0 */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The device time, in microseconds, of a frame time. */
static uint64_t device_usec(const playback_t *p, int64_t time_ns)
{
    int64_t device_ns = saturating_add(time_ns, p->start_offset_ns);
    return device_ns <= 0 ? 0 : (uint64_t)(device_ns / 1000);
}

static const char *tag_value(const playback_t *p, const char *name)
{
    size_t count = mkv_tag_count(p->file);
    for (size_t i = 0; i < count; i++)
    {
        const mkv_tag_t *tag = mkv_tag(p->file, i);
        if (strcmp(tag->name, name) == 0)
            return tag->value;
    }
    return NULL;
}

/* A decimal integer filling the whole text (an optional minus sign for signed values). */
static bool parse_integer(const char *text, bool allow_negative, int64_t *value)
{
    if (text == NULL || *text == '\0')
        return false;
    bool negative = false;
    if (*text == '-' && allow_negative)
    {
        negative = true;
        text++;
    }
    uint64_t v = 0;
    if (*text == '\0')
        return false;
    for (; *text != '\0'; text++)
    {
        if (*text < '0' || *text > '9')
            return false;
        uint64_t digit = (uint64_t)(*text - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    if (negative ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return false;
    *value = negative ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static bool parse_unsigned(const char *text, uint64_t *value)
{
    if (text == NULL || *text == '\0')
        return false;
    uint64_t v = 0;
    for (; *text != '\0'; text++)
    {
        if (*text < '0' || *text > '9')
            return false;
        uint64_t digit = (uint64_t)(*text - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *value = v;
    return true;
}

static k4a_buffer_result_t copy_out(const void *source, size_t size, bool add_nul, void *destination,
                                    size_t *destination_size)
{
    size_t needed = size + (add_nul ? 1 : 0);
    if (destination == NULL || *destination_size < needed)
    {
        *destination_size = needed;
        return K4A_BUFFER_RESULT_TOO_SMALL;
    }
    if (size > 0)
        memcpy(destination, source, size);
    if (add_nul)
        ((uint8_t *)destination)[size] = 0;
    *destination_size = needed;
    return K4A_BUFFER_RESULT_SUCCEEDED;
}

/* ---- opening: tracks and configuration ------------------------------------------------------ */

static const mkv_track_t *track_by_uid_tag(const playback_t *p, const char *tag)
{
    uint64_t uid;
    if (!parse_unsigned(tag_value(p, tag), &uid))
        return NULL;
    size_t count = mkv_track_count(p->file);
    for (size_t i = 0; i < count; i++)
        if (mkv_track(p->file, i)->uid == uid)
            return mkv_track(p->file, i);
    return NULL;
}

static const mkv_track_t *track_by_name(const playback_t *p, const char *name)
{
    size_t count = mkv_track_count(p->file);
    for (size_t i = 0; i < count; i++)
        if (strcmp(mkv_track(p->file, i)->name, name) == 0)
            return mkv_track(p->file, i);
    return NULL;
}

/* A built-in track: the one its K4A_*_TRACK tag names, else the one with the built-in name. */
static const mkv_track_t *builtin_track(const playback_t *p, const char *tag, const char *name)
{
    const mkv_track_t *t = track_by_uid_tag(p, tag);
    return t != NULL ? t : track_by_name(p, name);
}

/* Format, width and height of a built-in video track from its BITMAPINFOHEADER. */
static bool video_format(const mkv_track_t *t, int which, video_track_t *v, const char **why)
{
    *why = NULL;
    v->track = t;
    if (strcmp(t->codec_id, "V_MS/VFW/FOURCC") != 0 || t->codec_private == NULL || t->codec_private_size < 40)
    {
        *why = "its codec is not V_MS/VFW/FOURCC with a BITMAPINFOHEADER";
        return false;
    }
    const uint8_t *h = t->codec_private;
    int32_t width = (int32_t)((uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24);
    int32_t height = (int32_t)((uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24);
    char fourcc[5] = { (char)h[16], (char)h[17], (char)h[18], (char)h[19], 0 };
    if (t->pixel_width > 0 && t->pixel_height > 0)
    {
        if (t->pixel_width > 20000 || t->pixel_height > 20000)
        {
            *why = "its frame size is too large";
            return false;
        }
        width = (int32_t)t->pixel_width;
        height = (int32_t)t->pixel_height;
    }
    if (width <= 0 || height <= 0 || width > 20000 || height > 20000 || (width & 1) != 0 || (height & 1) != 0)
    {
        *why = "its frame size is not valid";
        return false;
    }
    v->width = width;
    v->height = height;
    if (which == VIDEO_COLOR)
    {
        if (strcmp(fourcc, "MJPG") == 0)
            v->format = K4A_IMAGE_FORMAT_COLOR_MJPG;
        else if (strcmp(fourcc, "NV12") == 0)
            v->format = K4A_IMAGE_FORMAT_COLOR_NV12;
        else if (strcmp(fourcc, "YUY2") == 0)
            v->format = K4A_IMAGE_FORMAT_COLOR_YUY2;
        else if (strcmp(fourcc, "BGRA") == 0)
            v->format = K4A_IMAGE_FORMAT_COLOR_BGRA32;
        else
        {
            *why = "its FourCC is not MJPG, NV12, YUY2 or BGRA";
            return false;
        }
    }
    else
    {
        if (strcmp(fourcc, "b16g") != 0)
        {
            *why = "its FourCC is not b16g (16-bit grey)";
            return false;
        }
        v->format = which == VIDEO_DEPTH ? K4A_IMAGE_FORMAT_DEPTH16 : K4A_IMAGE_FORMAT_IR16;
    }
    return true;
}

static k4a_color_resolution_t color_resolution(const playback_t *p)
{
    const char *mode = tag_value(p, "K4A_COLOR_MODE");
    static const struct
    {
        const char *suffix;
        int height;
        k4a_color_resolution_t resolution;
    } modes[] = {
        { "_720P", 720, K4A_COLOR_RESOLUTION_720P },    { "_1080P", 1080, K4A_COLOR_RESOLUTION_1080P },
        { "_1440P", 1440, K4A_COLOR_RESOLUTION_1440P }, { "_1536P", 1536, K4A_COLOR_RESOLUTION_1536P },
        { "_2160P", 2160, K4A_COLOR_RESOLUTION_2160P }, { "_3072P", 3072, K4A_COLOR_RESOLUTION_3072P },
    };
    for (size_t i = 0; mode != NULL && i < sizeof(modes) / sizeof(modes[0]); i++)
    {
        size_t length = strlen(mode), suffix = strlen(modes[i].suffix);
        if (length > suffix && strcmp(mode + length - suffix, modes[i].suffix) == 0)
            return modes[i].resolution;
    }
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (p->video[VIDEO_COLOR].track != NULL && p->video[VIDEO_COLOR].height == modes[i].height)
            return modes[i].resolution;
    return K4A_COLOR_RESOLUTION_OFF;
}

static k4a_depth_mode_t depth_mode(const playback_t *p)
{
    const char *mode = tag_value(p, "K4A_DEPTH_MODE");
    static const struct
    {
        const char *name;
        int width, height;
        k4a_depth_mode_t mode;
    } modes[] = {
        { "NFOV_2X2BINNED", 320, 288, K4A_DEPTH_MODE_NFOV_2X2BINNED },
        { "NFOV_UNBINNED", 640, 576, K4A_DEPTH_MODE_NFOV_UNBINNED },
        { "WFOV_2X2BINNED", 512, 512, K4A_DEPTH_MODE_WFOV_2X2BINNED },
        { "WFOV_UNBINNED", 1024, 1024, K4A_DEPTH_MODE_WFOV_UNBINNED },
        { "PASSIVE_IR", 1024, 1024, K4A_DEPTH_MODE_PASSIVE_IR },
    };
    for (size_t i = 0; mode != NULL && i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcmp(mode, modes[i].name) == 0)
            return modes[i].mode;
    const char *ir_mode = tag_value(p, "K4A_IR_MODE");
    if (p->video[VIDEO_DEPTH].track == NULL && p->video[VIDEO_IR].track != NULL && ir_mode != NULL &&
        strcmp(ir_mode, "PASSIVE") == 0)
        return K4A_DEPTH_MODE_PASSIVE_IR;
    const video_track_t *v = p->video[VIDEO_DEPTH].track != NULL ? &p->video[VIDEO_DEPTH] : NULL;
    for (size_t i = 0; v != NULL && i < 4; i++)
        if (v->width == modes[i].width && v->height == modes[i].height)
            return modes[i].mode;
    return K4A_DEPTH_MODE_OFF;
}

static void read_configuration(playback_t *p)
{
    k4a_record_configuration_t *c = &p->config;
    memset(c, 0, sizeof(*c));
    c->color_track_enabled = p->video[VIDEO_COLOR].track != NULL;
    c->depth_track_enabled = p->video[VIDEO_DEPTH].track != NULL;
    c->ir_track_enabled = p->video[VIDEO_IR].track != NULL;
    c->imu_track_enabled = p->imu != NULL;
    /* no colour track: CUSTOM (and resolution OFF), as the reference reports */
    c->color_format = c->color_track_enabled ? p->video[VIDEO_COLOR].format : K4A_IMAGE_FORMAT_CUSTOM;
    c->color_resolution = c->color_track_enabled ? color_resolution(p) : K4A_COLOR_RESOLUTION_OFF;
    c->depth_mode = (c->depth_track_enabled || c->ir_track_enabled) ? depth_mode(p) : K4A_DEPTH_MODE_OFF;

    /* frame rate: from the first video track with a default duration */
    uint64_t period_ns = 0;
    for (int i = 0; i < VIDEO_TRACKS && period_ns == 0; i++)
        if (p->video[i].track != NULL)
            period_ns = p->video[i].track->default_duration_ns;
    uint64_t fps = period_ns > 0 ? 1000000000u / period_ns : 30;
    c->camera_fps = fps <= 5 ? K4A_FRAMES_PER_SECOND_5 : fps <= 15 ? K4A_FRAMES_PER_SECOND_15 : K4A_FRAMES_PER_SECOND_30;
    if (period_ns == 0 || period_ns > 1000000000u)
        period_ns = c->camera_fps == K4A_FRAMES_PER_SECOND_5 ? 200000000u
                    : c->camera_fps == K4A_FRAMES_PER_SECOND_15 ? 66666666u : 33333333u;
    p->window_ns = (int64_t)(period_ns / 2);

    int64_t value;
    if (parse_integer(tag_value(p, "K4A_DEPTH_DELAY_NS"), true, &value))
    {
        p->depth_delay_ns = value;
        c->depth_delay_off_color_usec = (int32_t)(value / 1000 > INT32_MAX ? INT32_MAX
                                                  : value / 1000 < INT32_MIN ? INT32_MIN : value / 1000);
    }
    const char *sync = tag_value(p, "K4A_WIRED_SYNC_MODE");
    c->wired_sync_mode = sync != NULL && strcmp(sync, "MASTER") == 0        ? K4A_WIRED_SYNC_MODE_MASTER
                         : sync != NULL && strcmp(sync, "SUBORDINATE") == 0 ? K4A_WIRED_SYNC_MODE_SUBORDINATE
                                                                           : K4A_WIRED_SYNC_MODE_STANDALONE;
    uint64_t u;
    if (parse_unsigned(tag_value(p, "K4A_SUBORDINATE_DELAY_NS"), &u))
        c->subordinate_delay_off_master_usec = u / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(u / 1000);
    if (parse_unsigned(tag_value(p, "K4A_START_OFFSET_NS"), &u))
    {
        p->start_offset_ns = u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)u;
        c->start_timestamp_offset_usec = u / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(u / 1000);
    }
}

static int compare_track_names(const void *a, const void *b)
{
    const mkv_track_t *x = *(const mkv_track_t *const *)a, *y = *(const mkv_track_t *const *)b;
    return strcmp(x->name, y->name);
}

static bool is_builtin_name(const char *name)
{
    return strcmp(name, K4A_TRACK_NAME_COLOR) == 0 || strcmp(name, K4A_TRACK_NAME_DEPTH) == 0 ||
           strcmp(name, K4A_TRACK_NAME_IR) == 0 || strcmp(name, K4A_TRACK_NAME_IMU) == 0;
}

static const mkv_track_t *track_named(const playback_t *p, const char *name)
{
    if (strcmp(name, K4A_TRACK_NAME_COLOR) == 0)
        return p->video[VIDEO_COLOR].track;
    if (strcmp(name, K4A_TRACK_NAME_DEPTH) == 0)
        return p->video[VIDEO_DEPTH].track;
    if (strcmp(name, K4A_TRACK_NAME_IR) == 0)
        return p->video[VIDEO_IR].track;
    if (strcmp(name, K4A_TRACK_NAME_IMU) == 0)
        return p->imu;
    for (size_t i = 0; i < p->sorted_count; i++)
        if (strcmp(p->sorted[i]->name, name) == 0)
            return p->sorted[i];
    return NULL;
}

/* ---- cursors -------------------------------------------------------------------------------- */

static void cursor_reset(cursor_t *c)
{
    c->state = AT_START;
}

/* The frame after the cursor (the cursor learns it, so that asking again is free). */
static mkv_result_t cursor_peek_next(playback_t *p, cursor_t *c, mkv_frame_t *frame)
{
    mkv_result_t r;
    if (c->track == 0)
        return MKV_NONE;
    switch (c->state)
    {
    case AT_END: return MKV_NONE;
    case BEFORE: *frame = c->frame; return MKV_FOUND;
    case AT_START: r = mkv_next_frame(p->file, c->track, NULL, frame); break;
    default: r = mkv_next_frame(p->file, c->track, &c->frame.pos, frame); break;
    }
    if (r == MKV_FOUND)
    {
        c->state = BEFORE;
        c->frame = *frame;
    }
    else if (r == MKV_NONE)
        c->state = AT_END;
    return r;
}

/* The frame before the cursor. */
static mkv_result_t cursor_peek_previous(playback_t *p, cursor_t *c, mkv_frame_t *frame)
{
    mkv_result_t r;
    if (c->track == 0)
        return MKV_NONE;
    switch (c->state)
    {
    case AT_START: return MKV_NONE;
    case AFTER: *frame = c->frame; return MKV_FOUND;
    case AT_END: r = mkv_previous_frame(p->file, c->track, NULL, frame); break;
    default: r = mkv_previous_frame(p->file, c->track, &c->frame.pos, frame); break;
    }
    if (r == MKV_FOUND)
    {
        c->state = AFTER;
        c->frame = *frame;
    }
    else if (r == MKV_NONE)
        c->state = AT_START;
    return r;
}

static void cursor_seek(playback_t *p, cursor_t *c, int64_t target_ns)
{
    mkv_frame_t frame;
    if (c->track == 0)
        return;
    mkv_result_t r = mkv_seek_frame(p->file, c->track, target_ns, &frame);
    if (r == MKV_FOUND)
    {
        c->state = BEFORE;
        c->frame = frame;
    }
    else
        c->state = AT_END; /* past the end; or damaged before it: reading on reports the damage */
}

/* ---- streams -------------------------------------------------------------------------------- */

static void stream_init(stream_t *s, int count, const uint64_t *tracks)
{
    memset(s, 0, sizeof(*s));
    s->count = count;
    for (int i = 0; i < count; i++)
    {
        s->cursor[i].track = tracks[i];
        cursor_reset(&s->cursor[i]);
    }
}

/* The time a frame of track i is grouped by: colour moves by the depth delay. */
static int64_t group_time(const playback_t *p, const stream_t *s, int i, const mkv_frame_t *frame)
{
    if (s == &p->captures && i == VIDEO_COLOR)
        return saturating_add(frame->time_ns, p->depth_delay_ns);
    return frame->time_ns;
}

/* The next (or previous) item: the frames it is made of, in frames[] where member[] is set. */
static mkv_result_t stream_step(playback_t *p, stream_t *s, bool forward, mkv_frame_t *frames, bool *member)
{
    /* an item returned in the other direction is stepped over first */
    if (s->has_current && s->current_forward != forward)
    {
        for (int i = 0; i < s->count; i++)
            if (s->member[i])
            {
                s->cursor[i].state = forward ? AFTER : BEFORE;
                s->cursor[i].frame = s->current[i];
            }
    }
    s->has_current = false;
    mkv_result_t found[VIDEO_TRACKS];
    bool any = false, damaged = false;
    int64_t anchor = 0;
    for (int i = 0; i < s->count; i++)
    {
        /* a track that meets damage has nothing more before it: the frames the other tracks still
         * have there come first (they lie before the damage in the file) */
        found[i] = forward ? cursor_peek_next(p, &s->cursor[i], &frames[i])
                           : cursor_peek_previous(p, &s->cursor[i], &frames[i]);
        damaged = damaged || found[i] == MKV_DAMAGED;
        if (found[i] == MKV_FOUND)
        {
            int64_t t = group_time(p, s, i, &frames[i]);
            if (!any || (forward ? t < anchor : t > anchor))
                anchor = t;
            any = true;
        }
    }
    if (!any)
        return damaged ? MKV_DAMAGED : MKV_NONE;
    for (int i = 0; i < s->count; i++)
    {
        member[i] = false;
        if (found[i] != MKV_FOUND)
            continue;
        int64_t t = group_time(p, s, i, &frames[i]);
        int64_t distance = forward ? saturating_sub(t, anchor) : saturating_sub(anchor, t);
        member[i] = s->count == 1 || distance < p->window_ns;
    }
    return MKV_FOUND;
}

/* Makes the item found by stream_step the current one (the cursors move over it). */
static void stream_commit(stream_t *s, bool forward, const mkv_frame_t *frames, const bool *member)
{
    for (int i = 0; i < s->count; i++)
    {
        s->member[i] = member[i];
        if (!member[i])
            continue;
        s->current[i] = frames[i];
        s->cursor[i].state = forward ? AFTER : BEFORE;
        s->cursor[i].frame = frames[i];
    }
    s->has_current = true;
    s->current_forward = forward;
}

static void stream_seek(playback_t *p, stream_t *s, int64_t target_ns)
{
    s->has_current = false;
    for (int i = 0; i < s->count; i++)
        cursor_seek(p, &s->cursor[i], target_ns);
    if (s->count == 1)
        return;
    /* a capture that has an image at or after the target comes next even if some of its images
     * are earlier: move those tracks back over them */
    mkv_frame_t frame;
    bool any = false;
    int64_t anchor = 0;
    for (int i = 0; i < s->count; i++)
    {
        cursor_t probe = s->cursor[i];
        if (cursor_peek_next(p, &probe, &frame) == MKV_FOUND)
        {
            int64_t t = group_time(p, s, i, &frame);
            if (!any || t < anchor)
                anchor = t;
            any = true;
        }
    }
    if (!any)
        return;
    for (int i = 0; i < s->count; i++)
    {
        cursor_t probe = s->cursor[i];
        if (cursor_peek_previous(p, &probe, &frame) == MKV_FOUND && group_time(p, s, i, &frame) > saturating_sub(anchor, p->window_ns))
        {
            s->cursor[i].state = BEFORE;
            s->cursor[i].frame = frame;
        }
    }
}

/* ---- images --------------------------------------------------------------------------------- */

/* An image of format holding size bytes: its memory comes through libk4a (the caller's allocator)
 * and is reused once released (image_cache.c). */
static k4a_image_t new_image(playback_t *p, k4a_image_format_t format, int width, int height, int stride, size_t size)
{
    return image_cache_image(p->images, format, width, height, stride, size);
}

static void swap16(uint8_t *buffer, size_t size)
{
    for (size_t i = 0; i + 1 < size; i += 2)
    {
        uint8_t t = buffer[i];
        buffer[i] = buffer[i + 1];
        buffer[i + 1] = t;
    }
}

/* The image of a video frame as stored (16-bit pixels in native order). */
static k4a_image_t read_raw_image(playback_t *p, const video_track_t *v, const mkv_frame_t *frame, const char **error)
{
    *error = NULL;
    int stride = v->format == K4A_IMAGE_FORMAT_COLOR_MJPG ? 0 : color_stride(v->format, v->width);
    if (v->format == K4A_IMAGE_FORMAT_DEPTH16 || v->format == K4A_IMAGE_FORMAT_IR16)
        stride = v->width * 2;
    size_t expected = v->format == K4A_IMAGE_FORMAT_COLOR_NV12 ? (size_t)stride * (size_t)v->height * 3 / 2
                                                               : (size_t)stride * (size_t)v->height;
    if (v->format == K4A_IMAGE_FORMAT_COLOR_MJPG)
    {
        if (frame->size == 0 || frame->size > MAX_FRAME_BYTES)
        {
            *error = "the frame is empty or too large";
            return NULL;
        }
        expected = (size_t)frame->size;
    }
    else if (frame->size != expected)
    {
        *error = "the frame's size does not match the track's format and dimensions";
        return NULL;
    }
    k4a_image_t image = new_image(p, v->format, v->width, v->height, stride, expected);
    if (image == NULL)
    {
        *error = "no memory for the image";
        return NULL;
    }
    uint8_t *buffer = k4a_image_get_buffer(image);
    if (!k4a4j_io_read(p->io, frame->offset, buffer, expected))
    {
        k4a_image_release(image);
        *error = "the frame cannot be read from the file";
        return NULL;
    }
    if (v->format == K4A_IMAGE_FORMAT_DEPTH16 || v->format == K4A_IMAGE_FORMAT_IR16)
        swap16(buffer, expected); /* big-endian in the file */
    return image;
}

static bool converting(const playback_t *p)
{
    return p->video[VIDEO_COLOR].track != NULL && p->color_target != p->video[VIDEO_COLOR].format;
}

/* The colour image of a frame in the requested format: from the decode pool when it converted
 * it already, else converted here. */
static k4a_image_t color_image(playback_t *p, const mkv_frame_t *frame, const char **error)
{
    const video_track_t *v = &p->video[VIDEO_COLOR];
    k4a_image_t image = NULL;
    if (!converting(p))
        return read_raw_image(p, v, frame, error);
    if (p->converter == NULL && (p->converter = color_converter_create()) == NULL)
    {
        *error = "out of memory";
        return NULL;
    }
    if (p->pool != NULL && decode_pool_take(p->pool, frame->offset, p->color_target, p->converter, &p->frame_buffer,
                                            &p->frame_buffer_size, &image, error))
        return image;
    image = decode_new_image(&p->decode_source, p->color_target);
    if (image == NULL)
    {
        *error = "no memory for the converted image";
        return NULL;
    }
    if (!decode_frame(p->converter, &p->decode_source, frame->offset, frame->size, p->color_target, &p->frame_buffer,
                      &p->frame_buffer_size, image, error))
    {
        k4a_image_release(image);
        return NULL;
    }
    return image;
}

/* Asks the pool to convert a frame (into an image made here, on the caller's thread). */
static void request_frame(playback_t *p, const mkv_frame_t *frame)
{
    if (decode_pool_has(p->pool, frame->offset, p->color_target))
    {
        decode_pool_request(p->pool, frame->offset, frame->size, p->color_target, NULL);
        return;
    }
    k4a_image_t image = decode_new_image(&p->decode_source, p->color_target);
    if (image != NULL)
        decode_pool_request(p->pool, frame->offset, frame->size, p->color_target, image);
}

/* Asks the pool for the colour frame of the capture being built (unless it is being decoded in
 * parts) and for the ones that will follow it in the reading direction. */
static void request_colour(playback_t *p, const mkv_frame_t *frame, bool forward, bool include_current)
{
    if (p->pool == NULL || !converting(p))
        return;
    uint64_t keep[MAX_DECODE_THREADS + 2];
    size_t count = 0;
    keep[count++] = frame->offset;
    if (include_current)
        request_frame(p, frame);
    mkv_frame_t ahead = *frame;
    int lookahead = decode_pool_threads(p->pool);
    for (int i = 0; i < lookahead; i++)
    {
        mkv_result_t r = forward ? mkv_next_frame(p->file, ahead.track, &ahead.pos, &ahead)
                                 : mkv_previous_frame(p->file, ahead.track, &ahead.pos, &ahead);
        if (r != MKV_FOUND)
            break;
        keep[count++] = ahead.offset;
        request_frame(p, &ahead);
    }
    decode_pool_keep_only(p->pool, keep, count, p->color_target);
}

/* One part of a JPEG frame decoded on a worker. */
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
} part_job_t;

static void run_part(color_converter_t *converter, void *argument)
{
    part_job_t *job = argument;
    job->error = "the colour converter could not be set up";
    job->ok = converter != NULL &&
              color_decode_part(converter, NULL, 0, job->split, job->part, job->width, job->height, job->bgra, &job->error);
}

/* The colour image of the capture being built, while the depth and IR frames are read. */
typedef struct
{
    bool split; /* decoding in parts: part 0 here, the others on the workers */
    jpeg_split_t plan;
    part_job_t jobs[JPEG_MAX_PARTS];
    k4a_image_t image;
    uint8_t *bgra;
} colour_work_t;

/* Starts decoding a colour frame that no worker has converted ahead in parts, when it can be
 * split (a camera's MJPG frame with restart markers). */
static void colour_start(playback_t *p, const mkv_frame_t *frame, colour_work_t *w)
{
    const video_track_t *v = &p->video[VIDEO_COLOR];
    memset(w, 0, sizeof(*w));
    if (p->pool == NULL || !converting(p) || v->format != K4A_IMAGE_FORMAT_COLOR_MJPG ||
        decode_pool_has(p->pool, frame->offset, p->color_target) || frame->size == 0 || frame->size > MAX_FRAME_BYTES)
        return;
    if (p->frame_buffer_size < frame->size)
    {
        uint8_t *bigger = realloc(p->frame_buffer, (size_t)frame->size);
        if (bigger == NULL)
            return;
        p->frame_buffer = bigger;
        p->frame_buffer_size = (size_t)frame->size;
    }
    if (!k4a4j_io_read(p->io, frame->offset, p->frame_buffer, (size_t)frame->size))
        return;
    int parts = decode_pool_threads(p->pool) + 1;
    if (!jpeg_split_plan(p->frame_buffer, (size_t)frame->size, v->width, v->height, parts, &w->plan))
        return;
    w->image = decode_new_image(&p->decode_source, p->color_target);
    size_t bgra_size = (size_t)v->width * (size_t)v->height * 4;
    if (w->image != NULL && p->color_target != K4A_IMAGE_FORMAT_COLOR_BGRA32 && p->bgra_size < bgra_size)
    {
        free(p->bgra);
        p->bgra = malloc(bgra_size);
        p->bgra_size = p->bgra != NULL ? bgra_size : 0;
    }
    w->bgra = p->color_target == K4A_IMAGE_FORMAT_COLOR_BGRA32 ? (w->image != NULL ? k4a_image_get_buffer(w->image) : NULL)
                                                               : p->bgra;
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
        part_job_t *job = &w->jobs[i];
        job->split = &w->plan;
        job->part = i;
        job->width = v->width;
        job->height = v->height;
        job->bgra = w->bgra;
        job->queued = decode_pool_run(p->pool, run_part, job);
    }
    w->split = true;
}

/* Waits for the parts and gives up on the frame. */
static void colour_abandon(playback_t *p, colour_work_t *w)
{
    if (!w->split)
        return;
    decode_pool_wait_tasks(p->pool);
    if (w->image != NULL)
        k4a_image_release(w->image);
    jpeg_split_free(&w->plan);
    w->split = false;
}

static k4a_image_t colour_finish(playback_t *p, const mkv_frame_t *frame, colour_work_t *w, const char **error)
{
    if (!w->split)
        return color_image(p, frame, error);
    const video_track_t *v = &p->video[VIDEO_COLOR];
    bool ok = true;
    if (p->converter == NULL)
        p->converter = color_converter_create();
    *error = "out of memory";
    ok = p->converter != NULL && color_decode_part(p->converter, p->frame_buffer, (size_t)frame->size, &w->plan, 0,
                                                   v->width, v->height, w->bgra, error);
    for (int i = 1; i < w->plan.parts; i++)
        if (!w->jobs[i].queued)
            run_part(p->converter, &w->jobs[i]);
    decode_pool_wait_tasks(p->pool);
    for (int i = 1; i < w->plan.parts && ok; i++)
        if (!w->jobs[i].ok)
        {
            ok = false;
            *error = w->jobs[i].error;
        }
    k4a_image_t image = w->image;
    if (ok && p->color_target != K4A_IMAGE_FORMAT_COLOR_BGRA32)
        color_from_bgra(w->bgra, v->width, v->height, p->color_target, k4a_image_get_buffer(image));
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

static k4a_stream_result_t get_capture(playback_t *p, bool forward, k4a_capture_t *capture_handle, const char *function)
{
    colour_work_t colour;
    colour.split = false;
    mkv_frame_t frames[VIDEO_TRACKS];
    bool member[VIDEO_TRACKS];
    k4a_image_t images[VIDEO_TRACKS] = { NULL, NULL, NULL };
    k4a_capture_t capture = NULL;
    const char *error = NULL;
    mkv_result_t r = stream_step(p, &p->captures, forward, frames, member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    if (member[VIDEO_COLOR])
    {
        colour_start(p, &frames[VIDEO_COLOR], &colour);
        request_colour(p, &frames[VIDEO_COLOR], forward, !colour.split);
    }
    /* depth and IR first: the colour frame converts meanwhile */
    for (int i = VIDEO_TRACKS - 1; i >= 0; i--)
    {
        if (!member[i])
            continue;
        images[i] = i == VIDEO_COLOR ? colour_finish(p, &frames[i], &colour, &error)
                                     : read_raw_image(p, &p->video[i], &frames[i], &error);
        CHECK(images[i] != NULL, "%s: cannot read the %s frame at byte %llu: %s", function,
              i == VIDEO_COLOR ? "colour" : i == VIDEO_DEPTH ? "depth" : "IR", (unsigned long long)frames[i].offset,
              error);
        k4a_image_set_device_timestamp_usec(images[i], device_usec(p, frames[i].time_ns));
    }
    CHECK(k4a_capture_create(&capture) == K4A_RESULT_SUCCEEDED, "%s: cannot create a capture", function);
    if (images[VIDEO_COLOR] != NULL)
        k4a_capture_set_color_image(capture, images[VIDEO_COLOR]);
    if (images[VIDEO_DEPTH] != NULL)
        k4a_capture_set_depth_image(capture, images[VIDEO_DEPTH]);
    if (images[VIDEO_IR] != NULL)
        k4a_capture_set_ir_image(capture, images[VIDEO_IR]);
    k4a_capture_set_temperature_c(capture, NAN); /* recordings do not store it */
    for (int i = 0; i < VIDEO_TRACKS; i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    stream_commit(&p->captures, forward, frames, member);
    *capture_handle = capture;
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    colour_abandon(p, &colour);
    for (int i = 0; i < VIDEO_TRACKS; i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    return K4A_STREAM_RESULT_FAILED;
}

/* ---- IMU ------------------------------------------------------------------------------------ */

static float read_float(const uint8_t *b)
{
    uint32_t bits = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f;
}

static uint64_t read_u64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

static bool read_imu_sample(playback_t *p, const mkv_frame_t *frame, k4a_imu_sample_t *sample)
{
    uint8_t b[IMU_SAMPLE_BYTES];
    if (frame->size != IMU_SAMPLE_BYTES || !k4a4j_io_read(p->io, frame->offset, b, sizeof(b)))
        return false;
    sample->temperature = NAN; /* recordings do not store it */
    sample->acc_timestamp_usec = read_u64(b) / 1000;
    sample->acc_sample.xyz.x = read_float(b + 8);
    sample->acc_sample.xyz.y = read_float(b + 12);
    sample->acc_sample.xyz.z = read_float(b + 16);
    sample->gyro_timestamp_usec = read_u64(b + 20) / 1000;
    sample->gyro_sample.xyz.x = read_float(b + 28);
    sample->gyro_sample.xyz.y = read_float(b + 32);
    sample->gyro_sample.xyz.z = read_float(b + 36);
    return true;
}

static k4a_stream_result_t get_imu_sample(playback_t *p, bool forward, k4a_imu_sample_t *sample, const char *function)
{
    mkv_frame_t frame;
    bool member;
    mkv_result_t r = stream_step(p, &p->imu_stream, forward, &frame, &member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    CHECK(read_imu_sample(p, &frame, sample), "%s: the IMU sample at byte %llu is not a %u-byte sample", function,
          (unsigned long long)frame.offset, IMU_SAMPLE_BYTES);
    stream_commit(&p->imu_stream, forward, &frame, &member);
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    return K4A_STREAM_RESULT_FAILED;
}

/* IMU samples are found by their own device time, in microseconds. */
static void imu_seek(playback_t *p, int64_t target_ns)
{
    stream_t *s = &p->imu_stream;
    cursor_t *c = &s->cursor[0];
    s->has_current = false;
    if (c->track == 0)
        return;
    int64_t target_usec = floor_div(saturating_add(target_ns, p->start_offset_ns), 1000);
    /* start a little before: the samples' times are their blocks' times, or close to them */
    int64_t from_ns = saturating_sub(saturating_sub(usec_to_ns(target_usec), p->start_offset_ns), 1000000);
    mkv_frame_t frame;
    mkv_result_t r = mkv_seek_frame(p->file, c->track, from_ns, &frame);
    while (r == MKV_FOUND)
    {
        k4a_imu_sample_t sample;
        if (!read_imu_sample(p, &frame, &sample) || (int64_t)sample.acc_timestamp_usec >= target_usec)
            break;
        r = mkv_next_frame(p->file, c->track, &frame.pos, &frame);
    }
    if (r == MKV_FOUND)
    {
        c->state = BEFORE;
        c->frame = frame;
    }
    else
        c->state = AT_END;
}

/* ---- data blocks ---------------------------------------------------------------------------- */

static k4a_stream_result_t get_data_block(playback_t *p, const char *track_name, bool forward,
                                          k4a_playback_data_block_t *handle, const char *function)
{
    custom_track_t *custom = NULL;
    data_block_t *block = NULL;
    mkv_frame_t frame;
    bool member;
    CHECK(track_name != NULL, "%s: track_name is NULL", function);
    CHECK(handle != NULL, "%s: data_block_handle is NULL", function);
    for (size_t i = 0; i < p->custom_count && custom == NULL; i++)
        if (strcmp(p->custom[i].track->name, track_name) == 0)
            custom = &p->custom[i];
    CHECK(custom != NULL, "%s: \"%s\" is %s", function, track_name,
          track_named(p, track_name) != NULL ? "a built-in track, not a custom track" : "not a track of the recording");
    mkv_result_t r = stream_step(p, &custom->stream, forward, &frame, &member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    CHECK(frame.size <= MAX_FRAME_BYTES, "%s: the block at byte %llu is too large", function,
          (unsigned long long)frame.offset);
    block = calloc(1, sizeof(*block));
    CHECK(block != NULL, "%s: out of memory", function);
    block->buffer = malloc(frame.size > 0 ? (size_t)frame.size : 1);
    CHECK(block->buffer != NULL, "%s: no memory for %llu bytes", function, (unsigned long long)frame.size);
    CHECK(k4a4j_io_read(p->io, frame.offset, block->buffer, (size_t)frame.size),
          "%s: the block at byte %llu cannot be read", function, (unsigned long long)frame.offset);
    block->size = (size_t)frame.size;
    block->device_timestamp_usec = device_usec(p, frame.time_ns);
    k4a4j_handle_init(&block->header, K4A4J_TAG_DATA_BLOCK);
    stream_commit(&custom->stream, forward, &frame, &member);
    *handle = (k4a_playback_data_block_t)block;
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    if (block != NULL)
        free(block->buffer);
    free(block);
    return K4A_STREAM_RESULT_FAILED;
}

/* ---- open and close ------------------------------------------------------------------------- */

static void playback_free(playback_t *p)
{
    if (p == NULL)
        return;
    decode_pool_destroy(p->pool);
    image_cache_close(p->images);
    color_converter_destroy(p->converter);
    free(p->frame_buffer);
    free(p->bgra);
    free(p->sorted);
    free(p->custom);
    mkv_close(p->file);
    k4a4j_io_close(p->io);
    k4a4j_mutex_destroy(&p->lock);
    free(p);
}

static int decode_threads(void)
{
    const char *text = getenv("K4A4J_PLAYBACK_DECODE_THREADS");
    int64_t value;
    if (text != NULL && parse_integer(text, false, &value))
        return value > MAX_DECODE_THREADS ? MAX_DECODE_THREADS : (int)value;
    int cores = k4a4j_cpu_count();
    return cores < 1 ? 1 : cores > MAX_DECODE_THREADS ? MAX_DECODE_THREADS : cores;
}

k4a_result_t k4a4j_playback_open_io(k4a4j_io_t *io, const char *name, k4a_playback_t *playback_handle)
{
    playback_t *p = NULL;
    const char *why = NULL;
    CHECK(playback_handle != NULL, "k4a_playback_open: playback_handle is NULL");
    *playback_handle = NULL;
    CHECK(io != NULL, "k4a_playback_open: cannot read \"%s\"", name);
    p = calloc(1, sizeof(*p));
    CHECK(p != NULL, "k4a_playback_open: out of memory");
    k4a4j_mutex_init(&p->lock);
    p->io = io;
    io = NULL;
    p->file = mkv_open(p->io);
    CHECK(p->file != NULL, "k4a_playback_open: \"%s\" is not a readable recording", name);

    /* the built-in tracks */
    static const char *const tags[VIDEO_TRACKS] = { "K4A_COLOR_TRACK", "K4A_DEPTH_TRACK", "K4A_IR_TRACK" };
    static const char *const names[VIDEO_TRACKS] = { K4A_TRACK_NAME_COLOR, K4A_TRACK_NAME_DEPTH, K4A_TRACK_NAME_IR };
    for (int i = 0; i < VIDEO_TRACKS; i++)
    {
        const mkv_track_t *t = builtin_track(p, tags[i], names[i]);
        if (t == NULL)
            continue;
        CHECK(!t->encoded, "k4a_playback_open: \"%s\": the %s track's frames are compressed or encrypted", name,
              names[i]);
        CHECK(video_format(t, i, &p->video[i], &why), "k4a_playback_open: \"%s\": the %s track is not usable: %s",
              name, names[i], why);
    }
    p->imu = builtin_track(p, "K4A_IMU_TRACK", K4A_TRACK_NAME_IMU);
    CHECK(p->imu == NULL || !p->imu->encoded, "k4a_playback_open: \"%s\": the IMU track's frames are encoded", name);

    /* every track by name; the others are custom tracks */
    size_t count = mkv_track_count(p->file);
    p->sorted = calloc(count > 0 ? count : 1, sizeof(*p->sorted));
    p->custom = calloc(count > 0 ? count : 1, sizeof(*p->custom));
    CHECK(p->sorted != NULL && p->custom != NULL, "k4a_playback_open: out of memory");
    for (size_t i = 0; i < count; i++)
    {
        const mkv_track_t *t = mkv_track(p->file, i);
        p->sorted[p->sorted_count++] = t;
        bool builtin = t == p->imu;
        for (int k = 0; k < VIDEO_TRACKS; k++)
            builtin = builtin || t == p->video[k].track;
        if (builtin || is_builtin_name(t->name))
            continue;
        custom_track_t *c = &p->custom[p->custom_count++];
        c->track = t;
        uint64_t number = t->encoded ? 0 : t->number;
        stream_init(&c->stream, 1, &number);
    }
    qsort(p->sorted, p->sorted_count, sizeof(*p->sorted), compare_track_names);

    read_configuration(p);
    uint64_t video_numbers[VIDEO_TRACKS];
    for (int i = 0; i < VIDEO_TRACKS; i++)
        video_numbers[i] = p->video[i].track != NULL ? p->video[i].track->number : 0;
    stream_init(&p->captures, VIDEO_TRACKS, video_numbers);
    uint64_t imu_number = p->imu != NULL ? p->imu->number : 0;
    stream_init(&p->imu_stream, 1, &imu_number);

    p->color_target = p->video[VIDEO_COLOR].track != NULL ? p->video[VIDEO_COLOR].format : K4A_IMAGE_FORMAT_COLOR_MJPG;
    p->images = image_cache_create();
    p->decode_source.images = p->images;
    p->decode_source.io = p->io;
    p->decode_source.format = p->video[VIDEO_COLOR].format;
    p->decode_source.width = p->video[VIDEO_COLOR].width;
    p->decode_source.height = p->video[VIDEO_COLOR].height;
    p->decode_threads = decode_threads();

    k4a4j_handle_init(&p->header, K4A4J_TAG_PLAYBACK);
    *playback_handle = (k4a_playback_t)p;
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_io_close(io);
    playback_free(p);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_playback_open(const char *path, k4a_playback_t *playback_handle)
{
    CHECK(playback_handle != NULL, "k4a_playback_open: playback_handle is NULL");
    *playback_handle = NULL;
    CHECK(path != NULL, "k4a_playback_open: path is NULL");
    k4a4j_io_t *io = k4a4j_io_open_file(path);
    CHECK(io != NULL, "k4a_playback_open: cannot open \"%s\"", path);
    return k4a4j_playback_open_io(io, path, playback_handle);
fail:
    return K4A_RESULT_FAILED;
}

void k4a_playback_close(k4a_playback_t playback_handle)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_close");
    if (p == NULL)
        return;
    k4a4j_handle_retire(&p->header);
    playback_free(p);
}

/* ---- calibration and configuration ---------------------------------------------------------- */

/* The raw calibration attachment, with a terminating NUL (malloc). */
static uint8_t *raw_calibration(playback_t *p, size_t *size, const char *function)
{
    const char *file_name = tag_value(p, "K4A_CALIBRATION_FILE");
    const mkv_attachment_t *a = NULL;
    uint8_t *data = NULL;
    if (file_name == NULL)
        file_name = DEFAULT_CALIBRATION_FILE;
    size_t count = mkv_attachment_count(p->file);
    for (size_t i = 0; i < count && a == NULL; i++)
        if (strcmp(mkv_attachment(p->file, i)->name, file_name) == 0)
            a = mkv_attachment(p->file, i);
    CHECK(a != NULL, "%s: the recording has no calibration attachment \"%s\"", function, file_name);
    CHECK(a->data_size > 0 && a->data_size < ((uint64_t)64 << 20), "%s: the calibration attachment is empty or too large",
          function);
    data = malloc((size_t)a->data_size + 1);
    CHECK(data != NULL, "%s: out of memory", function);
    CHECK(k4a4j_io_read(p->io, a->data_offset, data, (size_t)a->data_size),
          "%s: the calibration attachment cannot be read", function);
    *size = (size_t)a->data_size;
    if (data[*size - 1] != 0)
        data[(*size)++] = 0;
    return data;
fail:
    free(data);
    return NULL;
}

k4a_buffer_result_t k4a_playback_get_raw_calibration(k4a_playback_t playback_handle, uint8_t *data, size_t *data_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_raw_calibration");
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    if (data_size == NULL)
    {
        LOG_ERROR("k4a_playback_get_raw_calibration: data_size is NULL");
        return K4A_BUFFER_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    size_t size = 0;
    uint8_t *raw = raw_calibration(p, &size, "k4a_playback_get_raw_calibration");
    if (raw != NULL)
        result = copy_out(raw, size, false, data, data_size);
    free(raw);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_result_t k4a_playback_get_calibration(k4a_playback_t playback_handle, k4a_calibration_t *calibration)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_calibration");
    k4a_result_t result = K4A_RESULT_FAILED;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    if (calibration == NULL)
    {
        LOG_ERROR("k4a_playback_get_calibration: calibration is NULL");
        return K4A_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    if (!p->have_calibration)
    {
        size_t size = 0;
        uint8_t *raw = raw_calibration(p, &size, "k4a_playback_get_calibration");
        if (raw != NULL &&
            k4a_calibration_get_from_raw((char *)raw, size, p->config.depth_mode, p->config.color_resolution,
                                         &p->calibration) == K4A_RESULT_SUCCEEDED)
            p->have_calibration = true;
        else if (raw != NULL)
            LOG_ERROR("k4a_playback_get_calibration: the recording's calibration cannot be parsed");
        free(raw);
    }
    if (p->have_calibration)
    {
        *calibration = p->calibration;
        result = K4A_RESULT_SUCCEEDED;
    }
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_result_t k4a_playback_get_record_configuration(k4a_playback_t playback_handle, k4a_record_configuration_t *config)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_record_configuration");
    if (p == NULL)
        return K4A_RESULT_FAILED;
    if (config == NULL)
    {
        LOG_ERROR("k4a_playback_get_record_configuration: config is NULL");
        return K4A_RESULT_FAILED;
    }
    *config = p->config;
    return K4A_RESULT_SUCCEEDED;
}

/* ---- tracks --------------------------------------------------------------------------------- */

bool k4a_playback_check_track_exists(k4a_playback_t playback_handle, const char *track_name)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_check_track_exists");
    if (p == NULL)
        return false;
    if (track_name == NULL)
    {
        LOG_ERROR("k4a_playback_check_track_exists: track_name is NULL");
        return false;
    }
    return track_named(p, track_name) != NULL;
}

size_t k4a_playback_get_track_count(k4a_playback_t playback_handle)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_track_count");
    return p == NULL ? 0 : p->sorted_count;
}

k4a_buffer_result_t k4a_playback_get_track_name(k4a_playback_t playback_handle, size_t track_index, char *track_name,
                                                size_t *track_name_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_track_name");
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name_size != NULL, "k4a_playback_get_track_name: track_name_size is NULL");
    CHECK(track_index < p->sorted_count, "k4a_playback_get_track_name: track_index %zu is out of range (%zu tracks)",
          track_index, p->sorted_count);
    const char *name = p->sorted[track_index]->name;
    return copy_out(name, strlen(name), true, track_name, track_name_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

bool k4a_playback_track_is_builtin(k4a_playback_t playback_handle, const char *track_name)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_is_builtin");
    if (p == NULL)
        return false;
    if (track_name == NULL)
    {
        LOG_ERROR("k4a_playback_track_is_builtin: track_name is NULL");
        return false;
    }
    return is_builtin_name(track_name) && track_named(p, track_name) != NULL;
}

k4a_result_t k4a_playback_track_get_video_settings(k4a_playback_t playback_handle, const char *track_name,
                                                   k4a_record_video_settings_t *video_settings)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_video_settings");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_video_settings: track_name is NULL");
    CHECK(video_settings != NULL, "k4a_playback_track_get_video_settings: video_settings is NULL");
    t = track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_video_settings: \"%s\" is not a track of the recording", track_name);
    CHECK(t->type == MKV_TRACK_TYPE_VIDEO && t->has_video,
          "k4a_playback_track_get_video_settings: \"%s\" is not a video track", track_name);
    video_settings->width = t->pixel_width;
    video_settings->height = t->pixel_height;
    video_settings->frame_rate = t->default_duration_ns > 0 ? 1000000000u / t->default_duration_ns : 0;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_id(k4a_playback_t playback_handle, const char *track_name,
                                                    char *codec_id, size_t *codec_id_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_codec_id");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_codec_id: track_name is NULL");
    CHECK(codec_id_size != NULL, "k4a_playback_track_get_codec_id: codec_id_size is NULL");
    t = track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_codec_id: \"%s\" is not a track of the recording", track_name);
    return copy_out(t->codec_id, strlen(t->codec_id), true, codec_id, codec_id_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_context(k4a_playback_t playback_handle, const char *track_name,
                                                         uint8_t *codec_context, size_t *codec_context_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_codec_context");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_codec_context: track_name is NULL");
    CHECK(codec_context_size != NULL, "k4a_playback_track_get_codec_context: codec_context_size is NULL");
    t = track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_codec_context: \"%s\" is not a track of the recording", track_name);
    return copy_out(t->codec_private, t->codec_private_size, false, codec_context, codec_context_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

/* ---- tags and attachments ------------------------------------------------------------------- */

k4a_buffer_result_t k4a_playback_get_tag(k4a_playback_t playback_handle, const char *name, char *value,
                                         size_t *value_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_tag");
    const char *text;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(name != NULL, "k4a_playback_get_tag: name is NULL");
    CHECK(value_size != NULL, "k4a_playback_get_tag: value_size is NULL");
    text = tag_value(p, name);
    CHECK(text != NULL, "k4a_playback_get_tag: the recording has no tag \"%s\"", name);
    return copy_out(text, strlen(text), true, value, value_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_get_attachment(k4a_playback_t playback_handle, const char *file_name, uint8_t *data,
                                                size_t *data_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_attachment");
    const mkv_attachment_t *a = NULL;
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(file_name != NULL, "k4a_playback_get_attachment: file_name is NULL");
    CHECK(data_size != NULL, "k4a_playback_get_attachment: data_size is NULL");
    size_t count = mkv_attachment_count(p->file);
    for (size_t i = 0; i < count && a == NULL; i++)
        if (strcmp(mkv_attachment(p->file, i)->name, file_name) == 0)
            a = mkv_attachment(p->file, i);
    CHECK(a != NULL, "k4a_playback_get_attachment: the recording has no attachment \"%s\"", file_name);
    CHECK(a->data_size <= SIZE_MAX - 1, "k4a_playback_get_attachment: the attachment is too large");
    if (data == NULL || *data_size < a->data_size)
    {
        *data_size = (size_t)a->data_size;
        return K4A_BUFFER_RESULT_TOO_SMALL;
    }
    k4a4j_mutex_lock(&p->lock);
    if (k4a4j_io_read(p->io, a->data_offset, data, (size_t)a->data_size))
    {
        *data_size = (size_t)a->data_size;
        result = K4A_BUFFER_RESULT_SUCCEEDED;
    }
    else
        LOG_ERROR("k4a_playback_get_attachment: the attachment \"%s\" cannot be read", file_name);
    k4a4j_mutex_unlock(&p->lock);
    return result;
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

/* ---- colour conversion ---------------------------------------------------------------------- */

k4a_result_t k4a_playback_set_color_conversion(k4a_playback_t playback_handle, k4a_image_format_t target_format)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_set_color_conversion");
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(p->video[VIDEO_COLOR].track != NULL, "k4a_playback_set_color_conversion: the recording has no colour track");
    CHECK(color_conversion_supported(p->video[VIDEO_COLOR].format, target_format),
          "k4a_playback_set_color_conversion: colour frames stored as %d cannot be converted to format %d",
          (int)p->video[VIDEO_COLOR].format, (int)target_format);
    k4a4j_mutex_lock(&p->lock);
    p->color_target = target_format;
    if (converting(p) && p->pool == NULL && p->decode_threads > 0)
        p->pool = decode_pool_create(&p->decode_source, p->decode_threads);
    if (p->pool != NULL)
        decode_pool_keep_only(p->pool, NULL, 0, target_format);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* ---- reading -------------------------------------------------------------------------------- */

static k4a_stream_result_t capture_entry(k4a_playback_t playback_handle, k4a_capture_t *capture_handle, bool forward,
                                         const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (capture_handle == NULL)
    {
        LOG_ERROR("%s: capture_handle is NULL", function);
        return K4A_STREAM_RESULT_FAILED;
    }
    *capture_handle = NULL;
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_capture(p, forward, capture_handle, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    return capture_entry(playback_handle, capture_handle, true, "k4a_playback_get_next_capture");
}

k4a_stream_result_t k4a_playback_get_previous_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    return capture_entry(playback_handle, capture_handle, false, "k4a_playback_get_previous_capture");
}

static k4a_stream_result_t imu_entry(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample, bool forward,
                                     const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (imu_sample == NULL)
    {
        LOG_ERROR("%s: imu_sample is NULL", function);
        return K4A_STREAM_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_imu_sample(p, forward, imu_sample, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    return imu_entry(playback_handle, imu_sample, true, "k4a_playback_get_next_imu_sample");
}

k4a_stream_result_t k4a_playback_get_previous_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    return imu_entry(playback_handle, imu_sample, false, "k4a_playback_get_previous_imu_sample");
}

static k4a_stream_result_t data_block_entry(k4a_playback_t playback_handle, const char *track_name,
                                            k4a_playback_data_block_t *data_block_handle, bool forward,
                                            const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (data_block_handle != NULL)
        *data_block_handle = NULL;
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_data_block(p, track_name, forward, data_block_handle, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_data_block(k4a_playback_t playback_handle, const char *track_name,
                                                     k4a_playback_data_block_t *data_block_handle)
{
    return data_block_entry(playback_handle, track_name, data_block_handle, true, "k4a_playback_get_next_data_block");
}

k4a_stream_result_t k4a_playback_get_previous_data_block(k4a_playback_t playback_handle, const char *track_name,
                                                         k4a_playback_data_block_t *data_block_handle)
{
    return data_block_entry(playback_handle, track_name, data_block_handle, false,
                            "k4a_playback_get_previous_data_block");
}

uint64_t k4a_playback_data_block_get_device_timestamp_usec(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_device_timestamp_usec");
    return b == NULL ? 0 : b->device_timestamp_usec;
}

size_t k4a_playback_data_block_get_buffer_size(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_buffer_size");
    return b == NULL ? 0 : b->size;
}

uint8_t *k4a_playback_data_block_get_buffer(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_buffer");
    return b == NULL ? NULL : b->buffer;
}

void k4a_playback_data_block_release(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_release");
    if (b == NULL)
        return;
    k4a4j_handle_retire(&b->header);
    free(b->buffer);
    free(b);
}

/* ---- seeking and length --------------------------------------------------------------------- */

/* The last instant the recording covers (false when it has no frames). */
static bool last_time(playback_t *p, int64_t *last_ns)
{
    if (!p->have_last)
    {
        int64_t last;
        if (mkv_last_time(p->file, &last) != MKV_FOUND)
            return false;
        p->last_ns = last;
        p->have_last = true;
    }
    *last_ns = p->last_ns;
    return true;
}

k4a_result_t k4a_playback_seek_timestamp(k4a_playback_t playback_handle, int64_t offset_usec,
                                         k4a_playback_seek_origin_t origin)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_seek_timestamp");
    int64_t target_ns, last_ns;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(origin == K4A_PLAYBACK_SEEK_BEGIN || origin == K4A_PLAYBACK_SEEK_END || origin == K4A_PLAYBACK_SEEK_DEVICE_TIME,
          "k4a_playback_seek_timestamp: origin %d is not a k4a_playback_seek_origin_t", (int)origin);
    k4a4j_mutex_lock(&p->lock);
    if (origin == K4A_PLAYBACK_SEEK_BEGIN)
        target_ns = usec_to_ns(offset_usec);
    else if (origin == K4A_PLAYBACK_SEEK_END)
    {
        /* from just after the last instant */
        if (!last_time(p, &last_ns))
            last_ns = -1;
        target_ns = saturating_add(saturating_add(last_ns, 1), usec_to_ns(offset_usec));
    }
    else
        target_ns = saturating_sub(usec_to_ns(offset_usec), p->start_offset_ns);
    stream_seek(p, &p->captures, target_ns);
    imu_seek(p, target_ns);
    for (size_t i = 0; i < p->custom_count; i++)
        stream_seek(p, &p->custom[i].stream, target_ns);
    if (p->pool != NULL)
        decode_pool_keep_only(p->pool, NULL, 0, p->color_target);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

static uint64_t recording_length(k4a_playback_t playback_handle, const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    uint64_t length = 0;
    int64_t last_ns;
    if (p == NULL)
        return 0;
    k4a4j_mutex_lock(&p->lock);
    if (last_time(p, &last_ns) && last_ns > 0)
        length = (uint64_t)(last_ns / 1000);
    k4a4j_mutex_unlock(&p->lock);
    return length;
}

uint64_t k4a_playback_get_recording_length_usec(k4a_playback_t playback_handle)
{
    return recording_length(playback_handle, "k4a_playback_get_recording_length_usec");
}

uint64_t k4a_playback_get_last_timestamp_usec(k4a_playback_t playback_handle)
{
    return recording_length(playback_handle, "k4a_playback_get_last_timestamp_usec");
}
