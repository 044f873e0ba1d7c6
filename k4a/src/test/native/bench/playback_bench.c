/*
 * Playback benchmarks (see docs/benchmarks.md):
 *   open+close             k4a_playback_open + k4a_playback_close of the real recording
 *   seek+next raw          seek(0, BEGIN) + get_next_capture, images as stored
 *   seek+next BGRA32       the same with the colour frame converted from MJPG to BGRA32
 *   forward pass BGRA32    every capture of a long recording made in memory from the real
 *                          recording's frames (720p MJPG, NFOV unbinned depth and IR), converted;
 *                          with the colour decoded ahead on worker threads, and synchronously (0
 *                          workers, as the vendor's reader does), the caller idle or touching
 *                          every colour byte
 *   pipeline               the forward pass (BGRA32, decoded ahead) with
 *                          k4a_transformation_depth_image_to_color_camera of every capture, with the
 *                          transformation's pool workers watching for the next job 300 µs, 30 µs
 *                          and not at all (K4A4J_TRANSFORMATION_WATCH_USEC): wall and CPU time
 *   fresh seek             (PLAYBACK_BENCH_ONLY=fresh-seek, on a large recording given as the first
 *                          argument) what a reader of one part of a recording pays before its first
 *                          capture: open, the first seek of the fresh playback to a time inside the
 *                          recording, the first get_next_capture (raw and BGRA32), close; 20 times, at
 *                          times spread over the recording; then partitions as the Spark data source
 *                          reads them (open, a seek into the recording's first half, 75 captures
 *                          converted to BGRA32, conversion switched off, one more capture as stored,
 *                          close): the colour frames decoded, counted
 *                          in JPEG rows (jpeg_read_scanlines wrapped at link time), against the 75 used;
 *                          without and with the decoding ahead bounded at the range's end
 *                          (k4a4j_internal_playback_set_decode_end at the colour time of the capture after
 *                          the 75th, found by a raw pass before the timed one)
 *
 * Usage: playback_bench [recording.mkv] [captures in the long recording]
 *        PLAYBACK_BENCH_ONLY=fresh-seek playback_bench large.mkv
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "k4arecord/io.h"
#include "k4arecord/playback_internal.h"

#include "../tests/jpeg_rows.h" /* jpeg_rows: the JPEG rows decoded, on every thread (0 where not counted) */

#include <k4a/k4a.h>
#include <k4arecord/playback.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#if !defined(_WIN32)
#include <sys/resource.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#ifndef K4A4J_TESTDATA
#define K4A4J_TESTDATA "../shared/testdata"
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Page faults so far (first touches of memory are expensive in some virtual machines). */
static long page_faults(void)
{
#if defined(_WIN32)
    return 0;
#else
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt + usage.ru_majflt;
#endif
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* CPU time of the process (all threads), seconds */
static double cpu_seconds(void)
{
#if defined(_WIN32)
    return 0;
#else
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_stime.tv_sec +
           ((double)usage.ru_utime.tv_usec + (double)usage.ru_stime.tv_usec) * 1e-6;
#endif
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), compare_doubles);
    return v[n / 2];
}


/* ---- a long recording in memory --------------------------------------------------------------- */

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
        if (b->data == NULL)
            abort();
    }
    memcpy(b->data + b->size, data, size);
    b->size += size;
}

static void put_id(buffer_t *b, uint32_t id)
{
    uint8_t bytes[4];
    int n = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    for (int i = 0; i < n; i++)
        bytes[i] = (uint8_t)(id >> (8 * (n - 1 - i)));
    put(b, bytes, (size_t)n);
}

static void put_size(buffer_t *b, uint64_t size) /* always 8 bytes */
{
    uint8_t bytes[8];
    bytes[0] = 0x01;
    for (int i = 1; i < 8; i++)
        bytes[i] = (uint8_t)(size >> (8 * (7 - i)));
    put(b, bytes, 8);
}

static void put_element(buffer_t *b, uint32_t id, const void *payload, size_t size)
{
    put_id(b, id);
    put_size(b, size);
    put(b, payload, size);
}

static void put_uint(buffer_t *b, uint32_t id, uint64_t value)
{
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(value >> (8 * (7 - i)));
    put_element(b, id, bytes, 8);
}

static void put_string(buffer_t *b, uint32_t id, const char *text)
{
    put_element(b, id, text, strlen(text));
}

/* A master element built in its own buffer. */
static void put_master(buffer_t *b, uint32_t id, const buffer_t *content)
{
    put_element(b, id, content->data, content->size);
}

static void put_video_track(buffer_t *tracks, uint64_t number, const char *name, int width, int height, int bits,
                            const char *fourcc)
{
    buffer_t entry = { 0 }, video = { 0 };
    uint8_t header[40] = { 40 };
    header[4] = (uint8_t)width;
    header[5] = (uint8_t)(width >> 8);
    header[8] = (uint8_t)height;
    header[9] = (uint8_t)(height >> 8);
    header[12] = 1;
    header[14] = (uint8_t)bits;
    memcpy(header + 16, fourcc, 4);
    put_uint(&entry, 0xD7, number);
    put_uint(&entry, 0x73C5, 1000 + number);
    put_uint(&entry, 0x83, 1);
    put_string(&entry, 0x86, "V_MS/VFW/FOURCC");
    put_string(&entry, 0x536E, name);
    put_element(&entry, 0x63A2, header, sizeof(header));
    put_uint(&entry, 0x23E383, 33333333);
    put_uint(&video, 0xB0, (uint64_t)width);
    put_uint(&video, 0xBA, (uint64_t)height);
    put_master(&entry, 0xE0, &video);
    put_master(tracks, 0xAE, &entry);
    free(entry.data);
    free(video.data);
}

static void put_tag(buffer_t *tags, const char *name, const char *value)
{
    buffer_t tag = { 0 }, simple = { 0 };
    put_element(&tag, 0x63C0, NULL, 0);
    put_string(&simple, 0x45A3, name);
    put_string(&simple, 0x4487, value);
    put_master(&tag, 0x67C8, &simple);
    put_master(tags, 0x7373, &tag);
    free(tag.data);
    free(simple.data);
}

/* captures copies of the frames, 30 per second. */
static buffer_t long_recording(const uint8_t *color, size_t color_size, const uint8_t *depth, const uint8_t *ir,
                               int captures)
{
    buffer_t file = { 0 }, header = { 0 }, info = { 0 }, tracks = { 0 }, tags = { 0 };
    put_string(&header, 0x4282, "matroska");
    put_uint(&header, 0x4287, 2);
    put_uint(&header, 0x4285, 2);
    put_master(&file, 0x1A45DFA3, &header);
    put_id(&file, 0x18538067);
    put(&file, "\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8); /* unknown size */
    put_uint(&info, 0x2AD7B1, 1000);
    put_master(&file, 0x1549A966, &info);
    put_video_track(&tracks, 1, "COLOR", 1280, 720, 24, "MJPG");
    put_video_track(&tracks, 2, "DEPTH", 640, 576, 16, "b16g");
    put_video_track(&tracks, 3, "IR", 640, 576, 16, "b16g");
    put_master(&file, 0x1654AE6B, &tracks);
    put_tag(&tags, "K4A_COLOR_MODE", "MJPG_720P");
    put_tag(&tags, "K4A_DEPTH_MODE", "NFOV_UNBINNED");
    put_tag(&tags, "K4A_START_OFFSET_NS", "1000000");
    put_master(&file, 0x1254C367, &tags);
    for (int k = 0; k < captures; k++)
    {
        buffer_t cluster = { 0 };
        put_uint(&cluster, 0xE7, (uint64_t)k * 33333u);
        const uint8_t *frames[3] = { color, depth, ir };
        size_t sizes[3] = { color_size, 640 * 576 * 2, 640 * 576 * 2 };
        for (int t = 0; t < 3; t++)
        {
            uint8_t block_header[4] = { (uint8_t)(0x81 + t), 0, 0, 0x80 };
            put_id(&cluster, 0xA3);
            put_size(&cluster, sizeof(block_header) + sizes[t]);
            put(&cluster, block_header, sizeof(block_header));
            put(&cluster, frames[t], sizes[t]);
        }
        put_master(&file, 0x1F43B675, &cluster);
        free(cluster.data);
    }
    free(header.data);
    free(info.data);
    free(tracks.data);
    free(tags.data);
    return file;
}

/* ---- measurements ----------------------------------------------------------------------------- */

static void bench_open_close(const char *path)
{
    double t[200];
    for (int i = 0; i < 200; i++)
    {
        k4a_playback_t p;
        double t0 = now();
        if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
            exit(1);
        k4a_playback_close(p);
        t[i] = now() - t0;
    }
    printf("open+close                      %8.3f ms (median of 200)\n", median(t, 200) * 1e3);
}

static void bench_seek_next(const char *path, bool convert)
{
    k4a_playback_t p;
    double t[100];
    if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
        exit(1);
    if (convert)
        k4a_playback_set_color_conversion(p, K4A_IMAGE_FORMAT_COLOR_BGRA32);
    for (int i = 0; i < 100; i++)
    {
        k4a_capture_t c;
        double t0 = now();
        k4a_playback_seek_timestamp(p, 0, K4A_PLAYBACK_SEEK_BEGIN);
        if (k4a_playback_get_next_capture(p, &c) != K4A_STREAM_RESULT_SUCCEEDED)
            exit(1);
        k4a_capture_release(c);
        t[i] = now() - t0;
    }
    k4a_playback_close(p);
    printf("seek+next %-21s %8.3f ms (median of 100)\n", convert ? "BGRA32" : "raw", median(t, 100) * 1e3);
}

/* Takes the next capture (there must be one) and releases it; *height: its colour image's, if any. */
static void take_next(k4a_playback_t p, int *height)
{
    k4a_capture_t c;
    if (k4a_playback_get_next_capture(p, &c) != K4A_STREAM_RESULT_SUCCEEDED)
        exit(1);
    k4a_image_t color = k4a_capture_get_color_image(c);
    if (color != NULL)
    {
        *height = k4a_image_get_height_pixels(color);
        k4a_image_release(color);
    }
    k4a_capture_release(c);
}

/* Open, first seek to a time inside the recording, first capture, close; each step timed. */
static void bench_fresh_seek(const char *path, bool convert)
{
    enum
    {
        RUNS = 20
    };
    double open_t[RUNS], seek_t[RUNS], next_t[RUNS], close_t[RUNS], total_t[RUNS];
    uint64_t length_usec;
    k4a_playback_t p;
    if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
        exit(1);
    length_usec = k4a_playback_get_recording_length_usec(p);
    k4a_playback_close(p);
    double cpu0 = cpu_seconds();
    uint64_t rows0 = jpeg_rows;
    int height = 720;
    for (int i = 0; i < RUNS; i++)
    {
        /* times spread over the recording (not at its start, where a fresh playback already is) */
        int64_t target = (int64_t)(length_usec * (uint64_t)(2 * i + 1) / (2 * RUNS));
        double t0 = now();
        if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
            exit(1);
        if (convert)
            k4a_playback_set_color_conversion(p, K4A_IMAGE_FORMAT_COLOR_BGRA32);
        double t1 = now();
        if (k4a_playback_seek_timestamp(p, target, K4A_PLAYBACK_SEEK_BEGIN) != K4A_RESULT_SUCCEEDED)
            exit(1);
        double t2 = now();
        take_next(p, &height);
        double t3 = now();
        k4a_playback_close(p);
        double t4 = now();
        open_t[i] = t1 - t0;
        seek_t[i] = t2 - t1;
        next_t[i] = t3 - t2;
        close_t[i] = t4 - t3;
        total_t[i] = t4 - t0;
    }
    double cpu = (cpu_seconds() - cpu0) / RUNS;
    printf("fresh seek %-6s open %7.3f  seek %7.3f  next %7.3f  close %7.3f  all %7.3f ms (medians of %d), "
           "%.3f ms CPU, %.2f colour frames decoded each\n",
           convert ? "BGRA32" : "raw", median(open_t, RUNS) * 1e3, median(seek_t, RUNS) * 1e3,
           median(next_t, RUNS) * 1e3, median(close_t, RUNS) * 1e3, median(total_t, RUNS) * 1e3, RUNS, cpu * 1e3,
           (double)(jpeg_rows - rows0) / height / RUNS);
}

/* The device time of the colour image of the capture after count captures from a seek to time (-1 when
 * there is none). */
static int64_t colour_time_after(const char *path, int64_t time, int count)
{
    k4a_playback_t p;
    k4a_capture_t c;
    int64_t found = -1;
    if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
        exit(1);
    k4a_playback_seek_timestamp(p, time, K4A_PLAYBACK_SEEK_BEGIN);
    for (int k = 0; k <= count && k4a_playback_get_next_capture(p, &c) == K4A_STREAM_RESULT_SUCCEEDED; k++)
    {
        k4a_image_t color = k4a_capture_get_color_image(c);
        if (color != NULL && k == count)
            found = (int64_t)k4a_image_get_device_timestamp_usec(color);
        if (color != NULL)
            k4a_image_release(color);
        k4a_capture_release(c);
    }
    k4a_playback_close(p);
    return found;
}

/* Partitions read as the Spark data source reads them: the colour frames decoded against those used;
 * bounded: with the decoding ahead ending at the next capture's colour frame. */
static void bench_partitions(const char *path, bool bounded)
{
    enum
    {
        PARTITIONS = 10,
        CAPTURES = 75
    };
    k4a_playback_t p;
    k4a_record_configuration_t config;
    if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED ||
        k4a_playback_get_record_configuration(p, &config) != K4A_RESULT_SUCCEEDED)
        exit(1);
    uint64_t length_usec = k4a_playback_get_recording_length_usec(p);
    k4a_playback_close(p);
    int64_t ends[PARTITIONS];
    for (int i = 0; i < PARTITIONS; i++)
        ends[i] = bounded ? colour_time_after(path, (int64_t)(length_usec * (uint64_t)i / (2 * PARTITIONS)), CAPTURES)
                          : INT64_MAX;
    int height = 0;
    uint64_t rows0 = jpeg_rows;
    double t0 = now(), cpu0 = cpu_seconds();
    for (int i = 0; i < PARTITIONS; i++)
    {
        k4a_capture_t c;
        if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED)
            exit(1);
        if (ends[i] >= 0)
            k4a4j_internal_playback_set_decode_end(p, ends[i]);
        k4a_playback_set_color_conversion(p, K4A_IMAGE_FORMAT_COLOR_BGRA32);
        k4a_playback_seek_timestamp(p, (int64_t)(length_usec * (uint64_t)i / (2 * PARTITIONS)), K4A_PLAYBACK_SEEK_BEGIN);
        for (int k = 0; k < CAPTURES; k++)
        {
            take_next(p, &height);
        }
        /* the range's last capture: conversion off, the one after it read as stored */
        k4a_playback_set_color_conversion(p, config.color_format);
        if (k4a_playback_get_next_capture(p, &c) == K4A_STREAM_RESULT_SUCCEEDED)
            k4a_capture_release(c);
        k4a_playback_close(p);
    }
    double wall = (now() - t0) / PARTITIONS, cpu = (cpu_seconds() - cpu0) / PARTITIONS;
    double frames = height > 0 ? (double)(jpeg_rows - rows0) / height / PARTITIONS : 0;
    printf("partition of %d captures (BGRA32)%s: %.2f colour frames decoded (%.2f past its end), %.1f ms, "
           "%.1f ms CPU (means of %d)\n",
           CAPTURES, bounded ? ", decode end" : "", frames, frames - CAPTURES, wall * 1e3, cpu * 1e3, PARTITIONS);
}

/* The caller's work on a capture: reads every byte of the colour image. */
static uint64_t touch(k4a_capture_t c)
{
    uint64_t sum = 0;
    k4a_image_t color = k4a_capture_get_color_image(c);
    if (color != NULL)
    {
        const uint64_t *p = (const uint64_t *)k4a_image_get_buffer(color);
        size_t n = k4a_image_get_size(color) / 8;
        for (size_t i = 0; i < n; i++)
            sum += p[i];
        k4a_image_release(color);
    }
    return sum;
}

/* threads NULL: the library's default (one worker per core, at most 4) */
static double forward_pass(const buffer_t *file, const char *threads, bool convert, bool work, int *count)
{
    if (threads != NULL)
        setenv("K4A4J_PLAYBACK_DECODE_THREADS", threads, 1);
    else
        unsetenv("K4A4J_PLAYBACK_DECODE_THREADS");
    k4a_playback_t p;
    k4a4j_io_t *io = k4a4j_io_open_memory(file->data, file->size, false);
    if (k4a4j_playback_open_io(io, "long recording", &p) != K4A_RESULT_SUCCEEDED)
        exit(1);
    if (convert)
        k4a_playback_set_color_conversion(p, K4A_IMAGE_FORMAT_COLOR_BGRA32);
    k4a_capture_t c;
    volatile uint64_t sink = 0;
    *count = 0;
    double t0 = now();
    while (k4a_playback_get_next_capture(p, &c) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        if (work)
            sink += touch(c);
        k4a_capture_release(c);
        (*count)++;
    }
    double t = now() - t0;
    k4a_playback_close(p);
    (void)sink;
    return t;
}

static void bench_forward(const buffer_t *file)
{
    static const struct
    {
        const char *label;
        const char *threads;
        bool convert, work;
    } runs[] = {
        { "raw", "0", false, false },
        { "BGRA32, synchronous", "0", true, false },
        { "BGRA32, decode ahead", NULL, true, false },
        { "BGRA32, sync, caller reads", "0", true, true },
        { "BGRA32, ahead, caller reads", NULL, true, true },
    };
    double per_capture[5];
    for (int r = 0; r < 5; r++)
    {
        double t[5];
        int count = 0;
        long faults = page_faults();
        for (int i = 0; i < 5; i++)
            t[i] = forward_pass(file, runs[r].threads, runs[r].convert, runs[r].work, &count);
        faults = page_faults() - faults;
        per_capture[r] = median(t, 5) / count;
        printf("forward pass %-28s %7.3f ms/capture, %6.1f captures/s, %5.0f page faults/capture (%d captures, "
               "median of 5)\n",
               runs[r].label, per_capture[r] * 1e3, 1.0 / per_capture[r], (double)faults / (5.0 * count), count);
    }
    printf("decode ahead vs synchronous: %.2fx (caller idle), %.2fx (caller reads the colour image)\n",
           per_capture[1] / per_capture[2], per_capture[3] / per_capture[4]);
}

/* The pipeline: decode-ahead playback and depth -> colour of every capture, with the transformation
 * pool's workers watching for the next job for watch_usec (a string, as the variable takes it).
 * Returns wall seconds; *cpu: the process's CPU seconds over the pass. */
static double pipeline_pass(const buffer_t *file, const k4a_calibration_t *calibration, const char *watch_usec,
                            int *count, double *cpu)
{
    unsetenv("K4A4J_PLAYBACK_DECODE_THREADS");
    setenv("K4A4J_TRANSFORMATION_WATCH_USEC", watch_usec, 1);
    k4a_transformation_t t = k4a_transformation_create(calibration);
    k4a_image_t aligned = NULL;
    if (t == NULL ||
        k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, calibration->color_camera_calibration.resolution_width,
                         calibration->color_camera_calibration.resolution_height, 0, &aligned) != K4A_RESULT_SUCCEEDED)
        exit(1);
    k4a_playback_t p;
    k4a4j_io_t *io = k4a4j_io_open_memory(file->data, file->size, false);
    if (k4a4j_playback_open_io(io, "long recording", &p) != K4A_RESULT_SUCCEEDED)
        exit(1);
    k4a_playback_set_color_conversion(p, K4A_IMAGE_FORMAT_COLOR_BGRA32);
    k4a_capture_t c;
    *count = 0;
    double c0 = cpu_seconds(), t0 = now();
    while (k4a_playback_get_next_capture(p, &c) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        k4a_image_t depth = k4a_capture_get_depth_image(c);
        if (depth == NULL || k4a_transformation_depth_image_to_color_camera(t, depth, aligned) != K4A_RESULT_SUCCEEDED)
            exit(1);
        k4a_image_release(depth);
        k4a_capture_release(c);
        (*count)++;
    }
    double wall = now() - t0;
    *cpu = cpu_seconds() - c0;
    k4a_playback_close(p);
    k4a_image_release(aligned);
    k4a_transformation_destroy(t);
    unsetenv("K4A4J_TRANSFORMATION_WATCH_USEC");
    return wall;
}

static void bench_pipeline(const buffer_t *file, const k4a_calibration_t *calibration)
{
    static const char *watch[] = { "300", "30", "0" };
    enum
    {
        SETTINGS = sizeof(watch) / sizeof(watch[0]),
        PASSES = 5
    };
    double wall[SETTINGS][PASSES], cpu[SETTINGS][PASSES];
    int count = 0;
    /* the settings interleaved, pass by pass, so that a change of the machine's load hits all alike */
    for (int i = 0; i < PASSES; i++)
        for (int s = 0; s < SETTINGS; s++)
            wall[s][i] = pipeline_pass(file, calibration, watch[s], &count, &cpu[s][i]);
    for (int s = 0; s < SETTINGS; s++)
    {
        double w = median(wall[s], PASSES) / count, u = median(cpu[s], PASSES) / count;
        printf("pipeline, workers watch %3s us  %7.3f ms/capture, %6.1f captures/s, %6.3f ms CPU/capture (%d "
               "captures, median of %d)\n",
               watch[s], w * 1e3, 1.0 / w, u * 1e3, count, PASSES);
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : K4A4J_TESTDATA "/playback/pyk4a_recording.mkv";
    int captures = argc > 2 ? atoi(argv[2]) : 150;
    setenv("K4A_ENABLE_LOG_TO_STDOUT", "0", 0);
#if defined(__GLIBC__)
    /* PLAYBACK_BENCH_KEEP_MEMORY=1: glibc keeps freed memory for reuse instead of giving it back
     * to the system, so that frames land in memory touched before (first touches cost tens of
     * microseconds per page in some virtual machines) */
    const char *keep = getenv("PLAYBACK_BENCH_KEEP_MEMORY");
    if (keep != NULL && strcmp(keep, "1") == 0)
    {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
        printf("(glibc keeps freed memory: M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 512 MiB)\n");
    }
#endif
    /* PLAYBACK_BENCH_ONLY=pipeline: the pipeline only */
    const char *only = getenv("PLAYBACK_BENCH_ONLY");
    bool pipeline_only = only != NULL && strcmp(only, "pipeline") == 0;
    if (only != NULL && strcmp(only, "fresh-seek") == 0)
    {
        bench_fresh_seek(path, false);
        bench_fresh_seek(path, true);
        bench_partitions(path, false);
        bench_partitions(path, true);
        return 0;
    }
    if (!pipeline_only)
    {
        bench_open_close(path);
        bench_seek_next(path, false);
        bench_seek_next(path, true);
    }

    /* the real recording's frames, for the long one */
    k4a_playback_t p;
    k4a_capture_t c;
    k4a_calibration_t calibration;
    if (k4a_playback_open(path, &p) != K4A_RESULT_SUCCEEDED ||
        k4a_playback_get_calibration(p, &calibration) != K4A_RESULT_SUCCEEDED ||
        k4a_playback_get_next_capture(p, &c) != K4A_STREAM_RESULT_SUCCEEDED)
        return 1;
    k4a_image_t color = k4a_capture_get_color_image(c), depth = k4a_capture_get_depth_image(c),
                ir = k4a_capture_get_ir_image(c);
    if (color == NULL || depth == NULL || ir == NULL || k4a_image_get_size(depth) != 640 * 576 * 2)
        return 1;
    buffer_t file = long_recording(k4a_image_get_buffer(color), k4a_image_get_size(color), k4a_image_get_buffer(depth),
                                   k4a_image_get_buffer(ir), captures);
    k4a_image_release(color);
    k4a_image_release(depth);
    k4a_image_release(ir);
    k4a_capture_release(c);
    k4a_playback_close(p);
    if (!pipeline_only)
        bench_forward(&file);
    bench_pipeline(&file, &calibration);
    free(file.data);
    return 0;
}
