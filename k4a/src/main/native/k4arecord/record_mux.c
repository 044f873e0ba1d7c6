/*
 * The Matroska muxer of the record API: lays out the file, holds blocks in a reorder window,
 * writes clusters and, at the end, the Cues.
 *
 * File layout (the layout of the vendor's recorder, checked with mkvinfo on its files):
 *   EBML header (DocType matroska, version 2)
 *   Segment, size "unknown" (8 bytes) until k4a_record_close patches it
 *     SeekHead + Void          a fixed reserve; rewritten at close to add the Cues position
 *     Info                     TimestampScale 1000 (1 tick = 1 us), applications, date, title, and
 *                              an 11-byte Void that becomes the Duration at flush and close
 *     Tracks                   COLOR, DEPTH, IR (V_MS/VFW/FOURCC + BITMAPINFOHEADER), IMU
 *                              (S_K4A/IMU), custom tracks, in the order they were added
 *     Attachments              calibration.json (from a device) and added files
 *     Tags + Void              K4A_* tags, user tags, K4A_START_OFFSET_NS last; rewritten in place
 *                              once the start offset is known (the Void absorbs the length change)
 *     Cluster ...              complete clusters with known sizes, written as the window lets go
 *     Cues                     at close: one CuePoint per frame of the first video track (per
 *                              cluster of the first track when there is no video track)
 *
 * Rules:
 * - Block time = device time - start offset (us). The start offset is the smallest device time of
 *   the data held in the window when the first cluster is written, i.e. of everything written in
 *   the first second or so (before a flush: of everything written before it). This reproduces the
 *   vendor's files, where the offset is the first IMU sample even though captures were written
 *   first.
 * - The reorder window: blocks of all tracks are kept sorted by device time (equal times in the
 *   order written). A cluster starting at the oldest block t0 and holding every block up to
 *   t0 + 32767 us is written once the newest device time passes t0 + 32767 us + 1 s, or at once when
 *   the window holds more than 64 MiB, and by flush and close. So tracks may be written up to 1 s
 *   out of step and still interleave by time. A block older than the newest block already in the
 *   file is refused by the API with an error (it could only go into a cluster out of order).
 * - Video frames and data of custom subtitle tracks are SimpleBlocks (keyframes). IMU samples and
 *   high-frequency custom data are laced (fixed-size lacing, up to 256 frames) into BlockGroups
 *   with BlockDuration = last - first + 1 us; a lace ends at a block of another track or size, at
 *   the end of the cluster, and for custom data where the spacing changes (the reader spreads
 *   laced custom frames evenly over the duration, so only evenly spaced frames are laced).
 * - Durability: only complete clusters are written; flush writes the whole window, patches the
 *   Duration and fsyncs, leaving a file that readers accept as it is (unknown-size Segment, no Cues).
 * - Memory: the window (at most about 1 s of data, or 64 MiB), up to 32 MiB of written image
 *   buffers kept for reuse (fresh memory costs a page fault per page), and 16 bytes per cue point.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "record_internal.h"

#include "../common/log.h"
#include "matroska_ids.h"
#include "recording_format.h"

#include <k4a/k4aversion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bytes reserved for the SeekHead and the Void after it (5 entries need at most 110). */
#define SEEK_HEAD_RESERVE 160u
/* Bytes of a Duration element: id (2), size (1), 8-byte float. */
#define DURATION_ELEMENT_BYTES 11u
/* Seconds from 1970-01-01 to 2001-01-01, the origin of Matroska's DateUTC. */
#define MATROSKA_EPOCH_UNIX 978307200

/* ---- the reorder window ------------------------------------------------------------------------ */

static inline record_block_t *pending_at(const record_t *record, size_t i)
{
    return record->pending[record->pending_head + i];
}

bool record_mux_reserve(record_t *record, size_t extra)
{
    if (record->pending_head + record->pending_count + extra <= record->pending_capacity)
        return true;
    if (record->pending_head > 0)
    {
        memmove(record->pending, record->pending + record->pending_head,
                record->pending_count * sizeof(*record->pending));
        record->pending_head = 0;
        if (record->pending_count + extra <= record->pending_capacity)
            return true;
    }
    size_t capacity = record->pending_capacity < 64 ? 64 : record->pending_capacity;
    while (capacity < record->pending_count + extra)
        capacity *= 2;
    record_block_t **pending = realloc(record->pending, capacity * sizeof(*pending));
    if (pending == NULL)
        return false;
    record->pending = pending;
    record->pending_capacity = capacity;
    return true;
}

/* Blocks of at least this size are kept for reuse when written; at most SPARE_MAX_BYTES in all. */
#define SPARE_MIN_BYTES ((size_t)64 << 10)
#define SPARE_MAX_BYTES ((size_t)32 << 20)

record_block_t *record_mux_new_block(record_t *record, size_t track, uint64_t timestamp_usec, size_t size)
{
    record_block_t *block = NULL;
    for (size_t i = 0; i < record->spare_count; i++)
    {
        record_block_t *spare = record->spare[i];
        if (spare->capacity >= size && spare->capacity / 2 <= size)
        {
            block = spare;
            record->spare[i] = record->spare[--record->spare_count];
            break;
        }
    }
    if (block == NULL)
    {
        if (size > SIZE_MAX - sizeof(record_block_t))
            return NULL;
        block = malloc(sizeof(record_block_t) + size);
        if (block == NULL)
            return NULL;
        block->capacity = size;
    }
    block->timestamp_usec = timestamp_usec;
    block->sequence = 0;
    block->track = track;
    block->size = size;
    return block;
}

void record_mux_free_block(record_t *record, record_block_t *block)
{
    if (block == NULL)
        return;
    size_t spare_bytes = 0;
    for (size_t i = 0; i < record->spare_count; i++)
        spare_bytes += record->spare[i]->capacity;
    size_t slots = sizeof(record->spare) / sizeof(record->spare[0]);
    if (block->capacity >= SPARE_MIN_BYTES && spare_bytes + block->capacity <= SPARE_MAX_BYTES)
    {
        if (record->spare_count == slots)
        {
            /* make room: drop the smallest spare if this block is larger */
            size_t smallest = 0;
            for (size_t i = 1; i < slots; i++)
                if (record->spare[i]->capacity < record->spare[smallest]->capacity)
                    smallest = i;
            if (record->spare[smallest]->capacity >= block->capacity)
            {
                free(block);
                return;
            }
            free(record->spare[smallest]);
            record->spare[smallest] = record->spare[--record->spare_count];
        }
        record->spare[record->spare_count++] = block;
        return;
    }
    free(block);
}

/* ---- header elements ----------------------------------------------------------------------------- */

static void put_ebml_header(ebml_buffer_t *b)
{
    size_t mark = ebml_master_open(b, MKV_ID_EBML);
    ebml_put_uint(b, MKV_ID_EBML_VERSION, 1);
    ebml_put_uint(b, MKV_ID_EBML_READ_VERSION, 1);
    ebml_put_uint(b, MKV_ID_EBML_MAX_ID_LENGTH, 4);
    ebml_put_uint(b, MKV_ID_EBML_MAX_SIZE_LENGTH, 8);
    ebml_put_string(b, MKV_ID_DOC_TYPE, "matroska");
    ebml_put_uint(b, MKV_ID_DOC_TYPE_VERSION, 2);
    ebml_put_uint(b, MKV_ID_DOC_TYPE_READ_VERSION, 2);
    ebml_master_close(b, mark);
}

static void put_info(ebml_buffer_t *b)
{
    size_t mark = ebml_master_open(b, MKV_ID_INFO);
    ebml_put_uint(b, MKV_ID_TIMESTAMP_SCALE, 1000);
    ebml_put_string(b, MKV_ID_MUXING_APP, "k4a4j-" K4A_VERSION_STR);
    ebml_put_string(b, MKV_ID_WRITING_APP, "k4arecord-" K4A_VERSION_STR);
    int64_t now = (int64_t)time(NULL) - MATROSKA_EPOCH_UNIX;
    ebml_put_sint(b, MKV_ID_DATE_UTC, now * INT64_C(1000000000));
    ebml_put_string(b, MKV_ID_TITLE, "Azure Kinect");
    ebml_put_void(b, DURATION_ELEMENT_BYTES); /* must stay last: becomes the Duration */
    ebml_master_close(b, mark);
}

static void put_track(ebml_buffer_t *b, const mkv_track_t *track)
{
    size_t mark = ebml_master_open(b, MKV_ID_TRACK_ENTRY);
    ebml_put_uint(b, MKV_ID_TRACK_NUMBER, track->number);
    ebml_put_uint(b, MKV_ID_TRACK_UID, track->uid);
    ebml_put_uint(b, MKV_ID_TRACK_TYPE, track->type);
    ebml_put_string(b, MKV_ID_CODEC_ID, track->codec_id);
    ebml_put_string(b, MKV_ID_NAME, track->name);
    if (track->codec_private_size > 0)
        ebml_put_binary(b, MKV_ID_CODEC_PRIVATE, track->codec_private, track->codec_private_size);
    if (track->default_duration_ns > 0)
        ebml_put_uint(b, MKV_ID_DEFAULT_DURATION, track->default_duration_ns);
    if (track->has_video)
    {
        size_t video = ebml_master_open(b, MKV_ID_VIDEO);
        ebml_put_uint(b, MKV_ID_PIXEL_WIDTH, track->pixel_width);
        ebml_put_uint(b, MKV_ID_PIXEL_HEIGHT, track->pixel_height);
        ebml_master_close(b, video);
    }
    ebml_master_close(b, mark);
}

static void put_tracks(ebml_buffer_t *b, const record_t *record)
{
    size_t mark = ebml_master_open(b, MKV_ID_TRACKS);
    for (size_t i = 0; i < record->track_count; i++)
        put_track(b, &record->tracks[i].mkv);
    ebml_master_close(b, mark);
}

static void put_attachments(ebml_buffer_t *b, const record_t *record)
{
    size_t mark = ebml_master_open(b, MKV_ID_ATTACHMENTS);
    for (size_t i = 0; i < record->attachment_count; i++)
    {
        const record_attachment_t *a = &record->attachments[i];
        size_t file = ebml_master_open(b, MKV_ID_ATTACHED_FILE);
        ebml_put_string(b, MKV_ID_FILE_NAME, a->mkv.name);
        ebml_put_string(b, MKV_ID_FILE_MEDIA_TYPE, "application/octet-stream");
        ebml_put_binary(b, MKV_ID_FILE_DATA, a->data, (size_t)a->mkv.data_size);
        ebml_put_uint(b, MKV_ID_FILE_UID, a->mkv.uid);
        ebml_master_close(b, file);
    }
    ebml_master_close(b, mark);
}

/* A Tag whose Targets name the tag's track or attachment (or nothing: the whole recording). */
static void put_tag(ebml_buffer_t *b, const mkv_tag_t *tag)
{
    size_t mark = ebml_master_open(b, MKV_ID_TAG);
    size_t targets = ebml_master_open(b, MKV_ID_TARGETS);
    if (tag->track_uid != 0)
    {
        ebml_put_string(b, MKV_ID_TARGET_TYPE, "TRACK");
        ebml_put_uint(b, MKV_ID_TAG_TRACK_UID, tag->track_uid);
    }
    else if (tag->attachment_uid != 0)
    {
        ebml_put_string(b, MKV_ID_TARGET_TYPE, "ATTACHMENT");
        ebml_put_uint(b, MKV_ID_TAG_ATTACHMENT_UID, tag->attachment_uid);
    }
    ebml_master_close(b, targets);
    size_t simple = ebml_master_open(b, MKV_ID_SIMPLE_TAG);
    ebml_put_string(b, MKV_ID_TAG_NAME, tag->name);
    ebml_put_string(b, MKV_ID_TAG_STRING, tag->value);
    ebml_master_close(b, simple);
    ebml_master_close(b, mark);
}

static void put_tags(ebml_buffer_t *b, const record_t *record, char *start_offset_ns)
{
    size_t mark = ebml_master_open(b, MKV_ID_TAGS);
    for (size_t i = 0; i < record->tag_count; i++)
        put_tag(b, &record->tags[i].mkv);
    mkv_tag_t start = { (char *)RECORDING_TAG_START_OFFSET_NS, start_offset_ns, 0, 0 };
    put_tag(b, &start);
    ebml_master_close(b, mark);
}

/* Tags followed by a Void, exactly record->tags_reserve bytes. */
static bool put_tags_region(ebml_buffer_t *b, const record_t *record, uint64_t start_offset_usec)
{
    char text[32];
    snprintf(text, sizeof(text), "%llu", (unsigned long long)start_offset_usec * 1000ull);
    size_t begin = b->size;
    put_tags(b, record, text);
    if (b->failed)
        return false;
    uint64_t used = b->size - begin;
    if (used + 2 > record->tags_reserve)
        return false;
    ebml_put_void(b, record->tags_reserve - used);
    return !b->failed;
}

static void put_seek(ebml_buffer_t *b, uint32_t id, uint64_t position)
{
    uint8_t id_bytes[4];
    size_t id_length = ebml_encode_id(id_bytes, id);
    size_t mark = ebml_master_open(b, MKV_ID_SEEK);
    ebml_put_binary(b, MKV_ID_SEEK_ID, id_bytes, id_length);
    ebml_put_uint(b, MKV_ID_SEEK_POSITION, position);
    ebml_master_close(b, mark);
}

/* SeekHead followed by a Void, exactly SEEK_HEAD_RESERVE bytes. cues_offset 0: no Cues yet. */
static bool put_seek_region(ebml_buffer_t *b, const record_t *record, uint64_t cues_offset)
{
    size_t begin = b->size;
    uint64_t base = record->segment_data_start;
    size_t mark = ebml_master_open(b, MKV_ID_SEEK_HEAD);
    put_seek(b, MKV_ID_INFO, record->info_offset - base);
    put_seek(b, MKV_ID_TRACKS, record->tracks_offset - base);
    if (record->attachment_count > 0)
        put_seek(b, MKV_ID_ATTACHMENTS, record->attachments_offset - base);
    put_seek(b, MKV_ID_TAGS, record->tags_offset - base);
    if (cues_offset != 0)
        put_seek(b, MKV_ID_CUES, cues_offset - base);
    ebml_master_close(b, mark);
    if (b->failed)
        return false;
    uint64_t used = b->size - begin;
    if (used + 2 > SEEK_HEAD_RESERVE)
        return false;
    ebml_put_void(b, SEEK_HEAD_RESERVE - used);
    return !b->failed;
}

static bool append_buffer(record_t *record, const ebml_buffer_t *b)
{
    return record_file_append(&record->file, b->data, b->size);
}

bool record_mux_write_header(record_t *record)
{
    bool ok = false;
    ebml_buffer_t head, info, tracks, attachments, tags, seek;
    ebml_buffer_init(&head);
    ebml_buffer_init(&info);
    ebml_buffer_init(&tracks);
    ebml_buffer_init(&attachments);
    ebml_buffer_init(&tags);
    ebml_buffer_init(&seek);

    put_ebml_header(&head);
    put_info(&info);
    put_tracks(&tracks, record);
    if (record->attachment_count > 0)
        put_attachments(&attachments, record);
    /* The reserve for Tags: their length with the longest start offset, plus a Void. */
    put_tags(&tags, record, "18446744073709551615");
    CHECK(!head.failed && !info.failed && !tracks.failed && !attachments.failed && !tags.failed,
          "k4a_record_write_header: no memory to build the header");
    record->tags_reserve = tags.size + 16;
    ebml_buffer_reset(&tags);

    uint8_t segment[12];
    ebml_encode_id(segment, MKV_ID_SEGMENT);
    ebml_encode_unknown_size(segment + 4, 8);
    record->segment_size_offset = head.size + 4;
    record->segment_data_start = head.size + sizeof(segment);
    record->seek_head_offset = record->segment_data_start;
    record->info_offset = record->seek_head_offset + SEEK_HEAD_RESERVE;
    record->duration_offset = record->info_offset + info.size - DURATION_ELEMENT_BYTES;
    record->tracks_offset = record->info_offset + info.size;
    record->attachments_offset = record->tracks_offset + tracks.size;
    record->tags_offset = record->attachments_offset + attachments.size;

    CHECK(put_seek_region(&seek, record, 0) && put_tags_region(&tags, record, 0),
          "k4a_record_write_header: no memory to build the header");

    ok = append_buffer(record, &head) && record_file_append(&record->file, segment, sizeof(segment)) &&
         append_buffer(record, &seek) && append_buffer(record, &info) && append_buffer(record, &tracks) &&
         append_buffer(record, &attachments) && append_buffer(record, &tags) && record_file_commit(&record->file);
    CHECK(ok, "k4a_record_write_header: writing %s failed: %s", record->path, record->file.error);

fail:
    ebml_buffer_free(&head);
    ebml_buffer_free(&info);
    ebml_buffer_free(&tracks);
    ebml_buffer_free(&attachments);
    ebml_buffer_free(&tags);
    ebml_buffer_free(&seek);
    return ok;
}

/* ---- clusters ---------------------------------------------------------------------------------------- */

/* How many blocks from pending index i (before end) go into one Block: consecutive samples of a
 * laced track with the same size (and, for custom data, the same spacing). */
static size_t lace_length(const record_t *record, size_t i, size_t end)
{
    const record_block_t *first = pending_at(record, i);
    const record_track_t *track = &record->tracks[first->track];
    if (!track->laced)
        return 1;
    size_t n = 1;
    uint64_t step = 0;
    while (i + n < end && n < RECORD_MAX_LACED_FRAMES)
    {
        const record_block_t *next = pending_at(record, i + n);
        const record_block_t *previous = pending_at(record, i + n - 1);
        if (next->track != first->track || next->size != first->size)
            break;
        if (track->even_lace)
        {
            uint64_t gap = next->timestamp_usec - previous->timestamp_usec;
            if (n == 1)
                step = gap;
            else if (gap != step)
                break;
        }
        n++;
    }
    return n;
}

typedef struct
{
    size_t header_length; /* bytes before the frames */
    uint8_t header[64];
    uint64_t total; /* bytes of the whole element */
} block_layout_t;

/* The bytes of one SimpleBlock or BlockGroup for n frames starting at pending index i. */
static void layout_block(const record_t *record, size_t i, size_t n, uint64_t cluster_time, block_layout_t *out)
{
    const record_block_t *first = pending_at(record, i);
    const record_block_t *last = pending_at(record, i + n - 1);
    const record_track_t *track = &record->tracks[first->track];
    uint64_t frames = (uint64_t)n * first->size;
    uint8_t number[8];
    size_t number_length = ebml_encode_size(number, track->mkv.number, 0);
    uint64_t block_payload = number_length + 2 + 1 + (n > 1 ? 1 : 0) + frames;
    int64_t relative = (int64_t)(first->timestamp_usec - record->start_offset_usec) - (int64_t)cluster_time;

    uint8_t *h = out->header;
    size_t k = 0;
    if (track->laced)
    {
        uint64_t duration = last->timestamp_usec - first->timestamp_usec + 1;
        uint64_t block_element = 1 + ebml_size_length(block_payload) + block_payload;
        uint64_t duration_element = 2 + ebml_uint_length(duration);
        uint64_t group_payload = block_element + duration_element;
        out->total = 1 + ebml_size_length(group_payload) + group_payload;
        h[k++] = (uint8_t)MKV_ID_BLOCK_GROUP;
        k += ebml_encode_size(h + k, group_payload, 0);
        h[k++] = (uint8_t)MKV_ID_BLOCK;
        k += ebml_encode_size(h + k, block_payload, 0);
        memcpy(h + k, number, number_length);
        k += number_length;
        ebml_store_be16(h + k, (uint16_t)(int16_t)relative);
        k += 2;
        h[k++] = n > 1 ? MKV_BLOCK_LACING_FIXED : MKV_BLOCK_LACING_NONE;
        if (n > 1)
            h[k++] = (uint8_t)(n - 1);
        /* The BlockDuration follows the frames; its bytes are written after them. */
    }
    else
    {
        out->total = 1 + ebml_size_length(block_payload) + block_payload;
        h[k++] = (uint8_t)MKV_ID_SIMPLE_BLOCK;
        k += ebml_encode_size(h + k, block_payload, 0);
        memcpy(h + k, number, number_length);
        k += number_length;
        ebml_store_be16(h + k, (uint16_t)(int16_t)relative);
        k += 2;
        h[k++] = MKV_BLOCK_FLAG_KEYFRAME;
    }
    out->header_length = k;
}

static bool add_cue(record_t *record, uint64_t time, uint64_t cluster_position)
{
    if (record->cue_count == record->cue_capacity)
    {
        size_t capacity = record->cue_capacity < 256 ? 256 : record->cue_capacity * 2;
        record_cue_t *cues = realloc(record->cues, capacity * sizeof(*cues));
        if (cues == NULL)
            return false;
        record->cues = cues;
        record->cue_capacity = capacity;
    }
    record->cues[record->cue_count].time = time;
    record->cues[record->cue_count].cluster_position = cluster_position;
    record->cue_count++;
    return true;
}

/* The first cluster fixes the start offset: rewrite the Tags with it. */
static bool fix_start_offset(record_t *record, uint64_t start_offset_usec)
{
    record->start_offset_usec = start_offset_usec;
    record->start_known = true;
    ebml_buffer_t *b = &record->scratch;
    ebml_buffer_reset(b);
    if (!put_tags_region(b, record, start_offset_usec))
    {
        snprintf(record->file.error, sizeof(record->file.error), "no memory to rewrite the tags");
        return false;
    }
    return record_file_patch(&record->file, record->tags_offset, b->data, b->size);
}

/* Writes one cluster from the oldest blocks of the window. */
static bool write_cluster(record_t *record)
{
    const record_block_t *oldest = pending_at(record, 0);
    if (!record->start_known && !fix_start_offset(record, oldest->timestamp_usec))
        return false;
    uint64_t cluster_time = oldest->timestamp_usec - record->start_offset_usec;
    size_t end = 1;
    while (end < record->pending_count &&
           pending_at(record, end)->timestamp_usec - oldest->timestamp_usec <= RECORD_CLUSTER_SPAN_USEC)
        end++;

    /* First pass: the size of the cluster. */
    uint64_t payload = 2 + ebml_uint_length(cluster_time);
    for (size_t i = 0; i < end;)
    {
        size_t n = lace_length(record, i, end);
        block_layout_t layout;
        layout_block(record, i, n, cluster_time, &layout);
        payload += layout.total;
        i += n;
    }

    record_file_t *file = &record->file;
    uint64_t cluster_position = record_file_position(file) - record->segment_data_start;
    uint8_t head[24];
    size_t k = ebml_encode_id(head, MKV_ID_CLUSTER);
    k += ebml_encode_size(head + k, payload, 0);
    head[k++] = (uint8_t)MKV_ID_CLUSTER_TIMESTAMP;
    size_t time_length = ebml_uint_length(cluster_time);
    head[k++] = (uint8_t)(0x80 | time_length);
    for (size_t j = 0; j < time_length; j++)
        head[k++] = (uint8_t)(cluster_time >> (8 * (time_length - 1 - j)));
    if (!record_file_append(file, head, k))
        return false;

    /* Second pass: the blocks. */
    bool cued_in_cluster = false;
    for (size_t i = 0; i < end;)
    {
        size_t n = lace_length(record, i, end);
        const record_block_t *first = pending_at(record, i);
        const record_track_t *track = &record->tracks[first->track];
        block_layout_t layout;
        layout_block(record, i, n, cluster_time, &layout);
        if (!record_file_append(file, layout.header, layout.header_length))
            return false;
        for (size_t j = 0; j < n; j++)
        {
            const record_block_t *frame = pending_at(record, i + j);
            if (!record_file_append(file, frame->data, frame->size))
                return false;
        }
        if (track->laced)
        {
            uint64_t duration = pending_at(record, i + n - 1)->timestamp_usec - first->timestamp_usec + 1;
            uint8_t element[10];
            size_t length = ebml_uint_length(duration);
            element[0] = (uint8_t)MKV_ID_BLOCK_DURATION;
            element[1] = (uint8_t)(0x80 | length);
            for (size_t j = 0; j < length; j++)
                element[2 + j] = (uint8_t)(duration >> (8 * (length - 1 - j)));
            if (!record_file_append(file, element, 2 + length))
                return false;
        }
        if ((long)first->track == record->cue_track && (track->mkv.has_video || !cued_in_cluster))
        {
            if (!add_cue(record, first->timestamp_usec - record->start_offset_usec, cluster_position))
            {
                snprintf(file->error, sizeof(file->error), "no memory for the cues");
                return false;
            }
            cued_in_cluster = true;
        }
        i += n;
    }
    if (!record_file_commit(file))
        return false;

    /* The cluster is in the file: let its blocks go. */
    const record_block_t *newest = pending_at(record, end - 1);
    record->written_until_usec = newest->timestamp_usec;
    uint64_t newest_time = newest->timestamp_usec - record->start_offset_usec;
    if (!record->any_written || newest_time > record->last_block_time)
        record->last_block_time = newest_time;
    record->any_written = true;
    for (size_t i = 0; i < end; i++)
    {
        record_block_t *block = pending_at(record, i);
        record->pending_bytes -= block->size;
        record_mux_free_block(record, block);
    }
    record->pending_head += end;
    record->pending_count -= end;
    if (record->pending_count == 0)
        record->pending_head = 0;
    return true;
}

/* Writes the clusters the window lets go (all of them when everything is asked for). */
static bool write_ready(record_t *record, bool everything)
{
    while (record->pending_count > 0)
    {
        const record_block_t *oldest = pending_at(record, 0);
        bool due = everything || record->pending_bytes > RECORD_PENDING_BYTES_LIMIT ||
                   record->newest_timestamp_usec - oldest->timestamp_usec >
                       (uint64_t)RECORD_REORDER_WINDOW_USEC + RECORD_CLUSTER_SPAN_USEC;
        if (!due)
            break;
        if (!write_cluster(record))
            return false;
    }
    return true;
}

void record_mux_insert(record_t *record, record_block_t *block)
{
    /* The caller reserved room (record_mux_reserve). Insert keeping (time, arrival) order; new
     * blocks almost always belong at or near the end. */
    block->sequence = record->next_sequence++;
    size_t position = record->pending_count;
    while (position > 0 && pending_at(record, position - 1)->timestamp_usec > block->timestamp_usec)
        position--;
    record_block_t **base = record->pending + record->pending_head;
    memmove(base + position + 1, base + position, (record->pending_count - position) * sizeof(*base));
    base[position] = block;
    record->pending_count++;
    record->pending_bytes += block->size;
    if (!record->any_block || block->timestamp_usec > record->newest_timestamp_usec)
        record->newest_timestamp_usec = block->timestamp_usec;
    record->any_block = true;
}

bool record_mux_settle(record_t *record)
{
    return write_ready(record, false);
}

static bool patch_duration(record_t *record)
{
    if (!record->any_written || record->last_block_time == 0)
        return true; /* Matroska's Duration must be positive: keep the Void */
    ebml_buffer_t *b = &record->scratch;
    ebml_buffer_reset(b);
    ebml_put_float(b, MKV_ID_DURATION, (double)record->last_block_time);
    if (b->failed || b->size != DURATION_ELEMENT_BYTES)
        return false;
    return record_file_patch(&record->file, record->duration_offset, b->data, b->size);
}

bool record_mux_flush(record_t *record)
{
    return write_ready(record, true) && patch_duration(record) && record_file_sync(&record->file);
}

static bool write_cues(record_t *record, uint64_t *cues_offset)
{
    *cues_offset = 0;
    if (record->cue_count == 0 || record->cue_track < 0)
        return true; /* Cues need at least one CuePoint */
    ebml_buffer_t *b = &record->scratch;
    ebml_buffer_reset(b);
    size_t mark = ebml_master_open(b, MKV_ID_CUES);
    for (size_t i = 0; i < record->cue_count; i++)
    {
        size_t point = ebml_master_open(b, MKV_ID_CUE_POINT);
        ebml_put_uint(b, MKV_ID_CUE_TIME, record->cues[i].time);
        size_t positions = ebml_master_open(b, MKV_ID_CUE_TRACK_POSITIONS);
        ebml_put_uint(b, MKV_ID_CUE_TRACK, record->tracks[record->cue_track].mkv.number);
        ebml_put_uint(b, MKV_ID_CUE_CLUSTER_POSITION, record->cues[i].cluster_position);
        ebml_master_close(b, positions);
        ebml_master_close(b, point);
    }
    ebml_master_close(b, mark);
    if (b->failed)
    {
        snprintf(record->file.error, sizeof(record->file.error), "no memory for the cues");
        return false;
    }
    *cues_offset = record_file_position(&record->file);
    return append_buffer(record, b) && record_file_commit(&record->file);
}

bool record_mux_finish(record_t *record)
{
    uint64_t cues_offset = 0;
    if (!write_ready(record, true) || !write_cues(record, &cues_offset))
        return false;
    if (cues_offset != 0)
    {
        ebml_buffer_t *b = &record->scratch;
        ebml_buffer_reset(b);
        if (!put_seek_region(b, record, cues_offset) ||
            !record_file_patch(&record->file, record->seek_head_offset, b->data, b->size))
            return false;
    }
    if (!patch_duration(record))
        return false;
    uint8_t size[8];
    ebml_encode_size(size, record_file_position(&record->file) - record->segment_data_start, 8);
    return record_file_patch(&record->file, record->segment_size_offset, size, sizeof(size)) &&
           record_file_sync(&record->file);
}

void record_mux_free(record_t *record)
{
    for (size_t i = 0; i < record->pending_count; i++)
        free(pending_at(record, i));
    for (size_t i = 0; i < record->spare_count; i++)
        free(record->spare[i]);
    record->spare_count = 0;
    free(record->pending);
    record->pending = NULL;
    record->pending_count = record->pending_head = record->pending_capacity = 0;
    free(record->cues);
    record->cues = NULL;
    record->cue_count = record->cue_capacity = 0;
    ebml_buffer_free(&record->scratch);
}
