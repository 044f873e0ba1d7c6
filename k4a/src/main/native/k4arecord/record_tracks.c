/*
 * The tracks, tags and attachments of a recording being written (see record_internal.h): the
 * checks of the names users give them, their random UIDs, and the built-in tracks and tags a
 * device configuration asks for (COLOR, DEPTH, IR with their modes, sync and delays, and a
 * device's calibration, firmware versions and serial number). Names, codec ids and tag values are
 * the recording format's (recording_format.h); the elements are Matroska's (matroska_types.h),
 * as the reader has them.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "record_internal.h"

#include "matroska_ids.h"
#include "recording_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if !defined(_WIN32)
#include <fcntl.h>
#include <unistd.h>
#endif

/* ---- names and UIDs ------------------------------------------------------------------------------ */

char *record_copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

bool record_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != 0)
    {
        unsigned char c = *p;
        size_t extra;
        uint32_t code;
        if (c < 0x80)
        {
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            extra = 1, code = c & 0x1Fu;
        else if (c >= 0xE0 && c <= 0xEF)
            extra = 2, code = c & 0x0Fu;
        else if (c >= 0xF0 && c <= 0xF4)
            extra = 3, code = c & 0x07u;
        else
            return false;
        for (size_t i = 1; i <= extra; i++)
        {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (p[i] & 0x3Fu);
        }
        if ((extra == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
            (extra == 3 && (code < 0x10000 || code > 0x10FFFF)))
            return false;
        p += extra + 1;
    }
    return true;
}

/* Tag names: upper-case letters, digits and '_' (the reference drops other names silently; we
 * refuse them). */
bool record_is_tag_name(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* Track names: upper-case letters, digits, '-' and '_'. */
bool record_is_track_name(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

bool record_is_codec_id(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (*s < 0x20 || *s > 0x7E)
            return false;
    return true;
}

static uint64_t next_uid(record_t *record)
{
    /* splitmix64 over a randomly seeded state; UIDs stay below 2^63 and are never 0 */
    uint64_t z;
    do
    {
        z = (record->uid_state += UINT64_C(0x9E3779B97F4A7C15));
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        z = (z ^ (z >> 31)) & UINT64_C(0x7FFFFFFFFFFFFFFF);
    } while (z == 0);
    return z;
}

void record_seed_uids(record_t *record)
{
    uint64_t seed = 0;
#if !defined(_WIN32)
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
    {
        if (read(fd, &seed, sizeof(seed)) != (ssize_t)sizeof(seed))
            seed = 0;
        close(fd);
    }
#endif
    if (seed == 0)
        seed = (uint64_t)time(NULL) * UINT64_C(1000003) ^ (uint64_t)(uintptr_t)record ^ (uint64_t)clock();
    record->uid_state = seed;
}

/* ---- tracks, tags, attachments ----------------------------------------------------------------- */

void record_set_video(record_track_t *track, uint64_t width, uint64_t height, uint64_t default_duration_ns)
{
    track->mkv.type = MKV_TRACK_TYPE_VIDEO;
    track->mkv.has_video = true;
    track->mkv.pixel_width = width;
    track->mkv.pixel_height = height;
    track->mkv.default_duration_ns = default_duration_ns;
}

record_track_t *record_add_track(record_t *record, const char *name, const char *codec_id, const uint8_t *codec_private,
                                 size_t codec_private_size, record_track_kind_t kind)
{
    record_track_t *tracks = realloc(record->tracks, (record->track_count + 1) * sizeof(*tracks));
    if (tracks == NULL)
        return NULL;
    record->tracks = tracks;
    record_track_t *track = &tracks[record->track_count];
    memset(track, 0, sizeof(*track));
    mkv_track_t *t = &track->mkv;
    t->name = record_copy_string(name);
    t->codec_id = record_copy_string(codec_id);
    if (codec_private_size > 0)
    {
        t->codec_private = malloc(codec_private_size);
        if (t->codec_private != NULL)
            memcpy(t->codec_private, codec_private, codec_private_size);
    }
    if (t->name == NULL || t->codec_id == NULL || (codec_private_size > 0 && t->codec_private == NULL))
    {
        mkv_track_free(t);
        return NULL;
    }
    t->codec_private_size = codec_private_size;
    t->type = MKV_TRACK_TYPE_SUBTITLE;
    t->number = record->track_count + 1;
    t->uid = next_uid(record);
    track->kind = kind;
    record->track_count++;
    return track;
}

bool record_add_tag(record_t *record, const char *name, const char *value, uint64_t track_uid, uint64_t attachment_uid,
                    bool builtin)
{
    record_tag_t *tags = realloc(record->tags, (record->tag_count + 1) * sizeof(*tags));
    if (tags == NULL)
        return false;
    record->tags = tags;
    record_tag_t *tag = &tags[record->tag_count];
    tag->mkv.name = record_copy_string(name);
    tag->mkv.value = record_copy_string(value);
    if (tag->mkv.name == NULL || tag->mkv.value == NULL)
    {
        mkv_tag_free(&tag->mkv);
        return false;
    }
    tag->mkv.track_uid = track_uid;
    tag->mkv.attachment_uid = attachment_uid;
    tag->builtin = builtin;
    record->tag_count++;
    return true;
}

/* The tag naming a track (RECORDING_TAG_COLOR_TRACK = its UID). */
bool record_add_track_tag(record_t *record, const char *name, const record_track_t *track)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%llu", (unsigned long long)track->mkv.uid);
    return record_add_tag(record, name, uid, track->mkv.uid, 0, true);
}

record_attachment_t *record_add_attachment(record_t *record, const char *name, const uint8_t *data, size_t size)
{
    record_attachment_t *attachments =
        realloc(record->attachments, (record->attachment_count + 1) * sizeof(*attachments));
    if (attachments == NULL)
        return NULL;
    record->attachments = attachments;
    record_attachment_t *a = &attachments[record->attachment_count];
    memset(a, 0, sizeof(*a));
    a->mkv.name = record_copy_string(name);
    a->data = malloc(size > 0 ? size : 1);
    if (a->mkv.name == NULL || a->data == NULL)
    {
        mkv_attachment_free(&a->mkv);
        free(a->data);
        return NULL;
    }
    if (size > 0)
        memcpy(a->data, data, size);
    a->mkv.data_size = size;
    a->mkv.uid = next_uid(record);
    record->attachment_count++;
    return a;
}

long record_find_track(const record_t *record, const char *name)
{
    for (size_t i = 0; i < record->track_count; i++)
        if (strcmp(record->tracks[i].mkv.name, name) == 0)
            return (long)i;
    return -1;
}

bool record_add_custom_track_tag(record_t *record, const record_track_t *track)
{
    size_t length = strlen(RECORDING_TAG_CUSTOM_TRACK_PREFIX) + strlen(track->mkv.name) + 1;
    char *name = malloc(length);
    if (name == NULL)
        return false;
    snprintf(name, length, RECORDING_TAG_CUSTOM_TRACK_PREFIX "%s", track->mkv.name);
    bool ok = record_add_track_tag(record, name, track);
    free(name);
    return ok;
}

/* ---- creation ------------------------------------------------------------------------------------ */

/* The built-in tracks and tags the configuration asks for (and the device's, when there is one). */
bool record_add_builtin_tracks(record_t *record, const device_info_t *device)
{
    const k4a_device_configuration_t *c = &record->config;
    uint64_t period = recording_frame_period_ns(c->camera_fps);
    char text[64];
    int width = 0, height = 0;
    uint8_t bih[RECORDING_BITMAP_INFO_BYTES];

    if (c->color_resolution != K4A_COLOR_RESOLUTION_OFF)
    {
        recording_color_size(c->color_resolution, &width, &height);
        uint16_t bits = 24;
        uint32_t image_size = 0;
        switch (c->color_format)
        {
        case K4A_IMAGE_FORMAT_COLOR_NV12: bits = 12, image_size = (uint32_t)(width * height * 3 / 2); break;
        case K4A_IMAGE_FORMAT_COLOR_YUY2: bits = 16, image_size = (uint32_t)(width * height * 2); break;
        case K4A_IMAGE_FORMAT_COLOR_BGRA32: bits = 32, image_size = (uint32_t)(width * height * 4); break;
        default: break; /* MJPG: compressed, no fixed size */
        }
        recording_bitmap_info_write(bih, width, height, bits, recording_color_fourcc(c->color_format), image_size);
        record_track_t *track =
            record_add_track(record, K4A_TRACK_NAME_COLOR, RECORDING_CODEC_VFW, bih, sizeof(bih), TRACK_COLOR);
        if (track == NULL)
            return false;
        record_set_video(track, (uint64_t)width, (uint64_t)height, period);
        record->color_track = (long)record->track_count - 1;
        snprintf(text, sizeof(text), "%s_%s", recording_color_fourcc(c->color_format),
                 recording_color_resolution_name(c->color_resolution));
        if (!record_add_track_tag(record, RECORDING_TAG_COLOR_TRACK, track) ||
            !record_add_tag(record, RECORDING_TAG_COLOR_MODE, text, track->mkv.uid, 0, true))
            return false;
    }
    if (c->depth_mode != K4A_DEPTH_MODE_OFF)
    {
        recording_depth_size(c->depth_mode, &width, &height);
        recording_bitmap_info_write(bih, width, height, 16, "b16g", (uint32_t)(width * height * 2));
        bool passive = c->depth_mode == K4A_DEPTH_MODE_PASSIVE_IR;
        if (!passive)
        {
            record_track_t *track =
                record_add_track(record, K4A_TRACK_NAME_DEPTH, RECORDING_CODEC_VFW, bih, sizeof(bih), TRACK_DEPTH);
            if (track == NULL)
                return false;
            record_set_video(track, (uint64_t)width, (uint64_t)height, period);
            record->depth_track = (long)record->track_count - 1;
            if (!record_add_track_tag(record, RECORDING_TAG_DEPTH_TRACK, track) ||
                !record_add_tag(record, RECORDING_TAG_DEPTH_MODE, recording_depth_mode_name(c->depth_mode),
                                track->mkv.uid, 0, true))
                return false;
        }
        record_track_t *track =
            record_add_track(record, K4A_TRACK_NAME_IR, RECORDING_CODEC_VFW, bih, sizeof(bih), TRACK_IR);
        if (track == NULL)
            return false;
        record_set_video(track, (uint64_t)width, (uint64_t)height, period);
        record->ir_track = (long)record->track_count - 1;
        if (!record_add_track_tag(record, RECORDING_TAG_IR_TRACK, track) ||
            !record_add_tag(record, RECORDING_TAG_IR_MODE, passive ? "PASSIVE" : "ACTIVE", track->mkv.uid, 0, true))
            return false;
        /* Without a DEPTH track, the depth mode (PASSIVE_IR) is told on the IR track. */
        if (passive && !record_add_tag(record, RECORDING_TAG_DEPTH_MODE, recording_depth_mode_name(c->depth_mode),
                                       track->mkv.uid, 0, true))
            return false;
    }
    if (c->color_resolution != K4A_COLOR_RESOLUTION_OFF && c->depth_mode != K4A_DEPTH_MODE_OFF)
    {
        snprintf(text, sizeof(text), "%lld", (long long)c->depth_delay_off_color_usec * 1000);
        if (!record_add_tag(record, RECORDING_TAG_DEPTH_DELAY_NS, text, 0, 0, true))
            return false;
    }
    if (!record_add_tag(record, RECORDING_TAG_WIRED_SYNC_MODE, recording_wired_sync_mode_name(c->wired_sync_mode), 0, 0,
                        true))
        return false;
    if (c->wired_sync_mode == K4A_WIRED_SYNC_MODE_SUBORDINATE)
    {
        snprintf(text, sizeof(text), "%llu", (unsigned long long)c->subordinate_delay_off_master_usec * 1000);
        if (!record_add_tag(record, RECORDING_TAG_SUBORDINATE_DELAY_NS, text, 0, 0, true))
            return false;
    }
    if (device != NULL)
    {
        record_attachment_t *calibration = record_add_attachment(record, RECORDING_CALIBRATION_ATTACHMENT,
                                                                 device->calibration, device->calibration_size);
        if (calibration == NULL ||
            !record_add_tag(record, RECORDING_TAG_COLOR_FIRMWARE_VERSION, device->color_firmware, 0, 0, true) ||
            !record_add_tag(record, RECORDING_TAG_DEPTH_FIRMWARE_VERSION, device->depth_firmware, 0, 0, true) ||
            !record_add_tag(record, RECORDING_TAG_DEVICE_SERIAL_NUMBER, device->serial, 0, 0, true) ||
            !record_add_tag(record, RECORDING_TAG_CALIBRATION_FILE, RECORDING_CALIBRATION_ATTACHMENT, 0,
                            calibration->mkv.uid, true))
            return false;
    }
    return true;
}

void record_free_tracks(record_t *record)
{
    for (size_t i = 0; i < record->track_count; i++)
        mkv_track_free(&record->tracks[i].mkv);
    free(record->tracks);
    for (size_t i = 0; i < record->tag_count; i++)
        mkv_tag_free(&record->tags[i].mkv);
    free(record->tags);
    for (size_t i = 0; i < record->attachment_count; i++)
    {
        mkv_attachment_free(&record->attachments[i].mkv);
        free(record->attachments[i].data);
    }
    free(record->attachments);
}
