/*
 * The JNI library's compaction of coloured point clouds (k4a4j_cloud.h, compiled into jnik4a, not libk4a):
 * on random point clouds of odd widths, padded rows and runs of every length, it writes the same points as a
 * plain loop, and with a capacity below the valid pixels it writes no more than the capacity (the buffers are
 * exactly that large, so the sanitizer build catches a write past them).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include "k4a4j_cloud.h"

/* The plain loop: the first `capacity` valid pixels, in row order. */
static int32_t reference(const uint8_t *points, int stride, const uint8_t *bgra, int bgra_stride, int w, int h,
                         float *xyz, uint8_t *bgr, int32_t capacity)
{
    int32_t n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w && n < capacity; x++)
        {
            int16_t v[3];
            memcpy(v, points + (size_t)y * (size_t)stride + 6 * (size_t)x, sizeof v);
            if (v[2] == 0)
                continue;
            for (int k = 0; k < 3; k++)
            {
                xyz[3 * n + k] = (float)v[k];
                bgr[3 * n + k] = bgra[(size_t)y * (size_t)bgra_stride + 4 * (size_t)x + (size_t)k];
            }
            n++;
        }
    return n;
}

static void test_compact_equals_a_plain_loop(void)
{
    srand(3);
    int mismatches = 0;
    for (int iteration = 0; iteration < 3000; iteration++)
    {
        int w = 1 + rand() % 40, h = 1 + rand() % 6;
        int stride = 6 * w + 2 * (rand() % 3), bgra_stride = 4 * w + rand() % 5;
        uint8_t *points = malloc((size_t)stride * (size_t)h);
        uint8_t *bgra = malloc((size_t)bgra_stride * (size_t)h);
        int run = 1 + rand() % 20, valid = rand() % 2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (rand() % run == 0)
                    valid = !valid;
                int16_t v[3] = { (int16_t)(rand() % 65536 - 32768), (int16_t)(rand() % 65536 - 32768),
                                 (int16_t)(valid ? (1 + rand() % 32767) * (rand() % 2 ? 1 : -1) : 0) };
                memcpy(points + (size_t)y * (size_t)stride + 6 * (size_t)x, v, sizeof v);
            }
        for (int i = 0; i < bgra_stride * h; i++)
            bgra[i] = (uint8_t)rand();
        int32_t capacity = rand() % 3 == 0 ? w * h : rand() % (w * h + 1);
        size_t room = capacity > 0 ? (size_t)capacity : 1;
        float *xyz = malloc(12 * room), *expected_xyz = malloc(12 * room);
        uint8_t *bgr = malloc(3 * room), *expected_bgr = malloc(3 * room);
        int32_t expected = reference(points, stride, bgra, bgra_stride, w, h, expected_xyz, expected_bgr, capacity);
        int32_t n = k4a4j_cloud_compact(points, stride, bgra, bgra_stride, w, h, xyz, bgr, capacity);
        if (n != expected || memcmp(xyz, expected_xyz, 12 * (size_t)n) != 0 ||
            memcmp(bgr, expected_bgr, 3 * (size_t)n) != 0)
        {
            if (mismatches++ < 5)
                fprintf(stderr, "iteration %d (%dx%d, capacity %d): %d points, expected %d\n", iteration, w, h,
                        capacity, n, expected);
        }
        free(points);
        free(bgra);
        free(xyz);
        free(expected_xyz);
        free(bgr);
        free(expected_bgr);
    }
    EXPECT_EQ(mismatches, 0);
}

static void test_all_valid_and_none_valid(void)
{
    enum { W = 64, H = 3 };
    static uint8_t points[6 * W * H], bgra[4 * W * H], bgr[3 * W * H];
    static float xyz[3 * W * H];
    for (int i = 0; i < W * H; i++)
    {
        int16_t v[3] = { (int16_t)i, (int16_t)-i, (int16_t)(1000 + i) };
        memcpy(points + 6 * i, v, sizeof v);
        for (int k = 0; k < 4; k++)
            bgra[4 * i + k] = (uint8_t)(i + k);
    }
    EXPECT_EQ(k4a4j_cloud_compact(points, 6 * W, bgra, 4 * W, W, H, xyz, bgr, W * H), W * H);
    EXPECT_TRUE(xyz[3 * 100] == 100.0f && xyz[3 * 100 + 1] == -100.0f && xyz[3 * 100 + 2] == 1100.0f);
    EXPECT_TRUE(bgr[3 * 100] == 100 && bgr[3 * 100 + 1] == 101 && bgr[3 * 100 + 2] == 102);
    memset(points, 0, sizeof points);
    EXPECT_EQ(k4a4j_cloud_compact(points, 6 * W, bgra, 4 * W, W, H, xyz, bgr, W * H), 0);
}

int main(void)
{
    RUN(test_compact_equals_a_plain_loop);
    RUN(test_all_valid_and_none_valid);
    return check_summary();
}
