/*
 * The state of a recording being written, shared by the record API (record.c), its tracks, tags
 * and attachments (record_tracks.c) and the Matroska muxer (record_mux.c).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_RECORD_INTERNAL_H
#define K4A4J_RECORD_INTERNAL_H

#include <stddef.h> /* before handle.h, which uses NULL */

#include "../common/handle.h"
#include "../common/platform.h"
#include "ebml_writer.h"
#include "matroska_types.h"
#include "record_file.h"

#include <k4arecord/record.h>

/* ---- the rules of the muxer (documented in record_mux.c) ---------------------------------------- */

/* Tracks may be written this far out of step: a block stays in memory until the newest timestamp
 * written is more than this (plus one cluster span) past it. */
#define RECORD_REORDER_WINDOW_USEC 1000000u
/* ... or until the blocks held in memory exceed this many bytes (then the oldest are written). */
#define RECORD_PENDING_BYTES_LIMIT ((size_t)64 << 20)
/* A cluster spans at most this many microseconds: blocks store their time as a signed 16-bit
 * offset from the cluster's timestamp (one tick = 1 us). */
#define RECORD_CLUSTER_SPAN_USEC 32767u
/* Fixed-size lacing stores the frame count less one in a byte. */
#define RECORD_MAX_LACED_FRAMES 256u

typedef enum
{
    TRACK_COLOR,
    TRACK_DEPTH,
    TRACK_IR,
    TRACK_IMU,
    TRACK_CUSTOM_VIDEO,
    TRACK_CUSTOM_SUBTITLE,
} record_track_kind_t;

/* A track: its Matroska entry (video tracks have type MKV_TRACK_TYPE_VIDEO and a Video element,
 * the others are subtitle tracks) and how its blocks are written. */
typedef struct
{
    mkv_track_t mkv; /* number: 1-based, in the order tracks were added */
    record_track_kind_t kind;
    bool laced;     /* blocks of consecutive samples are laced into BlockGroups (IMU, high-frequency data) */
    bool even_lace; /* lace only evenly spaced samples (their times are not stored in the data) */
    bool has_data;
    uint64_t last_timestamp_usec; /* device time of the newest block accepted */
} record_track_t;

typedef struct
{
    mkv_tag_t mkv; /* targets a track or an attachment when its UID is not 0 */
    bool builtin;  /* written by the recorder itself; users may not add the same name */
} record_tag_t;

typedef struct
{
    mkv_attachment_t mkv; /* data_size bytes; media type application/octet-stream */
    uint8_t *data;        /* NULL once written */
} record_attachment_t;

/* What a device can tell about itself: raw calibration, serial number, firmware versions. */
typedef struct
{
    uint8_t *calibration;
    size_t calibration_size;
    char *serial;
    char color_firmware[40];
    char depth_firmware[40];
} device_info_t;

/* A block waiting in the reorder window: one frame of one track at one device time. */
typedef struct
{
    uint64_t timestamp_usec; /* device time */
    uint64_t sequence;       /* arrival order, to keep equal timestamps in the order written */
    size_t track;            /* index into tracks */
    size_t size;
    size_t capacity; /* bytes of data allocated */
    uint8_t data[];
} record_block_t;

typedef struct
{
    uint64_t time;             /* block time, us from the start offset */
    uint64_t cluster_position; /* of the cluster, from the start of the Segment's data */
} record_cue_t;

typedef struct
{
    k4a4j_handle_header_t header;
    k4a4j_mutex_t lock;
    k4a_device_configuration_t config;
    record_file_t file;
    char *path;

    record_track_t *tracks;
    size_t track_count;
    long color_track, depth_track, ir_track, imu_track; /* indexes, -1 when absent */
    record_tag_t *tags;
    size_t tag_count;
    record_attachment_t *attachments;
    size_t attachment_count;
    uint64_t uid_state; /* source of the random track/attachment UIDs */

    bool header_written;

    /* where the header put things (absolute file offsets) */
    uint64_t segment_size_offset;
    uint64_t segment_data_start;
    uint64_t seek_head_offset;
    uint64_t info_offset, tracks_offset, attachments_offset, tags_offset;
    uint64_t duration_offset; /* an 11-byte Void in Info that becomes the Duration */
    uint64_t tags_reserve;    /* bytes of Tags plus the Void after it */

    /* the reorder window: blocks sorted by (device time, arrival), oldest at pending[pending_head] */
    record_block_t **pending;
    size_t pending_head, pending_count, pending_capacity;
    size_t pending_bytes;
    uint64_t next_sequence;
    uint64_t newest_timestamp_usec;
    bool any_block; /* some block was accepted */

    bool start_known;
    uint64_t start_offset_usec;
    bool any_written;
    uint64_t written_until_usec; /* device time of the newest block in the file */
    uint64_t last_block_time;    /* largest block time in the file (the Duration) */
    long cue_track;              /* index of the track whose frames are indexed in the Cues */

    /* large blocks already written, kept for reuse: new memory would be faulted in page by page */
    record_block_t *spare[8];
    size_t spare_count;

    record_cue_t *cues;
    size_t cue_count, cue_capacity;
    ebml_buffer_t scratch;
} record_t;

/* ---- record_tracks.c ---------------------------------------------------------------------------- */

char *record_copy_string(const char *s);
bool record_is_utf8(const char *s);
/* Tag names: upper-case letters, digits and '_'. */
bool record_is_tag_name(const char *s);
/* Track names: upper-case letters, digits, '-' and '_'. */
bool record_is_track_name(const char *s);
/* Codec ids: printable ASCII. */
bool record_is_codec_id(const char *s);
/* Seeds the random UIDs of tracks and attachments. */
void record_seed_uids(record_t *record);
/* Adds a (subtitle) track with a new UID; NULL without memory. */
record_track_t *record_add_track(record_t *record, const char *name, const char *codec_id, const uint8_t *codec_private,
                                 size_t codec_private_size, record_track_kind_t kind);
/* Makes a track a video track of that size and frame period (0: none). */
void record_set_video(record_track_t *track, uint64_t width, uint64_t height, uint64_t default_duration_ns);
/* Adds a tag targeting the track or attachment of that UID (0: none). */
bool record_add_tag(record_t *record, const char *name, const char *value, uint64_t track_uid, uint64_t attachment_uid,
                    bool builtin);
/* The tag naming a track ("K4A_COLOR_TRACK" = its UID), and K4A_CUSTOM_TRACK_<name> for a custom one. */
bool record_add_track_tag(record_t *record, const char *name, const record_track_t *track);
bool record_add_custom_track_tag(record_t *record, const record_track_t *track);
/* Adds an attachment (a copy of size bytes) with a new UID; NULL without memory. */
record_attachment_t *record_add_attachment(record_t *record, const char *name, const uint8_t *data, size_t size);
/* The index of the track of that name, -1 when there is none. */
long record_find_track(const record_t *record, const char *name);
/* The built-in tracks and tags the configuration asks for (and the device's, when there is one). */
bool record_add_builtin_tracks(record_t *record, const device_info_t *device);
void record_free_tracks(record_t *record);

/* ---- record_mux.c --------------------------------------------------------------------------------- */

bool record_mux_write_header(record_t *record);
/* Makes room for extra more blocks in the window, so that adding them cannot fail for memory. */
bool record_mux_reserve(record_t *record, size_t extra);
/* A block of size bytes for track at device time timestamp_usec (NULL without memory), and its
 * release (kept for reuse when large). */
record_block_t *record_mux_new_block(record_t *record, size_t track, uint64_t timestamp_usec, size_t size);
void record_mux_free_block(record_t *record, record_block_t *block);
/* Puts a block into the reorder window (taking ownership; room was made with record_mux_reserve). */
void record_mux_insert(record_t *record, record_block_t *block);
/* Writes the clusters the window lets go. False when writing failed (the file has failed). */
bool record_mux_settle(record_t *record);
/* Writes pending clusters, patches the Duration, syncs the file. */
bool record_mux_flush(record_t *record);
/* Writes pending clusters, the Cues, and patches the SeekHead, Duration and Segment size. */
bool record_mux_finish(record_t *record);
/* Frees the blocks still in the window and the cues. */
void record_mux_free(record_t *record);

#endif /* K4A4J_RECORD_INTERNAL_H */
