/*
 * The transformation handle and its API: create (the lens models, the thread pool), destroy, and
 * the four operations' argument checks: depth images to the colour camera (with a custom image
 * alongside), colour images to the depth camera, and point clouds of either camera. The per-pixel
 * work is in transformation_tables.c, transformation_raster.c and transformation_sample.c: plain
 * loops over rows, split into row bands that the handle's thread pool runs on all cores.
 *
 * The tables and scratch memory are made by the first operation that needs them, not by create.
 * Calls on one handle are serialised (they share its scratch memory and pool); separate handles
 * work in parallel.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_internal.h"

#include "../common/env.h"
#include "../common/image_format.h"
#include "../common/log.h"

#include <stdlib.h>
#include <string.h>

/* Largest image side the handle accepts from a calibration. */
#define MAX_SIDE 16384

/* Threads of a handle's pool (one per core, the caller included), at most. */
#define MAX_THREADS 32

static transformation_t *transformation_of(k4a_transformation_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_TRANSFORMATION))
        return (transformation_t *)handle;
    LOG_ERROR("%s: transformation_handle %s", function,
              handle == NULL ? "is NULL" : "is not a valid k4a_transformation_t");
    return NULL;
}

/* ---- create / destroy ---------------------------------------------------------------------- */

/* Threads of a new handle's pool: one per core, or K4A4J_TRANSFORMATION_THREADS (1 to MAX_THREADS,
 * read at create; for benchmarks of one thread, and applications that want the transformation to
 * keep to fewer cores). */
static int pool_threads(void)
{
    int cpus = k4a4j_cpu_count();
    int threads = cpus < MAX_THREADS ? cpus : MAX_THREADS;
    return (int)k4a4j_env_integer("K4A4J_TRANSFORMATION_THREADS", threads, 1, MAX_THREADS);
}

/* A camera the handle can work with: a supported lens model and a plausible size. */
static bool camera_usable(const k4a_calibration_camera_t *camera, k4a4j_lens_t *lens)
{
    return camera->resolution_width > 1 && camera->resolution_height > 1 && camera->resolution_width <= MAX_SIDE &&
           camera->resolution_height <= MAX_SIDE && k4a4j_lens_init(lens, camera);
}

static void transformation_free(transformation_t *t)
{
    k4a4j_threadpool_destroy(t->pool);
    k4a4j_transformation_table_free(&t->depth_table);
    k4a4j_transformation_table_free(&t->color_table);
    k4a4j_heap_free(t->proj_block);
    k4a4j_heap_free(t->draft_block);
    k4a4j_mutex_destroy(&t->lock);
    k4a4j_object_free(t);
}

k4a_transformation_t k4a_transformation_create(const k4a_calibration_t *calibration)
{
    transformation_t *t = NULL;
    CHECK(calibration != NULL, "k4a_transformation_create: calibration is NULL");
    t = k4a4j_object_alloc(sizeof(*t));
    CHECK(t != NULL, "k4a_transformation_create: no memory for the handle");
    k4a4j_mutex_init(&t->lock);
    t->calibration = *calibration;
    t->has_depth = camera_usable(&calibration->depth_camera_calibration, &t->depth_lens);
    t->has_color = camera_usable(&calibration->color_camera_calibration, &t->color_lens);
    CHECK(t->has_depth || t->has_color,
          "k4a_transformation_create: calibration has neither a depth nor a colour camera (both off or unsupported "
          "lens models)");
    t->dw = t->has_depth ? t->depth_lens.width : 0;
    t->dh = t->has_depth ? t->depth_lens.height : 0;
    t->cw = t->has_color ? t->color_lens.width : 0;
    t->ch = t->has_color ? t->color_lens.height : 0;

    t->pool = k4a4j_threadpool_create(pool_threads());
    CHECK(t->pool != NULL, "k4a_transformation_create: no memory for the thread pool");

    k4a4j_handle_init(&t->header, K4A4J_TAG_TRANSFORMATION);
    return (k4a_transformation_t)t;
fail:
    if (t != NULL)
        transformation_free(t);
    return NULL;
}

void k4a_transformation_destroy(k4a_transformation_t transformation_handle)
{
    transformation_t *t = transformation_of(transformation_handle, "k4a_transformation_destroy");
    if (t == NULL || !k4a4j_handle_unref(&t->header))
        return;
    k4a4j_handle_retire(&t->header);
    transformation_free(t);
}

/* ---- tables and scratch, made on first use --------------------------------------------------- */

/* The depth camera's unprojection table, computed by the first operation that needs it rather than
 * by create (which stays cheap: an application that only makes point clouds of one camera, or
 * creates a handle per recording, pays for what it uses). Under t->lock. */
static bool depth_table_ready(transformation_t *t, const char *function)
{
    if (t->depth_table.block == NULL)
        CHECK(k4a4j_transformation_table_compute(t, &t->depth_table, &t->depth_lens),
              "%s: no memory for the depth camera's %dx%d unprojection table", function, t->dw, t->dh);
    return true;
fail:
    return false;
}

/* The depth table and the scratch of the two operations between the cameras (each depth pixel's
 * colour-camera position and the row ranges), on first use. Under t->lock. */
static bool projection_ready(transformation_t *t, const char *function)
{
    if (!depth_table_ready(t, function))
        return false; /* depth_table_ready said why */
    if (t->proj_block == NULL)
    {
        size_t pixels = (size_t)t->dw * (size_t)t->dh;
        t->chunks = (t->dw + QUADS - 1) / QUADS;
        size_t chunk_entries = (size_t)t->chunks * (size_t)t->dh;
        /* each array is followed by PAD spare floats: the vector stage reads a little past a row */
        size_t size = (3 * (pixels + PAD) + 2 * (size_t)t->dh + 2 * chunk_entries) * sizeof(float) +
                      2 * (size_t)t->dh * sizeof(int);
        uint8_t *block = k4a4j_heap_alloc(size);
        CHECK(block != NULL, "%s: no memory for %zu bytes of scratch", function, size);
        memset(block, 0, size);
        t->proj_block = block;
        t->proj_u = (float *)(void *)t->proj_block;
        t->proj_v = t->proj_u + pixels + PAD;
        t->proj_z = t->proj_v + pixels + PAD;
        t->row_min = t->proj_z + pixels + PAD;
        t->row_max = t->row_min + t->dh;
        t->row_first = (int *)(void *)(t->row_max + t->dh);
        t->row_last = t->row_first + t->dh;
        t->chunk_min = (float *)(void *)(t->row_last + t->dh);
        t->chunk_max = t->chunk_min + chunk_entries;
    }
    return true;
fail:
    return false;
}

/* The spare colour-camera images (depth, and custom values of custom_bytes, 0 for none) for
 * drawing depth into the colour camera with more than one thread: a band that a thread switched
 * out holds up is drawn again there (transformation_raster.c). Made on first use, again when a call
 * needs more bytes a pixel. Under t->lock. */
static bool drafts_ready(transformation_t *t, int custom_bytes, const char *function)
{
    const int pixel_bytes = 2 + custom_bytes;
    if (k4a4j_threadpool_threads(t->pool) > 1 && t->draft_pixel_bytes < pixel_bytes)
    {
        size_t size = (size_t)t->cw * (size_t)t->ch * (size_t)pixel_bytes;
        k4a4j_heap_free(t->draft_block);
        t->draft_pixel_bytes = 0;
        t->draft_block = k4a4j_heap_alloc(size);
        CHECK(t->draft_block != NULL, "%s: no memory for %zu bytes of spare images", function, size);
        t->draft_pixel_bytes = pixel_bytes;
    }
    return true;
fail:
    return false;
}

/* ---- argument checks ----------------------------------------------------------------------- */

/* Checks that image is a valid image of the format (any format when format < 0), size and the
 * minimum stride for pixel_bytes per pixel, and returns its buffer. */
static uint8_t *image_pixels(const char *function, const char *argument, k4a_image_t image, int format, int width,
                             int height, int pixel_bytes)
{
    CHECK(image != NULL, "%s: %s is NULL", function, argument);
    CHECK(k4a4j_handle_is(image, K4A4J_TAG_IMAGE), "%s: %s is not a valid k4a_image_t", function, argument);
    k4a_image_format_t f = k4a_image_get_format(image);
    int w = k4a_image_get_width_pixels(image), h = k4a_image_get_height_pixels(image);
    int stride = k4a_image_get_stride_bytes(image);
    CHECK(format < 0 || (int)f == format, "%s: %s has format %s, expected %s", function, argument, k4a4j_format_name(f),
          k4a4j_format_name((k4a_image_format_t)format));
    CHECK(w == width && h == height, "%s: %s is %dx%d, expected %dx%d", function, argument, w, h, width, height);
    CHECK(stride == width * pixel_bytes,
          "%s: %s has stride_bytes %d, expected %d (%d pixels of %d bytes, rows without padding)", function, argument,
          stride, width * pixel_bytes, width, pixel_bytes);
    uint8_t *buffer = k4a_image_get_buffer(image);
    CHECK(buffer != NULL && k4a_image_get_size(image) >= (size_t)stride * (size_t)height,
          "%s: %s holds %zu bytes, fewer than its %dx%d pixels need", function, argument, k4a_image_get_size(image),
          width, height);
    return buffer;
fail:
    return NULL;
}

/* ---- the operations ------------------------------------------------------------------------ */

k4a_result_t k4a_transformation_depth_image_to_color_camera(k4a_transformation_t transformation_handle,
                                                            const k4a_image_t depth_image,
                                                            k4a_image_t transformed_depth_image)
{
    static const char function[] = "k4a_transformation_depth_image_to_color_camera";
    transformation_t *t = transformation_of(transformation_handle, function);
    if (t == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&t->lock);
    CHECK(t->has_depth && t->has_color, "%s: the calibration has no %s camera", function,
          t->has_depth ? "colour" : "depth");
    const uint8_t *depth =
        image_pixels(function, "depth_image", depth_image, K4A_IMAGE_FORMAT_DEPTH16, t->dw, t->dh, 2);
    if (depth == NULL)
        goto fail; /* image_pixels said why */
    uint8_t *out = image_pixels(function, "transformed_depth_image", transformed_depth_image, K4A_IMAGE_FORMAT_DEPTH16,
                                t->cw, t->ch, 2);
    if (out == NULL)
        goto fail; /* image_pixels said why */
    if (!projection_ready(t, function) || !drafts_ready(t, 0, function))
        goto fail; /* projection_ready or drafts_ready said why */
    draw_job_t job = { .t = t, .mode = DRAW_DEPTH, .depth_out = (uint16_t *)(void *)out };
    k4a4j_transformation_depth_to_color(t, (const uint16_t *)(const void *)depth, &job);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_transformation_depth_image_to_color_camera_custom(
    k4a_transformation_t transformation_handle, const k4a_image_t depth_image, const k4a_image_t custom_image,
    k4a_image_t transformed_depth_image, k4a_image_t transformed_custom_image,
    k4a_transformation_interpolation_type_t interpolation_type, uint32_t invalid_custom_value)
{
    static const char function[] = "k4a_transformation_depth_image_to_color_camera_custom";
    transformation_t *t = transformation_of(transformation_handle, function);
    if (t == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&t->lock);
    CHECK(t->has_depth && t->has_color, "%s: the calibration has no %s camera", function,
          t->has_depth ? "colour" : "depth");
    CHECK(interpolation_type == K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST ||
              interpolation_type == K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR,
          "%s: interpolation_type %d is not NEAREST or LINEAR", function, (int)interpolation_type);
    const uint8_t *depth =
        image_pixels(function, "depth_image", depth_image, K4A_IMAGE_FORMAT_DEPTH16, t->dw, t->dh, 2);
    if (depth == NULL)
        goto fail; /* image_pixels said why */
    CHECK(k4a4j_handle_is(custom_image, K4A4J_TAG_IMAGE), "%s: custom_image %s", function,
          custom_image == NULL ? "is NULL" : "is not a valid k4a_image_t");
    k4a_image_format_t custom_format = k4a_image_get_format(custom_image);
    CHECK(custom_format == K4A_IMAGE_FORMAT_CUSTOM8 || custom_format == K4A_IMAGE_FORMAT_CUSTOM16,
          "%s: custom_image has format %s, expected CUSTOM8 or CUSTOM16", function, k4a4j_format_name(custom_format));
    int bytes = custom_format == K4A_IMAGE_FORMAT_CUSTOM8 ? 1 : 2;
    const uint8_t *custom = image_pixels(function, "custom_image", custom_image, custom_format, t->dw, t->dh, bytes);
    if (custom == NULL)
        goto fail; /* image_pixels said why */
    uint8_t *out = image_pixels(function, "transformed_depth_image", transformed_depth_image, K4A_IMAGE_FORMAT_DEPTH16,
                                t->cw, t->ch, 2);
    if (out == NULL)
        goto fail; /* image_pixels said why */
    uint8_t *custom_out = image_pixels(function, "transformed_custom_image", transformed_custom_image, custom_format,
                                       t->cw, t->ch, bytes);
    if (custom_out == NULL)
        goto fail; /* image_pixels said why */
    if (!projection_ready(t, function) || !drafts_ready(t, bytes, function))
        goto fail; /* projection_ready or drafts_ready said why */
    draw_job_t job = {
        .t = t,
        .mode = interpolation_type == K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST ? DRAW_NEAREST : DRAW_LINEAR,
        .depth_out = (uint16_t *)(void *)out,
        .custom_in = custom,
        .custom_out = custom_out,
        .custom_bytes = bytes,
        .invalid_custom = (uint16_t)(bytes == 1 ? (uint8_t)invalid_custom_value : (uint16_t)invalid_custom_value),
    };
    k4a4j_transformation_depth_to_color(t, (const uint16_t *)(const void *)depth, &job);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_transformation_color_image_to_depth_camera(k4a_transformation_t transformation_handle,
                                                            const k4a_image_t depth_image,
                                                            const k4a_image_t color_image,
                                                            k4a_image_t transformed_color_image)
{
    static const char function[] = "k4a_transformation_color_image_to_depth_camera";
    transformation_t *t = transformation_of(transformation_handle, function);
    if (t == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&t->lock);
    CHECK(t->has_depth && t->has_color, "%s: the calibration has no %s camera", function,
          t->has_depth ? "colour" : "depth");
    const uint8_t *depth =
        image_pixels(function, "depth_image", depth_image, K4A_IMAGE_FORMAT_DEPTH16, t->dw, t->dh, 2);
    if (depth == NULL)
        goto fail; /* image_pixels said why */
    const uint8_t *color =
        image_pixels(function, "color_image", color_image, K4A_IMAGE_FORMAT_COLOR_BGRA32, t->cw, t->ch, 4);
    if (color == NULL)
        goto fail; /* image_pixels said why */
    uint8_t *out = image_pixels(function, "transformed_color_image", transformed_color_image,
                                K4A_IMAGE_FORMAT_COLOR_BGRA32, t->dw, t->dh, 4);
    if (out == NULL)
        goto fail; /* image_pixels said why */
    if (!projection_ready(t, function))
        goto fail; /* projection_ready said why */
    k4a4j_transformation_color_to_depth(t, (const uint16_t *)(const void *)depth, color, out);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_transformation_depth_image_to_point_cloud(k4a_transformation_t transformation_handle,
                                                           const k4a_image_t depth_image,
                                                           const k4a_calibration_type_t camera, k4a_image_t xyz_image)
{
    static const char function[] = "k4a_transformation_depth_image_to_point_cloud";
    transformation_t *t = transformation_of(transformation_handle, function);
    if (t == NULL)
        return K4A_RESULT_FAILED;
    k4a4j_mutex_lock(&t->lock);
    CHECK(camera == K4A_CALIBRATION_TYPE_DEPTH || camera == K4A_CALIBRATION_TYPE_COLOR,
          "%s: camera %d is not K4A_CALIBRATION_TYPE_DEPTH or K4A_CALIBRATION_TYPE_COLOR", function, (int)camera);
    bool depth_geometry = camera == K4A_CALIBRATION_TYPE_DEPTH;
    CHECK(depth_geometry ? t->has_depth : t->has_color, "%s: camera %s: the calibration has no such camera", function,
          depth_geometry ? "DEPTH" : "COLOR");
    int w = depth_geometry ? t->dw : t->cw, h = depth_geometry ? t->dh : t->ch;
    const uint8_t *depth = image_pixels(function, "depth_image", depth_image, K4A_IMAGE_FORMAT_DEPTH16, w, h, 2);
    if (depth == NULL)
        goto fail; /* image_pixels said why */
    /* three int16 per pixel; the format is not looked at, as in the reference */
    uint8_t *out = image_pixels(function, "xyz_image", xyz_image, -1, w, h, 6);
    if (out == NULL)
        goto fail; /* image_pixels said why */
    if (depth_geometry && !depth_table_ready(t, function))
        goto fail; /* depth_table_ready said why */
    if (!depth_geometry && t->color_table.block == NULL)
        CHECK(k4a4j_transformation_table_compute(t, &t->color_table, &t->color_lens),
              "%s: no memory for the colour camera's %dx%d unprojection table", function, t->cw, t->ch);
    k4a4j_transformation_point_cloud(t, depth_geometry ? &t->depth_table : &t->color_table,
                                     (const uint16_t *)(const void *)depth, (int16_t *)(void *)out, w, h);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}
