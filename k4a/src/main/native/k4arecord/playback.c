/*
 * Playback of Azure Kinect recordings: the 28 functions of k4arecord/playback.h. This file holds
 * opening and closing, calibration and configuration, tracks, tags and attachments, the colour
 * conversion settings (with the private exports k4a4j_internal_playback_set_decode_threads and
 * k4a4j_internal_playback_set_decode_end, see playback_internal.h), seeking and the recording's
 * length; reading is in playback_read.c, and the other parts are listed in playback_state.h.
 *
 * A recording is read through the io interface, never loaded whole: open parses the headers
 * (matroska.c), and reading fetches each frame from the file when it is returned. Four kinds of
 * streams move independently: captures (the COLOR, DEPTH and IR tracks grouped by time), IMU
 * samples, and the frames of each custom track. Each keeps a cursor per track; a seek moves them
 * all (playback_streams.c).
 *
 * Times: a frame's timestamp in the file is its device time less K4A_START_OFFSET_NS. The
 * recording covers up to the last instant of its last cluster's blocks (a block with a
 * BlockDuration covers its duration); seeking from the end counts from just after it. IMU
 * samples carry their own device times (nanoseconds in the file): seeking compares them in
 * microseconds, as the API reports them.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "playback_state.h"

#include "../common/log.h"
#include "matroska_ids.h"
#include "playback_internal.h"
#include "recording_format.h"

#include <k4a/k4a.h>

#include <stdlib.h>
#include <string.h>

playback_t *playback_of(k4a_playback_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_PLAYBACK))
        return (playback_t *)handle;
    LOG_ERROR("%s: playback_handle %s", function, handle == NULL ? "is NULL" : "is not a valid k4a_playback_t");
    return NULL;
}

/* Copies a value to the caller's buffer when it is large enough; the size needed, either way. */
static k4a_buffer_result_t copy_out(const void *source, size_t size, bool add_nul, void *destination,
                                    size_t *destination_size)
{
    size_t needed = size + (add_nul ? 1 : 0);
    if (destination == NULL || *destination_size < needed)
    {
        *destination_size = needed;
        return K4A_BUFFER_RESULT_TOO_SMALL;
    }
    if (size > 0)
        memcpy(destination, source, size);
    if (add_nul)
        ((uint8_t *)destination)[size] = 0;
    *destination_size = needed;
    return K4A_BUFFER_RESULT_SUCCEEDED;
}

/* ---- open and close ------------------------------------------------------------------------- */

static void playback_free(playback_t *p)
{
    if (p == NULL)
        return;
    playback_color_free(&p->color);
    image_cache_close(p->images);
    free(p->sorted);
    free(p->custom);
    mkv_close(p->file);
    k4a4j_io_close(p->io);
    k4a4j_mutex_destroy(&p->lock);
    free(p);
}

k4a_result_t k4a4j_playback_open_io(k4a4j_io_t *io, const char *name, k4a_playback_t *playback_handle)
{
    playback_t *p = NULL;
    CHECK(playback_handle != NULL, "k4a_playback_open: playback_handle is NULL");
    *playback_handle = NULL;
    CHECK(io != NULL, "k4a_playback_open: cannot read \"%s\"", name);
    p = calloc(1, sizeof(*p));
    CHECK(p != NULL, "k4a_playback_open: out of memory");
    k4a4j_mutex_init(&p->lock);
    p->io = io;
    io = NULL;
    p->file = mkv_open(p->io);
    CHECK(p->file != NULL, "k4a_playback_open: \"%s\" is not a readable recording", name);

    if (!playback_find_tracks(p, name))
        goto fail;
    playback_read_configuration(p);

    p->images = image_cache_create();
    decode_source_t color = { p->io, p->video[VIDEO_COLOR].format, p->video[VIDEO_COLOR].width,
                              p->video[VIDEO_COLOR].height, p->images };
    playback_color_init(&p->color, p->video[VIDEO_COLOR].track != NULL, &color);

    k4a4j_handle_init(&p->header, K4A4J_TAG_PLAYBACK);
    *playback_handle = (k4a_playback_t)p;
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_io_close(io);
    playback_free(p);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_playback_open(const char *path, k4a_playback_t *playback_handle)
{
    CHECK(playback_handle != NULL, "k4a_playback_open: playback_handle is NULL");
    *playback_handle = NULL;
    CHECK(path != NULL, "k4a_playback_open: path is NULL");
    k4a4j_io_t *io = k4a4j_io_open_file(path);
    CHECK(io != NULL, "k4a_playback_open: cannot open \"%s\"", path);
    return k4a4j_playback_open_io(io, path, playback_handle);
fail:
    return K4A_RESULT_FAILED;
}

void k4a_playback_close(k4a_playback_t playback_handle)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_close");
    if (p == NULL)
        return;
    k4a4j_handle_retire(&p->header);
    playback_free(p);
}

/* ---- calibration and configuration ---------------------------------------------------------- */

/* The raw calibration attachment, with a terminating NUL (malloc). */
static uint8_t *raw_calibration(playback_t *p, size_t *size, const char *function)
{
    const char *file_name = playback_tag_value(p, RECORDING_TAG_CALIBRATION_FILE);
    const mkv_attachment_t *a = NULL;
    uint8_t *data = NULL;
    if (file_name == NULL)
        file_name = RECORDING_CALIBRATION_ATTACHMENT;
    size_t count = mkv_attachment_count(p->file);
    for (size_t i = 0; i < count && a == NULL; i++)
        if (strcmp(mkv_attachment(p->file, i)->name, file_name) == 0)
            a = mkv_attachment(p->file, i);
    CHECK(a != NULL, "%s: the recording has no calibration attachment \"%s\"", function, file_name);
    CHECK(a->data_size > 0 && a->data_size < ((uint64_t)64 << 20),
          "%s: the calibration attachment is empty or too large", function);
    data = malloc((size_t)a->data_size + 1);
    CHECK(data != NULL, "%s: out of memory", function);
    CHECK(k4a4j_io_read(p->io, a->data_offset, data, (size_t)a->data_size),
          "%s: the calibration attachment cannot be read", function);
    *size = (size_t)a->data_size;
    if (data[*size - 1] != 0)
        data[(*size)++] = 0;
    return data;
fail:
    free(data);
    return NULL;
}

k4a_buffer_result_t k4a_playback_get_raw_calibration(k4a_playback_t playback_handle, uint8_t *data, size_t *data_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_raw_calibration");
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    if (data_size == NULL)
    {
        LOG_ERROR("k4a_playback_get_raw_calibration: data_size is NULL");
        return K4A_BUFFER_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    size_t size = 0;
    uint8_t *raw = raw_calibration(p, &size, "k4a_playback_get_raw_calibration");
    if (raw != NULL)
        result = copy_out(raw, size, false, data, data_size);
    free(raw);
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_result_t k4a_playback_get_calibration(k4a_playback_t playback_handle, k4a_calibration_t *calibration)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_calibration");
    k4a_result_t result = K4A_RESULT_FAILED;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    if (calibration == NULL)
    {
        LOG_ERROR("k4a_playback_get_calibration: calibration is NULL");
        return K4A_RESULT_FAILED;
    }
    k4a4j_mutex_lock(&p->lock);
    if (!p->have_calibration)
    {
        size_t size = 0;
        uint8_t *raw = raw_calibration(p, &size, "k4a_playback_get_calibration");
        if (raw != NULL &&
            k4a_calibration_get_from_raw((char *)raw, size, p->config.depth_mode, p->config.color_resolution,
                                         &p->calibration) == K4A_RESULT_SUCCEEDED)
            p->have_calibration = true;
        else if (raw != NULL)
            LOG_ERROR("k4a_playback_get_calibration: the recording's calibration cannot be parsed");
        free(raw);
    }
    if (p->have_calibration)
    {
        *calibration = p->calibration;
        result = K4A_RESULT_SUCCEEDED;
    }
    k4a4j_mutex_unlock(&p->lock);
    return result;
}

k4a_result_t k4a_playback_get_record_configuration(k4a_playback_t playback_handle, k4a_record_configuration_t *config)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_record_configuration");
    if (p == NULL)
        return K4A_RESULT_FAILED;
    if (config == NULL)
    {
        LOG_ERROR("k4a_playback_get_record_configuration: config is NULL");
        return K4A_RESULT_FAILED;
    }
    *config = p->config;
    return K4A_RESULT_SUCCEEDED;
}

/* ---- tracks --------------------------------------------------------------------------------- */

bool k4a_playback_check_track_exists(k4a_playback_t playback_handle, const char *track_name)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_check_track_exists");
    if (p == NULL)
        return false;
    if (track_name == NULL)
    {
        LOG_ERROR("k4a_playback_check_track_exists: track_name is NULL");
        return false;
    }
    return playback_track_named(p, track_name) != NULL;
}

size_t k4a_playback_get_track_count(k4a_playback_t playback_handle)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_track_count");
    return p == NULL ? 0 : p->sorted_count;
}

k4a_buffer_result_t k4a_playback_get_track_name(k4a_playback_t playback_handle, size_t track_index, char *track_name,
                                                size_t *track_name_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_track_name");
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name_size != NULL, "k4a_playback_get_track_name: track_name_size is NULL");
    CHECK(track_index < p->sorted_count, "k4a_playback_get_track_name: track_index %zu is out of range (%zu tracks)",
          track_index, p->sorted_count);
    const char *name = p->sorted[track_index]->name;
    return copy_out(name, strlen(name), true, track_name, track_name_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

bool k4a_playback_track_is_builtin(k4a_playback_t playback_handle, const char *track_name)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_is_builtin");
    if (p == NULL)
        return false;
    if (track_name == NULL)
    {
        LOG_ERROR("k4a_playback_track_is_builtin: track_name is NULL");
        return false;
    }
    return recording_is_builtin_track_name(track_name) && playback_track_named(p, track_name) != NULL;
}

k4a_result_t k4a_playback_track_get_video_settings(k4a_playback_t playback_handle, const char *track_name,
                                                   k4a_record_video_settings_t *video_settings)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_video_settings");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_video_settings: track_name is NULL");
    CHECK(video_settings != NULL, "k4a_playback_track_get_video_settings: video_settings is NULL");
    t = playback_track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_video_settings: \"%s\" is not a track of the recording", track_name);
    CHECK(t->type == MKV_TRACK_TYPE_VIDEO && t->has_video,
          "k4a_playback_track_get_video_settings: \"%s\" is not a video track", track_name);
    video_settings->width = t->pixel_width;
    video_settings->height = t->pixel_height;
    video_settings->frame_rate = t->default_duration_ns > 0 ? 1000000000u / t->default_duration_ns : 0;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_id(k4a_playback_t playback_handle, const char *track_name,
                                                    char *codec_id, size_t *codec_id_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_codec_id");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_codec_id: track_name is NULL");
    CHECK(codec_id_size != NULL, "k4a_playback_track_get_codec_id: codec_id_size is NULL");
    t = playback_track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_codec_id: \"%s\" is not a track of the recording", track_name);
    return copy_out(t->codec_id, strlen(t->codec_id), true, codec_id, codec_id_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_context(k4a_playback_t playback_handle, const char *track_name,
                                                         uint8_t *codec_context, size_t *codec_context_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_track_get_codec_context");
    const mkv_track_t *t;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(track_name != NULL, "k4a_playback_track_get_codec_context: track_name is NULL");
    CHECK(codec_context_size != NULL, "k4a_playback_track_get_codec_context: codec_context_size is NULL");
    t = playback_track_named(p, track_name);
    CHECK(t != NULL, "k4a_playback_track_get_codec_context: \"%s\" is not a track of the recording", track_name);
    return copy_out(t->codec_private, t->codec_private_size, false, codec_context, codec_context_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

/* ---- tags and attachments ------------------------------------------------------------------- */

k4a_buffer_result_t k4a_playback_get_tag(k4a_playback_t playback_handle, const char *name, char *value,
                                         size_t *value_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_tag");
    const char *text;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(name != NULL, "k4a_playback_get_tag: name is NULL");
    CHECK(value_size != NULL, "k4a_playback_get_tag: value_size is NULL");
    text = playback_tag_value(p, name);
    CHECK(text != NULL, "k4a_playback_get_tag: the recording has no tag \"%s\"", name);
    return copy_out(text, strlen(text), true, value, value_size);
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_get_attachment(k4a_playback_t playback_handle, const char *file_name, uint8_t *data,
                                                size_t *data_size)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_get_attachment");
    const mkv_attachment_t *a = NULL;
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    if (p == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    CHECK(file_name != NULL, "k4a_playback_get_attachment: file_name is NULL");
    CHECK(data_size != NULL, "k4a_playback_get_attachment: data_size is NULL");
    size_t count = mkv_attachment_count(p->file);
    for (size_t i = 0; i < count && a == NULL; i++)
        if (strcmp(mkv_attachment(p->file, i)->name, file_name) == 0)
            a = mkv_attachment(p->file, i);
    CHECK(a != NULL, "k4a_playback_get_attachment: the recording has no attachment \"%s\"", file_name);
    CHECK(a->data_size <= SIZE_MAX - 1, "k4a_playback_get_attachment: the attachment is too large");
    if (data == NULL || *data_size < a->data_size)
    {
        *data_size = (size_t)a->data_size;
        return K4A_BUFFER_RESULT_TOO_SMALL;
    }
    k4a4j_mutex_lock(&p->lock);
    if (k4a4j_io_read(p->io, a->data_offset, data, (size_t)a->data_size))
    {
        *data_size = (size_t)a->data_size;
        result = K4A_BUFFER_RESULT_SUCCEEDED;
    }
    else
        LOG_ERROR("k4a_playback_get_attachment: the attachment \"%s\" cannot be read", file_name);
    k4a4j_mutex_unlock(&p->lock);
    return result;
fail:
    return K4A_BUFFER_RESULT_FAILED;
}

/* ---- color conversion ----------------------------------------------------------------------- */

k4a_result_t k4a_playback_set_color_conversion(k4a_playback_t playback_handle, k4a_image_format_t target_format)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_set_color_conversion");
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(p->video[VIDEO_COLOR].track != NULL, "k4a_playback_set_color_conversion: the recording has no colour track");
    CHECK(color_conversion_supported(p->video[VIDEO_COLOR].format, target_format),
          "k4a_playback_set_color_conversion: colour frames stored as %d cannot be converted to format %d",
          (int)p->video[VIDEO_COLOR].format, (int)target_format);
    k4a4j_mutex_lock(&p->lock);
    playback_color_set_target(&p->color, target_format);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a4j_internal_playback_set_decode_threads(k4a_playback_t playback_handle, int threads)
{
    const char *f = "k4a4j_internal_playback_set_decode_threads";
    playback_t *p = playback_of(playback_handle, f);
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(threads >= 0 && threads <= DECODE_MAX_THREADS, "%s: threads %d is outside 0..%d", f, threads,
          DECODE_MAX_THREADS);
    k4a4j_mutex_lock(&p->lock);
    playback_color_set_threads(&p->color, threads);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* The time in the file of a device time. */
static int64_t file_time_ns(const playback_t *p, int64_t device_usec)
{
    return saturating_sub(usec_to_ns(device_usec), p->start_offset_ns);
}

k4a_result_t k4a4j_internal_playback_set_decode_end(k4a_playback_t playback_handle, int64_t end_device_usec)
{
    playback_t *p = playback_of(playback_handle, "k4a4j_internal_playback_set_decode_end");
    if (p == NULL)
        return K4A_RESULT_FAILED;
    /* a frame's device timestamp is its file time plus the start offset, in whole microseconds, and 0 for
     * a time before the device's start: every frame is at or after an end at or before 0 */
    int64_t end_ns = end_device_usec == INT64_MAX ? INT64_MAX
                     : end_device_usec <= 0       ? INT64_MIN
                                                  : file_time_ns(p, end_device_usec);
    k4a4j_mutex_lock(&p->lock);
    playback_color_set_end(&p->color, end_ns);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
}

/* ---- seeking and length --------------------------------------------------------------------- */

/* The last instant the recording covers (false when it has no frames). */
static bool last_time(playback_t *p, int64_t *last_ns)
{
    if (!p->have_last)
    {
        int64_t last;
        if (mkv_last_time(p->file, &last) != MKV_FOUND)
            return false;
        p->last_ns = last;
        p->have_last = true;
    }
    *last_ns = p->last_ns;
    return true;
}

k4a_result_t k4a_playback_seek_timestamp(k4a_playback_t playback_handle, int64_t offset_usec,
                                         k4a_playback_seek_origin_t origin)
{
    playback_t *p = playback_of(playback_handle, "k4a_playback_seek_timestamp");
    int64_t target_ns, last_ns;
    if (p == NULL)
        return K4A_RESULT_FAILED;
    CHECK(origin == K4A_PLAYBACK_SEEK_BEGIN || origin == K4A_PLAYBACK_SEEK_END ||
              origin == K4A_PLAYBACK_SEEK_DEVICE_TIME,
          "k4a_playback_seek_timestamp: origin %d is not a k4a_playback_seek_origin_t", (int)origin);
    k4a4j_mutex_lock(&p->lock);
    if (origin == K4A_PLAYBACK_SEEK_BEGIN)
        target_ns = usec_to_ns(offset_usec);
    else if (origin == K4A_PLAYBACK_SEEK_END)
    {
        /* from just after the last instant */
        if (!last_time(p, &last_ns))
            last_ns = -1;
        target_ns = saturating_add(saturating_add(last_ns, 1), usec_to_ns(offset_usec));
    }
    else
        target_ns = file_time_ns(p, offset_usec);
    stream_seek(&p->captures, target_ns);
    playback_imu_seek(p, target_ns);
    for (size_t i = 0; i < p->custom_count; i++)
        stream_seek(&p->custom[i].stream, target_ns);
    playback_color_forget(&p->color);
    k4a4j_mutex_unlock(&p->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

static uint64_t recording_length(k4a_playback_t playback_handle, const char *function)
{
    playback_t *p = playback_of(playback_handle, function);
    uint64_t length = 0;
    int64_t last_ns;
    if (p == NULL)
        return 0;
    k4a4j_mutex_lock(&p->lock);
    if (last_time(p, &last_ns) && last_ns > 0)
        length = (uint64_t)(last_ns / 1000);
    k4a4j_mutex_unlock(&p->lock);
    return length;
}

uint64_t k4a_playback_get_recording_length_usec(k4a_playback_t playback_handle)
{
    return recording_length(playback_handle, "k4a_playback_get_recording_length_usec");
}

uint64_t k4a_playback_get_last_timestamp_usec(k4a_playback_t playback_handle)
{
    return recording_length(playback_handle, "k4a_playback_get_last_timestamp_usec");
}
