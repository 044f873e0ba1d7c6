/*
 * k4a4j_cloud.h: the compaction of a coloured point cloud, the one loop of org.k4a4j.opencv.ColoredPointCloud
 * that runs in C. It is compiled into the JNI library (jnik4a, through org.k4a4j.internal.CloudCompaction),
 * not into libk4a: libk4a exports exactly the k4a 1.4 API, and the Java layer must work on any libk4a 1.4
 * (the vendor's too), so helpers of the bindings live beside the bindings, as Bytedeco's presets keep theirs
 * (e.g. opencv_adapters.h).
 *
 * Limits: it trusts its arguments. The Java caller has checked them (formats, sizes, strides, that the
 * buffers hold every row, that the outputs have room for `capacity` points) before the call; the capacity is
 * still honoured here, so no call writes past it. Plain C that compiles as C and C++ (JavaCPP compiles the
 * JNI code as C++) on every platform; one thread.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_CLOUD_H
#define K4A4J_CLOUD_H

#include <stdint.h>
#include <string.h>

#define K4A4J_RESTRICT __restrict

/*
 * One run of `len` valid pixels: x, y, z from int16 to float (a plain loop over 3 x len values, which the
 * compiler vectorises) and the first three bytes of each BGRA pixel. The colours are copied four bytes at a
 * time, each copy's fourth byte overwritten by the next pixel's, and the last pixel three bytes: nothing is
 * written past the run.
 */
static inline void k4a4j_cloud_run(const int16_t *K4A4J_RESTRICT points, const uint8_t *K4A4J_RESTRICT bgra,
                                   int32_t len, float *K4A4J_RESTRICT xyz, uint8_t *K4A4J_RESTRICT bgr)
{
    for (int32_t i = 0; i < 3 * len; i++)
        xyz[i] = (float)points[i];
    int32_t i = 0;
    for (; i + 1 < len; i++)
        memcpy(bgr + 3 * (size_t)i, bgra + 4 * (size_t)i, 4);
    if (i < len)
        memcpy(bgr + 3 * (size_t)i, bgra + 4 * (size_t)i, 3);
}

/* Writes the run of valid pixels [start, end) of a row at point n, at most up to `capacity`; returns the new n. */
static inline int32_t k4a4j_cloud_emit(const int16_t *row, const uint8_t *bgra_row, int32_t start, int32_t end,
                                       float *xyz, uint8_t *bgr, int32_t n, int32_t capacity)
{
    int32_t len = end - start < capacity - n ? end - start : capacity - n;
    k4a4j_cloud_run(row + 3 * (size_t)start, bgra_row + 4 * (size_t)start, len, xyz + 3 * (size_t)n,
                    bgr + 3 * (size_t)n);
    return n + len;
}

/*
 * One pass over a point-cloud image (x, y, z as int16 per pixel, e.g. from
 * k4a_transformation_depth_image_to_point_cloud) and a BGRA32 image of the same size (the colour image seen
 * by the depth camera): writes x, y, z as floats to xyz and blue, green, red to bgr for every pixel with
 * z != 0, in row-major order, at most `capacity` points. Returns the number of points written.
 *
 * A depth frame has long runs of valid and of invalid pixels (some thousands of changes in 368 640 pixels),
 * so each row is looked at eight pixels at a time (their eight z, without a branch per pixel): a block all
 * valid extends the open run, a block all invalid closes it, only mixed blocks are walked pixel by pixel; each
 * run is then converted as a block (k4a4j_cloud_run). `points_stride` must be even (rows of int16).
 */
static inline int32_t k4a4j_cloud_compact(const uint8_t *points, int32_t points_stride, const uint8_t *bgra,
                                          int32_t bgra_stride, int32_t width, int32_t height, float *xyz,
                                          uint8_t *bgr, int32_t capacity)
{
    int32_t n = 0;
    for (int32_t y = 0; y < height; y++)
    {
        const int16_t *p = (const int16_t *)(const void *)(points + (size_t)y * (size_t)points_stride);
        const uint8_t *c = bgra + (size_t)y * (size_t)bgra_stride;
        int32_t start = -1; /* the first pixel of the open run of valid pixels, -1 for none */
        int32_t x = 0;
        for (; x + 8 <= width; x += 8)
        {
            const int16_t *q = p + 3 * (size_t)x;
            int any = (q[2] | q[5] | q[8] | q[11] | q[14] | q[17] | q[20] | q[23]) != 0;
            int all = (q[2] != 0) & (q[5] != 0) & (q[8] != 0) & (q[11] != 0) & (q[14] != 0) & (q[17] != 0) &
                      (q[20] != 0) & (q[23] != 0);
            if (all)
            {
                start = start < 0 ? x : start;
                continue;
            }
            if (!any)
            {
                if (start >= 0)
                    n = k4a4j_cloud_emit(p, c, start, x, xyz, bgr, n, capacity);
                start = -1;
                continue;
            }
            for (int32_t k = x; k < x + 8; k++)
            {
                if (p[3 * (size_t)k + 2] != 0)
                    start = start < 0 ? k : start;
                else if (start >= 0)
                {
                    n = k4a4j_cloud_emit(p, c, start, k, xyz, bgr, n, capacity);
                    start = -1;
                }
            }
        }
        for (; x < width; x++)
        {
            if (p[3 * (size_t)x + 2] != 0)
                start = start < 0 ? x : start;
            else if (start >= 0)
            {
                n = k4a4j_cloud_emit(p, c, start, x, xyz, bgr, n, capacity);
                start = -1;
            }
        }
        if (start >= 0)
            n = k4a4j_cloud_emit(p, c, start, width, xyz, bgr, n, capacity);
    }
    return n;
}

#endif /* K4A4J_CLOUD_H */
