/*
 * The five point conversions against the reference vectors in ../shared/testdata/conversions:
 * every grid row and special case, with the calibration taken from the manifest (so these tests do
 * not depend on k4a_calibration_get_from_raw). Outputs within 1e-3 absolute or 2e-6 relative,
 * `valid` flags, results and unwritten outputs (the sentinels) identical. For
 * k4a_calibration_color_2d_to_depth_2d, rows whose epipolar line is steep in the depth image are
 * checked for correctness instead (see the testdata README: the reference leaves such lines).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "testdata.h"

#include <math.h>

#define SET "conversions"

static json_document_t *manifest;
static float sentinel;
static int valid_sentinel;

/* ---- comparing numbers ---------------------------------------------------------------------- */

static bool close_enough(float got, float want)
{
    if (want == sentinel || got == sentinel)
        return got == want;
    if (isnan(want) || isnan(got))
        return isnan(want) && isnan(got);
    if (isinf(want) || isinf(got))
        return got == want;
    double diff = fabs((double)got - (double)want);
    return diff <= 1e-3 || diff <= 2e-6 * fabs((double)want);
}

typedef struct
{
    int rows;
    int mismatches;
    double max_abs_error; /* over finite outputs both sides wrote */
    double max_rel_error;
} stats_t;

static void note_error(stats_t *s, float got, float want)
{
    if (!isfinite(got) || !isfinite(want) || want == sentinel || got == sentinel)
        return;
    double diff = fabs((double)got - (double)want);
    if (diff > s->max_abs_error)
        s->max_abs_error = diff;
    if (want != 0 && diff / fabs((double)want) > s->max_rel_error && diff > 1e-3)
        s->max_rel_error = diff / fabs((double)want);
}

static float cell(const json_value_t *row, int column)
{
    return td_float(json_item(row, (size_t)column));
}

static int icell(const json_value_t *row, int column)
{
    return (int)json_number_or(json_item(row, (size_t)column), -12345);
}

static void report_row(const char *function, const json_value_t *row, const float *got, int n, int valid, int result)
{
    static int reported;
    if (reported++ >= 20)
        return;
    fprintf(stderr, "  mismatch %s row [", function);
    for (size_t i = 0; i < json_count(row); i++)
        fprintf(stderr, "%s%.9g", i ? ", " : "", (double)td_float(json_item(row, i)));
    fprintf(stderr, "]\n    got out (");
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s%.9g", i ? ", " : "", (double)got[i]);
    fprintf(stderr, ") valid %d result %d\n", valid, result);
}

/* Runs one table of calls of `function` and compares every row. */
static void run_table(const k4a_calibration_t *calibration, const char *function, const json_value_t *table,
                      stats_t *stats)
{
    const json_value_t *rows = json_member(table, "rows");
    int c_src = td_column(table, "source_camera"), c_dst = td_column(table, "target_camera");
    int c_x = td_column(table, "x"), c_y = td_column(table, "y"), c_z = td_column(table, "z");
    int c_d = td_column(table, "depth_mm");
    int c_ox = td_column(table, "out_x"), c_oy = td_column(table, "out_y"), c_oz = td_column(table, "out_z");
    int c_valid = td_column(table, "valid"), c_result = td_column(table, "result");
    for (size_t r = 0; r < json_count(rows); r++)
    {
        const json_value_t *row = json_item(rows, r);
        k4a_calibration_type_t src = (k4a_calibration_type_t)icell(row, c_src);
        k4a_calibration_type_t dst = (k4a_calibration_type_t)icell(row, c_dst);
        k4a_float2_t in2 = { { cell(row, c_x), cell(row, c_y) } };
        k4a_float3_t in3 = { { cell(row, c_x), cell(row, c_y), c_z >= 0 ? cell(row, c_z) : 0.f } };
        k4a_float2_t out2 = { { sentinel, sentinel } };
        k4a_float3_t out3 = { { sentinel, sentinel, sentinel } };
        int valid = valid_sentinel;
        k4a_result_t result;
        int n = 0;
        float *got;
        if (strcmp(function, "k4a_calibration_2d_to_3d") == 0)
        {
            result = k4a_calibration_2d_to_3d(calibration, &in2, cell(row, c_d), src, dst, &out3, &valid);
            got = out3.v, n = 3;
        }
        else if (strcmp(function, "k4a_calibration_3d_to_2d") == 0)
        {
            result = k4a_calibration_3d_to_2d(calibration, &in3, src, dst, &out2, &valid);
            got = out2.v, n = 2;
        }
        else if (strcmp(function, "k4a_calibration_2d_to_2d") == 0)
        {
            result = k4a_calibration_2d_to_2d(calibration, &in2, cell(row, c_d), src, dst, &out2, &valid);
            got = out2.v, n = 2;
        }
        else
        {
            result = k4a_calibration_3d_to_3d(calibration, &in3, src, dst, &out3);
            got = out3.v, n = 3;
        }
        float want[3] = { cell(row, c_ox), cell(row, c_oy), c_oz >= 0 ? cell(row, c_oz) : 0.f };
        bool same = (int)result == icell(row, c_result) && (c_valid < 0 || valid == icell(row, c_valid));
        for (int i = 0; i < n; i++)
        {
            same = same && close_enough(got[i], want[i]);
            note_error(stats, got[i], want[i]);
        }
        stats->rows++;
        if (!same)
        {
            stats->mismatches++;
            report_row(function, row, got, n, valid, (int)result);
        }
    }
}

/* True when the colour pixel's epipolar line (50 mm to 14 m) is steep (|slope| >= 1) in the depth
 * image, measured with the distortion-free stand-in of the depth camera the search walks in. */
static bool epipolar_line_is_steep(const k4a_calibration_t *calibration, const k4a_float2_t *p)
{
    k4a_float3_t a, b;
    int va = 0, vb = 0;
    k4a_calibration_2d_to_3d(calibration, p, 50.f, K4A_CALIBRATION_TYPE_COLOR, K4A_CALIBRATION_TYPE_DEPTH, &a, &va);
    k4a_calibration_2d_to_3d(calibration, p, 14000.f, K4A_CALIBRATION_TYPE_COLOR, K4A_CALIBRATION_TYPE_DEPTH, &b, &vb);
    if (!va || !vb)
        return false;
    bool narrow = calibration->depth_mode == K4A_DEPTH_MODE_NFOV_2X2BINNED ||
                  calibration->depth_mode == K4A_DEPTH_MODE_NFOV_UNBINNED;
    double fx =
        0.5 / tan((narrow ? 75.0 : 120.0) * M_PI / 360.0) * calibration->depth_camera_calibration.resolution_width;
    double fy =
        0.5 / tan((narrow ? 65.0 : 120.0) * M_PI / 360.0) * calibration->depth_camera_calibration.resolution_height;
    double dx = (b.xyz.x / b.xyz.z - a.xyz.x / a.xyz.z) * fx;
    double dy = (b.xyz.y / b.xyz.z - a.xyz.y / a.xyz.z) * fy;
    return fabs(dy) >= fabs(dx);
}

/* The depth pixel found for colour pixel p really sees it: read its depth and reproject it. */
static bool reprojects_within(const k4a_calibration_t *calibration, k4a_image_t depth, const k4a_float2_t *p,
                              const k4a_float2_t *found, float pixels)
{
    int w = k4a_image_get_width_pixels(depth), h = k4a_image_get_height_pixels(depth);
    int ix = (int)floorf(found->xy.x + 0.5f), iy = (int)floorf(found->xy.y + 0.5f);
    if (ix < 0 || iy < 0 || ix >= w || iy >= h)
        return false;
    const uint16_t *d = (const uint16_t *)(const void *)(k4a_image_get_buffer(depth) +
                                                         (size_t)iy * (size_t)k4a_image_get_stride_bytes(depth));
    k4a_float2_t back;
    int valid = 0;
    if (d[ix] == 0 || k4a_calibration_2d_to_2d(calibration, found, d[ix], K4A_CALIBRATION_TYPE_DEPTH,
                                               K4A_CALIBRATION_TYPE_COLOR, &back, &valid) != K4A_RESULT_SUCCEEDED)
        return false;
    return valid && hypotf(back.xy.x - p->xy.x, back.xy.y - p->xy.y) <= pixels;
}

static void run_color_to_depth_table(const k4a_calibration_t *calibration, const json_value_t *table, k4a_image_t depth,
                                     stats_t *stats, int *steep_rows)
{
    const json_value_t *rows = json_member(table, "rows");
    int c_x = td_column(table, "x"), c_y = td_column(table, "y"), c_ox = td_column(table, "out_x"),
        c_oy = td_column(table, "out_y"), c_valid = td_column(table, "valid"), c_result = td_column(table, "result");
    for (size_t r = 0; r < json_count(rows); r++)
    {
        const json_value_t *row = json_item(rows, r);
        k4a_float2_t in = { { cell(row, c_x), cell(row, c_y) } };
        k4a_float2_t out = { { sentinel, sentinel } };
        int valid = valid_sentinel;
        k4a_result_t result = k4a_calibration_color_2d_to_depth_2d(calibration, &in, depth, &out, &valid);
        float want[2] = { cell(row, c_ox), cell(row, c_oy) };
        stats->rows++;
        if (epipolar_line_is_steep(calibration, &in))
        {
            /* correctness instead of equality: a valid answer must really see the colour pixel */
            (*steep_rows)++;
            bool ok = (int)result == icell(row, c_result) &&
                      (valid != 1 || reprojects_within(calibration, depth, &in, &out, 10.f));
            if (!ok)
            {
                stats->mismatches++;
                report_row("k4a_calibration_color_2d_to_depth_2d (steep)", row, out.v, 2, valid, (int)result);
            }
            continue;
        }
        bool same = (int)result == icell(row, c_result) && valid == icell(row, c_valid) &&
                    close_enough(out.xy.x, want[0]) && close_enough(out.xy.y, want[1]);
        note_error(stats, out.xy.x, want[0]);
        note_error(stats, out.xy.y, want[1]);
        if (same && valid == 1)
            same = reprojects_within(calibration, depth, &in, &out, 10.f);
        if (!same)
        {
            stats->mismatches++;
            report_row("k4a_calibration_color_2d_to_depth_2d", row, out.v, 2, valid, (int)result);
        }
    }
}

static void check_color_2d_to_depth_2d(void)
{
    const json_value_t *cases = json_member(json_root(manifest), "cases");
    for (size_t c = 0; c < json_count(cases); c++)
    {
        const json_value_t *item = json_item(cases, c);
        k4a_calibration_t calibration;
        EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &calibration));
        const char *id = json_string_or(json_member(item, "calibration_id"), "?");
        for (int special = 0; special < 2; special++)
        {
            const json_value_t *tables = json_member(item, special ? "special_cases" : "functions");
            for (size_t f = 0; f < json_count(tables); f++)
            {
                const json_value_t *table = json_item(tables, f);
                if (strcmp(json_string_or(json_member(table, "function"), ""), "k4a_calibration_color_2d_to_depth_2d"))
                    continue;
                k4a_image_t depth = td_image_from_payload(SET, json_member(table, "depth_image"));
                EXPECT_TRUE(depth != NULL);
                if (depth == NULL)
                    continue;
                stats_t stats = { 0 };
                int steep = 0;
                run_color_to_depth_table(&calibration, table, depth, &stats, &steep);
                fprintf(stderr,
                        "  %-16s %-8s k4a_calibration_color_2d_to_depth_2d %3d rows (%d steep), %d mismatches, max abs "
                        "error %.3g\n",
                        id, special ? "special" : "grid", stats.rows, steep, stats.mismatches, stats.max_abs_error);
                EXPECT_TRUE(stats.rows > 0);
                EXPECT_EQ(stats.mismatches, 0);
                k4a_image_release(depth);
            }
        }
    }
}

static void check_point_conversions(void)
{
    const json_value_t *cases = json_member(json_root(manifest), "cases");
    EXPECT_EQ(json_count(cases), 2);
    for (size_t c = 0; c < json_count(cases); c++)
    {
        const json_value_t *item = json_item(cases, c);
        k4a_calibration_t calibration;
        EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &calibration));
        const char *id = json_string_or(json_member(item, "calibration_id"), "?");
        for (int special = 0; special < 2; special++)
        {
            const json_value_t *tables = json_member(item, special ? "special_cases" : "functions");
            for (size_t f = 0; f < json_count(tables); f++)
            {
                const json_value_t *table = json_item(tables, f);
                const char *function = json_string_or(json_member(table, "function"), "");
                if (strcmp(function, "k4a_calibration_color_2d_to_depth_2d") == 0)
                    continue;
                stats_t stats = { 0 };
                run_table(&calibration, function, table, &stats);
                fprintf(stderr, "  %-16s %-8s %-34s %5d rows, %d mismatches, max abs error %.3g, max rel error %.3g\n",
                        id, special ? "special" : "grid", function, stats.rows, stats.mismatches, stats.max_abs_error,
                        stats.max_rel_error);
                EXPECT_TRUE(stats.rows > 0);
                EXPECT_EQ(stats.mismatches, 0);
            }
        }
    }
}

/* The reference leaves steep epipolar lines (README); ours walks them. A calibration whose colour
 * camera sits straight below the depth camera makes every epipolar line vertical; on a flat wall
 * each colour pixel must then be found, and the depth pixel found must see it. */
static void check_steep_epipolar_lines_are_walked(void)
{
    const json_value_t *item = json_item(json_member(json_root(manifest), "cases"), 0);
    k4a_calibration_t calibration;
    EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &calibration));
    static const float identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    const float below[3] = { 0.f, -32.f, 0.f }, above[3] = { 0.f, 32.f, 0.f };
    memcpy(calibration.extrinsics[K4A_CALIBRATION_TYPE_DEPTH][K4A_CALIBRATION_TYPE_COLOR].rotation, identity,
           sizeof(identity));
    memcpy(calibration.extrinsics[K4A_CALIBRATION_TYPE_DEPTH][K4A_CALIBRATION_TYPE_COLOR].translation, below,
           sizeof(below));
    memcpy(calibration.extrinsics[K4A_CALIBRATION_TYPE_COLOR][K4A_CALIBRATION_TYPE_DEPTH].rotation, identity,
           sizeof(identity));
    memcpy(calibration.extrinsics[K4A_CALIBRATION_TYPE_COLOR][K4A_CALIBRATION_TYPE_DEPTH].translation, above,
           sizeof(above));
    calibration.color_camera_calibration.extrinsics =
        calibration.extrinsics[K4A_CALIBRATION_TYPE_DEPTH][K4A_CALIBRATION_TYPE_COLOR];

    int w = calibration.depth_camera_calibration.resolution_width,
        h = calibration.depth_camera_calibration.resolution_height;
    k4a_image_t wall = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, &wall), K4A_RESULT_SUCCEEDED);
    uint16_t *d = (uint16_t *)(void *)k4a_image_get_buffer(wall);
    for (int i = 0; i < w * h; i++)
        d[i] = 1000;
    int steep = 0, found = 0, tried = 0;
    for (float y = 200.f; y <= 520.f; y += 40.f)
        for (float x = 340.f; x <= 940.f; x += 75.f)
        {
            k4a_float2_t p = { { x, y } }, out = { { sentinel, sentinel } };
            int valid = -1;
            tried++;
            steep += epipolar_line_is_steep(&calibration, &p);
            EXPECT_EQ(k4a_calibration_color_2d_to_depth_2d(&calibration, &p, wall, &out, &valid), K4A_RESULT_SUCCEEDED);
            if (valid == 1 && reprojects_within(&calibration, wall, &p, &out, 10.f))
                found++;
            else
                fprintf(stderr, "  steep line: colour (%g, %g) -> (%g, %g) valid %d\n", (double)x, (double)y,
                        (double)out.xy.x, (double)out.xy.y, valid);
        }
    fprintf(stderr, "  steep epipolar lines: %d of %d colour pixels steep, %d found and reproject within 10 px\n",
            steep, tried, found);
    EXPECT_EQ(steep, tried);
    EXPECT_EQ(found, tried);
    k4a_image_release(wall);
}

/* No reference vectors use the Rational 6KT model (its tangential terms without the factor 2); the
 * same calibration read as 6KT must still round-trip: pixel -> 3D -> pixel within 1e-3 pixel. */
static void check_rational_6kt_round_trips(void)
{
    const json_value_t *item = json_item(json_member(json_root(manifest), "cases"), 0);
    k4a_calibration_t calibration;
    EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &calibration));
    calibration.depth_camera_calibration.intrinsics.type = K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT;
    calibration.color_camera_calibration.intrinsics.type = K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT;
    calibration.depth_camera_calibration.intrinsics.parameters.param.p1 = 0.002f; /* make the terms matter */
    calibration.depth_camera_calibration.intrinsics.parameters.param.p2 = -0.003f;
    int tried = 0, back = 0;
    double worst = 0;
    for (int camera = 0; camera < 2; camera++)
    {
        const k4a_calibration_camera_t *cam =
            camera ? &calibration.color_camera_calibration : &calibration.depth_camera_calibration;
        for (float y = 0.1f * (float)cam->resolution_height; y < 0.9f * (float)cam->resolution_height; y += 37.f)
            for (float x = 0.1f * (float)cam->resolution_width; x < 0.9f * (float)cam->resolution_width; x += 41.f)
            {
                k4a_float2_t p = { { x, y } }, q;
                k4a_float3_t p3;
                int v1 = 0, v2 = 0;
                tried++;
                if (k4a_calibration_2d_to_3d(&calibration, &p, 1234.f, (k4a_calibration_type_t)camera,
                                             (k4a_calibration_type_t)camera, &p3, &v1) != K4A_RESULT_SUCCEEDED ||
                    k4a_calibration_3d_to_2d(&calibration, &p3, (k4a_calibration_type_t)camera,
                                             (k4a_calibration_type_t)camera, &q, &v2) != K4A_RESULT_SUCCEEDED ||
                    !v1 || !v2)
                    continue;
                double e = hypot((double)q.xy.x - x, (double)q.xy.y - y);
                worst = e > worst ? e : worst;
                back += e <= 1e-3;
            }
    }
    fprintf(stderr, "  Rational 6KT: %d of %d pixels round-trip within 1e-3 px (worst %.3g px)\n", back, tried, worst);
    EXPECT_TRUE(tried > 300);
    EXPECT_EQ(back, tried);
}

static void check_bad_arguments_fail_with_a_message(void)
{
    const json_value_t *item = json_item(json_member(json_root(manifest), "cases"), 0);
    k4a_calibration_t calibration;
    EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &calibration));
    k4a_float2_t p2 = { { 10.f, 10.f } }, o2;
    k4a_float3_t p3 = { { 1.f, 2.f, 1000.f } }, o3;
    int valid = -1;
    log_capture_start();
    EXPECT_EQ(k4a_calibration_3d_to_3d(NULL, &p3, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_COLOR, &o3),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_3d_to_3d: calibration is NULL"));
    EXPECT_EQ(k4a_calibration_3d_to_3d(&calibration, NULL, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_COLOR, &o3),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("source_point3d_mm is NULL"));
    EXPECT_EQ(k4a_calibration_3d_to_3d(&calibration, &p3, K4A_CALIBRATION_TYPE_DEPTH, (k4a_calibration_type_t)9, &o3),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("target_camera 9"));
    EXPECT_EQ(k4a_calibration_2d_to_3d(&calibration, &p2, 1000.f, K4A_CALIBRATION_TYPE_GYRO, K4A_CALIBRATION_TYPE_COLOR,
                                       &o3, &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_2d_to_3d: source_camera 2"));
    EXPECT_EQ(k4a_calibration_2d_to_3d(&calibration, &p2, 1000.f, K4A_CALIBRATION_TYPE_DEPTH,
                                       K4A_CALIBRATION_TYPE_COLOR, &o3, NULL),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("valid is NULL"));
    EXPECT_EQ(k4a_calibration_3d_to_2d(&calibration, &p3, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_ACCEL, &o2,
                                       &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_3d_to_2d: target_camera 3"));
    EXPECT_EQ(k4a_calibration_2d_to_2d(&calibration, NULL, 1000.f, K4A_CALIBRATION_TYPE_DEPTH,
                                       K4A_CALIBRATION_TYPE_COLOR, &o2, &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_2d_to_2d: source_point2d is NULL"));

    /* a camera that is off (calibration of DEPTH_MODE_OFF): the conversions that need it refuse */
    k4a_calibration_t off = calibration;
    memset(&off.depth_camera_calibration, 0, sizeof(off.depth_camera_calibration));
    EXPECT_EQ(k4a_calibration_2d_to_3d(&off, &p2, 1000.f, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_DEPTH, &o3,
                                       &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("DEPTH camera's lens model 0 is not supported"));
    EXPECT_EQ(k4a_calibration_3d_to_2d(&off, &p3, K4A_CALIBRATION_TYPE_COLOR, K4A_CALIBRATION_TYPE_DEPTH, &o2, &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_3d_to_2d"));

    /* color_2d_to_depth_2d: the depth image must be a DEPTH16 image of the depth mode's size */
    int w = calibration.depth_camera_calibration.resolution_width,
        h = calibration.depth_camera_calibration.resolution_height;
    k4a_image_t ir = NULL, small = NULL;
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_IR16, w, h, 0, &ir), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, w / 2, h / 2, 0, &small), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_calibration_color_2d_to_depth_2d(&calibration, &p2, NULL, &o2, &valid), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_calibration_color_2d_to_depth_2d: depth_image is NULL"));
    EXPECT_EQ(k4a_calibration_color_2d_to_depth_2d(&calibration, &p2, ir, &o2, &valid), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not DEPTH16"));
    EXPECT_EQ(k4a_calibration_color_2d_to_depth_2d(&calibration, &p2, small, &o2, &valid), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("depth_image is 320x288"));
    EXPECT_EQ(k4a_calibration_color_2d_to_depth_2d(&calibration, &p2, (k4a_image_t)&calibration, &o2, &valid),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("depth_image is not a valid k4a_image_t"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_image_release(ir);
    k4a_image_release(small);
}

int main(void)
{
    manifest = td_load_manifest(SET);
    if (manifest == NULL)
        return 1;
    sentinel = td_float(json_member(json_root(manifest), "output_sentinel"));
    valid_sentinel = (int)json_number_or(json_member(json_root(manifest), "valid_sentinel"), -1);
    /* the special cases make failing calls on purpose: keep their messages out of the output */
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    RUN(check_point_conversions);
    RUN(check_color_2d_to_depth_2d);
    RUN(check_steep_epipolar_lines_are_walked);
    RUN(check_rational_6kt_round_trips);
    RUN(check_bad_arguments_fail_with_a_message);
    json_free(manifest);
    return check_summary();
}
