/*
 * Depth images drawn into the colour camera (k4a_transformation_depth_image_to_color_camera and
 * its _custom variant): every depth pixel with a depth goes to 3D, to the colour camera and through
 * its lens; each 2×2 block of neighbouring depth pixels is a quad in the colour image, drawn as
 * two triangles (split along the top-left / bottom-right diagonal) whose pixel centres get the
 * depth interpolated by area weights; the smaller depth wins where quads overlap. A quad with one
 * depth missing is drawn as the triangle of the other three, with a stand-in corner at the middle
 * of one of its edges; a quad with more missing, folded over (a triangle of negative area), or
 * spanning a depth edge is not drawn. Colour pixels are banded by rows: each band belongs to one
 * thread, which draws every quad that reaches its rows, so no two threads write the same pixel
 * and the result does not depend on the number of threads. Quads are drawn in runs: a vector stage
 * computes up to 2×2 pixel centres of every quad, a scalar stage merges them; the rest (third
 * columns, stand-in corners, larger boxes) as described at each function. Depth alone merges in
 * any order (the minimum); with a custom image the quads' order is kept (ties keep the first).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_internal.h"

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

/* A quad whose corner depths differ by more than this fraction of the smallest spans a depth edge. */
#define DEPTH_EDGE_RATIO 0.04693441759f

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
        size_t row = (size_t)y * (size_t)t->dw;
        for (int x = 0; x < t->dw; x += CHUNK)
        {
            int n = t->dw - x < CHUNK ? t->dw - x : CHUNK;
            project_run(p, y, x, n, t->proj_u + row + x, t->proj_v + row + x, t->proj_z + row + x);
        }
        /* the colour rows this depth row reaches, in all and for each run of quads */
        const float *v = t->proj_v + row, *z = t->proj_z + row;
        float lo = INFINITY, hi = -INFINITY;
        for (int k = 0; k < t->chunks; k++)
        {
            const int x0 = k * QUADS, x1 = x0 + QUADS < t->dw - 1 ? x0 + QUADS : t->dw - 1;
            /* on the floats' order keys (integer minima and maxima vectorise, float ones do not) */
            int32_t kmin = INT32_MAX, kmax = INT32_MIN;
            const int n = x1 + 1 - x0;
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
        /* the first and last column with a position: scans from either end stop at them */
        int first = 0, last = t->dw - 1;
        while (first < t->dw && !(z[first] > 0.f))
            first++;
        while (last > first && !(z[last] > 0.f))
            last--;
        if (first == t->dw)
            last = -1;
        t->row_min[y] = lo;
        t->row_max[y] = hi;
        t->row_first[y] = first;
        t->row_last[y] = last;
    }
}

/* ---- drawing quads into the colour image ---------------------------------------------------- */

typedef struct
{
    float u, v, z;
    float linear;  /* custom value for LINEAR */
    float nearest; /* custom value for NEAREST */
} corner_t;

static inline float edge_fn(float au, float av, float bu, float bv, float pu, float pv)
{
    return (bu - au) * (pv - av) - (bv - av) * (pu - au);
}

/* ceil and floor without library calls (the libm versions are calls on baseline x86-64), for values
 * already clamped to a small range */
static inline int ceil_small(float f)
{
    int t = (int)f;
    return t + (f > (float)t);
}
static inline int floor_small(float f)
{
    int t = (int)f;
    return t - (f < (float)t);
}

/* Whether the edge a→b of a triangle of positive area is a top or left edge, whose pixels belong
 * to the triangle (bottom and right edges leave theirs to the neighbour): -1 if so, else 0 (a
 * vector compare's own mask, no conversion to 1). */
static inline int top_left_i(float au, float av, float bu, float bv)
{
    float du = bu - au, dv = bv - av;
    return (dv < 0.f) | ((dv == 0.f) & (du > 0.f)) ? -1 : 0;
}

/* Whether a pixel centre with edge function w is on the inner side of an edge (tl: -1 for a top or
 * left edge, whose centres on the edge belong to the triangle, else 0): w > 0, or w == 0 on a
 * top-left edge. One integer addition and comparison on the bits b of w (as int32): off a top-left
 * edge, b > 0 exactly when w > 0 (-0 is INT32_MIN); on one, w >= 0 or w == -0 exactly when b - 1,
 * wrapping, is > -2 (b >= 0, or b == INT32_MIN, which wraps to INT32_MAX). Exact for finite w,
 * and edge functions are finite wherever a result is used (corners with a position are finite,
 * NaN corners fail the area test). */
INLINE_IN_HOT_LOOP int32_t inside_edge(float w, int32_t tl)
{
    uint32_t bits;
    memcpy(&bits, &w, sizeof(bits));
    /* (the wrapping sum in uint32; its conversion back to int32 wraps with the compilers used) */
    return (int32_t)(bits + (uint32_t)tl) > 2 * tl;
}

/* The pixel kernel, shared by both drawing paths: pixel centre (x, y) against the quad's two
 * triangles A = (0, 1, 3) and B = (0, 3, 2) (corners 0..3: top-left, top-right, bottom-left,
 * bottom-right; custom values k0..k3). Writes the rounded depth of the nearer triangle that
 * covers it (A on a tie; 0 when none does or in_box is 0) and that triangle's custom value: the
 * corner with the largest area weight (NEAREST; on a tie the first corner, else the last of the
 * other two, as the reference resolves the tie in the test data) or the area-weighted mean
 * (LINEAR). Edge functions and area weights as the reference computes them per triangle; selects
 * instead of branches, so that loops over pixels or quads vectorise.
 *
 * With one_triangle (a constant), only the covering triangle's values are computed (its weights
 * selected first: the same operations, so the same bits), and *both is set where the two
 * triangles cover the centre (possible only by rounding, on the diagonal): the result is then not
 * the nearer triangle's and the caller must use the full kernel. */
INLINE_IN_HOT_LOOP void block_pixel(draw_mode_t mode, int one_triangle, float u0, float v0, float u1, float v1,
                                    float u2, float v2, float u3, float v3, float z0, float z1, float z2, float z3,
                                    float k0, float k1, float k2, float k3, float area_a, float inv_a, float area_b,
                                    float inv_b, int a_tl0, int a_tl1, int a_tl2, int b_tl0, int b_tl1, int b_tl2,
                                    int x, int y, int in_box, uint32_t *depth_out, uint32_t *custom_out, int *both)
{
    const float px = (float)x, py = (float)y;
    /* triangle A = (0, 1, 3) */
    const float wa0 = edge_fn(u1, v1, u3, v3, px, py);
    const float wa1 = edge_fn(u3, v3, u0, v0, px, py);
    const float wa2 = edge_fn(u0, v0, u1, v1, px, py);
    const int in_a =
        (area_a > 0.f) & inside_edge(wa0, a_tl0) & inside_edge(wa1, a_tl1) & inside_edge(wa2, a_tl2) & in_box;
    /* triangle B = (0, 3, 2) */
    const float wb0 = edge_fn(u3, v3, u2, v2, px, py);
    const float wb1 = edge_fn(u2, v2, u0, v0, px, py);
    const float wb2 = edge_fn(u0, v0, u3, v3, px, py);
    const int in_b =
        (area_b > 0.f) & inside_edge(wb0, b_tl0) & inside_edge(wb1, b_tl1) & inside_edge(wb2, b_tl2) & in_box;
    /* Each triangle's depth rounded (+0.5, truncated) to the 16 bits the reference stores, so a
     * colour-camera depth beyond 65535 mm (only from depth inputs near 65535) wraps around as it
     * does there; 0 where the triangle does not cover the pixel. (The clamp keeps the conversion
     * defined, NaN included.) Then the nearer of the two by those 16-bit values, A on a tie, 0
     * meaning none (depth - 1 as uint16 makes it the largest). The custom value is clamped before
     * its conversion: outside both triangles (where merge_pixel discards it, its depth being 0)
     * LINEAR's weights extrapolate far beyond int's range, and converting such a float is
     * undefined behaviour (the clamp, for both modes, also keeps the loop over quads vectorised:
     * GCC 12 does not vectorise NEAREST's bare conversion). */
    if (one_triangle)
    {
        const float w0 = in_a ? wa0 : wb0, w1 = in_a ? wa1 : wb1, w2 = in_a ? wa2 : wb2, inv = in_a ? inv_a : inv_b;
        const float zx = in_a ? z1 : z3, zy = in_a ? z3 : z2;
        const float z = z0 + (w1 * inv) * (zx - z0) + (w2 * inv) * (zy - z0);
        *depth_out = (unsigned)(int)min2(max2(z + 0.5f, 0.f), 1048576.f) & 0xFFFFu & (0u - (unsigned)(in_a | in_b));
        *both = in_a & in_b;
        const float kx = in_a ? k1 : k3, ky = in_a ? k3 : k2;
        float c = 0.f;
        if (mode == DRAW_NEAREST)
            c = w0 >= max2(w1, w2) ? k0 : (w1 > w2 ? kx : ky);
        else if (mode == DRAW_LINEAR)
            c = (w0 * k0 + w1 * kx + w2 * ky) * inv + 0.5f;
        if (mode != DRAW_DEPTH)
            *custom_out = (uint32_t)(int)min2(max2(c, 0.f), 65535.f);
        return;
    }
    const float za = z0 + (wa1 * inv_a) * (z1 - z0) + (wa2 * inv_a) * (z3 - z0);
    const float zb = z0 + (wb1 * inv_b) * (z3 - z0) + (wb2 * inv_b) * (z2 - z0);
    float ca = 0.f, cb = 0.f;
    if (mode == DRAW_NEAREST)
    {
        ca = wa0 >= max2(wa1, wa2) ? k0 : (wa1 > wa2 ? k1 : k3);
        cb = wb0 >= max2(wb1, wb2) ? k0 : (wb1 > wb2 ? k3 : k2);
    }
    else if (mode == DRAW_LINEAR)
    {
        ca = (wa0 * k0 + wa1 * k1 + wa2 * k3) * inv_a + 0.5f;
        cb = (wb0 * k0 + wb1 * k3 + wb2 * k2) * inv_b + 0.5f;
    }
    const unsigned da = (unsigned)(int)min2(max2(za + 0.5f, 0.f), 1048576.f) & 0xFFFFu & (0u - (unsigned)in_a);
    const unsigned db = (unsigned)(int)min2(max2(zb + 0.5f, 0.f), 1048576.f) & 0xFFFFu & (0u - (unsigned)in_b);
    const int use_b = ((db - 1u) & 0xFFFFu) < ((da - 1u) & 0xFFFFu);
    *depth_out = use_b ? db : da;
    *both = in_a & in_b;
    if (mode != DRAW_DEPTH)
        *custom_out = (uint32_t)(int)min2(max2(use_b ? cb : ca, 0.f), 65535.f);
}

/* A pixel's depth and custom value against what the image holds: the smaller depth wins (0 means
 * "none": depth - 1 as uint16 makes it the largest, so a minimum does the test without branches). */
INLINE_IN_HOT_LOOP void merge_pixel(draw_mode_t mode, int bytes, uint16_t depth, uint16_t custom, uint16_t *depth_at,
                                    uint8_t *custom_out, size_t at)
{
    const uint16_t mine = (uint16_t)(depth - 1u), theirs = (uint16_t)(*depth_at - 1u);
    const int wins = mine < theirs;
    *depth_at = (uint16_t)((wins ? mine : theirs) + 1u);
    if (mode != DRAW_DEPTH)
    {
        /* old ^ ((old ^ new) & mask): a select the vectoriser takes */
        const unsigned mask = 0u - (unsigned)wins;
        if (bytes == 1)
        {
            const unsigned old = custom_out[at];
            custom_out[at] = (uint8_t)(old ^ ((old ^ custom) & mask));
        }
        else
        {
            uint16_t *custom16 = (uint16_t *)(void *)custom_out;
            const unsigned old = custom16[at];
            custom16[at] = (uint16_t)(old ^ ((old ^ custom) & mask));
        }
    }
}

/* A pixel centre of a quad (corners, custom values and set-up as block_pixel takes them) through the
 * kernel and merged into the image: with one_triangle (a constant) the covering triangle's kernel,
 * and the full one where both triangles cover the centre. */
INLINE_IN_HOT_LOOP void quad_pixel(uint16_t *depth_out, uint8_t *custom_out, size_t cw, draw_mode_t mode, int bytes,
                                   float u0, float v0, float u1, float v1, float u2, float v2, float u3, float v3,
                                   float z0, float z1, float z2, float z3, float k0, float k1, float k2, float k3,
                                   float area_a, float inv_a, float area_b, float inv_b, int a_tl0, int a_tl1,
                                   int a_tl2, int b_tl0, int b_tl1, int b_tl2, int x, int y, int one_triangle)
{
    uint32_t depth, custom = 0;
    int both;
    block_pixel(mode, one_triangle, u0, v0, u1, v1, u2, v2, u3, v3, z0, z1, z2, z3, k0, k1, k2, k3, area_a, inv_a,
                area_b, inv_b, a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x, y, 1, &depth, &custom, &both);
    if (one_triangle && both)
        block_pixel(mode, 0, u0, v0, u1, v1, u2, v2, u3, v3, z0, z1, z2, z3, k0, k1, k2, k3, area_a, inv_a, area_b,
                    inv_b, a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x, y, 1, &depth, &custom, &both);
    const size_t at = (size_t)y * cw + (size_t)x;
    merge_pixel(mode, bytes, (uint16_t)depth, (uint16_t)custom, depth_out + at, custom_out, at);
}

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

/* The general path: draws a quad (corners after any stand-in) of any size into colour rows
 * [row0, row1), one row of its box at a time (a loop over pixels that vectorises). */
INLINE_IN_HOT_LOOP void draw_quad(const draw_job_t *job, draw_mode_t mode, int bytes, const corner_t *c, int row0,
                                  int row1)
{
    float zmin = min2(min2(c[0].z, c[1].z), min2(c[2].z, c[3].z));
    float zmax = max2(max2(c[0].z, c[1].z), max2(c[2].z, c[3].z));
    if (zmax - zmin > DEPTH_EDGE_RATIO * zmin)
        return; /* a depth edge, not a slanted surface */
    /* pixel centres in the bounding box, clipped to the image and the band */
    const int cw = job->t->cw;
    const float umax_image = (float)cw;
    float umin = min2(min2(c[0].u, c[1].u), min2(c[2].u, c[3].u));
    float umax = max2(max2(c[0].u, c[1].u), max2(c[2].u, c[3].u));
    float vmin = min2(min2(c[0].v, c[1].v), min2(c[2].v, c[3].v));
    float vmax = max2(max2(c[0].v, c[1].v), max2(c[2].v, c[3].v));
    int x0 = ceil_small(min2(max2(umin, 0.f), umax_image));
    int x1 = floor_small(min2(max2(umax, -1.f), umax_image - 1.f));
    int y0 = ceil_small(min2(max2(vmin, (float)row0), (float)row1));
    int y1 = floor_small(min2(max2(vmax, -1.f), (float)(row1 - 1)));
    if (x0 > x1 || y0 > y1)
        return;
    const float u0 = c[0].u, v0 = c[0].v, u1 = c[1].u, v1 = c[1].v, u2 = c[2].u, v2 = c[2].v, u3 = c[3].u, v3 = c[3].v;
    const float area_a = edge_fn(u0, v0, u1, v1, u3, v3), area_b = edge_fn(u0, v0, u3, v3, u2, v2);
    if (!(area_a > 0.f) && !(area_b > 0.f))
        return; /* folded over */
    const float inv_a = 1.f / (area_a > 0.f ? area_a : 1.f), inv_b = 1.f / (area_b > 0.f ? area_b : 1.f);
    /* the six edges' top-left flags (top_left_i's tests, with dv == 0 as dv <= 0 & dv >= 0: two
     * plain compares, where == needs a NaN test as well) */
    const float au[6] = { u1, u3, u0, u3, u2, u0 }, av[6] = { v1, v3, v0, v3, v2, v0 };
    const float bu[6] = { u3, u0, u1, u2, u0, u3 }, bv[6] = { v3, v0, v1, v2, v0, v3 };
    int tl[6];
    for (int k = 0; k < 6; k++)
    {
        const float du = bu[k] - au[k], dv = bv[k] - av[k];
        tl[k] = -((dv < 0.f) | ((dv <= 0.f) & (dv >= 0.f) & (du > 0.f)));
    }
    const int a_tl0 = tl[0], a_tl1 = tl[1], a_tl2 = tl[2], b_tl0 = tl[3], b_tl1 = tl[4], b_tl2 = tl[5];
    const bool nearest = mode == DRAW_NEAREST;
    const float k0 = nearest ? c[0].nearest : c[0].linear, k1 = nearest ? c[1].nearest : c[1].linear;
    const float k2 = nearest ? c[2].nearest : c[2].linear, k3 = nearest ? c[3].nearest : c[3].linear;
    /* (read once: byte stores could alias *job) */
    uint16_t *restrict depth_out = job->depth_out;
    uint8_t *restrict custom_out = job->custom_out;
#define PIXEL(x, y, one_triangle)                                                                                      \
    quad_pixel(depth_out, custom_out, (size_t)cw, mode, bytes, u0, v0, u1, v1, u2, v2, u3, v3, c[0].z, c[1].z, c[2].z, \
               c[3].z, k0, k1, k2, k3, area_a, inv_a, area_b, inv_b, a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x, y,   \
               one_triangle)
    if (x1 - x0 <= 1)
    {
        /* one or two columns: no loop over x, whose vectorised form costs more to
         * set up than the pixels */
        for (int y = y0; y <= y1; y++)
        {
            PIXEL(x0, y, 1);
            if (x0 < x1)
                PIXEL(x1, y, 1);
        }
        return;
    }
    /* rows of the box: the full kernel without branches, so that the loop over x vectorises */
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            PIXEL(x, y, 0);
#undef PIXEL
}

static inline float custom_at(const draw_job_t *job, int bytes, size_t i)
{
    return bytes == 1 ? (float)job->custom_in[i] : (float)((const uint16_t *)(const void *)job->custom_in)[i];
}

/* The general path for quad x of the row pair (top, bottom): its corners from the projection, and
 * a stand-in for one missing corner. */
INLINE_IN_HOT_LOOP void draw_quad_general(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                          int x, int row0, int row1)
{
    const transformation_t *t = job->t;
    const size_t idx[4] = { top + (size_t)x, top + (size_t)x + 1, bottom + (size_t)x, bottom + (size_t)x + 1 };
    corner_t c[4];
    int bad = -1;
    for (int k = 0; k < 4; k++)
    {
        c[k].u = t->proj_u[idx[k]];
        c[k].v = t->proj_v[idx[k]];
        c[k].z = t->proj_z[idx[k]];
        c[k].linear = c[k].nearest = mode != DRAW_DEPTH ? custom_at(job, bytes, idx[k]) : 0.f;
        if (!(c[k].z > 0.f))
            bad = k;
    }
    if (bad >= 0)
    {
        /* Draw the triangle of the three others, split at a stand-in corner in the middle of one of
         * its edges: for a missing top-left or bottom-right corner the diagonal between the other
         * two, for top-right the bottom edge, for bottom-left the right edge. The stand-in takes the
         * mean position and depth, the truncated mean custom value for LINEAR and the missing
         * corner's opposite for NEAREST (the reference's choices). */
        int e1 = (bad == 0 || bad == 3) ? 1 : bad == 1 ? 2 : 1;
        int e2 = (bad == 0 || bad == 3) ? 2 : 3;
        corner_t stand_in;
        stand_in.u = 0.5f * (c[e1].u + c[e2].u);
        stand_in.v = 0.5f * (c[e1].v + c[e2].v);
        stand_in.z = 0.5f * (c[e1].z + c[e2].z);
        stand_in.linear = (float)(int)(0.5f * (c[e1].linear + c[e2].linear)); /* >= 0: truncation */
        stand_in.nearest = c[3 - bad].nearest;
        if (bad == 0)
            c[0] = stand_in;
        else if (bad == 3)
            c[3] = stand_in;
        else
        {
            c[bad] = c[3];
            c[3] = stand_in;
        }
    }
    draw_quad(job, mode, bytes, c, row0, row1);
}

/* The general path out of line, one function per mode and custom width: the scalar stage's loop
 * (a quarter of the call) then keeps its counters in registers instead of on the stack. */
#define GENERAL_PATH(name, mode, bytes)                                                                                \
    HOT_LOOP_OUT_OF_LINE static void name(const draw_job_t *job, size_t top, size_t bottom, int x, int row0, int row1) \
    {                                                                                                                  \
        draw_quad_general(job, mode, bytes, top, bottom, x, row0, row1);                                               \
    }
GENERAL_PATH(general_depth, DRAW_DEPTH, 2)
GENERAL_PATH(general_nearest8, DRAW_NEAREST, 1)
GENERAL_PATH(general_nearest16, DRAW_NEAREST, 2)
GENERAL_PATH(general_linear8, DRAW_LINEAR, 1)
GENERAL_PATH(general_linear16, DRAW_LINEAR, 2)
#undef GENERAL_PATH

INLINE_IN_HOT_LOOP void quad_general(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                     int x, int row0, int row1)
{
    if (mode == DRAW_DEPTH)
        general_depth(job, top, bottom, x, row0, row1);
    else if (mode == DRAW_NEAREST)
        (bytes == 1 ? general_nearest8 : general_nearest16)(job, top, bottom, x, row0, row1);
    else
        (bytes == 1 ? general_linear8 : general_linear16)(job, top, bottom, x, row0, row1);
}

/* The quads of a row pair are handled in runs of QUADS: a vector stage works out, for every quad
 * at once, what it draws into the (at most) 2×2 pixel centres of its bounding box; a short scalar
 * stage then writes them. Quads with a missing corner or a larger box take the general path. */
enum
{
    QUAD_NONE = 0,    /* nothing to draw in this band */
    QUAD_BLOCK = 1,   /* draw depth[][] / custom[][] into the block at (x0, y0) */
    QUAD_GENERAL = 2, /* draw_quad_general */
};

typedef struct
{
    /* rounded depth at (x0, y0), (x0 + 1, y0), (x0, y0 + 1), (x0 + 1, y0 + 1); 0: none (32-bit
     * entries, as wide as the stage's floats: the compiler's vectors then hold 8 quads, not 16,
     * and fit in the registers); depth only: depth[0] and depth[2] hold the two rows as pixel
     * pairs (merge_pair) and at[0], at[2] their indices */
    uint32_t depth[4][QUADS];
    uint32_t custom[4][QUADS];
    /* their indices in the colour image (outside the image or band: the block origin's) */
    int32_t at[4][QUADS];
    int x0[QUADS];
    int kind[QUADS];
    /* QUAD_BLOCK three columns wide: the rows (1 or 2, from y0) of column x0 + 2, which the scalar
     * stage draws from the set-up below (draw_third; depth only: the batch), else 0 */
    int third[QUADS];
    int y0[QUADS];
    float area_a[QUADS], inv_a[QUADS], area_b[QUADS], inv_b[QUADS];
    int32_t tl[6][QUADS]; /* top-left flags: triangle A's edges 0..2, then B's */
    /* the custom values of the run's two rows of corners, as floats (vector stage input) */
    float custom_top[QUADS + PAD], custom_bottom[QUADS + PAD];
    /* depth only: the run's third columns, drawn after its blocks as one batch (the minimum does
     * not depend on the order of the merges): each one's corners, set-up, column, first row and
     * rows (0 in the lanes past the count), and its two depths; zeroed once a band, so that the
     * lanes past the count hold finite values */
    struct
    {
        float u[4][QUADS + PAD], v[4][QUADS + PAD], z[4][QUADS + PAD];
        float area_a[QUADS + PAD], inv_a[QUADS + PAD], area_b[QUADS + PAD], inv_b[QUADS + PAD];
        int32_t tl[6][QUADS + PAD];
        int x[QUADS + PAD], y[QUADS + PAD], rows[QUADS + PAD];
        uint32_t depth[2][QUADS + PAD];
    } b;
    int blist[QUADS]; /* the batch's quads */
} quad_run_t;

/* The vector stage for quads [x_begin, x_begin + n) of the row pair (top, bottom), computed for a
 * count rounded up to PAD (the extra lanes are marked QUAD_NONE): the general path's set-up and
 * pixel kernel (block_pixel), for many quads at once. */
INLINE_IN_HOT_LOOP void quads_vector(const draw_job_t *job, draw_mode_t mode, size_t top, size_t bottom, int x_begin,
                                     int n, int row0, int row1, quad_run_t *restrict q)
{
    const transformation_t *t = job->t;
    const float *restrict ut = t->proj_u + top + x_begin, *restrict ub = t->proj_u + bottom + x_begin;
    const float *restrict vt = t->proj_v + top + x_begin, *restrict vb = t->proj_v + bottom + x_begin;
    const float *restrict zt = t->proj_z + top + x_begin, *restrict zb = t->proj_z + bottom + x_begin;
    const float *restrict ct = q->custom_top, *restrict cb = q->custom_bottom;
    const float cwf = (float)t->cw, r0f = (float)row0, r1f = (float)row1;
    const int lanes = (n + PAD - 1) / PAD * PAD;
    for (int i = 0; i < lanes; i++)
    {
        /* corners 0..3: top-left, top-right, bottom-left, bottom-right */
        const float u0 = ut[i], u1 = ut[i + 1], u2 = ub[i], u3 = ub[i + 1];
        const float v0 = vt[i], v1 = vt[i + 1], v2 = vb[i], v3 = vb[i + 1];
        const float z0 = zt[i], z1 = zt[i + 1], z2 = zb[i], z3 = zb[i + 1];
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
        const int general = ((missing == 1) | ((missing == 0) & flat & cells & !fits)) & lane;
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
        q->kind[i] = block * (both ? QUAD_GENERAL : QUAD_BLOCK) + general * QUAD_GENERAL;
    }
}

/* The third column of quad i of a run (a block three columns wide), from the vector stage's set-up:
 * the pixels the general path would draw there, with the same bits. */
INLINE_IN_HOT_LOOP void draw_third(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                   int x_begin, int i, const quad_run_t *restrict q)
{
    const transformation_t *t = job->t;
    const size_t a = top + (size_t)x_begin + (size_t)i, b = bottom + (size_t)x_begin + (size_t)i;
    const float *restrict pu = t->proj_u, *restrict pv = t->proj_v, *restrict pz = t->proj_z;
    float k0 = 0.f, k1 = 0.f, k2 = 0.f, k3 = 0.f;
    if (mode != DRAW_DEPTH)
        k0 = q->custom_top[i], k1 = q->custom_top[i + 1], k2 = q->custom_bottom[i], k3 = q->custom_bottom[i + 1];
    const int x = q->x0[i] + 2, y0 = q->y0[i];
    /* one or two rows, written out (a loop is vectorised, which costs more than the pixels) */
#define PIXEL(y)                                                                                                       \
    quad_pixel(job->depth_out, job->custom_out, (size_t)t->cw, mode, bytes, pu[a], pv[a], pu[a + 1], pv[a + 1], pu[b], \
               pv[b], pu[b + 1], pv[b + 1], pz[a], pz[a + 1], pz[b], pz[b + 1], k0, k1, k2, k3, q->area_a[i],          \
               q->inv_a[i], q->area_b[i], q->inv_b[i], q->tl[0][i], q->tl[1][i], q->tl[2][i], q->tl[3][i],             \
               q->tl[4][i], q->tl[5][i], x, y, 1)
    PIXEL(y0);
    if (q->third[i] == 2)
        PIXEL(y0 + 1);
#undef PIXEL
}

/* out of line, one function per custom mode and width (as the general path, and for the same reason;
 * depth only batches its third columns instead: draw_batch) */
#define THIRD_PATH(name, mode, bytes)                                                                                  \
    HOT_LOOP_WIDE_OUT_OF_LINE static void name(const draw_job_t *job, size_t top, size_t bottom, int x_begin, int i,   \
                                               const quad_run_t *restrict q)                                           \
    {                                                                                                                  \
        draw_third(job, mode, bytes, top, bottom, x_begin, i, q);                                                      \
    }
THIRD_PATH(third_nearest8, DRAW_NEAREST, 1)
THIRD_PATH(third_nearest16, DRAW_NEAREST, 2)
THIRD_PATH(third_linear8, DRAW_LINEAR, 1)
THIRD_PATH(third_linear16, DRAW_LINEAR, 2)
#undef THIRD_PATH

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

/* The scalar stage: each block's pixels against the image, the smaller depth winning (0 means
 * "none": depth - 1 as uint16 makes it the largest, so a minimum does the test without branches). */
INLINE_IN_HOT_LOOP void quads_write(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                    int x_begin, int n, int row0, int row1, quad_run_t *restrict q)
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
            {
                if (mode == DRAW_NEAREST)
                    (bytes == 1 ? third_nearest8 : third_nearest16)(job, top, bottom, x_begin, i, q);
                else
                    (bytes == 1 ? third_linear8 : third_linear16)(job, top, bottom, x_begin, i, q);
            }
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
                                      quad_run_t *q)
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
                /* corners x .. x + n of both rows; the vector stage's extra lanes read zeros */
                for (int i = 0; i < QUADS + PAD; i++)
                {
                    int at = i <= n ? i : n;
                    q->custom_top[i] = custom_at(job, bytes, top + (size_t)x + (size_t)at);
                    q->custom_bottom[i] = custom_at(job, bytes, bottom + (size_t)x + (size_t)at);
                }
            }
            quads_vector(job, mode, top, bottom, x, n, row0, row1, q);
            quads_write(job, mode, bytes, top, bottom, x, n, row0, row1, q);
        }
        x = last + 1;
    }
}

INLINE_IN_HOT_LOOP void draw_band(const draw_job_t *job, draw_mode_t mode, int bytes, int row0, int row1)
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
    const float lo = (float)row0 - 1.f, hi = (float)row1;
    for (int y = 0; y + 1 < t->dh; y++)
    {
        float rmin = min2(t->row_min[y], t->row_min[y + 1]), rmax = max2(t->row_max[y], t->row_max[y + 1]);
        if (rmax < lo || rmin > hi)
            continue;
        draw_row_pair(job, mode, bytes, y, row0, row1, &q);
    }
}

HOT_LOOP_WIDE static void draw_band_depth(void *context, int begin, int end)
{
    draw_band(context, DRAW_DEPTH, 2, begin, end);
}
HOT_LOOP_WIDE static void draw_band_nearest8(void *context, int begin, int end)
{
    draw_band(context, DRAW_NEAREST, 1, begin, end);
}
HOT_LOOP_WIDE static void draw_band_nearest16(void *context, int begin, int end)
{
    draw_band(context, DRAW_NEAREST, 2, begin, end);
}
HOT_LOOP_WIDE static void draw_band_linear8(void *context, int begin, int end)
{
    draw_band(context, DRAW_LINEAR, 1, begin, end);
}
HOT_LOOP_WIDE static void draw_band_linear16(void *context, int begin, int end)
{
    draw_band(context, DRAW_LINEAR, 2, begin, end);
}

/* The colour camera's geometry of a depth image: shared by the two depth-to-colour functions. */
void k4a4j_transformation_depth_to_color(transformation_t *t, const uint16_t *depth, draw_job_t *job)
{
    projection_t projection = { t, depth };
    k4a4j_threadpool_run(t->pool, t->dh, claim_rows(t->dw), projection_rows, &projection);
    k4a4j_band_fn *fn = job->mode == DRAW_DEPTH ? draw_band_depth
                        : job->mode == DRAW_NEAREST
                            ? (job->custom_bytes == 1 ? draw_band_nearest8 : draw_band_nearest16)
                            : (job->custom_bytes == 1 ? draw_band_linear8 : draw_band_linear16);
    k4a4j_threadpool_run(t->pool, t->ch, band_rows(t, t->ch), fn, job);
}
