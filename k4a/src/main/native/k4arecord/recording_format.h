/*
 * What an Azure Kinect recording stores on top of Matroska, for the writer (record*.c) and the
 * reader (playback*.c) alike: the codec ids of the built-in tracks, the names of the K4A_* tags
 * and of the calibration attachment, the values those tags take (colour and depth modes, sync
 * modes) with the frame sizes and rates they stand for, the BITMAPINFOHEADER of the video
 * tracks, the 40-byte IMU sample, and the decimal numbers tags hold. The track names are the
 * API's (K4A_TRACK_NAME_* in k4arecord/types.h). Facts: ../shared/notes/recording.md.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_RECORDING_FORMAT_H
#define K4A4J_RECORDING_FORMAT_H

#include <k4a/k4atypes.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- codec ids ---------------------------------------------------------------------------------- */

#define RECORDING_CODEC_VFW "V_MS/VFW/FOURCC" /* COLOR, DEPTH, IR: CodecPrivate is a BITMAPINFOHEADER */
#define RECORDING_CODEC_IMU "S_K4A/IMU"

/* ---- tags --------------------------------------------------------------------------------------- */

#define RECORDING_TAG_COLOR_TRACK "K4A_COLOR_TRACK" /* the UID of the track, in decimal */
#define RECORDING_TAG_DEPTH_TRACK "K4A_DEPTH_TRACK"
#define RECORDING_TAG_IR_TRACK "K4A_IR_TRACK"
#define RECORDING_TAG_IMU_TRACK "K4A_IMU_TRACK"
#define RECORDING_TAG_CUSTOM_TRACK_PREFIX "K4A_CUSTOM_TRACK_" /* + the track's name */
#define RECORDING_TAG_COLOR_MODE "K4A_COLOR_MODE"             /* FourCC "_" resolution: "MJPG_720P" */
#define RECORDING_TAG_DEPTH_MODE "K4A_DEPTH_MODE"             /* "NFOV_UNBINNED", ... */
#define RECORDING_TAG_IR_MODE "K4A_IR_MODE"                   /* "ACTIVE" or "PASSIVE" */
#define RECORDING_TAG_IMU_MODE "K4A_IMU_MODE"                 /* "ON" */
#define RECORDING_TAG_DEPTH_DELAY_NS "K4A_DEPTH_DELAY_NS"
#define RECORDING_TAG_WIRED_SYNC_MODE "K4A_WIRED_SYNC_MODE"
#define RECORDING_TAG_SUBORDINATE_DELAY_NS "K4A_SUBORDINATE_DELAY_NS"
#define RECORDING_TAG_START_OFFSET_NS "K4A_START_OFFSET_NS"
#define RECORDING_TAG_CALIBRATION_FILE "K4A_CALIBRATION_FILE" /* the name of the calibration attachment */
#define RECORDING_TAG_COLOR_FIRMWARE_VERSION "K4A_COLOR_FIRMWARE_VERSION"
#define RECORDING_TAG_DEPTH_FIRMWARE_VERSION "K4A_DEPTH_FIRMWARE_VERSION"
#define RECORDING_TAG_DEVICE_SERIAL_NUMBER "K4A_DEVICE_SERIAL_NUMBER"

/* ---- attachments -------------------------------------------------------------------------------- */

#define RECORDING_CALIBRATION_ATTACHMENT "calibration.json"

/* ---- tracks ------------------------------------------------------------------------------------- */

/* COLOR, DEPTH, IR or IMU. */
bool recording_is_builtin_track_name(const char *name);

/* The FourCC of a colour format ("MJPG", "NV12", "YUY2", "BGRA"); NULL for any other format. */
const char *recording_color_fourcc(k4a_image_format_t format);
/* The colour format of a FourCC; false when it is none of those four. */
bool recording_color_format(const char *fourcc, k4a_image_format_t *format);

/* ---- modes -------------------------------------------------------------------------------------- */

/* "OFF", "720P", ... "3072P" (resolution must be a k4a_color_resolution_t). */
const char *recording_color_resolution_name(k4a_color_resolution_t resolution);
/* The frame size of a resolution; false for OFF and values out of range. */
bool recording_color_size(k4a_color_resolution_t resolution, int *width, int *height);
/* The resolution a K4A_COLOR_MODE value ends with ("_720P"), else the one of that frame height;
 * OFF when neither says. mode may be NULL. */
k4a_color_resolution_t recording_color_resolution_of(const char *mode, int height);

/* "OFF", "NFOV_2X2BINNED", ... "PASSIVE_IR" (mode must be a k4a_depth_mode_t). */
const char *recording_depth_mode_name(k4a_depth_mode_t mode);
/* The frame size of a depth mode; false for OFF and values out of range. */
bool recording_depth_size(k4a_depth_mode_t mode, int *width, int *height);
/* The depth mode a K4A_DEPTH_MODE value names (NULL or unknown: OFF). */
k4a_depth_mode_t recording_depth_mode_named(const char *name);
/* The depth mode of a depth frame size (never PASSIVE_IR, whose size is WFOV_UNBINNED's); OFF
 * when none has that size. */
k4a_depth_mode_t recording_depth_mode_of_size(int width, int height);

/* "STANDALONE", "MASTER", "SUBORDINATE" (mode must be a k4a_wired_sync_mode_t). */
const char *recording_wired_sync_mode_name(k4a_wired_sync_mode_t mode);
/* The mode a K4A_WIRED_SYNC_MODE value names (NULL or unknown: STANDALONE). */
k4a_wired_sync_mode_t recording_wired_sync_mode_named(const char *name);

/* Nanoseconds between frames at a frame rate (33333333 at 30 fps). */
uint64_t recording_frame_period_ns(k4a_fps_t fps);

/* ---- binary contents ---------------------------------------------------------------------------- */

/* The 40-byte little-endian BITMAPINFOHEADER that V_MS/VFW/FOURCC tracks carry as CodecPrivate. */
#define RECORDING_BITMAP_INFO_BYTES 40u
void recording_bitmap_info_write(uint8_t out[RECORDING_BITMAP_INFO_BYTES], int width, int height, uint16_t bit_count,
                                 const char fourcc[4], uint32_t image_size);
/* Width, height and FourCC (NUL-terminated) of a BITMAPINFOHEADER. */
void recording_bitmap_info_read(const uint8_t in[RECORDING_BITMAP_INFO_BYTES], int32_t *width, int32_t *height,
                                char fourcc[5]);

/* An IMU sample in the file: 40 bytes, little-endian: acc time (ns), acc x y z (float), gyro time
 * (ns), gyro x y z. Times must be below 2^64 / 1000 us to be written. */
#define RECORDING_IMU_SAMPLE_BYTES 40u
void recording_imu_write(const k4a_imu_sample_t *sample, uint8_t out[RECORDING_IMU_SAMPLE_BYTES]);
/* The sample (temperature NaN: recordings do not store it). */
void recording_imu_read(const uint8_t in[RECORDING_IMU_SAMPLE_BYTES], k4a_imu_sample_t *sample);

/* ---- numbers in tags ---------------------------------------------------------------------------- */

/* A decimal integer filling the whole text (an optional minus sign when allow_negative); false for
 * NULL, empty or out of range. */
bool recording_parse_integer(const char *text, bool allow_negative, int64_t *value);
/* An unsigned decimal integer filling the whole text. */
bool recording_parse_unsigned(const char *text, uint64_t *value);

#endif /* K4A4J_RECORDING_FORMAT_H */
