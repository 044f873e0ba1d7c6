/*
 * The unprojection tables of a transformation handle (for every pixel centre of a camera, the point
 * of the unit plane it sees, NaN where the lens model cannot unproject it: the depth camera's at
 * create time, the colour camera's on first use), and the point clouds made from them: one
 * multiplication per coordinate, rounded to int16 millimetres.
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
    k4a4j_threadpool_run(t->pool, lens->height, band_rows(t, lens->height), table_rows, &job);
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

/* Interleaves a run's x, y, z arrays into the output. Where the compiler has vector shuffles
 * (__builtin_shufflevector: GCC 12, clang) 16 pixels at a time with in-lane unpacks (x y z 0 per
 * pixel, two pixels per 16 bytes) and one byte shuffle per pair that drops the zeros; the 12
 * bytes of each pair are stored with 16-byte stores that overlap the next pair's (written after
 * it), the last pair of a group with 12 bytes, so nothing is written beyond the run. The plain
 * loop (GCC vectorises it with lane-crossing permutes, twice the instructions) does the rest. */
#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define CLOUD_SHUFFLES 1
#endif
#endif
#ifdef CLOUD_SHUFFLES
typedef int16_t v16i16 __attribute__((vector_size(32)));
typedef int16_t v8i16 __attribute__((vector_size(16)));
INLINE_IN_HOT_LOOP v8i16 low_half(v16i16 v)
{
    return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
}
INLINE_IN_HOT_LOOP v8i16 high_half(v16i16 v)
{
    return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
}
#endif

INLINE_IN_HOT_LOOP void cloud_store(const int16_t *restrict xs, const int16_t *restrict ys, const int16_t *restrict zs,
                                    int16_t *restrict o, int n)
{
    int x = 0;
#ifdef CLOUD_SHUFFLES
    const v16i16 zero = { 0 };
    for (; x + 16 <= n; x += 16)
    {
        v16i16 vx, vy, vz;
        memcpy(&vx, xs + x, sizeof(vx));
        memcpy(&vy, ys + x, sizeof(vy));
        memcpy(&vz, zs + x, sizeof(vz));
        /* per 128-bit lane (pixels 0-7 and 8-15): x y pairs and z 0 pairs, low and high halves */
        const v16i16 xy_lo = __builtin_shufflevector(vx, vy, 0, 16, 1, 17, 2, 18, 3, 19, 8, 24, 9, 25, 10, 26, 11, 27);
        const v16i16 xy_hi =
            __builtin_shufflevector(vx, vy, 4, 20, 5, 21, 6, 22, 7, 23, 12, 28, 13, 29, 14, 30, 15, 31);
        const v16i16 z_lo = __builtin_shufflevector(vz, zero, 0, 16, 1, 17, 2, 18, 3, 19, 8, 24, 9, 25, 10, 26, 11, 27);
        const v16i16 z_hi = __builtin_shufflevector(vz, zero, 4, 20, 5, 21, 6, 22, 7, 23, 12, 28, 13, 29, 14, 30, 15, 31);
        /* x y z 0 for two pixels per lane: pixels (0 1, 8 9), (2 3, 10 11), (4 5, 12 13), (6 7, 14 15) */
        v16i16 p[4];
        p[0] = __builtin_shufflevector(xy_lo, z_lo, 0, 1, 16, 17, 2, 3, 18, 19, 8, 9, 24, 25, 10, 11, 26, 27);
        p[1] = __builtin_shufflevector(xy_lo, z_lo, 4, 5, 20, 21, 6, 7, 22, 23, 12, 13, 28, 29, 14, 15, 30, 31);
        p[2] = __builtin_shufflevector(xy_hi, z_hi, 0, 1, 16, 17, 2, 3, 18, 19, 8, 9, 24, 25, 10, 11, 26, 27);
        p[3] = __builtin_shufflevector(xy_hi, z_hi, 4, 5, 20, 21, 6, 7, 22, 23, 12, 13, 28, 29, 14, 15, 30, 31);
        /* x y z x y z (12 bytes) and 4 bytes of no matter, per lane */
        for (int k = 0; k < 4; k++)
            p[k] = __builtin_shufflevector(p[k], p[k], 0, 1, 2, 4, 5, 6, 3, 7, 8, 9, 10, 12, 13, 14, 11, 15);
        int16_t *restrict out = o + 3 * x;
        for (int k = 0; k < 4; k++)
        {
            const v8i16 lo = low_half(p[k]);
            memcpy(out + 6 * k, &lo, sizeof(lo));
        }
        for (int k = 0; k < 3; k++)
        {
            const v8i16 hi = high_half(p[k]);
            memcpy(out + 24 + 6 * k, &hi, sizeof(hi));
        }
        const v8i16 last = high_half(p[3]);
        memcpy(out + 42, &last, 12);
    }
#endif
    for (; x < n; x++)
    {
        o[3 * x + 0] = xs[x];
        o[3 * x + 1] = ys[x];
        o[3 * x + 2] = zs[x];
    }
}

/* One run of a row: x, y, z into three arrays (vectorised), then interleaved into the output. */
INLINE_IN_HOT_LOOP void cloud_run(const uint16_t *restrict d, const float *restrict tx, const float *restrict ty,
                                  int16_t *restrict o, int n)
{
    int16_t xs[CHUNK], ys[CHUNK], zs[CHUNK];
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
        xs[x] = (int16_t)(round_to_int(fx) & keep);
        ys[x] = (int16_t)(round_to_int(fy) & keep);
        zs[x] = (int16_t)(z & keep);
    }
    cloud_store(xs, ys, zs, o, n);
}

/* The same for a bounded table (table_t.bounded), with fewer instructions: |product| <= 32768 *
 * 65535 < 2^31, so NaN replaced by 0 converts to int32 without a float clamp and the saturation
 * is done on the integers (the same results: rounding and clamping to integer bounds commute). */
INLINE_IN_HOT_LOOP void cloud_run_bounded(const uint16_t *restrict d, const float *restrict tx,
                                          const float *restrict ty, int16_t *restrict o, int n)
{
    int16_t xs[CHUNK], ys[CHUNK], zs[CHUNK];
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
        const int32_t z = d[x] > 32767 ? 32767 : d[x];
        xs[x] = (int16_t)ix;
        ys[x] = (int16_t)iy;
        zs[x] = (int16_t)(keep ? z : 0);
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
    k4a4j_threadpool_run(t->pool, h, band_rows(t, h), cloud_rows, &job);
}
