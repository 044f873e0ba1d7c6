/*
 * Image memory for playback, reused: the images playback returns are of a few fixed sizes, and
 * getting fresh memory for each one means touching new pages (about a millisecond for a 720p
 * BGRA frame on bare metal, far more in some virtual machines). The cache keeps the buffers of
 * released images for the next ones. A buffer is the memory of a CUSTOM8 image made with
 * k4a_image_create, so the caller's allocator provides all of it; the image handed out wraps it
 * with k4a_image_create_from_buffer and gives it back to the cache when released (or frees it
 * once the playback is closed).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_IMAGE_CACHE_H
#define K4A4J_IMAGE_CACHE_H

#include <k4a/k4a.h>

#include <stddef.h>

typedef struct image_cache image_cache_t;

/* NULL when out of memory (images are then allocated one by one). */
image_cache_t *image_cache_create(void);
/* The cache goes once the images it handed out are released. */
void image_cache_close(image_cache_t *cache);

/* An image of format (stride 0 for MJPG) over size bytes, from the cache's buffers or new ones;
 * cache may be NULL. NULL when there is no memory. Thread-safe. */
k4a_image_t image_cache_image(image_cache_t *cache, k4a_image_format_t format, int width, int height, int stride,
                              size_t size);

#endif /* K4A4J_IMAGE_CACHE_H */
