/*
 * Images, captures, the allocator and the log sink of libk4a.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include <math.h>
#include <pthread.h>

static void test_create_computes_minimum_stride_and_size(void)
{
    struct
    {
        k4a_image_format_t format;
        int w, h, stride;
        size_t size;
    } cases[] = {
        { K4A_IMAGE_FORMAT_COLOR_NV12, 1280, 720, 1280, 1280 * 720 * 3 / 2 },
        { K4A_IMAGE_FORMAT_COLOR_YUY2, 1280, 720, 2560, 2560 * 720 },
        { K4A_IMAGE_FORMAT_COLOR_BGRA32, 1280, 720, 5120, 5120 * 720 },
        { K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 1280, 1280 * 576 },
        { K4A_IMAGE_FORMAT_IR16, 640, 576, 1280, 1280 * 576 },
        { K4A_IMAGE_FORMAT_CUSTOM8, 7, 3, 7, 21 },
        { K4A_IMAGE_FORMAT_CUSTOM16, 7, 3, 14, 42 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        k4a_image_t image = NULL;
        EXPECT_EQ(k4a_image_create(cases[i].format, cases[i].w, cases[i].h, 0, &image), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_image_get_stride_bytes(image), cases[i].stride);
        EXPECT_EQ(k4a_image_get_size(image), cases[i].size);
        EXPECT_EQ(k4a_image_get_width_pixels(image), cases[i].w);
        EXPECT_EQ(k4a_image_get_height_pixels(image), cases[i].h);
        EXPECT_EQ(k4a_image_get_format(image), cases[i].format);
        EXPECT_TRUE(k4a_image_get_buffer(image) != NULL);
        EXPECT_EQ((uintptr_t)k4a_image_get_buffer(image) % 64, 0);
        k4a_image_release(image);
    }
}

static void test_create_with_explicit_stride(void)
{
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 100, 10, 256, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_get_stride_bytes(image), 256);
    EXPECT_EQ(k4a_image_get_size(image), 2560);
    k4a_image_release(image);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_CUSTOM, 640, 576, 640 * 6, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_get_size(image), 640 * 6 * 576);
    k4a_image_release(image);
}

static void test_create_refuses_bad_input(void)
{
    k4a_image_t image = (k4a_image_t)0x1;
    log_capture_start();
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_MJPG, 1280, 720, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(image == NULL);
    EXPECT_TRUE(log_capture_said("MJPG"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_NV12, 1280, 721, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("odd"));
    /* YUY2 pixels come in pairs: an odd width is refused whatever the stride, an even one is fine */
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_YUY2, 1279, 720, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(image == NULL);
    EXPECT_TRUE(log_capture_said("width_pixels 1279 is odd"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_YUY2, 1279, 720, 2560, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("COLOR_YUY2"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_YUY2, 1, 2, 4, &image), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_YUY2, 2, 1, 4, &image), K4A_RESULT_SUCCEEDED);
    k4a_image_release(image);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 1279, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("stride_bytes 1279"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, -2, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("negative"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 0, 576, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("width_pixels 0"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 20001, 5, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("width_pixels 20001"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 5, -1, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("height_pixels -1"));
    EXPECT_EQ(k4a_image_create((k4a_image_format_t)42, 5, 5, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("format 42"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_CUSTOM, 5, 5, 0, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("stride_bytes must be given"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 5, 5, 0, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("image_handle is NULL"));
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_CUSTOM, 20000, 20000, 1 << 30, &image), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("exceed"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

static int destroy_calls;
static void *destroy_buffer;
static void *destroy_context;
static void count_destroy(void *buffer, void *context)
{
    destroy_calls++;
    destroy_buffer = buffer;
    destroy_context = context;
}

static void test_create_from_buffer_calls_destroy_once_at_last_release(void)
{
    static uint8_t pixels[64 * 4 * 2];
    k4a_image_t image = NULL;
    destroy_calls = 0;
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_BGRA32, 64, 2, 0, pixels, sizeof(pixels),
                                           count_destroy, (void *)0x1234, &image),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(k4a_image_get_buffer(image) == pixels);
    EXPECT_EQ(k4a_image_get_size(image), sizeof(pixels));
    EXPECT_EQ(k4a_image_get_stride_bytes(image), 256);
    k4a_image_reference(image);
    k4a_image_release(image);
    EXPECT_EQ(destroy_calls, 0);
    k4a_image_release(image);
    EXPECT_EQ(destroy_calls, 1);
    EXPECT_TRUE(destroy_buffer == pixels);
    EXPECT_TRUE(destroy_context == (void *)0x1234);
}

static void test_create_from_buffer_mjpg_and_refusals(void)
{
    static uint8_t bytes[1000];
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_MJPG, 1280, 720, 0, bytes, 1000, NULL, NULL, &image),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_get_size(image), 1000);
    EXPECT_EQ(k4a_image_get_stride_bytes(image), 0);
    k4a_image_release(image);

    log_capture_start();
    destroy_calls = 0;
    EXPECT_EQ(
        k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 0, bytes, 1000, count_destroy, NULL, &image),
        K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("buffer_size 1000 is less than the 737280 bytes"));
    EXPECT_EQ(destroy_calls, 0); /* on failure the caller keeps its buffer */
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 0, NULL, 32, NULL, NULL, &image),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("buffer is NULL"));
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_NV12, 4, 4, 4, bytes, 23, NULL, NULL, &image),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("24 bytes"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

static void test_metadata_round_trip_including_deprecated_names(void)
{
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_IR16, 4, 4, 0, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(image), 0);
    k4a_image_set_device_timestamp_usec(image, 123456789012ull);
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(image), 123456789012ull);
    EXPECT_EQ(k4a_image_get_timestamp_usec(image), 123456789012ull);
    k4a_image_set_timestamp_usec(image, 42);
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(image), 42);
    k4a_image_set_system_timestamp_nsec(image, 9876543210123ull);
    EXPECT_EQ(k4a_image_get_system_timestamp_nsec(image), 9876543210123ull);
    k4a_image_set_exposure_usec(image, 33333);
    EXPECT_EQ(k4a_image_get_exposure_usec(image), 33333);
    k4a_image_set_exposure_time_usec(image, 8000);
    EXPECT_EQ(k4a_image_get_exposure_usec(image), 8000);
    k4a_image_set_white_balance(image, 4500);
    EXPECT_EQ(k4a_image_get_white_balance(image), 4500);
    k4a_image_set_iso_speed(image, 800);
    EXPECT_EQ(k4a_image_get_iso_speed(image), 800);
    k4a_image_release(image);
}

static void test_invalid_handles_give_empty_values_and_messages(void)
{
    log_capture_start();
    EXPECT_TRUE(k4a_image_get_buffer(NULL) == NULL);
    EXPECT_TRUE(log_capture_said("k4a_image_get_buffer: image_handle is NULL"));
    EXPECT_EQ(k4a_image_get_size(NULL), 0);
    EXPECT_EQ(k4a_image_get_format(NULL), K4A_IMAGE_FORMAT_CUSTOM);
    EXPECT_EQ(k4a_image_get_width_pixels(NULL), 0);
    EXPECT_EQ(k4a_image_get_height_pixels(NULL), 0);
    EXPECT_EQ(k4a_image_get_stride_bytes(NULL), 0);
    EXPECT_EQ(k4a_image_get_iso_speed(NULL), 0);
    k4a_image_set_iso_speed(NULL, 1);
    EXPECT_TRUE(log_capture_said("k4a_image_set_iso_speed: image_handle is NULL"));
    k4a_image_release(NULL);
    EXPECT_TRUE(log_capture_said("k4a_image_release"));
    k4a_image_reference(NULL);
    EXPECT_TRUE(log_capture_said("k4a_image_reference"));

    /* a handle of the wrong kind */
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_capture_create(&capture), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_get_width_pixels((k4a_image_t)capture), 0);
    EXPECT_TRUE(log_capture_said("not a valid k4a_image_t"));
    k4a_image_t image = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 2, 2, 0, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(isnan(k4a_capture_get_temperature_c((k4a_capture_t)image)));
    EXPECT_TRUE(log_capture_said("not a valid k4a_capture_t"));
    k4a_capture_set_color_image(capture, (k4a_image_t)capture);
    EXPECT_TRUE(log_capture_said("not a valid k4a_image_t"));
    EXPECT_TRUE(k4a_capture_get_color_image(capture) == NULL);
    k4a_image_release(image);
    k4a_capture_release(capture);
    EXPECT_TRUE(k4a_capture_get_depth_image(NULL) == NULL);
    EXPECT_TRUE(log_capture_said("capture_handle is NULL"));
    EXPECT_EQ(k4a_capture_create(NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("capture_handle is NULL"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

static void test_capture_holds_its_own_references(void)
{
    k4a_capture_t capture = NULL;
    k4a_image_t color = NULL, depth = NULL, ir = NULL;
    static uint8_t pixels[4 * 4 * 2];
    destroy_calls = 0;
    EXPECT_EQ(k4a_capture_create(&capture), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(isnan(k4a_capture_get_temperature_c(capture)));
    EXPECT_TRUE(k4a_capture_get_color_image(capture) == NULL);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_COLOR_BGRA32, 4, 4, 0, &color), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 0, pixels, sizeof(pixels), count_destroy,
                                           NULL, &depth),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_IR16, 4, 4, 0, &ir), K4A_RESULT_SUCCEEDED);
    k4a_capture_set_color_image(capture, color);
    k4a_capture_set_depth_image(capture, depth);
    k4a_capture_set_ir_image(capture, ir);
    k4a_image_release(color);
    k4a_image_release(depth);
    k4a_image_release(ir);
    EXPECT_EQ(destroy_calls, 0);

    k4a_image_t got = k4a_capture_get_depth_image(capture);
    EXPECT_TRUE(got == depth);
    EXPECT_TRUE(k4a_image_get_buffer(got) == pixels);
    k4a_image_release(got);
    got = k4a_capture_get_color_image(capture);
    EXPECT_TRUE(got == color);
    k4a_image_release(got);
    got = k4a_capture_get_ir_image(capture);
    EXPECT_TRUE(got == ir);
    k4a_image_release(got);

    k4a_capture_set_temperature_c(capture, 31.5f);
    EXPECT_TRUE(k4a_capture_get_temperature_c(capture) == 31.5f);

    /* replacing drops the capture's reference to the old image */
    k4a_capture_set_depth_image(capture, NULL);
    EXPECT_EQ(destroy_calls, 1);
    EXPECT_TRUE(k4a_capture_get_depth_image(capture) == NULL);

    k4a_capture_reference(capture);
    k4a_capture_release(capture);
    k4a_capture_release(capture);
}

/* ---- allocator ------------------------------------------------------------------------------- */
static int alloc_live;
static int alloc_calls;
static uint8_t *counting_allocate(int size, void **context)
{
    alloc_calls++;
    alloc_live++;
    *context = (void *)0x5a5a;
    return malloc((size_t)size);
}
static void counting_free(void *buffer, void *context)
{
    if (context == (void *)0x5a5a)
        alloc_live--;
    free(buffer);
}

static void test_allocator_is_used_and_remembered_per_allocation(void)
{
    log_capture_start();
    EXPECT_EQ(k4a_set_allocator(counting_allocate, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("both"));
    EXPECT_EQ(k4a_set_allocator(NULL, counting_free), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("both"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);

    alloc_live = alloc_calls = 0;
    EXPECT_EQ(k4a_set_allocator(counting_allocate, counting_free), K4A_RESULT_SUCCEEDED);
    k4a_image_t image = NULL;
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 16, 16, 0, &image), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_capture_create(&capture), K4A_RESULT_SUCCEEDED);
    /* image buffers only, as in the reference: the image and capture objects come from the heap */
    EXPECT_EQ(alloc_calls, 1);
    EXPECT_EQ(alloc_live, 1);
    k4a_capture_set_depth_image(capture, image);
    k4a_image_release(image);
    /* back to the default while objects from the counting allocator are alive */
    EXPECT_EQ(k4a_set_allocator(NULL, NULL), K4A_RESULT_SUCCEEDED);
    k4a_capture_release(capture);
    EXPECT_EQ(alloc_live, 0);
}

/* ---- concurrency ----------------------------------------------------------------------------- */
static void *reference_and_release(void *arg)
{
    k4a_image_t image = (k4a_image_t)arg;
    for (int i = 0; i < 100000; i++)
    {
        k4a_image_reference(image);
        k4a_image_release(image);
    }
    return NULL;
}

static void test_reference_counts_are_thread_safe(void)
{
    static uint8_t pixels[8];
    k4a_image_t image = NULL;
    destroy_calls = 0;
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_CUSTOM8, 8, 1, 0, pixels, 8, count_destroy, NULL, &image),
              K4A_RESULT_SUCCEEDED);
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, reference_and_release, image);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    EXPECT_EQ(destroy_calls, 0);
    k4a_image_release(image);
    EXPECT_EQ(destroy_calls, 1);
}

/* ---- log sink -------------------------------------------------------------------------------- */
static void other_handler(void *c, k4a_log_level_t l, const char *f, const int n, const char *m)
{
    (void)c;
    (void)l;
    (void)f;
    (void)n;
    (void)m;
}

static void test_debug_message_handler_rules(void)
{
    EXPECT_EQ(k4a_set_debug_message_handler(log_capture_handler, NULL, K4A_LOG_LEVEL_ERROR), K4A_RESULT_SUCCEEDED);
    /* the same handler may change its level; another one is refused until the first is cleared */
    EXPECT_EQ(k4a_set_debug_message_handler(log_capture_handler, NULL, K4A_LOG_LEVEL_TRACE), K4A_RESULT_SUCCEEDED);
    log_capture_errors = 0;
    EXPECT_EQ(k4a_set_debug_message_handler(other_handler, NULL, K4A_LOG_LEVEL_ERROR), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("another handler"));
    EXPECT_EQ(k4a_set_debug_message_handler(log_capture_handler, NULL, (k4a_log_level_t)9), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("min_level 9"));
    EXPECT_EQ(k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF), K4A_RESULT_SUCCEEDED);
    log_capture_errors = 0;
    k4a_image_release(NULL); /* logs, but no handler is set now */
    EXPECT_EQ(log_capture_errors, 0);
    EXPECT_EQ(k4a_set_debug_message_handler(other_handler, NULL, K4A_LOG_LEVEL_ERROR), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF), K4A_RESULT_SUCCEEDED);
}

static void test_no_devices(void)
{
    k4a_device_t device = (k4a_device_t)0x1;
    EXPECT_EQ(k4a_device_get_installed_count(), 0);
    log_capture_start();
    EXPECT_EQ(k4a_device_open(0, &device), K4A_RESULT_FAILED);
    EXPECT_TRUE(device == NULL);
    EXPECT_TRUE(log_capture_said("no device at index 0"));
    EXPECT_EQ(k4a_device_get_capture(NULL, NULL, 0), K4A_WAIT_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("device_handle is NULL"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

int main(void)
{
    RUN(test_create_computes_minimum_stride_and_size);
    RUN(test_create_with_explicit_stride);
    RUN(test_create_refuses_bad_input);
    RUN(test_create_from_buffer_calls_destroy_once_at_last_release);
    RUN(test_create_from_buffer_mjpg_and_refusals);
    RUN(test_metadata_round_trip_including_deprecated_names);
    RUN(test_invalid_handles_give_empty_values_and_messages);
    RUN(test_capture_holds_its_own_references);
    RUN(test_allocator_is_used_and_remembered_per_allocation);
    RUN(test_reference_counts_are_thread_safe);
    RUN(test_debug_message_handler_rules);
    RUN(test_no_devices);
    return check_summary();
}
