/*
 * Captures: up to three images (colour, depth, IR) that belong together, and a temperature.
 * A capture holds its own reference to each image it contains.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/allocator.h"
#include "../common/handle.h"
#include "../common/log.h"
#include "../common/platform.h"

#include <k4a/k4a.h>

#include <math.h>

enum
{
    SLOT_COLOR,
    SLOT_DEPTH,
    SLOT_IR,
    SLOT_COUNT
};

typedef struct
{
    k4a4j_handle_header_t header;
    k4a4j_mutex_t lock; /* guards the image slots against concurrent set/get */
    k4a_image_t images[SLOT_COUNT];
    float temperature_c;
} capture_t;

static capture_t *capture_of(k4a_capture_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_CAPTURE))
        return (capture_t *)handle;
    LOG_ERROR("%s: capture_handle %s", function, handle == NULL ? "is NULL" : "is not a valid k4a_capture_t");
    return NULL;
}

k4a_result_t k4a_capture_create(k4a_capture_t *capture_handle)
{
    capture_t *capture = NULL;
    CHECK(capture_handle != NULL, "k4a_capture_create: capture_handle is NULL");
    *capture_handle = NULL;
    capture = k4a4j_object_alloc(sizeof(capture_t));
    CHECK(capture != NULL, "k4a_capture_create: no memory for the capture");
    k4a4j_handle_init(&capture->header, K4A4J_TAG_CAPTURE);
    k4a4j_mutex_init(&capture->lock);
    capture->temperature_c = NAN;
    *capture_handle = (k4a_capture_t)capture;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

void k4a_capture_reference(k4a_capture_t capture_handle)
{
    capture_t *capture = capture_of(capture_handle, "k4a_capture_reference");
    if (capture != NULL)
        k4a4j_handle_ref(&capture->header);
}

void k4a_capture_release(k4a_capture_t capture_handle)
{
    capture_t *capture = capture_of(capture_handle, "k4a_capture_release");
    if (capture == NULL || !k4a4j_handle_unref(&capture->header))
        return;
    k4a4j_handle_retire(&capture->header);
    for (int i = 0; i < SLOT_COUNT; i++)
        if (capture->images[i] != NULL)
            k4a_image_release(capture->images[i]);
    k4a4j_mutex_destroy(&capture->lock);
    k4a4j_object_free(capture);
}

static k4a_image_t get_image(k4a_capture_t capture_handle, int slot, const char *function)
{
    capture_t *capture = capture_of(capture_handle, function);
    if (capture == NULL)
        return NULL;
    k4a4j_mutex_lock(&capture->lock);
    k4a_image_t image = capture->images[slot];
    if (image != NULL)
        k4a_image_reference(image);
    k4a4j_mutex_unlock(&capture->lock);
    return image;
}

static void set_image(k4a_capture_t capture_handle, k4a_image_t image, int slot, const char *function)
{
    capture_t *capture = capture_of(capture_handle, function);
    if (capture == NULL)
        return;
    if (image != NULL && !k4a4j_handle_is(image, K4A4J_TAG_IMAGE))
    {
        LOG_ERROR("%s: image_handle is not a valid k4a_image_t; the capture is unchanged", function);
        return;
    }
    if (image != NULL)
        k4a_image_reference(image);
    k4a4j_mutex_lock(&capture->lock);
    k4a_image_t old = capture->images[slot];
    capture->images[slot] = image;
    k4a4j_mutex_unlock(&capture->lock);
    if (old != NULL)
        k4a_image_release(old);
}

k4a_image_t k4a_capture_get_color_image(k4a_capture_t capture_handle)
{
    return get_image(capture_handle, SLOT_COLOR, "k4a_capture_get_color_image");
}

k4a_image_t k4a_capture_get_depth_image(k4a_capture_t capture_handle)
{
    return get_image(capture_handle, SLOT_DEPTH, "k4a_capture_get_depth_image");
}

k4a_image_t k4a_capture_get_ir_image(k4a_capture_t capture_handle)
{
    return get_image(capture_handle, SLOT_IR, "k4a_capture_get_ir_image");
}

void k4a_capture_set_color_image(k4a_capture_t capture_handle, k4a_image_t image_handle)
{
    set_image(capture_handle, image_handle, SLOT_COLOR, "k4a_capture_set_color_image");
}

void k4a_capture_set_depth_image(k4a_capture_t capture_handle, k4a_image_t image_handle)
{
    set_image(capture_handle, image_handle, SLOT_DEPTH, "k4a_capture_set_depth_image");
}

void k4a_capture_set_ir_image(k4a_capture_t capture_handle, k4a_image_t image_handle)
{
    set_image(capture_handle, image_handle, SLOT_IR, "k4a_capture_set_ir_image");
}

void k4a_capture_set_temperature_c(k4a_capture_t capture_handle, float temperature_c)
{
    capture_t *capture = capture_of(capture_handle, "k4a_capture_set_temperature_c");
    if (capture != NULL)
        capture->temperature_c = temperature_c;
}

float k4a_capture_get_temperature_c(k4a_capture_t capture_handle)
{
    capture_t *capture = capture_of(capture_handle, "k4a_capture_get_temperature_c");
    return capture != NULL ? capture->temperature_c : NAN;
}
