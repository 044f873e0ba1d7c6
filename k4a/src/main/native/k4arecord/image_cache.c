/*
 * Image memory for playback, reused (see image_cache.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "image_cache.h"

#include "../common/platform.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#define CACHE_BUFFERS 8
#define CACHE_BYTES ((size_t)96 << 20)
#define BUFFER_ROW 16384 /* bytes per row of the CUSTOM8 images that hold the memory */

typedef struct
{
    k4a_image_t backing;
    size_t size; /* usable bytes */
} buffer_t;

struct image_cache
{
    atomic_uint refs; /* the playback's, and one per image out */
    k4a4j_mutex_t lock;
    bool closed;
    buffer_t free[CACHE_BUFFERS];
    int free_count;
    size_t free_bytes;
};

/* What an image handed out needs to give its buffer back. */
typedef struct
{
    image_cache_t *cache;
    k4a_image_t backing;
    size_t size;
} loan_t;

image_cache_t *image_cache_create(void)
{
    image_cache_t *cache = calloc(1, sizeof(*cache));
    if (cache == NULL)
        return NULL;
    atomic_init(&cache->refs, 1u);
    k4a4j_mutex_init(&cache->lock);
    return cache;
}

static void cache_unref(image_cache_t *cache)
{
    if (atomic_fetch_sub_explicit(&cache->refs, 1u, memory_order_acq_rel) != 1u)
        return;
    for (int i = 0; i < cache->free_count; i++)
        k4a_image_release(cache->free[i].backing);
    k4a4j_mutex_destroy(&cache->lock);
    free(cache);
}

void image_cache_close(image_cache_t *cache)
{
    if (cache == NULL)
        return;
    k4a4j_mutex_lock(&cache->lock);
    cache->closed = true;
    for (int i = 0; i < cache->free_count; i++)
        k4a_image_release(cache->free[i].backing);
    cache->free_count = 0;
    cache->free_bytes = 0;
    k4a4j_mutex_unlock(&cache->lock);
    cache_unref(cache);
}

static k4a_image_t new_backing(size_t size, size_t *usable)
{
    size_t rows = (size + BUFFER_ROW - 1) / BUFFER_ROW;
    k4a_image_t backing = NULL;
    if (size == 0 || rows > 20000 ||
        k4a_image_create(K4A_IMAGE_FORMAT_CUSTOM8, BUFFER_ROW, (int)rows, BUFFER_ROW, &backing) != K4A_RESULT_SUCCEEDED)
        return NULL;
    *usable = rows * BUFFER_ROW;
    return backing;
}

static void give_back(void *buffer, void *context)
{
    (void)buffer;
    loan_t *loan = context;
    image_cache_t *cache = loan->cache;
    bool kept = false;
    if (cache != NULL)
    {
        k4a4j_mutex_lock(&cache->lock);
        if (!cache->closed && cache->free_count < CACHE_BUFFERS && cache->free_bytes + loan->size <= CACHE_BYTES)
        {
            cache->free[cache->free_count].backing = loan->backing;
            cache->free[cache->free_count].size = loan->size;
            cache->free_count++;
            cache->free_bytes += loan->size;
            kept = true;
        }
        k4a4j_mutex_unlock(&cache->lock);
    }
    if (!kept)
        k4a_image_release(loan->backing);
    if (cache != NULL)
        cache_unref(cache);
    free(loan);
}

k4a_image_t image_cache_image(image_cache_t *cache, k4a_image_format_t format, int width, int height, int stride,
                              size_t size)
{
    loan_t *loan = calloc(1, sizeof(*loan));
    if (loan == NULL)
        return NULL;
    if (cache != NULL)
    {
        /* the smallest free buffer that fits, unless it is far too big */
        k4a4j_mutex_lock(&cache->lock);
        int best = -1;
        for (int i = 0; i < cache->free_count; i++)
            if (cache->free[i].size >= size && cache->free[i].size <= size + size / 4 + BUFFER_ROW &&
                (best < 0 || cache->free[i].size < cache->free[best].size))
                best = i;
        if (best >= 0)
        {
            loan->backing = cache->free[best].backing;
            loan->size = cache->free[best].size;
            cache->free_bytes -= loan->size;
            cache->free[best] = cache->free[--cache->free_count];
        }
        k4a4j_mutex_unlock(&cache->lock);
    }
    if (loan->backing == NULL && (loan->backing = new_backing(size, &loan->size)) == NULL)
    {
        free(loan);
        return NULL;
    }
    if (cache != NULL)
    {
        atomic_fetch_add_explicit(&cache->refs, 1u, memory_order_relaxed);
        loan->cache = cache;
    }
    k4a_image_t image = NULL;
    if (k4a_image_create_from_buffer(format, width, height, stride, k4a_image_get_buffer(loan->backing), size,
                                     give_back, loan, &image) != K4A_RESULT_SUCCEEDED)
    {
        give_back(NULL, loan);
        return NULL;
    }
    return image;
}
