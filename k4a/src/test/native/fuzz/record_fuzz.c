/*
 * libFuzzer target: the record API driven by a fuzzed sequence of calls. The input chooses the
 * device configuration (valid or not) and then up to 32 calls in any order: tags, the IMU track,
 * attachments, custom video and subtitle tracks (any names, codec ids, contexts and settings),
 * the header, captures (images of the configured sizes or not, with padded strides, fuzzed
 * timestamps), IMU samples, custom track data, flushes, and closing at any point. Calls in the
 * wrong order or with bad arguments must fail with a message; nothing may crash or leak.
 *
 * Then the file is read back with the playback API: a recording whose header was written must
 * open, and hold every IMU sample that was written.
 *
 * Input: 12 bytes of configuration, then calls (one byte each, followed by the bytes of their
 * arguments). Recordings are written to a directory of this process under $TMPDIR (/tmp when unset;
 * /dev/shm makes the target faster).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "fuzz_common.h"
#include <k4arecord/playback.h>
#include <k4arecord/record.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CALLS 32
#define MAX_TRACKS 4

/* A NUL-terminated string of up to 31 bytes from the input (any bytes but NUL). */
static void take_string(fuzz_input_t *in, char out[32])
{
    size_t n = (size_t)fuzz_take(in, 1) % 32, i = 0;
    for (; i < n && in->size > 0; i++)
        out[i] = (char)(fuzz_take(in, 1) | 1);
    out[i] = '\0';
}

/* Up to 255 bytes of the input, pointing into it. */
static const uint8_t *take_bytes(fuzz_input_t *in, size_t *size)
{
    size_t n = (size_t)fuzz_take(in, 1);
    if (n > in->size)
        n = in->size;
    const uint8_t *p = in->data;
    in->data += n, in->size -= n;
    *size = n;
    return p;
}

static char g_path[256];

static void initialise(void)
{
    const char *tmp = getenv("TMPDIR");
    char dir[200];
    snprintf(dir, sizeof(dir), "%s/record_fuzz.XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        abort();
    snprintf(g_path, sizeof(g_path), "%s/recording.mkv", dir);
    fuzz_log_to(fuzz_silence);
}

static void free_copy(void *buffer, void *context)
{
    (void)context;
    free(buffer);
}

/* An image for a capture: the configured size and format, or (one in eight) something else. */
static k4a_image_t make_image(fuzz_input_t *in, k4a_image_format_t format, int width, int height)
{
    unsigned how = (unsigned)fuzz_take(in, 1);
    k4a_image_t image = NULL;
    if (how % 8 == 0)
    {
        format = (k4a_image_format_t)(how / 8 % 9);
        width += (int)(how / 72 % 3) - 1;
    }
    if (width <= 0 || height <= 0)
        return NULL;
    if (format == K4A_IMAGE_FORMAT_COLOR_MJPG)
    {
        size_t size;
        const uint8_t *bytes = take_bytes(in, &size);
        uint8_t *copy = malloc(size + 1);
        if (copy == NULL)
            return NULL;
        memcpy(copy, bytes, size);
        if (k4a_image_create_from_buffer(format, width, height, 0, copy, size, free_copy, NULL, &image) !=
            K4A_RESULT_SUCCEEDED)
            free(copy);
        return image;
    }
    int pixel = format == K4A_IMAGE_FORMAT_COLOR_BGRA32 ? 4 : format == K4A_IMAGE_FORMAT_COLOR_NV12 ? 1 : 2;
    int stride = width * pixel + (int)(how / 8 % 4) * 2;
    if (k4a_image_create(format, width, height, stride, &image) != K4A_RESULT_SUCCEEDED)
        return NULL;
    uint8_t *buffer = k4a_image_get_buffer(image);
    size_t size = k4a_image_get_size(image);
    size_t seed_size;
    const uint8_t *seed = take_bytes(in, &seed_size);
    /* the seed bytes repeated: copied once, then doubled */
    size_t filled = seed_size < size ? seed_size : size;
    if (filled == 0)
        memset(buffer, 0x42, size);
    else
        memcpy(buffer, seed, filled);
    while (filled > 0 && filled < size)
    {
        size_t n = filled < size - filled ? filled : size - filled;
        memcpy(buffer + filled, buffer, n);
        filled += n;
    }
    k4a_image_set_device_timestamp_usec(image, fuzz_take(in, 2));
    return image;
}

static void color_size(k4a_color_resolution_t resolution, int *width, int *height)
{
    static const int sizes[][2] = { { 0, 0 },       { 1280, 720 },  { 1920, 1080 }, { 2560, 1440 },
                                    { 2048, 1536 }, { 3840, 2160 }, { 4096, 3072 } };
    *width = resolution >= 0 && resolution <= 6 ? sizes[resolution][0] : 0;
    *height = resolution >= 0 && resolution <= 6 ? sizes[resolution][1] : 0;
}

static void depth_size(k4a_depth_mode_t mode, int *width, int *height)
{
    static const int sizes[][2] = {
        { 0, 0 }, { 320, 288 }, { 640, 576 }, { 512, 512 }, { 1024, 1024 }, { 1024, 1024 }
    };
    *width = mode >= 0 && mode <= 5 ? sizes[mode][0] : 0;
    *height = mode >= 0 && mode <= 5 ? sizes[mode][1] : 0;
}

static k4a_result_t write_capture(k4a_record_t record, fuzz_input_t *in, const k4a_device_configuration_t *config)
{
    unsigned which = (unsigned)fuzz_take(in, 1);
    k4a_capture_t capture = NULL;
    if (which == 0xff)
        return k4a_record_write_capture(record, NULL);
    if (k4a_capture_create(&capture) != K4A_RESULT_SUCCEEDED)
        abort();
    int cw, ch, dw, dh;
    color_size(config->color_resolution, &cw, &ch);
    depth_size(config->depth_mode, &dw, &dh);
    uint64_t timestamp = fuzz_take(in, 3);
    k4a_image_t images[3] = { NULL, NULL, NULL };
    /* colour only at sizes whose uncompressed images stay small */
    if ((which & 1) && (config->color_format == K4A_IMAGE_FORMAT_COLOR_MJPG || cw <= 1280))
        images[0] = make_image(in, config->color_format, cw > 0 ? cw : 16, ch > 0 ? ch : 16);
    if (which & 2)
        images[1] = make_image(in, K4A_IMAGE_FORMAT_DEPTH16, dw > 0 ? dw : 16, dh > 0 ? dh : 16);
    if (which & 4)
        images[2] = make_image(in, K4A_IMAGE_FORMAT_IR16, dw > 0 ? dw : 16, dh > 0 ? dh : 16);
    for (int i = 0; i < 3; i++)
        if (images[i] != NULL)
        {
            if (which & 8)
                k4a_image_set_device_timestamp_usec(images[i], timestamp);
            if (i == 0)
                k4a_capture_set_color_image(capture, images[i]);
            else if (i == 1)
                k4a_capture_set_depth_image(capture, images[i]);
            else
                k4a_capture_set_ir_image(capture, images[i]);
            k4a_image_release(images[i]);
        }
    k4a_result_t result = k4a_record_write_capture(record, capture);
    k4a_capture_release(capture);
    return result;
}

/* Reads a written file back: it must open (when its header was written) and hold every IMU
 * sample written. */
static void read_back(bool header_written, int imu_samples)
{
    k4a_playback_t playback = NULL;
    if (k4a_playback_open(g_path, &playback) != K4A_RESULT_SUCCEEDED)
    {
        if (header_written)
            abort();
        return;
    }
    k4a_capture_t capture;
    k4a_imu_sample_t sample;
    for (int n = 0; n < 64 && k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        k4a_capture_release(capture);
    int samples = 0;
    while (k4a_playback_get_next_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED)
        samples++;
    if (header_written && samples != imu_samples)
        abort();
    size_t tracks = k4a_playback_get_track_count(playback);
    for (size_t i = 0; i < tracks; i++)
    {
        char name[64];
        size_t size = sizeof(name);
        k4a_playback_data_block_t block;
        if (k4a_playback_get_track_name(playback, i, name, &size) != K4A_BUFFER_RESULT_SUCCEEDED ||
            k4a_playback_track_is_builtin(playback, name))
            continue;
        for (int n = 0;
             n < 64 && k4a_playback_get_next_data_block(playback, name, &block) == K4A_STREAM_RESULT_SUCCEEDED; n++)
            k4a_playback_data_block_release(block);
    }
    k4a_playback_close(playback);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    initialise();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input_t in = { data, size };
    k4a_device_configuration_t config = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    config.color_format = (k4a_image_format_t)(fuzz_take(&in, 1) % 5);
    unsigned resolution = (unsigned)fuzz_take(&in, 1);
    /* uncompressed colour only at 720p (or invalid): larger frames cost time, not coverage */
    config.color_resolution =
        (k4a_color_resolution_t)(config.color_format == K4A_IMAGE_FORMAT_COLOR_MJPG ? resolution % 8
                                 : resolution % 3 == 2                              ? 9
                                                                                    : resolution % 2);
    config.depth_mode = (k4a_depth_mode_t)(fuzz_take(&in, 1) % 7);
    config.camera_fps = (k4a_fps_t)(fuzz_take(&in, 1) % 4);
    config.depth_delay_off_color_usec = (int32_t)(int16_t)fuzz_take(&in, 2);
    config.wired_sync_mode = (k4a_wired_sync_mode_t)(fuzz_take(&in, 1) % 4);
    config.subordinate_delay_off_master_usec = (uint32_t)fuzz_take(&in, 2);
    config.disable_streaming_indicator = fuzz_take(&in, 1) & 1;
    config.synchronized_images_only = fuzz_take(&in, 1) & 1;

    k4a_record_t record = NULL;
    if (k4a_record_create(g_path, NULL, config, &record) != K4A_RESULT_SUCCEEDED)
    {
        if (record != NULL)
            abort();
        return 0;
    }
    char tracks[MAX_TRACKS][32];
    int track_count = 0, imu_samples = 0;
    bool header_written = false, closed = false;
    for (int n = 0; n < MAX_CALLS && in.size > 0 && !closed; n++)
    {
        char name[32] = "", text[32] = "";
        size_t bytes_size;
        const uint8_t *bytes;
        k4a_result_t r = K4A_RESULT_SUCCEEDED;
        unsigned call = (unsigned)fuzz_take(&in, 1);
        switch (call % 12)
        {
        case 0:
            take_string(&in, name);
            take_string(&in, text);
            k4a_record_add_tag(record, call & 0x80 ? "K4A_FUZZ_TAG" : name, text);
            break;
        case 1: k4a_record_add_imu_track(record); break;
        case 2:
            take_string(&in, name);
            bytes = take_bytes(&in, &bytes_size);
            k4a_record_add_attachment(record, call & 0x80 ? "fuzz.bin" : name, bytes, bytes_size);
            break;
        case 3:
        case 4:
        {
            take_string(&in, name);
            take_string(&in, text);
            bytes = take_bytes(&in, &bytes_size);
            const char *codec = call & 0x40 ? text : call % 12 == 3 ? "V_MPEG4/ISO/AVC" : "S_K4A/FUZZ";
            if (call % 12 == 3)
            {
                k4a_record_video_settings_t settings = { fuzz_take(&in, 2), fuzz_take(&in, 2), fuzz_take(&in, 1) };
                if (call & 0x80)
                    settings.width = fuzz_take(&in, 8);
                r = k4a_record_add_custom_video_track(record, name, codec, bytes_size ? bytes : NULL, bytes_size,
                                                      &settings);
            }
            else
            {
                k4a_record_subtitle_settings_t settings = { (call & 0x80) != 0 };
                r = k4a_record_add_custom_subtitle_track(record, name, codec, bytes_size ? bytes : NULL, bytes_size,
                                                         call & 0x20 ? NULL : &settings);
            }
            if (r == K4A_RESULT_SUCCEEDED && track_count < MAX_TRACKS)
                memcpy(tracks[track_count++], name, sizeof(name));
            break;
        }
        case 5:
            r = k4a_record_write_header(record);
            if (r == K4A_RESULT_SUCCEEDED && header_written)
                abort(); /* only once */
            header_written = header_written || r == K4A_RESULT_SUCCEEDED;
            break;
        case 6:
        case 7: write_capture(record, &in, &config); break;
        case 8:
        {
            k4a_imu_sample_t sample = { 0 };
            sample.acc_timestamp_usec = fuzz_take(&in, 3);
            sample.gyro_timestamp_usec =
                call & 0x80 ? fuzz_take(&in, 8) : sample.acc_timestamp_usec + fuzz_take(&in, 1);
            sample.acc_sample.xyz.x = (float)(int8_t)fuzz_take(&in, 1);
            if (k4a_record_write_imu_sample(record, sample) == K4A_RESULT_SUCCEEDED)
            {
                if (!header_written)
                    abort();
                imu_samples++;
            }
            break;
        }
        case 9:
        {
            const char *track =
                track_count > 0 && !(call & 0x80) ? tracks[fuzz_take(&in, 1) % (unsigned)track_count] : name;
            if (call & 0x80)
                take_string(&in, name);
            uint64_t timestamp = fuzz_take(&in, 3);
            bytes = take_bytes(&in, &bytes_size);
            uint8_t copy[256];
            memcpy(copy, bytes, bytes_size);
            k4a_record_write_custom_track_data(record, track, timestamp, bytes_size ? copy : NULL, bytes_size);
            break;
        }
        case 10: k4a_record_flush(record); break;
        default:
            k4a_record_close(record);
            closed = true;
            break;
        }
    }
    if (!closed)
        k4a_record_close(record);
    read_back(header_written, imu_samples);
    unlink(g_path);
    return 0;
}
