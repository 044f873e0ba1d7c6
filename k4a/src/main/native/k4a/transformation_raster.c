/*
 * Depth images drawn into the colour camera (k4a_transformation_depth_image_to_color_camera and
 * its _custom variant): every depth pixel with a depth goes to 3D, to the colour camera and through
 * its lens; each 2×2 block of neighbouring depth pixels is a quad in the colour image, drawn as
 * two triangles (split along the top-left / bottom-right diagonal) whose pixel centres get the
 * depth interpolated by area weights; the smaller depth wins where quads overlap. A quad with one
 * depth missing is drawn as the triangle of the other three, with a stand-in corner at the middle
 * of one of its edges; a quad with more missing, folded over (a triangle of negative area), or
 * spanning a depth edge is not drawn. Colour pixels are banded by rows: a band is drawn by one
 * thread, which draws every quad that reaches its rows into the output, so no two threads write
 * the same pixel and the result does not depend on the number of threads; a band whose thread has
 * lost its core may be drawn again by another into a spare image (a speculative job, threadpool.h),
 * and the first draft to finish is the one kept. Quads are drawn in runs: a vector stage computes
 * up to 2×2 pixel centres of every quad, a scalar stage merges them; depth only draws the third
 * columns of blocks three wide as a batch, and its quads with a stand-in corner as a batch for the
 * vector stage; the rest (larger boxes, custom modes' stand-in corners and third columns) goes to
 * the scalar paths of transformation_quads.c. Depth alone merges in any order (the minimum); with
 * a custom image the quads' order is kept (ties keep the first).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_raster.h"

#include <math.h>
#include <string.h>

/* pixel pairs merged with SSE2 (x86-64, little-endian), else one pixel at a time (also with
 * -DK4A4J_PAIR_SSE2=0, which tests that path on x86-64) */
#ifndef K4A4J_PAIR_SSE2
#if defined(__SSE2__) && (defined(__x86_64__) || defined(_M_X64))
#define K4A4J_PAIR_SSE2 1
#else
#define K4A4J_PAIR_SSE2 0
#endif
#endif
#if K4A4J_PAIR_SSE2
#include <emmintrin.h>
#endif

/* ---- projecting depth pixels into the colour camera ----------------------------------------- */

/* An integer in the order of the float (for finite floats and infinities; -0 just below +0), and
 * back: the bits of a negative float with its magnitude bits flipped. (>> of a negative int32 is
 * arithmetic in the compilers the library is built with.) */
static inline int32_t order_key(float f)
{
    int32_t i;
    memcpy(&i, &f, sizeof(i));
    return i ^ ((i >> 31) & INT32_MAX);
}
static inline float key_value(int32_t key)
{
    const int32_t i = key ^ ((key >> 31) & INT32_MAX);
    float f;
    memcpy(&f, &i, sizeof(f));
    return f;
}
static inline int32_t min_i32(int32_t a, int32_t b)
{
    return a < b ? a : b;
}
static inline int32_t max_i32(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* (in the x86-64-v4 variant too: with 32 vector registers the lens's and extrinsics' constants stay
 * in registers; one thread, NFOV -> 720p: 2.87-2.88 ms against 2.94-3.04 with the AVX2 variant) */
HOT_LOOP_WIDE static void projection_rows(void *context, int begin, int end)
{
    const projection_t *p = context;
    transformation_t *t = (transformation_t *)p->t;
    for (int y = begin; y < end; y++)
    {
        const size_t row = (size_t)y * (size_t)t->dw;
        float *restrict u = t->proj_u + row, *restrict v = t->proj_v + row, *restrict z = t->proj_z + row;
        /* projected only over the span of the row's depths (depth_span); elsewhere what the
         * projection gives a pixel without a depth, all zeros */
        int span_first, span_last;
        depth_span(p->depth + row, t->dw, &span_first, &span_last);
        const size_t tail = (size_t)(t->dw - span_last) * sizeof(float);
        memset(u, 0, (size_t)span_first * sizeof(float));
        memset(v, 0, (size_t)span_first * sizeof(float));
        memset(z, 0, (size_t)span_first * sizeof(float));
        memset(u + span_last, 0, tail);
        memset(v + span_last, 0, tail);
        memset(z + span_last, 0, tail);
        for (int x = span_first; x < span_last; x += CHUNK)
        {
            int n = span_last - x < CHUNK ? span_last - x : CHUNK;
            project_run(p, y, x, n, u + x, v + x, z + x);
        }
        /* the colour rows this depth row reaches, in all and for each run of quads (a run outside
         * the span has no position) */
        float lo = INFINITY, hi = -INFINITY;
        for (int k = 0; k < t->chunks; k++)
        {
            const int x0 = k * QUADS, x1 = x0 + QUADS < t->dw - 1 ? x0 + QUADS : t->dw - 1;
            /* on the floats' order keys (integer minima and maxima vectorise, float ones do not) */
            int32_t kmin = INT32_MAX, kmax = INT32_MIN;
            const int n = x1 < span_first || x0 >= span_last ? 0 : x1 + 1 - x0;
            const float *restrict vr = v + x0, *restrict zr = z + x0;
            for (int i = 0; i < n; i++)
            {
                const int32_t key = order_key(vr[i]), valid = -(int32_t)(zr[i] > 0.f);
                kmin = min_i32(kmin, (key & valid) | (INT32_MAX & ~valid));
                kmax = max_i32(kmax, (key & valid) | (INT32_MIN & ~valid));
            }
            /* no position in the run: an empty range */
            const float clo = kmin == INT32_MAX ? INFINITY : key_value(kmin);
            const float chi = kmax == INT32_MIN ? -INFINITY : key_value(kmax);
            t->chunk_min[(size_t)y * (size_t)t->chunks + (size_t)k] = clo;
            t->chunk_max[(size_t)y * (size_t)t->chunks + (size_t)k] = chi;
            lo = min2(lo, clo);
            hi = max2(hi, chi);
        }
        /* the first and last column with a position: scans from either end of the span stop at them */
        int first = span_first, last = span_last - 1;
        while (first < span_last && !(z[first] > 0.f))
            first++;
        while (last > first && !(z[last] > 0.f))
            last--;
        if (first == span_last)
            first = t->dw, last = -1;
        t->row_min[y] = lo;
        t->row_max[y] = hi;
        t->row_first[y] = first;
        t->row_last[y] = last;
    }
}

/* ---- drawing quads into the colour image ---------------------------------------------------- */

/* Two neighbouring pixels (at, at + 1) against the image, mine holding each one's depth - 1
 * (0xFFFF: none) in a 16-bit half, the first in the low one: the smaller depth wins. */
INLINE_IN_HOT_LOOP void merge_pair(uint16_t *depth_out, size_t at, uint32_t mine)
{
#if K4A4J_PAIR_SSE2
    /* per 16-bit lane, with the image's depth d: min(d - 1, mine) + 1 = d - saturating(d - 1 - mine) */
    uint32_t theirs, merged;
    memcpy(&theirs, depth_out + at, sizeof(theirs));
    const __m128i d = _mm_cvtsi32_si128((int)theirs), m = _mm_cvtsi32_si128((int)mine);
    const __m128i r = _mm_sub_epi16(d, _mm_subs_epu16(_mm_add_epi16(d, _mm_set1_epi16(-1)), m));
    merged = (uint32_t)_mm_cvtsi128_si32(r);
    memcpy(depth_out + at, &merged, sizeof(merged));
#else
    merge_pixel(DRAW_DEPTH, 2, (uint16_t)(mine + 1u), 0, depth_out + at, NULL, at);
    merge_pixel(DRAW_DEPTH, 2, (uint16_t)((mine >> 16) + 1u), 0, depth_out + at + 1, NULL, at + 1);
#endif
}

/* The vector stage for n quads with corners c (a run of a row pair's quads, or the band's stand-in
 * batch), computed for a count rounded up to PAD (the extra lanes are marked QUAD_NONE): the
 * general path's set-up and pixel kernel (block_pixel), for many quads at once. */
INLINE_IN_HOT_LOOP void quads_vector(const draw_job_t *job, draw_mode_t mode, const quad_corners_t *c, int n, int row0,
                                     int row1, quad_run_t *restrict q)
{
    const transformation_t *t = job->t;
    const float *restrict u0p = c->u[0], *restrict u1p = c->u[1], *restrict u2p = c->u[2], *restrict u3p = c->u[3];
    const float *restrict v0p = c->v[0], *restrict v1p = c->v[1], *restrict v2p = c->v[2], *restrict v3p = c->v[3];
    const float *restrict z0p = c->z[0], *restrict z1p = c->z[1], *restrict z2p = c->z[2], *restrict z3p = c->z[3];
    const float *restrict ct = q->custom_top, *restrict cb = q->custom_bottom;
    const float cwf = (float)t->cw, r0f = (float)row0, r1f = (float)row1;
    const int lanes = (n + PAD - 1) / PAD * PAD;
    for (int i = 0; i < lanes; i++)
    {
        /* corners 0..3: top-left, top-right, bottom-left, bottom-right */
        const float u0 = u0p[i], u1 = u1p[i], u2 = u2p[i], u3 = u3p[i];
        const float v0 = v0p[i], v1 = v1p[i], v2 = v2p[i], v3 = v3p[i];
        const float z0 = z0p[i], z1 = z1p[i], z2 = z2p[i], z3 = z3p[i];
        float k0 = 0.f, k1 = 0.f, k2 = 0.f, k3 = 0.f;
        if (mode != DRAW_DEPTH)
            k0 = ct[i], k1 = ct[i + 1], k2 = cb[i], k3 = cb[i + 1];
        const int missing = (z0 <= 0.f) + (z1 <= 0.f) + (z2 <= 0.f) + (z3 <= 0.f);
        const float zmin = min2(min2(z0, z1), min2(z2, z3)), zmax = max2(max2(z0, z1), max2(z2, z3));
        const int flat = !(zmax - zmin > DEPTH_EDGE_RATIO * zmin);
        /* pixel centres in the bounding box, clipped to the image and the band */
        const float umin = min2(min2(u0, u1), min2(u2, u3)), umax = max2(max2(u0, u1), max2(u2, u3));
        const float vmin = min2(min2(v0, v1), min2(v2, v3)), vmax = max2(max2(v0, v1), max2(v2, v3));
        const int x0 = ceil_small(min2(max2(umin, 0.f), cwf)), x1 = floor_small(min2(max2(umax, -1.f), cwf - 1.f));
        const int y0 = ceil_small(min2(max2(vmin, r0f), r1f)), y1 = floor_small(min2(max2(vmax, -1.f), r1f - 1.f));
        const int cells = (x0 <= x1) & (y0 <= y1);
        /* two rows and up to three columns: the vector stage draws two columns, the third (rare:
         * stretched quads) is drawn from this set-up after the block (draw_third, draw_batch) */
        const int small = (x1 - x0 <= 2) & (y1 - y0 <= 1);
        const int lane = i < n;
        /* (depth only: a block's rows are merged as pixel pairs (x0, x0 + 1), so a box in the image's
         * last column takes the general path) */
        const int fits = small & (mode != DRAW_DEPTH || x0 + 1 < t->cw);
        /* (arithmetic rather than nested selects: the compiler vectorises this form) */
        const int block = (missing == 0) & flat & cells & fits & lane;
        const int stand_in = (mode == DRAW_DEPTH) & (missing == 1) & lane;
        const int general = (((mode != DRAW_DEPTH) & (missing == 1)) | ((missing == 0) & flat & cells & !fits)) & lane;
        q->x0[i] = x0;
        /* lanes outside the image or band hold depth 0 and are pointed at the block origin */
        const int32_t origin = y0 * t->cw + x0, right = x0 + 1 < t->cw, down = y0 + 1 < row1 ? t->cw : 0;
        if (mode == DRAW_DEPTH)
            q->at[0][i] = origin, q->at[2][i] = origin + down;
        else
        {
            q->at[0][i] = origin;
            q->at[1][i] = origin + right;
            q->at[2][i] = origin + down;
            q->at[3][i] = origin + down + right;
        }
        q->third[i] = (x1 - x0 == 2) * (y1 - y0 + 1);
        q->y0[i] = y0;

        /* triangle A = (0, 1, 3), triangle B = (0, 3, 2) */
        const float area_a = edge_fn(u0, v0, u1, v1, u3, v3), area_b = edge_fn(u0, v0, u3, v3, u2, v2);
        const float inv_a = 1.f / (area_a > 0.f ? area_a : 1.f), inv_b = 1.f / (area_b > 0.f ? area_b : 1.f);
        const int a_tl0 = top_left_i(u1, v1, u3, v3), a_tl1 = top_left_i(u3, v3, u0, v0),
                  a_tl2 = top_left_i(u0, v0, u1, v1);
        const int b_tl0 = top_left_i(u3, v3, u2, v2), b_tl1 = top_left_i(u2, v2, u0, v0),
                  b_tl2 = top_left_i(u0, v0, u3, v3);
        q->area_a[i] = area_a, q->inv_a[i] = inv_a, q->area_b[i] = area_b, q->inv_b[i] = inv_b;
        q->tl[0][i] = a_tl0, q->tl[1][i] = a_tl1, q->tl[2][i] = a_tl2;
        q->tl[3][i] = b_tl0, q->tl[4][i] = b_tl1, q->tl[5][i] = b_tl2;
        /* the four pixel centres of the block (written out: the compiler vectorises the loop over i) */
        int both0, both1, both2, both3;
        uint32_t depth[4], custom[4];
#define BLOCK_PIXEL(k, dx, dy)                                                                                         \
    block_pixel(mode, 1, u0, v0, u1, v1, u2, v2, u3, v3, z0, z1, z2, z3, k0, k1, k2, k3, area_a, inv_a, area_b, inv_b, \
                a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x0 + (dx), y0 + (dy),                                        \
                (x0 + (dx) <= x1) & (y0 + (dy) <= y1) & block, &depth[k], &custom[k], &both##k)
        BLOCK_PIXEL(0, 0, 0);
        BLOCK_PIXEL(1, 1, 0);
        BLOCK_PIXEL(2, 0, 1);
        BLOCK_PIXEL(3, 1, 1);
#undef BLOCK_PIXEL
        if (mode == DRAW_DEPTH)
        {
            /* each row's two pixels as one pair of depth - 1 (0xFFFF: none) */
            q->depth[0][i] = ((depth[0] + 0xFFFFu) & 0xFFFFu) | ((depth[1] + 0xFFFFu) << 16);
            q->depth[2][i] = ((depth[2] + 0xFFFFu) & 0xFFFFu) | ((depth[3] + 0xFFFFu) << 16);
        }
        else
            for (int k = 0; k < 4; k++)
                q->depth[k][i] = depth[k], q->custom[k][i] = custom[k];
        /* a centre that both triangles cover (rounding, on the diagonal): the general path draws
         * the quad with the full kernel */
        const int both = both0 | both1 | both2 | both3;
        q->kind[i] = block * (both ? QUAD_GENERAL : QUAD_BLOCK) + general * QUAD_GENERAL + stand_in * QUAD_STAND_IN;
    }
}

/* Depth only: quad i's third column into the run's batch as its entry j. */
INLINE_IN_HOT_LOOP void batch_third(const transformation_t *t, size_t top, size_t bottom, int x_begin, int i, int j,
                                    quad_run_t *restrict q)
{
    const size_t a = top + (size_t)x_begin + (size_t)i, b = bottom + (size_t)x_begin + (size_t)i;
    const size_t at[4] = { a, a + 1, b, b + 1 };
    for (int k = 0; k < 4; k++)
        q->b.u[k][j] = t->proj_u[at[k]], q->b.v[k][j] = t->proj_v[at[k]], q->b.z[k][j] = t->proj_z[at[k]];
    q->b.area_a[j] = q->area_a[i], q->b.inv_a[j] = q->inv_a[i];
    q->b.area_b[j] = q->area_b[i], q->b.inv_b[j] = q->inv_b[i];
    for (int k = 0; k < 6; k++)
        q->b.tl[k][j] = q->tl[k][i];
    q->b.x[j] = q->x0[i] + 2, q->b.y[j] = q->y0[i], q->b.rows[j] = q->third[i];
}

/* Depth only: draws the run's batch of third columns (the full kernel, whose result is the
 * one-triangle kernel's wherever that one's is used: the same bits as the general path). */
INLINE_IN_HOT_LOOP void draw_batch(const draw_job_t *job, int m, quad_run_t *restrict q)
{
    const int lanes = (m + PAD - 1) / PAD * PAD;
    for (int j = m; j < lanes; j++)
        q->b.rows[j] = 0;
    for (int j = 0; j < lanes; j++)
    {
        const float u0 = q->b.u[0][j], u1 = q->b.u[1][j], u2 = q->b.u[2][j], u3 = q->b.u[3][j];
        const float v0 = q->b.v[0][j], v1 = q->b.v[1][j], v2 = q->b.v[2][j], v3 = q->b.v[3][j];
        const float z0 = q->b.z[0][j], z1 = q->b.z[1][j], z2 = q->b.z[2][j], z3 = q->b.z[3][j];
        int both;
        uint32_t custom;
#define BATCH_PIXEL(r)                                                                                                 \
    block_pixel(DRAW_DEPTH, 0, u0, v0, u1, v1, u2, v2, u3, v3, z0, z1, z2, z3, 0.f, 0.f, 0.f, 0.f, q->b.area_a[j],     \
                q->b.inv_a[j], q->b.area_b[j], q->b.inv_b[j], q->b.tl[0][j], q->b.tl[1][j], q->b.tl[2][j],             \
                q->b.tl[3][j], q->b.tl[4][j], q->b.tl[5][j], q->b.x[j], q->b.y[j] + (r), q->b.rows[j] > (r),           \
                &q->b.depth[r][j], &custom, &both)
        BATCH_PIXEL(0);
        BATCH_PIXEL(1);
#undef BATCH_PIXEL
    }
    const size_t cw = (size_t)job->t->cw;
    for (int j = 0; j < m; j++)
    {
        const size_t at = (size_t)q->b.y[j] * cw + (size_t)q->b.x[j];
        merge_pixel(DRAW_DEPTH, 2, (uint16_t)q->b.depth[0][j], 0, job->depth_out + at, NULL, at);
        if (q->b.rows[j] == 2)
            merge_pixel(DRAW_DEPTH, 2, (uint16_t)q->b.depth[1][j], 0, job->depth_out + at + cw, NULL, at + cw);
    }
}

/* Depth only: a band's quads with one missing corner, their corners after the stand-in (as the
 * general path places it), drawn by the vector stage in batches of QUADS (their depths merge in any
 * order); zeroed once a band, so that the lanes past the count hold finite values. */
typedef struct
{
    float u[4][2 * QUADS + PAD], v[4][2 * QUADS + PAD], z[4][2 * QUADS + PAD];
    size_t top[2 * QUADS], bottom[2 * QUADS];
    int x[2 * QUADS];
    int n;
} stand_in_batch_t;

/* Quad x of the row pair (top, bottom), with one corner missing, into the band's stand-in batch. */
INLINE_IN_HOT_LOOP void stand_in_add(const transformation_t *t, size_t top, size_t bottom, int x,
                                     stand_in_batch_t *restrict s)
{
    const size_t idx[4] = { top + (size_t)x, top + (size_t)x + 1, bottom + (size_t)x, bottom + (size_t)x + 1 };
    corner_t c[4];
    int bad = 0;
    for (int k = 0; k < 4; k++)
    {
        c[k].u = t->proj_u[idx[k]], c[k].v = t->proj_v[idx[k]], c[k].z = t->proj_z[idx[k]];
        c[k].linear = c[k].nearest = 0.f;
        bad = c[k].z > 0.f ? bad : k;
    }
    place_stand_in(c, bad);
    const int j = s->n++;
    for (int k = 0; k < 4; k++)
        s->u[k][j] = c[k].u, s->v[k][j] = c[k].v, s->z[k][j] = c[k].z;
    s->top[j] = top, s->bottom[j] = bottom, s->x[j] = x;
}

/* Draws the band's stand-in batch: the vector stage and the pixel-pair merge, as for a run; the
 * quads it leaves to the general path (a box larger than two columns or two rows, a centre both
 * triangles cover, the image's last column) go there, which places the stand-in again. */
INLINE_IN_HOT_LOOP void stand_in_flush(const draw_job_t *job, int row0, int row1, stand_in_batch_t *restrict s,
                                       quad_run_t *restrict q)
{
    for (int off = 0; off < s->n; off += QUADS)
    {
        const int n = s->n - off < QUADS ? s->n - off : QUADS;
        const quad_corners_t c = { { s->u[0] + off, s->u[1] + off, s->u[2] + off, s->u[3] + off },
                                   { s->v[0] + off, s->v[1] + off, s->v[2] + off, s->v[3] + off },
                                   { s->z[0] + off, s->z[1] + off, s->z[2] + off, s->z[3] + off } };
        quads_vector(job, DRAW_DEPTH, &c, n, row0, row1, q);
        for (int i = 0; i < n; i++)
        {
            if (q->kind[i] == QUAD_BLOCK)
            {
                merge_pair(job->depth_out, (size_t)q->at[0][i], q->depth[0][i]);
                merge_pair(job->depth_out, (size_t)q->at[2][i], q->depth[2][i]);
            }
            if (q->kind[i] == QUAD_GENERAL || (q->kind[i] == QUAD_BLOCK && q->third[i]))
                quad_general(job, DRAW_DEPTH, 2, s->top[off + i], s->bottom[off + i], s->x[off + i], row0, row1);
        }
    }
    s->n = 0;
}

/* The scalar stage: each block's pixels against the image, the smaller depth winning (0 means
 * "none": depth - 1 as uint16 makes it the largest, so a minimum does the test without branches). */
INLINE_IN_HOT_LOOP void quads_write(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                    int x_begin, int n, int row0, int row1, quad_run_t *restrict q,
                                    stand_in_batch_t *restrict s)
{
    uint16_t *restrict depth_out = job->depth_out;
    uint8_t *restrict custom_out = job->custom_out;
    int batch = 0; /* (a local: the loop keeps it in a register) */
    /* depth only: even quads, then odd ones (the minimum does not depend on the order of the
     * merges), so that a pair's load seldom overlaps the neighbouring quad's recent store, which
     * the processor cannot forward: a stall */
    const int step = mode == DRAW_DEPTH ? 2 : 1;
    for (int i0 = 0; i0 < step; i0++)
        for (int i = i0; i < n; i += step)
        {
            if (q->kind[i] == QUAD_NONE)
                continue;
            if (mode == DRAW_DEPTH && q->kind[i] == QUAD_STAND_IN)
            {
                stand_in_add(job->t, top, bottom, x_begin + i, s);
                continue;
            }
            if (q->kind[i] == QUAD_GENERAL)
            {
                quad_general(job, mode, bytes, top, bottom, x_begin + i, row0, row1);
                continue;
            }
            if (mode == DRAW_DEPTH)
            {
                merge_pair(depth_out, (size_t)q->at[0][i], q->depth[0][i]);
                merge_pair(depth_out, (size_t)q->at[2][i], q->depth[2][i]);
            }
            else
                for (int k = 0; k < 4; k++)
                {
                    const size_t at = (size_t)q->at[k][i];
                    merge_pixel(mode, bytes, (uint16_t)q->depth[k][i], (uint16_t)q->custom[k][i], &depth_out[at],
                                custom_out, at);
                }
            if (mode == DRAW_DEPTH)
            {
                /* (without a branch: the batch's list takes every block, its count only the wide ones) */
                q->blist[batch] = i;
                batch += q->third[i] != 0;
            }
            else if (q->third[i])
                quad_third(job, mode, bytes, top, bottom, x_begin, i, q);
        }
    if (mode == DRAW_DEPTH && batch > 0)
    {
        for (int j = 0; j < batch; j++)
            batch_third(job->t, top, bottom, x_begin, q->blist[j], j, q);
        draw_batch(job, batch, q);
    }
}

/* Draws the quads of depth rows y and y + 1 that reach colour rows [row0, row1). */
INLINE_IN_HOT_LOOP void draw_row_pair(const draw_job_t *job, draw_mode_t mode, int bytes, int y, int row0, int row1,
                                      quad_run_t *q, stand_in_batch_t *s)
{
    const transformation_t *t = job->t;
    const size_t top = (size_t)y * (size_t)t->dw, bottom = top + (size_t)t->dw;
    /* a quad needs a position in both rows: skip the columns on either side where one row has none */
    int begin = t->row_first[y] > t->row_first[y + 1] ? t->row_first[y] : t->row_first[y + 1];
    int end = t->row_last[y] < t->row_last[y + 1] ? t->row_last[y] : t->row_last[y + 1];
    begin = begin > 0 ? begin - 1 : 0;
    end = end < t->dw - 1 ? end : t->dw - 2; /* last quad index */
    /* in runs of QUADS quads aligned to the chunks, skipping those that do not reach the band */
    const float lo = (float)row0 - 1.f, hi = (float)row1;
    const float *cmin_top = t->chunk_min + (size_t)y * (size_t)t->chunks, *cmin_bottom = cmin_top + t->chunks;
    const float *cmax_top = t->chunk_max + (size_t)y * (size_t)t->chunks, *cmax_bottom = cmax_top + t->chunks;
    for (int x = begin; x <= end;)
    {
        const int k = x / QUADS;
        const int last = end < (k + 1) * QUADS - 1 ? end : (k + 1) * QUADS - 1;
        const int n = last + 1 - x;
        const float rmin = min2(cmin_top[k], cmin_bottom[k]), rmax = max2(cmax_top[k], cmax_bottom[k]);
        if (!(rmax < lo || rmin > hi))
        {
            if (mode != DRAW_DEPTH)
            {
                /* corners x .. x + n of both rows, and the last one again for the vector stage's
                 * extra lanes (up to its count rounded up to PAD) */
                const int corners = (n + PAD - 1) / PAD * PAD + 1;
                for (int i = 0; i < corners; i++)
                {
                    int at = i <= n ? i : n;
                    q->custom_top[i] = custom_at(job, bytes, top + (size_t)x + (size_t)at);
                    q->custom_bottom[i] = custom_at(job, bytes, bottom + (size_t)x + (size_t)at);
                }
            }
            const float *ut = t->proj_u + top + x, *ub = t->proj_u + bottom + x;
            const float *vt = t->proj_v + top + x, *vb = t->proj_v + bottom + x;
            const float *zt = t->proj_z + top + x, *zb = t->proj_z + bottom + x;
            const quad_corners_t c = { { ut, ut + 1, ub, ub + 1 },
                                       { vt, vt + 1, vb, vb + 1 },
                                       { zt, zt + 1, zb, zb + 1 } };
            quads_vector(job, mode, &c, n, row0, row1, q);
            quads_write(job, mode, bytes, top, bottom, x, n, row0, row1, q, s);
            if (mode == DRAW_DEPTH && s->n >= QUADS)
                stand_in_flush(job, row0, row1, s, q);
        }
        x = last + 1;
    }
}

/* Draws colour rows [row0, row1) into job's images; with a band of a speculative job (else NULL)
 * gives up (false) as soon as another thread has won it, checked between depth rows. */
INLINE_IN_HOT_LOOP bool draw_band(const draw_job_t *job, draw_mode_t mode, int bytes, int row0, int row1,
                                  k4a4j_band_t *band)
{
    const transformation_t *t = job->t;
    const size_t first = (size_t)row0 * (size_t)t->cw, count = (size_t)(row1 - row0) * (size_t)t->cw;
    /* every byte of the band is written: start with "nothing" */
    memset(job->depth_out + first, 0, count * sizeof(uint16_t));
    if (mode != DRAW_DEPTH)
    {
        if (bytes == 1)
            memset(job->custom_out + first, (uint8_t)job->invalid_custom, count);
        else
        {
            uint16_t *out = (uint16_t *)(void *)job->custom_out + first;
            for (size_t i = 0; i < count; i++)
                out[i] = job->invalid_custom;
        }
    }
    quad_run_t q;
    memset(&q.b, 0, sizeof(q.b));
    stand_in_batch_t s;
    if (mode == DRAW_DEPTH)
        memset(&s, 0, sizeof(s));
    const float lo = (float)row0 - 1.f, hi = (float)row1;
    for (int y = 0; y + 1 < t->dh; y++)
    {
        float rmin = min2(t->row_min[y], t->row_min[y + 1]), rmax = max2(t->row_max[y], t->row_max[y + 1]);
        if (rmax < lo || rmin > hi)
            continue;
        if (band != NULL && k4a4j_band_lost(band))
            return false;
        draw_row_pair(job, mode, bytes, y, row0, row1, &q, &s);
    }
    if (mode == DRAW_DEPTH)
        stand_in_flush(job, row0, row1, &s, &q);
    return true;
}

/* The job, or with spare the job with its images replaced by the spare ones (transformation_t's
 * draft_block). The spare images are as large as the job's, so the kernels' pixel offsets stay the
 * same. */
static inline draw_job_t draft_of(const draw_job_t *job, bool spare)
{
    draw_job_t draft = *job;
    if (spare)
    {
        const size_t pixels = (size_t)job->t->cw * (size_t)job->t->ch;
        draft.depth_out = (uint16_t *)(void *)job->t->draft_block;
        draft.custom_out = job->t->draft_block + pixels * sizeof(uint16_t);
    }
    return draft;
}

/* A speculative job's draft of a band (threadpool.h), one for each mode and custom size. */
#define DRAFT_FN(name, mode, bytes)                                                                                    \
    HOT_LOOP_WIDE static bool name(void *context, bool spare, int begin, int end, k4a4j_band_t *band)                  \
    {                                                                                                                  \
        const draw_job_t draft = draft_of(context, spare);                                                             \
        return draw_band(&draft, mode, bytes, begin, end, band);                                                       \
    }
DRAFT_FN(draft_depth, DRAW_DEPTH, 2)
DRAFT_FN(draft_nearest8, DRAW_NEAREST, 1)
DRAFT_FN(draft_nearest16, DRAW_NEAREST, 2)
DRAFT_FN(draft_linear8, DRAW_LINEAR, 1)
DRAFT_FN(draft_linear16, DRAW_LINEAR, 2)
#undef DRAFT_FN

/* Copies colour rows [begin, end) of the spare images into the job's. */
static void publish_band(void *context, int begin, int end)
{
    const draw_job_t *job = context;
    const draw_job_t spare = draft_of(job, true);
    const size_t first = (size_t)begin * (size_t)job->t->cw, count = (size_t)(end - begin) * (size_t)job->t->cw;
    memcpy(job->depth_out + first, spare.depth_out + first, count * sizeof(uint16_t));
    if (job->mode != DRAW_DEPTH)
    {
        const size_t bytes = (size_t)job->custom_bytes;
        memcpy(job->custom_out + first * bytes, spare.custom_out + first * bytes, count * bytes);
    }
}

/* The colour camera's geometry of a depth image: shared by the two depth-to-colour functions. The
 * drawing's bands are speculative (threadpool.h): a band whose thread is switched out is drawn
 * again by another, so the call does not wait for that thread's next turn to finish it. */
void k4a4j_transformation_depth_to_color(transformation_t *t, const uint16_t *depth, draw_job_t *job)
{
    projection_t projection = { t, depth };
    k4a4j_threadpool_run(t->pool, t->dh, claim_rows(t->dw), projection_rows, &projection);
    k4a4j_draft_fn *draft = job->mode == DRAW_DEPTH ? draft_depth
                            : job->mode == DRAW_NEAREST
                                ? (job->custom_bytes == 1 ? draft_nearest8 : draft_nearest16)
                                : (job->custom_bytes == 1 ? draft_linear8 : draft_linear16);
    k4a4j_threadpool_run_speculative(t->pool, t->ch, band_rows(t, t->ch), draft, publish_band, job);
}
