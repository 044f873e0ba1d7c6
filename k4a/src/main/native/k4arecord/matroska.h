/*
 * Reading a Matroska file (RFC 9559) for playback: segment info, tracks (with CodecPrivate),
 * tags (with their targets), attachments (located, not loaded), cues, and the frames of each
 * track in file order: clusters, SimpleBlocks and BlockGroups (with BlockDuration), and laced
 * blocks (Xiph, EBML and fixed-size lacing) split into their frames.
 *
 * Clusters are indexed lazily: the first one is found at open, the Cues name some more, and the
 * others are found by walking from a known one as reading, seeking or the recording length need
 * them. The blocks of a cluster are parsed on first use (headers only) and a few of these tables
 * are cached. Memory stays bounded by the index and the cache; frame payloads are read by the
 * caller, straight from the file.
 *
 * Damage: every size is checked against its parent and the file. A cluster whose blocks stop
 * making sense ends there: frames before the damage are served, and asking past them reports
 * MKV_DAMAGED (or MKV_NONE when the file simply ends inside the cluster, as a recording cut
 * short by a crash does).
 *
 * The reader is in four parts (matroska_internal.h): matroska.c (open, close), matroska_metadata.c
 * (tracks, tags, attachments), matroska_index.c (cues, cluster index, resynchronisation) and
 * matroska_blocks.c (blocks, laces, frames).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_MATROSKA_H
#define K4A4J_MATROSKA_H

#include "ebml.h"
#include "matroska_types.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a frame is: the cluster (offset of its element), the block within it and the frame
 * within the block's lace. */
typedef struct
{
    uint64_t cluster;
    uint32_t block;
    uint32_t frame;
} mkv_pos_t;

typedef struct
{
    mkv_pos_t pos;
    uint64_t track;  /* track number */
    int64_t time_ns; /* the frame's timestamp (laced frames spread over the block's duration) */
    uint64_t offset; /* the frame's bytes in the file */
    uint64_t size;
    uint32_t frame_count; /* frames in its block */
} mkv_frame_t;

typedef enum
{
    MKV_DAMAGED = -1, /* the file is damaged here: nothing further can be read in that direction */
    MKV_NONE = 0,     /* no such frame (start or end of the recording) */
    MKV_FOUND = 1,
} mkv_result_t;

typedef struct mkv_file mkv_file_t;

/* Parses the headers (EBML header, Segment, SeekHead, Info, Tracks, Tags, Attachments, Cues).
 * The io stays the caller's and must outlive the file. NULL, with a logged reason, when the file
 * is not a readable Matroska file. */
mkv_file_t *mkv_open(k4a4j_io_t *io);
void mkv_close(mkv_file_t *file);

size_t mkv_track_count(const mkv_file_t *file);
const mkv_track_t *mkv_track(const mkv_file_t *file, size_t index);

size_t mkv_tag_count(const mkv_file_t *file);
const mkv_tag_t *mkv_tag(const mkv_file_t *file, size_t index);

size_t mkv_attachment_count(const mkv_file_t *file);
const mkv_attachment_t *mkv_attachment(const mkv_file_t *file, size_t index);

/* ---- frames of one track, in file order ------------------------------------------------------ */

/* The first frame of the track after pos (after == NULL: from the start). */
mkv_result_t mkv_next_frame(mkv_file_t *file, uint64_t track, const mkv_pos_t *after, mkv_frame_t *frame);
/* The last frame of the track before pos (before == NULL: from the end). */
mkv_result_t mkv_previous_frame(mkv_file_t *file, uint64_t track, const mkv_pos_t *before, mkv_frame_t *frame);
/* The first frame of the track whose time is at least target_ns. */
mkv_result_t mkv_seek_frame(mkv_file_t *file, uint64_t track, int64_t target_ns, mkv_frame_t *frame);

/* The last instant the recording covers: the latest block time of the last cluster plus its
 * duration less one nanosecond (a block without a duration covers its own instant only). */
mkv_result_t mkv_last_time(mkv_file_t *file, int64_t *last_ns);

#endif /* K4A4J_MATROSKA_H */
