/*
 * Writing EBML (RFC 8794) into memory: element ids, variable-size integers for sizes (minimal,
 * fixed-width for later patching, or "unknown"), unsigned/signed/float/string/binary elements,
 * master elements whose size is filled in when they are closed, and Void elements of an exact
 * total length (used to reserve room that is rewritten later).
 *
 * An ebml_buffer_t grows as needed; an allocation failure makes the buffer "failed" (every later
 * call is a no-op) so a caller can build a whole element and check once at the end.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_EBML_WRITER_H
#define K4A4J_EBML_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest size a variable-size integer of 8 bytes can carry (all ones means "unknown"). */
#define EBML_MAX_SIZE ((UINT64_C(1) << 56) - 2)

typedef struct
{
    uint8_t *data;
    size_t size;
    size_t capacity;
    bool failed; /* an allocation failed or a value could not be encoded; contents are unusable */
} ebml_buffer_t;

void ebml_buffer_init(ebml_buffer_t *buffer);
void ebml_buffer_free(ebml_buffer_t *buffer);
/* Empties the buffer (keeps its memory) and clears the failed flag. */
void ebml_buffer_reset(ebml_buffer_t *buffer);

/* ---- lengths and raw encodings --------------------------------------------------------------- */

/* Bytes of an element id as written (ids carry their own length marker: 1 to 4 bytes). */
size_t ebml_id_length(uint32_t id);
/* Smallest width (1..8) of a variable-size integer that carries size (size <= EBML_MAX_SIZE). */
size_t ebml_size_length(uint64_t size);
/* Bytes of the payload of an unsigned integer element (0 is written as one byte). */
size_t ebml_uint_length(uint64_t value);
/* Bytes of the payload of a signed integer element. */
size_t ebml_sint_length(int64_t value);

/* Writes id to out (ebml_id_length(id) bytes); returns the bytes written. */
size_t ebml_encode_id(uint8_t *out, uint32_t id);
/* Writes size as a variable-size integer of width bytes (0 = minimal); returns the width, or 0
 * when size does not fit that width. */
size_t ebml_encode_size(uint8_t *out, uint64_t size, size_t width);
/* Writes the "unknown size" marker of width bytes (1..8); returns width. */
size_t ebml_encode_unknown_size(uint8_t *out, size_t width);

/* ---- building elements in a buffer ----------------------------------------------------------- */

void ebml_put_bytes(ebml_buffer_t *buffer, const void *data, size_t size);
void ebml_put_id(ebml_buffer_t *buffer, uint32_t id);
/* A size of width bytes (0 = minimal). */
void ebml_put_size(ebml_buffer_t *buffer, uint64_t size, size_t width);
/* id and minimal size of a payload of size bytes (the caller then puts the payload). */
void ebml_put_head(ebml_buffer_t *buffer, uint32_t id, uint64_t size);

void ebml_put_uint(ebml_buffer_t *buffer, uint32_t id, uint64_t value);
void ebml_put_sint(ebml_buffer_t *buffer, uint32_t id, int64_t value);
/* A float element of 8 bytes (big-endian IEEE 754 double). */
void ebml_put_float(ebml_buffer_t *buffer, uint32_t id, double value);
/* A string element without its terminating NUL (UTF-8 or ASCII, as the element says). */
void ebml_put_string(ebml_buffer_t *buffer, uint32_t id, const char *value);
void ebml_put_binary(ebml_buffer_t *buffer, uint32_t id, const void *data, size_t size);

/* A Void element of exactly total bytes (total >= 2). */
void ebml_put_void(ebml_buffer_t *buffer, uint64_t total);
/* Writes a Void element of exactly total bytes (2 <= total) to out; returns the header length
 * (id and size) - the caller leaves or zeroes the payload that follows. Returns 0 when total < 2. */
size_t ebml_encode_void_head(uint8_t *out, uint64_t total);

/* Opens a master element: writes its id and reserves its size. Returns a mark for
 * ebml_master_close. */
size_t ebml_master_open(ebml_buffer_t *buffer, uint32_t id);
/* Closes the master element opened at mark: writes its size with the minimal width and moves its
 * content up to follow it. */
void ebml_master_close(ebml_buffer_t *buffer, size_t mark);

/* ---- numbers in files -------------------------------------------------------------------------- */

static inline void ebml_store_be16(uint8_t *out, uint16_t v)
{
    out[0] = (uint8_t)(v >> 8);
    out[1] = (uint8_t)v;
}

static inline void ebml_store_le32(uint8_t *out, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static inline void ebml_store_le64(uint8_t *out, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

#endif /* K4A4J_EBML_WRITER_H */
