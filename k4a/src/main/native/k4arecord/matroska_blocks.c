/*
 * The frames of a Matroska file (see matroska.h): the blocks of a cluster are parsed on first use
 * into a table (headers only: track, time, duration, and where each frame of the block's lace lies
 * in the file); the MKV_TABLE_CACHE tables used last are kept. SimpleBlocks and BlockGroups (with
 * their BlockDuration) are read, and laced blocks (Xiph, EBML and fixed-size lacing) are split into
 * their frames; laced frames get times spread evenly over the block's duration. On these tables
 * rest the walks over the frames of one track: next, previous, the first at or after a time, and
 * the last instant the recording covers.
 *
 * Damage: a cluster whose blocks stop making sense ends there (the table records MKV_DAMAGED, or
 * MKV_NONE when the file simply ends inside the cluster); an element that starts a new top-level
 * element ends a cluster whose size was wrong.
 *
 * Limits: 2^18 blocks and 2^20 frames per cluster, 256 frames per lace.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "matroska_internal.h"

#include "../common/log.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS_PER_CLUSTER (1u << 18)
#define MAX_FRAMES_PER_CLUSTER (1u << 20)

/* ---- the table cache ------------------------------------------------------------------------ */

void mkv_tables_init(mkv_file_t *f)
{
    for (size_t i = 0; i < MKV_TABLE_CACHE; i++)
        f->tables[i].cluster = UINT64_MAX;
}

void mkv_tables_free(mkv_file_t *f)
{
    for (size_t i = 0; i < MKV_TABLE_CACHE; i++)
    {
        free(f->tables[i].blocks);
        free(f->tables[i].frames);
    }
}

void mkv_forget_table(mkv_file_t *f, uint64_t cluster)
{
    for (size_t i = 0; i < MKV_TABLE_CACHE; i++)
        if (f->tables[i].cluster == cluster)
            f->tables[i].cluster = UINT64_MAX;
}

/* ---- blocks of a cluster -------------------------------------------------------------------- */

static bool table_add_frame(mkv_table_t *t, uint64_t offset, uint64_t size)
{
    size_t capacity = t->frame_capacity;
    if (!mkv_grow((void **)&t->frames, &capacity, (size_t)t->frame_count + 1, sizeof(mkv_span_t),
                  MAX_FRAMES_PER_CLUSTER))
        return false;
    t->frame_capacity = (uint32_t)capacity;
    t->frames[t->frame_count].offset = offset;
    t->frames[t->frame_count].size = size;
    t->frame_count++;
    return true;
}

/* Splits a laced payload into frames. */
static bool parse_lacing(mkv_file_t *f, mkv_table_t *t, uint8_t lacing, uint64_t payload, uint64_t end)
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
                size_t got =
                    ebml_reader_peek(&f->reader, position, bytes, end - position < 8 ? (size_t)(end - position) : 8);
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
static bool table_add_block(mkv_file_t *f, const mkv_cluster_t *c, mkv_table_t *t, uint64_t data, uint64_t end,
                            int64_t duration_ns)
{
    uint8_t head[12];
    size_t got =
        ebml_reader_peek(&f->reader, data, head, end - data < sizeof(head) ? (size_t)(end - data) : sizeof(head));
    uint64_t track;
    size_t used = ebml_decode_vint(head, got, &track);
    if (used == 0 || track == EBML_UNKNOWN_SIZE || used + 3 > got)
        return false;
    int16_t relative = (int16_t)(((uint16_t)head[used] << 8) | head[used + 1]);
    uint8_t flags = head[used + 2];
    uint64_t payload = data + used + 3;
    int64_t relative_ns;
    if (!mkv_ticks_to_ns(relative, f->timestamp_scale, &relative_ns))
        return false;
    if ((relative_ns > 0 && c->time_ns > INT64_MAX - relative_ns) ||
        (relative_ns < 0 && c->time_ns < INT64_MIN - relative_ns))
        return false;
    size_t capacity = t->block_capacity;
    if (!mkv_grow((void **)&t->blocks, &capacity, (size_t)t->block_count + 1, sizeof(mkv_block_t),
                  MAX_BLOCKS_PER_CLUSTER))
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
    mkv_block_t *b = &t->blocks[t->block_count++];
    b->track = track;
    b->time_ns = c->time_ns + relative_ns;
    b->duration_ns = duration_ns;
    b->first_frame = first;
    b->frame_count = t->frame_count - first;
    return true;
}

static bool table_add_group(mkv_file_t *f, const mkv_cluster_t *c, mkv_table_t *t, const ebml_element_t *group)
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
                !mkv_ticks_to_ns((int64_t)ticks, f->timestamp_scale, &duration_ns))
                return false;
        }
    }
    if (status != EBML_END)
        return false;
    return !has_block || table_add_block(f, c, t, block.data, block.end, duration_ns);
}

static void parse_table(mkv_file_t *f, mkv_cluster_t *c, mkv_table_t *t)
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
                mkv_warn_truncated(f); /* the file ends inside this element */
            else
            {
                LOG_ERROR("damaged recording: invalid element at byte %llu in the cluster at byte %llu",
                          (unsigned long long)position, (unsigned long long)c->offset);
                t->end = MKV_DAMAGED;
            }
            break;
        }
        if (mkv_is_top_level_id(e.id))
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
static mkv_table_t *cluster_table(mkv_file_t *f, uint64_t offset)
{
    mkv_table_t *slot = &f->tables[0];
    for (size_t i = 0; i < MKV_TABLE_CACHE; i++)
    {
        if (f->tables[i].cluster == offset)
        {
            f->tables[i].used = ++f->table_clock;
            return &f->tables[i];
        }
        if (f->tables[i].used < slot->used)
            slot = &f->tables[i];
    }
    mkv_cluster_t *c = mkv_cluster_find(f, offset);
    if (c == NULL)
        return NULL;
    slot->cluster = offset;
    slot->used = ++f->table_clock;
    parse_table(f, c, slot);
    return slot;
}

/* ---- frames --------------------------------------------------------------------------------- */

static void fill_frame(const mkv_file_t *f, const mkv_table_t *t, uint32_t b, uint32_t i, mkv_frame_t *frame)
{
    const mkv_block_t *block = &t->blocks[b];
    const mkv_span_t *span = &t->frames[block->first_frame + i];
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
            if (step <= (uint64_t)INT64_MAX && mkv_ticks_to_ns((int64_t)step, scale, &step_ns) &&
                frame->time_ns <= INT64_MAX - step_ns)
                frame->time_ns += step_ns;
        }
    }
}

/* The cluster after the one whose blocks are in t (*cluster): MKV_FOUND, or why there is none. */
static mkv_result_t cluster_after_table(mkv_file_t *f, const mkv_table_t *t, uint64_t *cluster)
{
    if (t->end == MKV_DAMAGED)
        return MKV_DAMAGED;
    return mkv_cluster_next(f, *cluster, cluster);
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
        mkv_table_t *t = cluster_table(f, cluster);
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
        mkv_result_t r = cluster_after_table(f, t, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = 0;
        next_frame = 0;
    }
}

mkv_result_t mkv_previous_frame(mkv_file_t *f, uint64_t track, const mkv_pos_t *before, mkv_frame_t *frame)
{
    uint64_t cluster;
    int64_t block;
    int64_t frame_index;
    if (before == NULL)
    {
        mkv_result_t r = mkv_last_cluster(f, &cluster);
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
        mkv_table_t *t = cluster_table(f, cluster);
        if (t == NULL)
            return MKV_DAMAGED;
        if (block >= (int64_t)t->block_count)
        {
            block = (int64_t)t->block_count - 1;
            frame_index = INT64_MAX;
        }
        for (; block >= 0; block--, frame_index = INT64_MAX)
        {
            const mkv_block_t *b = &t->blocks[block];
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
        mkv_result_t r = mkv_cluster_previous(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = INT64_MAX;
        frame_index = INT64_MAX;
    }
}

mkv_result_t mkv_seek_frame(mkv_file_t *f, uint64_t track, int64_t target_ns, mkv_frame_t *frame)
{
    if (!f->has_clusters)
        return MKV_NONE;
    uint64_t cluster = mkv_cluster_for_time(f, target_ns);
    uint32_t block = 0;
    for (;;)
    {
        mkv_table_t *t = cluster_table(f, cluster);
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
        mkv_result_t r = cluster_after_table(f, t, &cluster);
        if (r != MKV_FOUND)
            return r;
        block = 0;
    }
}

mkv_result_t mkv_last_time(mkv_file_t *f, int64_t *last_ns)
{
    uint64_t cluster;
    mkv_result_t r = mkv_last_cluster(f, &cluster);
    if (r != MKV_FOUND)
        return r;
    for (;;)
    {
        mkv_table_t *t = cluster_table(f, cluster);
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
        r = mkv_cluster_previous(f, cluster, &cluster);
        if (r != MKV_FOUND)
            return r;
    }
}
