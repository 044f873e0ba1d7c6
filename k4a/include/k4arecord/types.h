/*
 * k4a4j: types of the k4arecord 1.4 C API (record and playback).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4ARECORD_TYPES_H
#define K4ARECORD_TYPES_H

#include <k4a/k4atypes.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A recording being written. Owned by whoever created it (k4a_record_create), who closes it once with
 * k4a_record_close (which finishes the file). */
K4A_DECLARE_HANDLE(k4a_record_t)
/** A recording being read. Owned by whoever opened it (k4a_playback_open), who closes it once with
 * k4a_playback_close. */
K4A_DECLARE_HANDLE(k4a_playback_t)
/** One block of data read from a custom track. Owned by whoever received it (k4a_playback_get_next/previous_data_block),
 * who releases it once with k4a_playback_data_block_release. */
K4A_DECLARE_HANDLE(k4a_playback_data_block_t)

/** Result of calls that read the next or previous item of a stream. */
typedef enum
{
    K4A_STREAM_RESULT_SUCCEEDED = 0,
    K4A_STREAM_RESULT_FAILED,
    K4A_STREAM_RESULT_EOF,
} k4a_stream_result_t;

/** What a seek offset is counted from. */
typedef enum
{
    K4A_PLAYBACK_SEEK_BEGIN,
    K4A_PLAYBACK_SEEK_END,
    K4A_PLAYBACK_SEEK_DEVICE_TIME
} k4a_playback_seek_origin_t;

/** How a recording was made. */
typedef struct _k4a_record_configuration_t
{
    k4a_image_format_t color_format;
    k4a_color_resolution_t color_resolution;
    k4a_depth_mode_t depth_mode;
    k4a_fps_t camera_fps;
    bool color_track_enabled;
    bool depth_track_enabled;
    bool ir_track_enabled;
    bool imu_track_enabled;
    int32_t depth_delay_off_color_usec;
    k4a_wired_sync_mode_t wired_sync_mode;
    uint32_t subordinate_delay_off_master_usec;
    uint32_t start_timestamp_offset_usec;
} k4a_record_configuration_t;

/** Size and rate of a video track. */
typedef struct _k4a_record_video_settings_t
{
    uint64_t width;
    uint64_t height;
    uint64_t frame_rate;
} k4a_record_video_settings_t;

/** Settings of a custom subtitle track. */
typedef struct _k4a_record_subtitle_settings_t
{
    bool high_freq_data;
} k4a_record_subtitle_settings_t;

/** Names of the built-in tracks. */
#define K4A_TRACK_NAME_COLOR "COLOR"
#define K4A_TRACK_NAME_DEPTH "DEPTH"
#define K4A_TRACK_NAME_IR "IR"
#define K4A_TRACK_NAME_IMU "IMU"

#ifdef __cplusplus
}
#endif

#endif /* K4ARECORD_TYPES_H */
