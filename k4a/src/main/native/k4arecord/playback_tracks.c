/*
 * The recording's tracks and tags as the playback sees them (see playback_state.h):
 * - built-in tracks: the track a K4A_COLOR_TRACK, K4A_DEPTH_TRACK, K4A_IR_TRACK or K4A_IMU_TRACK tag
 *   names by UID, else the track with the built-in name; the video ones must be V_MS/VFW/FOURCC
 *   tracks (colour MJPG, NV12, YUY2 or BGRA; depth and IR b16g) of even size up to 20000 pixels,
 *   and none may have ContentEncodings;
 * - custom tracks: every other track whose name is not a built-in one;
 * - the record configuration: from the tracks found and the K4A_* tags (colour and depth modes
 *   from the tags, else from the frame sizes; the frame rate from the first video track's default
 *   duration, else 30 fps), the start offset and the depth delay; half a frame period groups the
 *   images of a capture.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "playback_state.h"

#include "../common/log.h"
#include "recording_format.h"

#include <stdlib.h>
#include <string.h>

/* Frame sizes beyond this are refused (width and height). */
#define MAX_FRAME_SIZE 20000

const char *playback_tag_value(const playback_t *p, const char *name)
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

/* ---- built-in tracks ------------------------------------------------------------------------ */

static const mkv_track_t *track_by_uid_tag(const playback_t *p, const char *tag)
{
    uint64_t uid;
    if (!recording_parse_unsigned(playback_tag_value(p, tag), &uid))
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
    if (strcmp(t->codec_id, RECORDING_CODEC_VFW) != 0 || t->codec_private == NULL ||
        t->codec_private_size < RECORDING_BITMAP_INFO_BYTES)
    {
        *why = "its codec is not V_MS/VFW/FOURCC with a BITMAPINFOHEADER";
        return false;
    }
    int32_t width, height;
    char fourcc[5];
    recording_bitmap_info_read(t->codec_private, &width, &height, fourcc);
    if (t->pixel_width > 0 && t->pixel_height > 0)
    {
        if (t->pixel_width > MAX_FRAME_SIZE || t->pixel_height > MAX_FRAME_SIZE)
        {
            *why = "its frame size is too large";
            return false;
        }
        width = (int32_t)t->pixel_width;
        height = (int32_t)t->pixel_height;
    }
    if (width <= 0 || height <= 0 || width > MAX_FRAME_SIZE || height > MAX_FRAME_SIZE || (width & 1) != 0 ||
        (height & 1) != 0)
    {
        *why = "its frame size is not valid";
        return false;
    }
    v->width = width;
    v->height = height;
    if (which == VIDEO_COLOR)
    {
        if (!recording_color_format(fourcc, &v->format))
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

static int compare_track_names(const void *a, const void *b)
{
    const mkv_track_t *x = *(const mkv_track_t *const *)a, *y = *(const mkv_track_t *const *)b;
    return strcmp(x->name, y->name);
}

bool playback_find_tracks(playback_t *p, const char *name)
{
    const char *why = NULL;
    static const char *const tags[VIDEO_TRACKS] = { RECORDING_TAG_COLOR_TRACK, RECORDING_TAG_DEPTH_TRACK,
                                                    RECORDING_TAG_IR_TRACK };
    static const char *const names[VIDEO_TRACKS] = { K4A_TRACK_NAME_COLOR, K4A_TRACK_NAME_DEPTH, K4A_TRACK_NAME_IR };
    for (int i = 0; i < VIDEO_TRACKS; i++)
    {
        const mkv_track_t *t = builtin_track(p, tags[i], names[i]);
        if (t == NULL)
            continue;
        CHECK(!t->encoded, "k4a_playback_open: \"%s\": the %s track's frames are compressed or encrypted", name,
              names[i]);
        CHECK(video_format(t, i, &p->video[i], &why), "k4a_playback_open: \"%s\": the %s track is not usable: %s", name,
              names[i], why);
    }
    p->imu = builtin_track(p, RECORDING_TAG_IMU_TRACK, K4A_TRACK_NAME_IMU);
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
        if (builtin || recording_is_builtin_track_name(t->name))
            continue;
        custom_track_t *c = &p->custom[p->custom_count++];
        c->track = t;
        uint64_t number = t->encoded ? 0 : t->number;
        stream_init(&c->stream, p->file, 1, &number, NULL, 0);
    }
    qsort(p->sorted, p->sorted_count, sizeof(*p->sorted), compare_track_names);
    return true;
fail:
    return false;
}

const mkv_track_t *playback_track_named(const playback_t *p, const char *name)
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

/* ---- the record configuration --------------------------------------------------------------- */

static k4a_depth_mode_t depth_mode(const playback_t *p)
{
    k4a_depth_mode_t mode = recording_depth_mode_named(playback_tag_value(p, RECORDING_TAG_DEPTH_MODE));
    if (mode != K4A_DEPTH_MODE_OFF)
        return mode;
    const char *ir_mode = playback_tag_value(p, RECORDING_TAG_IR_MODE);
    if (p->video[VIDEO_DEPTH].track == NULL && p->video[VIDEO_IR].track != NULL && ir_mode != NULL &&
        strcmp(ir_mode, "PASSIVE") == 0)
        return K4A_DEPTH_MODE_PASSIVE_IR;
    if (p->video[VIDEO_DEPTH].track == NULL)
        return K4A_DEPTH_MODE_OFF;
    return recording_depth_mode_of_size(p->video[VIDEO_DEPTH].width, p->video[VIDEO_DEPTH].height);
}

void playback_read_configuration(playback_t *p)
{
    k4a_record_configuration_t *c = &p->config;
    memset(c, 0, sizeof(*c));
    c->color_track_enabled = p->video[VIDEO_COLOR].track != NULL;
    c->depth_track_enabled = p->video[VIDEO_DEPTH].track != NULL;
    c->ir_track_enabled = p->video[VIDEO_IR].track != NULL;
    c->imu_track_enabled = p->imu != NULL;
    /* no colour track: CUSTOM (and resolution OFF), as the reference reports */
    c->color_format = c->color_track_enabled ? p->video[VIDEO_COLOR].format : K4A_IMAGE_FORMAT_CUSTOM;
    c->color_resolution = c->color_track_enabled
                              ? recording_color_resolution_of(playback_tag_value(p, RECORDING_TAG_COLOR_MODE),
                                                              p->video[VIDEO_COLOR].height)
                              : K4A_COLOR_RESOLUTION_OFF;
    c->depth_mode = (c->depth_track_enabled || c->ir_track_enabled) ? depth_mode(p) : K4A_DEPTH_MODE_OFF;

    /* frame rate: from the first video track with a default duration */
    uint64_t period_ns = 0;
    for (int i = 0; i < VIDEO_TRACKS && period_ns == 0; i++)
        if (p->video[i].track != NULL)
            period_ns = p->video[i].track->default_duration_ns;
    uint64_t fps = period_ns > 0 ? 1000000000u / period_ns : 30;
    c->camera_fps = fps <= 5    ? K4A_FRAMES_PER_SECOND_5
                    : fps <= 15 ? K4A_FRAMES_PER_SECOND_15
                                : K4A_FRAMES_PER_SECOND_30;
    if (period_ns == 0 || period_ns > 1000000000u)
        period_ns = recording_frame_period_ns(c->camera_fps);
    p->window_ns = (int64_t)(period_ns / 2);

    int64_t value;
    if (recording_parse_integer(playback_tag_value(p, RECORDING_TAG_DEPTH_DELAY_NS), true, &value))
    {
        p->depth_delay_ns = value;
        c->depth_delay_off_color_usec = (int32_t)(value / 1000 > INT32_MAX   ? INT32_MAX
                                                  : value / 1000 < INT32_MIN ? INT32_MIN
                                                                             : value / 1000);
    }
    c->wired_sync_mode = recording_wired_sync_mode_named(playback_tag_value(p, RECORDING_TAG_WIRED_SYNC_MODE));
    uint64_t u;
    if (recording_parse_unsigned(playback_tag_value(p, RECORDING_TAG_SUBORDINATE_DELAY_NS), &u))
        c->subordinate_delay_off_master_usec = u / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(u / 1000);
    if (recording_parse_unsigned(playback_tag_value(p, RECORDING_TAG_START_OFFSET_NS), &u))
    {
        p->start_offset_ns = u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)u;
        c->start_timestamp_offset_usec = u / 1000 > UINT32_MAX ? UINT32_MAX : (uint32_t)(u / 1000);
    }

    /* the streams: a capture's colour image is grouped by its time plus the depth delay */
    uint64_t video_numbers[VIDEO_TRACKS];
    for (int i = 0; i < VIDEO_TRACKS; i++)
        video_numbers[i] = p->video[i].track != NULL ? p->video[i].track->number : 0;
    const int64_t shifts[VIDEO_TRACKS] = { p->depth_delay_ns, 0, 0 };
    stream_init(&p->captures, p->file, VIDEO_TRACKS, video_numbers, shifts, p->window_ns);
    uint64_t imu_number = p->imu != NULL ? p->imu->number : 0;
    stream_init(&p->imu_stream, p->file, 1, &imu_number, NULL, 0);
}
