/*
 * The clusters of a Matroska file (see matroska.h): the Cues, and the index of clusters known so
 * far, sorted by offset. The first cluster is found at open and the Cues name some more; the others
 * are found by walking the top-level elements from a known cluster to the next, as reading,
 * seeking or the recording length need them. An entry knows whether the cluster after it in the
 * file is the next entry, so that a walk is done once.
 *
 * Resynchronisation: a stretch between known clusters longer than RESYNC_GAP (16 MiB) is not
 * walked blindly. A cue inside it is used first (seeking: the cue after the chosen cluster bounds
 * the stretch; stepping back: the cue before a cluster is where the walk to it starts), so that a
 * file whose Cues name every cluster (as recordings have) is never searched. Otherwise seeking
 * bisects it by searching the bytes for a Cluster id (in chunks of 64 KiB), and stepping back or
 * finding the last cluster searches backwards from the far end. A cluster
 * found by searching must be plausible: a valid header with a timestamp, ending at the end of the
 * segment or of the file or where a valid top-level element starts. A cue that points at no
 * cluster is dropped from the index when a walk passes it. Damage after a cluster (no valid element
 * there) is remembered: reading in that direction reports MKV_DAMAGED; a file that ends inside an
 * element header or a cluster is truncated, and reading simply ends there (MKV_NONE).
 *
 * Limits: 2^20 cues, 2^24 indexed clusters.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "matroska_internal.h"

#include "../common/log.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CUES (1u << 20)
#define MAX_CLUSTERS (1u << 24)
#ifndef RESYNC_GAP /* (the fuzz target sets a small one, to reach the searches with small inputs) */
#define RESYNC_GAP ((uint64_t)16 << 20) /* gaps between known clusters longer than this are searched */
#endif
#define RESYNC_CHUNK 65536

/* ---- cues ----------------------------------------------------------------------------------- */

static int compare_cues(const void *a, const void *b)
{
    const mkv_cue_t *x = a, *y = b;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    return 0;
}

bool mkv_parse_cues(mkv_file_t *f, const ebml_element_t *cues)
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
        if (!has_time || time > (uint64_t)INT64_MAX || !mkv_ticks_to_ns((int64_t)time, f->timestamp_scale, &time_ns))
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
                if (!mkv_grow((void **)&f->cues, &capacity, f->cue_count + 1, sizeof(mkv_cue_t), MAX_CUES))
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
        qsort(f->cues, f->cue_count, sizeof(mkv_cue_t), compare_cues);
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

/* The first cue whose cluster starts at or after offset. */
static size_t cue_lower_bound(const mkv_file_t *f, uint64_t offset)
{
    size_t lo = 0, hi = f->cue_count;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        if (f->cues[mid].cluster < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- the index of clusters ------------------------------------------------------------------------------- */

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

mkv_cluster_t *mkv_cluster_find(mkv_file_t *f, uint64_t offset)
{
    size_t i = cluster_lower_bound(f, offset);
    return i < f->cluster_count && f->clusters[i].offset == offset ? &f->clusters[i] : NULL;
}

/* Reads the cluster header at offset: its extent and its timestamp. */
bool mkv_read_cluster_header(mkv_file_t *f, uint64_t offset, mkv_cluster_t *c)
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
                !mkv_ticks_to_ns((int64_t)ticks, f->timestamp_scale, &c->time_ns))
                return false;
            has_time = true;
            break;
        }
        if (child.id == MKV_ID_SIMPLE_BLOCK || child.id == MKV_ID_BLOCK_GROUP || mkv_is_top_level_id(child.id))
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
            if (status != EBML_OK || child.unknown_size || mkv_is_top_level_id(child.id))
                break;
            position = child.end;
        }
        c->end = position;
    }
    return true;
}

/* Adds (or finds) the cluster at offset in the index. */
mkv_cluster_t *mkv_cluster_insert(mkv_file_t *f, const mkv_cluster_t *c)
{
    size_t i = cluster_lower_bound(f, c->offset);
    if (i < f->cluster_count && f->clusters[i].offset == c->offset)
        return &f->clusters[i];
    if (!mkv_grow((void **)&f->clusters, &f->cluster_capacity, f->cluster_count + 1, sizeof(mkv_cluster_t),
                  MAX_CLUSTERS))
    {
        LOG_ERROR("cannot index more clusters (%zu), or out of memory", f->cluster_count);
        return NULL;
    }
    memmove(&f->clusters[i + 1], &f->clusters[i], (f->cluster_count - i) * sizeof(mkv_cluster_t));
    f->clusters[i] = *c;
    f->cluster_count++;
    if (i > 0)
        f->clusters[i - 1].next_known = false; /* the new entry sits between it and its old successor */
    return &f->clusters[i];
}

static void cluster_remove(mkv_file_t *f, size_t i)
{
    mkv_forget_table(f, f->clusters[i].offset);
    memmove(&f->clusters[i], &f->clusters[i + 1], (f->cluster_count - i - 1) * sizeof(mkv_cluster_t));
    f->cluster_count--;
    if (i > 0)
        f->clusters[i - 1].next_known = false;
}

/* The cluster at offset, read and indexed if needed; NULL when there is no valid cluster there. */
static mkv_cluster_t *cluster_at(mkv_file_t *f, uint64_t offset)
{
    mkv_cluster_t *known = mkv_cluster_find(f, offset);
    if (known != NULL)
        return known;
    mkv_cluster_t c;
    if (!mkv_read_cluster_header(f, offset, &c))
        return NULL;
    return mkv_cluster_insert(f, &c);
}

void mkv_warn_truncated(mkv_file_t *f)
{
    if (!f->warned_truncated)
        LOG_WARNING("the recording is truncated: it ends inside a cluster (%llu bytes)",
                    (unsigned long long)f->io->size);
    f->warned_truncated = true;
}

/* The cluster that follows the one at offset. */
mkv_result_t mkv_cluster_next(mkv_file_t *f, uint64_t offset, uint64_t *next)
{
    mkv_cluster_t *c = mkv_cluster_find(f, offset);
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
                mkv_warn_truncated(f);
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
            mkv_cluster_t *found = cluster_at(f, e.offset);
            c = mkv_cluster_find(f, offset);
            if (found == NULL && c != NULL && e.truncated && f->segment_end >= f->io->size)
            {
                /* a cluster cut by the end of the file before its timestamp */
                mkv_warn_truncated(f);
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
static bool plausible_cluster(mkv_file_t *f, uint64_t offset, mkv_cluster_t *c)
{
    ebml_element_t e;
    if (!mkv_read_cluster_header(f, offset, c))
        return false;
    if (c->truncated || c->end == f->segment_end)
        return true;
    return ebml_read_element(&f->reader, c->end, f->segment_end, true, &e) == EBML_OK && mkv_is_top_level_id(e.id);
}

static bool is_cluster_id(const uint8_t *p)
{
    return p[0] == 0x1F && p[1] == 0x43 && p[2] == 0xB6 && p[3] == 0x75;
}

/* The first plausible cluster starting in [from, to). */
static bool find_cluster_forward(mkv_file_t *f, uint64_t from, uint64_t to, mkv_cluster_t *c)
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
static bool find_cluster_backward(mkv_file_t *f, uint64_t from, uint64_t to, mkv_cluster_t *c)
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
mkv_result_t mkv_cluster_previous(mkv_file_t *f, uint64_t offset, uint64_t *previous)
{
    mkv_cluster_t *c = mkv_cluster_find(f, offset);
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
    /* a cue nearer than the known cluster before it: index it, and walk from there */
    size_t cue = cue_lower_bound(f, offset);
    if (cue > 0 && (i == 0 || f->cues[cue - 1].cluster > f->clusters[i - 1].offset) &&
        cluster_at(f, f->cues[cue - 1].cluster) != NULL)
    {
        c = mkv_cluster_find(f, offset); /* (the index moved) */
        if (c == NULL)
            return MKV_DAMAGED;
        i = (size_t)(c - f->clusters);
    }
    /* walk forward from the nearest known cluster before it; over a long stretch, find the cluster
     * that precedes it by searching backwards first */
    uint64_t walk = i > 0 ? f->clusters[i - 1].offset : f->first_cluster;
    uint64_t walk_end = i > 0 ? f->clusters[i - 1].end : f->first_cluster;
    mkv_cluster_t found;
    if (offset > walk_end && offset - walk_end > RESYNC_GAP && find_cluster_backward(f, walk_end, offset, &found) &&
        found.offset > walk && mkv_cluster_insert(f, &found) != NULL)
    {
        uint64_t next;
        if (mkv_cluster_next(f, found.offset, &next) == MKV_FOUND && next == offset)
        {
            *previous = found.offset;
            return MKV_FOUND;
        }
    }
    for (;;)
    {
        uint64_t next;
        mkv_result_t r = mkv_cluster_next(f, walk, &next);
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

/* The last cluster of the file (walking to it if needed). */
mkv_result_t mkv_last_cluster(mkv_file_t *f, uint64_t *offset)
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
    mkv_cluster_t *known = mkv_cluster_find(f, walk);
    mkv_cluster_t found;
    if (known != NULL && !known->last && f->segment_end > known->end && f->segment_end - known->end > RESYNC_GAP &&
        find_cluster_backward(f, known->end, f->segment_end, &found) && mkv_cluster_insert(f, &found) != NULL)
        walk = found.offset;
    for (;;)
    {
        uint64_t next;
        mkv_result_t r = mkv_cluster_next(f, walk, &next);
        if (r != MKV_FOUND)
            break; /* the end, or damage: the last readable cluster */
        walk = next;
    }
    *offset = walk;
    return MKV_FOUND;
}

/* A cluster to start a forward search for target_ns from: the one before the last cluster that
 * starts at or before target_ns (blocks may start after their cluster's timestamp). */
uint64_t mkv_cluster_for_time(mkv_file_t *f, int64_t target_ns)
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
        mkv_cluster_t *c = cluster_at(f, f->cues[i].cluster);
        if (c != NULL && c->time_ns <= target_ns && c->time_ns >= best_time)
        {
            best = c->offset;
            break;
        }
    }
    /* a long stretch up to the next known cluster (or the end): narrow it down by bisection */
    for (;;)
    {
        mkv_cluster_t *low = mkv_cluster_find(f, best);
        if (low == NULL || low->next_known || low->last)
            break;
        size_t i = (size_t)(low - f->clusters);
        uint64_t low_end = low->end; /* (low moves when the index grows) */
        uint64_t high = i + 1 < f->cluster_count ? f->clusters[i + 1].offset : f->segment_end;
        if (high <= low_end || high - low_end <= RESYNC_GAP)
            break;
        /* a cue in the stretch bounds it: the cues after best name later times (or no clusters) */
        size_t cue = cue_lower_bound(f, low_end);
        if (cue < f->cue_count && f->cues[cue].cluster < high && cluster_at(f, f->cues[cue].cluster) != NULL)
            continue;
        uint64_t middle = low_end + (high - low_end) / 2;
        mkv_cluster_t found;
        if (!find_cluster_forward(f, middle, high, &found) || found.offset >= high)
            break; /* nothing starts in the upper half: walk from low */
        if (mkv_cluster_insert(f, &found) == NULL)
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
        if (mkv_cluster_next(f, best, &next) != MKV_FOUND)
            break;
        mkv_cluster_t *c = mkv_cluster_find(f, next);
        if (c == NULL || c->time_ns > target_ns)
            break;
        best = next;
    }
    uint64_t previous;
    if (mkv_cluster_previous(f, best, &previous) == MKV_FOUND)
        best = previous;
    return best;
}
