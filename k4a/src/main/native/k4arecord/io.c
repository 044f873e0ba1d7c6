/*
 * The read interface over files and memory (see io.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "io.h"

#include "../common/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

/* ---- files ------------------------------------------------------------------------------------ */

typedef struct
{
    k4a4j_io_t io;
#if defined(_WIN32)
    HANDLE handle;
#else
    int fd;
#endif
} file_io_t;

#if defined(_WIN32)
static bool file_read_at(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size)
{
    file_io_t *f = (file_io_t *)io;
    uint8_t *out = buffer;
    while (size > 0)
    {
        DWORD chunk = size > 0x40000000u ? 0x40000000u : (DWORD)size;
        DWORD got = 0;
        OVERLAPPED at;
        memset(&at, 0, sizeof(at));
        at.Offset = (DWORD)(offset & 0xFFFFFFFFu);
        at.OffsetHigh = (DWORD)(offset >> 32);
        if (!ReadFile(f->handle, out, chunk, &got, &at) || got == 0)
            return false;
        out += got;
        offset += got;
        size -= got;
    }
    return true;
}

static void file_close(k4a4j_io_t *io)
{
    file_io_t *f = (file_io_t *)io;
    CloseHandle(f->handle);
    free(f);
}

k4a4j_io_t *k4a4j_io_open_file(const char *path)
{
    file_io_t *f = NULL;
    HANDLE handle = INVALID_HANDLE_VALUE;
    LARGE_INTEGER size;
    int wide_length = MultiByteToWideChar(CP_UTF8, 0, path, -1, NULL, 0);
    wchar_t *wide = wide_length > 0 ? malloc(sizeof(wchar_t) * (size_t)wide_length) : NULL;
    CHECK(wide != NULL, "cannot open \"%s\": the path is not valid UTF-8", path);
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, wide_length);
    handle = CreateFileW(wide, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, NULL);
    free(wide);
    CHECK(handle != INVALID_HANDLE_VALUE, "cannot open \"%s\" (error %lu)", path, (unsigned long)GetLastError());
    CHECK(GetFileSizeEx(handle, &size), "cannot get the size of \"%s\"", path);
    f = calloc(1, sizeof(*f));
    CHECK(f != NULL, "out of memory opening \"%s\"", path);
    f->io.read_at = file_read_at;
    f->io.close = file_close;
    f->io.size = (uint64_t)size.QuadPart;
    f->handle = handle;
    return &f->io;
fail:
    if (handle != INVALID_HANDLE_VALUE)
        CloseHandle(handle);
    return NULL;
}
#else
static bool file_read_at(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size)
{
    file_io_t *f = (file_io_t *)io;
    uint8_t *out = buffer;
    while (size > 0)
    {
        ssize_t got = pread(f->fd, out, size, (off_t)offset);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        out += got;
        offset += (uint64_t)got;
        size -= (size_t)got;
    }
    return true;
}

static void file_close(k4a4j_io_t *io)
{
    file_io_t *f = (file_io_t *)io;
    close(f->fd);
    free(f);
}

k4a4j_io_t *k4a4j_io_open_file(const char *path)
{
    file_io_t *f = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    CHECK(fd >= 0, "cannot open \"%s\": %s", path, strerror(errno));
    CHECK(fstat(fd, &st) == 0, "cannot get the size of \"%s\": %s", path, strerror(errno));
    CHECK(S_ISREG(st.st_mode), "\"%s\" is not a regular file", path);
    f = calloc(1, sizeof(*f));
    CHECK(f != NULL, "out of memory opening \"%s\"", path);
    f->io.read_at = file_read_at;
    f->io.close = file_close;
    f->io.size = (uint64_t)st.st_size;
    f->fd = fd;
    return &f->io;
fail:
    if (fd >= 0)
        close(fd);
    return NULL;
}
#endif

/* ---- memory ----------------------------------------------------------------------------------- */

typedef struct
{
    k4a4j_io_t io;
    const uint8_t *data;
    bool owned;
} memory_io_t;

static bool memory_read_at(k4a4j_io_t *io, uint64_t offset, void *buffer, size_t size)
{
    memory_io_t *m = (memory_io_t *)io;
    memcpy(buffer, m->data + offset, size); /* k4a4j_io_read checked the range */
    return true;
}

static void memory_close(k4a4j_io_t *io)
{
    memory_io_t *m = (memory_io_t *)io;
    if (m->owned)
        free((void *)m->data);
    free(m);
}

k4a4j_io_t *k4a4j_io_open_memory(const uint8_t *data, size_t size, bool copy)
{
    memory_io_t *m = calloc(1, sizeof(*m));
    if (m == NULL)
        return NULL;
    m->io.read_at = memory_read_at;
    m->io.close = memory_close;
    m->io.size = size;
    m->data = data;
    if (copy)
    {
        uint8_t *own = malloc(size > 0 ? size : 1);
        if (own == NULL)
        {
            free(m);
            return NULL;
        }
        if (size > 0)
            memcpy(own, data, size);
        m->data = own;
        m->owned = true;
    }
    return &m->io;
}
