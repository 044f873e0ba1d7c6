/*
 * The allocator of libk4a (k4a_set_allocator), which image buffers come from, and the default heap
 * (64-byte aligned) that everything else of the library (handles, tables, scratch) comes from.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/allocator.h"
#include "../common/log.h"
#include "../common/platform.h"

#include <k4a/k4a.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define K4A4J_ALIGNMENT 64

static uint8_t *heap_allocate(size_t size)
{
    void *p = NULL;
#if defined(_WIN32)
    p = _aligned_malloc(size, K4A4J_ALIGNMENT);
#else
    if (posix_memalign(&p, K4A4J_ALIGNMENT, size) != 0)
        p = NULL;
#endif
    return (uint8_t *)p;
}

static void heap_release(void *memory)
{
#if defined(_WIN32)
    _aligned_free(memory);
#else
    free(memory);
#endif
}

/* the image buffer allocator when the caller has set none */
static uint8_t *default_allocate(int size, void **context)
{
    *context = NULL;
    return heap_allocate((size_t)size);
}

static void default_free(void *buffer, void *context)
{
    (void)context;
    heap_release(buffer);
}

static struct
{
    k4a4j_once_t once;
    k4a4j_mutex_t lock;
    k4a_memory_allocate_cb_t *allocate;
    k4a_memory_destroy_cb_t *free;
} g_allocator = { K4A4J_ONCE_INIT };

static void allocator_init(void)
{
    k4a4j_mutex_init(&g_allocator.lock);
    g_allocator.allocate = default_allocate;
    g_allocator.free = default_free;
}

k4a_result_t k4a_set_allocator(k4a_memory_allocate_cb_t *allocate, k4a_memory_destroy_cb_t *free_cb)
{
    k4a4j_once(&g_allocator.once, allocator_init);
    CHECK((allocate == NULL) == (free_cb == NULL),
          "k4a_set_allocator: allocate and free must both be given, or both be NULL for the default (got %s)",
          allocate == NULL ? "free without allocate" : "allocate without free");
    k4a4j_mutex_lock(&g_allocator.lock);
    g_allocator.allocate = allocate ? allocate : default_allocate;
    g_allocator.free = free_cb ? free_cb : default_free;
    k4a4j_mutex_unlock(&g_allocator.lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

uint8_t *k4a4j_buffer_alloc(size_t size, k4a4j_release_t *release)
{
    k4a4j_once(&g_allocator.once, allocator_init);
    uint8_t *buffer = NULL;
    CHECK(size > 0 && size <= INT_MAX, "allocation of %zu bytes is outside the allocator's range 1..%d", size, INT_MAX);
    k4a4j_mutex_lock(&g_allocator.lock);
    k4a_memory_allocate_cb_t *allocate = g_allocator.allocate;
    release->free_cb = g_allocator.free;
    k4a4j_mutex_unlock(&g_allocator.lock);
    release->context = NULL;
    buffer = allocate((int)size, &release->context);
    CHECK(buffer != NULL, "allocation of %zu bytes failed", size);
    return buffer;
fail:
    return NULL;
}

void k4a4j_buffer_free(uint8_t *buffer, const k4a4j_release_t *release)
{
    if (buffer != NULL)
        release->free_cb(buffer, release->context);
}

/* The library's own objects and scratch memory: the default heap, never the caller's allocator
 * (which is for image buffers, as in the reference: programs size it for frames). */
void *k4a4j_heap_alloc(size_t size)
{
    uint8_t *p = NULL;
    CHECK(size > 0 && size <= (size_t)PTRDIFF_MAX, "allocation of %zu bytes is outside the heap's range", size);
    p = heap_allocate(size);
    CHECK(p != NULL, "allocation of %zu bytes failed", size);
    return p;
fail:
    return NULL;
}

void k4a4j_heap_free(void *memory)
{
    if (memory != NULL)
        heap_release(memory);
}

void *k4a4j_object_alloc(size_t size)
{
    void *object = k4a4j_heap_alloc(size);
    if (object != NULL)
        memset(object, 0, size);
    return object;
}

void k4a4j_object_free(void *object)
{
    k4a4j_heap_free(object);
}
