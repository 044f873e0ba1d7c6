/*
 * k4a4j_cloud.h: the compaction of a coloured point cloud, the one loop of org.k4a4j.opencv.ColoredPointCloud
 * that runs in C. It is compiled into the JNI library (jnik4a, through org.k4a4j.internal.CloudCompaction),
 * not into libk4a: libk4a exports exactly the k4a 1.4 API, and the Java layer must work on any libk4a 1.4
 * (the vendor's too), so helpers of the bindings live beside the bindings, as Bytedeco's presets keep theirs
 * (e.g. opencv_adapters.h).
 *
 * Limits: it trusts its arguments. The Java caller has checked them (formats, sizes, strides, that the
 * buffers hold every row, that the outputs have room for `capacity` points) before the call; the capacity is
 * still honoured here, so no call writes past it. C and C++ (JavaCPP compiles the JNI code as C++).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_CLOUD_H
#define K4A4J_CLOUD_H

#include <stdint.h>
#include <string.h>

/*
 * One pass over a point-cloud image (x, y, z as int16 per pixel, e.g. from
 * k4a_transformation_depth_image_to_point_cloud) and a BGRA32 image of the same size (the colour image seen
 * by the depth camera): writes x, y, z as floats to xyz and blue, green, red to bgr for every pixel with
 * z != 0, in row-major order, at most `capacity` points. Returns the number of points written.
 */
static inline int32_t k4a4j_cloud_compact(const uint8_t *points, int32_t points_stride, const uint8_t *bgra,
                                          int32_t bgra_stride, int32_t width, int32_t height, float *xyz,
                                          uint8_t *bgr, int32_t capacity)
{
    int32_t n = 0;
    for (int32_t y = 0; y < height; y++)
    {
        const uint8_t *p = points + (size_t)y * (size_t)points_stride;
        const uint8_t *c = bgra + (size_t)y * (size_t)bgra_stride;
        for (int32_t x = 0; x < width; x++, p += 6, c += 4)
        {
            int16_t v[3];
            memcpy(v, p, sizeof v); /* no alignment assumed */
            if (v[2] == 0)
                continue;
            if (n == capacity)
                return n;
            float *o = xyz + 3 * (size_t)n;
            uint8_t *b = bgr + 3 * (size_t)n;
            o[0] = (float)v[0];
            o[1] = (float)v[1];
            o[2] = (float)v[2];
            b[0] = c[0];
            b[1] = c[1];
            b[2] = c[2];
            n++;
        }
    }
    return n;
}

#endif /* K4A4J_CLOUD_H */
