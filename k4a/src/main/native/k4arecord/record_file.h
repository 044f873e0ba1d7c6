/*
 * The file a recording is written to: buffered appends, in-place patches of bytes already written,
 * durable syncs, and recovery after a failed write.
 *
 * The file keeps a "good end": the end of the last complete top-level element that reached the
 * operating system. When a write fails (full disk, I/O error, file size limit) the file is cut
 * back to the good end, so what is on disk is always a sequence of complete elements, and the file
 * refuses every later write: the recording stays readable up to its last complete cluster.
 *
 * Test hook: when the environment variable K4A4J_RECORD_FAIL_AFTER_BYTES holds a number N at
 * creation, appends that would make the file longer than N bytes write up to N bytes and then fail
 * as a full disk would (ENOSPC). It is not part of any public API.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_RECORD_FILE_H
#define K4A4J_RECORD_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct
{
    int fd;
    uint8_t *buffer; /* appends not yet handed to the operating system */
    size_t buffered;
    size_t capacity;
    uint64_t written;    /* bytes handed to the operating system (the file's length) */
    uint64_t good_end;   /* end of the last complete element that reached the operating system */
    uint64_t fail_after; /* test hook: appends past this many bytes fail (INT64_MAX: off) */
    bool failed;         /* a write failed: the file was cut back to good_end and refuses writes */
    char error[160];     /* what failed, for messages */
} record_file_t;

/* Creates (or truncates) the file at path. False, with the reason in error (size error_size),
 * when it cannot be created. */
bool record_file_open(record_file_t *file, const char *path, char *error, size_t error_size);
/* Closes the file (does not sync). */
void record_file_close(record_file_t *file);

/* The offset the next appended byte will have. */
static inline uint64_t record_file_position(const record_file_t *file)
{
    return file->written + file->buffered;
}

/* Appends bytes. False when the file has failed (now or earlier). */
bool record_file_append(record_file_t *file, const void *data, size_t size);
/* Marks the end of a complete element: hands the buffered bytes to the operating system and
 * moves the good end there. */
bool record_file_commit(record_file_t *file);
/* Overwrites size bytes at offset, which must lie before the good end. */
bool record_file_patch(record_file_t *file, uint64_t offset, const void *data, size_t size);
/* Commits and makes the file durable (fsync). */
bool record_file_sync(record_file_t *file);

#endif /* K4A4J_RECORD_FILE_H */
