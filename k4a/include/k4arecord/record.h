/*
 * k4a4j: the record half of the k4arecord 1.4 C API (libk4arecord.so.1.4).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4ARECORD_RECORD_H
#define K4ARECORD_RECORD_H

#include <k4a/k4a.h>
#include <k4arecord/types.h>
#include <k4arecord/k4arecord_export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Creates a recording file for a device configuration; device may be NULL (no calibration then). */
K4ARECORD_EXPORT k4a_result_t k4a_record_create(const char *path,
                                                k4a_device_t device,
                                                const k4a_device_configuration_t device_config,
                                                k4a_record_t *recording_handle);

/** Adds a tag (before the header is written). */
K4ARECORD_EXPORT k4a_result_t k4a_record_add_tag(k4a_record_t recording_handle, const char *name, const char *value);

/** Adds the IMU track (before the header is written). */
K4ARECORD_EXPORT k4a_result_t k4a_record_add_imu_track(k4a_record_t recording_handle);

/** Adds an attached file (before the header is written). */
K4ARECORD_EXPORT k4a_result_t k4a_record_add_attachment(const k4a_record_t recording_handle,
                                                        const char *attachment_name,
                                                        const uint8_t *buffer,
                                                        size_t buffer_size);

/** Adds a custom video track (before the header is written). */
K4ARECORD_EXPORT k4a_result_t k4a_record_add_custom_video_track(const k4a_record_t recording_handle,
                                                                const char *track_name,
                                                                const char *codec_id,
                                                                const uint8_t *codec_context,
                                                                size_t codec_context_size,
                                                                const k4a_record_video_settings_t *track_settings);

/** Adds a custom subtitle track (before the header is written). */
K4ARECORD_EXPORT k4a_result_t k4a_record_add_custom_subtitle_track(const k4a_record_t recording_handle,
                                                                   const char *track_name,
                                                                   const char *codec_id,
                                                                   const uint8_t *codec_context,
                                                                   size_t codec_context_size,
                                                                   const k4a_record_subtitle_settings_t *track_settings);

/** Writes the file header; tracks, tags and attachments can no longer be added. */
K4ARECORD_EXPORT k4a_result_t k4a_record_write_header(k4a_record_t recording_handle);

/** Writes the images of a capture. */
K4ARECORD_EXPORT k4a_result_t k4a_record_write_capture(k4a_record_t recording_handle, k4a_capture_t capture_handle);

/** Writes an IMU sample. */
K4ARECORD_EXPORT k4a_result_t k4a_record_write_imu_sample(k4a_record_t recording_handle, k4a_imu_sample_t imu_sample);

/** Writes a block of data to a custom track. */
K4ARECORD_EXPORT k4a_result_t k4a_record_write_custom_track_data(const k4a_record_t recording_handle,
                                                                 const char *track_name,
                                                                 uint64_t device_timestamp_usec,
                                                                 uint8_t *custom_data,
                                                                 size_t custom_data_size);

/** Writes everything so far to the file, so that it can be read even if the process dies. */
K4ARECORD_EXPORT k4a_result_t k4a_record_flush(k4a_record_t recording_handle);

/** Finishes and closes the recording. */
K4ARECORD_EXPORT void k4a_record_close(k4a_record_t recording_handle);

#ifdef __cplusplus
}
#endif

#endif /* K4ARECORD_RECORD_H */
