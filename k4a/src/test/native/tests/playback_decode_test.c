/*
 * Decoding ahead (decode_pool.c) gives the images decoding on the caller's thread gives, whatever
 * the caller does between captures: switching the conversion off and on again, seeking, changing
 * direction, closing while frames are being decoded. Frames nobody wants any more are cancelled
 * on the workers; one wanted again after its cancellation must be decoded anew, never delivered
 * half written. Over the MJPG reference recording (synthetic_a_mjpg720p_nfov2x2_15fps.mkv), each
 * colour image compared by a hash of its bytes with the one decoded without workers.
 *
 * The per-playback number of workers (k4a4j_internal_playback_set_decode_threads, k4a4j's private
 * export): any number set before or while converting gives the same images, the pool has the
 * number of threads set (Linux: counted in /proc/self/task), and bad arguments fail with a message.
 *
 * Where decoding ahead ends (k4a4j_internal_playback_set_decode_end, the other private export): with 0, 1
 * and 2 workers, reading forwards, after seeks and backwards gives the same images with and without it;
 * a reader that stops at the end has had no frame decoded past it, one that reads on gets every frame
 * decoded once (the colour frames decoded are counted in JPEG rows, jpeg_read_scanlines wrapped at link
 * time where the linker can: not on macOS); an end at 0 decodes nothing ahead, INT64_MAX is no end, and a
 * bad handle fails with a message.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include "jpeg_rows.h"
#include "k4arecord/playback_internal.h"

#include <k4arecord/playback.h>

#include <stdlib.h>
#ifdef __linux__
#include <dirent.h>
#include <time.h>
#endif

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
static int color_height; /* rows of a colour frame */

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
            color_height = k4a_image_get_height_pixels(color);
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

/* ---- the per-playback number of workers ------------------------------------------------------ */

/* The threads of this process (Linux; -1 elsewhere or when /proc cannot be read). */
static int thread_count(void)
{
#ifdef __linux__
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL)
        return -1;
    int count = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;)
        count += e->d_name[0] != '.';
    closedir(dir);
    return count;
#else
    return -1;
#endif
}

static void pause_10ms(void)
{
#ifdef __linux__
    struct timespec pause = { 0, 10 * 1000 * 1000 };
    nanosleep(&pause, NULL);
#endif
}

/* The threads of this process once threads joined before have left /proc (a joined thread may linger
 * there for a moment, longer under qemu-user): the count once it is the same 5 times 10 ms apart (at
 * most 2 s). */
static int settled_thread_count(void)
{
    int count = thread_count();
    for (int i = 0, same = 0; i < 200 && same < 5 && count >= 0; i++)
    {
        pause_10ms();
        int now = thread_count();
        same = now == count ? same + 1 : 0;
        count = now;
    }
    return count;
}

/* The process has expected threads (waits up to 2 s for joined threads to leave /proc); nothing to
 * check where threads cannot be counted. */
static void threads_are(int expected)
{
    int count = thread_count();
    for (int i = 0; i < 200 && count != expected && count >= 0; i++)
    {
        pause_10ms();
        count = thread_count();
    }
    if (count >= 0)
        EXPECT_EQ(count, expected);
}

/* Opens the recording with the default number of workers (the environment variable unset), sets
 * threads workers, then turns the conversion to BGRA32 on. */
static k4a_playback_t open_set(int threads)
{
    k4a_playback_t playback = NULL;
    check_setenv("K4A4J_PLAYBACK_DECODE_THREADS", NULL);
    EXPECT_EQ(k4a_playback_open(RECORDING, &playback), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, threads), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32), K4A_RESULT_SUCCEEDED);
    return playback;
}

static void test_set_threads_before_converting(void)
{
    static const int counts[] = { 0, 1, 4 };
    int before = settled_thread_count();
    for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++)
    {
        k4a_playback_t playback = open_set(counts[k]);
        threads_are(before < 0 ? -1 : before + counts[k]);
        for (int i = 0; i < reference_count; i++)
            next_is(playback, i);
        next_is(playback, -1);
        /* and backwards from the end */
        for (int i = reference_count - 1; i >= reference_count - 4 && i >= 0; i--)
            previous_is(playback, i);
        k4a_playback_close(playback);
        threads_are(before);
    }
}

static void test_set_threads_while_converting(void)
{
    static const int counts[] = { 4, 0, 1, 2, 1, 3, 0 };
    int before = settled_thread_count();
    k4a_playback_t playback = open_with("2");
    threads_are(before < 0 ? -1 : before + 2);
    size_t k = 0;
    int current = 2;
    for (int i = 0; i < reference_count; i++)
    {
        /* a pool with frames decoded ahead replaced by one of another size every other capture
         * (and set to the size it has in between: nothing changes) */
        if (i % 2 == 1)
            current = counts[k++ % (sizeof(counts) / sizeof(counts[0]))];
        EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, current), K4A_RESULT_SUCCEEDED);
        threads_are(before < 0 ? -1 : before + current);
        next_is(playback, i);
        if (i == reference_count / 2)
        {
            /* back and forth around a change */
            previous_is(playback, i - 1);
            current = 3;
            EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, current), K4A_RESULT_SUCCEEDED);
            next_is(playback, i);
        }
    }
    next_is(playback, -1);
    /* with the conversion off, another size stops the pool, and the next conversion starts one of
     * that size */
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_MJPG), K4A_RESULT_SUCCEEDED);
    current = current == 1 ? 2 : 1;
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, current), K4A_RESULT_SUCCEEDED);
    threads_are(before);
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32), K4A_RESULT_SUCCEEDED);
    threads_are(before < 0 ? -1 : before + current);
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
    for (int i = 0; i < reference_count; i++)
        next_is(playback, i);
    k4a_playback_close(playback);
    threads_are(before);
}

static void test_set_threads_bad_arguments(void)
{
    log_capture_start();
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(NULL, 1), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a4j_internal_playback_set_decode_threads: playback_handle is NULL"));
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 8, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads((k4a_playback_t)image, 1), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("playback_handle is not a valid k4a_playback_t"));
    k4a_image_release(image);

    k4a_playback_t playback = open_set(1);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, -1), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a4j_internal_playback_set_decode_threads: threads -1 is outside 0..4"));
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, 5), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("threads 5 is outside 0..4"));
    /* the playback is unchanged */
    for (int i = 0; i < reference_count; i++)
        next_is(playback, i);
    k4a_playback_close(playback);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* ---- where decoding ahead ends ---------------------------------------------------------------- */

/* Colour frames among the reference's captures [from, to). */
static int64_t colour_frames(int from, int to)
{
    int64_t n = 0;
    for (int i = from; i < to; i++)
        n += reference[i].has_color;
    return n;
}

/* Stops the playback's workers (a frame being decoded ahead is cancelled: its rows so far are counted),
 * checks that exactly frames colour frames were decoded since *rows (when rows are counted; -1: not
 * checked), starts threads workers again and sets *rows to the count now. */
static void decoded_since(k4a_playback_t playback, int threads, uint64_t *rows, int64_t frames)
{
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, 0), K4A_RESULT_SUCCEEDED);
    if (JPEG_ROWS_COUNTED && frames >= 0)
        EXPECT_EQ(jpeg_rows - *rows, (uint64_t)frames * (uint64_t)color_height);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_threads(playback, threads), K4A_RESULT_SUCCEEDED);
    *rows = jpeg_rows;
}

static void decode_end_with(int threads)
{
    /* the end: the colour time of a capture in the middle, after which the reader stops */
    int end = reference_count / 2;
    while (end < reference_count && !reference[end].has_color)
        end++;
    EXPECT_TRUE(end + 4 < reference_count);
    int64_t end_usec = (int64_t)reference[end].time_usec;
    for (int i = 0; i < end; i++)
        EXPECT_TRUE(!reference[i].has_color || (int64_t)reference[i].time_usec < end_usec);
    k4a_playback_t playback = open_set(threads);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_end(playback, end_usec), K4A_RESULT_SUCCEEDED);
    uint64_t rows = jpeg_rows;

    /* forwards to the end: no frame decoded past it; then on: the frames past it, each once */
    for (int i = 0; i < end; i++)
        next_is(playback, i);
    decoded_since(playback, threads, &rows, colour_frames(0, end));
    for (int i = end; i < reference_count; i++)
        next_is(playback, i);
    next_is(playback, -1);
    decoded_since(playback, threads, &rows, colour_frames(end, reference_count));

    /* a seek keeps the end */
    int from = end / 2;
    while (!seek_to(playback, from))
        from++;
    for (int i = from; i < end; i++)
        next_is(playback, i);
    decoded_since(playback, threads, &rows, colour_frames(from, end));

    /* backwards, forwards across the end, and backwards across it (after capture i, the previous one is i - 1) */
    for (int i = end - 2; i >= end - 4; i--)
        previous_is(playback, i);
    for (int i = end - 3; i < end + 3; i++)
        next_is(playback, i);
    for (int i = end + 1; i >= end - 3; i--)
        previous_is(playback, i);

    /* no end again: the same images */
    EXPECT_EQ(k4a4j_internal_playback_set_decode_end(playback, INT64_MAX), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
    for (int i = 0; i < reference_count; i++)
        next_is(playback, i);
    next_is(playback, -1);

    /* an end at 0 (or before): nothing decoded ahead, every frame decoded once as it is read */
    EXPECT_EQ(k4a4j_internal_playback_set_decode_end(playback, 0), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
    decoded_since(playback, threads, &rows, -1); /* (the backward reads' frames decoded ahead: not counted) */
    for (int i = 0; i < reference_count; i++)
    {
        next_is(playback, i);
        if (i == end)
            EXPECT_EQ(k4a4j_internal_playback_set_decode_end(playback, -1), K4A_RESULT_SUCCEEDED);
    }
    decoded_since(playback, threads, &rows, colour_frames(0, reference_count));
    k4a_playback_close(playback);
}

static void test_decode_end_0_workers(void)
{
    decode_end_with(0);
}

static void test_decode_end_1_worker(void)
{
    decode_end_with(1);
}

static void test_decode_end_2_workers(void)
{
    decode_end_with(2);
}

static void test_decode_end_bad_handle(void)
{
    log_capture_start();
    EXPECT_EQ(k4a4j_internal_playback_set_decode_end(NULL, 0), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a4j_internal_playback_set_decode_end: playback_handle is NULL"));
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 8, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a4j_internal_playback_set_decode_end((k4a_playback_t)image, INT64_MAX), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a4j_internal_playback_set_decode_end: playback_handle is not a valid k4a_playback_t"));
    k4a_image_release(image);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

int main(void)
{
    read_reference();
    RUN(test_conversion_off_and_on_between_captures);
    RUN(test_seeks_and_direction_changes);
    RUN(test_close_while_decoding_ahead);
    RUN(test_set_threads_before_converting);
    RUN(test_set_threads_while_converting);
    RUN(test_set_threads_bad_arguments);
    RUN(test_decode_end_0_workers);
    RUN(test_decode_end_1_worker);
    RUN(test_decode_end_2_workers);
    RUN(test_decode_end_bad_handle);
    return check_summary();
}
