/*
 * A small read interface for the playback side: read N bytes at an offset, and the size of the
 * source. Reads at offsets do not share a file position, so several threads may read one source
 * at once (the colour decoder reads frames ahead while the caller's thread reads headers).
 *
 * Two implementations: a file (pread, or ReadFile with an offset on Windows) and a block of
 * memory (tests and fuzzing).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_IO_H
#define K4A4J_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct k4a4j_io k4a4j_io_t;

struct k4a4j_io
{
    /* Reads size bytes at offset into buffer; true only when all of them were read. */
    bool (*read_at)(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size);
    void (*close)(k4a4j_io_t *io);
    uint64_t size; /* bytes in the source */
};

/* Opens a file for reading; NULL (and a logged message naming the path) when it cannot. */
k4a4j_io_t *k4a4j_io_open_file(const char *path);

/* A source over size bytes of memory. With copy the bytes are copied; without, they must stay
 * valid until the source is closed. NULL when out of memory. */
k4a4j_io_t *k4a4j_io_open_memory(const uint8_t *data, size_t size, bool copy);

/* Reads size bytes at offset; false when any of them lies beyond the end or the read fails. */
static inline bool k4a4j_io_read(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size)
{
    if (size == 0)
        return offset <= io->size;
    if (offset > io->size || size > io->size - offset)
        return false;
    return io->read_at(io, offset, buffer, size);
}

static inline void k4a4j_io_close(k4a4j_io_t *io)
{
    if (io != NULL)
        io->close(io);
}

#endif /* K4A4J_IO_H */
