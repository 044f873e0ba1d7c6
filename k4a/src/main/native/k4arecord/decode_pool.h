/*
 * Converting colour frames ahead of the caller: a few worker threads read frames straight from
 * the file (by offset: reads at offsets are safe from any thread) and convert them into k4a
 * images, while the caller's thread works on the current capture. The playback asks for the
 * frame it needs now and for the ones that will follow, then takes the images when it builds
 * the captures. The pool holds at most (threads + 2) images.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_DECODE_POOL_H
#define K4A4J_DECODE_POOL_H

#include "color_conversion.h"
#include "image_cache.h"
#include "io.h"

#include <k4a/k4a.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Workers a pool has at most. */
#define DECODE_MAX_THREADS 4
/* The largest frame read for playback (colour, depth, IR or custom data). */
#define DECODE_MAX_FRAME_BYTES ((uint64_t)512 << 20)

/* What the frames are: the colour track's format and size. */
typedef struct
{
    k4a4j_io_t *io;
    k4a_image_format_t format;
    int width;
    int height;
    image_cache_t *images; /* where converted images get their memory (may be NULL) */
} decode_source_t;

/* A new image for a frame converted to target (from the image cache: the caller's allocator
 * provides the memory); NULL when there is no memory. */
k4a_image_t decode_new_image(const decode_source_t *source, k4a_image_format_t target);

/* Reads the frame at [offset, offset + size) and converts it to target into image (made by
 * decode_new_image). *buffer is a scratch read buffer that grows as needed. False, with *error
 * set, when the frame cannot be read or converted. */
bool decode_frame(color_converter_t *converter, const decode_source_t *source, uint64_t offset, uint64_t size,
                  k4a_image_format_t target, uint8_t **buffer, size_t *buffer_size, k4a_image_t image,
                  const char **error);

typedef struct decode_pool decode_pool_t;

/* A pool of threads workers (1 to 4); NULL when threads cannot be started. Destroying it cancels
 * the conversions under way. */
decode_pool_t *decode_pool_create(const decode_source_t *source, int threads);
void decode_pool_destroy(decode_pool_t *pool);
int decode_pool_threads(const decode_pool_t *pool);

/* Whether the frame at offset is wanted in target already (requested and not taken). */
bool decode_pool_has(decode_pool_t *pool, uint64_t offset, k4a_image_format_t target);

/* Wants the frame at offset converted to target into image (from decode_new_image, made on the
 * caller's thread so that image memory comes from where the caller's allocations do; the pool
 * owns it from then on). Requests are served in the order made. A request the pool has no room
 * for is dropped (the frame is then converted when taken); false then. */
bool decode_pool_request(decode_pool_t *pool, uint64_t offset, uint64_t size, k4a_image_format_t target,
                         k4a_image_t image);

/* Runs task(converter, argument) on a worker, before any frame that waits, with that worker's
 * converter; false when there is no room (then run it yourself). decode_pool_wait_tasks waits
 * for every task run so far. */
typedef void decode_task_t(color_converter_t *converter, void *argument);
bool decode_pool_run(decode_pool_t *pool, decode_task_t *task, void *argument);
void decode_pool_wait_tasks(decode_pool_t *pool);

/* Forgets every request but those for the given offsets (and target); a frame being converted that
 * is forgotten is cancelled (its worker stops at the next rows). */
void decode_pool_keep_only(decode_pool_t *pool, const uint64_t *offsets, size_t count, k4a_image_format_t target);

/* Takes the image of a requested frame (*image NULL and *error set when it could not be
 * converted): waits for it when a worker is converting it, converts it here (with the caller's
 * converter and read buffer) when no worker has started on it. False when that frame was not
 * requested. */
bool decode_pool_take(decode_pool_t *pool, uint64_t offset, k4a_image_format_t target, color_converter_t *converter,
                      uint8_t **buffer, size_t *buffer_size, k4a_image_t *image, const char **error);

#endif /* K4A4J_DECODE_POOL_H */
