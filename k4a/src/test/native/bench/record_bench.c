/*
 * Write throughput of the record API: NFOV unbinned depth + IR (640x576) and 720p MJPG colour
 * (synthetic JPEGs of 90-150 KB) at 30 fps device time, plus IMU samples at 1.6 kHz, written as
 * fast as the library takes them. Prints MB/s, captures/s, how many times faster than real time,
 * and the peak resident memory (getrusage ru_maxrss).
 *
 * Usage: record_bench [--seconds S] [--flush-every N] [--no-imu] [--keep] [path]
 *   S: seconds of recording (device time, default 20: 600 captures, about 950 MB)
 *   N: call k4a_record_flush every N captures (default 0: never; close syncs)
 *   path: the file to write (default /tmp/k4a4j_record_bench.mkv, deleted afterwards)
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../tests/record_jpeg.h"

#include <k4a/k4a.h>
#include <k4arecord/record.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define POOL 30

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void free_buffer(void *buffer, void *context)
{
    (void)context;
    free(buffer);
}

int main(int argc, char **argv)
{
    double seconds = 20;
    int flush_every = 0;
    int imu = 1, keep = 0;
    const char *path = "/tmp/k4a4j_record_bench.mkv";
    for (int i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--flush-every") == 0 && i + 1 < argc)
            flush_every = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-imu") == 0)
            imu = 0;
        else if (strcmp(argv[i], "--keep") == 0)
            keep = 1;
        else if (argv[i][0] != '-')
            path = argv[i];
        else
        {
            fprintf(stderr, "usage: %s [--seconds S] [--flush-every N] [--no-imu] [--keep] [path]\n", argv[0]);
            return 2;
        }
    }

    /* A pool of distinct frames, made before timing. */
    k4a_image_t color[POOL], depth[POOL], ir[POOL];
    for (int n = 0; n < POOL; n++)
    {
        size_t capacity = 200000;
        uint8_t *jpeg = malloc(capacity);
        size_t size = record_jpeg_make(jpeg, capacity, 1280, 720, (uint32_t)n, 90000 + (size_t)n * 2000);
        if (size == 0 ||
            k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_MJPG, 1280, 720, 0, jpeg, size, free_buffer, NULL,
                                         &color[n]) != K4A_RESULT_SUCCEEDED ||
            k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 1280, &depth[n]) != K4A_RESULT_SUCCEEDED ||
            k4a_image_create(K4A_IMAGE_FORMAT_IR16, 640, 576, 1280, &ir[n]) != K4A_RESULT_SUCCEEDED)
        {
            fprintf(stderr, "cannot make the frames\n");
            return 1;
        }
        uint16_t *d = (uint16_t *)(void *)k4a_image_get_buffer(depth[n]);
        uint16_t *r = (uint16_t *)(void *)k4a_image_get_buffer(ir[n]);
        for (int i = 0; i < 640 * 576; i++)
        {
            d[i] = (uint16_t)(500 + (i % 640) * 3 + n * 11);
            r[i] = (uint16_t)((i / 640) * 7 + n);
        }
    }

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double baseline_mb = (double)usage.ru_maxrss / 1024.0; /* the frame pool and the libraries */

    k4a_device_configuration_t config = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    config.color_format = K4A_IMAGE_FORMAT_COLOR_MJPG;
    config.color_resolution = K4A_COLOR_RESOLUTION_720P;
    config.depth_mode = K4A_DEPTH_MODE_NFOV_UNBINNED;
    config.camera_fps = K4A_FRAMES_PER_SECOND_30;
    k4a_record_t recording = NULL;
    if (k4a_record_create(path, NULL, config, &recording) != K4A_RESULT_SUCCEEDED ||
        (imu && k4a_record_add_imu_track(recording) != K4A_RESULT_SUCCEEDED) ||
        k4a_record_write_header(recording) != K4A_RESULT_SUCCEEDED)
    {
        fprintf(stderr, "cannot start the recording %s\n", path);
        return 1;
    }

    int captures = (int)(seconds * 30);
    double payload = 0, color_bytes = 0;
    uint64_t imu_time = 1000000;
    double start = now();
    for (int f = 0; f < captures; f++)
    {
        uint64_t ts = 1000000 + (uint64_t)f * 1000000 / 30;
        int n = f % POOL;
        k4a_capture_t capture = NULL;
        k4a_capture_create(&capture);
        k4a_image_set_device_timestamp_usec(color[n], ts);
        k4a_image_set_device_timestamp_usec(depth[n], ts);
        k4a_image_set_device_timestamp_usec(ir[n], ts);
        k4a_capture_set_color_image(capture, color[n]);
        k4a_capture_set_depth_image(capture, depth[n]);
        k4a_capture_set_ir_image(capture, ir[n]);
        if (k4a_record_write_capture(recording, capture) != K4A_RESULT_SUCCEEDED)
        {
            fprintf(stderr, "write failed at capture %d\n", f);
            return 1;
        }
        payload += (double)(k4a_image_get_size(color[n]) + k4a_image_get_size(depth[n]) + k4a_image_get_size(ir[n]));
        color_bytes += (double)k4a_image_get_size(color[n]);
        k4a_capture_release(capture);
        for (; imu && imu_time < ts + 1000000 / 30; imu_time += 625) /* 1.6 kHz */
        {
            k4a_imu_sample_t sample;
            memset(&sample, 0, sizeof(sample));
            sample.acc_timestamp_usec = imu_time;
            sample.gyro_timestamp_usec = imu_time + 100;
            sample.acc_sample.xyz.z = -9.81f;
            if (k4a_record_write_imu_sample(recording, sample) != K4A_RESULT_SUCCEEDED)
                return 1;
            payload += 40;
        }
        if (flush_every > 0 && (f + 1) % flush_every == 0 && k4a_record_flush(recording) != K4A_RESULT_SUCCEEDED)
            return 1;
    }
    double written = now() - start;
    k4a_record_close(recording);
    double elapsed = now() - start;

    struct stat st;
    double file_mb = stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
    getrusage(RUSAGE_SELF, &usage);
    printf("record_bench: %d captures (NFOV_UNBINNED depth+IR, MJPG 720p ~%.0f KB)%s, %.1f s of recording, flush every "
           "%d\n",
           captures, captures > 0 ? color_bytes / captures / 1e3 : 0, imu ? " + IMU 1.6 kHz" : "", seconds,
           flush_every);
    printf("  %.2f s wall: %.2f s writing, %.2f s in close (Cues, sizes, fsync); file %.1f MB\n", elapsed, written,
           elapsed - written, file_mb);
    printf("  %.1f MB/s of payload, %.1f MB/s to the file, %.1f captures/s (%.1fx real time)\n",
           payload / 1e6 / elapsed, file_mb / elapsed, captures / elapsed, seconds / elapsed);
    printf("  peak resident memory %.1f MB (%.1f MB before recording: frame pool and libraries)\n",
           (double)usage.ru_maxrss / 1024.0, baseline_mb);
    for (int n = 0; n < POOL; n++)
    {
        k4a_image_release(color[n]);
        k4a_image_release(depth[n]);
        k4a_image_release(ir[n]);
    }
    if (!keep)
        remove(path);
    return 0;
}
