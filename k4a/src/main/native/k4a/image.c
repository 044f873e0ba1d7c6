/*
 * Images: a buffer (owned, or a caller's with a destroy callback) with format, size, stride
 * and metadata, shared by reference counting.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/allocator.h"
#include "../common/handle.h"
#include "../common/image_format.h"
#include "../common/log.h"
#include "standin.h"

#include <k4a/k4a.h>

#include <limits.h>

typedef struct
{
    k4a4j_handle_header_t header;
    k4a_image_format_t format;
    int width;
    int height;
    int stride;
    uint8_t *buffer;
    size_t size;
    k4a_memory_destroy_cb_t *destroy_cb; /* NULL: nothing to free */
    void *destroy_context;
    uint64_t device_timestamp_usec;
    uint64_t system_timestamp_nsec;
    uint64_t exposure_usec;
    uint32_t white_balance;
    uint32_t iso_speed;
} image_t;

static image_t *image_of(k4a_image_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_IMAGE))
        return (image_t *)handle;
    LOG_ERROR("%s: image_handle %s", function, handle == NULL ? "is NULL" : "is not a valid k4a_image_t");
    return NULL;
}

/* Checks format, size and stride for an uncompressed image and works out the stride when 0 is given. */
static bool check_layout(const char *function, k4a_image_format_t format, int width, int height, int *stride)
{
    int pixel_bytes = k4a4j_format_pixel_bytes(format);
    CHECK(k4a4j_format_is_valid(format), "%s: format %d is not a k4a_image_format_t", function, (int)format);
    CHECK(width >= 1 && width <= K4A4J_IMAGE_MAX_SIDE, "%s: width_pixels %d is outside 1..%d", function, width,
          K4A4J_IMAGE_MAX_SIDE);
    CHECK(height >= 1 && height <= K4A4J_IMAGE_MAX_SIDE, "%s: height_pixels %d is outside 1..%d", function, height,
          K4A4J_IMAGE_MAX_SIDE);
    CHECK(*stride >= 0, "%s: stride_bytes %d is negative", function, *stride);
    CHECK(format != K4A_IMAGE_FORMAT_COLOR_NV12 || height % 2 == 0,
          "%s: height_pixels %d is odd, which NV12 (chroma at half height) does not allow", function, height);
    if (format == K4A_IMAGE_FORMAT_COLOR_MJPG)
        return true;
    CHECK(pixel_bytes > 0 || *stride > 0, "%s: stride_bytes must be given for format %s, whose pixel size is not fixed",
          function, k4a4j_format_name(format));
    if (*stride == 0)
        *stride = width * pixel_bytes;
    CHECK(*stride >= width * pixel_bytes, "%s: stride_bytes %d is less than the %d bytes of a row of %d %s pixels",
          function, *stride, width * pixel_bytes, width, k4a4j_format_name(format));
    return true;
fail:
    return false;
}

static k4a_result_t image_new(k4a_image_format_t format, int width, int height, int stride, uint8_t *buffer,
                              size_t size, k4a_memory_destroy_cb_t *destroy_cb, void *destroy_context,
                              k4a_image_t *image_handle)
{
    image_t *image = k4a4j_object_alloc(sizeof(image_t));
    if (image == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_handle_init(&image->header, K4A4J_TAG_IMAGE);
    image->format = format;
    image->width = width;
    image->height = height;
    image->stride = stride;
    image->buffer = buffer;
    image->size = size;
    image->destroy_cb = destroy_cb;
    image->destroy_context = destroy_context;
    *image_handle = (k4a_image_t)image;
    return K4A_RESULT_SUCCEEDED;
}

k4a_result_t k4a_image_create(k4a_image_format_t format, int width_pixels, int height_pixels, int stride_bytes,
                              k4a_image_t *image_handle)
{
    k4a4j_release_t release = { 0 };
    uint8_t *buffer = NULL;
    size_t size = 0;
    CHECK(image_handle != NULL, "k4a_image_create: image_handle is NULL");
    *image_handle = NULL;
    CHECK(format != K4A_IMAGE_FORMAT_COLOR_MJPG,
          "k4a_image_create: format COLOR_MJPG is compressed and has no fixed size; use k4a_image_create_from_buffer");
    /* a YUY2 macropixel is two pixels (Y0 U Y1 V), so a row holds an even number of them whatever
     * the stride (as the reference checks) */
    CHECK(format != K4A_IMAGE_FORMAT_COLOR_YUY2 || width_pixels % 2 == 0,
          "k4a_image_create: width_pixels %d is odd, which COLOR_YUY2 (two pixels per macropixel) does not allow",
          width_pixels);
    if (!check_layout("k4a_image_create", format, width_pixels, height_pixels, &stride_bytes))
        goto fail; /* check_layout said why */
    uint64_t needed = k4a4j_format_buffer_size(format, height_pixels, stride_bytes);
    CHECK(needed <= INT_MAX, "k4a_image_create: %llu bytes (height %d x stride %d) exceed the allocator's limit of %d",
          (unsigned long long)needed, height_pixels, stride_bytes, INT_MAX);
    size = (size_t)needed;
    buffer = k4a4j_buffer_alloc(size, &release);
    CHECK(buffer != NULL, "k4a_image_create: no memory for %zu bytes", size);
    CHECK(image_new(format, width_pixels, height_pixels, stride_bytes, buffer, size, release.free_cb, release.context,
                    image_handle) == K4A_RESULT_SUCCEEDED,
          "k4a_image_create: no memory for the image object");
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_buffer_free(buffer, &release);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_image_create_from_buffer(k4a_image_format_t format, int width_pixels, int height_pixels,
                                          int stride_bytes, uint8_t *buffer, size_t buffer_size,
                                          k4a_memory_destroy_cb_t *buffer_release_cb, void *buffer_release_cb_context,
                                          k4a_image_t *image_handle)
{
    CHECK(image_handle != NULL, "k4a_image_create_from_buffer: image_handle is NULL");
    *image_handle = NULL;
    CHECK(buffer != NULL, "k4a_image_create_from_buffer: buffer is NULL");
    CHECK(buffer_size > 0, "k4a_image_create_from_buffer: buffer_size is 0");
    if (!check_layout("k4a_image_create_from_buffer", format, width_pixels, height_pixels, &stride_bytes))
        goto fail; /* check_layout said why */
    if (format != K4A_IMAGE_FORMAT_COLOR_MJPG && K4A4J_CHECK_WRAPPED_BUFFER_SIZE)
    {
        uint64_t needed = k4a4j_format_buffer_size(format, height_pixels, stride_bytes);
        CHECK((uint64_t)buffer_size >= needed,
              "k4a_image_create_from_buffer: buffer_size %zu is less than the %llu bytes a %dx%d %s image with "
              "stride %d needs",
              buffer_size, (unsigned long long)needed, width_pixels, height_pixels, k4a4j_format_name(format),
              stride_bytes);
    }
    CHECK(image_new(format, width_pixels, height_pixels, stride_bytes, buffer, buffer_size, buffer_release_cb,
                    buffer_release_cb_context, image_handle) == K4A_RESULT_SUCCEEDED,
          "k4a_image_create_from_buffer: no memory for the image object");
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

void k4a_image_reference(k4a_image_t image_handle)
{
    image_t *image = image_of(image_handle, "k4a_image_reference");
    if (image != NULL)
        k4a4j_handle_ref(&image->header);
}

void k4a_image_release(k4a_image_t image_handle)
{
    image_t *image = image_of(image_handle, "k4a_image_release");
    if (image == NULL || !k4a4j_handle_unref(&image->header))
        return;
    k4a4j_handle_retire(&image->header);
    if (image->destroy_cb != NULL)
        image->destroy_cb(image->buffer, image->destroy_context);
    k4a4j_object_free(image);
}

/* Getters and setters: an invalid handle is logged and answered with the empty value. */
#define IMAGE_GETTER(type, name, field, empty)                                                                         \
    type k4a_image_get_##name(k4a_image_t image_handle)                                                                \
    {                                                                                                                  \
        image_t *image = image_of(image_handle, "k4a_image_get_" #name);                                               \
        return image != NULL ? image->field : (empty);                                                                 \
    }
#define IMAGE_SETTER(type, name, field)                                                                                \
    void k4a_image_set_##name(k4a_image_t image_handle, type value)                                                    \
    {                                                                                                                  \
        image_t *image = image_of(image_handle, "k4a_image_set_" #name);                                               \
        if (image != NULL)                                                                                             \
            image->field = value;                                                                                      \
    }

IMAGE_GETTER(uint8_t *, buffer, buffer, NULL)
IMAGE_GETTER(size_t, size, size, 0)
IMAGE_GETTER(k4a_image_format_t, format, format, K4A_IMAGE_FORMAT_CUSTOM)
IMAGE_GETTER(int, width_pixels, width, 0)
IMAGE_GETTER(int, height_pixels, height, 0)
IMAGE_GETTER(int, stride_bytes, stride, 0)
IMAGE_GETTER(uint64_t, device_timestamp_usec, device_timestamp_usec, 0)
IMAGE_GETTER(uint64_t, timestamp_usec, device_timestamp_usec, 0)
IMAGE_GETTER(uint64_t, system_timestamp_nsec, system_timestamp_nsec, 0)
IMAGE_GETTER(uint64_t, exposure_usec, exposure_usec, 0)
IMAGE_GETTER(uint32_t, white_balance, white_balance, 0)
IMAGE_GETTER(uint32_t, iso_speed, iso_speed, 0)

IMAGE_SETTER(uint64_t, device_timestamp_usec, device_timestamp_usec)
IMAGE_SETTER(uint64_t, timestamp_usec, device_timestamp_usec)
IMAGE_SETTER(uint64_t, system_timestamp_nsec, system_timestamp_nsec)
IMAGE_SETTER(uint64_t, exposure_usec, exposure_usec)
IMAGE_SETTER(uint64_t, exposure_time_usec, exposure_usec)
IMAGE_SETTER(uint32_t, white_balance, white_balance)
IMAGE_SETTER(uint32_t, iso_speed, iso_speed)
