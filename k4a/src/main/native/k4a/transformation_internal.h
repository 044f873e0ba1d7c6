/*
 * The transformation handle's insides, shared by its files: transformation.c (the handle and the
 * API: create, destroy, argument checks), transformation_tables.c (the unprojection tables and the
 * point clouds made from them), transformation_raster.c and transformation_quads.c (depth images
 * drawn into the colour camera; what those two alone share is in transformation_raster.h) and
 * transformation_sample.c (colour images sampled into the depth camera). Also the
 * projection of depth pixels into the colour camera that the last two share, and the macros that
 * compile the hot loops for more than one instruction set. Internal to libk4a.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_TRANSFORMATION_INTERNAL_H
#define K4A4J_TRANSFORMATION_INTERNAL_H

#include "../common/allocator.h"
#include "../common/handle.h"
#include "../common/platform.h"
#include "lens.h"
#include "threadpool.h"

#include <k4a/k4a.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The per-pixel loops are compiled twice where the toolchain can dispatch at load time: for
 * baseline x86-64 and for AVX2 (wider vectors). Both use the same IEEE operations in the same
 * order (no fused multiply-add, see CMakeLists.txt), so they give the same bits; the library still
 * runs on any x86-64. Not in sanitizer builds: the dispatchers run before a sanitizer's runtime is
 * up. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define K4A4J_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define K4A4J_SANITIZED 1
#endif
#if defined(__has_attribute) && (defined(__x86_64__) || defined(__i386__)) && defined(__ELF__) &&                      \
    !defined(K4A4J_SANITIZED)
#if __has_attribute(target_clones)
#define HOT_LOOP __attribute__((target_clones("avx2", "default")))
#define HOT_LOOP_CLONED 1
#endif
#endif
#ifndef HOT_LOOP
#define HOT_LOOP
#endif
/* The raster's band and third-column kernels and its projection also get an x86-64-v4 (AVX-512)
 * variant: 16 lanes and 32 vector registers, so fewer of the vector stage's (and the projection's)
 * live values spill than from AVX2's 16 (with
 * -mprefer-vector-width=256 it was slower: 3.29-3.33 ms against 2.94-2.98). Same IEEE operations,
 * same bits. Not for the point clouds nor the raster's general path (both slower with it: the
 * WFOV -> 2160p call took twice as long). GCC only (clang 14 builds it, but its NFOV call was no
 * faster: 3.59-3.61 ms against 3.63-3.64). */
#if defined(HOT_LOOP_CLONED) && !defined(__clang__) && __GNUC__ >= 11 /* clang 14: no faster with it */
#define HOT_LOOP_WIDE __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define HOT_LOOP_WIDE HOT_LOOP
#endif
/* a HOT_LOOP function kept out of line: clang never inlines a multiversioned function and refuses
 * noinline beside target_clones; GCC needs to be told */
#if defined(__clang__) && defined(HOT_LOOP_CLONED)
#define HOT_LOOP_OUT_OF_LINE HOT_LOOP
#define HOT_LOOP_WIDE_OUT_OF_LINE HOT_LOOP_WIDE
#elif defined(__GNUC__)
#define HOT_LOOP_OUT_OF_LINE HOT_LOOP __attribute__((noinline))
#define HOT_LOOP_WIDE_OUT_OF_LINE HOT_LOOP_WIDE __attribute__((noinline))
#else
#define HOT_LOOP_OUT_OF_LINE HOT_LOOP
#define HOT_LOOP_WIDE_OUT_OF_LINE HOT_LOOP_WIDE
#endif
/* what a HOT_LOOP function calls is compiled into each of its variants */
#if defined(__GNUC__)
#define INLINE_IN_HOT_LOOP static inline __attribute__((always_inline))
#else
#define INLINE_IN_HOT_LOOP static inline
#endif

/* Quads are drawn in runs of QUADS by a vector loop that rounds its count up to a multiple of PAD
 * (as wide as the widest vector: AVX-512's 16 floats) and so reads up to PAD floats past the end of a run. */
/* (128: with the stand-in batch, 256 was no faster for depth only and slower for the custom modes;
 * 64 and 512 slower) */
#define QUADS 128
#define PAD 16

typedef struct
{
    float *x, *y; /* unit-plane coordinates, NaN where invalid */
    /* every entry NaN in x and y alike or within ±32768 in both (always, for real lenses): a point
     * cloud's products with depths then stay within int32's range */
    bool bounded;
    uint8_t *block; /* default heap (not the caller's allocator, which is for image buffers) */
} table_t;

typedef struct
{
    k4a4j_handle_header_t header;
    k4a4j_mutex_t lock; /* one operation at a time: they share the scratch memory */
    k4a_calibration_t calibration;
    bool has_depth, has_color;
    k4a4j_lens_t depth_lens, color_lens;
    int dw, dh, cw, ch;
    k4a4j_threadpool_t *pool;

    table_t depth_table; /* computed on first use (any operation but colour-geometry point clouds) */
    table_t color_table; /* computed on first use (point clouds in colour geometry) */

    /* depth to colour: each depth pixel's position in the colour image and colour-camera depth
     * (z = 0: no position), and for each depth row the range of colour rows its pixels reach; made
     * on first use (proj_block NULL until then) */
    float *proj_u, *proj_v, *proj_z;
    float *row_min, *row_max;
    int *row_first, *row_last; /* first and last column with a position (last < first: none) */
    /* the same range of colour rows for each run of QUADS quads of a depth row (columns
     * [k QUADS, (k + 1) QUADS], chunks per row): a band skips the runs that do not reach it */
    float *chunk_min, *chunk_max;
    int chunks;
    uint8_t *proj_block; /* default heap */
    /* depth to colour with more than one thread: the spare colour-camera images that bands drawn
     * a second time go to (cw x ch depth, then cw x ch custom values: draft_pixel_bytes a pixel);
     * made by the first call that needs them (NULL until then; default heap) */
    uint8_t *draft_block;
    int draft_pixel_bytes;
} transformation_t;

/* Band size for drawing `count` colour rows (transformation_raster.c): a few bands per thread, so
 * that a thread slowed down by other work on the machine is made up for by the others, and no more
 * (every band walks the depth rows that reach it, and redraws the quads on its edges). */
static inline int band_rows(const transformation_t *t, int count)
{
    int bands = 4 * k4a4j_threadpool_threads(t->pool);
    int band = (count + bands - 1) / bands;
    return band < 4 ? 4 : band;
}

/* Rows a thread claims at a time in a job whose rows cost nothing to split (the projection, colour
 * to depth, point clouds, tables) over rows of `width` pixels: about CLAIM_PIXELS, some tens of
 * microseconds. The threads then finish within a claim of one another, so the last to finish
 * leaves the others (and a caller that must wait for it) idle only briefly. */
#define CLAIM_PIXELS 8192
static inline int claim_rows(int width)
{
    return width >= CLAIM_PIXELS ? 1 : (CLAIM_PIXELS + width - 1) / (width > 0 ? width : 1);
}

/* ---- projecting depth pixels into the colour camera ----------------------------------------- */

typedef struct
{
    const transformation_t *t;
    const uint16_t *depth; /* dw x dh */
} projection_t;

#define CHUNK 256

/* min and max without library calls (the libm versions are calls on baseline x86-64) */
static inline float min2(float a, float b)
{
    return a < b ? a : b;
}
static inline float max2(float a, float b)
{
    return a > b ? a : b;
}

/* Projects n depth pixels of row y from x0: colour position (u, v) and colour-camera depth z,
 * z = 0 where the pixel has no depth, no table entry, is behind the colour camera or outside its
 * lens model. Plain arithmetic without branches: the compiler vectorises it. */
INLINE_IN_HOT_LOOP void project_run(const projection_t *p, int y, int x0, int n, float *restrict u, float *restrict v,
                                    float *restrict z)
{
    const transformation_t *t = p->t;
    const k4a4j_lens_t *lens = &t->color_lens;
    const k4a_calibration_extrinsics_t *e =
        &t->calibration.extrinsics[K4A_CALIBRATION_TYPE_DEPTH][K4A_CALIBRATION_TYPE_COLOR];
    const float r0 = e->rotation[0], r1 = e->rotation[1], r2 = e->rotation[2];
    const float r3 = e->rotation[3], r4 = e->rotation[4], r5 = e->rotation[5];
    const float r6 = e->rotation[6], r7 = e->rotation[7], r8 = e->rotation[8];
    const float t0 = e->translation[0], t1 = e->translation[1], t2 = e->translation[2];
    const float max_rs = lens->max_radius_squared;
    size_t offset = (size_t)y * (size_t)t->dw + (size_t)x0;
    const uint16_t *restrict d = p->depth + offset;
    const float *restrict tx = t->depth_table.x + offset;
    const float *restrict ty = t->depth_table.y + offset;
    for (int i = 0; i < n; i++)
    {
        float df = (float)d[i];
        float px = tx[i] * df, py = ty[i] * df, pz = df;
        float qx = r0 * px + r1 * py + r2 * pz + t0;
        float qy = r3 * px + r4 * py + r5 * pz + t1;
        float qz = r6 * px + r7 * py + r8 * pz + t2;
        /* behind the camera or NaN (no table entry): z = 1 stands in for the division */
        float sz = qz > 0.f ? qz : 1.f;
        float cu, cv;
        float rs = k4a4j_lens_project_unchecked(lens, qx / sz, qy / sz, &cu, &cv);
        float zz = df != 0.f ? qz : 0.f;
        zz = rs <= max_rs ? zz : 0.f;
        zz = qz > 0.f ? zz : 0.f;
        u[i] = zz > 0.f ? cu : 0.f;
        v[i] = zz > 0.f ? cv : 0.f;
        z[i] = zz;
    }
}

/* True when the four depths at d are 0. */
static inline bool four_zeros(const uint16_t *d)
{
    uint64_t four;
    memcpy(&four, d, sizeof four);
    return four == 0u;
}

/* A span [*first, *last) of the w depths of a row that holds every pixel with a depth: found four
 * pixels at a time from either end, rounded out to multiples of 8 (projecting or sampling only
 * there gives the same output as the whole row; the invalid border of the depth modes is 18 % of
 * NFOV's pixels). */
static inline void depth_span(const uint16_t *depth, int w, int *first, int *last)
{
    int f = 0, l = w;
    while (l - f >= 4 && four_zeros(depth + f))
        f += 4;
    while (l - f >= 4 && four_zeros(depth + l - 4))
        l -= 4;
    *first = f & ~7;
    *last = l + 7 < w ? (l + 7) & ~7 : w;
}

/* ---- drawing depth into the colour camera (transformation_raster.c) --------------------------- */

typedef enum
{
    DRAW_DEPTH,   /* depth only */
    DRAW_NEAREST, /* depth and the custom value of the corner with the largest weight */
    DRAW_LINEAR,  /* depth and the custom values interpolated by area weights */
} draw_mode_t;

typedef struct
{
    const transformation_t *t;
    draw_mode_t mode;
    uint16_t *depth_out; /* cw x ch */
    /* custom image: input (dw x dh) and output (cw x ch), 1 or 2 bytes per pixel */
    const uint8_t *custom_in;
    uint8_t *custom_out;
    int custom_bytes;
    uint16_t invalid_custom;
} draw_job_t;

/* The colour camera's geometry of a depth image, into job's images: shared by the two
 * depth-to-colour functions. */
void k4a4j_transformation_depth_to_color(transformation_t *t, const uint16_t *depth, draw_job_t *job);

/* ---- the other operations ------------------------------------------------------------------- */

/* Computes table for lens on t's pool; false when out of memory. */
bool k4a4j_transformation_table_compute(transformation_t *t, table_t *table, const k4a4j_lens_t *lens);

/* Frees a table (one never computed is ignored). */
void k4a4j_transformation_table_free(table_t *table);

/* Point cloud of a w x h depth image with table (of the same size) into out (three int16 per pixel). */
void k4a4j_transformation_point_cloud(transformation_t *t, const table_t *table, const uint16_t *depth, int16_t *out,
                                      int w, int h);

/* Samples color (BGRA, cw x ch) at the colour position of every depth pixel into out (BGRA, dw x dh). */
void k4a4j_transformation_color_to_depth(transformation_t *t, const uint16_t *depth, const uint8_t *color,
                                         uint8_t *out);

#endif /* K4A4J_TRANSFORMATION_INTERNAL_H */
