/*
 * Playback against the reference: every value ../shared/testdata/playback/manifest.json lists
 * for every recording (configuration, tags, tracks, attachments, calibration, captures forward
 * and backward, IMU samples, data blocks, seeks, colour conversions), plus the API's behaviour
 * with bad arguments.
 *
 * Where the README says the reference is wrong (reading backwards right after reading forward
 * to the end), the listings read after seek(0, END) are the expectation instead.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "sha256.h"
#include "testdata.h"

#include <k4arecord/playback.h>

#include <math.h>

#define SET "playback"

static char context[512];

static void set_context(const char *recording, const char *what)
{
    snprintf(context, sizeof(context), "%s: %s", recording, what);
    check_current = context;
}

/* The enumerations of the playback manifest, by C name (others through td_enum). */
static int enum_value(const json_value_t *value)
{
    static const struct
    {
        const char *name;
        int value;
    } names[] = {
        { "K4A_BUFFER_RESULT_SUCCEEDED", K4A_BUFFER_RESULT_SUCCEEDED },
        { "K4A_BUFFER_RESULT_FAILED", K4A_BUFFER_RESULT_FAILED },
        { "K4A_BUFFER_RESULT_TOO_SMALL", K4A_BUFFER_RESULT_TOO_SMALL },
        { "K4A_STREAM_RESULT_SUCCEEDED", K4A_STREAM_RESULT_SUCCEEDED },
        { "K4A_STREAM_RESULT_FAILED", K4A_STREAM_RESULT_FAILED },
        { "K4A_STREAM_RESULT_EOF", K4A_STREAM_RESULT_EOF },
        { "K4A_FRAMES_PER_SECOND_5", K4A_FRAMES_PER_SECOND_5 },
        { "K4A_FRAMES_PER_SECOND_15", K4A_FRAMES_PER_SECOND_15 },
        { "K4A_FRAMES_PER_SECOND_30", K4A_FRAMES_PER_SECOND_30 },
        { "K4A_WIRED_SYNC_MODE_STANDALONE", K4A_WIRED_SYNC_MODE_STANDALONE },
        { "K4A_WIRED_SYNC_MODE_MASTER", K4A_WIRED_SYNC_MODE_MASTER },
        { "K4A_WIRED_SYNC_MODE_SUBORDINATE", K4A_WIRED_SYNC_MODE_SUBORDINATE },
        { "K4A_PLAYBACK_SEEK_BEGIN", K4A_PLAYBACK_SEEK_BEGIN },
        { "K4A_PLAYBACK_SEEK_END", K4A_PLAYBACK_SEEK_END },
        { "K4A_PLAYBACK_SEEK_DEVICE_TIME", K4A_PLAYBACK_SEEK_DEVICE_TIME },
    };
    const char *s = json_string_or(value, NULL);
    for (size_t i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].value;
    int v = td_enum(value);
    if (v == -1000)
        fprintf(stderr, "  unknown enumeration value \"%s\" in the manifest\n", s != NULL ? s : "?");
    return v;
}

static const json_value_t *member(const json_value_t *object, const char *key)
{
    return json_member(object, key);
}

static long long number(const json_value_t *object, const char *key)
{
    return (long long)json_number_or(json_member(object, key), -1);
}

static uint64_t unsigned_number(const json_value_t *object, const char *key)
{
    return (uint64_t)json_number_or(json_member(object, key), -1);
}

static bool same_float(float a, float b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return memcmp(&a, &b, sizeof(a)) == 0;
}

#define EXPECT_FLOAT(a, b) EXPECT_TRUE(same_float((a), (b)))

static k4a_playback_t open_recording(const json_value_t *recording)
{
    k4a_playback_t playback = NULL;
    const char *file = json_string_or(member(recording, "file"), "");
    k4a_result_t result = k4a_playback_open(td_path(SET, file), &playback);
    EXPECT_EQ(result, enum_value(member(recording, "open_result")));
    return result == K4A_RESULT_SUCCEEDED ? playback : NULL;
}

/* ---- images and captures -------------------------------------------------------------------- */

/* Within 1 per channel on 99.9 % of the pixels: MJPG decoded by another libjpeg-turbo build. */
static bool close_bgra(const uint8_t *a, const uint8_t *b, size_t size)
{
    size_t off = 0;
    for (size_t i = 0; i < size; i += 4)
    {
        bool differs = false;
        for (int c = 0; c < 4; c++)
            differs = differs || abs((int)a[i + c] - (int)b[i + c]) > 1;
        off += differs;
    }
    return off * 1000 <= size / 4;
}

static void check_image(const json_value_t *expected, k4a_image_t image, const uint8_t *payload)
{
    EXPECT_EQ(image != NULL, !json_is(expected, JSON_NULL) && expected != NULL);
    if (image == NULL || expected == NULL || json_is(expected, JSON_NULL))
        return;
    EXPECT_EQ(k4a_image_get_format(image), enum_value(member(expected, "format")));
    EXPECT_EQ(k4a_image_get_width_pixels(image), number(expected, "width"));
    EXPECT_EQ(k4a_image_get_height_pixels(image), number(expected, "height"));
    EXPECT_EQ(k4a_image_get_stride_bytes(image), number(expected, "stride_bytes"));
    EXPECT_EQ(k4a_image_get_size(image), number(expected, "size_bytes"));
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(image), number(expected, "device_timestamp_usec"));
    EXPECT_EQ(k4a_image_get_system_timestamp_nsec(image), number(expected, "system_timestamp_nsec"));
    EXPECT_EQ(k4a_image_get_exposure_usec(image), number(expected, "exposure_usec"));
    EXPECT_EQ(k4a_image_get_white_balance(image), number(expected, "white_balance"));
    EXPECT_EQ(k4a_image_get_iso_speed(image), number(expected, "iso_speed"));
    char hex[65];
    sha256_hex(k4a_image_get_buffer(image), k4a_image_get_size(image), hex);
    const char *want = json_string_or(member(expected, "sha256"), "");
    if (strcmp(hex, want) != 0 && payload != NULL && k4a_image_get_format(image) == K4A_IMAGE_FORMAT_COLOR_BGRA32)
    {
        fprintf(stderr, "  BGRA32 differs from the reference bytes; comparing within tolerance\n");
        EXPECT_TRUE(close_bgra(k4a_image_get_buffer(image), payload, k4a_image_get_size(image)));
    }
    else
        EXPECT_STR(hex, want);
}

static void check_capture(const json_value_t *expected, k4a_capture_t capture)
{
    EXPECT_TRUE(capture != NULL);
    if (capture == NULL)
        return;
    float temperature = k4a_capture_get_temperature_c(capture);
    EXPECT_FLOAT(temperature, td_float(member(expected, "temperature_c")));
    k4a_image_t images[3] = { k4a_capture_get_color_image(capture), k4a_capture_get_depth_image(capture),
                              k4a_capture_get_ir_image(capture) };
    static const char *const keys[3] = { "color", "depth", "ir" };
    for (int i = 0; i < 3; i++)
    {
        check_image(member(expected, keys[i]), images[i], NULL);
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    }
}

/* Reads captures in one direction until the result is no longer SUCCEEDED and compares them
 * with a listing. */
static void check_capture_listing(k4a_playback_t playback, bool forward, const json_value_t *listing, bool repeat)
{
    const json_value_t *captures = member(listing, "captures");
    size_t n = 0;
    k4a_stream_result_t result;
    for (;;)
    {
        k4a_capture_t capture = NULL;
        result = forward ? k4a_playback_get_next_capture(playback, &capture)
                         : k4a_playback_get_previous_capture(playback, &capture);
        if (result != K4A_STREAM_RESULT_SUCCEEDED)
            break;
        EXPECT_TRUE(n < json_count(captures));
        if (n < json_count(captures))
            check_capture(json_item(captures, n), capture);
        k4a_capture_release(capture);
        if (++n > json_count(captures) + 2)
            break;
    }
    EXPECT_EQ(n, json_count(captures));
    EXPECT_EQ(result, enum_value(member(listing, "end_result")));
    if (repeat)
    {
        k4a_capture_t capture = NULL;
        result = forward ? k4a_playback_get_next_capture(playback, &capture)
                         : k4a_playback_get_previous_capture(playback, &capture);
        EXPECT_EQ(result, enum_value(member(listing, "repeat_end_result")));
        if (capture != NULL)
            k4a_capture_release(capture);
    }
}

/* ---- IMU ------------------------------------------------------------------------------------ */

static void check_imu_row(const json_value_t *table, const json_value_t *row, const k4a_imu_sample_t *s)
{
    EXPECT_EQ(s->acc_timestamp_usec,
              (uint64_t)json_number_or(json_item(row, (size_t)td_column(table, "acc_timestamp_usec")), -1));
    EXPECT_EQ(s->gyro_timestamp_usec,
              (uint64_t)json_number_or(json_item(row, (size_t)td_column(table, "gyro_timestamp_usec")), -1));
    EXPECT_FLOAT(s->acc_sample.xyz.x, td_float(json_item(row, (size_t)td_column(table, "acc_x"))));
    EXPECT_FLOAT(s->acc_sample.xyz.y, td_float(json_item(row, (size_t)td_column(table, "acc_y"))));
    EXPECT_FLOAT(s->acc_sample.xyz.z, td_float(json_item(row, (size_t)td_column(table, "acc_z"))));
    EXPECT_FLOAT(s->gyro_sample.xyz.x, td_float(json_item(row, (size_t)td_column(table, "gyro_x"))));
    EXPECT_FLOAT(s->gyro_sample.xyz.y, td_float(json_item(row, (size_t)td_column(table, "gyro_y"))));
    EXPECT_FLOAT(s->gyro_sample.xyz.z, td_float(json_item(row, (size_t)td_column(table, "gyro_z"))));
    EXPECT_FLOAT(s->temperature, td_float(json_item(row, (size_t)td_column(table, "temperature"))));
}

static void check_imu_listing(k4a_playback_t playback, bool forward, const json_value_t *table)
{
    const json_value_t *rows = member(table, "rows");
    size_t n = 0;
    k4a_stream_result_t result;
    for (;;)
    {
        k4a_imu_sample_t sample;
        memset(&sample, 0, sizeof(sample));
        result = forward ? k4a_playback_get_next_imu_sample(playback, &sample)
                         : k4a_playback_get_previous_imu_sample(playback, &sample);
        if (result != K4A_STREAM_RESULT_SUCCEEDED)
            break;
        EXPECT_TRUE(n < json_count(rows));
        if (n < json_count(rows))
            check_imu_row(table, json_item(rows, n), &sample);
        if (++n > json_count(rows) + 2)
            break;
    }
    EXPECT_EQ(n, json_count(rows));
    EXPECT_EQ(result, enum_value(member(table, "end_result")));
}

/* ---- data blocks ---------------------------------------------------------------------------- */

static void check_block_listing(k4a_playback_t playback, const char *track, bool forward, const json_value_t *table)
{
    const json_value_t *rows = member(table, "rows");
    int c_ts = td_column(table, "device_timestamp_usec"), c_size = td_column(table, "size"),
        c_sha = td_column(table, "sha256");
    size_t n = 0;
    k4a_stream_result_t result;
    for (;;)
    {
        k4a_playback_data_block_t block = NULL;
        result = forward ? k4a_playback_get_next_data_block(playback, track, &block)
                         : k4a_playback_get_previous_data_block(playback, track, &block);
        if (result != K4A_STREAM_RESULT_SUCCEEDED)
            break;
        EXPECT_TRUE(n < json_count(rows));
        if (n < json_count(rows))
        {
            const json_value_t *row = json_item(rows, n);
            EXPECT_EQ(k4a_playback_data_block_get_device_timestamp_usec(block),
                      (uint64_t)json_number_or(json_item(row, (size_t)c_ts), -1));
            EXPECT_EQ(k4a_playback_data_block_get_buffer_size(block),
                      (uint64_t)json_number_or(json_item(row, (size_t)c_size), -1));
            char hex[65];
            sha256_hex(k4a_playback_data_block_get_buffer(block), k4a_playback_data_block_get_buffer_size(block), hex);
            EXPECT_STR(hex, json_string_or(json_item(row, (size_t)c_sha), ""));
        }
        k4a_playback_data_block_release(block);
        if (++n > json_count(rows) + 2)
            break;
    }
    EXPECT_EQ(n, json_count(rows));
    EXPECT_EQ(result, enum_value(member(table, "end_result")));
}

/* ---- the sections of one recording ---------------------------------------------------------- */

static void check_configuration(k4a_playback_t playback, const json_value_t *r)
{
    k4a_record_configuration_t c;
    memset(&c, 0xA5, sizeof(c));
    EXPECT_EQ(k4a_playback_get_record_configuration(playback, &c),
              enum_value(member(r, "record_configuration_result")));
    const json_value_t *e = member(r, "record_configuration");
    EXPECT_EQ(c.color_format, enum_value(member(e, "color_format")));
    EXPECT_EQ(c.color_resolution, enum_value(member(e, "color_resolution")));
    EXPECT_EQ(c.depth_mode, enum_value(member(e, "depth_mode")));
    EXPECT_EQ(c.camera_fps, enum_value(member(e, "camera_fps")));
    EXPECT_EQ(c.color_track_enabled, json_is(member(e, "color_track_enabled"), JSON_TRUE));
    EXPECT_EQ(c.depth_track_enabled, json_is(member(e, "depth_track_enabled"), JSON_TRUE));
    EXPECT_EQ(c.ir_track_enabled, json_is(member(e, "ir_track_enabled"), JSON_TRUE));
    EXPECT_EQ(c.imu_track_enabled, json_is(member(e, "imu_track_enabled"), JSON_TRUE));
    EXPECT_EQ(c.depth_delay_off_color_usec, number(e, "depth_delay_off_color_usec"));
    EXPECT_EQ(c.wired_sync_mode, enum_value(member(e, "wired_sync_mode")));
    EXPECT_EQ(c.subordinate_delay_off_master_usec, number(e, "subordinate_delay_off_master_usec"));
    EXPECT_EQ(c.start_timestamp_offset_usec, number(e, "start_timestamp_offset_usec"));
    EXPECT_EQ(k4a_playback_get_recording_length_usec(playback), unsigned_number(r, "recording_length_usec"));
    EXPECT_EQ(k4a_playback_get_last_timestamp_usec(playback), unsigned_number(r, "last_timestamp_usec"));
}

static void check_raw_calibration(k4a_playback_t playback, const json_value_t *r)
{
    const json_value_t *e = member(r, "raw_calibration");
    size_t size = 0;
    EXPECT_EQ(k4a_playback_get_raw_calibration(playback, NULL, &size), enum_value(member(e, "size_query_result")));
    EXPECT_EQ(size, number(e, "size"));
    uint8_t *data = malloc(size + 1);
    size_t exact = size;
    EXPECT_EQ(k4a_playback_get_raw_calibration(playback, data, &exact), enum_value(member(e, "result")));
    EXPECT_EQ(exact, size);
    char hex[65];
    sha256_hex(data, size, hex);
    EXPECT_STR(hex, json_string_or(member(e, "sha256"), ""));
    EXPECT_EQ(size > 0 && data[size - 1] == 0, json_is(member(e, "last_byte_is_nul"), JSON_TRUE));
    size_t short_size = size - 1;
    EXPECT_EQ(k4a_playback_get_raw_calibration(playback, data, &short_size),
              enum_value(member(e, "one_byte_short_result")));
    EXPECT_EQ(short_size, size);
    free(data);
}

static void check_camera(const k4a_calibration_camera_t *a, const k4a_calibration_camera_t *b)
{
    EXPECT_EQ(a->resolution_width, b->resolution_width);
    EXPECT_EQ(a->resolution_height, b->resolution_height);
    EXPECT_FLOAT(a->metric_radius, b->metric_radius);
    for (int i = 0; i < 9; i++)
        EXPECT_FLOAT(a->extrinsics.rotation[i], b->extrinsics.rotation[i]);
    for (int i = 0; i < 3; i++)
        EXPECT_FLOAT(a->extrinsics.translation[i], b->extrinsics.translation[i]);
    EXPECT_EQ(a->intrinsics.type, b->intrinsics.type);
    EXPECT_EQ(a->intrinsics.parameter_count, b->intrinsics.parameter_count);
    for (unsigned i = 0; i < b->intrinsics.parameter_count && i < 15; i++)
        EXPECT_FLOAT(a->intrinsics.parameters.v[i], b->intrinsics.parameters.v[i]);
}

static void check_calibration(k4a_playback_t playback, const json_value_t *r)
{
    const json_value_t *e = member(r, "calibration");
    k4a_calibration_t got, want;
    memset(&got, 0, sizeof(got));
    memset(&want, 0, sizeof(want));
    k4a_result_t result = k4a_playback_get_calibration(playback, &got);
    EXPECT_EQ(result, enum_value(member(e, "result")));
    if (result != K4A_RESULT_SUCCEEDED || !td_calibration(member(e, "calibration"), &want))
        return;
    EXPECT_EQ(got.depth_mode, want.depth_mode);
    EXPECT_EQ(got.color_resolution, want.color_resolution);
    check_camera(&got.depth_camera_calibration, &want.depth_camera_calibration);
    check_camera(&got.color_camera_calibration, &want.color_camera_calibration);
    for (int s = 0; s < 4; s++)
        for (int t = 0; t < 4; t++)
        {
            for (int i = 0; i < 9; i++)
                EXPECT_FLOAT(got.extrinsics[s][t].rotation[i], want.extrinsics[s][t].rotation[i]);
            for (int i = 0; i < 3; i++)
                EXPECT_FLOAT(got.extrinsics[s][t].translation[i], want.extrinsics[s][t].translation[i]);
        }
}

static void check_tags(k4a_playback_t playback, const json_value_t *r)
{
    const json_value_t *tags = member(r, "tags");
    for (size_t i = 0; i < json_count(tags); i++)
    {
        const json_value_t *t = json_item(tags, i);
        const char *name = json_string_or(member(t, "name"), "");
        size_t size = 0;
        EXPECT_EQ(k4a_playback_get_tag(playback, name, NULL, &size), enum_value(member(t, "size_query_result")));
        EXPECT_EQ(size, number(t, "size_query_value_size"));
        if (member(t, "result") == NULL)
            continue;
        char *value = malloc(size + 1);
        size_t exact = size;
        EXPECT_EQ(k4a_playback_get_tag(playback, name, value, &exact), enum_value(member(t, "result")));
        EXPECT_EQ(exact, number(t, "value_size"));
        EXPECT_TRUE(exact > 0 && value[exact - 1] == '\0');
        EXPECT_STR(value, json_string_or(member(t, "value"), "?"));
        size_t short_size = size - 1;
        EXPECT_EQ(k4a_playback_get_tag(playback, name, value, &short_size),
                  enum_value(member(t, "one_byte_short_result")));
        EXPECT_EQ(short_size, number(t, "one_byte_short_value_size"));
        free(value);
    }
}

static void check_track_calls(k4a_playback_t playback, const char *name, const json_value_t *e)
{
    if (member(e, "exists") != NULL)
        EXPECT_EQ(k4a_playback_check_track_exists(playback, name), json_is(member(e, "exists"), JSON_TRUE));
    if (member(e, "builtin") != NULL)
        EXPECT_EQ(k4a_playback_track_is_builtin(playback, name), json_is(member(e, "builtin"), JSON_TRUE));
    if (member(e, "codec_id_size_query_result") != NULL)
    {
        size_t size = 0;
        EXPECT_EQ(k4a_playback_track_get_codec_id(playback, name, NULL, &size),
                  enum_value(member(e, "codec_id_size_query_result")));
        EXPECT_EQ(size, number(e, "codec_id_size"));
        char *id = malloc(size + 1);
        EXPECT_EQ(k4a_playback_track_get_codec_id(playback, name, id, &size), enum_value(member(e, "codec_id_result")));
        EXPECT_STR(id, json_string_or(member(e, "codec_id"), "?"));
        free(id);
    }
    else if (member(e, "codec_id_result") != NULL)
    {
        size_t size = 0;
        EXPECT_EQ(k4a_playback_track_get_codec_id(playback, name, NULL, &size),
                  enum_value(member(e, "codec_id_result")));
    }
    if (member(e, "codec_context_size_query_result") != NULL)
    {
        size_t size = 0;
        EXPECT_EQ(k4a_playback_track_get_codec_context(playback, name, NULL, &size),
                  enum_value(member(e, "codec_context_size_query_result")));
        EXPECT_EQ(size, number(e, "codec_context_size"));
        uint8_t *context = malloc(size + 1);
        EXPECT_EQ(k4a_playback_track_get_codec_context(playback, name, context, &size),
                  enum_value(member(e, "codec_context_result")));
        char hex[65];
        sha256_hex(context, size, hex);
        EXPECT_STR(hex, json_string_or(member(e, "codec_context_sha256"), ""));
        const char *want_hex = json_string_or(member(e, "codec_context_hex"), NULL);
        if (want_hex != NULL)
        {
            char *got_hex = malloc(2 * size + 1);
            for (size_t i = 0; i < size; i++)
                snprintf(got_hex + 2 * i, 3, "%02x", context[i]);
            got_hex[2 * size] = '\0';
            EXPECT_STR(got_hex, want_hex);
            free(got_hex);
        }
        free(context);
    }
    if (member(e, "video_settings_result") != NULL)
    {
        k4a_record_video_settings_t v;
        memset(&v, 0, sizeof(v));
        k4a_result_t result = k4a_playback_track_get_video_settings(playback, name, &v);
        EXPECT_EQ(result, enum_value(member(e, "video_settings_result")));
        const json_value_t *want = member(e, "video_settings");
        if (want != NULL && result == K4A_RESULT_SUCCEEDED)
        {
            EXPECT_EQ(v.width, number(want, "width"));
            EXPECT_EQ(v.height, number(want, "height"));
            EXPECT_EQ(v.frame_rate, number(want, "frame_rate"));
        }
    }
}

static void check_tracks(k4a_playback_t playback, const json_value_t *r)
{
    const json_value_t *tracks = member(r, "tracks");
    EXPECT_EQ(k4a_playback_get_track_count(playback), number(tracks, "count"));
    const json_value_t *list = member(tracks, "list");
    for (size_t i = 0; i < json_count(list); i++)
    {
        const json_value_t *e = json_item(list, i);
        size_t index = (size_t)number(e, "index");
        size_t size = 0;
        EXPECT_EQ(k4a_playback_get_track_name(playback, index, NULL, &size),
                  enum_value(member(e, "name_size_query_result")));
        EXPECT_EQ(size, number(e, "name_size"));
        if (member(e, "name_result") == NULL)
            continue;
        char *name = malloc(size + 1);
        EXPECT_EQ(k4a_playback_get_track_name(playback, index, name, &size), enum_value(member(e, "name_result")));
        EXPECT_STR(name, json_string_or(member(e, "name"), "?"));
        size_t short_size = size - 1;
        EXPECT_EQ(k4a_playback_get_track_name(playback, index, name, &short_size), K4A_BUFFER_RESULT_TOO_SMALL);
        check_track_calls(playback, name, e);
        free(name);
    }
    check_track_calls(playback, "NO_SUCH_TRACK", member(tracks, "nonexistent_track"));
    const json_value_t *builtin = member(tracks, "builtin_name_checks");
    for (size_t i = 0; i < json_count(builtin); i++)
    {
        const json_value_t *e = json_item(builtin, i);
        check_track_calls(playback, json_string_or(member(e, "name"), ""), e);
    }
}

static void check_attachments(k4a_playback_t playback, const json_value_t *r)
{
    const json_value_t *list = member(r, "attachments");
    for (size_t i = 0; i < json_count(list); i++)
    {
        const json_value_t *e = json_item(list, i);
        const char *name = json_string_or(member(e, "name"), "");
        size_t size = 0;
        EXPECT_EQ(k4a_playback_get_attachment(playback, name, NULL, &size), enum_value(member(e, "size_query_result")));
        EXPECT_EQ(size, number(e, "size"));
        if (member(e, "result") == NULL)
            continue;
        uint8_t *data = malloc(size + 1);
        EXPECT_EQ(k4a_playback_get_attachment(playback, name, data, &size), enum_value(member(e, "result")));
        char hex[65];
        sha256_hex(data, size, hex);
        EXPECT_STR(hex, json_string_or(member(e, "sha256"), ""));
        free(data);
    }
}

static void check_seek_capture(k4a_playback_t playback, const json_value_t *seek, bool forward)
{
    const json_value_t *e = member(seek, forward ? "next_capture" : "previous_capture");
    if (e == NULL)
        return;
    k4a_capture_t capture = NULL;
    k4a_stream_result_t result = forward ? k4a_playback_get_next_capture(playback, &capture)
                                         : k4a_playback_get_previous_capture(playback, &capture);
    EXPECT_EQ(result, enum_value(member(e, "result")));
    if (result == K4A_STREAM_RESULT_SUCCEEDED && !json_is(member(e, "capture"), JSON_NULL))
        check_capture(member(e, "capture"), capture);
    if (capture != NULL)
        k4a_capture_release(capture);
}

static void check_seek_imu(k4a_playback_t playback, const json_value_t *seek, bool forward)
{
    const json_value_t *e = member(seek, forward ? "next_imu_sample" : "previous_imu_sample");
    if (e == NULL)
        return;
    k4a_imu_sample_t sample;
    memset(&sample, 0, sizeof(sample));
    k4a_stream_result_t result = forward ? k4a_playback_get_next_imu_sample(playback, &sample)
                                         : k4a_playback_get_previous_imu_sample(playback, &sample);
    EXPECT_EQ(result, enum_value(member(e, "result")));
    if (result == K4A_STREAM_RESULT_SUCCEEDED)
    {
        EXPECT_EQ(sample.acc_timestamp_usec, unsigned_number(e, "acc_timestamp_usec"));
        EXPECT_EQ(sample.gyro_timestamp_usec, unsigned_number(e, "gyro_timestamp_usec"));
    }
}

static void check_seek_blocks(k4a_playback_t playback, const json_value_t *seek, bool forward, int64_t offset,
                              k4a_playback_seek_origin_t origin)
{
    const json_value_t *list = member(seek, forward ? "next_data_block" : "previous_data_block");
    for (size_t i = 0; i < json_count(list); i++)
    {
        const json_value_t *e = json_item(list, i);
        const char *track = json_string_or(member(e, "track"), "");
        EXPECT_EQ(k4a_playback_seek_timestamp(playback, offset, origin), K4A_RESULT_SUCCEEDED);
        k4a_playback_data_block_t block = NULL;
        k4a_stream_result_t result = forward ? k4a_playback_get_next_data_block(playback, track, &block)
                                             : k4a_playback_get_previous_data_block(playback, track, &block);
        EXPECT_EQ(result, enum_value(member(e, "result")));
        if (result == K4A_STREAM_RESULT_SUCCEEDED)
        {
            EXPECT_EQ(k4a_playback_data_block_get_device_timestamp_usec(block),
                      unsigned_number(e, "device_timestamp_usec"));
            EXPECT_EQ(k4a_playback_data_block_get_buffer_size(block), unsigned_number(e, "size"));
        }
        if (block != NULL)
            k4a_playback_data_block_release(block);
    }
}

static void check_seeks(k4a_playback_t playback, const json_value_t *r, const char *id)
{
    const json_value_t *seeks = member(r, "seeks");
    for (size_t i = 0; i < json_count(seeks); i++)
    {
        const json_value_t *s = json_item(seeks, i);
        int64_t offset = (int64_t)json_number_or(member(s, "offset_usec"), 0);
        k4a_playback_seek_origin_t origin = (k4a_playback_seek_origin_t)enum_value(member(s, "origin"));
        char what[128];
        snprintf(what, sizeof(what), "seek %lld origin %d", (long long)offset, (int)origin);
        set_context(id, what);
        k4a_result_t result = k4a_playback_seek_timestamp(playback, offset, origin);
        EXPECT_EQ(result, enum_value(member(s, "result")));
        if (result != K4A_RESULT_SUCCEEDED)
            continue;
        for (int forward = 1; forward >= 0; forward--)
        {
            k4a_playback_seek_timestamp(playback, offset, origin);
            check_seek_capture(playback, s, forward);
            k4a_playback_seek_timestamp(playback, offset, origin);
            check_seek_imu(playback, s, forward);
            check_seek_blocks(playback, s, forward, offset, origin);
        }
    }
}

static void check_conversions(const json_value_t *r, const char *id)
{
    const json_value_t *list = member(r, "color_conversions");
    for (size_t i = 0; i < json_count(list); i++)
    {
        const json_value_t *e = json_item(list, i);
        char what[128];
        snprintf(what, sizeof(what), "colour conversion to %s", json_string_or(member(e, "target_format"), "?"));
        set_context(id, what);
        k4a_playback_t playback = open_recording(r);
        if (playback == NULL)
            continue;
        k4a_result_t result =
            k4a_playback_set_color_conversion(playback, (k4a_image_format_t)enum_value(member(e, "target_format")));
        EXPECT_EQ(result, enum_value(member(e, "set_color_conversion_result")));
        uint8_t *payload = NULL;
        if (member(e, "first_frame_payload") != NULL)
        {
            payload = td_load_payload(SET, member(e, "first_frame_payload"), NULL);
            EXPECT_TRUE(payload != NULL);
        }
        if (result == K4A_RESULT_SUCCEEDED)
        {
            const json_value_t *frames = member(e, "color_frames");
            size_t n = 0;
            k4a_stream_result_t stream;
            for (;;)
            {
                k4a_capture_t capture = NULL;
                stream = k4a_playback_get_next_capture(playback, &capture);
                if (stream != K4A_STREAM_RESULT_SUCCEEDED)
                    break;
                k4a_image_t color = k4a_capture_get_color_image(capture);
                if (color != NULL)
                {
                    EXPECT_TRUE(n < json_count(frames));
                    check_image(json_item(frames, n), color, n == 0 ? payload : NULL);
                    k4a_image_release(color);
                    n++;
                }
                k4a_capture_release(capture);
                if (n > json_count(frames) + 2)
                    break;
            }
            EXPECT_EQ(n, json_count(frames));
            EXPECT_EQ(stream, enum_value(member(e, "end_result")));
        }
        free(payload);
        k4a_playback_close(playback);
    }
}

static void check_recording(const json_value_t *r)
{
    const char *id = json_string_or(member(r, "id"), "?");
    set_context(id, "open");
    k4a_playback_t playback = open_recording(r);
    if (playback == NULL)
        return;
    set_context(id, "configuration");
    check_configuration(playback, r);
    set_context(id, "raw calibration");
    check_raw_calibration(playback, r);
    set_context(id, "calibration");
    check_calibration(playback, r);
    set_context(id, "tags");
    check_tags(playback, r);
    set_context(id, "tracks");
    check_tracks(playback, r);
    set_context(id, "attachments");
    check_attachments(playback, r);

    set_context(id, "captures forward");
    check_capture_listing(playback, true, member(r, "captures_forward"), true);
    /* the reference is wrong here (README): backwards after the end gives the last capture first,
     * as after seek(0, END) */
    set_context(id, "captures backward after forward EOF");
    check_capture_listing(playback, false, member(r, "captures_backward"), true);
    set_context(id, "captures backward");
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END),
              enum_value(member(r, "seek_end_result")));
    check_capture_listing(playback, false, member(r, "captures_backward"), true);

    set_context(id, "IMU forward");
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN),
              enum_value(member(r, "seek_begin_result")));
    check_imu_listing(playback, true, member(r, "imu_forward"));
    set_context(id, "IMU backward after forward EOF");
    check_imu_listing(playback, false, member(r, "imu_backward"));
    set_context(id, "IMU backward");
    k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END);
    check_imu_listing(playback, false, member(r, "imu_backward"));

    const json_value_t *blocks = member(r, "data_blocks");
    for (size_t i = 0; i < json_count(blocks); i++)
    {
        const json_value_t *b = json_item(blocks, i);
        const char *track = json_string_or(member(b, "track"), "");
        char what[128];
        snprintf(what, sizeof(what), "data blocks of %s", track);
        set_context(id, what);
        k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN);
        check_block_listing(playback, track, true, member(b, "forward"));
        check_block_listing(playback, track, false, member(b, "backward"));
        k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END);
        check_block_listing(playback, track, false, member(b, "backward"));
    }
    set_context(id, "data block checks");
    const json_value_t *checks = member(r, "data_block_checks");
    k4a_playback_data_block_t block = NULL;
    EXPECT_EQ(k4a_playback_get_next_data_block(playback, "COLOR", &block),
              enum_value(member(checks, "next_data_block_on_builtin_COLOR")));
    EXPECT_EQ(k4a_playback_get_next_data_block(playback, "IMU", &block),
              enum_value(member(checks, "next_data_block_on_builtin_IMU")));
    EXPECT_EQ(k4a_playback_get_next_data_block(playback, "NO_SUCH_TRACK", &block),
              enum_value(member(checks, "next_data_block_on_unknown_track")));
    EXPECT_TRUE(block == NULL);

    check_seeks(playback, r, id);
    k4a_playback_close(playback);
    check_conversions(r, id);
}

static void test_manifest_recordings(void)
{
    json_document_t *doc = td_load_manifest(SET);
    EXPECT_TRUE(doc != NULL);
    if (doc == NULL)
        return;
    const json_value_t *recordings = json_member(json_root(doc), "recordings");
    EXPECT_TRUE(json_count(recordings) >= 3);
    for (size_t i = 0; i < json_count(recordings); i++)
        check_recording(json_item(recordings, i));
    json_free(doc);
}

/* ---- the API with bad arguments ------------------------------------------------------------- */

static void test_bad_arguments_fail_with_a_message(void)
{
    k4a_playback_t playback = NULL;
    log_capture_start();
    EXPECT_EQ(k4a_playback_open(NULL, &playback), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("path is NULL"));
    EXPECT_EQ(k4a_playback_open(td_path(SET, "pyk4a_recording.mkv"), NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("playback_handle is NULL"));
    EXPECT_EQ(k4a_playback_open(td_path(SET, "no_such_file.mkv"), &playback), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no_such_file.mkv"));
    EXPECT_EQ(k4a_playback_open(td_path(SET, "manifest.json"), &playback), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("manifest.json"));
    EXPECT_TRUE(playback == NULL);

    size_t size = 0;
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_playback_get_next_capture(NULL, &capture), K4A_STREAM_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_playback_get_next_capture: playback_handle is NULL"));
    EXPECT_EQ(k4a_playback_get_tag(NULL, "K4A_COLOR_MODE", NULL, &size), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("playback_handle"));
    EXPECT_EQ(k4a_playback_get_track_count(NULL), 0);
    EXPECT_TRUE(log_capture_said("playback_handle"));
    k4a_playback_close(NULL);
    EXPECT_TRUE(log_capture_said("k4a_playback_close"));
    k4a_playback_t not_a_playback = (k4a_playback_t)&size;
    size = 0;
    EXPECT_EQ(k4a_playback_get_recording_length_usec(not_a_playback), 0);
    EXPECT_TRUE(log_capture_said("not a valid k4a_playback_t"));
    EXPECT_TRUE(k4a_playback_data_block_get_buffer(NULL) == NULL);
    EXPECT_TRUE(log_capture_said("data_block_handle"));

    EXPECT_EQ(k4a_playback_open(td_path(SET, "pyk4a_recording.mkv"), &playback), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_next_capture(playback, NULL), K4A_STREAM_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("capture_handle is NULL"));
    EXPECT_EQ(k4a_playback_get_next_imu_sample(playback, NULL), K4A_STREAM_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("imu_sample is NULL"));
    EXPECT_EQ(k4a_playback_get_tag(playback, NULL, NULL, &size), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("name is NULL"));
    EXPECT_EQ(k4a_playback_get_tag(playback, "K4A_COLOR_MODE", NULL, NULL), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("value_size is NULL"));
    EXPECT_EQ(k4a_playback_get_raw_calibration(playback, NULL, NULL), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("data_size is NULL"));
    EXPECT_EQ(k4a_playback_get_record_configuration(playback, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("config is NULL"));
    EXPECT_EQ(k4a_playback_get_calibration(playback, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("calibration is NULL"));
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, (k4a_playback_seek_origin_t)7), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("origin 7"));
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_DEPTH16), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("cannot be converted"));
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, (k4a_image_format_t)99), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("cannot be converted"));
    k4a_playback_data_block_t block = NULL;
    EXPECT_EQ(k4a_playback_get_next_data_block(playback, NULL, &block), K4A_STREAM_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("track_name is NULL"));
    EXPECT_EQ(k4a_playback_get_next_data_block(playback, "COLOR", &block), K4A_STREAM_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("built-in track"));
    EXPECT_EQ(k4a_playback_get_track_name(playback, 99, NULL, &size), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("out of range"));
    EXPECT_EQ(k4a_playback_get_attachment(playback, "nothing", NULL, &size), K4A_BUFFER_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no attachment"));
    EXPECT_TRUE(!k4a_playback_check_track_exists(playback, NULL));
    EXPECT_TRUE(log_capture_said("track_name is NULL"));
    k4a_playback_close(playback);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* Reading forward, then back, then forward again returns the items around the current one. */
static void test_direction_changes_return_neighbours(void)
{
    k4a_playback_t playback = NULL;
    EXPECT_EQ(k4a_playback_open(td_path(SET, "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), &playback),
              K4A_RESULT_SUCCEEDED);
    if (playback == NULL)
        return;
    uint64_t seen[4] = { 0 };
    for (int i = 0; i < 3; i++)
    {
        k4a_capture_t capture = NULL;
        EXPECT_EQ(k4a_playback_get_next_capture(playback, &capture), K4A_STREAM_RESULT_SUCCEEDED);
        k4a_image_t depth = k4a_capture_get_depth_image(capture);
        seen[i] = k4a_image_get_device_timestamp_usec(depth);
        k4a_image_release(depth);
        k4a_capture_release(capture);
    }
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_playback_get_previous_capture(playback, &capture), K4A_STREAM_RESULT_SUCCEEDED);
    k4a_image_t depth = k4a_capture_get_depth_image(capture);
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(depth), seen[1]);
    k4a_image_release(depth);
    k4a_capture_release(capture);
    EXPECT_EQ(k4a_playback_get_next_capture(playback, &capture), K4A_STREAM_RESULT_SUCCEEDED);
    depth = k4a_capture_get_depth_image(capture);
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(depth), seen[2]);
    k4a_image_release(depth);
    k4a_capture_release(capture);

    k4a_imu_sample_t a, b, c;
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_next_imu_sample(playback, &a), K4A_STREAM_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_next_imu_sample(playback, &b), K4A_STREAM_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_previous_imu_sample(playback, &c), K4A_STREAM_RESULT_SUCCEEDED);
    EXPECT_EQ(c.acc_timestamp_usec, a.acc_timestamp_usec);
    EXPECT_EQ(k4a_playback_get_previous_imu_sample(playback, &c), K4A_STREAM_RESULT_EOF);
    EXPECT_EQ(k4a_playback_get_next_imu_sample(playback, &c), K4A_STREAM_RESULT_SUCCEEDED);
    EXPECT_EQ(c.acc_timestamp_usec, a.acc_timestamp_usec);
    k4a_playback_close(playback);
}

int main(void)
{
    RUN(test_manifest_recordings);
    check_current = "";
    RUN(test_bad_arguments_fail_with_a_message);
    RUN(test_direction_changes_return_neighbours);
    return check_summary();
}
