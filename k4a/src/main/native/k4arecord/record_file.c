/*
 * The recording's output file. See record_file.h.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "record_file.h"

#include "../common/env.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <io.h>
#include <sys/stat.h>
#define OPEN_FLAGS (_O_WRONLY | _O_CREAT | _O_TRUNC | _O_BINARY)
#define OPEN_MODE (_S_IREAD | _S_IWRITE)
#define os_open _open
#define os_close _close
#define os_write(fd, data, size) _write((fd), (data), (unsigned int)((size) > 0x40000000u ? 0x40000000u : (size)))
#define os_seek(fd, offset) (_lseeki64((fd), (__int64)(offset), SEEK_SET) < 0 ? -1 : 0)
#define os_sync(fd) _commit(fd)
#define os_truncate(fd, length) _chsize_s((fd), (__int64)(length))
typedef int os_ssize_t;
#else
#include <unistd.h>
#define OPEN_FLAGS (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
#define OPEN_MODE 0644
#define os_open open
#define os_close close
#define os_write write
#define os_seek(fd, offset) (lseek((fd), (off_t)(offset), SEEK_SET) < 0 ? -1 : 0)
#define os_sync fsync
#define os_truncate(fd, length) ftruncate((fd), (off_t)(length))
typedef ssize_t os_ssize_t;
#endif

/* Appends of at least this size bypass the buffer (after it is emptied). */
#define BUFFER_CAPACITY (1u << 20)

static void describe_errno(char *out, size_t size, const char *what, int error)
{
    char text[96] = "unknown error";
#if defined(_WIN32)
    strerror_s(text, sizeof(text), error);
#else
    if (strerror_r(error, text, sizeof(text)) != 0)
        snprintf(text, sizeof(text), "error %d", error);
#endif
    snprintf(out, size, "%s: %s", what, text);
}

bool record_file_open(record_file_t *file, const char *path, char *error, size_t error_size)
{
    memset(file, 0, sizeof(*file));
    file->fd = -1;
    file->fail_after = (uint64_t)k4a4j_env_integer("K4A4J_RECORD_FAIL_AFTER_BYTES", LLONG_MAX, 0, LLONG_MAX);
    file->buffer = malloc(BUFFER_CAPACITY);
    if (file->buffer == NULL)
    {
        snprintf(error, error_size, "no memory for the write buffer");
        return false;
    }
    file->capacity = BUFFER_CAPACITY;
    file->fd = os_open(path, OPEN_FLAGS, OPEN_MODE);
    if (file->fd < 0)
    {
        describe_errno(error, error_size, "cannot create the file", errno);
        free(file->buffer);
        file->buffer = NULL;
        return false;
    }
    return true;
}

void record_file_close(record_file_t *file)
{
    if (file->fd >= 0)
        os_close(file->fd);
    file->fd = -1;
    free(file->buffer);
    file->buffer = NULL;
}

/* A write failed: remember why, and cut the file back to its last complete element. */
static bool fail(record_file_t *file, const char *what, int error)
{
    if (!file->failed)
        describe_errno(file->error, sizeof(file->error), what, error);
    file->failed = true;
    file->buffered = 0;
    if (os_truncate(file->fd, file->good_end) == 0)
        file->written = file->good_end;
    os_seek(file->fd, file->written);
    return false;
}

/* Hands size bytes to the operating system at the current end of the file. */
static bool write_out(record_file_t *file, const uint8_t *data, size_t size)
{
    while (size > 0)
    {
        size_t chunk = size;
        bool injected = false;
        if (file->written + chunk > file->fail_after)
        {
            chunk = file->written < file->fail_after ? (size_t)(file->fail_after - file->written) : 0;
            injected = true;
        }
        os_ssize_t done = 0;
        if (chunk > 0)
        {
            done = os_write(file->fd, data, chunk);
            if (done < 0)
            {
                if (errno == EINTR)
                    continue;
                return fail(file, "write failed", errno);
            }
        }
        file->written += (uint64_t)done;
        data += done;
        size -= (size_t)done;
        if (injected && size > 0 && (size_t)done == chunk)
            return fail(file, "write failed (K4A4J_RECORD_FAIL_AFTER_BYTES)", ENOSPC);
        if (done == 0 && size > 0 && !injected)
            return fail(file, "write made no progress", EIO);
    }
    return true;
}

static bool drain(record_file_t *file)
{
    if (file->buffered == 0)
        return true;
    size_t size = file->buffered;
    file->buffered = 0;
    return write_out(file, file->buffer, size);
}

bool record_file_append(record_file_t *file, const void *data, size_t size)
{
    if (file->failed)
        return false;
    if (size == 0)
        return true;
    if (size <= file->capacity - file->buffered)
    {
        memcpy(file->buffer + file->buffered, data, size);
        file->buffered += size;
        return true;
    }
    if (!drain(file))
        return false;
    if (size < file->capacity / 2)
    {
        memcpy(file->buffer, data, size);
        file->buffered = size;
        return true;
    }
    return write_out(file, data, size);
}

bool record_file_commit(record_file_t *file)
{
    if (file->failed || !drain(file))
        return false;
    file->good_end = file->written;
    return true;
}

bool record_file_patch(record_file_t *file, uint64_t offset, const void *data, size_t size)
{
    if (file->failed)
        return false;
    if (offset + size > file->good_end)
    {
        snprintf(file->error, sizeof(file->error), "patch at %llu past the written data", (unsigned long long)offset);
        file->failed = true;
        return false;
    }
    /* Patches overwrite bytes that exist, so they never grow the file. */
    if (!drain(file))
        return false;
    const uint8_t *bytes = data;
    bool ok = os_seek(file->fd, offset) == 0;
    while (ok && size > 0)
    {
        os_ssize_t done = os_write(file->fd, bytes, size);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
        {
            ok = false;
            break;
        }
        bytes += done;
        size -= (size_t)done;
    }
    int error = errno;
    if (os_seek(file->fd, file->written) != 0 || !ok)
        return fail(file, "rewriting the header failed", ok ? errno : error);
    return true;
}

bool record_file_sync(record_file_t *file)
{
    if (!record_file_commit(file))
        return false;
    if (os_sync(file->fd) != 0)
    {
        int error = errno;
#if !defined(_WIN32)
        /* Files on pipes or some special file systems cannot be synced; that is not data loss. */
        if (error == EINVAL || error == EROFS)
            return true;
#endif
        return fail(file, "fsync failed", error);
    }
    return true;
}
