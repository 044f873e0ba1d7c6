/*
 * Colour images sampled into the depth camera (k4a_transformation_color_image_to_depth_camera):
 * every depth pixel with a depth is projected into the colour camera (project_run, as for the
 * raster) and takes the colour there, interpolated bilinearly between the four neighbouring pixels;
 * pixels without a position, or whose neighbourhood leaves the image, are (0, 0, 0, 0).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_internal.h"

#include <string.h>

typedef struct
{
    projection_t projection;
    const uint8_t *color; /* BGRA, cw x ch */
    uint8_t *out;         /* BGRA, dw x dh */
} color_job_t;

/* 32-bit words of byte buffers (BGRA pixels), at any alignment. GCC and Clang are told that such
 * a word may alias the bytes, which lets them vectorise the access; elsewhere memcpy does it. */
#if defined(__GNUC__)
typedef uint32_t __attribute__((may_alias, aligned(1))) byte_word_t;
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    return ((const byte_word_t *)(const void *)bytes)[index];
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    ((byte_word_t *)(void *)bytes)[index] = value;
}
#else
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    uint32_t value;
    memcpy(&value, bytes + 4 * (size_t)index, 4);
    return value;
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    memcpy(bytes + 4 * (size_t)index, &value, 4);
}
#endif

/* One channel (the byte at shift) of the four neighbours, interpolated across then down, rounded
 * and put back at its place. */
INLINE_IN_HOT_LOOP uint32_t bilinear_channel(uint32_t p00, uint32_t p10, uint32_t p01, uint32_t p11, int shift,
                                             float ax, float ay)
{
    const float c00 = (float)((p00 >> shift) & 255u), c10 = (float)((p10 >> shift) & 255u);
    const float c01 = (float)((p01 >> shift) & 255u), c11 = (float)((p11 >> shift) & 255u);
    const float top = (1.f - ax) * c00 + ax * c10;
    const float low = (1.f - ax) * c01 + ax * c11;
    return (uint32_t)(int)((1.f - ay) * top + ay * low + 0.5f) << shift;
}

/* Samples the colour image at n positions (u, v) (z = 0: none): BGRA pixels as little-endian
 * 32-bit words. Written for the vectoriser: the four neighbours are gathered as words, the channels
 * taken apart with shifts. (A function of its own: inlined into color_rows, GCC 12 no longer
 * vectorises it.) */
HOT_LOOP static void sample_run(const uint8_t *restrict color, int cw, int ch, int n, const float *restrict u,
                                const float *restrict v, const float *restrict z, uint8_t *restrict out)
{
    const float right = (float)(cw - 1), bottom = (float)(ch - 1);
    for (int i = 0; i < n; i++)
    {
        /* a position with its 2×2 neighbourhood inside the image: 0 <= floor(u) <= cw - 2 (the
         * masks are arithmetic, and the address is clamped into the image for every lane, so that
         * the loop has no branches) */
        const int ok = (z[i] > 0.f) & (u[i] >= 0.f) & (v[i] >= 0.f) & (u[i] < right) & (v[i] < bottom);
        const float su = min2(max2(u[i], 0.f), right), sv = min2(max2(v[i], 0.f), bottom);
        const int tx = (int)su, ty = (int)sv; /* non-negative: truncation is floor */
        const int cx = tx < cw - 2 ? tx : cw - 2, cy = ty < ch - 2 ? ty : ch - 2;
        const float ax = su - (float)cx, ay = sv - (float)cy;
        const int at = cy * cw + cx; /* < 2^31: sides are at most MAX_SIDE */
        const uint32_t p00 = load_word(color, at), p10 = load_word(color, at + 1);
        const uint32_t p01 = load_word(color, at + cw), p11 = load_word(color, at + cw + 1);
        uint32_t pixel =
            bilinear_channel(p00, p10, p01, p11, 0, ax, ay) | bilinear_channel(p00, p10, p01, p11, 8, ax, ay) |
            bilinear_channel(p00, p10, p01, p11, 16, ax, ay) | bilinear_channel(p00, p10, p01, p11, 24, ax, ay);
        /* (0,0,0,0) means "no colour": a black transparent pixel becomes (1,0,0,0) */
        pixel += pixel == 0u;
        pixel &= (uint32_t)-ok;
        store_word(out, i, pixel);
    }
}

HOT_LOOP static void color_rows(void *context, int begin, int end)
{
    const color_job_t *job = context;
    const transformation_t *t = job->projection.t;
    float u[CHUNK], v[CHUNK], z[CHUNK];
    for (int y = begin; y < end; y++)
        for (int x0 = 0; x0 < t->dw; x0 += CHUNK)
        {
            int n = t->dw - x0 < CHUNK ? t->dw - x0 : CHUNK;
            project_run(&job->projection, y, x0, n, u, v, z);
            sample_run(job->color, t->cw, t->ch, n, u, v, z, job->out + 4 * ((size_t)y * (size_t)t->dw + (size_t)x0));
        }
}

void k4a4j_transformation_color_to_depth(transformation_t *t, const uint16_t *depth, const uint8_t *color, uint8_t *out)
{
    color_job_t job = { { t, depth }, color, out };
    k4a4j_threadpool_run(t->pool, t->dh, claim_rows(t->dw), color_rows, &job);
}
