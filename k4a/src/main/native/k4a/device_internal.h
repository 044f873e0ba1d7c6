/*
 * What the three files of the devices share: device.c (the k4a_device_* API, the list of virtual
 * devices), device_config.c (the vendor's rules for a configuration, colour-control ranges) and
 * virtual_device.c (a recording replayed as a device: the reader, the replay thread, the queues).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_DEVICE_INTERNAL_H
#define K4A4J_DEVICE_INTERNAL_H

#include <k4a/k4a.h>
#include <k4arecord/types.h>

#include <stdbool.h>
#include <stdint.h>

/* How a virtual device paces its recording: at the speed it was recorded (device timestamps against a
 * monotonic clock; a slow caller loses the oldest captures, as on a camera), or as fast as the caller
 * reads (nothing a caller reads is dropped: the replay waits for it). */
typedef enum
{
    K4A4J_PACE_REALTIME = 0,
    K4A4J_PACE_MAX = 1,
} k4a4j_pace_t;

/* ---- device_config.c ------------------------------------------------------------------------ */
const char *k4a4j_color_format_name(k4a_image_format_t format);
const char *k4a4j_color_resolution_name(k4a_color_resolution_t resolution);
const char *k4a4j_depth_mode_name(k4a_depth_mode_t mode);
const char *k4a4j_fps_name(k4a_fps_t fps);
const char *k4a4j_wired_sync_mode_name(k4a_wired_sync_mode_t mode);
/* Frames per second of a k4a_fps_t (0 when invalid). */
int k4a4j_fps_value(k4a_fps_t fps);

/* The vendor's rules for k4a_device_start_cameras on a device with these sync jacks; logs the refusal
 * (naming the field and the values) and returns false. */
bool k4a4j_device_config_valid(const k4a_device_configuration_t *config, bool sync_in_connected,
                               bool sync_out_connected);
/* A valid configuration against what a recording holds: modes and rate must be the recording's, a camera
 * it lacks cannot be started; BGRA32 from an MJPG recording is decoded (*decode_color set). */
bool k4a4j_device_config_matches_recording(const k4a_device_configuration_t *config,
                                           const k4a_record_configuration_t *recording, const char *path,
                                           bool *decode_color);

typedef struct
{
    bool supports_auto;
    int32_t min_value, max_value, step_value, default_value;
    k4a_color_control_mode_t default_mode;
} k4a4j_color_control_caps_t;

/* The published range and default of a colour control; false for a value that is no command. */
bool k4a4j_color_control_caps(k4a_color_control_command_t command, k4a4j_color_control_caps_t *caps);

/* ---- virtual_device.c ----------------------------------------------------------------------- */
typedef struct virtual_source virtual_source_t;

/* Opens a recording as a device (loads libk4arecord beside libk4a on first use). NULL, logged, when the
 * file is no recording. */
virtual_source_t *virtual_source_open(const char *path, k4a4j_pace_t pace, const char *function);
/* Stops the replay (waking every waiter) and frees everything; no caller may be inside any more. */
void virtual_source_free(virtual_source_t *source);

const k4a_record_configuration_t *virtual_source_record_configuration(const virtual_source_t *source);
const char *virtual_source_path(const virtual_source_t *source);
/* The buffer protocol of the API over the recording's raw calibration (NUL-terminated) and tags. */
k4a_buffer_result_t virtual_source_raw_calibration(virtual_source_t *source, uint8_t *data, size_t *size);
k4a_buffer_result_t virtual_source_tag(virtual_source_t *source, const char *name, char *value, size_t *size);

k4a_result_t virtual_source_start(virtual_source_t *source, const k4a_device_configuration_t *config,
                                  bool decode_color);
/* Stops the cameras and the IMU: waiters return K4A_WAIT_RESULT_FAILED; does nothing when stopped. */
void virtual_source_stop(virtual_source_t *source);
k4a_result_t virtual_source_start_imu(virtual_source_t *source);
void virtual_source_stop_imu(virtual_source_t *source);
k4a_wait_result_t virtual_source_get_capture(virtual_source_t *source, k4a_capture_t *capture, int32_t timeout_in_ms);
k4a_wait_result_t virtual_source_get_imu_sample(virtual_source_t *source, k4a_imu_sample_t *sample,
                                                int32_t timeout_in_ms);

#endif /* K4A4J_DEVICE_INTERNAL_H */
