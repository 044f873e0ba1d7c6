/*
 * libFuzzer target: image creation and stride arithmetic. k4a_image_create and
 * k4a_image_create_from_buffer get any format, width, height, stride and buffer size (small
 * values, raw 32/64-bit values and the edges in between); whatever succeeds must describe a buffer
 * that really holds height x stride bytes (computed here in 64 bits, independently of the library)
 * and is written end to end; images then go through captures and, when their size fits, through
 * every transformation function with output images of fuzzed strides. The allocator refuses more
 * than 16 MiB (and fails on request), so huge sizes exercise the failure paths without exhausting
 * memory.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "fuzz_common.h"
#include "synthetic_calibration.h"

#include <k4a/k4a.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define ALLOCATION_LIMIT (16 << 20)

/* A 32-bit value: a small one, a raw one, or one near an edge of the arithmetic. */
static int take_int(fuzz_input_t *in)
{
    static const int64_t edges[] = { 0,          -1,         1,         2,        3,     20000,      20001,
                                     65535,      65536,      46340,     46341,    32768, 0x7fffffff, -0x7fffffff - 1,
                                     0x40000000, 0x20000001, 107374183, 536870912 };
    unsigned kind = (unsigned)fuzz_take(in, 1);
    switch (kind % 4)
    {
    case 0: return (int)fuzz_take(in, 1);
    case 1: return (int)fuzz_take(in, 2);
    case 2: return (int)(uint32_t)fuzz_take(in, 4);
    default: return (int)edges[fuzz_take(in, 1) % (sizeof(edges) / sizeof(edges[0]))];
    }
}

static atomic_int g_refuse_next; /* the next allocation fails */

static uint8_t *allocate(int size, void **context)
{
    *context = NULL;
    if (size <= 0 || size > ALLOCATION_LIMIT || atomic_exchange(&g_refuse_next, 0))
        return NULL;
    return malloc((size_t)size);
}

static void release(void *buffer, void *context)
{
    (void)context;
    free(buffer);
}

static int g_released; /* calls of buffer_released */

static void buffer_released(void *buffer, void *context)
{
    (void)buffer, (void)context;
    g_released++;
}

static k4a_calibration_t g_calibration;
static k4a_transformation_t g_transformation; /* depth NFOV 2x2 binned (320x288), colour 720p */

static void initialise(void)
{
    char raw[] = K4A4J_SYNTHETIC_CALIBRATION;
    fuzz_log_to(fuzz_silence);
    if (k4a_set_allocator(allocate, release) != K4A_RESULT_SUCCEEDED ||
        k4a_calibration_get_from_raw(raw, sizeof(raw), K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_COLOR_RESOLUTION_720P,
                                     &g_calibration) != K4A_RESULT_SUCCEEDED ||
        (g_transformation = k4a_transformation_create(&g_calibration)) == NULL)
        abort();
}

static int min_stride(k4a_image_format_t format, int width)
{
    switch (format)
    {
    case K4A_IMAGE_FORMAT_COLOR_NV12:
    case K4A_IMAGE_FORMAT_CUSTOM8: return width;
    case K4A_IMAGE_FORMAT_COLOR_YUY2:
    case K4A_IMAGE_FORMAT_DEPTH16:
    case K4A_IMAGE_FORMAT_IR16:
    case K4A_IMAGE_FORMAT_CUSTOM16: return 2 * width;
    case K4A_IMAGE_FORMAT_COLOR_BGRA32: return 4 * width;
    default: return 0;
    }
}

/* Checks what a created image says about itself against what it was asked for, in 64 bits. */
static void check_image(k4a_image_t image, k4a_image_format_t format, int width, int height, int stride)
{
    uint64_t rows = (uint64_t)height + (format == K4A_IMAGE_FORMAT_COLOR_NV12 ? (uint64_t)height / 2 : 0);
    int got_stride = k4a_image_get_stride_bytes(image);
    if (k4a_image_get_format(image) != format || k4a_image_get_width_pixels(image) != width ||
        k4a_image_get_height_pixels(image) != height || width < 1 || height < 1 || got_stride < 0 ||
        (stride != 0 && got_stride != stride) || (uint64_t)got_stride < (uint64_t)min_stride(format, width) ||
        (format != K4A_IMAGE_FORMAT_COLOR_MJPG && k4a_image_get_size(image) < rows * (uint64_t)got_stride) ||
        k4a_image_get_buffer(image) == NULL)
        abort();
}

/* An image of the transformation's size for format with a stride of min + extra (extra from the
 * input, in elements of 2 bytes so that 16-bit rows stay aligned), or NULL. */
static k4a_image_t make_image(fuzz_input_t *in, k4a_image_format_t format, int width, int height)
{
    k4a_image_t image = NULL;
    int stride = min_stride(format, width) + 2 * (int)(fuzz_take(in, 1) % 8);
    if (format == K4A_IMAGE_FORMAT_CUSTOM)
        stride = 6 * width + 2 * (int)(fuzz_take(in, 1) % 8); /* a point cloud: 3 x int16 */
    if (k4a_image_create(format, width, height, stride, &image) != K4A_RESULT_SUCCEEDED)
        return NULL;
    check_image(image, format, width, height, stride);
    memset(k4a_image_get_buffer(image), (int)fuzz_take(in, 1), k4a_image_get_size(image));
    return image;
}

/* Every transformation function with images of the right sizes, fuzzed strides and, one in four
 * times, a wrong format or size. */
static void transform(fuzz_input_t *in)
{
    const k4a_calibration_camera_t *d = &g_calibration.depth_camera_calibration;
    const k4a_calibration_camera_t *c = &g_calibration.color_camera_calibration;
    unsigned wrong = (unsigned)fuzz_take(in, 1);
    int dw = d->resolution_width, dh = d->resolution_height, cw = c->resolution_width, ch = c->resolution_height;
    if (wrong % 4 == 0)
        dw += (int)(wrong >> 2) % 3 - 1, ch -= (int)(wrong >> 4) % 2;
    k4a_image_format_t custom_format = (wrong & 0x40) ? K4A_IMAGE_FORMAT_CUSTOM8 : K4A_IMAGE_FORMAT_CUSTOM16;
    k4a_image_t depth = make_image(in, K4A_IMAGE_FORMAT_DEPTH16, dw, dh);
    k4a_image_t color = make_image(in, K4A_IMAGE_FORMAT_COLOR_BGRA32, cw, ch);
    k4a_image_t custom = make_image(in, custom_format, dw, dh);
    k4a_image_t depth_in_color = make_image(in, K4A_IMAGE_FORMAT_DEPTH16, cw, ch);
    k4a_image_t custom_in_color = make_image(in, custom_format, cw, ch);
    k4a_image_t color_in_depth = make_image(in, K4A_IMAGE_FORMAT_COLOR_BGRA32, dw, dh);
    k4a_image_t cloud = make_image(in, K4A_IMAGE_FORMAT_CUSTOM, dw, dh);
    k4a_transformation_depth_image_to_color_camera(g_transformation, depth, depth_in_color);
    k4a_transformation_depth_image_to_color_camera_custom(
        g_transformation, depth, custom, depth_in_color, custom_in_color,
        (wrong & 0x80) ? K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR : K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST,
        (uint32_t)fuzz_take(in, 2));
    k4a_transformation_color_image_to_depth_camera(g_transformation, depth, color, color_in_depth);
    k4a_transformation_depth_image_to_point_cloud(g_transformation, depth, K4A_CALIBRATION_TYPE_DEPTH, cloud);
    k4a_transformation_depth_image_to_point_cloud(g_transformation, depth_in_color, K4A_CALIBRATION_TYPE_COLOR, cloud);
    k4a_float2_t point = { { (float)fuzz_take(in, 2) / 50.0f, (float)fuzz_take(in, 2) / 80.0f } }, out;
    int valid;
    k4a_calibration_color_2d_to_depth_2d(&g_calibration, &point, depth, &out, &valid);
    k4a_image_t images[] = { depth, color, custom, depth_in_color, custom_in_color, color_in_depth, cloud };
    for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    initialise();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input_t in = { data, size };
    static uint8_t small[64];
    k4a_capture_t capture = NULL;
    if (k4a_capture_create(&capture) != K4A_RESULT_SUCCEEDED)
        abort();
    for (int n = 0; n < 8 && in.size > 0; n++)
    {
        unsigned op = (unsigned)fuzz_take(&in, 1);
        k4a_image_format_t format = (k4a_image_format_t)(fuzz_take(&in, 1) % 10);
        int width = take_int(&in), height = take_int(&in), stride = take_int(&in);
        k4a_image_t image = NULL;
        atomic_store(&g_refuse_next, (op & 0x10) != 0);
        switch (op % 8)
        {
        case 0:
        case 1:
        case 2:
        case 3:
            if (k4a_image_create(format, width, height, stride, &image) == K4A_RESULT_SUCCEEDED)
            {
                if (format == K4A_IMAGE_FORMAT_COLOR_MJPG)
                    abort(); /* compressed: no size to allocate */
                check_image(image, format, width, height, stride);
                memset(k4a_image_get_buffer(image), 0x5a, k4a_image_get_size(image)); /* all of it is ours */
            }
            else if (image != NULL)
                abort();
            break;
        case 4:
        case 5:
        case 6:
        {
            /* a caller's buffer of a fuzzed claimed size: the library must only record it */
            size_t claimed = (op & 0x20) ? (size_t)fuzz_take(&in, 8) : (size_t)fuzz_take(&in, 3);
            int before = g_released;
            if (k4a_image_create_from_buffer(format, width, height, stride, small, claimed, buffer_released, NULL,
                                             &image) == K4A_RESULT_SUCCEEDED)
            {
                check_image(image, format, width, height, stride);
                if (k4a_image_get_size(image) != claimed || k4a_image_get_buffer(image) != small)
                    abort();
            }
            else if (image != NULL || g_released != before)
                abort(); /* a refused buffer stays the caller's */
            break;
        }
        default: /* slow (the images of a 720p colour camera): only as an input's first call */
            if (n == 0)
                transform(&in);
            break;
        }
        atomic_store(&g_refuse_next, 0);
        if (image != NULL)
        {
            /* the capture takes a reference; the image it replaces (ours when its buffer is
             * small) is released, and with it that buffer */
            int slot = format == K4A_IMAGE_FORMAT_DEPTH16 ? 1 : format == K4A_IMAGE_FORMAT_IR16 ? 2 : 0;
            k4a_image_t previous = slot == 1   ? k4a_capture_get_depth_image(capture)
                                   : slot == 2 ? k4a_capture_get_ir_image(capture)
                                               : k4a_capture_get_color_image(capture);
            int expected = previous != NULL && k4a_image_get_buffer(previous) == small;
            if (previous != NULL)
                k4a_image_release(previous);
            int before = g_released;
            if (slot == 1)
                k4a_capture_set_depth_image(capture, image);
            else if (slot == 2)
                k4a_capture_set_ir_image(capture, image);
            else
                k4a_capture_set_color_image(capture, image);
            k4a_image_release(image);
            if (g_released - before != expected)
                abort();
        }
    }
    int before = g_released;
    k4a_image_t held[3] = { k4a_capture_get_color_image(capture), k4a_capture_get_depth_image(capture),
                            k4a_capture_get_ir_image(capture) };
    k4a_capture_release(capture);
    for (int i = 0; i < 3; i++)
        if (held[i] != NULL)
            k4a_image_release(held[i]);
    if (g_released < before)
        abort();
    return 0;
}
