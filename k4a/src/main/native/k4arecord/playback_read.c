/*
 * Reading a playback (see playback_state.h): captures, IMU samples and the data blocks of custom
 * tracks, forward and backward, and the data block handles.
 *
 * A capture's images: depth and IR are read as stored (16-bit pixels big-endian in the file, native
 * order in the image); colour as stored, or in the format asked for (playback_color.c), its
 * decoding started before the depth and IR frames are read. Image memory comes from the playback's
 * image cache (image_cache.c). A frame's device time is its time in the file plus the start
 * offset. Frames larger than DECODE_MAX_FRAME_BYTES (512 MiB) are refused.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "playback_state.h"

#include "../common/log.h"
#include "recording_format.h"

#include <k4a/k4a.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
    k4a4j_handle_header_t header;
    uint64_t device_timestamp_usec;
    size_t size;
    uint8_t *buffer;
} data_block_t;

static data_block_t *data_block_of(k4a_playback_data_block_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_DATA_BLOCK))
        return (data_block_t *)handle;
    LOG_ERROR("%s: data_block_handle %s", function,
              handle == NULL ? "is NULL" : "is not a valid k4a_playback_data_block_t");
    return NULL;
}

/* The device time, in microseconds, of a frame time. */
static uint64_t device_usec(const playback_t *p, int64_t time_ns)
{
    int64_t device_ns = saturating_add(time_ns, p->start_offset_ns);
    return device_ns <= 0 ? 0 : (uint64_t)(device_ns / 1000);
}

/* ---- images --------------------------------------------------------------------------------- */

/* An image of format holding size bytes: its memory comes through libk4a (the caller's allocator)
 * and is reused once released (image_cache.c). */
static k4a_image_t new_image(playback_t *p, k4a_image_format_t format, int width, int height, int stride, size_t size)
{
    return image_cache_image(p->images, format, width, height, stride, size);
}

static void swap16(uint8_t *buffer, size_t size)
{
    for (size_t i = 0; i + 1 < size; i += 2)
    {
        uint8_t t = buffer[i];
        buffer[i] = buffer[i + 1];
        buffer[i + 1] = t;
    }
}

/* The image of a video frame as stored (16-bit pixels in native order). */
static k4a_image_t read_raw_image(playback_t *p, const video_track_t *v, const mkv_frame_t *frame, const char **error)
{
    *error = NULL;
    int stride = v->format == K4A_IMAGE_FORMAT_COLOR_MJPG ? 0 : color_stride(v->format, v->width);
    if (v->format == K4A_IMAGE_FORMAT_DEPTH16 || v->format == K4A_IMAGE_FORMAT_IR16)
        stride = v->width * 2;
    size_t expected = v->format == K4A_IMAGE_FORMAT_COLOR_NV12 ? (size_t)stride * (size_t)v->height * 3 / 2
                                                               : (size_t)stride * (size_t)v->height;
    if (v->format == K4A_IMAGE_FORMAT_COLOR_MJPG)
    {
        if (frame->size == 0 || frame->size > DECODE_MAX_FRAME_BYTES)
        {
            *error = "the frame is empty or too large";
            return NULL;
        }
        expected = (size_t)frame->size;
    }
    else if (frame->size != expected)
    {
        *error = "the frame's size does not match the track's format and dimensions";
        return NULL;
    }
    k4a_image_t image = new_image(p, v->format, v->width, v->height, stride, expected);
    if (image == NULL)
    {
        *error = "no memory for the image";
        return NULL;
    }
    uint8_t *buffer = k4a_image_get_buffer(image);
    if (!k4a4j_io_read(p->io, frame->offset, buffer, expected))
    {
        k4a_image_release(image);
        *error = "the frame cannot be read from the file";
        return NULL;
    }
    if (v->format == K4A_IMAGE_FORMAT_DEPTH16 || v->format == K4A_IMAGE_FORMAT_IR16)
        swap16(buffer, expected); /* big-endian in the file */
    return image;
}

static k4a_stream_result_t get_capture(playback_t *p, bool forward, k4a_capture_t *capture_handle, const char *function)
{
    color_work_t color;
    color.split = false;
    mkv_frame_t frames[VIDEO_TRACKS];
    bool member[VIDEO_TRACKS];
    k4a_image_t images[VIDEO_TRACKS] = { NULL, NULL, NULL };
    k4a_capture_t capture = NULL;
    const char *error = NULL;
    mkv_result_t r = stream_step(&p->captures, forward, frames, member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    bool converting = playback_color_converting(&p->color);
    if (member[VIDEO_COLOR] && converting)
        playback_color_begin(&p->color, p->file, &frames[VIDEO_COLOR], forward, &color);
    /* depth and IR first: the colour frame converts meanwhile */
    for (int i = VIDEO_TRACKS - 1; i >= 0; i--)
    {
        if (!member[i])
            continue;
        images[i] = i == VIDEO_COLOR && converting ? playback_color_finish(&p->color, &frames[i], &color, &error)
                                                   : read_raw_image(p, &p->video[i], &frames[i], &error);
        CHECK(images[i] != NULL, "%s: cannot read the %s frame at byte %llu: %s", function,
              i == VIDEO_COLOR   ? "colour"
              : i == VIDEO_DEPTH ? "depth"
                                 : "IR",
              (unsigned long long)frames[i].offset, error);
        k4a_image_set_device_timestamp_usec(images[i], device_usec(p, frames[i].time_ns));
    }
    CHECK(k4a_capture_create(&capture) == K4A_RESULT_SUCCEEDED, "%s: cannot create a capture", function);
    if (images[VIDEO_COLOR] != NULL)
        k4a_capture_set_color_image(capture, images[VIDEO_COLOR]);
    if (images[VIDEO_DEPTH] != NULL)
        k4a_capture_set_depth_image(capture, images[VIDEO_DEPTH]);
    if (images[VIDEO_IR] != NULL)
        k4a_capture_set_ir_image(capture, images[VIDEO_IR]);
    k4a_capture_set_temperature_c(capture, NAN); /* recordings do not store it */
    for (int i = 0; i < VIDEO_TRACKS; i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    stream_commit(&p->captures, forward, frames, member);
    *capture_handle = capture;
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    playback_color_abandon(&p->color, &color);
    for (int i = 0; i < VIDEO_TRACKS; i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    return K4A_STREAM_RESULT_FAILED;
}

/* ---- IMU ------------------------------------------------------------------------------------ */

static bool read_imu_sample(playback_t *p, const mkv_frame_t *frame, k4a_imu_sample_t *sample)
{
    uint8_t b[RECORDING_IMU_SAMPLE_BYTES];
    if (frame->size != RECORDING_IMU_SAMPLE_BYTES || !k4a4j_io_read(p->io, frame->offset, b, sizeof(b)))
        return false;
    recording_imu_read(b, sample);
    return true;
}

static k4a_stream_result_t get_imu_sample(playback_t *p, bool forward, k4a_imu_sample_t *sample, const char *function)
{
    mkv_frame_t frame;
    bool member;
    mkv_result_t r = stream_step(&p->imu_stream, forward, &frame, &member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    CHECK(read_imu_sample(p, &frame, sample), "%s: the IMU sample at byte %llu is not a %u-byte sample", function,
          (unsigned long long)frame.offset, RECORDING_IMU_SAMPLE_BYTES);
    stream_commit(&p->imu_stream, forward, &frame, &member);
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    return K4A_STREAM_RESULT_FAILED;
}

void playback_imu_seek(playback_t *p, int64_t target_ns)
{
    stream_t *s = &p->imu_stream;
    uint64_t track = s->cursor[0].track;
    mkv_frame_t frame;
    mkv_result_t r = MKV_NONE;
    if (track != 0)
    {
        /* IMU samples are found by their own device time, in microseconds; start a little before:
         * the samples' times are their blocks' times, or close to them */
        int64_t target_usec = floor_div(saturating_add(target_ns, p->start_offset_ns), 1000);
        int64_t from_ns = saturating_sub(saturating_sub(usec_to_ns(target_usec), p->start_offset_ns), 1000000);
        r = mkv_seek_frame(p->file, track, from_ns, &frame);
        while (r == MKV_FOUND)
        {
            k4a_imu_sample_t sample;
            if (!read_imu_sample(p, &frame, &sample) || (int64_t)sample.acc_timestamp_usec >= target_usec)
                break;
            r = mkv_next_frame(p->file, track, &frame.pos, &frame);
        }
    }
    stream_place(s, r, &frame);
}

/* ---- data blocks ---------------------------------------------------------------------------- */

static k4a_stream_result_t get_data_block(playback_t *p, const char *track_name, bool forward,
                                          k4a_playback_data_block_t *handle, const char *function)
{
    custom_track_t *custom = NULL;
    data_block_t *block = NULL;
    mkv_frame_t frame;
    bool member;
    CHECK(track_name != NULL, "%s: track_name is NULL", function);
    CHECK(handle != NULL, "%s: data_block_handle is NULL", function);
    for (size_t i = 0; i < p->custom_count && custom == NULL; i++)
        if (strcmp(p->custom[i].track->name, track_name) == 0)
            custom = &p->custom[i];
    CHECK(custom != NULL, "%s: \"%s\" is %s", function, track_name,
          playback_track_named(p, track_name) != NULL ? "a built-in track, not a custom track"
                                                      : "not a track of the recording");
    mkv_result_t r = stream_step(&custom->stream, forward, &frame, &member);
    if (r == MKV_NONE)
        return K4A_STREAM_RESULT_EOF;
    CHECK(r == MKV_FOUND, "%s: the recording is damaged here", function);
    CHECK(frame.size <= DECODE_MAX_FRAME_BYTES, "%s: the block at byte %llu is too large", function,
          (unsigned long long)frame.offset);
    block = calloc(1, sizeof(*block));
    CHECK(block != NULL, "%s: out of memory", function);
    block->buffer = malloc(frame.size > 0 ? (size_t)frame.size : 1);
    CHECK(block->buffer != NULL, "%s: no memory for %llu bytes", function, (unsigned long long)frame.size);
    CHECK(k4a4j_io_read(p->io, frame.offset, block->buffer, (size_t)frame.size),
          "%s: the block at byte %llu cannot be read", function, (unsigned long long)frame.offset);
    block->size = (size_t)frame.size;
    block->device_timestamp_usec = device_usec(p, frame.time_ns);
    k4a4j_handle_init(&block->header, K4A4J_TAG_DATA_BLOCK);
    stream_commit(&custom->stream, forward, &frame, &member);
    *handle = (k4a_playback_data_block_t)block;
    return K4A_STREAM_RESULT_SUCCEEDED;
fail:
    if (block != NULL)
        free(block->buffer);
    free(block);
    return K4A_STREAM_RESULT_FAILED;
}

/* ---- reading -------------------------------------------------------------------------------- */

static k4a_stream_result_t capture_entry(k4a_playback_t playback_handle, k4a_capture_t *capture_handle, bool forward,
                                         const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (capture_handle == NULL)
    {
        LOG_ERROR("%s: capture_handle is NULL", function);
        return K4A_STREAM_RESULT_FAILED;
    }
    *capture_handle = NULL;
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_capture(p, forward, capture_handle, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    return capture_entry(playback_handle, capture_handle, true, "k4a_playback_get_next_capture");
}

k4a_stream_result_t k4a_playback_get_previous_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    return capture_entry(playback_handle, capture_handle, false, "k4a_playback_get_previous_capture");
}

static k4a_stream_result_t imu_entry(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample, bool forward,
                                     const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (imu_sample == NULL)
    {
        LOG_ERROR("%s: imu_sample is NULL", function);
        return K4A_STREAM_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_imu_sample(p, forward, imu_sample, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    return imu_entry(playback_handle, imu_sample, true, "k4a_playback_get_next_imu_sample");
}

k4a_stream_result_t k4a_playback_get_previous_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    return imu_entry(playback_handle, imu_sample, false, "k4a_playback_get_previous_imu_sample");
}

static k4a_stream_result_t data_block_entry(k4a_playback_t playback_handle, const char *track_name,
                                            k4a_playback_data_block_t *data_block_handle, bool forward,
                                            const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    if (p == NULL)
        return K4A_STREAM_RESULT_FAILED;
    if (data_block_handle != NULL)
        *data_block_handle = NULL;
    k4a4j_mutex_lock(&p->lock);
    k4a_stream_result_t result = get_data_block(p, track_name, forward, data_block_handle, function);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_stream_result_t k4a_playback_get_next_data_block(k4a_playback_t playback_handle, const char *track_name,
                                                     k4a_playback_data_block_t *data_block_handle)
{
    return data_block_entry(playback_handle, track_name, data_block_handle, true, "k4a_playback_get_next_data_block");
}

k4a_stream_result_t k4a_playback_get_previous_data_block(k4a_playback_t playback_handle, const char *track_name,
                                                         k4a_playback_data_block_t *data_block_handle)
{
    return data_block_entry(playback_handle, track_name, data_block_handle, false,
                            "k4a_playback_get_previous_data_block");
}

uint64_t k4a_playback_data_block_get_device_timestamp_usec(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_device_timestamp_usec");
    return b == NULL ? 0 : b->device_timestamp_usec;
}

size_t k4a_playback_data_block_get_buffer_size(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_buffer_size");
    return b == NULL ? 0 : b->size;
}

uint8_t *k4a_playback_data_block_get_buffer(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_get_buffer");
    return b == NULL ? NULL : b->buffer;
}

void k4a_playback_data_block_release(k4a_playback_data_block_t data_block_handle)
{
    data_block_t *b = data_block_of(data_block_handle, "k4a_playback_data_block_release");
    if (b == NULL)
        return;
    k4a4j_handle_retire(&b->header);
    free(b->buffer);
    free(b);
}
