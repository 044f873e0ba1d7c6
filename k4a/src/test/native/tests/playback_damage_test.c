/*
 * Playback of damaged recordings: each reference recording is cut short at many places (every
 * 4093 bytes, the first and last 200 byte positions, and around the start of every element) and
 * has single bytes changed at many others, in memory. For every damaged copy, opening either
 * fails with a logged message, or reading returns the captures that lie wholly before the damage,
 * identical to those of the intact file, and then stops with K4A_STREAM_RESULT_FAILED or EOF.
 * Seeking, reading backwards, IMU samples, custom track blocks and colour conversion are
 * exercised on each copy too; none may crash or loop for ever (a watchdog aborts the test).
 *
 * DAMAGE_TEST_EVERY=n runs one case in n (for valgrind).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "testdata.h"

#include "k4arecord/ebml.h"
#include "k4arecord/io.h"
#include "k4arecord/matroska.h"
#include "k4arecord/matroska_ids.h"
#include "k4arecord/playback_internal.h"

#include <k4arecord/playback.h>

#include <signal.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define SET "playback"
#define MAX_CAPTURES 64

typedef struct
{
    bool has[3];
    uint64_t timestamp[3];
    size_t size[3];
    uint64_t fingerprint[3];
    uint64_t end[3]; /* one past the image's bytes in the file */
} capture_t;

typedef struct
{
    const char *file;
    uint8_t *data;
    size_t size;
    capture_t captures[MAX_CAPTURES];
    size_t capture_count;
    uint64_t first_cluster;
    uint64_t *starts; /* element starts, for cuts and flips around them */
    size_t start_count;
    char custom_track[64];
} recording_t;

static long every = 1;
static long case_number;
static size_t opened, refused;

static void watchdog(int signal_number)
{
    (void)signal_number;
    static const char message[] = "watchdog: a damaged recording took too long\n";
    if (write(2, message, sizeof(message) - 1) < 0)
        _exit(3);
    _exit(2);
}

/* A cheap fingerprint of an image: its size and sampled bytes. */
static uint64_t fingerprint(const uint8_t *p, size_t size)
{
    uint64_t h = 1469598103934665603ull ^ size;
    size_t spans[3][2] = { { 0, 256 }, { size / 2, 256 }, { size > 256 ? size - 256 : 0, 256 } };
    for (int s = 0; s < 3; s++)
        for (size_t i = spans[s][0]; i < spans[s][0] + spans[s][1] && i < size; i++)
            h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static void describe(k4a_capture_t capture, capture_t *c)
{
    k4a_image_t images[3] = { k4a_capture_get_color_image(capture), k4a_capture_get_depth_image(capture),
                              k4a_capture_get_ir_image(capture) };
    for (int i = 0; i < 3; i++)
    {
        c->has[i] = images[i] != NULL;
        if (images[i] == NULL)
            continue;
        c->timestamp[i] = k4a_image_get_device_timestamp_usec(images[i]);
        c->size[i] = k4a_image_get_size(images[i]);
        c->fingerprint[i] = fingerprint(k4a_image_get_buffer(images[i]), c->size[i]);
        k4a_image_release(images[i]);
    }
}

static k4a_playback_t open_memory(const uint8_t *data, size_t size)
{
    k4a_playback_t playback = NULL;
    k4a4j_io_t *io = k4a4j_io_open_memory(data, size, false);
    if (k4a4j_playback_open_io(io, "damaged recording", &playback) != K4A_RESULT_SUCCEEDED)
        return NULL;
    return playback;
}

/* Element starts (every level that matters: top level, clusters, blocks and their children). */
static void collect_starts(recording_t *r)
{
    size_t capacity = 4096;
    r->starts = malloc(capacity * sizeof(uint64_t));
    k4a4j_io_t *io = k4a4j_io_open_memory(r->data, r->size, false);
    ebml_reader_t reader;
    ebml_reader_init(&reader, io);
    uint64_t stack_end[8];
    uint64_t position = 0;
    int depth = 0;
    stack_end[0] = r->size;
    while (depth >= 0)
    {
        ebml_element_t e;
        if (position >= stack_end[depth] || ebml_read_element(&reader, position, stack_end[depth], true, &e) != EBML_OK)
        {
            position = stack_end[depth];
            depth--;
            continue;
        }
        if (r->start_count == capacity)
            r->starts = realloc(r->starts, (capacity *= 2) * sizeof(uint64_t));
        r->starts[r->start_count++] = e.offset;
        if (e.id == MKV_ID_CLUSTER && r->first_cluster == 0)
            r->first_cluster = e.offset;
        bool master = e.id == MKV_ID_SEGMENT || e.id == MKV_ID_CLUSTER || e.id == MKV_ID_BLOCK_GROUP ||
                      e.id == MKV_ID_TRACKS || e.id == MKV_ID_TRACK_ENTRY || e.id == MKV_ID_TAGS ||
                      e.id == MKV_ID_TAG || e.id == MKV_ID_CUES || e.id == MKV_ID_SEEK_HEAD ||
                      e.id == MKV_ID_ATTACHMENTS || e.id == MKV_ID_ATTACHED_FILE;
        if (master && depth < 7)
        {
            stack_end[++depth] = e.end;
            position = e.data;
        }
        else
            position = e.end;
    }
    k4a4j_io_close(io);
}

/* Reads the intact recording: its captures, and where each image's bytes end. */
static bool load(recording_t *r)
{
    r->data = (uint8_t *)td_read_file(td_path(SET, r->file), &r->size);
    if (r->data == NULL)
        return false;
    collect_starts(r);
    k4a_playback_t playback = open_memory(r->data, r->size);
    EXPECT_TRUE(playback != NULL);
    if (playback == NULL)
        return false;
    k4a_capture_t capture;
    while (r->capture_count < MAX_CAPTURES &&
           k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        describe(capture, &r->captures[r->capture_count++]);
        k4a_capture_release(capture);
    }
    for (size_t i = 0; i < k4a_playback_get_track_count(playback); i++)
    {
        char name[64];
        size_t size = sizeof(name);
        if (k4a_playback_get_track_name(playback, i, name, &size) == K4A_BUFFER_RESULT_SUCCEEDED &&
            !k4a_playback_track_is_builtin(playback, name))
            snprintf(r->custom_track, sizeof(r->custom_track), "%s", name);
    }
    k4a_playback_close(playback);

    /* the images' places in the file: the n-th image of a track is its n-th frame */
    k4a4j_io_t *io = k4a4j_io_open_memory(r->data, r->size, false);
    mkv_file_t *file = mkv_open(io);
    EXPECT_TRUE(file != NULL);
    static const char *const names[3] = { "COLOR", "DEPTH", "IR" };
    for (int t = 0; t < 3 && file != NULL; t++)
    {
        uint64_t number = 0;
        for (size_t i = 0; i < mkv_track_count(file); i++)
            if (strcmp(mkv_track(file, i)->name, names[t]) == 0)
                number = mkv_track(file, i)->number;
        mkv_frame_t frame;
        mkv_result_t found = mkv_next_frame(file, number, NULL, &frame);
        for (size_t c = 0; c < r->capture_count; c++)
        {
            if (!r->captures[c].has[t])
                continue;
            EXPECT_EQ(found, MKV_FOUND);
            r->captures[c].end[t] = frame.offset + frame.size;
            found = mkv_next_frame(file, number, &frame.pos, &frame);
        }
    }
    mkv_close(file);
    k4a4j_io_close(io);
    return true;
}

static void exercise_other_streams(k4a_playback_t playback, const recording_t *r, bool convert)
{
    k4a_capture_t capture;
    k4a_imu_sample_t sample;
    k4a_playback_data_block_t block;
    size_t n;
    k4a_playback_get_recording_length_usec(playback);
    k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END);
    for (n = 0;
         n < MAX_CAPTURES && k4a_playback_get_previous_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        k4a_capture_release(capture);
    EXPECT_TRUE(n < MAX_CAPTURES);
    k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN);
    for (n = 0; n < 100000 && k4a_playback_get_next_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED; n++)
        ;
    EXPECT_TRUE(n < 100000);
    for (n = 0; n < 100000 && k4a_playback_get_previous_imu_sample(playback, &sample) == K4A_STREAM_RESULT_SUCCEEDED;
         n++)
        ;
    if (r->custom_track[0] != '\0')
    {
        k4a_playback_seek_timestamp(playback, 30000, K4A_PLAYBACK_SEEK_BEGIN);
        for (n = 0; n < 100000 &&
                    k4a_playback_get_next_data_block(playback, r->custom_track, &block) == K4A_STREAM_RESULT_SUCCEEDED;
             n++)
            k4a_playback_data_block_release(block);
        EXPECT_TRUE(n < 100000);
    }
    k4a_playback_seek_timestamp(playback, -1, K4A_PLAYBACK_SEEK_END);
    if (k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
        k4a_capture_release(capture);
    if (convert && k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32) == K4A_RESULT_SUCCEEDED)
    {
        k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_BEGIN);
        for (n = 0; n < 3 && k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED; n++)
            k4a_capture_release(capture);
    }
    size_t size = 0;
    k4a_playback_get_raw_calibration(playback, NULL, &size);
}

/* Reads a damaged copy of size bytes (data may differ from the recording at damage_at); the
 * captures wholly before damage_at must come back unchanged. */
static void check_damaged(const recording_t *r, const uint8_t *data, size_t size, uint64_t damage_at, bool convert)
{
    if (++case_number % every != 0)
        return;
    log_capture_start();
    alarm(60);
    k4a_playback_t playback = open_memory(data, size);
    if (playback == NULL)
    {
        refused++;
        EXPECT_TRUE(log_capture_errors > 0); /* a refusal says why */
        alarm(0);
        return;
    }
    opened++;
    /* the captures every image of which lies before the damage */
    size_t intact = 0;
    while (intact < r->capture_count)
    {
        bool whole = true;
        for (int t = 0; t < 3; t++)
            whole = whole && (!r->captures[intact].has[t] || r->captures[intact].end[t] <= damage_at);
        if (!whole)
            break;
        intact++;
    }
    size_t n = 0;
    k4a_stream_result_t result;
    k4a_capture_t capture;
    while ((result = k4a_playback_get_next_capture(playback, &capture)) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        capture_t got;
        memset(&got, 0, sizeof(got));
        describe(capture, &got);
        k4a_capture_release(capture);
        if (n < intact)
        {
            /* before the damage: exactly the intact recording's capture */
            for (int t = 0; t < 3; t++)
            {
                EXPECT_EQ(got.has[t], r->captures[n].has[t]);
                if (got.has[t] && r->captures[n].has[t])
                {
                    EXPECT_EQ(got.timestamp[t], r->captures[n].timestamp[t]);
                    EXPECT_EQ(got.size[t], r->captures[n].size[t]);
                    EXPECT_EQ(got.fingerprint[t], r->captures[n].fingerprint[t]);
                }
            }
        }
        else if (size < r->size && n < r->capture_count)
        {
            /* a cut file: what comes after the intact captures is the next one's intact images */
            for (int t = 0; t < 3; t++)
                if (got.has[t])
                {
                    EXPECT_TRUE(r->captures[n].has[t] && r->captures[n].end[t] <= size);
                    EXPECT_EQ(got.fingerprint[t], r->captures[n].fingerprint[t]);
                }
        }
        if (++n > 3 * r->capture_count + 8)
            break;
    }
    /* damage may regroup the images (a changed timestamp), but a capture takes at least one */
    EXPECT_TRUE(n >= intact);
    EXPECT_TRUE(n <= 3 * r->capture_count);
    EXPECT_TRUE(result == K4A_STREAM_RESULT_EOF || result == K4A_STREAM_RESULT_FAILED);
    if (result == K4A_STREAM_RESULT_FAILED)
        EXPECT_TRUE(log_capture_errors > 0); /* a failure says why */
    if (n < intact || result == K4A_STREAM_RESULT_SUCCEEDED)
        fprintf(stderr, "  %s: %zu of %zu bytes, damage at %llu: %zu captures (%zu intact), result %d\n", r->file, size,
                r->size, (unsigned long long)damage_at, n, intact, (int)result);
    exercise_other_streams(playback, r, convert);
    k4a_playback_close(playback);
    alarm(0);
}

static void cut_at(const recording_t *r, size_t size)
{
    if (size <= r->size)
        check_damaged(r, r->data, size, size, false);
}

static void test_cut_recordings(recording_t *recordings, size_t count)
{
    for (size_t k = 0; k < count; k++)
    {
        const recording_t *r = &recordings[k];
        for (size_t size = 0; size < r->size; size += 4093)
            cut_at(r, size);
        for (size_t i = 0; i < 200 && i < r->size; i++)
        {
            cut_at(r, i);
            cut_at(r, r->size - 1 - i);
        }
        /* around every element start: in the header, the size, just after */
        static const int around[] = { -1, 1, 2, 3, 5, 9 };
        for (size_t e = 0; e < r->start_count; e++)
            for (size_t a = 0; a < sizeof(around) / sizeof(around[0]); a++)
                if ((int64_t)r->starts[e] + around[a] > 0)
                    cut_at(r, (size_t)((int64_t)r->starts[e] + around[a]));
    }
}

static void flip_at(const recording_t *r, uint8_t *copy, uint64_t position, uint8_t mask, bool convert)
{
    if (position >= r->size)
        return;
    copy[position] ^= mask;
    /* the header (before the clusters) says how to read everything: no capture is sure to survive */
    check_damaged(r, copy, r->size, position < r->first_cluster ? 0 : position, convert);
    copy[position] ^= mask;
}

static void test_flipped_recordings(recording_t *recordings, size_t count)
{
    for (size_t k = 0; k < count; k++)
    {
        const recording_t *r = &recordings[k];
        uint8_t *copy = malloc(r->size);
        memcpy(copy, r->data, r->size);
        uint32_t random = 12345;
        for (uint64_t position = 7; position < r->size; position += 16381)
        {
            random = random * 1103515245u + 12345u;
            flip_at(r, copy, position, (uint8_t)((random >> 16) | 1), (position / 16381) % 8 == 0);
        }
        /* the bytes of element ids and sizes, and the first bytes of their payloads */
        static const uint8_t masks[] = { 0x01, 0x80, 0xFF, 0x10 };
        for (size_t e = 0; e < r->start_count; e++)
            for (int b = 0; b < 8; b++)
                flip_at(r, copy, r->starts[e] + (uint64_t)b, masks[(e + (size_t)b) % 4], false);
        free(copy);
    }
}

int main(void)
{
    const char *every_text = getenv("DAMAGE_TEST_EVERY");
    if (every_text != NULL && atol(every_text) > 0)
        every = atol(every_text);
    signal(SIGALRM, watchdog);
#if defined(__GLIBC__)
    /* reuse freed image memory rather than touching new pages for every case (faster) */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    recording_t recordings[3];
    memset(recordings, 0, sizeof(recordings));
    recordings[0].file = "pyk4a_recording.mkv";
    recordings[1].file = "synthetic_a_mjpg720p_nfov2x2_15fps.mkv";
    recordings[2].file = "synthetic_b_nv12720p_wfov2x2_30fps.mkv";
    for (size_t i = 0; i < 3; i++)
    {
        bool loaded = load(&recordings[i]);
        EXPECT_TRUE(loaded);
        if (!loaded)
            return check_summary();
        fprintf(stderr, "%s: %zu bytes, %zu captures, %zu elements\n", recordings[i].file, recordings[i].size,
                recordings[i].capture_count, recordings[i].start_count);
    }
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    check_current = "test_cut_recordings";
    test_cut_recordings(recordings, 3);
    fprintf(stderr, "%s cut recordings (%ld cases, %zu opened, %zu refused)\n", check_failures ? "FAIL" : "ok  ",
            case_number, opened, refused);
    int failures_before = check_failures;
    long cases_before = case_number;
    opened = refused = 0;
    check_current = "test_flipped_recordings";
    test_flipped_recordings(recordings, 3);
    fprintf(stderr, "%s flipped recordings (%ld cases, %zu opened, %zu refused)\n",
            check_failures > failures_before ? "FAIL" : "ok  ", case_number - cases_before, opened, refused);
    for (size_t i = 0; i < 3; i++)
    {
        free(recordings[i].data);
        free(recordings[i].starts);
    }
    return check_summary();
}
