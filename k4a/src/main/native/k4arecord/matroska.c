/*
 * Reading a Matroska file for playback (see matroska.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "matroska.h"

#include "../common/log.h"
#include "matroska_ids.h"

#include <stdlib.h>
#include <string.h>

/* Caps on what a file can make us allocate. */
#define MAX_TRACKS 1024u
#define MAX_TAGS 65536u
#define MAX_ATTACHMENTS 4096u
#define MAX_CUES (1u << 20)
#define MAX_SEEK_ENTRIES 256u
#define MAX_NAME 65536u
#define MAX_TAG_VALUE (1u << 20)
#define MAX_CODEC_PRIVATE (16u << 20)
#define MAX_BLOCKS_PER_CLUSTER (1u << 18)
#define MAX_FRAMES_PER_CLUSTER (1u << 20)
#define MAX_CLUSTERS (1u << 24)
#define MAX_HEADER_ELEMENTS (1u << 20) /* top-level elements looked at before the first cluster */
#define TABLE_CACHE 8
#ifndef RESYNC_GAP /* (the fuzz target sets a small one, to reach the searches with small inputs) */
#define RESYNC_GAP ((uint64_t)16 << 20) /* gaps between known clusters longer than this are searched */
#endif
#define RESYNC_CHUNK 65536

typedef struct
{
    uint64_t offset; /* of the Cluster element */
    uint64_t data;
    uint64_t end;
    int64_t time_ns;   /* the cluster's timestamp */
    bool next_known;   /* the next index entry is the cluster that follows this one in the file */
    bool last;         /* no cluster follows */
    bool next_damaged; /* what follows could not be read */
    bool truncated;    /* the cluster reaches past the end of the file */
} cluster_t;

typedef struct
{
    uint64_t track;
    int64_t time_ns;
    int64_t duration_ns; /* -1: no BlockDuration */
    uint32_t first_frame;
    uint32_t frame_count;
} block_t;

typedef struct
{
    uint64_t offset;
    uint64_t size;
} span_t;

typedef struct
{
    uint64_t cluster; /* UINT64_MAX: empty slot */
    block_t *blocks;
    uint32_t block_count;
    uint32_t block_capacity;
    span_t *frames;
    uint32_t frame_count;
    uint32_t frame_capacity;
    mkv_result_t end; /* after the last block: MKV_NONE (end of cluster) or MKV_DAMAGED */
    uint64_t used;
} table_t;

typedef struct
{
    uint64_t cluster; /* absolute offset */
    int64_t time_ns;
} cue_t;

struct mkv_file
{
    k4a4j_io_t *io;
    ebml_reader_t reader;
    uint64_t segment_data;
    uint64_t segment_end;
    uint64_t timestamp_scale;
    char *writing_app;
    mkv_track_t *tracks;
    size_t track_count;
    mkv_tag_t *tags;
    size_t tag_count;
    size_t tag_capacity;
    mkv_attachment_t *attachments;
    size_t attachment_count;
    size_t attachment_capacity;
    cue_t *cues; /* sorted by cluster offset */
    size_t cue_count;
    bool has_clusters;
    uint64_t first_cluster;
    cluster_t *clusters; /* sorted by offset */
    size_t cluster_count;
    size_t cluster_capacity;
    table_t tables[TABLE_CACHE];
    uint64_t table_clock;
    bool parsed_info, parsed_tracks, parsed_tags, parsed_attachments, parsed_cues;
    bool warned_truncated;
};

/* ---- small helpers -------------------------------------------------------------------------- */

static bool grow(void **array, size_t *capacity, size_t needed, size_t element_size, size_t cap)
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

/* ticks * scale, false on overflow */
static bool ticks_to_ns(int64_t ticks, uint64_t scale, int64_t *ns)
{
    if (scale == 0 || scale > (uint64_t)INT64_MAX)
        return false;
    int64_t s = (int64_t)scale;
    if (ticks > INT64_MAX / s || ticks < INT64_MIN / s)
        return false;
    *ns = ticks * s;
    return true;
}

static bool is_top_level_id(uint32_t id)
{
    switch (id)
    {
    case MKV_ID_SEEK_HEAD:
    case MKV_ID_INFO:
    case MKV_ID_TRACKS:
    case MKV_ID_CLUSTER:
    case MKV_ID_CUES:
    case MKV_ID_ATTACHMENTS:
    case MKV_ID_CHAPTERS:
    case MKV_ID_TAGS:
    case MKV_ID_SEGMENT:
    case MKV_ID_EBML:
        return true;
    default:
        return false;
    }
}

int mkv_pos_compare(const mkv_pos_t *a, const mkv_pos_t *b)
{
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    if (a->frame != b->frame)
        return a->frame < b->frame ? -1 : 1;
    return 0;
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
        default:
            break;
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
        else if (e.id == MKV_ID_WRITING_APP)
        {
            free(f->writing_app);
            f->writing_app = ebml_read_string(&f->reader, &e, MAX_NAME);
        }
    }
    CHECK(status == EBML_END, "damaged segment info");
    f->parsed_info = true;
    return true;
fail:
    return false;
}

static void free_track(mkv_track_t *t)
{
    free(t->name);
    free(t->codec_id);
    free(t->codec_private);
    memset(t, 0, sizeof(*t));
}

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

static bool parse_tracks(mkv_file_t *f, const ebml_element_t *tracks)
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
            free_track(&t);
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
            free_track(&t);
            continue;
        }
        if (!grow((void **)&f->tracks, &capacity, f->track_count + 1, sizeof(mkv_track_t), MAX_TRACKS))
        {
            free_track(&t);
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

static bool add_tag(mkv_file_t *f, char *name, char *value, uint64_t track_uid, uint64_t attachment_uid)
{
    if (!grow((void **)&f->tags, &f->tag_capacity, f->tag_count + 1, sizeof(mkv_tag_t), MAX_TAGS))
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

static bool parse_tags(mkv_file_t *f, const ebml_element_t *tags)
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

static bool parse_attachments(mkv_file_t *f, const ebml_element_t *attachments)
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
            !grow((void **)&f->attachments, &f->attachment_capacity, f->attachment_count + 1,
                  sizeof(mkv_attachment_t), MAX_ATTACHMENTS))
        {
            free(a.name);
            free(a.media_type);
            LOG_ERROR("damaged attachment at byte %llu (or more than %u attachments)", (unsigned long long)e.offset,
                      MAX_ATTACHMENTS);
            return false;
        }
        if (a.name == NULL || !has_data)
        {
            free(a.name);
            free(a.media_type);
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

static int compare_cues(const void *a, const void *b)
{
    const cue_t *x = a, *y = b;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    return 0;
}

static bool parse_cues(mkv_file_t *f, const ebml_element_t *cues)
{
    ebml_iterator_t it;
    ebml_element_t e;
    ebml_status_t status;
    size_t capacity = 0;
    ebml_iterator_init(&it, &f->reader, cues);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id != MKV_ID_CUE_POINT)
            continue;
        uint64_t time = 0;
        bool has_time = false;
        ebml_iterator_t point_it;
        ebml_element_t c;
        ebml_status_t point_status;
        /* time first, then the positions (which may come in either order) */
        ebml_iterator_init(&point_it, &f->reader, &e);
        while ((point_status = ebml_iterator_next(&point_it, &c)) == EBML_OK)
            if (c.id == MKV_ID_CUE_TIME)
                has_time = ebml_read_uint(&f->reader, &c, &time);
        if (point_status != EBML_END)
            return false;
        int64_t time_ns;
        if (!has_time || time > (uint64_t)INT64_MAX || !ticks_to_ns((int64_t)time, f->timestamp_scale, &time_ns))
            continue;
        ebml_iterator_init(&point_it, &f->reader, &e);
        while ((point_status = ebml_iterator_next(&point_it, &c)) == EBML_OK)
        {
            if (c.id != MKV_ID_CUE_TRACK_POSITIONS)
                continue;
            ebml_iterator_t pos_it;
            ebml_element_t p;
            ebml_status_t pos_status;
            ebml_iterator_init(&pos_it, &f->reader, &c);
            while ((pos_status = ebml_iterator_next(&pos_it, &p)) == EBML_OK)
            {
                uint64_t position;
                if (p.id != MKV_ID_CUE_CLUSTER_POSITION || !ebml_read_uint(&f->reader, &p, &position))
                    continue;
                if (position >= f->segment_end - f->segment_data)
                    continue;
                if (!grow((void **)&f->cues, &capacity, f->cue_count + 1, sizeof(cue_t), MAX_CUES))
                    return false;
                f->cues[f->cue_count].cluster = f->segment_data + position;
                f->cues[f->cue_count].time_ns = time_ns;
                f->cue_count++;
            }
            if (pos_status != EBML_END)
                return false;
        }
        if (point_status != EBML_END)
            return false;
    }
    if (status != EBML_END)
        return false;
    /* sorted by position, one cue per cluster (the earliest time) */
    if (f->cue_count > 1)
    {
        qsort(f->cues, f->cue_count, sizeof(cue_t), compare_cues);
        size_t kept = 1;
        for (size_t i = 1; i < f->cue_count; i++)
        {
            if (f->cues[i].cluster == f->cues[kept - 1].cluster)
            {
                if (f->cues[i].time_ns < f->cues[kept - 1].time_ns)
                    f->cues[kept - 1].time_ns = f->cues[i].time_ns;
            }
            else
                f->cues[kept++] = f->cues[i];
        }
        f->cue_count = kept;
    }
    f->parsed_cues = true;
    return true;
}

/* Parses a level-1 element the file's reading needs; false when it is damaged. */
static bool parse_level1(mkv_file_t *f, const ebml_element_t *e)
{
    switch (e->id)
    {
    case MKV_ID_INFO: return f->parsed_info || parse_info(f, e);
    case MKV_ID_TRACKS: return f->parsed_tracks || parse_tracks(f, e);
    case MKV_ID_TAGS: return f->parsed_tags || parse_tags(f, e);
    case MKV_ID_ATTACHMENTS: return f->parsed_attachments || parse_attachments(f, e);
    case MKV_ID_CUES:
        if (!f->parsed_cues && !parse_cues(f, e))
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

/* ---- clusters ------------------------------------------------------------------------------- */

static size_t cluster_lower_bound(const mkv_file_t *f, uint64_t offset)
{
    size_t lo = 0, hi = f->cluster_count;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        if (f->clusters[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static cluster_t *cluster_find(mkv_file_t *f, uint64_t offset)
{
    size_t i = cluster_lower_bound(f, offset);
    return i < f->cluster_count && f->clusters[i].offset == offset ? &f->clusters[i] : NULL;
}

static void forget_table(mkv_file_t *f, uint64_t cluster)
{
    for (size_t i = 0; i < TABLE_CACHE; i++)
        if (f->tables[i].cluster == cluster)
            f->tables[i].cluster = UINT64_MAX;
}

/* Reads the cluster header at offset: its extent and its timestamp. */
static bool read_cluster_header(mkv_file_t *f, uint64_t offset, cluster_t *c)
{
    ebml_element_t e, child;
    if (ebml_read_element(&f->reader, offset, f->segment_end, true, &e) != EBML_OK || e.id != MKV_ID_CLUSTER)
        return false;
    memset(c, 0, sizeof(*c));
    c->offset = offset;
    c->data = e.data;
    c->end = e.end;
    c->truncated = e.truncated || (e.unknown_size && f->segment_end >= f->io->size);
    bool has_time = false;
    uint64_t position = e.data;
    /* the Timestamp comes before the blocks (after a CRC-32 or a Void, perhaps) */
    for (int n = 0; n < 16; n++)
    {
        if (ebml_read_element(&f->reader, position, e.end, false, &child) != EBML_OK || child.unknown_size)
            break;
        if (child.id == MKV_ID_CLUSTER_TIMESTAMP)
        {
            uint64_t ticks;
            if (!ebml_read_uint(&f->reader, &child, &ticks) || ticks > (uint64_t)INT64_MAX ||
                !ticks_to_ns((int64_t)ticks, f->timestamp_scale, &c->time_ns))
                return false;
            has_time = true;
            break;
        }
        if (child.id == MKV_ID_SIMPLE_BLOCK || child.id == MKV_ID_BLOCK_GROUP || is_top_level_id(child.id))
            break;
        position = child.end;
    }
    if (!has_time)
        return false;
    if (e.unknown_size)
    {
        /* the cluster ends where the next top-level element starts */
        position = e.data;
        for (;;)
        {
            ebml_status_t status = ebml_read_element(&f->reader, position, f->segment_end, false, &child);
            if (status != EBML_OK || child.unknown_size || is_top_level_id(child.id))
                break;
            position = child.end;
        }
        c->end = position;
    }
    return true;
}

/* Adds (or finds) the cluster at offset in the index. */
static cluster_t *cluster_insert(mkv_file_t *f, const cluster_t *c)
{
    size_t i = cluster_lower_bound(f, c->offset);
    if (i < f->cluster_count && f->clusters[i].offset == c->offset)
        return &f->clusters[i];
    if (!grow((void **)&f->clusters, &f->cluster_capacity, f->cluster_count + 1, sizeof(cluster_t), MAX_CLUSTERS))
    {
        LOG_ERROR("cannot index more clusters (%zu), or out of memory", f->cluster_count);
        return NULL;
    }
    memmove(&f->clusters[i + 1], &f->clusters[i], (f->cluster_count - i) * sizeof(cluster_t));
    f->clusters[i] = *c;
    f->cluster_count++;
    if (i > 0)
        f->clusters[i - 1].next_known = false; /* the new entry sits between it and its old successor */
    return &f->clusters[i];
}

static void cluster_remove(mkv_file_t *f, size_t i)
{
    forget_table(f, f->clusters[i].offset);
    memmove(&f->clusters[i], &f->clusters[i + 1], (f->cluster_count - i - 1) * sizeof(cluster_t));
    f->cluster_count--;
    if (i > 0)
        f->clusters[i - 1].next_known = false;
}

/* The cluster at offset, read and indexed if needed; NULL when there is no valid cluster there. */
static cluster_t *cluster_at(mkv_file_t *f, uint64_t offset)
{
    cluster_t *known = cluster_find(f, offset);
    if (known != NULL)
        return known;
    cluster_t c;
    if (!read_cluster_header(f, offset, &c))
        return NULL;
    return cluster_insert(f, &c);
}

static void warn_truncated(mkv_file_t *f)
{
    if (!f->warned_truncated)
        LOG_WARNING("the recording is truncated: it ends inside a cluster (%llu bytes)", (unsigned long long)f->io->size);
    f->warned_truncated = true;
}

/* The cluster that follows the one at offset. */
static mkv_result_t cluster_next(mkv_file_t *f, uint64_t offset, uint64_t *next)
{
    cluster_t *c = cluster_find(f, offset);
    if (c == NULL)
        return MKV_DAMAGED;
    size_t i = (size_t)(c - f->clusters);
    if (c->next_known)
    {
        *next = f->clusters[i + 1].offset;
        return MKV_FOUND;
    }
    if (c->last)
        return MKV_NONE;
    if (c->next_damaged)
        return MKV_DAMAGED;
    if (c->truncated)
    {
        c->last = true;
        return MKV_NONE;
    }
    /* walk the top-level elements after it to the next Cluster */
    uint64_t position = c->end;
    for (;;)
    {
        ebml_element_t e;
        ebml_status_t status = ebml_read_element(&f->reader, position, f->segment_end, true, &e);
        if (status == EBML_END || (status == EBML_OK && e.id != MKV_ID_CLUSTER && (e.unknown_size || e.truncated)))
        {
            f->clusters[i].last = true;
            return MKV_NONE;
        }
        if (status != EBML_OK)
        {
            if (f->io->size - position < 12 && f->segment_end >= f->io->size)
            {
                /* a header cut by the end of the file */
                warn_truncated(f);
                f->clusters[i].last = true;
                return MKV_NONE;
            }
            LOG_ERROR("damaged recording: no valid element at byte %llu after the cluster at byte %llu",
                      (unsigned long long)position, (unsigned long long)offset);
            f->clusters[i].next_damaged = true;
            return MKV_DAMAGED;
        }
        if (e.id == MKV_ID_CLUSTER)
        {
            /* entries between the two are not clusters after all (a cue that pointed astray) */
            while (i + 1 < f->cluster_count && f->clusters[i + 1].offset < e.offset)
                cluster_remove(f, i + 1);
            cluster_t *found = cluster_at(f, e.offset);
            c = cluster_find(f, offset);
            if (found == NULL && c != NULL && e.truncated && f->segment_end >= f->io->size)
            {
                /* a cluster cut by the end of the file before its timestamp */
                warn_truncated(f);
                c->last = true;
                return MKV_NONE;
            }
            if (found == NULL || c == NULL)
            {
                if (c != NULL)
                    c->next_damaged = true;
                LOG_ERROR("damaged recording: invalid cluster at byte %llu", (unsigned long long)e.offset);
                return MKV_DAMAGED;
            }
            c->next_known = true;
            *next = e.offset;
            return MKV_FOUND;
        }
        position = e.end;
    }
}

/* ---- finding clusters in unindexed stretches ---------------------------------------------- */

/* A cluster at offset that ends at the segment's end, at the file's end, or where a valid
 * top-level element starts: the test a Cluster id found by searching the bytes must pass. */
static bool plausible_cluster(mkv_file_t *f, uint64_t offset, cluster_t *c)
{
    ebml_element_t e;
    if (!read_cluster_header(f, offset, c))
        return false;
    if (c->truncated || c->end == f->segment_end)
        return true;
    return ebml_read_element(&f->reader, c->end, f->segment_end, true, &e) == EBML_OK && is_top_level_id(e.id);
}

static bool is_cluster_id(const uint8_t *p)
{
    return p[0] == 0x1F && p[1] == 0x43 && p[2] == 0xB6 && p[3] == 0x75;
}

/* The first plausible cluster starting in [from, to). */
static bool find_cluster_forward(mkv_file_t *f, uint64_t from, uint64_t to, cluster_t *c)
{
    static const size_t chunk = RESYNC_CHUNK;
    uint8_t *buffer = malloc(chunk + 3);
    bool found = false;
    if (to > f->io->size)
        to = f->io->size;
    for (uint64_t at = from; buffer != NULL && at < to && !found; at += chunk)
    {
        size_t n = (size_t)(to - at < chunk ? to - at : chunk);
        size_t have = n + 3 <= f->io->size - at ? n + 3 : (size_t)(f->io->size - at);
        if (!k4a4j_io_read(f->io, at, buffer, have))
            break;
        for (size_t i = 0; i + 4 <= have && i < n && !found; i++)
            found = is_cluster_id(buffer + i) && plausible_cluster(f, at + i, c);
    }
    free(buffer);
    return found;
}

/* The last plausible cluster starting in [from, to). */
static bool find_cluster_backward(mkv_file_t *f, uint64_t from, uint64_t to, cluster_t *c)
{
    static const size_t chunk = RESYNC_CHUNK;
    uint8_t *buffer = malloc(chunk + 3);
    bool found = false;
    if (to > f->io->size)
        to = f->io->size;
    while (buffer != NULL && to > from && !found)
    {
        uint64_t at = to - from > chunk ? to - chunk : from;
        size_t n = (size_t)(to - at);
        size_t have = n + 3 <= f->io->size - at ? n + 3 : (size_t)(f->io->size - at);
        if (!k4a4j_io_read(f->io, at, buffer, have))
            break;
        for (size_t i = n; i-- > 0 && !found;)
            found = i + 4 <= have && is_cluster_id(buffer + i) && plausible_cluster(f, at + i, c);
        to = at;
    }
    free(buffer);
    return found;
}

/* The cluster before the one at offset. */
static mkv_result_t cluster_previous(mkv_file_t *f, uint64_t offset, uint64_t *previous)
{
    cluster_t *c = cluster_find(f, offset);
    if (c == NULL)
        return MKV_DAMAGED;
    size_t i = (size_t)(c - f->clusters);
    if (offset == f->first_cluster)
        return MKV_NONE;
    if (i > 0 && f->clusters[i - 1].next_known)
    {
        *previous = f->clusters[i - 1].offset;
        return MKV_FOUND;
    }
    /* walk forward from the nearest known cluster before it; over a long stretch, find the cluster
     * that precedes it by searching backwards first */
    uint64_t walk = i > 0 ? f->clusters[i - 1].offset : f->first_cluster;
    uint64_t walk_end = i > 0 ? f->clusters[i - 1].end : f->first_cluster;
    cluster_t found;
    if (offset > walk_end && offset - walk_end > RESYNC_GAP && find_cluster_backward(f, walk_end, offset, &found) &&
        found.offset > walk && cluster_insert(f, &found) != NULL)
    {
        uint64_t next;
        if (cluster_next(f, found.offset, &next) == MKV_FOUND && next == offset)
        {
            *previous = found.offset;
            return MKV_FOUND;
        }
    }
    for (;;)
    {
        uint64_t next;
        mkv_result_t r = cluster_next(f, walk, &next);
        if (r != MKV_FOUND || next > offset)
            return MKV_DAMAGED;
        if (next == offset)
        {
            *previous = walk;
            return MKV_FOUND;
        }
        walk = next;
    }
}

/* ---- blocks of a cluster -------------------------------------------------------------------- */

static bool table_add_frame(table_t *t, uint64_t offset, uint64_t size)
{
    size_t capacity = t->frame_capacity;
    if (!grow((void **)&t->frames, &capacity, (size_t)t->frame_count + 1, sizeof(span_t), MAX_FRAMES_PER_CLUSTER))
        return false;
    t->frame_capacity = (uint32_t)capacity;
    t->frames[t->frame_count].offset = offset;
    t->frames[t->frame_count].size = size;
    t->frame_count++;
    return true;
}

/* Splits a laced payload into frames. */
static bool parse_lacing(mkv_file_t *f, table_t *t, uint8_t lacing, uint64_t payload, uint64_t end)
{
    uint8_t count_byte;
    if (payload >= end || !ebml_reader_read(&f->reader, payload, &count_byte, 1))
        return false;
    uint32_t count = (uint32_t)count_byte + 1;
    uint64_t position = payload + 1;
    uint64_t sizes[256];
    uint64_t total = 0;
    if (lacing == MKV_BLOCK_LACING_FIXED)
    {
        uint64_t rest = end - position;
        if (rest % count != 0)
            return false;
        for (uint32_t i = 0; i < count; i++)
            sizes[i] = rest / count;
    }
    else
    {
        for (uint32_t i = 0; i + 1 < count; i++)
        {
            if (lacing == MKV_BLOCK_LACING_XIPH)
            {
                uint64_t size = 0;
                uint8_t b;
                do
                {
                    if (position >= end || !ebml_reader_read(&f->reader, position, &b, 1))
                        return false;
                    position++;
                    size += b;
                } while (b == 255);
                sizes[i] = size;
            }
            else /* EBML lacing: a size, then differences */
            {
                uint8_t bytes[8];
                size_t got = ebml_reader_peek(&f->reader, position, bytes, end - position < 8 ? (size_t)(end - position) : 8);
                size_t used;
                if (i == 0)
                {
                    uint64_t size;
                    used = ebml_decode_vint(bytes, got, &size);
                    if (used == 0 || size == EBML_UNKNOWN_SIZE)
                        return false;
                    sizes[i] = size;
                }
                else
                {
                    int64_t delta;
                    used = ebml_decode_svint(bytes, got, &delta);
                    if (used == 0)
                        return false;
                    int64_t size = (int64_t)sizes[i - 1] + delta;
                    if (size < 0 || sizes[i - 1] > (uint64_t)INT64_MAX)
                        return false;
                    sizes[i] = (uint64_t)size;
                }
                position += used;
            }
            if (sizes[i] > end - position || total > end - position - sizes[i])
                return false;
            total += sizes[i];
        }
        if (position > end || total > end - position)
            return false;
        sizes[count - 1] = end - position - total;
    }
    for (uint32_t i = 0; i < count; i++)
    {
        if (!table_add_frame(t, position, sizes[i]))
            return false;
        position += sizes[i];
    }
    return true;
}

/* Adds the block whose element payload is [data, end). */
static bool table_add_block(mkv_file_t *f, const cluster_t *c, table_t *t, uint64_t data, uint64_t end,
                            int64_t duration_ns)
{
    uint8_t head[12];
    size_t got = ebml_reader_peek(&f->reader, data, head, end - data < sizeof(head) ? (size_t)(end - data) : sizeof(head));
    uint64_t track;
    size_t used = ebml_decode_vint(head, got, &track);
    if (used == 0 || track == EBML_UNKNOWN_SIZE || used + 3 > got)
        return false;
    int16_t relative = (int16_t)(((uint16_t)head[used] << 8) | head[used + 1]);
    uint8_t flags = head[used + 2];
    uint64_t payload = data + used + 3;
    int64_t relative_ns;
    if (!ticks_to_ns(relative, f->timestamp_scale, &relative_ns))
        return false;
    if ((relative_ns > 0 && c->time_ns > INT64_MAX - relative_ns) ||
        (relative_ns < 0 && c->time_ns < INT64_MIN - relative_ns))
        return false;
    size_t capacity = t->block_capacity;
    if (!grow((void **)&t->blocks, &capacity, (size_t)t->block_count + 1, sizeof(block_t), MAX_BLOCKS_PER_CLUSTER))
        return false;
    t->block_capacity = (uint32_t)capacity;
    uint32_t first = t->frame_count;
    uint8_t lacing = flags & MKV_BLOCK_LACING_MASK;
    if (lacing == MKV_BLOCK_LACING_NONE)
    {
        if (!table_add_frame(t, payload, end - payload))
            return false;
    }
    else if (!parse_lacing(f, t, lacing, payload, end))
    {
        t->frame_count = first;
        return false;
    }
    block_t *b = &t->blocks[t->block_count++];
    b->track = track;
    b->time_ns = c->time_ns + relative_ns;
    b->duration_ns = duration_ns;
    b->first_frame = first;
    b->frame_count = t->frame_count - first;
    return true;
}

static bool table_add_group(mkv_file_t *f, const cluster_t *c, table_t *t, const ebml_element_t *group)
{
    ebml_iterator_t it;
    ebml_element_t e, block;
    ebml_status_t status;
    bool has_block = false;
    int64_t duration_ns = -1;
    ebml_iterator_init(&it, &f->reader, group);
    while ((status = ebml_iterator_next(&it, &e)) == EBML_OK)
    {
        if (e.id == MKV_ID_BLOCK && !has_block)
        {
            block = e;
            has_block = true;
        }
        else if (e.id == MKV_ID_BLOCK_DURATION)
        {
            uint64_t ticks;
            if (!ebml_read_uint(&f->reader, &e, &ticks) || ticks > (uint64_t)INT64_MAX ||
                !ticks_to_ns((int64_t)ticks, f->timestamp_scale, &duration_ns))
                return false;
        }
    }
    if (status != EBML_END)
        return false;
    return !has_block || table_add_block(f, c, t, block.data, block.end, duration_ns);
}

static void parse_table(mkv_file_t *f, cluster_t *c, table_t *t)
{
    uint64_t position = c->data;
    t->block_count = 0;
    t->frame_count = 0;
    t->end = MKV_NONE;
    for (;;)
    {
        ebml_element_t e;
        ebml_status_t status = ebml_read_element(&f->reader, position, c->end, false, &e);
        if (status == EBML_END)
            break;
        if (status != EBML_OK || e.unknown_size)
        {
            if (c->truncated)
                warn_truncated(f); /* the file ends inside this element */
            else
            {
                LOG_ERROR("damaged recording: invalid element at byte %llu in the cluster at byte %llu",
                          (unsigned long long)position, (unsigned long long)c->offset);
                t->end = MKV_DAMAGED;
            }
            break;
        }
        if (is_top_level_id(e.id))
        {
            /* the cluster ends early (its size was wrong): what follows belongs to the segment */
            c->end = position;
            c->next_known = false;
            break;
        }
        bool ok = true;
        if (e.id == MKV_ID_SIMPLE_BLOCK)
            ok = table_add_block(f, c, t, e.data, e.end, -1);
        else if (e.id == MKV_ID_BLOCK_GROUP)
            ok = table_add_group(f, c, t, &e);
        if (!ok)
        {
            LOG_ERROR("damaged recording: invalid block at byte %llu in the cluster at byte %llu",
                      (unsigned long long)position, (unsigned long long)c->offset);
            t->end = MKV_DAMAGED;
            break;
        }
        position = e.end;
    }
}

/* The parsed blocks of the cluster at offset (from the cache, or parsed now). */
static table_t *cluster_table(mkv_file_t *f, uint64_t offset)
{
    table_t *slot = &f->tables[0];
    for (size_t i = 0; i < TABLE_CACHE; i++)
    {
        if (f->tables[i].cluster == offset)
        {
            f->tables[i].used = ++f->table_clock;
            return &f->tables[i];
        }
        if (f->tables[i].used < slot->used)
            slot = &f->tables[i];
    }
    cluster_t *c = cluster_find(f, offset);
    if (c == NULL)
        return NULL;
    slot->cluster = offset;
    slot->used = ++f->table_clock;
    parse_table(f, c, slot);
    return slot;
}

/* ---- frames --------------------------------------------------------------------------------- */

static void fill_frame(const mkv_file_t *f, const table_t *t, uint32_t b, uint32_t i, mkv_frame_t *frame)
{
    const block_t *block = &t->blocks[b];
    const span_t *span = &t->frames[block->first_frame + i];
    frame->pos.cluster = t->cluster;
    frame->pos.block = b;
    frame->pos.frame = i;
    frame->track = block->track;
    frame->offset = span->offset;
    frame->size = span->size;
    frame->frame_count = block->frame_count;
    frame->time_ns = block->time_ns;
    /* laced frames spread evenly from the block's time to the last instant of its duration */
    if (i > 0 && block->frame_count > 1 && block->duration_ns > 0)
    {
        uint64_t scale = f->timestamp_scale;
        uint64_t ticks = (uint64_t)block->duration_ns / scale;
        if (ticks > 0 && ticks - 1 <= UINT64_MAX / 256u)
        {
            uint64_t step = (uint64_t)i * (ticks - 1) / (block->frame_count - 1);
            int64_t step_ns;
            if (step <= (uint64_t)INT64_MAX && ticks_to_ns((int64_t)step, scale, &step_ns) &&
                frame->time_ns <= INT64_MAX - step_ns)
                frame->time_ns += step_ns;
        }
    }
}

mkv_result_t mkv_next_frame(mkv_file_t *f, uint64_t track, const mkv_pos_t *after, mkv_frame_t *frame)
{
    if (!f->has_clusters)
        return MKV_NONE;
    uint64_t cluster = after != NULL ? after->cluster : f->first_cluster;
    uint32_t block = after != NULL ? after->block : 0;
    uint32_t next_frame = after != NULL ? after->frame + 1 : 0;
    for (;;)
    {
        table_t *t = cluster_table(f, cluster);
        if (t == NULL)
            return MKV_DAMAGED;
        for (; block < t->block_count; block++, next_frame = 0)
        {
            if (t->blocks[block].track == track && next_frame < t->blocks[block].frame_count)
            {
                fill_frame(f, t, block, next_frame, frame);
                return MKV_FOUND;
            }
        }
        if (t->end == MKV_DAMAGED)
            return MKV_DAMAGED;
        mkv_result_t r = cluster_next(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = 0;
        next_frame = 0;
    }
}

/* The last cluster of the file (walking to it if needed). */
static mkv_result_t last_cluster(mkv_file_t *f, uint64_t *offset)
{
    if (!f->has_clusters)
        return MKV_NONE;
    /* start from the furthest cluster known, or named by a cue */
    uint64_t walk = f->clusters[f->cluster_count - 1].offset;
    for (size_t i = f->cue_count; i-- > 0;)
    {
        if (f->cues[i].cluster <= walk)
            break;
        if (cluster_at(f, f->cues[i].cluster) != NULL)
        {
            walk = f->cues[i].cluster;
            break;
        }
    }
    cluster_t *known = cluster_find(f, walk);
    cluster_t found;
    if (known != NULL && !known->last && f->segment_end > known->end && f->segment_end - known->end > RESYNC_GAP &&
        find_cluster_backward(f, known->end, f->segment_end, &found) && cluster_insert(f, &found) != NULL)
        walk = found.offset;
    for (;;)
    {
        uint64_t next;
        mkv_result_t r = cluster_next(f, walk, &next);
        if (r != MKV_FOUND)
            break; /* the end, or damage: the last readable cluster */
        walk = next;
    }
    *offset = walk;
    return MKV_FOUND;
}

mkv_result_t mkv_previous_frame(mkv_file_t *f, uint64_t track, const mkv_pos_t *before, mkv_frame_t *frame)
{
    uint64_t cluster;
    int64_t block;
    int64_t frame_index;
    if (before == NULL)
    {
        mkv_result_t r = last_cluster(f, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = INT64_MAX;
        frame_index = INT64_MAX;
    }
    else
    {
        cluster = before->cluster;
        block = before->block;
        frame_index = (int64_t)before->frame - 1;
    }
    for (;;)
    {
        table_t *t = cluster_table(f, cluster);
        if (t == NULL)
            return MKV_DAMAGED;
        if (block >= (int64_t)t->block_count)
        {
            block = (int64_t)t->block_count - 1;
            frame_index = INT64_MAX;
        }
        for (; block >= 0; block--, frame_index = INT64_MAX)
        {
            const block_t *b = &t->blocks[block];
            if (b->track != track || b->frame_count == 0)
                continue;
            if (frame_index >= (int64_t)b->frame_count)
                frame_index = (int64_t)b->frame_count - 1;
            if (frame_index >= 0)
            {
                fill_frame(f, t, (uint32_t)block, (uint32_t)frame_index, frame);
                return MKV_FOUND;
            }
        }
        mkv_result_t r = cluster_previous(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = INT64_MAX;
        frame_index = INT64_MAX;
    }
}

/* A cluster to start a forward search for target_ns from: the one before the last cluster that
 * starts at or before target_ns (blocks may start after their cluster's timestamp). */
static uint64_t cluster_for_time(mkv_file_t *f, int64_t target_ns)
{
    /* the last known cluster starting at or before the target */
    size_t lo = 0, hi = f->cluster_count;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        if (f->clusters[mid].time_ns <= target_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint64_t best = lo > 0 ? f->clusters[lo - 1].offset : f->first_cluster;
    int64_t best_time = lo > 0 ? f->clusters[lo - 1].time_ns : INT64_MIN;
    /* a cue may know a later one */
    for (size_t i = f->cue_count; i-- > 0;)
    {
        if (f->cues[i].cluster <= best)
            break;
        if (f->cues[i].time_ns > target_ns)
            continue;
        cluster_t *c = cluster_at(f, f->cues[i].cluster);
        if (c != NULL && c->time_ns <= target_ns && c->time_ns >= best_time)
        {
            best = c->offset;
            break;
        }
    }
    /* a long stretch up to the next known cluster (or the end): narrow it down by bisection */
    for (;;)
    {
        cluster_t *low = cluster_find(f, best);
        if (low == NULL || low->next_known || low->last)
            break;
        size_t i = (size_t)(low - f->clusters);
        uint64_t low_end = low->end; /* (low moves when the index grows) */
        uint64_t high = i + 1 < f->cluster_count ? f->clusters[i + 1].offset : f->segment_end;
        if (high <= low_end || high - low_end <= RESYNC_GAP)
            break;
        uint64_t middle = low_end + (high - low_end) / 2;
        cluster_t found;
        if (!find_cluster_forward(f, middle, high, &found) || found.offset >= high)
            break; /* nothing starts in the upper half: walk from low */
        if (cluster_insert(f, &found) == NULL)
            break;
        if (found.time_ns > target_ns)
        {
            /* the target lies before it: the lower half, which holds no known cluster */
            if (found.offset - low_end <= RESYNC_GAP)
                break;
            continue; /* bisect again between best and the cluster just found */
        }
        best = found.offset;
    }
    /* then walk on while the clusters still start at or before the target */
    for (;;)
    {
        uint64_t next;
        if (cluster_next(f, best, &next) != MKV_FOUND)
            break;
        cluster_t *c = cluster_find(f, next);
        if (c == NULL || c->time_ns > target_ns)
            break;
        best = next;
    }
    uint64_t previous;
    if (cluster_previous(f, best, &previous) == MKV_FOUND)
        best = previous;
    return best;
}

mkv_result_t mkv_seek_frame(mkv_file_t *f, uint64_t track, int64_t target_ns, mkv_frame_t *frame)
{
    if (!f->has_clusters)
        return MKV_NONE;
    uint64_t cluster = cluster_for_time(f, target_ns);
    uint32_t block = 0;
    for (;;)
    {
        table_t *t = cluster_table(f, cluster);
        if (t == NULL)
            return MKV_DAMAGED;
        for (; block < t->block_count; block++)
        {
            if (t->blocks[block].track != track)
                continue;
            for (uint32_t i = 0; i < t->blocks[block].frame_count; i++)
            {
                fill_frame(f, t, block, i, frame);
                if (frame->time_ns >= target_ns)
                    return MKV_FOUND;
            }
        }
        if (t->end == MKV_DAMAGED)
            return MKV_DAMAGED;
        mkv_result_t r = cluster_next(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = 0;
    }
}

mkv_result_t mkv_last_time(mkv_file_t *f, int64_t *last_ns)
{
    uint64_t cluster;
    mkv_result_t r = last_cluster(f, &cluster);
    if (r != MKV_FOUND)
        return r;
    for (;;)
    {
        table_t *t = cluster_table(f, cluster);
        if (t == NULL)
            return MKV_DAMAGED;
        bool any = false;
        int64_t last = INT64_MIN;
        for (uint32_t b = 0; b < t->block_count; b++)
        {
            int64_t end = t->blocks[b].time_ns;
            if (t->blocks[b].duration_ns > 0 && end <= INT64_MAX - (t->blocks[b].duration_ns - 1))
                end += t->blocks[b].duration_ns - 1;
            if (!any || end > last)
                last = end;
            any = true;
        }
        if (any)
        {
            *last_ns = last;
            return MKV_FOUND;
        }
        /* an empty last cluster: look at the one before */
        r = cluster_previous(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
    }
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
    for (size_t i = 0; i < TABLE_CACHE; i++)
        f->tables[i].cluster = UINT64_MAX;
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
        cluster_t c;
        if (read_cluster_header(f, f->first_cluster, &c) && cluster_insert(f, &c) != NULL)
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
    for (size_t i = 0; i < f->track_count; i++)
        free_track(&f->tracks[i]);
    free(f->tracks);
    for (size_t i = 0; i < f->tag_count; i++)
    {
        free(f->tags[i].name);
        free(f->tags[i].value);
    }
    free(f->tags);
    for (size_t i = 0; i < f->attachment_count; i++)
    {
        free(f->attachments[i].name);
        free(f->attachments[i].media_type);
    }
    free(f->attachments);
    free(f->cues);
    free(f->clusters);
    for (size_t i = 0; i < TABLE_CACHE; i++)
    {
        free(f->tables[i].blocks);
        free(f->tables[i].frames);
    }
    free(f->writing_app);
    free(f);
}

/* ---- accessors ------------------------------------------------------------------------------ */

k4a4j_io_t *mkv_io(const mkv_file_t *f) { return f->io; }
uint64_t mkv_timestamp_scale(const mkv_file_t *f) { return f->timestamp_scale; }
const char *mkv_writing_app(const mkv_file_t *f) { return f->writing_app != NULL ? f->writing_app : ""; }
size_t mkv_track_count(const mkv_file_t *f) { return f->track_count; }
const mkv_track_t *mkv_track(const mkv_file_t *f, size_t index) { return index < f->track_count ? &f->tracks[index] : NULL; }
size_t mkv_tag_count(const mkv_file_t *f) { return f->tag_count; }
const mkv_tag_t *mkv_tag(const mkv_file_t *f, size_t index) { return index < f->tag_count ? &f->tags[index] : NULL; }
size_t mkv_attachment_count(const mkv_file_t *f) { return f->attachment_count; }

const mkv_attachment_t *mkv_attachment(const mkv_file_t *f, size_t index)
{
    return index < f->attachment_count ? &f->attachments[index] : NULL;
}

const mkv_track_t *mkv_track_by_number(const mkv_file_t *f, uint64_t number)
{
    for (size_t i = 0; i < f->track_count; i++)
        if (f->tracks[i].number == number)
            return &f->tracks[i];
    return NULL;
}
