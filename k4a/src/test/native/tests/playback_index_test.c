/*
 * Seeking and reading backwards in long recordings, where the cluster index is built as needed:
 * the recording length (the last cluster found by searching back from the end), seeks (clusters
 * found by bisecting unindexed stretches) and reading backwards (the cluster before found by
 * searching back) must give exactly what reading forward from the start gives. The recordings are
 * made in memory: a few hundred clusters of about 200 KB, some with Void elements between them,
 * and Cues that name only the first cluster. With Cues that name every cluster (as the record API
 * writes them), the first seek of a fresh playback finds its cluster through them: the same
 * captures, and only a few element headers read instead of searching the bytes.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include "k4arecord/io.h"
#include "k4arecord/playback_internal.h"

#include <k4arecord/playback.h>

#define CLUSTERS 480
#define PERIOD_USEC 33333
#define START_USEC 1000000

typedef struct
{
    uint8_t *data;
    size_t size, capacity;
} buffer_t;

static void put(buffer_t *b, const void *data, size_t size)
{
    if (b->size + size > b->capacity)
    {
        b->capacity = (b->size + size) * 2;
        b->data = realloc(b->data, b->capacity);
    }
    if (data != NULL)
        memcpy(b->data + b->size, data, size);
    else
        memset(b->data + b->size, 0x5A, size);
    b->size += size;
}

/* An element header with an 8-byte size. */
static void put_head(buffer_t *b, uint32_t id, uint64_t size)
{
    uint8_t bytes[12];
    int n = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    for (int i = 0; i < n; i++)
        bytes[i] = (uint8_t)(id >> (8 * (n - 1 - i)));
    bytes[n] = 0x01;
    for (int i = 1; i < 8; i++)
        bytes[n + i] = (uint8_t)(size >> (8 * (7 - i)));
    put(b, bytes, (size_t)n + 8);
}

static void put_uint(buffer_t *b, uint32_t id, uint64_t value)
{
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(value >> (8 * (7 - i)));
    put_head(b, id, 8);
    put(b, bytes, 8);
}

static void put_string(buffer_t *b, uint32_t id, const char *text)
{
    put_head(b, id, strlen(text));
    put(b, text, strlen(text));
}

static void put_master(buffer_t *b, uint32_t id, const buffer_t *content)
{
    put_head(b, id, content->size);
    put(b, content->data, content->size);
}

static void put_track(buffer_t *tracks, uint64_t number, const char *name, const char *fourcc, int width, int height)
{
    buffer_t entry = { 0 }, video = { 0 };
    uint8_t header[40] = { 40 };
    header[4] = (uint8_t)width;
    header[8] = (uint8_t)height;
    memcpy(header + 16, fourcc, 4);
    put_uint(&entry, 0xD7, number);
    put_uint(&entry, 0x73C5, 100 + number);
    put_uint(&entry, 0x83, 1);
    put_string(&entry, 0x86, "V_MS/VFW/FOURCC");
    put_string(&entry, 0x536E, name);
    put_head(&entry, 0x63A2, sizeof(header));
    put(&entry, header, sizeof(header));
    put_uint(&entry, 0x23E383, 33333333);
    put_uint(&video, 0xB0, (uint64_t)width);
    put_uint(&video, 0xBA, (uint64_t)height);
    put_master(&entry, 0xE0, &video);
    put_master(tracks, 0xAE, &entry);
    free(entry.data);
    free(video.data);
}

/* COLOR (MJPG, 16x16, frames of about 200 KB: never decoded here) and DEPTH (2x2) at 30 Hz; Cues
 * naming the first cluster only, or every cluster. */
static buffer_t make_recording(bool every_cue)
{
    buffer_t file = { 0 }, header = { 0 }, info = { 0 }, tracks = { 0 }, tags = { 0 }, tag = { 0 }, simple = { 0 };
    put_string(&header, 0x4282, "matroska");
    put_master(&file, 0x1A45DFA3, &header);
    put_head(&file, 0x18538067, 0); /* the Segment's size, patched below */
    size_t segment_data = file.size;
    /* a SeekHead naming the Cues (their position patched below), as the record API writes it */
    buffer_t seek_head = { 0 }, seek = { 0 };
    uint8_t cues_id[4] = { 0x1C, 0x53, 0xBB, 0x6B };
    put_head(&seek, 0x53AB, sizeof(cues_id));
    put(&seek, cues_id, sizeof(cues_id));
    put_uint(&seek, 0x53AC, 0);
    put_master(&seek_head, 0x4DBB, &seek);
    if (every_cue)
        put_master(&file, 0x114D9B74, &seek_head);
    size_t cues_position = file.size - 8; /* the SeekPosition's value */
    put_uint(&info, 0x2AD7B1, 1000);
    put_master(&file, 0x1549A966, &info);
    put_track(&tracks, 1, "COLOR", "MJPG", 16, 16);
    put_track(&tracks, 2, "DEPTH", "b16g", 2, 2);
    put_master(&file, 0x1654AE6B, &tracks);
    put_head(&tag, 0x63C0, 0);
    put_string(&simple, 0x45A3, "K4A_START_OFFSET_NS");
    put_string(&simple, 0x4487, "1000000000");
    put_master(&tag, 0x67C8, &simple);
    put_master(&tags, 0x7373, &tag);
    put_master(&file, 0x1254C367, &tags);
    size_t cluster_offset[CLUSTERS];
    for (int k = 0; k < CLUSTERS; k++)
    {
        buffer_t cluster = { 0 };
        cluster_offset[k] = file.size;
        put_uint(&cluster, 0xE7, (uint64_t)k * PERIOD_USEC);
        size_t colour = 200000 + (size_t)((k * 7919) % 20000);
        uint8_t block[4] = { 0x81, 0, 0, 0x80 };
        put_head(&cluster, 0xA3, sizeof(block) + colour);
        put(&cluster, block, sizeof(block));
        put(&cluster, NULL, colour);
        uint8_t depth[4 + 8] = { 0x82, 0, 0, 0x80, (uint8_t)k, 1, 2, 3, 4, 5, 6, 7 };
        put_head(&cluster, 0xA3, sizeof(depth));
        put(&cluster, depth, sizeof(depth));
        put_master(&file, 0x1F43B675, &cluster);
        free(cluster.data);
        if (k % 50 == 7)
        {
            put_head(&file, 0xEC, 1000); /* Void between clusters */
            put(&file, NULL, 1000);
        }
    }
    buffer_t cues = { 0 };
    for (int i = 0; i < 8 && every_cue; i++)
        file.data[cues_position + i] = (uint8_t)((file.size - segment_data) >> (8 * (7 - i)));
    for (int k = 0; k < (every_cue ? CLUSTERS : 1); k++)
    {
        buffer_t point = { 0 }, positions = { 0 };
        put_uint(&positions, 0xF7, 1);
        put_uint(&positions, 0xF1, cluster_offset[k] - segment_data);
        put_uint(&point, 0xB3, (uint64_t)k * PERIOD_USEC);
        put_master(&point, 0xB7, &positions);
        put_master(&cues, 0xBB, &point);
        free(positions.data);
        free(point.data);
    }
    put_master(&file, 0x1C53BB6B, &cues);
    uint64_t segment_size = file.size - segment_data;
    for (int i = 1; i < 8; i++)
        file.data[segment_data - 8 + i] = (uint8_t)(segment_size >> (8 * (7 - i)));
    free(header.data);
    free(info.data);
    free(tracks.data);
    free(tags.data);
    free(tag.data);
    free(simple.data);
    free(cues.data);
    free(seek_head.data);
    free(seek.data);
    return file;
}

/* A source over memory that counts the bytes read through it. */
typedef struct
{
    k4a4j_io_t io;
    k4a4j_io_t *inner;
    _Atomic uint64_t bytes;
} counting_io_t;

static bool counting_read(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size)
{
    counting_io_t *c = (counting_io_t *)io;
    c->bytes += size;
    return k4a4j_io_read(c->inner, offset, buffer, size);
}

static void counting_close(k4a4j_io_t *io)
{
    counting_io_t *c = (counting_io_t *)io;
    k4a4j_io_close(c->inner);
    free(c);
}

/* counter != NULL: *counter is set to the source's count of bytes read */
static k4a_playback_t open_counted(const buffer_t *file, _Atomic uint64_t **counter)
{
    k4a_playback_t playback = NULL;
    k4a4j_io_t *io = k4a4j_io_open_memory(file->data, file->size, false);
    if (counter != NULL)
    {
        counting_io_t *c = calloc(1, sizeof(*c));
        c->inner = io;
        c->io.read_at = counting_read;
        c->io.close = counting_close;
        c->io.size = io->size;
        *counter = &c->bytes;
        io = &c->io;
    }
    EXPECT_EQ(k4a4j_playback_open_io(io, "long recording", &playback), K4A_RESULT_SUCCEEDED);
    return playback;
}

static k4a_playback_t open_recording(const buffer_t *file)
{
    return open_counted(file, NULL);
}

/* The index (0..CLUSTERS-1) of a capture, from its depth image's time; -1 when none. */
static int capture_index(k4a_stream_result_t result, k4a_capture_t capture)
{
    if (result != K4A_STREAM_RESULT_SUCCEEDED)
        return -1;
    k4a_image_t depth = k4a_capture_get_depth_image(capture);
    int index = -2;
    if (depth != NULL)
    {
        uint64_t t = k4a_image_get_device_timestamp_usec(depth);
        index = (int)((t - START_USEC) / PERIOD_USEC);
        EXPECT_EQ(t, START_USEC + (uint64_t)index * PERIOD_USEC);
        EXPECT_EQ(k4a_image_get_buffer(depth)[1], (uint8_t)index); /* byte-swapped: the first byte was k */
        k4a_image_release(depth);
    }
    k4a_capture_release(capture);
    return index;
}

static int next_index(k4a_playback_t playback)
{
    k4a_capture_t capture = NULL;
    k4a_stream_result_t result = k4a_playback_get_next_capture(playback, &capture);
    return capture_index(result, capture);
}

static int previous_index(k4a_playback_t playback)
{
    k4a_capture_t capture = NULL;
    k4a_stream_result_t result = k4a_playback_get_previous_capture(playback, &capture);
    return capture_index(result, capture);
}

static buffer_t recording;

static void test_length_is_found_from_the_end(void)
{
    k4a_playback_t playback = open_recording(&recording);
    EXPECT_EQ(k4a_playback_get_recording_length_usec(playback), (uint64_t)(CLUSTERS - 1) * PERIOD_USEC);
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 0, K4A_PLAYBACK_SEEK_END), K4A_RESULT_SUCCEEDED);
    for (int k = CLUSTERS - 1; k >= CLUSTERS - 40; k--)
        EXPECT_EQ(previous_index(playback), k);
    k4a_playback_close(playback);
}

static void test_seeks_land_where_reading_forward_would(void)
{
    static const int targets[] = { 240, 3, 477, 100, 101, 399, 0, 479, 250, 17, 333 };
    k4a_playback_t playback = open_recording(&recording);
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
    {
        int k = targets[i];
        /* just after capture k-1: the next is k, the previous k-1 */
        int64_t offset = (int64_t)k * PERIOD_USEC - 1;
        EXPECT_EQ(k4a_playback_seek_timestamp(playback, offset, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(next_index(playback), k);
        EXPECT_EQ(next_index(playback), k + 1 < CLUSTERS ? k + 1 : -1);
        EXPECT_EQ(k4a_playback_seek_timestamp(playback, offset, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(previous_index(playback), k - 1);
        EXPECT_EQ(previous_index(playback), k - 2 >= 0 ? k - 2 : -1);
        EXPECT_EQ(
            k4a_playback_seek_timestamp(playback, START_USEC + (int64_t)k * PERIOD_USEC, K4A_PLAYBACK_SEEK_DEVICE_TIME),
            K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(next_index(playback), k);
    }
    k4a_playback_close(playback);
}

static void test_reading_backwards_through_the_whole_recording(void)
{
    k4a_playback_t playback = open_recording(&recording);
    EXPECT_EQ(k4a_playback_seek_timestamp(playback, 300 * PERIOD_USEC, K4A_PLAYBACK_SEEK_BEGIN), K4A_RESULT_SUCCEEDED);
    for (int k = 299; k >= 0; k--)
        EXPECT_EQ(previous_index(playback), k);
    EXPECT_EQ(previous_index(playback), -1);
    for (int k = 0; k < CLUSTERS; k++)
        EXPECT_EQ(next_index(playback), k);
    EXPECT_EQ(next_index(playback), -1);
    k4a_playback_close(playback);
}

static void test_first_seek_of_a_fresh_playback_uses_the_cues(void)
{
    static const int targets[] = { 240, 3, 477, 100, 101, 399, 0, 479, 250, 17, 333 };
    buffer_t indexed = make_recording(true);
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
    {
        int k = targets[i];
        _Atomic uint64_t *bytes;
        k4a_playback_t playback = open_counted(&indexed, &bytes);
        uint64_t before = *bytes;
        EXPECT_EQ(k4a_playback_seek_timestamp(playback, (int64_t)k * PERIOD_USEC - 1, K4A_PLAYBACK_SEEK_BEGIN),
                  K4A_RESULT_SUCCEEDED);
        /* element headers of a few clusters (4 KiB reads), not a search of the bytes (64 KiB at a time) */
        EXPECT_TRUE(*bytes - before < 65536);
        EXPECT_EQ(next_index(playback), k);
        EXPECT_EQ(next_index(playback), k + 1 < CLUSTERS ? k + 1 : -1);
        k4a_playback_close(playback);
        /* and backwards from a fresh seek */
        playback = open_counted(&indexed, &bytes);
        EXPECT_EQ(k4a_playback_seek_timestamp(playback, (int64_t)k * PERIOD_USEC - 1, K4A_PLAYBACK_SEEK_BEGIN),
                  K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(previous_index(playback), k - 1);
        EXPECT_EQ(previous_index(playback), k - 2 >= 0 ? k - 2 : -1);
        k4a_playback_close(playback);
    }
    free(indexed.data);
}

int main(void)
{
    recording = make_recording(false);
    RUN(test_length_is_found_from_the_end);
    RUN(test_seeks_land_where_reading_forward_would);
    RUN(test_reading_backwards_through_the_whole_recording);
    RUN(test_first_seek_of_a_fresh_playback_uses_the_cues);
    free(recording.data);
    return check_summary();
}
