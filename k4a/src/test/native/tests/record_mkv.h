/*
 * A small, strict Matroska reader for the record tests: it reads a whole file into memory and
 * lists what the writer put there (tracks, tags, attachments, every block with its frames, cues,
 * the Duration, the Segment size), failing on anything malformed: an element running past its
 * parent, a bad variable-size integer, a block of an unknown track, a lace that does not add up.
 * It is independent of the library's own reader, so the writer can be checked on its own.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_RECORD_MKV_H
#define K4A4J_RECORD_MKV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
    uint64_t number, uid, type, width, height, default_duration;
    char name[64], codec[64];
    const uint8_t *codec_private;
    size_t codec_private_size;
} record_mkv_track_t;

typedef struct
{
    char name[64];
    char value[256];
    char target_type[16];
    uint64_t target_uid;
} record_mkv_tag_t;

typedef struct
{
    char name[64];
    const uint8_t *data;
    size_t size;
    uint64_t uid;
} record_mkv_attachment_t;

#define RECORD_MKV_MAX_LACE 256

typedef struct
{
    uint64_t track;
    int64_t time; /* cluster timestamp + relative time */
    bool simple, keyframe, has_duration;
    uint64_t duration;
    uint64_t cluster_offset; /* of its cluster, from the start of the Segment's data */
    size_t frame_count;
    const uint8_t *frames[RECORD_MKV_MAX_LACE];
    size_t frame_sizes[RECORD_MKV_MAX_LACE];
} record_mkv_block_t;

typedef struct
{
    uint64_t time, track, cluster_position;
} record_mkv_cue_t;

typedef struct
{
    uint8_t *file;
    size_t size;
    char error[200];
    char doc_type[16];
    uint64_t doc_type_version, timestamp_scale;
    bool segment_size_known;
    uint64_t segment_data_start, segment_size;
    bool has_duration;
    double duration;
    char title[64], writing_app[64], muxing_app[64];
    bool seek_has_cues;
    uint64_t seek_cues_position;
    record_mkv_track_t tracks[32];
    size_t track_count;
    record_mkv_tag_t tags[128];
    size_t tag_count;
    record_mkv_attachment_t attachments[16];
    size_t attachment_count;
    record_mkv_block_t *blocks;
    size_t block_count, block_capacity;
    size_t cluster_count;
    int64_t last_cluster_time;
    bool clusters_in_order;
    record_mkv_cue_t *cues;
    size_t cue_count;
    bool has_cues;
} record_mkv_t;

typedef struct
{
    const uint8_t *p, *end;
    record_mkv_t *mkv;
} record_mkv_cursor_t;

static bool record_mkv_fail(record_mkv_t *mkv, const char *what, size_t offset)
{
    if (mkv->error[0] == '\0')
        snprintf(mkv->error, sizeof(mkv->error), "%s at offset %zu", what, offset);
    return false;
}

/* An element id (with its marker bits). */
static bool record_mkv_id(record_mkv_cursor_t *c, uint32_t *id)
{
    if (c->p >= c->end)
        return false;
    int length = c->p[0] >= 0x80 ? 1 : c->p[0] >= 0x40 ? 2 : c->p[0] >= 0x20 ? 3 : c->p[0] >= 0x10 ? 4 : 0;
    if (length == 0 || c->p + length > c->end)
        return false;
    *id = 0;
    for (int i = 0; i < length; i++)
        *id = (*id << 8) | c->p[i];
    c->p += length;
    return true;
}

/* A variable-size integer; *unknown when all value bits are 1. */
static bool record_mkv_vint(record_mkv_cursor_t *c, uint64_t *value, bool *unknown)
{
    if (c->p >= c->end || c->p[0] == 0)
        return false;
    int length = 1;
    while (!(c->p[0] & (0x80 >> (length - 1))))
        length++;
    if (c->p + length > c->end)
        return false;
    uint64_t v = c->p[0] & (0xFFu >> length);
    bool ones = v == (0xFFu >> length);
    for (int i = 1; i < length; i++)
    {
        v = (v << 8) | c->p[i];
        ones = ones && c->p[i] == 0xFF;
    }
    c->p += length;
    *value = v;
    if (unknown != NULL)
        *unknown = ones;
    return true;
}

static uint64_t record_mkv_uint(const uint8_t *p, uint64_t size)
{
    uint64_t v = 0;
    for (uint64_t i = 0; i < size && i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static void record_mkv_string(char *out, size_t capacity, const uint8_t *p, uint64_t size)
{
    size_t n = size < capacity - 1 ? (size_t)size : capacity - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Element header at the cursor: id, payload start and size (size clipped to the parent when
 * unknown is allowed). */
static bool record_mkv_element(record_mkv_cursor_t *c, uint32_t *id, const uint8_t **data, uint64_t *size,
                               bool allow_unknown)
{
    const uint8_t *start = c->p;
    bool unknown = false;
    if (!record_mkv_id(c, id) || !record_mkv_vint(c, size, &unknown))
        return record_mkv_fail(c->mkv, "bad element header", (size_t)(start - c->mkv->file));
    if (unknown)
    {
        if (!allow_unknown)
            return record_mkv_fail(c->mkv, "unknown size not allowed here", (size_t)(start - c->mkv->file));
        *size = (uint64_t)(c->end - c->p);
    }
    if (*size > (uint64_t)(c->end - c->p))
        return record_mkv_fail(c->mkv, "element runs past its parent", (size_t)(start - c->mkv->file));
    *data = c->p;
    c->p += *size;
    return true;
}

static bool record_mkv_track(record_mkv_t *mkv, const uint8_t *p, uint64_t size)
{
    if (mkv->track_count == sizeof(mkv->tracks) / sizeof(mkv->tracks[0]))
        return record_mkv_fail(mkv, "too many tracks", (size_t)(p - mkv->file));
    record_mkv_track_t *t = &mkv->tracks[mkv->track_count++];
    memset(t, 0, sizeof(*t));
    record_mkv_cursor_t c = { p, p + size, mkv };
    while (c.p < c.end)
    {
        uint32_t id;
        const uint8_t *d;
        uint64_t n;
        if (!record_mkv_element(&c, &id, &d, &n, false))
            return false;
        switch (id)
        {
        case 0xD7: t->number = record_mkv_uint(d, n); break;
        case 0x73C5: t->uid = record_mkv_uint(d, n); break;
        case 0x83: t->type = record_mkv_uint(d, n); break;
        case 0x86: record_mkv_string(t->codec, sizeof(t->codec), d, n); break;
        case 0x536E: record_mkv_string(t->name, sizeof(t->name), d, n); break;
        case 0x63A2: t->codec_private = d, t->codec_private_size = (size_t)n; break;
        case 0x23E383: t->default_duration = record_mkv_uint(d, n); break;
        case 0xE0:
        {
            record_mkv_cursor_t v = { d, d + n, mkv };
            while (v.p < v.end)
            {
                uint32_t vid;
                const uint8_t *vd;
                uint64_t vn;
                if (!record_mkv_element(&v, &vid, &vd, &vn, false))
                    return false;
                if (vid == 0xB0)
                    t->width = record_mkv_uint(vd, vn);
                else if (vid == 0xBA)
                    t->height = record_mkv_uint(vd, vn);
            }
            break;
        }
        default: break;
        }
    }
    return true;
}

static bool record_mkv_tag(record_mkv_t *mkv, const uint8_t *p, uint64_t size)
{
    if (mkv->tag_count == sizeof(mkv->tags) / sizeof(mkv->tags[0]))
        return record_mkv_fail(mkv, "too many tags", (size_t)(p - mkv->file));
    record_mkv_tag_t *t = &mkv->tags[mkv->tag_count++];
    memset(t, 0, sizeof(*t));
    record_mkv_cursor_t c = { p, p + size, mkv };
    while (c.p < c.end)
    {
        uint32_t id;
        const uint8_t *d;
        uint64_t n;
        if (!record_mkv_element(&c, &id, &d, &n, false))
            return false;
        record_mkv_cursor_t s = { d, d + n, mkv };
        while ((id == 0x63C0 || id == 0x67C8) && s.p < s.end)
        {
            uint32_t sid;
            const uint8_t *sd;
            uint64_t sn;
            if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                return false;
            if (sid == 0x63CA)
                record_mkv_string(t->target_type, sizeof(t->target_type), sd, sn);
            else if (sid == 0x63C5 || sid == 0x63C6)
                t->target_uid = record_mkv_uint(sd, sn);
            else if (sid == 0x45A3)
                record_mkv_string(t->name, sizeof(t->name), sd, sn);
            else if (sid == 0x4487)
                record_mkv_string(t->value, sizeof(t->value), sd, sn);
        }
    }
    return true;
}

static const record_mkv_track_t *record_mkv_track_by_number(const record_mkv_t *mkv, uint64_t number)
{
    for (size_t i = 0; i < mkv->track_count; i++)
        if (mkv->tracks[i].number == number)
            return &mkv->tracks[i];
    return NULL;
}

static bool record_mkv_block(record_mkv_t *mkv, const uint8_t *p, uint64_t size, bool simple, int64_t cluster_time,
                             uint64_t cluster_offset, const uint8_t *group, uint64_t group_size)
{
    if (mkv->block_count == mkv->block_capacity)
    {
        size_t capacity = mkv->block_capacity ? mkv->block_capacity * 2 : 1024;
        record_mkv_block_t *blocks = realloc(mkv->blocks, capacity * sizeof(*blocks));
        if (blocks == NULL)
            return record_mkv_fail(mkv, "no memory", 0);
        mkv->blocks = blocks;
        mkv->block_capacity = capacity;
    }
    record_mkv_block_t *b = &mkv->blocks[mkv->block_count];
    memset(b, 0, offsetof(record_mkv_block_t, frames));
    record_mkv_cursor_t c = { p, p + size, mkv };
    if (!record_mkv_vint(&c, &b->track, NULL) || c.end - c.p < 3)
        return record_mkv_fail(mkv, "bad block header", (size_t)(p - mkv->file));
    if (record_mkv_track_by_number(mkv, b->track) == NULL)
        return record_mkv_fail(mkv, "block of an unknown track", (size_t)(p - mkv->file));
    int16_t relative = (int16_t)((c.p[0] << 8) | c.p[1]);
    uint8_t flags = c.p[2];
    c.p += 3;
    b->time = cluster_time + relative;
    b->simple = simple;
    b->keyframe = simple && (flags & 0x80);
    b->cluster_offset = cluster_offset;
    int lacing = (flags >> 1) & 3;
    if (lacing == 0)
    {
        b->frame_count = 1;
        b->frames[0] = c.p;
        b->frame_sizes[0] = (size_t)(c.end - c.p);
    }
    else if (lacing == 2) /* fixed-size lacing: the only one the writer uses */
    {
        if (c.p >= c.end)
            return record_mkv_fail(mkv, "bad lace", (size_t)(p - mkv->file));
        b->frame_count = (size_t)c.p[0] + 1;
        c.p++;
        size_t total = (size_t)(c.end - c.p);
        if (total % b->frame_count != 0)
            return record_mkv_fail(mkv, "fixed lace does not divide", (size_t)(p - mkv->file));
        for (size_t i = 0; i < b->frame_count; i++)
        {
            b->frames[i] = c.p + i * (total / b->frame_count);
            b->frame_sizes[i] = total / b->frame_count;
        }
    }
    else
        return record_mkv_fail(mkv, "unexpected lacing", (size_t)(p - mkv->file));
    if (group != NULL)
    {
        record_mkv_cursor_t g = { group, group + group_size, mkv };
        while (g.p < g.end)
        {
            uint32_t id;
            const uint8_t *d;
            uint64_t n;
            if (!record_mkv_element(&g, &id, &d, &n, false))
                return false;
            if (id == 0x9B)
                b->has_duration = true, b->duration = record_mkv_uint(d, n);
        }
    }
    mkv->block_count++;
    return true;
}

static bool record_mkv_cluster(record_mkv_t *mkv, const uint8_t *p, uint64_t size, uint64_t cluster_offset)
{
    record_mkv_cursor_t c = { p, p + size, mkv };
    int64_t time = -1;
    while (c.p < c.end)
    {
        uint32_t id;
        const uint8_t *d;
        uint64_t n;
        if (!record_mkv_element(&c, &id, &d, &n, false))
            return false;
        if (id == 0xE7)
        {
            time = (int64_t)record_mkv_uint(d, n);
            if (mkv->cluster_count > 0 && time < mkv->last_cluster_time)
                mkv->clusters_in_order = false;
            mkv->last_cluster_time = time;
        }
        else if (id == 0xA3 || id == 0xA0)
        {
            if (time < 0)
                return record_mkv_fail(mkv, "block before the cluster timestamp", (size_t)(d - mkv->file));
            if (id == 0xA3)
            {
                if (!record_mkv_block(mkv, d, n, true, time, cluster_offset, NULL, 0))
                    return false;
                continue;
            }
            record_mkv_cursor_t g = { d, d + n, mkv };
            bool found = false;
            while (g.p < g.end)
            {
                uint32_t gid;
                const uint8_t *gd;
                uint64_t gn;
                if (!record_mkv_element(&g, &gid, &gd, &gn, false))
                    return false;
                if (gid == 0xA1)
                {
                    if (found || !record_mkv_block(mkv, gd, gn, false, time, cluster_offset, d, n))
                        return record_mkv_fail(mkv, "bad block group", (size_t)(d - mkv->file));
                    found = true;
                }
            }
            if (!found)
                return record_mkv_fail(mkv, "block group without a block", (size_t)(d - mkv->file));
        }
        else if (id != 0xEC && id != 0xBF)
            return record_mkv_fail(mkv, "unexpected element in a cluster", (size_t)(d - mkv->file));
    }
    mkv->cluster_count++;
    return true;
}

static bool record_mkv_cues(record_mkv_t *mkv, const uint8_t *p, uint64_t size)
{
    mkv->has_cues = true;
    record_mkv_cursor_t c = { p, p + size, mkv };
    while (c.p < c.end)
    {
        uint32_t id;
        const uint8_t *d;
        uint64_t n;
        if (!record_mkv_element(&c, &id, &d, &n, false))
            return false;
        if (id != 0xBB)
            continue;
        record_mkv_cue_t cue = { 0, 0, 0 };
        record_mkv_cursor_t q = { d, d + n, mkv };
        while (q.p < q.end)
        {
            uint32_t qid;
            const uint8_t *qd;
            uint64_t qn;
            if (!record_mkv_element(&q, &qid, &qd, &qn, false))
                return false;
            if (qid == 0xB3)
                cue.time = record_mkv_uint(qd, qn);
            else if (qid == 0xB7)
            {
                record_mkv_cursor_t t = { qd, qd + qn, mkv };
                while (t.p < t.end)
                {
                    uint32_t tid;
                    const uint8_t *td;
                    uint64_t tn;
                    if (!record_mkv_element(&t, &tid, &td, &tn, false))
                        return false;
                    if (tid == 0xF7)
                        cue.track = record_mkv_uint(td, tn);
                    else if (tid == 0xF1)
                        cue.cluster_position = record_mkv_uint(td, tn);
                }
            }
        }
        record_mkv_cue_t *cues = realloc(mkv->cues, (mkv->cue_count + 1) * sizeof(*cues));
        if (cues == NULL)
            return record_mkv_fail(mkv, "no memory", 0);
        mkv->cues = cues;
        mkv->cues[mkv->cue_count++] = cue;
    }
    return true;
}

static bool record_mkv_segment(record_mkv_t *mkv, const uint8_t *p, uint64_t size)
{
    record_mkv_cursor_t c = { p, p + size, mkv };
    while (c.p < c.end)
    {
        uint32_t id;
        const uint8_t *d;
        uint64_t n;
        uint64_t offset = (uint64_t)(c.p - p);
        if (!record_mkv_element(&c, &id, &d, &n, false))
            return false;
        record_mkv_cursor_t s = { d, d + n, mkv };
        switch (id)
        {
        case 0x1549A966: /* Info */
            while (s.p < s.end)
            {
                uint32_t sid;
                const uint8_t *sd;
                uint64_t sn;
                if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                    return false;
                if (sid == 0x2AD7B1)
                    mkv->timestamp_scale = record_mkv_uint(sd, sn);
                else if (sid == 0x4489 && sn == 8)
                {
                    uint64_t bits = record_mkv_uint(sd, 8);
                    memcpy(&mkv->duration, &bits, 8);
                    mkv->has_duration = true;
                }
                else if (sid == 0x4489 && sn == 4)
                {
                    uint32_t bits = (uint32_t)record_mkv_uint(sd, 4);
                    float value;
                    memcpy(&value, &bits, 4);
                    mkv->duration = value;
                    mkv->has_duration = true;
                }
                else if (sid == 0x7BA9)
                    record_mkv_string(mkv->title, sizeof(mkv->title), sd, sn);
                else if (sid == 0x5741)
                    record_mkv_string(mkv->writing_app, sizeof(mkv->writing_app), sd, sn);
                else if (sid == 0x4D80)
                    record_mkv_string(mkv->muxing_app, sizeof(mkv->muxing_app), sd, sn);
            }
            break;
        case 0x114D9B74: /* SeekHead */
            while (s.p < s.end)
            {
                uint32_t sid;
                const uint8_t *sd;
                uint64_t sn;
                if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                    return false;
                record_mkv_cursor_t e = { sd, sd + sn, mkv };
                uint32_t target = 0;
                uint64_t position = 0;
                while (sid == 0x4DBB && e.p < e.end)
                {
                    uint32_t eid;
                    const uint8_t *ed;
                    uint64_t en;
                    if (!record_mkv_element(&e, &eid, &ed, &en, false))
                        return false;
                    if (eid == 0x53AB)
                        target = (uint32_t)record_mkv_uint(ed, en);
                    else if (eid == 0x53AC)
                        position = record_mkv_uint(ed, en);
                }
                if (target == 0x1C53BB6B)
                    mkv->seek_has_cues = true, mkv->seek_cues_position = position;
            }
            break;
        case 0x1654AE6B: /* Tracks */
            while (s.p < s.end)
            {
                uint32_t sid;
                const uint8_t *sd;
                uint64_t sn;
                if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                    return false;
                if (sid == 0xAE && !record_mkv_track(mkv, sd, sn))
                    return false;
            }
            break;
        case 0x1941A469: /* Attachments */
            while (s.p < s.end)
            {
                uint32_t sid;
                const uint8_t *sd;
                uint64_t sn;
                if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                    return false;
                if (sid != 0x61A7 || mkv->attachment_count == 16)
                    continue;
                record_mkv_attachment_t *a = &mkv->attachments[mkv->attachment_count++];
                memset(a, 0, sizeof(*a));
                record_mkv_cursor_t f = { sd, sd + sn, mkv };
                while (f.p < f.end)
                {
                    uint32_t fid;
                    const uint8_t *fd;
                    uint64_t fn;
                    if (!record_mkv_element(&f, &fid, &fd, &fn, false))
                        return false;
                    if (fid == 0x466E)
                        record_mkv_string(a->name, sizeof(a->name), fd, fn);
                    else if (fid == 0x465C)
                        a->data = fd, a->size = (size_t)fn;
                    else if (fid == 0x46AE)
                        a->uid = record_mkv_uint(fd, fn);
                }
            }
            break;
        case 0x1254C367: /* Tags */
            while (s.p < s.end)
            {
                uint32_t sid;
                const uint8_t *sd;
                uint64_t sn;
                if (!record_mkv_element(&s, &sid, &sd, &sn, false))
                    return false;
                if (sid == 0x7373 && !record_mkv_tag(mkv, sd, sn))
                    return false;
            }
            break;
        case 0x1F43B675:
            if (!record_mkv_cluster(mkv, d, n, offset))
                return false;
            break;
        case 0x1C53BB6B:
            if (!record_mkv_cues(mkv, d, n))
                return false;
            break;
        case 0xEC: break;
        default: return record_mkv_fail(mkv, "unexpected top-level element", (size_t)(d - mkv->file));
        }
    }
    return true;
}

/* Reads and checks the file; false with mkv->error set when it is malformed. */
static bool record_mkv_read(record_mkv_t *mkv, const char *path)
{
    memset(mkv, 0, sizeof(*mkv));
    mkv->clusters_in_order = true;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return record_mkv_fail(mkv, "cannot open the file", 0);
    fseek(f, 0, SEEK_END);
    long length = ftell(f);
    fseek(f, 0, SEEK_SET);
    mkv->file = malloc(length > 0 ? (size_t)length : 1);
    mkv->size = length > 0 ? (size_t)length : 0;
    bool read = mkv->file != NULL && fread(mkv->file, 1, mkv->size, f) == mkv->size;
    fclose(f);
    if (!read)
        return record_mkv_fail(mkv, "cannot read the file", 0);
    record_mkv_cursor_t c = { mkv->file, mkv->file + mkv->size, mkv };
    uint32_t id;
    const uint8_t *d;
    uint64_t n;
    if (!record_mkv_element(&c, &id, &d, &n, false) || id != 0x1A45DFA3)
        return record_mkv_fail(mkv, "no EBML header", 0);
    record_mkv_cursor_t h = { d, d + n, mkv };
    while (h.p < h.end)
    {
        uint32_t hid;
        const uint8_t *hd;
        uint64_t hn;
        if (!record_mkv_element(&h, &hid, &hd, &hn, false))
            return false;
        if (hid == 0x4282)
            record_mkv_string(mkv->doc_type, sizeof(mkv->doc_type), hd, hn);
        else if (hid == 0x4287)
            mkv->doc_type_version = record_mkv_uint(hd, hn);
    }
    const uint8_t *segment_start = c.p;
    bool unknown = false;
    if (!record_mkv_id(&c, &id) || id != 0x18538067 || !record_mkv_vint(&c, &n, &unknown))
        return record_mkv_fail(mkv, "no Segment", (size_t)(segment_start - mkv->file));
    mkv->segment_data_start = (uint64_t)(c.p - mkv->file);
    mkv->segment_size_known = !unknown;
    if (unknown)
        n = (uint64_t)(c.end - c.p);
    else if (n != (uint64_t)(c.end - c.p))
        return record_mkv_fail(mkv, "the Segment size is not the rest of the file",
                               (size_t)(segment_start - mkv->file));
    mkv->segment_size = n;
    return record_mkv_segment(mkv, c.p, n);
}

static void record_mkv_free(record_mkv_t *mkv)
{
    free(mkv->file);
    free(mkv->blocks);
    free(mkv->cues);
    memset(mkv, 0, sizeof(*mkv));
}

static const char *record_mkv_tag_value(const record_mkv_t *mkv, const char *name)
{
    for (size_t i = 0; i < mkv->tag_count; i++)
        if (strcmp(mkv->tags[i].name, name) == 0)
            return mkv->tags[i].value;
    return NULL;
}

static const record_mkv_track_t *record_mkv_track_by_name(const record_mkv_t *mkv, const char *name)
{
    for (size_t i = 0; i < mkv->track_count; i++)
        if (strcmp(mkv->tracks[i].name, name) == 0)
            return &mkv->tracks[i];
    return NULL;
}

/* The time of frame i of a block: a laced block's frames are spread evenly over its duration
 * (BlockDuration = last - first + 1), which is how high-frequency custom data is read back. */
static int64_t record_mkv_frame_time(const record_mkv_block_t *b, size_t i)
{
    if (b->frame_count < 2 || !b->has_duration || b->duration == 0)
        return b->time;
    return b->time + (int64_t)(i * (b->duration - 1) / (b->frame_count - 1));
}

/* Frames of a track in file order: the k-th frame (NULL past the end), its block time. */
static const uint8_t *record_mkv_frame(const record_mkv_t *mkv, uint64_t track, size_t k, size_t *size, int64_t *time,
                                       const record_mkv_block_t **block)
{
    for (size_t i = 0; i < mkv->block_count; i++)
    {
        const record_mkv_block_t *b = &mkv->blocks[i];
        if (b->track != track)
            continue;
        if (k < b->frame_count)
        {
            if (size != NULL)
                *size = b->frame_sizes[k];
            if (time != NULL)
                *time = record_mkv_frame_time(b, k);
            if (block != NULL)
                *block = b;
            return b->frames[k];
        }
        k -= b->frame_count;
    }
    return NULL;
}

static size_t record_mkv_frame_count(const record_mkv_t *mkv, uint64_t track)
{
    size_t count = 0;
    for (size_t i = 0; i < mkv->block_count; i++)
        if (mkv->blocks[i].track == track)
            count += mkv->blocks[i].frame_count;
    return count;
}

#endif /* K4A4J_RECORD_MKV_H */
