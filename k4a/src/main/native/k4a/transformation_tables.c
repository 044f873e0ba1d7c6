/*
 * The unprojection tables of a transformation handle (for every pixel centre of a camera, the point
 * of the unit plane it sees, NaN where the lens model cannot unproject it; each made by the first
 * operation that needs it), and the point clouds made from them: one multiplication per
 * coordinate, rounded to int16 millimetres, interleaved into x y z triples with vector shuffles
 * where the compiler has them.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_internal.h"

#include <math.h>
#include <string.h>

/* ---- unprojection tables ------------------------------------------------------------------- */

typedef struct
{
    const k4a4j_lens_t *lens;
    table_t *table;
    int width;
} table_job_t;

static void table_rows(void *context, int begin, int end)
{
    const table_job_t *job = context;
    for (int y = begin; y < end; y++)
    {
        float *tx = job->table->x + (size_t)y * (size_t)job->width;
        float *ty = job->table->y + (size_t)y * (size_t)job->width;
        for (int x = 0; x < job->width; x++)
        {
            float ux, uy;
            if (k4a4j_lens_unproject(job->lens, (float)x, (float)y, K4A4J_LENS_EXACT, &ux, &uy))
            {
                tx[x] = ux;
                ty[x] = uy;
            }
            else
            {
                tx[x] = NAN;
                ty[x] = NAN;
            }
        }
    }
}

bool k4a4j_transformation_table_compute(transformation_t *t, table_t *table, const k4a4j_lens_t *lens)
{
    size_t pixels = (size_t)lens->width * (size_t)lens->height;
    table->block = k4a4j_heap_alloc(2 * pixels * sizeof(float));
    if (table->block == NULL)
        return false;
    table->x = (float *)(void *)table->block;
    table->y = table->x + pixels;
    table_job_t job = { lens, table, lens->width };
    k4a4j_threadpool_run(t->pool, lens->height, claim_rows(lens->width), table_rows, &job);
    int bounded = 1;
    for (size_t i = 0; i < pixels; i++)
    {
        const float x = table->x[i], y = table->y[i];
        const int nan = x != x;
        bounded &= (nan == (y != y)) & (nan | ((x >= -32768.f) & (x <= 32768.f) & (y >= -32768.f) & (y <= 32768.f)));
    }
    table->bounded = bounded;
    return true;
}

void k4a4j_transformation_table_free(table_t *table)
{
    k4a4j_heap_free(table->block);
    table->block = NULL;
}

/* ---- point clouds --------------------------------------------------------------------------- */

typedef struct
{
    const table_t *table;
    const uint16_t *depth;
    int16_t *out;
    int width;
} cloud_job_t;

/* rintf to int32: GCC's builtin is one vector conversion in the current rounding mode, where
 * (int32_t)rintf is a rounding and a truncating conversion; the same integers for |x| < 2^31. */
#if defined(__GNUC__) && !defined(__clang__)
#define round_to_int(x) __builtin_irintf(x)
#else
#define round_to_int(x) ((int32_t)rintf(x))
#endif

/* Interleaves a run's x, y, z (int16 values in int32 arrays: the loops that compute them then
 * need no packing) into the output. Where the compiler has vector shuffles (__builtin_shufflevector:
 * GCC 12, clang) and int32 holds its low half first, 16 pixels at a time, within 128-bit lanes: x
 * and y paired by a word blend, z with its zero high half makes "x y z 0" per pixel, one byte
 * shuffle per two pixels drops the zeros, and the 12 bytes of each pair are stored with a 16-byte
 * store whose extra 4 bytes the next pair's store (or the plain loop) overwrites; the run's last
 * pair with 12 bytes, so nothing is written beyond it. The plain loop does the rest (GCC vectorises
 * it with lane-crossing permutes, about twice the instructions). */
#if defined(__has_builtin) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#if __has_builtin(__builtin_shufflevector) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CLOUD_SHUFFLES 1
#endif
#endif
#ifdef CLOUD_SHUFFLES
typedef int16_t v16i16 __attribute__((vector_size(32)));
typedef int16_t v8i16 __attribute__((vector_size(16)));

/* Pixels 0-7 of xs, ys, zs (int32 as int16 pairs: value, 0 or -1) as x y z per pixel at out; the
 * last 4 bytes written (beyond the 8 pixels) only when more follows. */
INLINE_IN_HOT_LOOP void cloud_store8(const int32_t *restrict xs, const int32_t *restrict ys, const int32_t *restrict zs,
                                     int16_t *restrict out, int more)
{
    v16i16 vx, vy, vz;
    memcpy(&vx, xs, sizeof(vx));
    memcpy(&vy, ys, sizeof(vy));
    memcpy(&vz, zs, sizeof(vz));
    /* per lane (pixels 0-3 and 4-7): x y x y ..., and x y z 0 for pixels (0 1, 4 5), (2 3, 6 7) */
    const v16i16 xy = __builtin_shufflevector(vx, vy, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    v16i16 p0 = __builtin_shufflevector(xy, vz, 0, 1, 16, 17, 2, 3, 18, 19, 8, 9, 24, 25, 10, 11, 26, 27);
    v16i16 p1 = __builtin_shufflevector(xy, vz, 4, 5, 20, 21, 6, 7, 22, 23, 12, 13, 28, 29, 14, 15, 30, 31);
    /* x y z x y z (12 bytes) and 4 bytes of no matter, per lane */
    p0 = __builtin_shufflevector(p0, p0, 0, 1, 2, 4, 5, 6, 3, 7, 8, 9, 10, 12, 13, 14, 11, 15);
    p1 = __builtin_shufflevector(p1, p1, 0, 1, 2, 4, 5, 6, 3, 7, 8, 9, 10, 12, 13, 14, 11, 15);
    const v8i16 q0 = __builtin_shufflevector(p0, p0, 0, 1, 2, 3, 4, 5, 6, 7);
    const v8i16 q1 = __builtin_shufflevector(p1, p1, 0, 1, 2, 3, 4, 5, 6, 7);
    const v8i16 q2 = __builtin_shufflevector(p0, p0, 8, 9, 10, 11, 12, 13, 14, 15);
    const v8i16 q3 = __builtin_shufflevector(p1, p1, 8, 9, 10, 11, 12, 13, 14, 15);
    memcpy(out, &q0, sizeof(q0));
    memcpy(out + 6, &q1, sizeof(q1));
    memcpy(out + 12, &q2, sizeof(q2));
    if (more)
        memcpy(out + 18, &q3, sizeof(q3));
    else
        memcpy(out + 18, &q3, 12);
}
#endif

INLINE_IN_HOT_LOOP void cloud_store(const int32_t *restrict xs, const int32_t *restrict ys, const int32_t *restrict zs,
                                    int16_t *restrict o, int n)
{
    int x = 0;
#ifdef CLOUD_SHUFFLES
    for (; x + 16 <= n; x += 16)
    {
        cloud_store8(xs + x, ys + x, zs + x, o + 3 * x, 1);
        cloud_store8(xs + x + 8, ys + x + 8, zs + x + 8, o + 3 * x + 24, x + 16 < n);
    }
#endif
    for (; x < n; x++)
    {
        o[3 * x + 0] = (int16_t)xs[x];
        o[3 * x + 1] = (int16_t)ys[x];
        o[3 * x + 2] = (int16_t)zs[x];
    }
}

/* One run of a row: x, y, z into three arrays (vectorised), then interleaved into the output. */
INLINE_IN_HOT_LOOP void cloud_run(const uint16_t *restrict d, const float *restrict tx, const float *restrict ty,
                                  int16_t *restrict o, int n)
{
    int32_t xs[CHUNK], ys[CHUNK], zs[CHUNK];
    for (int x = 0; x < n; x++)
    {
        const float df = (float)d[x];
        float fx = tx[x] * df, fy = ty[x] * df;
        /* all ones, or 0 where the table has no entry (NaN): the point is then (0, 0, 0); no depth
         * gives 0 * table = 0 anyway */
        const int32_t keep = -(int32_t)(fx == fx);
        /* millimetres as int16, rounded half to even (rintf in the default rounding mode), and
         * saturated (depths above 32767 mm do not occur in practice); the comparisons are written
         * so that NaN becomes -32768 too, since converting NaN to an integer is undefined behaviour
         * (keep zeroes it afterwards) */
        fx = fx > -32768.f ? fx : -32768.f;
        fx = fx < 32767.f ? fx : 32767.f;
        fy = fy > -32768.f ? fy : -32768.f;
        fy = fy < 32767.f ? fy : 32767.f;
        const int32_t z = d[x] > 32767 ? 32767 : d[x];
        xs[x] = round_to_int(fx) & keep;
        ys[x] = round_to_int(fy) & keep;
        zs[x] = z & keep;
    }
    cloud_store(xs, ys, zs, o, n);
}

/* The same for a bounded table (table_t.bounded), with fewer instructions: |product| <= 32768 *
 * 65535 < 2^31, so NaN replaced by 0 converts to int32 without a float clamp and the saturation
 * is done on the integers (the same results: rounding and clamping to integer bounds commute). */
INLINE_IN_HOT_LOOP void cloud_run_bounded(const uint16_t *restrict d, const float *restrict tx,
                                          const float *restrict ty, int16_t *restrict o, int n)
{
    int32_t xs[CHUNK], ys[CHUNK], zs[CHUNK];
    for (int x = 0; x < n; x++)
    {
        const float df = (float)d[x];
        float fx = tx[x] * df, fy = ty[x] * df;
        const int keep = fx == fx; /* x and y are NaN together in a bounded table */
        /* NaN to 0 by a mask on the bits (a select would let the compiler turn ty's load into a
         * slow masked load) */
        const uint32_t mask = 0u - (uint32_t)keep;
        uint32_t bx, by;
        memcpy(&bx, &fx, sizeof(bx));
        memcpy(&by, &fy, sizeof(by));
        bx &= mask;
        by &= mask;
        memcpy(&fx, &bx, sizeof(fx));
        memcpy(&fy, &by, sizeof(fy));
        int32_t ix = round_to_int(fx), iy = round_to_int(fy);
        ix = ix < -32768 ? -32768 : ix > 32767 ? 32767 : ix;
        iy = iy < -32768 ? -32768 : iy > 32767 ? 32767 : iy;
        const int32_t z = (int32_t)d[x];
        xs[x] = ix;
        ys[x] = iy;
        zs[x] = (z < 32767 ? z : 32767) & (int32_t)mask; /* (in 32 bits: no packing) */
    }
    cloud_store(xs, ys, zs, o, n);
}

HOT_LOOP static void cloud_rows(void *context, int begin, int end)
{
    const cloud_job_t *job = context;
    const int w = job->width;
    for (int y = begin; y < end; y++)
        for (int x = 0; x < w; x += CHUNK)
        {
            size_t offset = (size_t)y * (size_t)w + (size_t)x;
            const int n = w - x < CHUNK ? w - x : CHUNK;
            if (job->table->bounded)
                cloud_run_bounded(job->depth + offset, job->table->x + offset, job->table->y + offset,
                                  job->out + 3 * offset, n);
            else
                cloud_run(job->depth + offset, job->table->x + offset, job->table->y + offset, job->out + 3 * offset,
                          n);
        }
}

void k4a4j_transformation_point_cloud(transformation_t *t, const table_t *table, const uint16_t *depth, int16_t *out,
                                      int w, int h)
{
    cloud_job_t job = { table, depth, out, w };
    k4a4j_threadpool_run(t->pool, h, claim_rows(w), cloud_rows, &job);
}
