/*
 * The record API (k4arecord/record.h): a recording handle, the rules of the order of calls, and
 * the checks of what is written. Its tracks, tags and attachments are kept in record_tracks.c; the
 * Matroska layout, the reorder window and the start-offset rule are in record_mux.c; the file and
 * its failure handling in record_file.c.
 *
 * Order of calls: create -> add tracks, tags, attachments -> write_header (once) -> write captures,
 * IMU samples, custom data, flush -> close. Each call out of order fails with a message naming the
 * rule. Timestamps must not go back within a track, and a block older than the newest block already
 * in the file is refused (see the reorder window in record_mux.c).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "record_internal.h"

#include "../common/image_format.h"
#include "../common/log.h"

#include <k4a/k4a.h>

#include "recording_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* For a helper that already logged why it failed: go to the fail label without another message, so
 * the last message a caller sees is the one that names the problem. */
#define CHECK_LOGGED(cond)                                                                                             \
    do                                                                                                                 \
    {                                                                                                                  \
        if (!(cond))                                                                                                   \
            goto fail;                                                                                                 \
    } while (0)

static void destroy(record_t *record)
{
    record_mux_free(record);
    if (record->file.fd >= 0 || record->file.buffer != NULL)
        record_file_close(&record->file);
    record_free_tracks(record);
    free(record->path);
    k4a4j_mutex_destroy(&record->lock);
    k4a4j_handle_retire(&record->header);
    free(record);
}

static record_t *record_of(k4a_record_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_RECORD))
        return (record_t *)handle;
    LOG_ERROR("%s: recording_handle %s", function, handle == NULL ? "is NULL" : "is not a valid k4a_record_t");
    return NULL;
}

/* ---- creation ------------------------------------------------------------------------------------ */

static bool read_device_info(k4a_device_t device, device_info_t *info)
{
    size_t size = 0;
    CHECK(k4a_device_get_raw_calibration(device, NULL, &size) == K4A_BUFFER_RESULT_TOO_SMALL && size > 0,
          "k4a_record_create: cannot read the raw calibration of the device (k4a_device_get_raw_calibration failed)");
    info->calibration = malloc(size);
    CHECK(info->calibration != NULL, "k4a_record_create: no memory for the device calibration");
    CHECK(k4a_device_get_raw_calibration(device, info->calibration, &size) == K4A_BUFFER_RESULT_SUCCEEDED,
          "k4a_record_create: cannot read the raw calibration of the device (k4a_device_get_raw_calibration failed)");
    info->calibration_size = size;

    size = 0;
    CHECK(k4a_device_get_serialnum(device, NULL, &size) == K4A_BUFFER_RESULT_TOO_SMALL && size > 0,
          "k4a_record_create: cannot read the serial number of the device (k4a_device_get_serialnum failed)");
    info->serial = calloc(size + 1, 1);
    CHECK(info->serial != NULL, "k4a_record_create: no memory for the serial number");
    CHECK(k4a_device_get_serialnum(device, info->serial, &size) == K4A_BUFFER_RESULT_SUCCEEDED,
          "k4a_record_create: cannot read the serial number of the device (k4a_device_get_serialnum failed)");

    k4a_hardware_version_t version;
    CHECK(k4a_device_get_version(device, &version) == K4A_RESULT_SUCCEEDED,
          "k4a_record_create: cannot read the firmware versions of the device (k4a_device_get_version failed)");
    snprintf(info->color_firmware, sizeof(info->color_firmware), "%u.%u.%u", version.rgb.major, version.rgb.minor,
             version.rgb.iteration);
    snprintf(info->depth_firmware, sizeof(info->depth_firmware), "%u.%u.%u", version.depth.major, version.depth.minor,
             version.depth.iteration);
    return true;
fail:
    return false;
}

k4a_result_t k4a_record_create(const char *path, k4a_device_t device, const k4a_device_configuration_t device_config,
                               k4a_record_t *recording_handle)
{
    record_t *record = NULL;
    device_info_t info;
    memset(&info, 0, sizeof(info));
    bool file_created = false;
    char error[200] = "";

    CHECK(recording_handle != NULL, "k4a_record_create: recording_handle is NULL");
    *recording_handle = NULL;
    CHECK(path != NULL && path[0] != '\0', "k4a_record_create: path is %s", path == NULL ? "NULL" : "empty");
    const k4a_device_configuration_t *c = &device_config;
    CHECK(c->color_resolution >= K4A_COLOR_RESOLUTION_OFF && c->color_resolution <= K4A_COLOR_RESOLUTION_3072P,
          "k4a_record_create: device_config.color_resolution %d is not a k4a_color_resolution_t",
          (int)c->color_resolution);
    CHECK(c->depth_mode >= K4A_DEPTH_MODE_OFF && c->depth_mode <= K4A_DEPTH_MODE_PASSIVE_IR,
          "k4a_record_create: device_config.depth_mode %d is not a k4a_depth_mode_t", (int)c->depth_mode);
    CHECK(c->camera_fps >= K4A_FRAMES_PER_SECOND_5 && c->camera_fps <= K4A_FRAMES_PER_SECOND_30,
          "k4a_record_create: device_config.camera_fps %d is not a k4a_fps_t", (int)c->camera_fps);
    CHECK(c->wired_sync_mode >= K4A_WIRED_SYNC_MODE_STANDALONE && c->wired_sync_mode <= K4A_WIRED_SYNC_MODE_SUBORDINATE,
          "k4a_record_create: device_config.wired_sync_mode %d is not a k4a_wired_sync_mode_t",
          (int)c->wired_sync_mode);
    CHECK(c->color_resolution == K4A_COLOR_RESOLUTION_OFF || recording_color_fourcc(c->color_format) != NULL,
          "k4a_record_create: device_config.color_format %s cannot be the format of a colour camera "
          "(MJPG, NV12, YUY2 or BGRA32)",
          k4a4j_format_name(c->color_format));
    if (device != NULL)
        CHECK_LOGGED(read_device_info(device, &info));

    record = calloc(1, sizeof(*record));
    CHECK(record != NULL, "k4a_record_create: no memory for the recording");
    k4a4j_handle_init(&record->header, K4A4J_TAG_RECORD);
    k4a4j_mutex_init(&record->lock);
    record->file.fd = -1;
    record->config = device_config;
    record->color_track = record->depth_track = record->ir_track = record->imu_track = record->cue_track = -1;
    ebml_buffer_init(&record->scratch);
    record_seed_uids(record);
    record->path = record_copy_string(path);
    CHECK(record->path != NULL, "k4a_record_create: no memory for the recording");
    CHECK(record_file_open(&record->file, path, error, sizeof(error)), "k4a_record_create: %s: %s", path, error);
    file_created = true;
    CHECK(record_add_builtin_tracks(record, device != NULL ? &info : NULL),
          "k4a_record_create: no memory for the tracks");

    free(info.calibration);
    free(info.serial);
    *recording_handle = (k4a_record_t)record;
    return K4A_RESULT_SUCCEEDED;
fail:
    free(info.calibration);
    free(info.serial);
    if (record != NULL)
    {
        destroy(record);
        if (file_created)
            remove(path);
    }
    return K4A_RESULT_FAILED;
}

/* ---- before the header ------------------------------------------------------------------------- */

k4a_result_t k4a_record_add_tag(k4a_record_t recording_handle, const char *name, const char *value)
{
    record_t *record = record_of(recording_handle, "k4a_record_add_tag");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(name != NULL, "k4a_record_add_tag: name is NULL");
    CHECK(value != NULL, "k4a_record_add_tag: value of tag %s is NULL", name);
    CHECK(!record->header_written, "k4a_record_add_tag: tag %s: tags must be added before k4a_record_write_header",
          name);
    CHECK(record_is_tag_name(name),
          "k4a_record_add_tag: tag name \"%s\" is not valid: tag names are upper-case letters A-Z, digits 0-9 and '_'",
          name);
    CHECK(strcmp(name, RECORDING_TAG_START_OFFSET_NS) != 0,
          "k4a_record_add_tag: K4A_START_OFFSET_NS is written by the recorder");
    for (size_t i = 0; i < record->tag_count; i++)
        CHECK(!(record->tags[i].builtin && strcmp(record->tags[i].mkv.name, name) == 0),
              "k4a_record_add_tag: tag %s is already written by the recorder for this recording", name);
    CHECK(record_is_utf8(value), "k4a_record_add_tag: the value of tag %s is not valid UTF-8", name);
    CHECK(record_add_tag(record, name, value, 0, 0, false), "k4a_record_add_tag: no memory for tag %s", name);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_imu_track(k4a_record_t recording_handle)
{
    record_t *record = record_of(recording_handle, "k4a_record_add_imu_track");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(!record->header_written, "k4a_record_add_imu_track: tracks must be added before k4a_record_write_header");
    CHECK(record->imu_track < 0, "k4a_record_add_imu_track: the IMU track was already added");
    record_track_t *track = record_add_track(record, K4A_TRACK_NAME_IMU, RECORDING_CODEC_IMU, NULL, 0, TRACK_IMU);
    CHECK(track != NULL, "k4a_record_add_imu_track: no memory for the track");
    track->laced = true;
    record->imu_track = (long)record->track_count - 1;
    CHECK(record_add_track_tag(record, RECORDING_TAG_IMU_TRACK, track) &&
              record_add_tag(record, RECORDING_TAG_IMU_MODE, "ON", track->mkv.uid, 0, true),
          "k4a_record_add_imu_track: no memory for the track's tags");
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_attachment(const k4a_record_t recording_handle, const char *attachment_name,
                                       const uint8_t *buffer, size_t buffer_size)
{
    record_t *record = record_of(recording_handle, "k4a_record_add_attachment");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(attachment_name != NULL && attachment_name[0] != '\0', "k4a_record_add_attachment: attachment_name is %s",
          attachment_name == NULL ? "NULL" : "empty");
    CHECK(buffer != NULL, "k4a_record_add_attachment: buffer of attachment %s is NULL", attachment_name);
    CHECK(!record->header_written,
          "k4a_record_add_attachment: attachment %s: attachments must be added before k4a_record_write_header",
          attachment_name);
    CHECK(record_is_utf8(attachment_name), "k4a_record_add_attachment: attachment_name is not valid UTF-8");
    for (size_t i = 0; i < record->attachment_count; i++)
        CHECK(strcmp(record->attachments[i].mkv.name, attachment_name) != 0,
              "k4a_record_add_attachment: the recording already has an attachment named %s", attachment_name);
    CHECK(record_add_attachment(record, attachment_name, buffer, buffer_size) != NULL,
          "k4a_record_add_attachment: no memory for attachment %s (%zu bytes)", attachment_name, buffer_size);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

/* The checks shared by both kinds of custom track; logs and returns false when one fails. */
static bool check_custom_track(const record_t *record, const char *function, const char *track_name,
                               const char *codec_id, const uint8_t *codec_context, size_t codec_context_size)
{
    CHECK(track_name != NULL, "%s: track_name is NULL", function);
    CHECK(!record->header_written, "%s: track %s: tracks must be added before k4a_record_write_header", function,
          track_name);
    CHECK(record_is_track_name(track_name),
          "%s: track name \"%s\" is not valid: track names are upper-case letters A-Z, digits 0-9, '-' and '_'",
          function, track_name);
    CHECK(!recording_is_builtin_track_name(track_name), "%s: %s is the name of a built-in track", function, track_name);
    CHECK(record_find_track(record, track_name) < 0, "%s: the recording already has a track named %s", function,
          track_name);
    CHECK(codec_id != NULL && record_is_codec_id(codec_id), "%s: track %s: codec_id is %s", function, track_name,
          codec_id == NULL ? "NULL" : "empty or not printable ASCII");
    CHECK(codec_context != NULL || codec_context_size == 0,
          "%s: track %s: codec_context is NULL but codec_context_size is %zu", function, track_name,
          codec_context_size);
    return true;
fail:
    return false;
}

k4a_result_t k4a_record_add_custom_video_track(const k4a_record_t recording_handle, const char *track_name,
                                               const char *codec_id, const uint8_t *codec_context,
                                               size_t codec_context_size,
                                               const k4a_record_video_settings_t *track_settings)
{
    const char *function = "k4a_record_add_custom_video_track";
    record_t *record = record_of(recording_handle, function);
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK_LOGGED(check_custom_track(record, function, track_name, codec_id, codec_context, codec_context_size));
    CHECK(track_settings != NULL, "%s: track %s: track_settings is NULL", function, track_name);
    CHECK(track_settings->width > 0 && track_settings->height > 0 && track_settings->width <= UINT32_MAX &&
              track_settings->height <= UINT32_MAX,
          "%s: track %s: the width and height (%llu x %llu) must be positive", function, track_name,
          (unsigned long long)track_settings->width, (unsigned long long)track_settings->height);
    record_track_t *track =
        record_add_track(record, track_name, codec_id, codec_context, codec_context_size, TRACK_CUSTOM_VIDEO);
    CHECK(track != NULL, "%s: no memory for track %s", function, track_name);
    record_set_video(track, track_settings->width, track_settings->height,
                     track_settings->frame_rate > 0 ? 1000000000u / track_settings->frame_rate : 0);
    CHECK(record_add_custom_track_tag(record, track), "%s: no memory for the tag of track %s", function, track_name);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_custom_subtitle_track(const k4a_record_t recording_handle, const char *track_name,
                                                  const char *codec_id, const uint8_t *codec_context,
                                                  size_t codec_context_size,
                                                  const k4a_record_subtitle_settings_t *track_settings)
{
    const char *function = "k4a_record_add_custom_subtitle_track";
    record_t *record = record_of(recording_handle, function);
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK_LOGGED(check_custom_track(record, function, track_name, codec_id, codec_context, codec_context_size));
    record_track_t *track =
        record_add_track(record, track_name, codec_id, codec_context, codec_context_size, TRACK_CUSTOM_SUBTITLE);
    CHECK(track != NULL, "%s: no memory for track %s", function, track_name);
    track->laced = track_settings != NULL && track_settings->high_freq_data;
    track->even_lace = true;
    CHECK(record_add_custom_track_tag(record, track), "%s: no memory for the tag of track %s", function, track_name);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_header(k4a_record_t recording_handle)
{
    record_t *record = record_of(recording_handle, "k4a_record_write_header");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(!record->header_written, "k4a_record_write_header: the header was already written");
    CHECK(!record->file.failed, "k4a_record_write_header: writing %s failed earlier (%s)", record->path,
          record->file.error);
    /* Seeking indexes the first video track (the first track when there is none). */
    for (size_t i = 0; i < record->track_count && record->cue_track < 0; i++)
        if (record->tracks[i].mkv.has_video)
            record->cue_track = (long)i;
    if (record->cue_track < 0 && record->track_count > 0)
        record->cue_track = 0;
    CHECK_LOGGED(record_mux_write_header(record));
    record->header_written = true;
    /* The attachments are in the file: their bytes are no longer needed. */
    for (size_t i = 0; i < record->attachment_count; i++)
    {
        free(record->attachments[i].data);
        record->attachments[i].data = NULL;
    }
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

/* ---- writing data ---------------------------------------------------------------------------------- */

/* The common conditions of every write after the header. */
static bool check_writable(const record_t *record, const char *function)
{
    CHECK(!record->file.failed, "%s: writing %s failed earlier (%s); the file keeps what was written before", function,
          record->path, record->file.error);
    CHECK(record->header_written, "%s: the header has not been written (call k4a_record_write_header first)", function);
    return true;
fail:
    return false;
}

/* A block at timestamp for track must not go back in its track nor behind the file. */
static bool check_time(const record_t *record, const char *function, size_t track, uint64_t timestamp_usec)
{
    const record_track_t *t = &record->tracks[track];
    CHECK(!t->has_data || timestamp_usec >= t->last_timestamp_usec,
          "%s: track %s: timestamp %llu us is before the previous one (%llu us); timestamps must not go back "
          "within a track",
          function, t->mkv.name, (unsigned long long)timestamp_usec, (unsigned long long)t->last_timestamp_usec);
    CHECK(!record->any_written || timestamp_usec >= record->written_until_usec,
          "%s: track %s: timestamp %llu us is older than data already in the file (up to %llu us): tracks may be "
          "written at most %u ms out of step, and never behind a flush",
          function, t->mkv.name, (unsigned long long)timestamp_usec, (unsigned long long)record->written_until_usec,
          RECORD_REORDER_WINDOW_USEC / 1000);
    return true;
fail:
    return false;
}

/* Copies 16-bit values swapping their bytes (a plain loop the compiler vectorises). */
static void copy_swapped16(uint8_t *restrict dst, const uint8_t *restrict src, size_t bytes)
{
    for (size_t i = 0; i + 1 < bytes; i += 2)
    {
        uint16_t v;
        memcpy(&v, src + i, 2);
        v = (uint16_t)((v >> 8) | (v << 8));
        memcpy(dst + i, &v, 2);
    }
}

enum
{
    SLOT_COLOR,
    SLOT_DEPTH,
    SLOT_IR,
    SLOT_COUNT
};

/* Checks one image of a capture against the recording's configuration and copies it into a block
 * (rows packed, 16-bit pixels big-endian). Logs and returns NULL when it does not fit. */
static record_block_t *image_block(record_t *record, int slot, k4a_image_t image)
{
    static const char *slot_names[] = { "colour", "depth", "IR" };
    const char *what = slot_names[slot];
    const k4a_device_configuration_t *c = &record->config;
    long track = slot == SLOT_COLOR ? record->color_track : slot == SLOT_DEPTH ? record->depth_track : record->ir_track;
    k4a_image_format_t expected = slot == SLOT_COLOR   ? c->color_format
                                  : slot == SLOT_DEPTH ? K4A_IMAGE_FORMAT_DEPTH16
                                                       : K4A_IMAGE_FORMAT_IR16;
    k4a_image_format_t format = k4a_image_get_format(image);
    int width = k4a_image_get_width_pixels(image);
    int height = k4a_image_get_height_pixels(image);
    int stride = k4a_image_get_stride_bytes(image);
    size_t size = k4a_image_get_size(image);
    const uint8_t *buffer = k4a_image_get_buffer(image);
    uint64_t timestamp = k4a_image_get_device_timestamp_usec(image);
    int want_width = 0, want_height = 0;
    record_block_t *block = NULL;

    CHECK(track >= 0, "k4a_record_write_capture: the capture has a %s image but the recording has no %s track (%s)",
          what,
          slot == SLOT_COLOR   ? "COLOR"
          : slot == SLOT_DEPTH ? "DEPTH"
                               : "IR",
          slot == SLOT_COLOR                           ? "colour resolution OFF"
          : c->depth_mode == K4A_DEPTH_MODE_PASSIVE_IR ? "depth mode PASSIVE_IR records IR only"
                                                       : "depth mode OFF");
    if (slot == SLOT_COLOR)
        recording_color_size(c->color_resolution, &want_width, &want_height);
    else
        recording_depth_size(c->depth_mode, &want_width, &want_height);
    CHECK(format == expected, "k4a_record_write_capture: the %s image is %s but the recording's %s track holds %s",
          what, k4a4j_format_name(format), record->tracks[track].mkv.name, k4a4j_format_name(expected));
    CHECK(width == want_width && height == want_height,
          "k4a_record_write_capture: the %s image is %dx%d but the recording's %s mode is %dx%d", what, width, height,
          slot == SLOT_COLOR ? recording_color_resolution_name(c->color_resolution)
                             : recording_depth_mode_name(c->depth_mode),
          want_width, want_height);
    CHECK(buffer != NULL && size > 0, "k4a_record_write_capture: the %s image has no buffer", what);
    CHECK_LOGGED(check_time(record, "k4a_record_write_capture", (size_t)track, timestamp));

    if (format == K4A_IMAGE_FORMAT_COLOR_MJPG)
    {
        block = record_mux_new_block(record, (size_t)track, timestamp, size);
        CHECK(block != NULL, "k4a_record_write_capture: no memory for the %s image (%zu bytes)", what, size);
        memcpy(block->data, buffer, size);
        return block;
    }

    size_t row = (size_t)width * (size_t)k4a4j_format_pixel_bytes(format);
    size_t rows = format == K4A_IMAGE_FORMAT_COLOR_NV12 ? (size_t)height + (size_t)height / 2 : (size_t)height;
    CHECK(stride >= 0 && (size_t)stride >= row,
          "k4a_record_write_capture: the %s image's stride %d is less than a row (%zu bytes)", what, stride, row);
    CHECK(size >= (rows - 1) * (size_t)stride + row,
          "k4a_record_write_capture: the %s image's buffer (%zu bytes) is smaller than %zu rows of stride %d", what,
          size, rows, stride);
    block = record_mux_new_block(record, (size_t)track, timestamp, rows * row);
    CHECK(block != NULL, "k4a_record_write_capture: no memory for the %s image (%zu bytes)", what, rows * row);
    if (format == K4A_IMAGE_FORMAT_DEPTH16 || format == K4A_IMAGE_FORMAT_IR16)
    {
        /* b16g: 16-bit pixels are big-endian in the file */
        if ((size_t)stride == row)
            copy_swapped16(block->data, buffer, rows * row);
        else
            for (size_t y = 0; y < rows; y++)
                copy_swapped16(block->data + y * row, buffer + y * (size_t)stride, row);
    }
    else if ((size_t)stride == row)
        memcpy(block->data, buffer, rows * row);
    else
        for (size_t y = 0; y < rows; y++)
            memcpy(block->data + y * row, buffer + y * (size_t)stride, row);
    return block;
fail:
    record_mux_free_block(record, block);
    return NULL;
}

k4a_result_t k4a_record_write_capture(k4a_record_t recording_handle, k4a_capture_t capture_handle)
{
    record_t *record = record_of(recording_handle, "k4a_record_write_capture");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a_image_t images[SLOT_COUNT] = { NULL, NULL, NULL };
    record_block_t *blocks[SLOT_COUNT] = { NULL, NULL, NULL };
    k4a4j_mutex_lock(&record->lock);
    CHECK_LOGGED(check_writable(record, "k4a_record_write_capture"));
    CHECK(capture_handle != NULL, "k4a_record_write_capture: capture_handle is NULL");
    /* when libk4a is ours (its private export is there), a capture handle's type tag can be checked */
    CHECK(k4a4j_libk4a_sink() == NULL || k4a4j_handle_is(capture_handle, K4A4J_TAG_CAPTURE),
          "k4a_record_write_capture: capture_handle is not a valid k4a_capture_t");
    images[SLOT_COLOR] = k4a_capture_get_color_image(capture_handle);
    images[SLOT_DEPTH] = k4a_capture_get_depth_image(capture_handle);
    images[SLOT_IR] = k4a_capture_get_ir_image(capture_handle);
    /* Check and copy every image first, so a capture is written whole or not at all. */
    size_t count = 0;
    for (int slot = 0; slot < SLOT_COUNT; slot++)
        if (images[slot] != NULL)
        {
            blocks[slot] = image_block(record, slot, images[slot]);
            CHECK_LOGGED(blocks[slot] != NULL);
            count++;
        }
    CHECK(record_mux_reserve(record, count), "k4a_record_write_capture: no memory for the capture");
    /* All images go into the window before any cluster is written, so none of them can fall behind
     * a cluster written for another. */
    for (int slot = 0; slot < SLOT_COUNT; slot++)
        if (blocks[slot] != NULL)
        {
            record_track_t *track = &record->tracks[blocks[slot]->track];
            track->has_data = true;
            track->last_timestamp_usec = blocks[slot]->timestamp_usec;
            record_mux_insert(record, blocks[slot]);
            blocks[slot] = NULL;
        }
    CHECK(record_mux_settle(record),
          "k4a_record_write_capture: writing %s failed: %s; the file keeps what was written before", record->path,
          record->file.error);
    for (int slot = 0; slot < SLOT_COUNT; slot++)
        if (images[slot] != NULL)
            k4a_image_release(images[slot]);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    for (int slot = 0; slot < SLOT_COUNT; slot++)
    {
        record_mux_free_block(record, blocks[slot]);
        if (images[slot] != NULL)
            k4a_image_release(images[slot]);
    }
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_imu_sample(k4a_record_t recording_handle, k4a_imu_sample_t imu_sample)
{
    record_t *record = record_of(recording_handle, "k4a_record_write_imu_sample");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(record->imu_track >= 0,
          "k4a_record_write_imu_sample: the recording has no IMU track (call k4a_record_add_imu_track "
          "before k4a_record_write_header)");
    CHECK_LOGGED(check_writable(record, "k4a_record_write_imu_sample"));
    CHECK(imu_sample.acc_timestamp_usec <= UINT64_MAX / 1000 && imu_sample.gyro_timestamp_usec <= UINT64_MAX / 1000,
          "k4a_record_write_imu_sample: timestamps %llu/%llu us are too large to store in nanoseconds",
          (unsigned long long)imu_sample.acc_timestamp_usec, (unsigned long long)imu_sample.gyro_timestamp_usec);
    uint64_t timestamp = imu_sample.acc_timestamp_usec;
    CHECK_LOGGED(check_time(record, "k4a_record_write_imu_sample", (size_t)record->imu_track, timestamp));
    CHECK(record_mux_reserve(record, 1), "k4a_record_write_imu_sample: no memory for the sample");
    record_block_t *block =
        record_mux_new_block(record, (size_t)record->imu_track, timestamp, RECORDING_IMU_SAMPLE_BYTES);
    CHECK(block != NULL, "k4a_record_write_imu_sample: no memory for the sample");
    recording_imu_write(&imu_sample, block->data);
    record_track_t *track = &record->tracks[record->imu_track];
    track->has_data = true;
    track->last_timestamp_usec = timestamp;
    record_mux_insert(record, block);
    CHECK(record_mux_settle(record),
          "k4a_record_write_imu_sample: writing %s failed: %s; the file keeps what was written before", record->path,
          record->file.error);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_custom_track_data(const k4a_record_t recording_handle, const char *track_name,
                                                uint64_t device_timestamp_usec, uint8_t *custom_data,
                                                size_t custom_data_size)
{
    const char *function = "k4a_record_write_custom_track_data";
    record_t *record = record_of(recording_handle, function);
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK(track_name != NULL, "%s: track_name is NULL", function);
    CHECK_LOGGED(check_writable(record, function));
    long track = record_find_track(record, track_name);
    CHECK(track >= 0, "%s: the recording has no track named %s", function, track_name);
    CHECK(record->tracks[track].kind == TRACK_CUSTOM_VIDEO || record->tracks[track].kind == TRACK_CUSTOM_SUBTITLE,
          "%s: %s is a built-in track; write to it with k4a_record_write_capture or k4a_record_write_imu_sample",
          function, track_name);
    CHECK(custom_data != NULL, "%s: track %s: custom_data is NULL", function, track_name);
    CHECK(custom_data_size > 0, "%s: track %s: custom_data_size is 0", function, track_name);
    CHECK_LOGGED(check_time(record, function, (size_t)track, device_timestamp_usec));
    CHECK(record_mux_reserve(record, 1), "%s: no memory for the data", function);
    record_block_t *block = record_mux_new_block(record, (size_t)track, device_timestamp_usec, custom_data_size);
    CHECK(block != NULL, "%s: track %s: no memory for %zu bytes of data", function, track_name, custom_data_size);
    memcpy(block->data, custom_data, custom_data_size);
    record->tracks[track].has_data = true;
    record->tracks[track].last_timestamp_usec = device_timestamp_usec;
    record_mux_insert(record, block);
    CHECK(record_mux_settle(record), "%s: writing %s failed: %s; the file keeps what was written before", function,
          record->path, record->file.error);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_flush(k4a_record_t recording_handle)
{
    record_t *record = record_of(recording_handle, "k4a_record_flush");
    if (record == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&record->lock);
    CHECK_LOGGED(check_writable(record, "k4a_record_flush"));
    CHECK(record_mux_flush(record), "k4a_record_flush: writing %s failed: %s; the file keeps what was written before",
          record->path, record->file.error);
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&record->lock);
    return K4A_RESULT_FAILED;
}

void k4a_record_close(k4a_record_t recording_handle)
{
    record_t *record = record_of(recording_handle, "k4a_record_close");
    if (record == NULL)
        return;
    k4a4j_mutex_lock(&record->lock);
    if (record->header_written && !record->file.failed && !record_mux_finish(record))
        LOG_ERROR("k4a_record_close: finishing %s failed: %s; the file keeps what was written before", record->path,
                  record->file.error);
    k4a4j_mutex_unlock(&record->lock);
    destroy(record);
}
