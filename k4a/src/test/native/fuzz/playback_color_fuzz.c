/*
 * libFuzzer target: playback with colour conversion on, over colour frames of arbitrary bytes.
 * The fuzzer's input is not the file but what matters to the decoders: the stored colour format
 * (MJPG, NV12, YUY2, BGRA), the frame size (even, 2..128 pixels), the target format, the number of
 * decode threads (0: on the caller's thread; 1..3: the decode-ahead pool and split JPEG decoding)
 * and the frames themselves. A well-formed recording around them (COLOR and DEPTH tracks, one
 * cluster per capture) is written here in memory with the library's EBML writer.
 *
 * What must hold: a colour frame that cannot be converted (corrupt JPEG; NV12, YUY2 or BGRA frame
 * of the wrong size, which must fail and only then) fails that one capture with
 * K4A_STREAM_RESULT_FAILED and a logged message, and reading goes on after a seek past it; every
 * other capture is delivered with its depth image intact; a converted image has the target
 * format, the track's size and its full buffer. Nothing crashes, leaks, races or hangs.
 *
 * Input: byte 0 bits 0-1 stored format, bits 2-3 target (BGRA32, NV12, YUY2, BGRA32), bits 4-5
 * decode threads, bit 6 also read backwards; byte 1 width / 2 - 1 (mod 64); byte 2 height / 2 - 1
 * (mod 64); then up to 6 frames, each a 16-bit little-endian length and that many bytes.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "fuzz_common.h"
#include "k4arecord/ebml_writer.h"
#include "k4arecord/io.h"
#include "k4arecord/matroska_ids.h"
#include "k4arecord/playback_internal.h"

#include <k4arecord/playback.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 6
#define DEPTH_SIDE 4
#define FRAME_USEC 33333

static int g_errors; /* messages of level ERROR logged */

static void count_errors(void *context, k4a_log_level_t level, const char *file, const int line, const char *message)
{
    (void)context, (void)file, (void)line, (void)message;
    if (level <= K4A_LOG_LEVEL_ERROR)
        g_errors++;
}

static void video_track(ebml_buffer_t *b, unsigned number, const char *name, const char fourcc[4], int width,
                        int height, int bits)
{
    uint8_t header[40] = { 0 };
    ebml_store_le32(header, 40);
    ebml_store_le32(header + 4, (uint32_t)width);
    ebml_store_le32(header + 8, (uint32_t)height);
    header[12] = 1;
    header[14] = (uint8_t)bits;
    memcpy(header + 16, fourcc, 4);
    ebml_store_le32(header + 20, (uint32_t)(width * height * bits / 8));
    size_t entry = ebml_master_open(b, MKV_ID_TRACK_ENTRY);
    ebml_put_uint(b, MKV_ID_TRACK_NUMBER, number);
    ebml_put_uint(b, MKV_ID_TRACK_UID, 100 + number);
    ebml_put_uint(b, MKV_ID_TRACK_TYPE, MKV_TRACK_TYPE_VIDEO);
    ebml_put_string(b, MKV_ID_CODEC_ID, "V_MS/VFW/FOURCC");
    ebml_put_string(b, MKV_ID_NAME, name);
    ebml_put_binary(b, MKV_ID_CODEC_PRIVATE, header, sizeof(header));
    ebml_put_uint(b, MKV_ID_DEFAULT_DURATION, FRAME_USEC * 1000u);
    size_t video = ebml_master_open(b, MKV_ID_VIDEO);
    ebml_put_uint(b, MKV_ID_PIXEL_WIDTH, (uint64_t)width);
    ebml_put_uint(b, MKV_ID_PIXEL_HEIGHT, (uint64_t)height);
    ebml_master_close(b, video);
    ebml_master_close(b, entry);
}

static void simple_block(ebml_buffer_t *b, unsigned track, const uint8_t *frame, size_t size)
{
    uint8_t head[4] = { (uint8_t)(0x80 | track), 0, 0, 0x80 }; /* track, relative time 0, keyframe */
    ebml_put_head(b, MKV_ID_SIMPLE_BLOCK, sizeof(head) + size);
    ebml_put_bytes(b, head, sizeof(head));
    ebml_put_bytes(b, frame, size);
}

/* The recording: EBML header, then a Segment of Info, Tracks and one Cluster per frame. */
static void write_recording(ebml_buffer_t *b, const char fourcc[4], int bits, int width, int height,
                            const uint8_t *const *frames, const size_t *sizes, int count)
{
    static const char *const names[] = { "COLOR", "DEPTH" };
    uint8_t depth[DEPTH_SIDE * DEPTH_SIDE * 2];
    for (size_t i = 0; i < sizeof(depth); i++)
        depth[i] = (uint8_t)(i * 11);
    size_t head = ebml_master_open(b, MKV_ID_EBML);
    ebml_put_uint(b, MKV_ID_EBML_VERSION, 1);
    ebml_put_uint(b, MKV_ID_EBML_READ_VERSION, 1);
    ebml_put_uint(b, MKV_ID_EBML_MAX_ID_LENGTH, 4);
    ebml_put_uint(b, MKV_ID_EBML_MAX_SIZE_LENGTH, 8);
    ebml_put_string(b, MKV_ID_DOC_TYPE, "matroska");
    ebml_put_uint(b, MKV_ID_DOC_TYPE_VERSION, 2);
    ebml_put_uint(b, MKV_ID_DOC_TYPE_READ_VERSION, 2);
    ebml_master_close(b, head);
    size_t segment = ebml_master_open(b, MKV_ID_SEGMENT);
    size_t info = ebml_master_open(b, MKV_ID_INFO);
    ebml_put_uint(b, MKV_ID_TIMESTAMP_SCALE, 1000);
    ebml_put_string(b, MKV_ID_WRITING_APP, "k4a4j playback_color_fuzz");
    ebml_master_close(b, info);
    size_t tracks = ebml_master_open(b, MKV_ID_TRACKS);
    video_track(b, 1, names[0], fourcc, width, height, bits);
    video_track(b, 2, names[1], "b16g", DEPTH_SIDE, DEPTH_SIDE, 16);
    ebml_master_close(b, tracks);
    for (int k = 0; k < count; k++)
    {
        size_t cluster = ebml_master_open(b, MKV_ID_CLUSTER);
        ebml_put_uint(b, MKV_ID_CLUSTER_TIMESTAMP, (uint64_t)k * FRAME_USEC);
        if (sizes[k] > 0)
            simple_block(b, 1, frames[k], sizes[k]);
        simple_block(b, 2, depth, sizeof(depth));
        ebml_master_close(b, cluster);
    }
    ebml_master_close(b, segment);
}

/* Checks one delivered capture: its depth image intact, its colour image absent or complete. */
static void check_capture(k4a_capture_t capture, k4a_image_format_t target, int width, int height)
{
    k4a_image_t depth = k4a_capture_get_depth_image(capture);
    if (depth == NULL || k4a_image_get_width_pixels(depth) != DEPTH_SIDE ||
        k4a_image_get_buffer(depth)[5] != (uint8_t)(4 * 11)) /* stored big-endian, delivered little-endian */
        abort();
    k4a_image_release(depth);
    k4a_image_t color = k4a_capture_get_color_image(capture);
    if (color == NULL)
        return;
    size_t needed = (size_t)width * (size_t)height * (target == K4A_IMAGE_FORMAT_COLOR_BGRA32 ? 4 : 2);
    if (target == K4A_IMAGE_FORMAT_COLOR_NV12)
        needed = (size_t)width * (size_t)height * 3 / 2;
    if (k4a_image_get_format(color) != target || k4a_image_get_width_pixels(color) != width ||
        k4a_image_get_height_pixels(color) != height || k4a_image_get_size(color) < needed)
        abort();
    const volatile uint8_t *pixels = k4a_image_get_buffer(color);
    uint8_t sum = 0;
    for (size_t i = 0; i < needed; i++) /* all of it readable (AddressSanitizer) and written (MSan-free check) */
        sum = (uint8_t)(sum + pixels[i]);
    (void)sum;
    k4a_image_release(color);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_log_to(count_errors);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const fourccs[] = { "MJPG", "NV12", "YUY2", "BGRA" };
    static const int bits[] = { 24, 12, 16, 32 };
    static const k4a_image_format_t targets[] = { K4A_IMAGE_FORMAT_COLOR_BGRA32, K4A_IMAGE_FORMAT_COLOR_NV12,
                                                  K4A_IMAGE_FORMAT_COLOR_YUY2, K4A_IMAGE_FORMAT_COLOR_BGRA32 };
    if (size < 3)
        return 0;
    int stored = data[0] & 3;
    k4a_image_format_t target = targets[(data[0] >> 2) & 3];
    char threads[2] = { (char)('0' + ((data[0] >> 4) & 3)), 0 };
    bool backwards = (data[0] & 0x40) != 0;
    int width = 2 * (data[1] % 64 + 1), height = 2 * (data[2] % 64 + 1);
    const uint8_t *frames[MAX_FRAMES];
    size_t sizes[MAX_FRAMES];
    int count = 0;
    size_t at = 3;
    while (count < MAX_FRAMES && at + 2 <= size)
    {
        size_t n = (size_t)data[at] | (size_t)data[at + 1] << 8;
        at += 2;
        if (n > size - at)
            n = size - at;
        frames[count] = data + at;
        sizes[count++] = n;
        at += n;
    }
    if (count == 0)
        return 0;

    ebml_buffer_t file;
    ebml_buffer_init(&file);
    write_recording(&file, fourccs[stored], bits[stored], width, height, frames, sizes, count);
    if (file.failed)
        abort();
    /* read when the recording is opened; no other thread runs between inputs */
    setenv("K4A4J_PLAYBACK_DECODE_THREADS", threads, 1);
    k4a_playback_t playback = NULL;
    if (k4a4j_playback_open_io(k4a4j_io_open_memory(file.data, file.size, false), "fuzz input", &playback) !=
        K4A_RESULT_SUCCEEDED)
        abort(); /* the file is well formed whatever the frames hold */
    k4a_result_t converted = k4a_playback_set_color_conversion(playback, target);
    if (converted != K4A_RESULT_SUCCEEDED && (stored == 3 || target == K4A_IMAGE_FORMAT_COLOR_BGRA32))
        abort(); /* every stored format converts to BGRA32 */
    k4a_image_format_t delivered = converted == K4A_RESULT_SUCCEEDED ? target : (k4a_image_format_t)-1;
    /* a converted frame of a fixed-size format fails exactly when its size is wrong */
    static const size_t numerator[] = { 0, 3, 4, 8 }; /* bytes per pixel x 2 */
    static const k4a_image_format_t stored_formats[] = { K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_IMAGE_FORMAT_COLOR_NV12,
                                                         K4A_IMAGE_FORMAT_COLOR_YUY2, K4A_IMAGE_FORMAT_COLOR_BGRA32 };
    bool strict = delivered != (k4a_image_format_t)-1 && stored != 0 && delivered != stored_formats[stored];
    k4a_capture_t capture;
    for (int k = 0; k < count; k++)
    {
        int errors = g_errors;
        k4a_stream_result_t r = k4a_playback_get_next_capture(playback, &capture);
        bool bad = sizes[k] > 0 && sizes[k] != (size_t)width * (size_t)height * numerator[stored] / 2;
        if (strict && (r == K4A_STREAM_RESULT_FAILED) != bad)
            abort();
        if (r == K4A_STREAM_RESULT_SUCCEEDED)
        {
            if (delivered != (k4a_image_format_t)-1)
                check_capture(capture, delivered, width, height);
            k4a_capture_release(capture);
        }
        else if (r == K4A_STREAM_RESULT_FAILED && g_errors > errors)
        {
            /* that capture failed with a message; the reader goes on past it */
            if (k4a_playback_seek_timestamp(playback, (int64_t)(k + 1) * FRAME_USEC, K4A_PLAYBACK_SEEK_BEGIN) !=
                K4A_RESULT_SUCCEEDED)
                abort();
        }
        else
            abort(); /* early end of the stream, or a failure without a message */
    }
    if (k4a_playback_get_next_capture(playback, &capture) != K4A_STREAM_RESULT_EOF)
        abort();
    if (backwards)
    {
        k4a_stream_result_t r;
        for (int n = 0;
             n < count && (r = k4a_playback_get_previous_capture(playback, &capture)) != K4A_STREAM_RESULT_EOF; n++)
            if (r == K4A_STREAM_RESULT_SUCCEEDED)
            {
                if (delivered != (k4a_image_format_t)-1)
                    check_capture(capture, delivered, width, height);
                k4a_capture_release(capture);
            }
        k4a_playback_seek_timestamp(playback, (int64_t)(count / 2) * FRAME_USEC, K4A_PLAYBACK_SEEK_BEGIN);
        if (k4a_playback_get_next_capture(playback, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
            k4a_capture_release(capture);
    }
    k4a_playback_close(playback);
    ebml_buffer_free(&file);
    return 0;
}
