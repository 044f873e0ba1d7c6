/*
 * What a Matroska file says about its content (see matroska.h): the Tracks (number, UID, type,
 * name, codec id and CodecPrivate, default duration, video size; a track whose frames have
 * ContentEncodings is marked, not decoded), the Tags (each SimpleTag with the first track and
 * attachment UID of its Targets) and the Attachments (located, their data is not loaded).
 *
 * Limits, on what a file can make us allocate: 1024 tracks, 65536 tags, 4096 attachments, names
 * and codec ids of 64 KiB, tag values of 1 MiB, CodecPrivate of 16 MiB. A track entry with number
 * 0 or a number used already is ignored with a warning; nameless tags and nameless or empty
 * attachments are skipped. Anything else damaged fails the open.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "matroska_internal.h"

#include "../common/log.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TRACKS 1024u
#define MAX_TAGS 65536u
#define MAX_ATTACHMENTS 4096u
#define MAX_NAME 65536u
#define MAX_TAG_VALUE (1u << 20)
#define MAX_CODEC_PRIVATE (16u << 20)

/* ---- freeing --------------------------------------------------------------------------------- */

void mkv_track_free(mkv_track_t *t)
{
    free(t->name);
    free(t->codec_id);
    free(t->codec_private);
    memset(t, 0, sizeof(*t));
}

void mkv_tag_free(mkv_tag_t *t)
{
    free(t->name);
    free(t->value);
    memset(t, 0, sizeof(*t));
}

void mkv_attachment_free(mkv_attachment_t *a)
{
    free(a->name);
    free(a->media_type);
    memset(a, 0, sizeof(*a));
}

/* ---- tracks ---------------------------------------------------------------------------------- */

static bool parse_video(mkv_file_t *f, const ebml_element_t *video, mkv_track_t *t)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    t->has_video = true;
    ebml_iterator_init(&it, &f->reader, video);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id == MKV_ID_PIXEL_WIDTH && !ebml_read_uint(&f->reader, &e, &t->pixel_width))
            return false;
        if (e.id == MKV_ID_PIXEL_HEIGHT && !ebml_read_uint(&f->reader, &e, &t->pixel_height))
            return false;
    }
    return status == EBML_END;
}

static bool parse_track_entry(mkv_file_t *f, const ebml_element_t *entry, mkv_track_t *t)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    ebml_iterator_init(&it, &f->reader, entry);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        bool ok = true;
        switch (e.id)
        {
        case MKV_ID_TRACK_NUMBER: ok = ebml_read_uint(&f->reader, &e, &t->number); break;
        case MKV_ID_TRACK_UID: ok = ebml_read_uint(&f->reader, &e, &t->uid); break;
        case MKV_ID_TRACK_TYPE: ok = ebml_read_uint(&f->reader, &e, &t->type); break;
        case MKV_ID_DEFAULT_DURATION: ok = ebml_read_uint(&f->reader, &e, &t->default_duration_ns); break;
        case MKV_ID_NAME:
            free(t->name);
            ok = (t->name = ebml_read_string(&f->reader, &e, MAX_NAME)) != NULL;
            break;
        case MKV_ID_CODEC_ID:
            free(t->codec_id);
            ok = (t->codec_id = ebml_read_string(&f->reader, &e, MAX_NAME)) != NULL;
            break;
        case MKV_ID_CODEC_PRIVATE:
            free(t->codec_private);
            t->codec_private = ebml_read_binary(&f->reader, &e, MAX_CODEC_PRIVATE, &t->codec_private_size);
            ok = t->codec_private != NULL;
            break;
        case MKV_ID_VIDEO: ok = parse_video(f, &e, t); break;
        case MKV_ID_CONTENT_ENCODINGS: t->encoded = true; break;
        default: break;
        }
        if (!ok)
            return false;
    }
    if (status != EBML_END)
        return false;
    if (t->name == NULL)
        t->name = calloc(1, 1);
    if (t->codec_id == NULL)
        t->codec_id = calloc(1, 1);
    return t->name != NULL && t->codec_id != NULL;
}

bool mkv_parse_tracks(mkv_file_t *f, const ebml_element_t *tracks)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    size_t capacity = 0;
    ebml_iterator_init(&it, &f->reader, tracks);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id != MKV_ID_TRACK_ENTRY)
            continue;
        mkv_track_t t;
        memset(&t, 0, sizeof(t));
        if (!parse_track_entry(f, &e, &t))
        {
            mkv_track_free(&t);
            LOG_ERROR("damaged track entry at byte %llu", (unsigned long long)e.offset);
            return false;
        }
        bool duplicate = t.number == 0;
        for (size_t i = 0; i < f->track_count && !duplicate; i++)
            duplicate = f->tracks[i].number == t.number;
        if (duplicate)
        {
            LOG_WARNING("track entry at byte %llu ignored: its number %llu is 0 or already used",
                        (unsigned long long)e.offset, (unsigned long long)t.number);
            mkv_track_free(&t);
            continue;
        }
        if (!mkv_grow((void **)&f->tracks, &capacity, f->track_count + 1, sizeof(mkv_track_t), MAX_TRACKS))
        {
            mkv_track_free(&t);
            LOG_ERROR("more than %u tracks, or out of memory", MAX_TRACKS);
            return false;
        }
        f->tracks[f->track_count++] = t;
    }
    CHECK(status == EBML_END, "damaged Tracks element at byte %llu", (unsigned long long)tracks->offset);
    f->parsed_tracks = true;
    return true;
fail:
    return false;
}

/* ---- tags ------------------------------------------------------------------------------------ */

static bool add_tag(mkv_file_t *f, char *name, char *value, uint64_t track_uid, uint64_t attachment_uid)
{
    if (!mkv_grow((void **)&f->tags, &f->tag_capacity, f->tag_count + 1, sizeof(mkv_tag_t), MAX_TAGS))
    {
        free(name);
        free(value);
        return false;
    }
    mkv_tag_t *t = &f->tags[f->tag_count++];
    t->name = name;
    t->value = value;
    t->track_uid = track_uid;
    t->attachment_uid = attachment_uid;
    return true;
}

static bool parse_simple_tag(mkv_file_t *f, const ebml_element_t *simple, uint64_t track_uid, uint64_t attachment_uid)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    char *name = NULL, *value = NULL;
    ebml_iterator_init(&it, &f->reader, simple);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id == MKV_ID_TAG_NAME)
        {
            free(name);
            if ((name = ebml_read_string(&f->reader, &e, MAX_NAME)) == NULL)
                break;
        }
        else if (e.id == MKV_ID_TAG_STRING)
        {
            free(value);
            if ((value = ebml_read_string(&f->reader, &e, MAX_TAG_VALUE)) == NULL)
                break;
        }
    }
    if (status != EBML_END) /* damaged, or a string could not be read */
        goto fail;
    if (name == NULL) /* a SimpleTag without a name says nothing */
    {
        free(value);
        return true;
    }
    if (value == NULL && (value = calloc(1, 1)) == NULL)
        goto fail;
    return add_tag(f, name, value, track_uid, attachment_uid);
fail:
    free(name);
    free(value);
    return false;
}

static bool parse_tag(mkv_file_t *f, const ebml_element_t *tag)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    uint64_t track_uid = 0, attachment_uid = 0;
    /* the Targets come first in practice, but may follow the SimpleTags: read them first */
    ebml_iterator_init(&it, &f->reader, tag);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id != MKV_ID_TARGETS)
            continue;
        ebml_iterator_t targets;
        ebml_element_t t;
        ebml_iterator_init(&targets, &f->reader, &e);
        while ((status = ebml_iterator_next(&targets, &t)) == EBML_OK)
        {
            uint64_t uid;
            if (t.id == MKV_ID_TAG_TRACK_UID && track_uid == 0 && ebml_read_uint(&f->reader, &t, &uid))
                track_uid = uid;
            if (t.id == MKV_ID_TAG_ATTACHMENT_UID && attachment_uid == 0 && ebml_read_uint(&f->reader, &t, &uid))
                attachment_uid = uid;
        }
        if (status != EBML_END)
            return false;
    }
    if (status != EBML_END)
        return false;
    ebml_iterator_init(&it, &f->reader, tag);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
        if (e.id == MKV_ID_SIMPLE_TAG && !parse_simple_tag(f, &e, track_uid, attachment_uid))
            return false;
    return status == EBML_END;
}

bool mkv_parse_tags(mkv_file_t *f, const ebml_element_t *tags)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    ebml_iterator_init(&it, &f->reader, tags);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
        if (e.id == MKV_ID_TAG && !parse_tag(f, &e))
        {
            LOG_ERROR("damaged tag at byte %llu (or more than %u tags)", (unsigned long long)e.offset, MAX_TAGS);
            return false;
        }
    CHECK(status == EBML_END, "damaged Tags element at byte %llu", (unsigned long long)tags->offset);
    f->parsed_tags = true;
    return true;
fail:
    return false;
}

/* ---- attachments ----------------------------------------------------------------------------- */

bool mkv_parse_attachments(mkv_file_t *f, const ebml_element_t *attachments)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    ebml_iterator_init(&it, &f->reader, attachments);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id != MKV_ID_ATTACHED_FILE)
            continue;
        mkv_attachment_t a;
        memset(&a, 0, sizeof(a));
        bool has_data = false, ok = true;
        ebml_iterator_t file_it;
        ebml_element_t c;
        ebml_status_t file_status;
        ebml_iterator_init(&file_it, &f->reader, &e);
        while (ok && (file_status = ebml_iterator_next(&file_it, &c)) == EBML_OK)
        {
            switch (c.id)
            {
            case MKV_ID_FILE_NAME:
                free(a.name);
                ok = (a.name = ebml_read_string(&f->reader, &c, MAX_NAME)) != NULL;
                break;
            case MKV_ID_FILE_MEDIA_TYPE:
                free(a.media_type);
                ok = (a.media_type = ebml_read_string(&f->reader, &c, MAX_NAME)) != NULL;
                break;
            case MKV_ID_FILE_UID: ok = ebml_read_uint(&f->reader, &c, &a.uid); break;
            case MKV_ID_FILE_DATA:
                a.data_offset = c.data;
                a.data_size = ebml_size(&c);
                has_data = true;
                break;
            default: break;
            }
        }
        if (!ok || file_status != EBML_END ||
            !mkv_grow((void **)&f->attachments, &f->attachment_capacity, f->attachment_count + 1,
                      sizeof(mkv_attachment_t), MAX_ATTACHMENTS))
        {
            mkv_attachment_free(&a);
            LOG_ERROR("damaged attachment at byte %llu (or more than %u attachments)", (unsigned long long)e.offset,
                      MAX_ATTACHMENTS);
            return false;
        }
        if (a.name == NULL || !has_data)
        {
            mkv_attachment_free(&a);
            continue; /* nameless or empty entries cannot be asked for */
        }
        f->attachments[f->attachment_count++] = a;
    }
    CHECK(status == EBML_END, "damaged Attachments element at byte %llu", (unsigned long long)attachments->offset);
    f->parsed_attachments = true;
    return true;
fail:
    return false;
}

void mkv_free_metadata(mkv_file_t *f)
{
    for (size_t i = 0; i < f->track_count; i++)
        mkv_track_free(&f->tracks[i]);
    free(f->tracks);
    for (size_t i = 0; i < f->tag_count; i++)
        mkv_tag_free(&f->tags[i]);
    free(f->tags);
    for (size_t i = 0; i < f->attachment_count; i++)
        mkv_attachment_free(&f->attachments[i]);
    free(f->attachments);
}
