/*
 * Element ids of EBML (RFC 8794) and Matroska (RFC 9559) that the reader or the writer uses (the
 * ones Azure Kinect recordings need), for both alike. An id is written here as it appears in the file, length
 * marker included (0x1A45DFA3 is the four bytes 1A 45 DF A3).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_MATROSKA_IDS_H
#define K4A4J_MATROSKA_IDS_H

/* ---- EBML header and global elements ------------------------------------------------------- */
#define MKV_ID_EBML 0x1A45DFA3u
#define MKV_ID_EBML_VERSION 0x4286u
#define MKV_ID_EBML_READ_VERSION 0x42F7u
#define MKV_ID_EBML_MAX_ID_LENGTH 0x42F2u
#define MKV_ID_EBML_MAX_SIZE_LENGTH 0x42F3u
#define MKV_ID_DOC_TYPE 0x4282u
#define MKV_ID_DOC_TYPE_VERSION 0x4287u
#define MKV_ID_DOC_TYPE_READ_VERSION 0x4285u
#define MKV_ID_VOID 0xECu /* padding, allowed anywhere */

/* ---- Segment and its top-level (level 1) children ------------------------------------------ */
#define MKV_ID_SEGMENT 0x18538067u
#define MKV_ID_SEEK_HEAD 0x114D9B74u
#define MKV_ID_INFO 0x1549A966u
#define MKV_ID_TRACKS 0x1654AE6Bu
#define MKV_ID_CLUSTER 0x1F43B675u
#define MKV_ID_CUES 0x1C53BB6Bu
#define MKV_ID_ATTACHMENTS 0x1941A469u
#define MKV_ID_CHAPTERS 0x1043A770u
#define MKV_ID_TAGS 0x1254C367u

/* ---- SeekHead ------------------------------------------------------------------------------ */
#define MKV_ID_SEEK 0x4DBBu
#define MKV_ID_SEEK_ID 0x53ABu       /* binary: the id of the element pointed to */
#define MKV_ID_SEEK_POSITION 0x53ACu /* uint: offset from the start of the Segment's data */

/* ---- Info ---------------------------------------------------------------------------------- */
#define MKV_ID_TIMESTAMP_SCALE 0x2AD7B1u /* uint: nanoseconds per tick (default 1000000) */
#define MKV_ID_DURATION 0x4489u          /* float: in ticks */
#define MKV_ID_DATE_UTC 0x4461u          /* int: nanoseconds since 2001-01-01T00:00:00 UTC */
#define MKV_ID_TITLE 0x7BA9u
#define MKV_ID_MUXING_APP 0x4D80u
#define MKV_ID_WRITING_APP 0x5741u

/* ---- Tracks -------------------------------------------------------------------------------- */
#define MKV_ID_TRACK_ENTRY 0xAEu
#define MKV_ID_TRACK_NUMBER 0xD7u
#define MKV_ID_TRACK_UID 0x73C5u
#define MKV_ID_TRACK_TYPE 0x83u           /* 1 video, 2 audio, 17 subtitle, ... */
#define MKV_ID_DEFAULT_DURATION 0x23E383u /* uint: nanoseconds per frame */
#define MKV_ID_NAME 0x536Eu
#define MKV_ID_CODEC_ID 0x86u
#define MKV_ID_CODEC_PRIVATE 0x63A2u
#define MKV_ID_VIDEO 0xE0u
#define MKV_ID_PIXEL_WIDTH 0xB0u
#define MKV_ID_PIXEL_HEIGHT 0xBAu
#define MKV_ID_CONTENT_ENCODINGS 0x6D80u /* compression or encryption of the track's frames */

#define MKV_TRACK_TYPE_VIDEO 1u
#define MKV_TRACK_TYPE_SUBTITLE 17u

/* ---- Cluster ------------------------------------------------------------------------------- */
#define MKV_ID_CLUSTER_TIMESTAMP 0xE7u /* uint: ticks */
#define MKV_ID_SIMPLE_BLOCK 0xA3u
#define MKV_ID_BLOCK_GROUP 0xA0u
#define MKV_ID_BLOCK 0xA1u
#define MKV_ID_BLOCK_DURATION 0x9Bu /* uint: ticks */

/* Block header flags (the byte after track number and relative timestamp). */
#define MKV_BLOCK_FLAG_KEYFRAME 0x80u /* SimpleBlock only */
#define MKV_BLOCK_LACING_MASK 0x06u
#define MKV_BLOCK_LACING_NONE 0x00u
#define MKV_BLOCK_LACING_XIPH 0x02u
#define MKV_BLOCK_LACING_FIXED 0x04u

/* ---- Cues ---------------------------------------------------------------------------------- */
#define MKV_ID_CUE_POINT 0xBBu
#define MKV_ID_CUE_TIME 0xB3u
#define MKV_ID_CUE_TRACK_POSITIONS 0xB7u
#define MKV_ID_CUE_TRACK 0xF7u
#define MKV_ID_CUE_CLUSTER_POSITION 0xF1u /* uint: offset from the start of the Segment's data */

/* ---- Attachments --------------------------------------------------------------------------- */
#define MKV_ID_ATTACHED_FILE 0x61A7u
#define MKV_ID_FILE_NAME 0x466Eu
#define MKV_ID_FILE_MEDIA_TYPE 0x4660u /* MIME type */
#define MKV_ID_FILE_DATA 0x465Cu
#define MKV_ID_FILE_UID 0x46AEu

/* ---- Tags ---------------------------------------------------------------------------------- */
#define MKV_ID_TAG 0x7373u
#define MKV_ID_TARGETS 0x63C0u
#define MKV_ID_TARGET_TYPE 0x63CAu /* string, e.g. "TRACK", "ATTACHMENT" */
#define MKV_ID_TAG_TRACK_UID 0x63C5u
#define MKV_ID_TAG_ATTACHMENT_UID 0x63C6u
#define MKV_ID_SIMPLE_TAG 0x67C8u
#define MKV_ID_TAG_NAME 0x45A3u
#define MKV_ID_TAG_STRING 0x4487u

#endif /* K4A4J_MATROSKA_IDS_H */
