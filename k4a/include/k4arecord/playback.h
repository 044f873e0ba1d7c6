/*
 * k4a4j: the playback half of the k4arecord 1.4 C API (libk4arecord.so.1.4).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4ARECORD_PLAYBACK_H
#define K4ARECORD_PLAYBACK_H

#include <k4a/k4a.h>
#include <k4arecord/types.h>
#include <k4arecord/k4arecord_export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Opens a recording for reading. */
K4ARECORD_EXPORT k4a_result_t k4a_playback_open(const char *path, k4a_playback_t *playback_handle);

/** The raw calibration stored in the recording, by the buffer protocol (NUL-terminated). */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_get_raw_calibration(k4a_playback_t playback_handle,
                                                                      uint8_t *data,
                                                                      size_t *data_size);

/** The calibration for the recording's modes. */
K4ARECORD_EXPORT k4a_result_t k4a_playback_get_calibration(k4a_playback_t playback_handle,
                                                           k4a_calibration_t *calibration);

/** How the recording was made. */
K4ARECORD_EXPORT k4a_result_t k4a_playback_get_record_configuration(k4a_playback_t playback_handle,
                                                                    k4a_record_configuration_t *config);

/** Whether a track of that name exists. */
K4ARECORD_EXPORT bool k4a_playback_check_track_exists(k4a_playback_t playback_handle, const char *track_name);

/** Number of tracks (built-in and custom). */
K4ARECORD_EXPORT size_t k4a_playback_get_track_count(k4a_playback_t playback_handle);

/** Name of track number track_index, by the buffer protocol. */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_get_track_name(k4a_playback_t playback_handle,
                                                                 size_t track_index,
                                                                 char *track_name,
                                                                 size_t *track_name_size);

/** Whether a track is one of COLOR, DEPTH, IR and IMU. */
K4ARECORD_EXPORT bool k4a_playback_track_is_builtin(k4a_playback_t playback_handle, const char *track_name);

/** Size and frame rate of a video track. */
K4ARECORD_EXPORT k4a_result_t k4a_playback_track_get_video_settings(k4a_playback_t playback_handle,
                                                                    const char *track_name,
                                                                    k4a_record_video_settings_t *video_settings);

/** Codec id of a track, by the buffer protocol. */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_track_get_codec_id(k4a_playback_t playback_handle,
                                                                     const char *track_name,
                                                                     char *codec_id,
                                                                     size_t *codec_id_size);

/** Codec private data of a track, by the buffer protocol. */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_track_get_codec_context(k4a_playback_t playback_handle,
                                                                          const char *track_name,
                                                                          uint8_t *codec_context,
                                                                          size_t *codec_context_size);

/** Value of a tag, by the buffer protocol (NUL-terminated text). */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_get_tag(k4a_playback_t playback_handle,
                                                          const char *name,
                                                          char *value,
                                                          size_t *value_size);

/** Converts colour images to target_format as they are read (BGRA32 from MJPG, NV12 or YUY2). */
K4ARECORD_EXPORT k4a_result_t k4a_playback_set_color_conversion(k4a_playback_t playback_handle,
                                                                k4a_image_format_t target_format);

/** Contents of an attached file, by the buffer protocol. */
K4ARECORD_EXPORT k4a_buffer_result_t k4a_playback_get_attachment(k4a_playback_t playback_handle,
                                                                 const char *file_name,
                                                                 uint8_t *data,
                                                                 size_t *data_size);

/** The next capture after the current position. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_next_capture(k4a_playback_t playback_handle,
                                                                   k4a_capture_t *capture_handle);

/** The capture before the current position. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_previous_capture(k4a_playback_t playback_handle,
                                                                       k4a_capture_t *capture_handle);

/** The next IMU sample after the current position. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_next_imu_sample(k4a_playback_t playback_handle,
                                                                      k4a_imu_sample_t *imu_sample);

/** The IMU sample before the current position. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_previous_imu_sample(k4a_playback_t playback_handle,
                                                                          k4a_imu_sample_t *imu_sample);

/** The next data block of a custom track. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_next_data_block(k4a_playback_t playback_handle,
                                                                      const char *track_name,
                                                                      k4a_playback_data_block_t *data_block_handle);

/** The previous data block of a custom track. */
K4ARECORD_EXPORT k4a_stream_result_t k4a_playback_get_previous_data_block(k4a_playback_t playback_handle,
                                                                          const char *track_name,
                                                                          k4a_playback_data_block_t *data_block_handle);

/** Device timestamp of a data block, in microseconds. */
K4ARECORD_EXPORT uint64_t k4a_playback_data_block_get_device_timestamp_usec(k4a_playback_data_block_t data_block_handle);

/** Size of a data block's buffer in bytes. */
K4ARECORD_EXPORT size_t k4a_playback_data_block_get_buffer_size(k4a_playback_data_block_t data_block_handle);

/** A data block's buffer. */
K4ARECORD_EXPORT uint8_t *k4a_playback_data_block_get_buffer(k4a_playback_data_block_t data_block_handle);

/** Frees a data block. */
K4ARECORD_EXPORT void k4a_playback_data_block_release(k4a_playback_data_block_t data_block_handle);

/** Moves the read position to a time counted from the start, the end, or in device time. */
K4ARECORD_EXPORT k4a_result_t k4a_playback_seek_timestamp(k4a_playback_t playback_handle,
                                                          int64_t offset_usec,
                                                          k4a_playback_seek_origin_t origin);

/** Length of the recording in microseconds (last timestamp of any track). */
K4ARECORD_EXPORT uint64_t k4a_playback_get_recording_length_usec(k4a_playback_t playback_handle);

/** Deprecated name of k4a_playback_get_recording_length_usec. */
K4ARECORD_DEPRECATED_EXPORT uint64_t k4a_playback_get_last_timestamp_usec(k4a_playback_t playback_handle);

/** Closes a recording. */
K4ARECORD_EXPORT void k4a_playback_close(k4a_playback_t playback_handle);

#ifdef __cplusplus
}
#endif

#endif /* K4ARECORD_PLAYBACK_H */
