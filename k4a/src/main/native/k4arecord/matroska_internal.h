/*
 * The state of a Matroska file being read, shared by the four parts of the reader (not for the
 * playback, which sees matroska.h only):
 * - matroska.c: opening (EBML header, Segment, SeekHead, Info) and closing, the accessors;
 * - matroska_metadata.c: Tracks, Tags and Attachments;
 * - matroska_index.c: the Cues, the index of clusters, and resynchronisation in damaged or
 *   unindexed stretches;
 * - matroska_blocks.c: the blocks and laces of a cluster (a small cache of parsed tables), and
 *   the frames of a track in file order.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_MATROSKA_INTERNAL_H
#define K4A4J_MATROSKA_INTERNAL_H

#include "matroska.h"
#include "matroska_ids.h"

/* Parsed block tables kept at once (matroska_blocks.c). */
#define MKV_TABLE_CACHE 8

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
} mkv_cluster_t;

typedef struct
{
    uint64_t track;
    int64_t time_ns;
    int64_t duration_ns; /* -1: no BlockDuration */
    uint32_t first_frame;
    uint32_t frame_count;
} mkv_block_t;

typedef struct
{
    uint64_t offset;
    uint64_t size;
} mkv_span_t;

/* The blocks of one cluster and the frames of their laces. */
typedef struct
{
    uint64_t cluster; /* UINT64_MAX: empty slot */
    mkv_block_t *blocks;
    uint32_t block_count;
    uint32_t block_capacity;
    mkv_span_t *frames;
    uint32_t frame_count;
    uint32_t frame_capacity;
    mkv_result_t end; /* after the last block: MKV_NONE (end of cluster) or MKV_DAMAGED */
    uint64_t used;
} mkv_table_t;

typedef struct
{
    uint64_t cluster; /* absolute offset */
    int64_t time_ns;
} mkv_cue_t;

struct mkv_file
{
    k4a4j_io_t *io;
    ebml_reader_t reader;
    uint64_t segment_data;
    uint64_t segment_end;
    uint64_t timestamp_scale;
    mkv_track_t *tracks;
    size_t track_count;
    mkv_tag_t *tags;
    size_t tag_count;
    size_t tag_capacity;
    mkv_attachment_t *attachments;
    size_t attachment_count;
    size_t attachment_capacity;
    mkv_cue_t *cues; /* sorted by cluster offset */
    size_t cue_count;
    bool has_clusters;
    uint64_t first_cluster;
    mkv_cluster_t *clusters; /* sorted by offset */
    size_t cluster_count;
    size_t cluster_capacity;
    mkv_table_t tables[MKV_TABLE_CACHE];
    uint64_t table_clock;
    bool parsed_info, parsed_tracks, parsed_tags, parsed_attachments, parsed_cues;
    bool warned_truncated;
};

/* ---- matroska.c: small helpers ---------------------------------------------------------------- */

/* Grows *array (of *capacity elements) to hold needed, by doubling, never past cap elements. */
bool mkv_grow(void **array, size_t *capacity, size_t needed, size_t element_size, size_t cap);

/* ticks * scale, false on overflow */
static inline bool mkv_ticks_to_ns(int64_t ticks, uint64_t scale, int64_t *ns)
{
    if (scale == 0 || scale > (uint64_t)INT64_MAX)
        return false;
    int64_t s = (int64_t)scale;
    if (ticks > INT64_MAX / s || ticks < INT64_MIN / s)
        return false;
    *ns = ticks * s;
    return true;
}

/* An id that starts a top-level element (or an EBML header or Segment: a new file). */
static inline bool mkv_is_top_level_id(uint32_t id)
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
    case MKV_ID_EBML: return true;
    default: return false;
    }
}

/* ---- matroska_metadata.c ---------------------------------------------------------------------- */

bool mkv_parse_tracks(mkv_file_t *f, const ebml_element_t *tracks);
bool mkv_parse_tags(mkv_file_t *f, const ebml_element_t *tags);
bool mkv_parse_attachments(mkv_file_t *f, const ebml_element_t *attachments);
void mkv_free_metadata(mkv_file_t *f);

/* ---- matroska_index.c ------------------------------------------------------------------------- */

/* Reads the Cues into f->cues (sorted, one per cluster); false when they are damaged. */
bool mkv_parse_cues(mkv_file_t *f, const ebml_element_t *cues);
/* Reads the cluster header at offset: its extent and its timestamp. */
bool mkv_read_cluster_header(mkv_file_t *f, uint64_t offset, mkv_cluster_t *c);
/* Adds (or finds) a cluster in the index; NULL when the index is full. */
mkv_cluster_t *mkv_cluster_insert(mkv_file_t *f, const mkv_cluster_t *c);
/* The indexed cluster at offset, or NULL. */
mkv_cluster_t *mkv_cluster_find(mkv_file_t *f, uint64_t offset);
/* The cluster that follows (or precedes) the one at offset. */
mkv_result_t mkv_cluster_next(mkv_file_t *f, uint64_t offset, uint64_t *next);
mkv_result_t mkv_cluster_previous(mkv_file_t *f, uint64_t offset, uint64_t *previous);
/* The last cluster of the file (walking to it if needed). */
mkv_result_t mkv_last_cluster(mkv_file_t *f, uint64_t *offset);
/* A cluster to start a forward search for target_ns from. */
uint64_t mkv_cluster_for_time(mkv_file_t *f, int64_t target_ns);
/* Warns, once, that the file ends inside a cluster. */
void mkv_warn_truncated(mkv_file_t *f);

/* ---- matroska_blocks.c ------------------------------------------------------------------------ */

void mkv_tables_init(mkv_file_t *f);
void mkv_tables_free(mkv_file_t *f);
/* Drops the cached table of the cluster at offset (the cluster left the index). */
void mkv_forget_table(mkv_file_t *f, uint64_t cluster);

#endif /* K4A4J_MATROSKA_INTERNAL_H */
