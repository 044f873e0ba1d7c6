/*
 * What the depth-to-colour raster's two files share: transformation_raster.c (the projection, the
 * bands, the vector stage and the merge) and transformation_quads.c (the quads the vector stage
 * leaves to a scalar path: the general path and the custom modes' third columns). The pixel kernel
 * (block_pixel) and the merge of one pixel, compiled into each caller's instruction-set variants;
 * the run of quads the stages pass along (quad_run_t); the scalar paths' entry points. Internal to
 * transformation_raster.c and transformation_quads.c.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_TRANSFORMATION_RASTER_H
#define K4A4J_TRANSFORMATION_RASTER_H

#include "transformation_internal.h"

#include <string.h>

/* A quad whose corner depths differ by more than this fraction of the smallest spans a depth edge. */
#define DEPTH_EDGE_RATIO 0.04693441759f

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

static inline float custom_at(const draw_job_t *job, int bytes, size_t i)
{
    return bytes == 1 ? (float)job->custom_in[i] : (float)((const uint16_t *)(const void *)job->custom_in)[i];
}

/* A quad's corners (top-left, top-right, bottom-left, bottom-right), with what the general path
 * and the depth-only stand-in batch need of each. */
typedef struct
{
    float u, v, z;
    float linear;  /* custom value for LINEAR */
    float nearest; /* custom value for NEAREST */
} corner_t;

/* The quad with corner bad missing becomes the triangle of the three others, split at a stand-in
 * corner in the middle of one of its edges: for a missing top-left or bottom-right corner the
 * diagonal between the other two, for top-right the bottom edge, for bottom-left the right edge. The
 * stand-in takes the mean position and depth, the truncated mean custom value for LINEAR and the
 * missing corner's opposite for NEAREST (the reference's choices). */
INLINE_IN_HOT_LOOP void place_stand_in(corner_t c[4], int bad)
{
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

/* The quads of a row pair are handled in runs of QUADS: a vector stage works out, for every quad
 * at once, what it draws into the (at most) 2×2 pixel centres of its bounding box; a short scalar
 * stage then writes them. Quads with a missing corner (depth only: after their stand-in batch) or a
 * larger box take the general path. */
enum
{
    QUAD_NONE = 0,     /* nothing to draw in this band */
    QUAD_BLOCK = 1,    /* draw depth[][] / custom[][] into the block at (x0, y0) */
    QUAD_GENERAL = 2,  /* the general path (quad_general) */
    QUAD_STAND_IN = 3, /* depth only: one corner missing, drawn from the band's stand-in batch */
};

/* a quad's four corners (top-left, top-right, bottom-left, bottom-right) for the vector stage: entry
 * i of each array */
typedef struct
{
    const float *u[4], *v[4], *z[4];
} quad_corners_t;

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

/* ---- the scalar paths (transformation_quads.c) ---------------------------------------------- */

/* The general path: draws quad x of the row pair (top, bottom) into colour rows [row0, row1). */
typedef void k4a4j_general_fn(const draw_job_t *job, size_t top, size_t bottom, int x, int row0, int row1);
/* The custom modes' third columns: quad i of the run at x_begin of the row pair (top, bottom), a
 * block three columns wide, draws its third column from the vector stage's set-up in q (depth only
 * batches its third columns instead: draw_batch). */
typedef void k4a4j_third_fn(const draw_job_t *job, size_t top, size_t bottom, int x_begin, int i,
                            const quad_run_t *restrict q);

/* One function per mode and custom width, out of line (the scalar stage's loop, a quarter of the
 * call, then keeps its counters in registers instead of on the stack), indexed by path_index. They
 * are static multiversioned functions reached through these tables: GCC exports the resolver of an
 * extern one whatever its visibility. (third_paths[0], depth only, is NULL.) */
extern k4a4j_general_fn *const k4a4j_general_paths[5];
extern k4a4j_third_fn *const k4a4j_third_paths[5];

/* 0 depth only, 1 and 2 NEAREST with 1 or 2 bytes, 3 and 4 LINEAR */
static inline int path_index(draw_mode_t mode, int bytes)
{
    return mode == DRAW_DEPTH ? 0 : (mode == DRAW_NEAREST ? 1 : 3) + (bytes == 2);
}

/* quad x through the general path of mode and width */
INLINE_IN_HOT_LOOP void quad_general(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                     int x, int row0, int row1)
{
    k4a4j_general_paths[path_index(mode, bytes)](job, top, bottom, x, row0, row1);
}

/* quad i's third column through the custom mode's path (mode != DRAW_DEPTH) */
INLINE_IN_HOT_LOOP void quad_third(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                   int x_begin, int i, const quad_run_t *restrict q)
{
    k4a4j_third_paths[path_index(mode, bytes)](job, top, bottom, x_begin, i, q);
}

#endif /* K4A4J_TRANSFORMATION_RASTER_H */
