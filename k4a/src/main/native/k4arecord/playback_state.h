/*
 * The playback object, shared by the files of the playback (not exported):
 * - playback.c: open and close, calibration, configuration, tracks, tags, attachments, colour
 *   conversion, seeking and length;
 * - playback_tracks.c: the recording's tracks and tags as the playback sees them (built-in and
 *   custom tracks, the record configuration, the timing of captures);
 * - playback_read.c: reading captures, IMU samples and custom track data blocks;
 * - playback_streams.c (cursors and streams) and playback_color.c (colour conversion), which do
 *   not see this object.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_PLAYBACK_STATE_H
#define K4A4J_PLAYBACK_STATE_H

#include <stddef.h> /* before handle.h, which uses NULL */

#include "../common/handle.h"
#include "../common/platform.h"
#include "image_cache.h"
#include "io.h"
#include "matroska.h"
#include "playback_color.h"
#include "playback_streams.h"

#include <k4arecord/playback.h>

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

    image_cache_t *images;
    playback_color_t color;

    bool have_calibration;
    k4a_calibration_t calibration;
} playback_t;

/* playback.c: the playback of a handle; NULL, with a message naming function, when it is none. */
playback_t *playback_of(k4a_playback_t handle, const char *function);

/* ---- playback_tracks.c -------------------------------------------------------------------------- */

/* The value of the first tag named name; NULL when there is none. */
const char *playback_tag_value(const playback_t *p, const char *name);
/* Finds the built-in tracks (the ones their K4A_*_TRACK tags name, else the ones with the
 * built-in names) and the custom tracks, and sorts every track by name. False, with a message
 * naming the recording, when a built-in track cannot be played. */
bool playback_find_tracks(playback_t *p, const char *name);
/* The record configuration, the start offset, the depth delay and the grouping window, from the
 * tags and the tracks; then the streams of captures and IMU samples. */
void playback_read_configuration(playback_t *p);
/* The track of that name (built-in names: the built-in track found); NULL when there is none. */
const mkv_track_t *playback_track_named(const playback_t *p, const char *name);

/* ---- playback_read.c ---------------------------------------------------------------------------- */

/* Moves the IMU stream to the first sample whose own device time is at or after target_ns. */
void playback_imu_seek(playback_t *p, int64_t target_ns);

#endif /* K4A4J_PLAYBACK_STATE_H */
