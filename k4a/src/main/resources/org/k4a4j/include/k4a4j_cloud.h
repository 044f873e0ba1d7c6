/*
 * k4a4j_cloud.h: the compaction of a coloured point cloud, the one loop of org.k4a4j.opencv.ColoredPointCloud
 * that runs in C. It is compiled into the JNI library (jnik4a, through org.k4a4j.internal.CloudCompaction),
 * not into libk4a: libk4a exports exactly the k4a 1.4 API, and the Java layer must work on any libk4a 1.4
 * (the vendor's too), so helpers of the bindings live beside the bindings, as Bytedeco's presets keep theirs
 * (e.g. opencv_adapters.h).
 *
 * Limits: it trusts its arguments. The Java caller has checked them (formats, sizes, strides, that the
 * buffers hold every row, that the point cloud's rows start at even addresses, that the outputs have room
 * for `capacity` points) before the call; the capacity is
 * still honoured here, so no call writes past it. Plain C that compiles as C and C++ (JavaCPP compiles the
 * JNI code as C++) on every platform; one thread.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_CLOUD_H
#define K4A4J_CLOUD_H

#include <stdint.h>
#include <string.h>

/* Writes the point of pixel q (x, y, z as int16) and the first three bytes of its BGRA colour c at o and b. */
static inline void k4a4j_cloud_point(const int16_t *q, const uint8_t *c, float *o, uint8_t *b)
{
    o[0] = (float)q[0];
    o[1] = (float)q[1];
    o[2] = (float)q[2];
    memcpy(b, c, 3);
}

/*
 * One pass over a point-cloud image (x, y, z as int16 per pixel, e.g. from
 * k4a_transformation_depth_image_to_point_cloud) and a BGRA32 image of the same size (the colour image seen
 * by the depth camera): writes x, y, z as floats to xyz and blue, green, red to bgr for every pixel with
 * z != 0, in row-major order, at most `capacity` points. Returns the number of points written.
 *
 * A depth frame has long runs of valid and of invalid pixels (some thousands of changes in 368 640 pixels),
 * so rows are read eight pixels at a time, their eight z without a branch per pixel: a block of eight valid
 * pixels is converted whole (24 int16 to float, a fixed-size loop the compiler unrolls and vectorises; the
 * colours copied four bytes at a time, each copy's fourth byte overwritten by the next pixel's, the last
 * three), a block of none is skipped, and only mixed blocks, the rows' last pixels and the points near
 * `capacity` go pixel by pixel. No write reaches past point `capacity`. `points` and `points_stride` must be
 * even (rows of int16, read as such).
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
        int32_t x = 0;
        for (; x + 8 <= width && capacity - n >= 8; x += 8)
        {
            const int16_t *q = p + 3 * (size_t)x;
            const uint8_t *cq = c + 4 * (size_t)x;
            if ((q[2] | q[5] | q[8] | q[11] | q[14] | q[17] | q[20] | q[23]) == 0)
                continue;
            float *o = xyz + 3 * (size_t)n;
            uint8_t *b = bgr + 3 * (size_t)n;
            if ((q[2] != 0) & (q[5] != 0) & (q[8] != 0) & (q[11] != 0) & (q[14] != 0) & (q[17] != 0) &
                (q[20] != 0) & (q[23] != 0))
            {
                for (int k = 0; k < 24; k++)
                    o[k] = (float)q[k];
                for (int k = 0; k < 7; k++)
                    memcpy(b + 3 * k, cq + 4 * k, 4);
                memcpy(b + 21, cq + 28, 3);
                n += 8;
                continue;
            }
            for (int k = 0; k < 8; k++)
            {
                if (q[3 * k + 2] != 0)
                {
                    k4a4j_cloud_point(q + 3 * k, cq + 4 * k, xyz + 3 * (size_t)n, bgr + 3 * (size_t)n);
                    n++;
                }
            }
        }
        for (; x < width && n < capacity; x++)
        {
            if (p[3 * (size_t)x + 2] != 0)
            {
                k4a4j_cloud_point(p + 3 * (size_t)x, c + 4 * (size_t)x, xyz + 3 * (size_t)n, bgr + 3 * (size_t)n);
                n++;
            }
        }
    }
    return n;
}

#endif /* K4A4J_CLOUD_H */
