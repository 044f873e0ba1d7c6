/*
 * Decoding ahead (decode_pool.c) gives the images decoding on the caller's thread gives, whatever
 * the caller does between captures: switching the conversion off and on again, seeking, changing
 * direction, closing while frames are being decoded. Frames nobody wants any more are cancelled
 * on the workers; one wanted again after its cancellation must be decoded anew, never delivered
 * half written. Over the MJPG reference recording (synthetic_a_mjpg720p_nfov2x2_15fps.mkv), each
 * colour image compared by a hash of its bytes with the one decoded without workers.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include <k4arecord/playback.h>

#include <stdlib.h>

#define RECORDING K4A4J_TESTDATA "/playback/synthetic_a_mjpg720p_nfov2x2_15fps.mkv"
#define MAX_CAPTURES 512

typedef struct
{
    bool has_color;
    uint64_t time_usec; /* of the colour image */
    uint64_t hash;
} frame_t;

static frame_t reference[MAX_CAPTURES];
static int reference_count;

/* FNV-1a over the colour image's bytes. */
static uint64_t hash_image(k4a_image_t image)
{
    uint64_t h = 1469598103934665603u;
    const uint8_t *p = k4a_image_get_buffer(image);
    for (size_t i = 0, n = k4a_image_get_size(image); i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* Opens the recording converting to BGRA32 with this many decode workers. */
static k4a_playback_t open_with(const char *threads)
{
    k4a_playback_t playback = NULL;
    check_setenv("K4A4J_PLAYBACK_DECODE_THREADS", threads);
    EXPECT_EQ(k4a_playback_open(RECORDING, &playback), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32), K4A_RESULT_SUCCEEDED);
    return playback;
}

/* A capture (released) against the reference's capture expected (-1: none, the end): the same
 * colour image, byte for byte, or none as there. */
static void check_capture(k4a_stream_result_t result, k4a_capture_t capture, int expected)
{
    EXPECT_EQ(result, expected >= 0 ? K4A_STREAM_RESULT_SUCCEEDED : K4A_STREAM_RESULT_EOF);
    if (result != K4A_STREAM_RESULT_SUCCEEDED)
        return;
    k4a_image_t color = k4a_capture_get_color_image(capture);
    EXPECT_EQ(color != NULL, expected >= 0 && reference[expected].has_color);
    if (color != NULL && expected >= 0)
    {
        EXPECT_EQ(k4a_image_get_format(color), K4A_IMAGE_FORMAT_COLOR_BGRA32);
        EXPECT_EQ(k4a_image_get_device_timestamp_usec(color), reference[expected].time_usec);
        EXPECT_EQ(hash_image(color), reference[expected].hash);
    }
    if (color != NULL)
        k4a_image_release(color);
    k4a_capture_release(capture);
}

static void next_is(k4a_playback_t playback, int expected)
{
    k4a_capture_t capture = NULL;
    k4a_stream_result_t result = k4a_playback_get_next_capture(playback, &capture);
    check_capture(result, capture, expected);
}

static void previous_is(k4a_playback_t playback, int expected)
{
    k4a_capture_t capture = NULL;
    k4a_stream_result_t result = k4a_playback_get_previous_capture(playback, &capture);
    check_capture(result, capture, expected);
}

static void read_reference(void)
{
    k4a_playback_t playback = open_with("0");
    k4a_capture_t capture;
    while (reference_count < MAX_CAPTURES &&
           k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        k4a_image_t color = k4a_capture_get_color_image(capture);
        frame_t *r = &reference[reference_count++];
        r->has_color = color != NULL;
        if (color != NULL)
        {
            r->time_usec = k4a_image_get_device_timestamp_usec(color);
            r->hash = hash_image(color);
            k4a_image_release(color);
        }
        k4a_capture_release(capture);
    }
    k4a_playback_close(playback);
    EXPECT_TRUE(reference_count > 8);
}

static void test_conversion_off_and_on_between_captures(void)
{
    k4a_playback_t playback = open_with("2");
    for (int i = 0; i < reference_count; i++)
    {
        next_is(playback, i);
        /* the frames decoded ahead are no longer wanted (cancelled), then wanted again */
        EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_MJPG), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32), K4A_RESULT_SUCCEEDED);
    }
    next_is(playback, -1);
    k4a_playback_close(playback);
}

/* Seeks to the device time of capture i's colour frame; false when it has none. */
static bool seek_to(k4a_playback_t playback, int i)
{
    if (!reference[i].has_color)
        return false;
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, (int64_t)reference[i].time_usec, K4A_PLAYBACK_SEEK_DEVICE_TIME),
              K4A_RESULT_SUCCEEDED);
    return true;
}

static void test_seeks_and_direction_changes(void)
{
    k4a_playback_t playback = open_with("2");
    for (int i = 0; i + 2 < reference_count; i += 3)
    {
        next_is(playback, i);
        next_is(playback, i + 1);
        previous_is(playback, i);
        /* back to where it was (the next capture is i + 1 with or without the seek): the same
         * frames wanted again after a seek forgot them */
        seek_to(playback, i + 1);
        next_is(playback, i + 1);
        next_is(playback, i + 2);
        if (i + 3 < reference_count)
            seek_to(playback, i + 3); /* (where it is) */
    }
    k4a_playback_close(playback);
}

static void test_close_while_decoding_ahead(void)
{
    for (int i = 0; i < 8; i++)
    {
        k4a_playback_t playback = open_with("2");
        if (seek_to(playback, i))
            next_is(playback, i);
        k4a_playback_close(playback); /* with the frames after it being decoded */
    }
}

int main(void)
{
    read_reference();
    RUN(test_conversion_off_and_on_between_captures);
    RUN(test_seeks_and_direction_changes);
    RUN(test_close_while_decoding_ahead);
    return check_summary();
}
