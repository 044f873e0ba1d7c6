/*
 * Reading a Matroska file (see matroska.h): opening and closing. Open reads the EBML header (DocType
 * matroska or webm, EBML read version 1), finds the Segment (after Void padding, perhaps), reads the
 * top-level elements up to the first Cluster (SeekHead, Info, Tracks, Tags, Attachments, Cues) and
 * then what the SeekHeads point to beyond it (the Cues, usually). Each part is parsed once; Tracks
 * are required, damaged Cues are ignored (they only speed seeking up).
 *
 * Limits: at most 2^20 top-level elements before the first cluster, and 256 SeekHead entries in
 * all. The other parts and their caps: matroska_internal.h.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "matroska_internal.h"

#include "../common/log.h"
#include "matroska_ids.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SEEK_ENTRIES 256u
#define MAX_HEADER_ELEMENTS (1u << 20) /* top-level elements looked at before the first cluster */

/* ---- small helpers -------------------------------------------------------------------------- */

bool mkv_grow(void **array, size_t *capacity, size_t needed, size_t element_size, size_t cap)
{
    if (needed <= *capacity)
        return true;
    if (needed > cap)
        return false;
    size_t next = *capacity < 8 ? 8 : *capacity * 2;
    if (next < needed)
        next = needed;
    if (next > cap)
        next = cap;
    void *bigger = realloc(*array, next * element_size);
    if (bigger == NULL)
        return false;
    *array = bigger;
    *capacity = next;
    return true;
}

/* ---- header elements ------------------------------------------------------------------------ */

static bool parse_ebml_header(mkv_file_t *f, ebml_element_t *header)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    char *doc_type = NULL;
    uint64_t value;
    CHECK(ebml_read_element(&f->reader, 0, f->io->size, false, header) == EBML_OK && header->id == MKV_ID_EBML,
          "not a Matroska file: it does not start with an EBML header");
    ebml_iterator_init(&it, &f->reader, header);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        switch (e.id)
        {
        case MKV_ID_DOC_TYPE:
            free(doc_type);
            doc_type = ebml_read_string(&f->reader, &e, 64);
            CHECK(doc_type != NULL, "damaged EBML header: unreadable DocType");
            break;
        case MKV_ID_EBML_READ_VERSION:
            CHECK(ebml_read_uint(&f->reader, &e, &value) && value <= 1,
                  "the file needs an EBML reader of version %llu (1 is supported)", (unsigned long long)value);
            break;
        case MKV_ID_EBML_MAX_ID_LENGTH:
            CHECK(ebml_read_uint(&f->reader, &e, &value) && value >= 1 && value <= 4,
                  "unsupported EBMLMaxIDLength %llu", (unsigned long long)value);
            break;
        case MKV_ID_EBML_MAX_SIZE_LENGTH:
            CHECK(ebml_read_uint(&f->reader, &e, &value) && value >= 1 && value <= 8,
                  "unsupported EBMLMaxSizeLength %llu", (unsigned long long)value);
            break;
        default: break;
        }
    }
    CHECK(status == EBML_END, "damaged EBML header");
    CHECK(doc_type != NULL && (strcmp(doc_type, "matroska") == 0 || strcmp(doc_type, "webm") == 0),
          "not a Matroska file: DocType is \"%s\"", doc_type == NULL ? "(none)" : doc_type);
    free(doc_type);
    return true;
fail:
    free(doc_type);
    return false;
}

static bool parse_info(mkv_file_t *f, const ebml_element_t *info)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    ebml_iterator_init(&it, &f->reader, info);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id == MKV_ID_TIMESTAMP_SCALE)
        {
            uint64_t scale;
            CHECK(ebml_read_uint(&f->reader, &e, &scale) && scale >= 1 && scale <= 1000000000u,
                  "damaged segment info: TimestampScale is not between 1 and 10^9 ns");
            f->timestamp_scale = scale;
        }
    }
    CHECK(status == EBML_END, "damaged segment info");
    f->parsed_info = true;
    return true;
fail:
    return false;
}

/* Parses a level-1 element the file's reading needs; false when it is damaged. */
static bool parse_level1(mkv_file_t *f, const ebml_element_t *e)
{
    switch (e->id)
    {
    case MKV_ID_INFO: return f->parsed_info || parse_info(f, e);
    case MKV_ID_TRACKS: return f->parsed_tracks || mkv_parse_tracks(f, e);
    case MKV_ID_TAGS: return f->parsed_tags || mkv_parse_tags(f, e);
    case MKV_ID_ATTACHMENTS: return f->parsed_attachments || mkv_parse_attachments(f, e);
    case MKV_ID_CUES:
        if (!f->parsed_cues && !mkv_parse_cues(f, e))
        {
            /* the cues only speed seeking up: do without them */
            LOG_WARNING("damaged Cues at byte %llu ignored", (unsigned long long)e->offset);
            free(f->cues);
            f->cues = NULL;
            f->cue_count = 0;
            f->parsed_cues = true;
        }
        return true;
    default: return true;
    }
}

typedef struct
{
    uint32_t id;
    uint64_t position;
} seek_entry_t;

static size_t parse_seek_head(mkv_file_t *f, const ebml_element_t *head, seek_entry_t *entries, size_t count)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_iterator_init(&it, &f->reader, head);
    while (ebml_iterator_next(&it, &e) == EBML_OK && count < MAX_SEEK_ENTRIES)
    {
        if (e.id != MKV_ID_SEEK)
            continue;
        ebml_iterator_t seek_it;
        ebml_element_t c;
        uint64_t id = 0, position = UINT64_MAX;
        ebml_iterator_init(&seek_it, &f->reader, &e);
        while (ebml_iterator_next(&seek_it, &c) == EBML_OK)
        {
            if (c.id == MKV_ID_SEEK_ID)
            {
                uint64_t v;
                if (ebml_read_uint(&f->reader, &c, &v) && v <= UINT32_MAX)
                    id = v;
            }
            else if (c.id == MKV_ID_SEEK_POSITION)
                ebml_read_uint(&f->reader, &c, &position);
        }
        if (id != 0 && position != UINT64_MAX)
        {
            entries[count].id = (uint32_t)id;
            entries[count].position = position;
            count++;
        }
    }
    return count;
}

/* ---- open and close ------------------------------------------------------------------------- */

mkv_file_t *mkv_open(k4a4j_io_t *io)
{
    ebml_element_t header, segment, e;
    seek_entry_t seeks[MAX_SEEK_ENTRIES];
    size_t seek_count = 0;
    mkv_file_t *f = calloc(1, sizeof(*f));
    CHECK(f != NULL, "out of memory");
    f->io = io;
    f->timestamp_scale = 1000000u;
    mkv_tables_init(f);
    ebml_reader_init(&f->reader, io);

    if (!parse_ebml_header(f, &header))
        goto fail;
    /* the Segment follows (perhaps after Void padding) */
    uint64_t position = header.end;
    for (;;)
    {
        CHECK(ebml_read_element(&f->reader, position, io->size, true, &segment) == EBML_OK,
              "not a Matroska file: no Segment after the EBML header");
        if (segment.id == MKV_ID_SEGMENT)
            break;
        CHECK(segment.id == MKV_ID_VOID && !segment.truncated, "not a Matroska file: no Segment after the EBML header");
        position = segment.end;
    }
    f->segment_data = segment.data;
    f->segment_end = segment.end;

    /* the top-level elements up to the first cluster */
    position = segment.data;
    for (uint32_t n = 0; n < MAX_HEADER_ELEMENTS; n++)
    {
        ebml_status_t status = ebml_read_element(&f->reader, position, f->segment_end, true, &e);
        if (status == EBML_END)
            break;
        if (status != EBML_OK)
        {
            LOG_WARNING("damaged recording: no valid element at byte %llu", (unsigned long long)position);
            break;
        }
        if (e.id == MKV_ID_CLUSTER)
        {
            f->first_cluster = e.offset;
            break;
        }
        if (e.unknown_size || e.truncated)
        {
            /* an element reaching to the end cannot be skipped; read what can be read */
            if (e.id != MKV_ID_VOID && !parse_level1(f, &e))
                goto fail;
            break;
        }
        if (e.id == MKV_ID_SEEK_HEAD)
            seek_count = parse_seek_head(f, &e, seeks, seek_count);
        else if (!parse_level1(f, &e))
            goto fail;
        position = e.end;
    }
    /* what the SeekHeads point to beyond the first cluster (Cues, usually; a further SeekHead) */
    for (size_t i = 0; i < seek_count; i++)
    {
        uint32_t id = seeks[i].id;
        if (id != MKV_ID_INFO && id != MKV_ID_TRACKS && id != MKV_ID_TAGS && id != MKV_ID_ATTACHMENTS &&
            id != MKV_ID_CUES && id != MKV_ID_SEEK_HEAD)
            continue;
        if ((id == MKV_ID_INFO && f->parsed_info) || (id == MKV_ID_TRACKS && f->parsed_tracks) ||
            (id == MKV_ID_TAGS && f->parsed_tags) || (id == MKV_ID_ATTACHMENTS && f->parsed_attachments) ||
            (id == MKV_ID_CUES && f->parsed_cues))
            continue;
        if (seeks[i].position >= f->segment_end - f->segment_data)
        {
            LOG_WARNING("the SeekHead points past the end of the recording (element %X)", (unsigned)id);
            continue;
        }
        uint64_t at = f->segment_data + seeks[i].position;
        if (ebml_read_element(&f->reader, at, f->segment_end, false, &e) != EBML_OK || e.id != id || e.unknown_size)
        {
            LOG_WARNING("the SeekHead points to no element %X at byte %llu", (unsigned)id, (unsigned long long)at);
            continue;
        }
        if (id == MKV_ID_SEEK_HEAD)
        {
            if (at != segment.data) /* not the one read already */
                seek_count = parse_seek_head(f, &e, seeks, seek_count);
        }
        else if (!parse_level1(f, &e))
            goto fail;
    }
    CHECK(f->parsed_tracks, "not a playable recording: it has no Tracks");
    if (f->first_cluster != 0)
    {
        mkv_cluster_t c;
        if (mkv_read_cluster_header(f, f->first_cluster, &c) && mkv_cluster_insert(f, &c) != NULL)
            f->has_clusters = true;
        else
            LOG_WARNING("damaged recording: the first cluster (byte %llu) cannot be read",
                        (unsigned long long)f->first_cluster);
    }
    return f;
fail:
    mkv_close(f);
    return NULL;
}

void mkv_close(mkv_file_t *f)
{
    if (f == NULL)
        return;
    mkv_free_metadata(f);
    free(f->cues);
    free(f->clusters);
    mkv_tables_free(f);
    free(f);
}

/* ---- accessors ------------------------------------------------------------------------------ */

size_t mkv_track_count(const mkv_file_t *f)
{
    return f->track_count;
}
const mkv_track_t *mkv_track(const mkv_file_t *f, size_t index)
{
    return index < f->track_count ? &f->tracks[index] : NULL;
}
size_t mkv_tag_count(const mkv_file_t *f)
{
    return f->tag_count;
}
const mkv_tag_t *mkv_tag(const mkv_file_t *f, size_t index)
{
    return index < f->tag_count ? &f->tags[index] : NULL;
}
size_t mkv_attachment_count(const mkv_file_t *f)
{
    return f->attachment_count;
}

const mkv_attachment_t *mkv_attachment(const mkv_file_t *f, size_t index)
{
    return index < f->attachment_count ? &f->attachments[index] : NULL;
}
