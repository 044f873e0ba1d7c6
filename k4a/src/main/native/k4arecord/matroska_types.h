/*
 * The tracks, tags and attachments of a Matroska file: one definition for the reader (matroska*.c,
 * which fills them from the file) and the writer (record*.c, which writes them), and the functions
 * that free what they own.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_MATROSKA_TYPES_H
#define K4A4J_MATROSKA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A track (TrackEntry). */
typedef struct
{
    uint64_t number;
    uint64_t uid;
    uint64_t type;          /* MKV_TRACK_TYPE_* */
    char *name;             /* "" when absent */
    char *codec_id;         /* "" when absent */
    uint8_t *codec_private; /* NULL when absent */
    size_t codec_private_size;
    uint64_t default_duration_ns; /* 0 when absent */
    bool has_video;
    uint64_t pixel_width;
    uint64_t pixel_height;
    bool encoded; /* ContentEncodings: frames are not stored as they are (read, not supported) */
} mkv_track_t;

/* A SimpleTag and the Targets of its Tag. */
typedef struct
{
    char *name;
    char *value;             /* TagString ("" for a binary or missing value) */
    uint64_t track_uid;      /* first TagTrackUID of the tag's Targets, 0 when none */
    uint64_t attachment_uid; /* first TagAttachmentUID, 0 when none */
} mkv_tag_t;

/* An AttachedFile: where its data lies in the file (reading), or how large it is (writing; the
 * writer keeps the bytes beside it). */
typedef struct
{
    char *name;
    char *media_type; /* NULL when absent */
    uint64_t uid;
    uint64_t data_offset; /* absolute offset of the file data (reading) */
    uint64_t data_size;
} mkv_attachment_t;

/* Free the strings and buffers of one element, and clear it (matroska_metadata.c). */
void mkv_track_free(mkv_track_t *track);
void mkv_tag_free(mkv_tag_t *tag);
void mkv_attachment_free(mkv_attachment_t *attachment);

#endif /* K4A4J_MATROSKA_TYPES_H */
