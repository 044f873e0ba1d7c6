/*
 * What an Azure Kinect recording stores on top of Matroska (see recording_format.h): the tables
 * of modes and their names, and the encodings of BITMAPINFOHEADERs, IMU samples and decimal tag
 * values, shared by the writer and the reader.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "recording_format.h"

#include "ebml_writer.h"

#include <k4arecord/types.h>

#include <math.h>
#include <string.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

typedef struct
{
    const char *name;
    int width, height;
} mode_entry_t;

/* indexed by k4a_color_resolution_t */
static const mode_entry_t color_modes[] = {
    { "OFF", 0, 0 },         { "720P", 1280, 720 },   { "1080P", 1920, 1080 }, { "1440P", 2560, 1440 },
    { "1536P", 2048, 1536 }, { "2160P", 3840, 2160 }, { "3072P", 4096, 3072 },
};

/* indexed by k4a_depth_mode_t */
static const mode_entry_t depth_modes[] = {
    { "OFF", 0, 0 },
    { "NFOV_2X2BINNED", 320, 288 },
    { "NFOV_UNBINNED", 640, 576 },
    { "WFOV_2X2BINNED", 512, 512 },
    { "WFOV_UNBINNED", 1024, 1024 },
    { "PASSIVE_IR", 1024, 1024 },
};

/* indexed by k4a_wired_sync_mode_t */
static const char *const sync_modes[] = { "STANDALONE", "MASTER", "SUBORDINATE" };

/* ---- tracks ------------------------------------------------------------------------------------- */

bool recording_is_builtin_track_name(const char *name)
{
    return strcmp(name, K4A_TRACK_NAME_COLOR) == 0 || strcmp(name, K4A_TRACK_NAME_DEPTH) == 0 ||
           strcmp(name, K4A_TRACK_NAME_IR) == 0 || strcmp(name, K4A_TRACK_NAME_IMU) == 0;
}

static const struct
{
    const char *fourcc;
    k4a_image_format_t format;
} color_formats[] = {
    { "MJPG", K4A_IMAGE_FORMAT_COLOR_MJPG },
    { "NV12", K4A_IMAGE_FORMAT_COLOR_NV12 },
    { "YUY2", K4A_IMAGE_FORMAT_COLOR_YUY2 },
    { "BGRA", K4A_IMAGE_FORMAT_COLOR_BGRA32 },
};

const char *recording_color_fourcc(k4a_image_format_t format)
{
    for (size_t i = 0; i < COUNT(color_formats); i++)
        if (color_formats[i].format == format)
            return color_formats[i].fourcc;
    return NULL;
}

bool recording_color_format(const char *fourcc, k4a_image_format_t *format)
{
    for (size_t i = 0; i < COUNT(color_formats); i++)
        if (strcmp(color_formats[i].fourcc, fourcc) == 0)
        {
            *format = color_formats[i].format;
            return true;
        }
    return false;
}

/* ---- modes -------------------------------------------------------------------------------------- */

const char *recording_color_resolution_name(k4a_color_resolution_t resolution)
{
    return color_modes[resolution].name;
}

bool recording_color_size(k4a_color_resolution_t resolution, int *width, int *height)
{
    if (resolution <= K4A_COLOR_RESOLUTION_OFF || resolution > K4A_COLOR_RESOLUTION_3072P)
        return false;
    *width = color_modes[resolution].width;
    *height = color_modes[resolution].height;
    return true;
}

k4a_color_resolution_t recording_color_resolution_of(const char *mode, int height)
{
    size_t length = mode != NULL ? strlen(mode) : 0;
    for (size_t i = 1; mode != NULL && i < COUNT(color_modes); i++)
    {
        size_t suffix = strlen(color_modes[i].name);
        if (length > suffix + 1 && mode[length - suffix - 1] == '_' &&
            strcmp(mode + length - suffix, color_modes[i].name) == 0)
            return (k4a_color_resolution_t)i;
    }
    for (size_t i = 1; i < COUNT(color_modes); i++)
        if (height == color_modes[i].height)
            return (k4a_color_resolution_t)i;
    return K4A_COLOR_RESOLUTION_OFF;
}

const char *recording_depth_mode_name(k4a_depth_mode_t mode)
{
    return depth_modes[mode].name;
}

bool recording_depth_size(k4a_depth_mode_t mode, int *width, int *height)
{
    if (mode <= K4A_DEPTH_MODE_OFF || mode > K4A_DEPTH_MODE_PASSIVE_IR)
        return false;
    *width = depth_modes[mode].width;
    *height = depth_modes[mode].height;
    return true;
}

k4a_depth_mode_t recording_depth_mode_named(const char *name)
{
    for (size_t i = 1; name != NULL && i < COUNT(depth_modes); i++)
        if (strcmp(name, depth_modes[i].name) == 0)
            return (k4a_depth_mode_t)i;
    return K4A_DEPTH_MODE_OFF;
}

k4a_depth_mode_t recording_depth_mode_of_size(int width, int height)
{
    for (size_t i = 1; i < K4A_DEPTH_MODE_PASSIVE_IR; i++)
        if (width == depth_modes[i].width && height == depth_modes[i].height)
            return (k4a_depth_mode_t)i;
    return K4A_DEPTH_MODE_OFF;
}

const char *recording_wired_sync_mode_name(k4a_wired_sync_mode_t mode)
{
    return sync_modes[mode];
}

k4a_wired_sync_mode_t recording_wired_sync_mode_named(const char *name)
{
    for (size_t i = 1; name != NULL && i < COUNT(sync_modes); i++)
        if (strcmp(name, sync_modes[i]) == 0)
            return (k4a_wired_sync_mode_t)i;
    return K4A_WIRED_SYNC_MODE_STANDALONE;
}

uint64_t recording_frame_period_ns(k4a_fps_t fps)
{
    switch (fps)
    {
    case K4A_FRAMES_PER_SECOND_5: return 200000000u;
    case K4A_FRAMES_PER_SECOND_15: return 66666666u;
    default: return 33333333u;
    }
}

/* ---- binary contents ---------------------------------------------------------------------------- */

static uint32_t load_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t load_le64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

static float load_float(const uint8_t *b)
{
    uint32_t bits = load_le32(b);
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f;
}

static void store_float(uint8_t *out, float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof(bits));
    ebml_store_le32(out, bits);
}

void recording_bitmap_info_write(uint8_t out[RECORDING_BITMAP_INFO_BYTES], int width, int height, uint16_t bit_count,
                                 const char fourcc[4], uint32_t image_size)
{
    memset(out, 0, RECORDING_BITMAP_INFO_BYTES);
    ebml_store_le32(out, RECORDING_BITMAP_INFO_BYTES);
    ebml_store_le32(out + 4, (uint32_t)width);
    ebml_store_le32(out + 8, (uint32_t)height);
    out[12] = 1; /* planes */
    out[14] = (uint8_t)bit_count;
    out[15] = (uint8_t)(bit_count >> 8);
    memcpy(out + 16, fourcc, 4);
    ebml_store_le32(out + 20, image_size);
}

void recording_bitmap_info_read(const uint8_t in[RECORDING_BITMAP_INFO_BYTES], int32_t *width, int32_t *height,
                                char fourcc[5])
{
    *width = (int32_t)load_le32(in + 4);
    *height = (int32_t)load_le32(in + 8);
    memcpy(fourcc, in + 16, 4);
    fourcc[4] = 0;
}

void recording_imu_write(const k4a_imu_sample_t *sample, uint8_t out[RECORDING_IMU_SAMPLE_BYTES])
{
    ebml_store_le64(out, sample->acc_timestamp_usec * 1000);
    for (int i = 0; i < 3; i++)
        store_float(out + 8 + 4 * i, sample->acc_sample.v[i]);
    ebml_store_le64(out + 20, sample->gyro_timestamp_usec * 1000);
    for (int i = 0; i < 3; i++)
        store_float(out + 28 + 4 * i, sample->gyro_sample.v[i]);
}

void recording_imu_read(const uint8_t in[RECORDING_IMU_SAMPLE_BYTES], k4a_imu_sample_t *sample)
{
    sample->temperature = NAN;
    sample->acc_timestamp_usec = load_le64(in) / 1000;
    sample->acc_sample.xyz.x = load_float(in + 8);
    sample->acc_sample.xyz.y = load_float(in + 12);
    sample->acc_sample.xyz.z = load_float(in + 16);
    sample->gyro_timestamp_usec = load_le64(in + 20) / 1000;
    sample->gyro_sample.xyz.x = load_float(in + 28);
    sample->gyro_sample.xyz.y = load_float(in + 32);
    sample->gyro_sample.xyz.z = load_float(in + 36);
}

/* ---- numbers in tags ---------------------------------------------------------------------------- */

bool recording_parse_unsigned(const char *text, uint64_t *value)
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

bool recording_parse_integer(const char *text, bool allow_negative, int64_t *value)
{
    if (text == NULL || *text == '\0')
        return false;
    bool negative = false;
    if (*text == '-' && allow_negative)
    {
        negative = true;
        text++;
    }
    uint64_t v;
    if (!recording_parse_unsigned(text, &v))
        return false;
    if (negative ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return false;
    *value = negative ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}
