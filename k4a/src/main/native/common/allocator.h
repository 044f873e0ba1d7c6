/*
 * Memory: image buffers come from the allocator set with k4a_set_allocator (or the default,
 * 64-byte aligned), as in the reference; a buffer remembers the free callback and context it was
 * made with, so the allocator can be changed while buffers are alive. Everything else the library
 * allocates (handles, tables, scratch) comes from the default heap and never reaches the caller's
 * allocator.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_ALLOCATOR_H
#define K4A4J_ALLOCATOR_H

#include <k4a/k4atypes.h>

/* How to free a buffer. */
typedef struct
{
    k4a_memory_destroy_cb_t *free_cb;
    void *context;
} k4a4j_release_t;

/* An image buffer of size bytes from the current allocator (size must fit in an int); NULL, logged,
 * when it cannot be had. *release says how to free it. */
uint8_t *k4a4j_buffer_alloc(size_t size, k4a4j_release_t *release);
void k4a4j_buffer_free(uint8_t *buffer, const k4a4j_release_t *release);

/* Memory for the library's own use from the default heap, 64-byte aligned; NULL, logged, when it
 * cannot be had. k4a4j_object_alloc zeroes it. */
void *k4a4j_heap_alloc(size_t size);
void k4a4j_heap_free(void *memory);
void *k4a4j_object_alloc(size_t size);
void k4a4j_object_free(void *object);

#endif /* K4A4J_ALLOCATOR_H */
