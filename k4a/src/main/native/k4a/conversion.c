/*
 * The five point conversions of a calibration: between the 3D frames of the four sensors, and
 * between pixels and 3D points of the depth and colour cameras (lens.h), plus the search of the
 * depth pixel that sees a colour pixel.
 *
 * The order of the steps follows what callers of the reference observe: a conversion that fails
 * on its target camera has already written what it computed for the source camera, and `valid`
 * says whether the lens model accepted the point; NaN goes through as NaN.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include <k4a/k4a.h>

#include "../common/handle.h"
#include "../common/log.h"
#include "lens.h"

#include <math.h>
#include <string.h>

static bool is_sensor(k4a_calibration_type_t type)
{
    return type >= K4A_CALIBRATION_TYPE_DEPTH && type <= K4A_CALIBRATION_TYPE_ACCEL;
}

static bool is_camera(k4a_calibration_type_t type)
{
    return type == K4A_CALIBRATION_TYPE_DEPTH || type == K4A_CALIBRATION_TYPE_COLOR;
}

static const k4a_calibration_camera_t *camera_of(const k4a_calibration_t *calibration, k4a_calibration_type_t type)
{
    return type == K4A_CALIBRATION_TYPE_DEPTH ? &calibration->depth_camera_calibration
                                              : &calibration->color_camera_calibration;
}

static const char *camera_name(k4a_calibration_type_t type)
{
    return type == K4A_CALIBRATION_TYPE_DEPTH ? "DEPTH" : "COLOR";
}

/* The conversions' steps, shared by the public functions (which check their arguments first). */

/* Pixel p of a camera at depth_mm to a 3D point in that camera; returns the lens model's valid. */
static int unproject_point(const k4a4j_lens_t *lens, const k4a_float2_t *p, float depth_mm, float out[3])
{
    if (depth_mm == 0.f)
    {
        /* no depth: the origin, invalid */
        out[0] = out[1] = out[2] = 0.f;
        return 0;
    }
    float x, y;
    int valid = k4a4j_lens_unproject(lens, p->xy.x, p->xy.y, K4A4J_LENS_GOOD_ENOUGH, &x, &y);
    out[0] = x * depth_mm;
    out[1] = y * depth_mm;
    out[2] = depth_mm;
    return valid;
}

/* A 3D point of a camera to its pixel: behind the camera gives (0, 0), invalid; outside the lens
 * model's radius writes nothing, invalid. */
static int project_point(const k4a4j_lens_t *lens, const float p[3], k4a_float2_t *out)
{
    if (p[2] <= 0.f)
    {
        out->xy.x = 0.f;
        out->xy.y = 0.f;
        return 0;
    }
    float u, v;
    if (!k4a4j_lens_project(lens, p[0] / p[2], p[1] / p[2], &u, &v, NULL))
        return 0;
    out->xy.x = u;
    out->xy.y = v;
    return 1;
}

/* ---- 3D to 3D ------------------------------------------------------------------------------- */

k4a_result_t k4a_calibration_3d_to_3d(const k4a_calibration_t *calibration, const k4a_float3_t *source_point3d_mm,
                                      const k4a_calibration_type_t source_camera,
                                      const k4a_calibration_type_t target_camera, k4a_float3_t *target_point3d_mm)
{
    CHECK(calibration != NULL, "k4a_calibration_3d_to_3d: calibration is NULL");
    CHECK(source_point3d_mm != NULL, "k4a_calibration_3d_to_3d: source_point3d_mm is NULL");
    CHECK(target_point3d_mm != NULL, "k4a_calibration_3d_to_3d: target_point3d_mm is NULL");
    CHECK(is_sensor(source_camera), "k4a_calibration_3d_to_3d: source_camera %d is not DEPTH, COLOR, GYRO or ACCEL",
          (int)source_camera);
    CHECK(is_sensor(target_camera), "k4a_calibration_3d_to_3d: target_camera %d is not DEPTH, COLOR, GYRO or ACCEL",
          (int)target_camera);
    if (source_camera == target_camera)
    {
        /* the same frame: the point as it is (not through the stored near-identity extrinsics) */
        *target_point3d_mm = *source_point3d_mm;
    }
    else
    {
        float out[3];
        k4a4j_apply_extrinsics(&calibration->extrinsics[source_camera][target_camera], source_point3d_mm->v, out);
        target_point3d_mm->xyz.x = out[0];
        target_point3d_mm->xyz.y = out[1];
        target_point3d_mm->xyz.z = out[2];
    }
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* ---- 2D to 3D ------------------------------------------------------------------------------- */

k4a_result_t k4a_calibration_2d_to_3d(const k4a_calibration_t *calibration, const k4a_float2_t *source_point2d,
                                      const float source_depth_mm, const k4a_calibration_type_t source_camera,
                                      const k4a_calibration_type_t target_camera, k4a_float3_t *target_point3d_mm,
                                      int *valid)
{
    k4a4j_lens_t lens;
    CHECK(calibration != NULL, "k4a_calibration_2d_to_3d: calibration is NULL");
    CHECK(source_point2d != NULL, "k4a_calibration_2d_to_3d: source_point2d is NULL");
    CHECK(target_point3d_mm != NULL, "k4a_calibration_2d_to_3d: target_point3d_mm is NULL");
    CHECK(valid != NULL, "k4a_calibration_2d_to_3d: valid is NULL");
    CHECK(is_camera(source_camera), "k4a_calibration_2d_to_3d: source_camera %d is not DEPTH or COLOR",
          (int)source_camera);
    CHECK(k4a4j_lens_init(&lens, camera_of(calibration, source_camera)),
          "k4a_calibration_2d_to_3d: the %s camera's lens model %d is not supported (is the camera off?)",
          camera_name(source_camera), (int)camera_of(calibration, source_camera)->intrinsics.type);

    *valid = unproject_point(&lens, source_point2d, source_depth_mm, target_point3d_mm->v);

    if (source_camera != target_camera)
    {
        k4a_float3_t source = *target_point3d_mm;
        CHECK(k4a_calibration_3d_to_3d(calibration, &source, source_camera, target_camera, target_point3d_mm) ==
                  K4A_RESULT_SUCCEEDED,
              "k4a_calibration_2d_to_3d: target_camera %d: the point cannot be moved there", (int)target_camera);
    }
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* ---- 3D to 2D ------------------------------------------------------------------------------- */

k4a_result_t k4a_calibration_3d_to_2d(const k4a_calibration_t *calibration, const k4a_float3_t *source_point3d_mm,
                                      const k4a_calibration_type_t source_camera,
                                      const k4a_calibration_type_t target_camera, k4a_float2_t *target_point2d,
                                      int *valid)
{
    k4a4j_lens_t lens;
    k4a_float3_t p;
    CHECK(calibration != NULL, "k4a_calibration_3d_to_2d: calibration is NULL");
    CHECK(source_point3d_mm != NULL, "k4a_calibration_3d_to_2d: source_point3d_mm is NULL");
    CHECK(target_point2d != NULL, "k4a_calibration_3d_to_2d: target_point2d is NULL");
    CHECK(valid != NULL, "k4a_calibration_3d_to_2d: valid is NULL");
    CHECK(is_sensor(source_camera), "k4a_calibration_3d_to_2d: source_camera %d is not DEPTH, COLOR, GYRO or ACCEL",
          (int)source_camera);
    CHECK(is_camera(target_camera), "k4a_calibration_3d_to_2d: target_camera %d is not DEPTH or COLOR",
          (int)target_camera);
    CHECK(k4a4j_lens_init(&lens, camera_of(calibration, target_camera)),
          "k4a_calibration_3d_to_2d: the %s camera's lens model %d is not supported (is the camera off?)",
          camera_name(target_camera), (int)camera_of(calibration, target_camera)->intrinsics.type);

    if (k4a_calibration_3d_to_3d(calibration, source_point3d_mm, source_camera, target_camera, &p) !=
        K4A_RESULT_SUCCEEDED)
        goto fail; /* said why */

    *valid = project_point(&lens, p.v, target_point2d);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* ---- 2D to 2D ------------------------------------------------------------------------------- */

k4a_result_t k4a_calibration_2d_to_2d(const k4a_calibration_t *calibration, const k4a_float2_t *source_point2d,
                                      const float source_depth_mm, const k4a_calibration_type_t source_camera,
                                      const k4a_calibration_type_t target_camera, k4a_float2_t *target_point2d,
                                      int *valid)
{
    k4a4j_lens_t source_lens, target_lens;
    float p[3], q[3];
    CHECK(calibration != NULL, "k4a_calibration_2d_to_2d: calibration is NULL");
    CHECK(source_point2d != NULL, "k4a_calibration_2d_to_2d: source_point2d is NULL");
    CHECK(target_point2d != NULL, "k4a_calibration_2d_to_2d: target_point2d is NULL");
    CHECK(valid != NULL, "k4a_calibration_2d_to_2d: valid is NULL");
    if (source_camera == target_camera)
    {
        /* the same camera: the pixel itself */
        *target_point2d = *source_point2d;
        *valid = 1;
        return K4A_RESULT_SUCCEEDED;
    }
    /* unproject, move, project: the steps of 2d_to_3d and 3d_to_2d, in their order (`valid` is
     * written by the unprojection even when the target camera is then refused) */
    CHECK(is_camera(source_camera), "k4a_calibration_2d_to_2d: source_camera %d is not DEPTH or COLOR",
          (int)source_camera);
    CHECK(k4a4j_lens_init(&source_lens, camera_of(calibration, source_camera)),
          "k4a_calibration_2d_to_2d: the %s camera's lens model %d is not supported (is the camera off?)",
          camera_name(source_camera), (int)camera_of(calibration, source_camera)->intrinsics.type);
    *valid = unproject_point(&source_lens, source_point2d, source_depth_mm, p);
    CHECK(is_camera(target_camera), "k4a_calibration_2d_to_2d: target_camera %d is not DEPTH or COLOR",
          (int)target_camera);
    CHECK(k4a4j_lens_init(&target_lens, camera_of(calibration, target_camera)),
          "k4a_calibration_2d_to_2d: the %s camera's lens model %d is not supported (is the camera off?)",
          camera_name(target_camera), (int)camera_of(calibration, target_camera)->intrinsics.type);
    k4a4j_apply_extrinsics(&calibration->extrinsics[source_camera][target_camera], p, q);
    int projected = project_point(&target_lens, q, target_point2d);
    *valid = *valid && projected;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* ---- colour pixel to depth pixel ------------------------------------------------------------ */

/* The two ends of the search: the colour pixel's ray between these depths (mm). */
#define SEARCH_NEAR_MM 50.f
#define SEARCH_FAR_MM 14000.f
/* A depth pixel is accepted when its reprojection lands this close (colour pixels) to the input. */
#define SEARCH_ACCEPT_PIXELS 10.f
/* No line in a depth image of at most 1024 pixels needs more steps; this only bounds odd input. */
#define SEARCH_MAX_STEPS 65536

/* Focal lengths of the distortion-free stand-in for the depth camera in which the epipolar line is
 * walked: the nominal field of view of the mode (75°×65° narrow, 120°×120° wide and passive IR). */
static void search_pinhole(const k4a_calibration_t *calibration, float *fx, float *fy)
{
    const k4a_calibration_camera_t *depth = &calibration->depth_camera_calibration;
    bool narrow = calibration->depth_mode == K4A_DEPTH_MODE_NFOV_2X2BINNED ||
                  calibration->depth_mode == K4A_DEPTH_MODE_NFOV_UNBINNED;
    double fov_x = narrow ? 75.0 : 120.0, fov_y = narrow ? 65.0 : 120.0;
    const double half_degree = 3.14159265358979323846 / 360.0;
    *fx = (float)(0.5 / tan(fov_x * half_degree) * depth->resolution_width);
    *fy = (float)(0.5 / tan(fov_y * half_degree) * depth->resolution_height);
}

k4a_result_t k4a_calibration_color_2d_to_depth_2d(const k4a_calibration_t *calibration,
                                                  const k4a_float2_t *source_point2d, const k4a_image_t depth_image,
                                                  k4a_float2_t *target_point2d, int *valid)
{
    k4a4j_lens_t depth_lens;
    CHECK(calibration != NULL, "k4a_calibration_color_2d_to_depth_2d: calibration is NULL");
    CHECK(source_point2d != NULL, "k4a_calibration_color_2d_to_depth_2d: source_point2d is NULL");
    CHECK(target_point2d != NULL, "k4a_calibration_color_2d_to_depth_2d: target_point2d is NULL");
    CHECK(valid != NULL, "k4a_calibration_color_2d_to_depth_2d: valid is NULL");
    CHECK(depth_image != NULL, "k4a_calibration_color_2d_to_depth_2d: depth_image is NULL");
    CHECK(k4a4j_handle_is(depth_image, K4A4J_TAG_IMAGE),
          "k4a_calibration_color_2d_to_depth_2d: depth_image is not a valid k4a_image_t");
    const k4a_calibration_camera_t *depth_camera = &calibration->depth_camera_calibration;
    const k4a_calibration_camera_t *color_camera = &calibration->color_camera_calibration;
    const int w = depth_camera->resolution_width, h = depth_camera->resolution_height;
    CHECK(k4a4j_lens_init(&depth_lens, depth_camera),
          "k4a_calibration_color_2d_to_depth_2d: calibration has no depth camera (lens model %d)",
          (int)depth_camera->intrinsics.type);
    CHECK(color_camera->intrinsics.type == K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY ||
              color_camera->intrinsics.type == K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT,
          "k4a_calibration_color_2d_to_depth_2d: calibration has no colour camera (lens model %d)",
          (int)color_camera->intrinsics.type);
    k4a_image_format_t format = k4a_image_get_format(depth_image);
    CHECK(format == K4A_IMAGE_FORMAT_DEPTH16,
          "k4a_calibration_color_2d_to_depth_2d: depth_image has format %d, not DEPTH16", (int)format);
    CHECK(k4a_image_get_width_pixels(depth_image) == w && k4a_image_get_height_pixels(depth_image) == h,
          "k4a_calibration_color_2d_to_depth_2d: depth_image is %dx%d, the depth camera's mode is %dx%d",
          k4a_image_get_width_pixels(depth_image), k4a_image_get_height_pixels(depth_image), w, h);
    const int stride = k4a_image_get_stride_bytes(depth_image);
    const uint8_t *pixels = k4a_image_get_buffer(depth_image);
    CHECK(stride >= 2 * w && pixels != NULL && k4a_image_get_size(depth_image) >= (size_t)stride * (size_t)h,
          "k4a_calibration_color_2d_to_depth_2d: depth_image stride %d or size %zu does not hold %dx%d pixels", stride,
          k4a_image_get_size(depth_image), w, h);

    *valid = 0;

    /* The ray of the colour pixel, cut at the near and far depths, in the depth camera's frame. */
    k4a_float3_t near_point, far_point;
    int near_valid = 0, far_valid = 0;
    if (k4a_calibration_2d_to_3d(calibration, source_point2d, SEARCH_NEAR_MM, K4A_CALIBRATION_TYPE_COLOR,
                                 K4A_CALIBRATION_TYPE_DEPTH, &near_point, &near_valid) != K4A_RESULT_SUCCEEDED ||
        k4a_calibration_2d_to_3d(calibration, source_point2d, SEARCH_FAR_MM, K4A_CALIBRATION_TYPE_COLOR,
                                 K4A_CALIBRATION_TYPE_DEPTH, &far_point, &far_valid) != K4A_RESULT_SUCCEEDED)
        goto fail; /* said why */
    if (!near_valid || !far_valid || !(near_point.xyz.z > 0.f) || !(far_point.xyz.z > 0.f))
        return K4A_RESULT_SUCCEEDED; /* no such ray: invalid, nothing written */

    /* Its image in the pinhole stand-in (principal point at the image centre). */
    float pfx, pfy;
    search_pinhole(calibration, &pfx, &pfy);
    const float pcx = (float)w / 2.f, pcy = (float)h / 2.f;
    float sx = near_point.xyz.x / near_point.xyz.z * pfx + pcx;
    float sy = near_point.xyz.y / near_point.xyz.z * pfy + pcy;
    float ex = far_point.xyz.x / far_point.xyz.z * pfx + pcx;
    float ey = far_point.xyz.y / far_point.xyz.z * pfy + pcy;
    float dx = ex - sx, dy = ey - sy;
    if (!isfinite(dx) || !isfinite(dy))
        return K4A_RESULT_SUCCEEDED;

    /* One pixel per step along the major axis, the other coordinate by the slope. (The reference
     * steps steep lines wrongly; this walks them on the line.) */
    float step_x, step_y, length;
    if (fabsf(dx) >= fabsf(dy))
    {
        length = fabsf(dx);
        step_x = dx >= 0.f ? 1.f : -1.f;
        step_y = length > 0.f ? dy / length : 0.f;
    }
    else
    {
        length = fabsf(dy);
        step_y = dy >= 0.f ? 1.f : -1.f;
        step_x = dx / length;
    }
    int steps = length < (float)SEARCH_MAX_STEPS ? (int)length : SEARCH_MAX_STEPS;

    float best = INFINITY, best_u = 0.f, best_v = 0.f;
    float px = sx, py = sy;
    for (int i = 0; i <= steps; i++, px += step_x, py += step_y)
    {
        /* the sample's ray through the real lens */
        float du, dv;
        if (!k4a4j_lens_project(&depth_lens, (px - pcx) / pfx, (py - pcy) / pfy, &du, &dv, NULL))
            continue;
        if (!(du >= 0.f && dv >= 0.f && du < (float)w && dv < (float)h))
            continue;
        int ix = (int)floorf(du + 0.5f), iy = (int)floorf(dv + 0.5f);
        if (ix >= w || iy >= h)
            continue;
        uint16_t depth;
        memcpy(&depth, pixels + (size_t)iy * (size_t)stride + 2 * (size_t)ix, sizeof(depth));
        if (depth == 0)
            continue;

        /* where that depth pixel, at the depth it reads, lands in the colour image */
        k4a_float2_t d2 = { { du, dv } }, c2;
        int c_valid = 0;
        if (k4a_calibration_2d_to_2d(calibration, &d2, (float)depth, K4A_CALIBRATION_TYPE_DEPTH,
                                     K4A_CALIBRATION_TYPE_COLOR, &c2, &c_valid) != K4A_RESULT_SUCCEEDED)
            goto fail;
        if (!c_valid || !(c2.xy.x >= 0.f && c2.xy.y >= 0.f && c2.xy.x < (float)color_camera->resolution_width &&
                          c2.xy.y < (float)color_camera->resolution_height))
            continue;
        float distance = hypotf(c2.xy.x - source_point2d->xy.x, c2.xy.y - source_point2d->xy.y);
        if (distance < best)
        {
            best = distance;
            best_u = du;
            best_v = dv;
        }
    }
    if (best < INFINITY)
    {
        /* the closest candidate is written even when it is too far to count as valid */
        target_point2d->xy.x = best_u;
        target_point2d->xy.y = best_v;
        *valid = best < SEARCH_ACCEPT_PIXELS;
    }
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}
