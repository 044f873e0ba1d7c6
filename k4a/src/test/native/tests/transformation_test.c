/*
 * The transformation API against the reference vectors in ../shared/testdata/transformation (the
 * calibration is taken from the manifest, so this does not depend on k4a_calibration_get_from_raw),
 * plus its handling of bad arguments.
 *
 * Exactness (testdata README): point clouds identical; depth, custom and colour images at least
 * 99.9 % of pixels identical, no pixel off by more than 1 except where one side has a value and
 * the other has none, and such disagreements on at most 0.1 % of pixels.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "testdata.h"

#include <math.h>

#define SET "transformation"

static json_document_t *manifest;
static const json_value_t *the_case;
static k4a_calibration_t calibration;
static k4a_transformation_t transformation;
static k4a_image_t depth_in, ir_in, color_in;

/* ---- helpers -------------------------------------------------------------------------------- */

static k4a_image_t new_image(k4a_image_format_t format, int w, int h, int stride, uint8_t fill)
{
    k4a_image_t image = NULL;
    if (k4a_image_create(format, w, h, stride, &image) != K4A_RESULT_SUCCEEDED)
        return NULL;
    memset(k4a_image_get_buffer(image), fill, k4a_image_get_size(image));
    return image;
}

/* A copy of image with another format tag (same bytes), e.g. IR16 as CUSTOM16. */
static k4a_image_t retagged(k4a_image_t image, k4a_image_format_t format)
{
    k4a_image_t copy = new_image(format, k4a_image_get_width_pixels(image), k4a_image_get_height_pixels(image),
                                 k4a_image_get_stride_bytes(image), 0);
    if (copy != NULL)
        memcpy(k4a_image_get_buffer(copy), k4a_image_get_buffer(image), k4a_image_get_size(image));
    return copy;
}

static const json_value_t *operation(const char *function, const char *key, const char *value)
{
    const json_value_t *ops = json_member(the_case, "operations");
    for (size_t i = 0; i < json_count(ops); i++)
    {
        const json_value_t *op = json_item(ops, i);
        if (strcmp(json_string_or(json_member(op, "function"), ""), function) == 0 &&
            (key == NULL || strcmp(json_string_or(json_member(op, key), ""), value) == 0))
            return op;
    }
    return NULL;
}

typedef struct
{
    long pixels, identical, off_by_one, off_more, mask;
} diff_t;

/* Compares `channels` numbers per pixel of two images of elem_bytes-sized unsigned numbers. A
 * pixel has "no value" when has_value says so (NULL: when all its numbers are 0). */
static diff_t compare(const uint8_t *got, const uint8_t *want, int pixels, int channels, int elem_bytes,
                      const uint16_t *got_valid, const uint16_t *want_valid)
{
    diff_t d = { pixels, 0, 0, 0, 0 };
    for (int i = 0; i < pixels; i++)
    {
        int max_diff = 0, got_zero = 1, want_zero = 1;
        for (int k = 0; k < channels; k++)
        {
            size_t at = ((size_t)i * (size_t)channels + (size_t)k) * (size_t)elem_bytes;
            int g = elem_bytes == 1 ? got[at] : got[at] | got[at + 1] << 8;
            int w = elem_bytes == 1 ? want[at] : want[at] | want[at + 1] << 8;
            int diff = abs(g - w);
            max_diff = diff > max_diff ? diff : max_diff;
            got_zero &= g == 0;
            want_zero &= w == 0;
        }
        if (got_valid != NULL)
        {
            got_zero = got_valid[i] == 0;
            want_zero = want_valid[i] == 0;
        }
        if (max_diff == 0)
            d.identical++;
        else if (got_zero != want_zero)
            d.mask++;
        else if (max_diff == 1)
            d.off_by_one++;
        else
            d.off_more++;
    }
    return d;
}

static void expect_close(const char *what, diff_t d)
{
    double identical = 100.0 * (double)d.identical / (double)d.pixels;
    fprintf(stderr,
            "  %-44s %ld pixels: %.4f %% identical, %ld off by 1, %ld off by more, %ld valid-mask disagreements\n",
            what, d.pixels, identical, d.off_by_one, d.off_more, d.mask);
    EXPECT_TRUE(d.identical * 1000 >= d.pixels * 999);
    EXPECT_EQ(d.off_more, 0);
    EXPECT_TRUE(d.mask * 1000 <= d.pixels);
}

static uint8_t *payload(const json_value_t *descriptor)
{
    size_t size = 0;
    uint8_t *data = td_load_payload(SET, descriptor, &size);
    EXPECT_TRUE(data != NULL);
    return data;
}

/* True when every byte of the image differs from the fill it was created with, somewhere... a
 * weaker check would miss a band left out, so: both runs (filled with 0 and 0xA5) must agree. */
static bool same_bytes(k4a_image_t a, k4a_image_t b)
{
    return k4a_image_get_size(a) == k4a_image_get_size(b) &&
           memcmp(k4a_image_get_buffer(a), k4a_image_get_buffer(b), k4a_image_get_size(a)) == 0;
}

/* ---- the reference operations ----------------------------------------------------------------- */

static void test_depth_to_color_matches_reference(void)
{
    const json_value_t *op = operation("k4a_transformation_depth_image_to_color_camera", NULL, NULL);
    const json_value_t *want = json_member(json_member(json_member(op, "outputs"), "transformed_depth"), "payload");
    int w = calibration.color_camera_calibration.resolution_width,
        h = calibration.color_camera_calibration.resolution_height;
    k4a_image_t out0 = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0x00);
    k4a_image_t outA5 = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0xA5);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, out0),
              td_enum(json_member(op, "result")));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, outA5), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(same_bytes(out0, outA5)); /* all_output_bytes_written */
    uint8_t *ref = payload(want);
    if (ref != NULL)
    {
        const uint16_t *g = (const uint16_t *)(const void *)k4a_image_get_buffer(out0);
        expect_close("depth_image_to_color_camera", compare((const uint8_t *)g, ref, w * h, 1, 2, NULL, NULL));
        long nonzero = 0;
        for (int i = 0; i < w * h; i++)
            nonzero += g[i] != 0;
        fprintf(stderr, "  (non-zero pixels: %ld, reference %.0f)\n", nonzero,
                json_number_or(
                    json_member(json_member(json_member(op, "outputs"), "transformed_depth"), "nonzero_count"), -1));
        free(ref);
    }
    k4a_image_release(out0);
    k4a_image_release(outA5);
}

static void check_custom(const json_value_t *op)
{
    int w = calibration.color_camera_calibration.resolution_width,
        h = calibration.color_camera_calibration.resolution_height;
    k4a_image_format_t format = (k4a_image_format_t)td_enum(json_member(op, "custom_input_format"));
    k4a_image_t source = td_image_from_payload(SET, json_member(op, "custom_input_payload"));
    k4a_image_t custom = source != NULL ? retagged(source, format) : NULL;
    EXPECT_TRUE(custom != NULL);
    if (custom == NULL)
        return;
    int bytes = format == K4A_IMAGE_FORMAT_CUSTOM8 ? 1 : 2;
    k4a_transformation_interpolation_type_t type =
        (k4a_transformation_interpolation_type_t)td_enum(json_member(op, "interpolation_type"));
    uint32_t invalid = (uint32_t)json_number_or(json_member(op, "invalid_custom_value"), 0);
    k4a_image_t depth0 = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0),
                depthA5 = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0xA5);
    k4a_image_t out0 = new_image(format, w, h, 0, 0), outA5 = new_image(format, w, h, 0, 0xA5);
    k4a_image_t plain = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(transformation, depth_in, custom, depth0, out0,
                                                                    type, invalid),
              td_enum(json_member(op, "result")));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(transformation, depth_in, custom, depthA5, outA5,
                                                                    type, invalid),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(same_bytes(depth0, depthA5) && same_bytes(out0, outA5));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, plain), K4A_RESULT_SUCCEEDED);
    if (json_is(json_member(op, "transformed_depth_equals_plain_depth_to_color"), JSON_TRUE))
        EXPECT_TRUE(same_bytes(depth0, plain));

    const json_value_t *outputs = json_member(op, "outputs");
    uint8_t *ref_depth = payload(json_member(json_member(outputs, "transformed_depth"), "payload"));
    uint8_t *ref_custom = payload(json_member(json_member(outputs, "transformed_custom"), "payload"));
    if (ref_depth != NULL && ref_custom != NULL)
    {
        char what[96];
        snprintf(what, sizeof(what), "custom %s %s (invalid %u)", bytes == 1 ? "CUSTOM8" : "CUSTOM16",
                 type == K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST ? "NEAREST" : "LINEAR", invalid);
        expect_close(what, compare(k4a_image_get_buffer(out0), ref_custom, w * h, 1, bytes,
                                   (const uint16_t *)(const void *)k4a_image_get_buffer(depth0),
                                   (const uint16_t *)(const void *)ref_depth));
        /* where there is no depth, the invalid custom value */
        const uint16_t *d = (const uint16_t *)(const void *)k4a_image_get_buffer(depth0);
        long wrong_invalid = 0;
        for (int i = 0; i < w * h; i++)
            if (d[i] == 0)
            {
                const uint8_t *c = k4a_image_get_buffer(out0);
                uint32_t value = bytes == 1 ? c[i] : ((const uint16_t *)(const void *)c)[i];
                wrong_invalid += value != (bytes == 1 ? (invalid & 0xFF) : (invalid & 0xFFFF));
            }
        EXPECT_EQ(wrong_invalid, 0);
    }
    free(ref_depth);
    free(ref_custom);
    k4a_image_release(source);
    k4a_image_release(custom);
    k4a_image_release(depth0);
    k4a_image_release(depthA5);
    k4a_image_release(out0);
    k4a_image_release(outA5);
    k4a_image_release(plain);
}

static void test_depth_to_color_custom_matches_reference(void)
{
    const json_value_t *ops = json_member(the_case, "operations");
    int seen = 0;
    for (size_t i = 0; i < json_count(ops); i++)
    {
        const json_value_t *op = json_item(ops, i);
        if (strcmp(json_string_or(json_member(op, "function"), ""),
                   "k4a_transformation_depth_image_to_color_camera_custom") == 0)
        {
            check_custom(op);
            seen++;
        }
    }
    EXPECT_EQ(seen, 3);
}

static void test_color_to_depth_matches_reference(void)
{
    const json_value_t *op = operation("k4a_transformation_color_image_to_depth_camera", NULL, NULL);
    int w = calibration.depth_camera_calibration.resolution_width,
        h = calibration.depth_camera_calibration.resolution_height;
    k4a_image_t out0 = new_image(K4A_IMAGE_FORMAT_COLOR_BGRA32, w, h, 0, 0),
                outA5 = new_image(K4A_IMAGE_FORMAT_COLOR_BGRA32, w, h, 0, 0xA5);
    EXPECT_EQ(k4a_transformation_color_image_to_depth_camera(transformation, depth_in, color_in, out0),
              td_enum(json_member(op, "result")));
    EXPECT_EQ(k4a_transformation_color_image_to_depth_camera(transformation, depth_in, color_in, outA5),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(same_bytes(out0, outA5));
    uint8_t *ref = payload(json_member(json_member(json_member(op, "outputs"), "transformed_color"), "payload"));
    if (ref != NULL)
        expect_close("color_image_to_depth_camera (per channel)",
                     compare(k4a_image_get_buffer(out0), ref, w * h, 4, 1, NULL, NULL));
    free(ref);
    k4a_image_release(out0);
    k4a_image_release(outA5);
}

static void check_point_cloud(const char *camera_name)
{
    const json_value_t *op = operation("k4a_transformation_depth_image_to_point_cloud", "camera", camera_name);
    EXPECT_TRUE(op != NULL);
    if (op == NULL)
        return;
    k4a_calibration_type_t camera = (k4a_calibration_type_t)td_enum(json_member(op, "camera"));
    const k4a_calibration_camera_t *cam = camera == K4A_CALIBRATION_TYPE_DEPTH ? &calibration.depth_camera_calibration
                                                                               : &calibration.color_camera_calibration;
    int w = cam->resolution_width, h = cam->resolution_height;
    /* the colour-geometry cloud was made from the reference's own depth-to-colour output */
    k4a_image_t depth = depth_in;
    if (camera == K4A_CALIBRATION_TYPE_COLOR)
    {
        const json_value_t *d2c = operation("k4a_transformation_depth_image_to_color_camera", NULL, NULL);
        depth = td_image_from_payload(
            SET, json_member(json_member(json_member(d2c, "outputs"), "transformed_depth"), "payload"));
        EXPECT_TRUE(depth != NULL);
        if (depth == NULL)
            return;
    }
    k4a_image_t out0 = new_image(K4A_IMAGE_FORMAT_CUSTOM, w, h, 6 * w, 0),
                outA5 = new_image(K4A_IMAGE_FORMAT_CUSTOM, w, h, 6 * w, 0xA5);
    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth, camera, out0),
              td_enum(json_member(op, "result")));
    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth, camera, outA5),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(same_bytes(out0, outA5));
    size_t size = 0;
    uint8_t *ref =
        td_load_payload(SET, json_member(json_member(json_member(op, "outputs"), "xyz_image"), "payload"), &size);
    EXPECT_TRUE(ref != NULL);
    if (ref != NULL)
    {
        /* depths above 32767 mm: the reference stores z as the raw 16 bits read as signed, we
         * saturate (testdata README); every other pixel is identical */
        const uint16_t *dd = (const uint16_t *)(const void *)k4a_image_get_buffer(depth);
        const int16_t *got = (const int16_t *)(const void *)k4a_image_get_buffer(out0);
        int16_t *want = (int16_t *)(void *)ref;
        long far = 0, far_saturated = 0;
        for (int i = 0; i < w * h; i++)
            if (dd[i] > 32767)
            {
                far++;
                far_saturated += got[3 * i + 2] == 32767;
                memcpy(want + 3 * i, got + 3 * i, 3 * sizeof(int16_t)); /* not compared */
            }
        diff_t d = compare(k4a_image_get_buffer(out0), ref, w * h, 3, 2, NULL, NULL);
        fprintf(stderr, "  point cloud, %s camera: %ld pixels, %ld identical (%ld depths above 32767 mm saturated)\n",
                camera_name, d.pixels, d.identical, far);
        EXPECT_EQ(d.identical, d.pixels);
        EXPECT_EQ(far_saturated, far);
        EXPECT_EQ(size, k4a_image_get_size(out0));
        free(ref);
    }
    if (depth != depth_in)
        k4a_image_release(depth);
    k4a_image_release(out0);
    k4a_image_release(outA5);
}

static void test_point_clouds_match_reference(void)
{
    check_point_cloud("K4A_CALIBRATION_TYPE_DEPTH");
    check_point_cloud("K4A_CALIBRATION_TYPE_COLOR");
}

/* ---- the reference's error cases -------------------------------------------------------------- */

/* An image as the descriptor says (or the correct one when descriptor is NULL). */
static k4a_image_t image_like(const json_value_t *descriptor, k4a_image_format_t format, int w, int h, int stride)
{
    if (descriptor != NULL)
    {
        format = (k4a_image_format_t)td_enum(json_member(descriptor, "format"));
        w = (int)json_number_or(json_member(descriptor, "width"), 0);
        h = (int)json_number_or(json_member(descriptor, "height"), 0);
        stride = (int)json_number_or(json_member(descriptor, "stride_bytes"), 0);
    }
    return new_image(format, w, h, stride, 0);
}

static void test_error_cases_match_reference(void)
{
    const json_value_t *cases = json_member(the_case, "error_cases");
    int dw = calibration.depth_camera_calibration.resolution_width,
        dh = calibration.depth_camera_calibration.resolution_height;
    int cw = calibration.color_camera_calibration.resolution_width,
        ch = calibration.color_camera_calibration.resolution_height;
    log_capture_start();
    for (size_t i = 0; i < json_count(cases); i++)
    {
        const json_value_t *c = json_item(cases, i);
        const char *function = json_string_or(json_member(c, "function"), "");
        const char *what = json_string_or(json_member(c, "case"), "");
        int want = td_enum(json_member(c, "result"));
        k4a_result_t got = K4A_RESULT_FAILED;
        k4a_image_t depth = image_like(json_member(c, "depth_image"), K4A_IMAGE_FORMAT_DEPTH16, dw, dh, 0);
        memcpy(k4a_image_get_buffer(depth), k4a_image_get_buffer(depth_in),
               k4a_image_get_size(depth) < k4a_image_get_size(depth_in) ? k4a_image_get_size(depth)
                                                                        : k4a_image_get_size(depth_in));
        if (strcmp(function, "k4a_transformation_depth_image_to_color_camera") == 0)
        {
            k4a_image_t out =
                image_like(json_member(c, "transformed_depth_image"), K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0);
            got = k4a_transformation_depth_image_to_color_camera(transformation, depth, out);
            k4a_image_release(out);
        }
        else if (strcmp(function, "k4a_transformation_depth_image_to_color_camera_custom") == 0)
        {
            k4a_image_t custom = image_like(json_member(c, "custom_image"), K4A_IMAGE_FORMAT_CUSTOM16, dw, dh, 0);
            k4a_image_t out =
                image_like(json_member(c, "transformed_depth_image"), K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0);
            k4a_image_t out_custom =
                image_like(json_member(c, "transformed_custom_image"), K4A_IMAGE_FORMAT_CUSTOM16, cw, ch, 0);
            got = k4a_transformation_depth_image_to_color_camera_custom(
                transformation, depth, custom, out, out_custom, K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR, 0);
            k4a_image_release(custom);
            k4a_image_release(out);
            k4a_image_release(out_custom);
        }
        else if (strcmp(function, "k4a_transformation_color_image_to_depth_camera") == 0)
        {
            k4a_image_t color = image_like(json_member(c, "color_image"), K4A_IMAGE_FORMAT_COLOR_BGRA32, cw, ch, 0);
            k4a_image_t out =
                image_like(json_member(c, "transformed_color_image"), K4A_IMAGE_FORMAT_COLOR_BGRA32, dw, dh, 0);
            got = k4a_transformation_color_image_to_depth_camera(transformation, depth, color, out);
            k4a_image_release(color);
            k4a_image_release(out);
        }
        else if (strcmp(function, "k4a_transformation_depth_image_to_point_cloud") == 0)
        {
            k4a_calibration_type_t camera = strstr(what, "GYRO")    ? K4A_CALIBRATION_TYPE_GYRO
                                            : strstr(what, "COLOR") ? K4A_CALIBRATION_TYPE_COLOR
                                                                    : K4A_CALIBRATION_TYPE_DEPTH;
            k4a_image_t out = image_like(json_member(c, "xyz_image"), K4A_IMAGE_FORMAT_CUSTOM, dw, dh, 6 * dw);
            got = k4a_transformation_depth_image_to_point_cloud(transformation, depth, camera, out);
            k4a_image_release(out);
        }
        fprintf(stderr, "  error case %-72s -> %d (reference %d)\n", what, (int)got, want);
        EXPECT_EQ(got, want);
        if (want == K4A_RESULT_FAILED)
            EXPECT_TRUE(log_capture_said(function));
        k4a_image_release(depth);
    }
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* ---- creating handles with one camera off ------------------------------------------------------ */

/* The complete calibration the calibration set lists for this input and mode. */
static bool calibration_for(const char *input, const char *depth_mode, const char *color_resolution,
                            k4a_calibration_t *out)
{
    json_document_t *doc = td_load_manifest("calibration");
    bool found = false;
    const json_value_t *items = json_member(json_root(doc), "items");
    for (size_t i = 0; i < json_count(items) && !found; i++)
    {
        const json_value_t *item = json_item(items, i);
        if (strcmp(json_string_or(json_member(item, "input"), ""), input) == 0 &&
            strcmp(json_string_or(json_member(item, "raw_variant"), ""), "as_is") == 0 &&
            strcmp(json_string_or(json_member(item, "depth_mode"), ""), depth_mode) == 0 &&
            strcmp(json_string_or(json_member(item, "color_resolution"), ""), color_resolution) == 0)
            found = td_calibration(json_member(item, "calibration"), out);
    }
    json_free(doc);
    return found;
}

static void test_create_cases_match_reference(void)
{
    const json_value_t *cases = json_member(the_case, "create_cases");
    EXPECT_TRUE(json_count(cases) > 0);
    log_capture_start();
    for (size_t i = 0; i < json_count(cases); i++)
    {
        const json_value_t *c = json_item(cases, i);
        const char *dm = json_string_or(json_member(c, "depth_mode"), ""),
                   *cr = json_string_or(json_member(c, "color_resolution"), "");
        k4a_calibration_t cal;
        EXPECT_TRUE(calibration_for(json_string_or(json_member(the_case, "calibration_id"), ""), dm, cr, &cal));
        k4a_transformation_t t = k4a_transformation_create(&cal);
        EXPECT_EQ(t != NULL, json_is(json_member(c, "transformation_created"), JSON_TRUE));
        if (t == NULL)
            continue;
        bool depth_on = cal.depth_camera_calibration.resolution_width > 0;
        bool color_on = cal.color_camera_calibration.resolution_width > 0;
        if (!depth_on || !color_on)
        {
            /* what needs the missing camera fails and says so; the rest works */
            k4a_image_t d = new_image(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 0, 0),
                        o = new_image(K4A_IMAGE_FORMAT_DEPTH16, 1280, 720, 0, 0);
            EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(t, d, o), K4A_RESULT_FAILED);
            EXPECT_TRUE(log_capture_said("no"));
            k4a_calibration_type_t present = depth_on ? K4A_CALIBRATION_TYPE_DEPTH : K4A_CALIBRATION_TYPE_COLOR;
            k4a_calibration_type_t absent = depth_on ? K4A_CALIBRATION_TYPE_COLOR : K4A_CALIBRATION_TYPE_DEPTH;
            const k4a_calibration_camera_t *cam =
                depth_on ? &cal.depth_camera_calibration : &cal.color_camera_calibration;
            int w = cam->resolution_width, h = cam->resolution_height;
            k4a_image_t depth = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0),
                        xyz = new_image(K4A_IMAGE_FORMAT_CUSTOM, w, h, 6 * w, 0xA5);
            ((uint16_t *)(void *)k4a_image_get_buffer(depth))[(h / 2) * w + w / 2] = 1000;
            EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(t, depth, present, xyz), K4A_RESULT_SUCCEEDED);
            const int16_t *p = (const int16_t *)(const void *)k4a_image_get_buffer(xyz);
            EXPECT_EQ(p[3 * ((h / 2) * w + w / 2) + 2], 1000);
            EXPECT_EQ(p[0], 0);
            EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(t, depth, absent, xyz), K4A_RESULT_FAILED);
            EXPECT_TRUE(log_capture_said("k4a_transformation_depth_image_to_point_cloud"));
            k4a_image_release(d);
            k4a_image_release(o);
            k4a_image_release(depth);
            k4a_image_release(xyz);
        }
        k4a_transformation_destroy(t);
    }
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* ---- bad arguments -------------------------------------------------------------------------- */

static void test_bad_arguments_fail_with_a_message(void)
{
    int dw = calibration.depth_camera_calibration.resolution_width,
        dh = calibration.depth_camera_calibration.resolution_height;
    int cw = calibration.color_camera_calibration.resolution_width,
        ch = calibration.color_camera_calibration.resolution_height;
    k4a_image_t out = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0);
    k4a_image_t custom8 = new_image(K4A_IMAGE_FORMAT_CUSTOM8, dw, dh, 0, 0),
                out8 = new_image(K4A_IMAGE_FORMAT_CUSTOM8, cw, ch, 0, 0);
    k4a_image_t xyz = new_image(K4A_IMAGE_FORMAT_CUSTOM, dw, dh, 6 * dw, 0);
    k4a_image_t bgra = new_image(K4A_IMAGE_FORMAT_COLOR_BGRA32, dw, dh, 0, 0);
    k4a_image_t padded_out = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 2 * cw + 64, 0);
    log_capture_start();

    EXPECT_TRUE(k4a_transformation_create(NULL) == NULL);
    EXPECT_TRUE(log_capture_said("k4a_transformation_create: calibration is NULL"));
    k4a_calibration_t off;
    memset(&off, 0, sizeof(off));
    EXPECT_TRUE(k4a_transformation_create(&off) == NULL);
    EXPECT_TRUE(log_capture_said("neither"));

    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(NULL, depth_in, out), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_transformation_depth_image_to_color_camera: transformation_handle is NULL"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera((k4a_transformation_t)depth_in, depth_in, out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not a valid k4a_transformation_t"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, NULL, out), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("depth_image is NULL"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("transformed_depth_image is NULL"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, ir_in, out), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("depth_image has format IR16"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, padded_out), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("transformed_depth_image has stride_bytes"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, (k4a_image_t)transformation, out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("depth_image is not a valid k4a_image_t"));

    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(transformation, depth_in, custom8, out, out8,
                                                                    (k4a_transformation_interpolation_type_t)7, 0),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("interpolation_type 7"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(transformation, depth_in, NULL, out, out8,
                                                                    K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST, 0),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("custom_image is NULL"));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(transformation, depth_in, custom8, out, NULL,
                                                                    K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST, 0),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("transformed_custom_image is NULL"));

    EXPECT_EQ(k4a_transformation_color_image_to_depth_camera(transformation, depth_in, bgra, bgra), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("color_image is 640x576"));
    EXPECT_EQ(k4a_transformation_color_image_to_depth_camera(transformation, depth_in, color_in, out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("transformed_color_image has format DEPTH16"));

    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth_in, K4A_CALIBRATION_TYPE_ACCEL, xyz),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("camera 3"));
    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth_in, (k4a_calibration_type_t)-7, xyz),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("camera -7"));
    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth_in, K4A_CALIBRATION_TYPE_DEPTH, NULL),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("xyz_image is NULL"));

    k4a_transformation_destroy(NULL);
    EXPECT_TRUE(log_capture_said("k4a_transformation_destroy: transformation_handle is NULL"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);

    k4a_image_release(out);
    k4a_image_release(custom8);
    k4a_image_release(out8);
    k4a_image_release(xyz);
    k4a_image_release(bgra);
    k4a_image_release(padded_out);
}

/* ---- behaviour beyond the reference vectors ----------------------------------------------------- */

static void test_point_cloud_saturates_far_depths(void)
{
    int w = calibration.depth_camera_calibration.resolution_width,
        h = calibration.depth_camera_calibration.resolution_height;
    k4a_image_t depth = new_image(K4A_IMAGE_FORMAT_DEPTH16, w, h, 0, 0),
                xyz = new_image(K4A_IMAGE_FORMAT_CUSTOM, w, h, 6 * w, 0);
    uint16_t *d = (uint16_t *)(void *)k4a_image_get_buffer(depth);
    d[0] = 65535;                   /* top-left corner: far out, x and y negative and large */
    d[(h / 2) * w + w / 2] = 40000; /* centre: z saturates, x and y small */
    EXPECT_EQ(k4a_transformation_depth_image_to_point_cloud(transformation, depth, K4A_CALIBRATION_TYPE_DEPTH, xyz),
              K4A_RESULT_SUCCEEDED);
    const int16_t *p = (const int16_t *)(const void *)k4a_image_get_buffer(xyz);
    EXPECT_EQ(p[2], 32767);
    EXPECT_EQ(p[0], -32768);
    EXPECT_EQ(p[1], -32768);
    const int16_t *c = p + 3 * ((h / 2) * w + w / 2);
    EXPECT_EQ(c[2], 32767);
    /* x and y are still exact: the unit-plane point times 40000, rounded */
    k4a_float2_t centre = { { (float)(w / 2), (float)(h / 2) } };
    k4a_float3_t unit;
    int valid = 0;
    EXPECT_EQ(k4a_calibration_2d_to_3d(&calibration, &centre, 1.f, K4A_CALIBRATION_TYPE_DEPTH,
                                       K4A_CALIBRATION_TYPE_DEPTH, &unit, &valid),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(c[0], (int)rintf(unit.xyz.x * 40000.f));
    EXPECT_EQ(c[1], (int)rintf(unit.xyz.y * 40000.f));
    k4a_image_release(depth);
    k4a_image_release(xyz);
}

static void test_results_repeat_and_handles_are_independent(void)
{
    /* a second handle on the same calibration gives the same bytes, also while the first is alive,
     * and on one thread (K4A4J_TRANSFORMATION_THREADS=1: other bands) */
    int cw = calibration.color_camera_calibration.resolution_width,
        ch = calibration.color_camera_calibration.resolution_height;
    check_setenv("K4A4J_TRANSFORMATION_THREADS", "1");
    k4a_transformation_t second = k4a_transformation_create(&calibration);
    check_setenv("K4A4J_TRANSFORMATION_THREADS", NULL);
    EXPECT_TRUE(second != NULL);
    k4a_image_t a = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0),
                b = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0);
    for (int i = 0; i < 3; i++)
    {
        EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth_in, a), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(second, depth_in, b), K4A_RESULT_SUCCEEDED);
        EXPECT_TRUE(same_bytes(a, b));
    }
    k4a_transformation_destroy(second);
    k4a_image_release(a);
    k4a_image_release(b);
}

static void test_empty_depth_gives_empty_outputs(void)
{
    int dw = calibration.depth_camera_calibration.resolution_width,
        dh = calibration.depth_camera_calibration.resolution_height;
    int cw = calibration.color_camera_calibration.resolution_width,
        ch = calibration.color_camera_calibration.resolution_height;
    k4a_image_t depth = new_image(K4A_IMAGE_FORMAT_DEPTH16, dw, dh, 0, 0);
    k4a_image_t out = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0x5A),
                color = new_image(K4A_IMAGE_FORMAT_COLOR_BGRA32, dw, dh, 0, 0x5A);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(transformation, depth, out), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_transformation_color_image_to_depth_camera(transformation, depth, color_in, color),
              K4A_RESULT_SUCCEEDED);
    long nonzero = 0;
    for (size_t i = 0; i < k4a_image_get_size(out); i++)
        nonzero += k4a_image_get_buffer(out)[i] != 0;
    for (size_t i = 0; i < k4a_image_get_size(color); i++)
        nonzero += k4a_image_get_buffer(color)[i] != 0;
    EXPECT_EQ(nonzero, 0);
    k4a_image_release(depth);
    k4a_image_release(out);
    k4a_image_release(color);
}

/* Another mode, without reference images: WFOV 2x2 binned depth to 2160p colour (the sdk_ut
 * calibration and synthetic depth of the conversions set), where a depth pixel covers about 8x8
 * colour pixels. Every colour pixel that gets a depth must see that depth: going back along its ray
 * by that depth lands on a depth pixel whose depth agrees (a smooth synthetic scene, so within a
 * few percent away from its edges). And the same pixels must get the same depths from the
 * custom variant, whose custom image says which depth pixel drew them. */
static void test_high_resolution_mode_is_consistent(void)
{
    json_document_t *doc = td_load_manifest("conversions");
    const json_value_t *item = json_item(json_member(json_root(doc), "cases"), 1);
    k4a_calibration_t cal;
    EXPECT_TRUE(td_calibration(json_member(item, "calibration"), &cal));
    const json_value_t *functions = json_member(item, "functions");
    k4a_image_t depth = NULL;
    for (size_t i = 0; i < json_count(functions); i++)
        if (json_member(json_item(functions, i), "depth_image") != NULL)
            depth = td_image_from_payload("conversions", json_member(json_item(functions, i), "depth_image"));
    EXPECT_TRUE(depth != NULL);
    k4a_transformation_t t = k4a_transformation_create(&cal);
    EXPECT_TRUE(t != NULL);
    if (depth == NULL || t == NULL)
    {
        json_free(doc);
        return;
    }
    int dw = cal.depth_camera_calibration.resolution_width, dh = cal.depth_camera_calibration.resolution_height;
    int cw = cal.color_camera_calibration.resolution_width, ch = cal.color_camera_calibration.resolution_height;
    k4a_image_t out = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0xA5);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(t, depth, out), K4A_RESULT_SUCCEEDED);
    const uint16_t *d = (const uint16_t *)(const void *)k4a_image_get_buffer(depth);
    const uint16_t *o = (const uint16_t *)(const void *)k4a_image_get_buffer(out);
    long covered = 0, checked = 0, agree = 0;
    for (int i = 0; i < cw * ch; i++)
        covered += o[i] != 0;
    for (int y = 7; y < ch; y += 37)
        for (int x = 11; x < cw; x += 41)
        {
            uint16_t z = o[y * cw + x];
            if (z == 0)
                continue;
            k4a_float2_t c = { { (float)x, (float)y } }, p;
            int valid = 0;
            if (k4a_calibration_2d_to_2d(&cal, &c, z, K4A_CALIBRATION_TYPE_COLOR, K4A_CALIBRATION_TYPE_DEPTH, &p,
                                         &valid) != K4A_RESULT_SUCCEEDED ||
                !valid)
                continue;
            int px = (int)floorf(p.xy.x + 0.5f), py = (int)floorf(p.xy.y + 0.5f);
            if (px < 1 || py < 1 || px >= dw - 1 || py >= dh - 1)
                continue;
            /* the depth camera sees about the same depth there (its neighbourhood: edges of holes) */
            int best = 1 << 30;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int dd = d[(py + dy) * dw + px + dx];
                    if (dd != 0 && abs(dd - (int)z) < best)
                        best = abs(dd - (int)z);
                }
            checked++;
            agree += best <= (int)z / 20;
        }
    fprintf(stderr, "  WFOV 2x2 -> 2160P: %ld of %d colour pixels covered; %ld sampled, %ld see their depth\n", covered,
            cw * ch, checked, agree);
    EXPECT_TRUE(covered > (long)cw * ch / 4);
    EXPECT_TRUE(checked > 1000);
    EXPECT_TRUE(agree * 100 >= checked * 99);

    /* the custom variant draws the same depths; NEAREST of images of depth-pixel columns and rows
     * names a depth pixel next to where each colour pixel looks */
    k4a_image_t columns = new_image(K4A_IMAGE_FORMAT_CUSTOM16, dw, dh, 0, 0),
                rows = new_image(K4A_IMAGE_FORMAT_CUSTOM16, dw, dh, 0, 0);
    uint16_t *cx = (uint16_t *)(void *)k4a_image_get_buffer(columns),
             *ry = (uint16_t *)(void *)k4a_image_get_buffer(rows);
    for (int i = 0; i < dw * dh; i++)
    {
        cx[i] = (uint16_t)(i % dw);
        ry[i] = (uint16_t)(i / dw);
    }
    k4a_image_t out2 = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0);
    k4a_image_t column_of = new_image(K4A_IMAGE_FORMAT_CUSTOM16, cw, ch, 0, 0),
                row_of = new_image(K4A_IMAGE_FORMAT_CUSTOM16, cw, ch, 0, 0);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(
                  t, depth, columns, out2, column_of, K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST, 65535),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(same_bytes(out, out2));
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera_custom(
                  t, depth, rows, out2, row_of, K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST, 65535),
              K4A_RESULT_SUCCEEDED);
    const uint16_t *col16 = (const uint16_t *)(const void *)k4a_image_get_buffer(column_of);
    const uint16_t *row16 = (const uint16_t *)(const void *)k4a_image_get_buffer(row_of);
    long named = 0, near = 0;
    for (int y = 5; y < ch; y += 29)
        for (int x = 3; x < cw; x += 31)
        {
            if (o[y * cw + x] == 0)
            {
                EXPECT_EQ(col16[y * cw + x], 65535);
                continue;
            }
            k4a_float2_t c = { { (float)x, (float)y } }, p;
            int valid = 0;
            if (k4a_calibration_2d_to_2d(&cal, &c, o[y * cw + x], K4A_CALIBRATION_TYPE_COLOR,
                                         K4A_CALIBRATION_TYPE_DEPTH, &p, &valid) != K4A_RESULT_SUCCEEDED ||
                !valid)
                continue;
            named++;
            near += fabsf((float)col16[y * cw + x] - p.xy.x) <= 1.f && fabsf((float)row16[y * cw + x] - p.xy.y) <= 1.f;
        }
    fprintf(stderr,
            "  NEAREST of depth-pixel coordinates: %ld sampled, %ld name a depth pixel within 1 px of where "
            "the colour pixel looks\n",
            named, near);
    EXPECT_TRUE(named > 1000);
    EXPECT_TRUE(near * 100 >= named * 99);
    k4a_image_release(columns);
    k4a_image_release(rows);
    k4a_image_release(column_of);
    k4a_image_release(row_of);
    k4a_image_release(out2);
    k4a_image_release(out);
    k4a_image_release(depth);
    k4a_transformation_destroy(t);
    json_free(doc);
}

/* The allocator set with k4a_set_allocator gives image buffers only (as in the reference): the
 * handle, its tables and scratch, and the calibration's parsing use the library's own heap. */
static int allocator_calls;
static uint8_t *counting_allocate(int size, void **context)
{
    allocator_calls++;
    *context = NULL;
    return malloc((size_t)size);
}
static void counting_free(void *buffer, void *context)
{
    (void)context;
    free(buffer);
}

static void test_allocator_gives_image_buffers_only(void)
{
    int cw = calibration.color_camera_calibration.resolution_width,
        ch = calibration.color_camera_calibration.resolution_height;
    k4a_image_t out = new_image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0, 0);
    size_t raw_size = 0;
    char *raw =
        td_read_file(td_path(SET, json_string_or(json_member(the_case, "raw_calibration_file"), "")), &raw_size);
    EXPECT_TRUE(raw != NULL);
    allocator_calls = 0;
    EXPECT_EQ(k4a_set_allocator(counting_allocate, counting_free), K4A_RESULT_SUCCEEDED);
    k4a_calibration_t parsed;
    EXPECT_EQ(
        k4a_calibration_get_from_raw(raw, raw_size + 1, calibration.depth_mode, calibration.color_resolution, &parsed),
        K4A_RESULT_SUCCEEDED);
    k4a_transformation_t t = k4a_transformation_create(&calibration);
    EXPECT_TRUE(t != NULL);
    EXPECT_EQ(k4a_transformation_depth_image_to_color_camera(t, depth_in, out), K4A_RESULT_SUCCEEDED);
    k4a_transformation_destroy(t);
    EXPECT_EQ(allocator_calls, 0);
    k4a_image_t image = new_image(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 0, 0);
    EXPECT_EQ(allocator_calls, 1); /* an image buffer does come from it */
    k4a_image_release(image);
    EXPECT_EQ(k4a_set_allocator(NULL, NULL), K4A_RESULT_SUCCEEDED);
    free(raw);
    k4a_image_release(out);
}

/* Sets up the_case: its calibration, input images and a transformation handle. */
static bool open_case(size_t index)
{
    the_case = json_item(json_member(json_root(manifest), "cases"), index);
    fprintf(stderr, "case %s\n", json_string_or(json_member(the_case, "id"), "?"));
    EXPECT_TRUE(td_calibration(json_member(the_case, "calibration"), &calibration));
    const json_value_t *inputs = json_member(the_case, "inputs");
    depth_in = td_image_from_payload(SET, json_member(inputs, "depth"));
    ir_in = td_image_from_payload(SET, json_member(inputs, "ir"));
    color_in = td_image_from_payload(SET, json_member(inputs, "color_bgra32"));
    transformation = k4a_transformation_create(&calibration);
    if (depth_in == NULL || ir_in == NULL || color_in == NULL || transformation == NULL)
    {
        fprintf(stderr, "cannot set up: inputs or handle missing\n");
        return false;
    }
    return true;
}

static void close_case(void)
{
    k4a_transformation_destroy(transformation);
    k4a_image_release(depth_in);
    k4a_image_release(ir_in);
    k4a_image_release(color_in);
}

int main(void)
{
    manifest = td_load_manifest(SET);
    if (manifest == NULL)
        return 1;
    /* every case against the reference */
    size_t cases = json_count(json_member(json_root(manifest), "cases"));
    EXPECT_TRUE(cases >= 3);
    for (size_t i = 0; i < cases; i++)
    {
        if (!open_case(i))
            return 1;
        RUN(test_depth_to_color_matches_reference);
        RUN(test_depth_to_color_custom_matches_reference);
        RUN(test_color_to_depth_matches_reference);
        RUN(test_point_clouds_match_reference);
        RUN(test_error_cases_match_reference);
        RUN(test_create_cases_match_reference);
        RUN(test_allocator_gives_image_buffers_only);
        close_case();
    }
    /* the rest on the first case (the real frame) */
    if (!open_case(0))
        return 1;
    RUN(test_bad_arguments_fail_with_a_message);
    RUN(test_point_cloud_saturates_far_depths);
    RUN(test_results_repeat_and_handles_are_independent);
    RUN(test_empty_depth_gives_empty_outputs);
    RUN(test_high_resolution_mode_is_consistent);
    close_case();
    json_free(manifest);
    return check_summary();
}
