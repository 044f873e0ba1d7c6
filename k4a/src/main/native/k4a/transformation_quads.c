/*
 * The quads of depth -> colour drawing that the raster's vector stage (transformation_raster.c) leaves
 * to scalar code, one quad at a time: the general path (a quad with one missing corner, drawn as a
 * triangle with a stand-in corner, in the custom modes or where the depth-only stand-in batch
 * leaves it; a box wider than three columns or taller than two rows; a pixel
 * centre both triangles cover, which needs the full kernel) and the custom modes' third columns
 * (a block three columns wide, drawn from the vector stage's set-up). Each is compiled once per
 * mode and custom width, out of line. Same pixel kernel as the vector stage (transformation_raster.h),
 * so the same bits; limits: a quad at a time, with the kernel's own loop over a box's columns.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_raster.h"

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
        place_stand_in(c, bad);
    draw_quad(job, mode, bytes, c, row0, row1);
}

/* one function per mode and custom width (transformation_raster.h says why) */
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

/* one function per custom mode and width */
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

k4a4j_general_fn *const k4a4j_general_paths[5] = { general_depth, general_nearest8, general_nearest16, general_linear8,
                                                   general_linear16 };
k4a4j_third_fn *const k4a4j_third_paths[5] = { NULL, third_nearest8, third_nearest16, third_linear8, third_linear16 };
