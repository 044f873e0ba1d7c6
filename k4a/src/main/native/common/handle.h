/*
 * Handles: every object the API hands out starts with this header. The tag says what kind of
 * object it is and is checked on every entry; the reference count is atomic.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_HANDLE_H
#define K4A4J_HANDLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum
{
    K4A4J_TAG_NONE = 0,
    K4A4J_TAG_IMAGE = 0x4B344149,          /* "K4AI" */
    K4A4J_TAG_CAPTURE = 0x4B344143,        /* "K4AC" */
    K4A4J_TAG_TRANSFORMATION = 0x4B344154, /* "K4AT" */
    K4A4J_TAG_DEVICE = 0x4B344144,         /* "K4AD" */
    K4A4J_TAG_PLAYBACK = 0x4B345250,       /* "K4RP" */
    K4A4J_TAG_DATA_BLOCK = 0x4B345242,     /* "K4RB" */
    K4A4J_TAG_RECORD = 0x4B345252,         /* "K4RR" */
} k4a4j_tag_t;

typedef struct
{
    uint32_t tag;
    atomic_uint refs;
} k4a4j_handle_header_t;

static inline void k4a4j_handle_init(k4a4j_handle_header_t *h, k4a4j_tag_t tag)
{
    h->tag = (uint32_t)tag;
    atomic_init(&h->refs, 1u);
}

/* True when p is non-NULL and carries the tag (a live object of that kind). */
static inline bool k4a4j_handle_is(const void *p, k4a4j_tag_t tag)
{
    return p != NULL && ((const k4a4j_handle_header_t *)p)->tag == (uint32_t)tag;
}

static inline void k4a4j_handle_ref(k4a4j_handle_header_t *h)
{
    atomic_fetch_add_explicit(&h->refs, 1u, memory_order_relaxed);
}

/* Drops a reference; true when it was the last one (the caller then frees the object, after
 * k4a4j_handle_retire). */
static inline bool k4a4j_handle_unref(k4a4j_handle_header_t *h)
{
    return atomic_fetch_sub_explicit(&h->refs, 1u, memory_order_acq_rel) == 1u;
}

/* Clears the tag of an object about to be freed, so that a stale handle is refused rather than
 * trusted while the memory has not been reused. */
static inline void k4a4j_handle_retire(k4a4j_handle_header_t *h)
{
    h->tag = K4A4J_TAG_NONE;
}

#endif /* K4A4J_HANDLE_H */
