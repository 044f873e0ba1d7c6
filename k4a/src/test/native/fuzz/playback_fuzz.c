/*
 * libFuzzer target: any bytes opened as a recording (through the in-memory reader) and read in
 * every way the playback API offers. Nothing may crash, leak, hang or allocate without bound.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "k4arecord/io.h"
#include "k4arecord/playback_internal.h"

#include <k4arecord/playback.h>

#include <stdlib.h>
#include <string.h>

static void read_metadata(k4a_playback_t playback)
{
    k4a_record_configuration_t config;
    k4a_playback_get_record_configuration(playback, &config);
    k4a_playback_get_recording_length_usec(playback);
    size_t size = 0;
    if (k4a_playback_get_raw_calibration(playback, NULL, &size) == K4A_BUFFER_RESULT_TOO_SMALL && size < (1u << 24))
    {
        uint8_t *raw = malloc(size);
        k4a_playback_get_raw_calibration(playback, raw, &size);
        free(raw);
    }
    static const char *const tags[] = { "K4A_COLOR_MODE", "K4A_START_OFFSET_NS", "K4A_CALIBRATION_FILE", "" };
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
    {
        char value[64];
        size = sizeof(value);
        k4a_playback_get_tag(playback, tags[i], value, &size);
    }
    size_t tracks = k4a_playback_get_track_count(playback);
    for (size_t i = 0; i < tracks && i < 16; i++)
    {
        char name[256];
        size = sizeof(name);
        if (k4a_playback_get_track_name(playback, i, name, &size) != K4A_BUFFER_RESULT_SUCCEEDED)
            continue;
        k4a_record_video_settings_t video;
        k4a_playback_track_get_video_settings(playback, name, &video);
        uint8_t context[256];
        size = sizeof(context);
        k4a_playback_track_get_codec_context(playback, name, context, &size);
        if (!k4a_playback_track_is_builtin(playback, name))
        {
            k4a_playback_data_block_t block;
            for (int n = 0;
                 n < 8 && k4a_playback_get_next_data_block(playback, name, &block) == K4A_STREAM_RESULT_SUCCEEDED; n++)
                k4a_playback_data_block_release(block);
            k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END);
            for (int n = 0;
                 n < 8 && k4a_playback_get_previous_data_block(playback, name, &block) == K4A_STREAM_RESULT_SUCCEEDED;
                 n++)
                k4a_playback_data_block_release(block);
        }
    }
    uint8_t attachment[64];
    size = sizeof(attachment);
    k4a_playback_get_attachment(playback, "calibration.json", attachment, &size);
}

static void read_streams(k4a_playback_t playback)
{
    k4a_capture_t capture;
    k4a_imu_sample_t sample;
    for (int n = 0; n < 16 && k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        k4a_capture_release(capture);
    for (int n = 0; n < 4 && k4a_playback_get_previous_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        k4a_capture_release(capture);
    k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END);
    for (int n = 0; n < 4 && k4a_playback_get_previous_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        k4a_capture_release(capture);
    k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN);
    for (int n = 0; n < 64 && k4a_playback_get_next_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        ;
    for (int n = 0; n < 8 && k4a_playback_get_previous_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED;
         n++)
        ;
    k4a_playback_seek_timestamp(playback, 100000, K4A_PLAYBACK_SEEK_DEVICE_TIME);
    if (k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
        k4a_capture_release(capture);
    if (k4a_playback_get_previous_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED)
        k4a_playback_get_next_imu_sample(playback, &sample);
    /* colour conversion decodes the colour frames (JPEG or YUV) */
    static const k4a_image_format_t targets[] = { K4A_IMAGE_FORMAT_COLOR_BGRA32, K4A_IMAGE_FORMAT_COLOR_NV12 };
    for (size_t t = 0; t < 2; t++)
    {
        if (k4a_playback_set_color_conversion(playback, targets[t]) != K4A_RESULT_SUCCEEDED)
            continue;
        k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN);
        for (int n = 0; n < 2 && k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
            k4a_capture_release(capture);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    k4a_playback_t playback = NULL;
    k4a4j_io_t *io = k4a4j_io_open_memory(data, size, false);
    if (k4a4j_playback_open_io(io, "fuzz input", &playback) != K4A_RESULT_SUCCEEDED)
        return 0;
    read_metadata(playback);
    read_streams(playback);
    k4a_playback_close(playback);
    return 0;
}
