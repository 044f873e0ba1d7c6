/*
 * Reading EBML (RFC 8794): variable-length element ids and sizes, element headers bounded by
 * their parent and by the bytes that exist, iteration over the children of a master element,
 * and the typed values the reader needs (unsigned integers, strings, binary).
 *
 * Every size read from a file is checked before it is used: an element never reaches past its
 * parent (or, for an unknown size, it ends with its parent), a value never has more bytes than
 * its type allows, and strings and binaries are read only up to a caller's cap.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_EBML_H
#define K4A4J_EBML_H

#include "io.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A size whose value bits are all ones: "unknown" (the element ends with its parent). */
#define EBML_UNKNOWN_SIZE UINT64_MAX

/* Reads through an io with a small cache, so that walking element headers costs few system
 * calls. One thread only. */
typedef struct
{
    k4a4j_io_t *io;
    uint64_t cache_offset;
    size_t cache_length;
    uint8_t cache[4096];
} ebml_reader_t;

void ebml_reader_init(ebml_reader_t *reader, k4a4j_io_t *io);
/* Reads size bytes at offset (false when they do not all exist). */
bool ebml_reader_read(ebml_reader_t *reader, uint64_t offset, void *buffer, size_t size);
/* Up to size bytes at offset, fewer at the end of the source; returns how many were read. */
size_t ebml_reader_peek(ebml_reader_t *reader, uint64_t offset, void *buffer, size_t size);

/* ---- decoding from memory ------------------------------------------------------------------- */

/* An element id (1 to 4 bytes, marker bits kept). Returns its length, or 0 when the bytes do not
 * hold a valid id (no marker in the first byte, longer than 4 bytes, all value bits set, or
 * fewer than `available` bytes). */
size_t ebml_decode_id(const uint8_t *bytes, size_t available, uint32_t *id);

/* A variable-size unsigned integer (1 to 8 bytes, marker removed); all value bits set gives
 * EBML_UNKNOWN_SIZE. Returns its length, or 0 when invalid or incomplete. */
size_t ebml_decode_vint(const uint8_t *bytes, size_t available, uint64_t *value);

/* A signed variable-size integer as EBML lacing uses it (value minus half the range).
 * Returns its length, or 0 when invalid or incomplete. */
size_t ebml_decode_svint(const uint8_t *bytes, size_t available, int64_t *value);

/* ---- elements --------------------------------------------------------------------------------- */

typedef struct
{
    uint32_t id;
    uint64_t offset;   /* first byte of the id */
    uint64_t data;     /* first byte of the payload */
    uint64_t end;      /* one past the payload: data + size, or the parent's end for an unknown size */
    bool unknown_size; /* the size was "unknown" */
    bool truncated;    /* the declared size reaches past the parent's end (only when allowed) */
} ebml_element_t;

typedef enum
{
    EBML_ERROR = -1, /* damaged: the header is invalid or the element does not fit */
    EBML_END = 0,    /* no more elements before the limit */
    EBML_OK = 1,
} ebml_status_t;

/* Reads the element header at offset; the element must end by limit. With allow_truncated an
 * element whose declared size reaches past limit is clamped to limit and flagged (used for the
 * Segment and Clusters of a file cut short); without it that is an error. An unknown size always
 * ends at limit. Returns EBML_END when offset == limit. */
ebml_status_t ebml_read_element(ebml_reader_t *reader, uint64_t offset, uint64_t limit, bool allow_truncated,
                                ebml_element_t *element);

/* Iterates the children of a master element: [position, end). */
typedef struct
{
    ebml_reader_t *reader;
    uint64_t position;
    uint64_t end;
} ebml_iterator_t;

void ebml_iterator_init(ebml_iterator_t *it, ebml_reader_t *reader, const ebml_element_t *parent);
/* The next child; unknown sizes are errors inside a master element (they are only valid for the
 * Segment and Clusters, which callers read themselves). */
ebml_status_t ebml_iterator_next(ebml_iterator_t *it, ebml_element_t *child);

/* ---- values ----------------------------------------------------------------------------------- */

/* Unsigned integer: 0 to 8 bytes (0 bytes is 0). */
bool ebml_read_uint(ebml_reader_t *reader, const ebml_element_t *element, uint64_t *value);
/* String or UTF-8 element, NUL-terminated (malloc), at most max_length bytes, cut at the first NUL
 * (EBML strings may be padded with NULs). NULL when too long, unreadable or out of memory. */
char *ebml_read_string(ebml_reader_t *reader, const ebml_element_t *element, size_t max_length);
/* Binary element (malloc, at least one byte allocated), at most max_size bytes. */
uint8_t *ebml_read_binary(ebml_reader_t *reader, const ebml_element_t *element, size_t max_size, size_t *size);

/* Payload size of an element. */
static inline uint64_t ebml_size(const ebml_element_t *element)
{
    return element->end - element->data;
}

#endif /* K4A4J_EBML_H */
