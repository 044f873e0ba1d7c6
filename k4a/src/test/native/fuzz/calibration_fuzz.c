/*
 * libFuzzer target: any bytes as a device's raw calibration (k4a_calibration_get_from_raw) for any
 * depth mode and colour resolution, valid or not, and when that succeeds the calibration used by
 * every point conversion of k4a.h. Truncated text, huge numbers, NaN, deep nesting, wrong types and
 * missing cameras must all fail with a message, never crash, leak or hang.
 *
 * Input: byte 0 the depth mode (mod 7: six modes and one invalid), byte 1 the colour resolution
 * (mod 8: seven and one invalid), byte 2 bit 0 whether a NUL is appended (without one the reader
 * must refuse the text), bytes 3.. the text. The text is copied into a buffer of its exact size so
 * that AddressSanitizer sees any read past it.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "fuzz_common.h"
#include <k4a/k4a.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every conversion between every pair of cameras, for a few points; results are not checked
 * (a calibration read from arbitrary numbers may map anything anywhere) beyond being produced
 * without a crash, and the valid flag being 0 or 1. */
static void convert(const k4a_calibration_t *calibration)
{
    static const k4a_float2_t points2[] = {
        { { 0.0f, 0.0f } }, { { 160.5f, 144.25f } }, { { -1e30f, 1e30f } }, { { 4095.0f, 3071.0f } }
    };
    static const k4a_float3_t points3[] = { { { 0.0f, 0.0f, 1000.0f } },
                                            { { -200.0f, 150.0f, 500.0f } },
                                            { { 0.0f, 0.0f, 0.0f } },
                                            { { 1e30f, -1e30f, 1e-30f } } };
    for (int s = K4A_CALIBRATION_TYPE_DEPTH; s <= K4A_CALIBRATION_TYPE_ACCEL; s++)
        for (int t = K4A_CALIBRATION_TYPE_DEPTH; t <= K4A_CALIBRATION_TYPE_ACCEL; t++)
            for (size_t i = 0; i < 4; i++)
            {
                k4a_float2_t p2;
                k4a_float3_t p3;
                int valid = -1;
                k4a_calibration_3d_to_3d(calibration, &points3[i], s, t, &p3);
                if (k4a_calibration_3d_to_2d(calibration, &points3[i], s, t, &p2, &valid) == K4A_RESULT_SUCCEEDED &&
                    valid != 0 && valid != 1)
                    abort();
                valid = -1;
                if (k4a_calibration_2d_to_3d(calibration, &points2[i], 1000.0f, s, t, &p3, &valid) ==
                        K4A_RESULT_SUCCEEDED &&
                    valid != 0 && valid != 1)
                    abort();
                k4a_calibration_2d_to_2d(calibration, &points2[i], 800.0f, s, t, &p2, &valid);
            }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_log_to(fuzz_silence);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    k4a_depth_mode_t depth_mode = (k4a_depth_mode_t)(data[0] % 7);
    k4a_color_resolution_t color_resolution = (k4a_color_resolution_t)(data[1] % 8);
    int terminate = data[2] & 1;
    size_t length = size - 3;
    char *text = malloc(length + (size_t)terminate + 1); /* + 1: malloc(0) */
    if (text == NULL)
        return 0;
    memcpy(text, data + 3, length);
    if (terminate)
        text[length] = '\0';
    k4a_calibration_t calibration;
    if (k4a_calibration_get_from_raw(text, length + (size_t)terminate, depth_mode, color_resolution, &calibration) ==
        K4A_RESULT_SUCCEEDED)
        convert(&calibration);
    free(text);
    return 0;
}
