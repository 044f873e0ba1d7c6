/*
 * k4a_calibration_get_from_raw against the reference vectors in testdata/calibration (every field
 * bit for bit), the raw size variants, and bad input of every kind (NULLs, bad modes, truncated,
 * corrupted and non-JSON text, missing or absurd members): a failure with a message, never a
 * crash, and the output left untouched.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include "common/json.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define FN "k4a_calibration_get_from_raw"
#define SET_DIR K4A4J_TESTDATA "/calibration/"

/* ---- reading the reference ------------------------------------------------------------------ */

typedef struct
{
    const char *id;
    char *bytes; /* the file's bytes (malloc) */
    size_t size;
    bool nul_terminated;
    bool utf8_bom;
} input_t;

static json_document_t *manifest;
static input_t inputs[8];
static size_t input_count;

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n = -1;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
    {
        data = malloc((size_t)n + 1);
        if (data != NULL && fread(data, 1, (size_t)n, f) == (size_t)n)
        {
            data[n] = '\0';
            *size = (size_t)n;
        }
        else
        {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    return data;
}

static bool load_reference(void)
{
    size_t size = 0;
    char error[160];
    char *text = read_file(SET_DIR "manifest.json", &size);
    if (text == NULL)
    {
        fprintf(stderr, "cannot read %smanifest.json\n", SET_DIR);
        return false;
    }
    manifest = json_parse(text, size, error, sizeof(error));
    free(text);
    if (manifest == NULL)
    {
        fprintf(stderr, "manifest.json: %s\n", error);
        return false;
    }
    const json_value_t *list = json_member(json_root(manifest), "inputs");
    for (const json_value_t *in = list ? list->first : NULL; in != NULL && input_count < 8; in = in->next)
    {
        char path[1024];
        input_t *input = &inputs[input_count];
        input->id = json_string_or(json_member(in, "id"), "?");
        snprintf(path, sizeof(path), "%s%s", SET_DIR, json_string_or(json_member(in, "file"), "?"));
        input->bytes = read_file(path, &input->size);
        if (input->bytes == NULL || input->size != (size_t)json_number_or(json_member(in, "size_bytes"), -1))
        {
            fprintf(stderr, "cannot read %s (or its size differs from the manifest)\n", path);
            return false;
        }
        input->nul_terminated = json_is(json_member(in, "nul_terminated"), JSON_TRUE);
        input->utf8_bom = json_is(json_member(in, "utf8_bom"), JSON_TRUE);
        input_count++;
    }
    return input_count == 4;
}

static const input_t *find_input(const char *id)
{
    for (size_t i = 0; i < input_count; i++)
        if (strcmp(inputs[i].id, id) == 0)
            return &inputs[i];
    return NULL;
}

/* The input's JSON text: the file without the trailing NUL (if any) and, if asked, without the BOM. */
static void input_text(const input_t *input, bool drop_bom, const char **text, size_t *length)
{
    *text = input->bytes;
    *length = input->size - (input->nul_terminated ? 1 : 0);
    if (drop_bom && input->utf8_bom)
    {
        *text += 3;
        *length -= 3;
    }
}

static const struct
{
    const char *name;
    int value;
} enum_names[] = {
    { "K4A_RESULT_SUCCEEDED", K4A_RESULT_SUCCEEDED },
    { "K4A_RESULT_FAILED", K4A_RESULT_FAILED },
    { "K4A_DEPTH_MODE_OFF", K4A_DEPTH_MODE_OFF },
    { "K4A_DEPTH_MODE_NFOV_2X2BINNED", K4A_DEPTH_MODE_NFOV_2X2BINNED },
    { "K4A_DEPTH_MODE_NFOV_UNBINNED", K4A_DEPTH_MODE_NFOV_UNBINNED },
    { "K4A_DEPTH_MODE_WFOV_2X2BINNED", K4A_DEPTH_MODE_WFOV_2X2BINNED },
    { "K4A_DEPTH_MODE_WFOV_UNBINNED", K4A_DEPTH_MODE_WFOV_UNBINNED },
    { "K4A_DEPTH_MODE_PASSIVE_IR", K4A_DEPTH_MODE_PASSIVE_IR },
    { "K4A_COLOR_RESOLUTION_OFF", K4A_COLOR_RESOLUTION_OFF },
    { "K4A_COLOR_RESOLUTION_720P", K4A_COLOR_RESOLUTION_720P },
    { "K4A_COLOR_RESOLUTION_1080P", K4A_COLOR_RESOLUTION_1080P },
    { "K4A_COLOR_RESOLUTION_1440P", K4A_COLOR_RESOLUTION_1440P },
    { "K4A_COLOR_RESOLUTION_1536P", K4A_COLOR_RESOLUTION_1536P },
    { "K4A_COLOR_RESOLUTION_2160P", K4A_COLOR_RESOLUTION_2160P },
    { "K4A_COLOR_RESOLUTION_3072P", K4A_COLOR_RESOLUTION_3072P },
    { "K4A_CALIBRATION_TYPE_DEPTH", K4A_CALIBRATION_TYPE_DEPTH },
    { "K4A_CALIBRATION_TYPE_COLOR", K4A_CALIBRATION_TYPE_COLOR },
    { "K4A_CALIBRATION_TYPE_GYRO", K4A_CALIBRATION_TYPE_GYRO },
    { "K4A_CALIBRATION_TYPE_ACCEL", K4A_CALIBRATION_TYPE_ACCEL },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_UNKNOWN", K4A_CALIBRATION_LENS_DISTORTION_MODEL_UNKNOWN },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_THETA", K4A_CALIBRATION_LENS_DISTORTION_MODEL_THETA },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_POLYNOMIAL_3K", K4A_CALIBRATION_LENS_DISTORTION_MODEL_POLYNOMIAL_3K },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT", K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY", K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY },
};

/* An enum from its C name or a plain integer; -1000 when neither. */
static int enum_value(const json_value_t *value)
{
    if (json_is(value, JSON_NUMBER))
        return (int)value->number;
    const char *name = json_string_or(value, "");
    for (size_t i = 0; i < sizeof(enum_names) / sizeof(enum_names[0]); i++)
        if (strcmp(enum_names[i].name, name) == 0)
            return enum_names[i].value;
    return -1000;
}

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof(u));
    return u;
}

/* ---- comparing with the reference ----------------------------------------------------------- */

static long fields_compared;

static void mismatch(const char *where, const char *field, const char *detail)
{
    check_failures++;
    if (check_failures < 40)
        fprintf(stderr, "FAIL %s: %s %s\n", where, field, detail);
}

/* A float field: expected number (or "NaN"/"Infinity" string) against got, bit for bit. */
static void same_float(const char *where, const char *field, const json_value_t *expected, float got)
{
    float want;
    char detail[160];
    check_count++;
    fields_compared++;
    if (json_is(expected, JSON_NUMBER))
        want = (float)expected->number;
    else if (json_is(expected, JSON_STRING) && strcmp(expected->string, "NaN") == 0)
        want = NAN;
    else if (json_is(expected, JSON_STRING) && strcmp(expected->string, "Infinity") == 0)
        want = INFINITY;
    else if (json_is(expected, JSON_STRING) && strcmp(expected->string, "-Infinity") == 0)
        want = -INFINITY;
    else
    {
        mismatch(where, field, "has no expected number");
        return;
    }
    if (float_bits(want) != float_bits(got))
    {
        snprintf(detail, sizeof(detail), "= %.9g (0x%08x), reference %.9g (0x%08x)", (double)got, float_bits(got),
                 (double)want, float_bits(want));
        mismatch(where, field, detail);
    }
}

static void same_int(const char *where, const char *field, long long want, long long got)
{
    char detail[96];
    check_count++;
    fields_compared++;
    if (want != got)
    {
        snprintf(detail, sizeof(detail), "= %lld, reference %lld", got, want);
        mismatch(where, field, detail);
    }
}

static void same_floats(const char *where, const char *field, const json_value_t *array, const float *got, size_t n)
{
    char name[128];
    same_int(where, field, (long long)n, (long long)json_count(array));
    for (size_t i = 0; i < n; i++)
    {
        snprintf(name, sizeof(name), "%s[%zu]", field, i);
        same_float(where, name, json_item(array, i), got[i]);
    }
}

static const char *parameter_names[15] = { "cx", "cy", "fx",   "fy",   "k1", "k2", "k3",           "k4",
                                           "k5", "k6", "codx", "cody", "p2", "p1", "metric_radius" };

static void same_camera(const char *where, const char *name, const json_value_t *want,
                        const k4a_calibration_camera_t *got)
{
    char field[100];
#define FIELD(f) (snprintf(field, sizeof(field), "%s.%s", name, f), field)
    same_int(where, FIELD("resolution_width"), (long long)json_number_or(json_member(want, "resolution_width"), -1),
             got->resolution_width);
    same_int(where, FIELD("resolution_height"), (long long)json_number_or(json_member(want, "resolution_height"), -1),
             got->resolution_height);
    same_float(where, FIELD("metric_radius"), json_member(want, "metric_radius"), got->metric_radius);
    const json_value_t *extrinsics = json_member(want, "extrinsics");
    same_floats(where, FIELD("extrinsics.rotation"), json_member(extrinsics, "rotation"), got->extrinsics.rotation, 9);
    same_floats(where, FIELD("extrinsics.translation"), json_member(extrinsics, "translation"),
                got->extrinsics.translation, 3);
    const json_value_t *intrinsics = json_member(want, "intrinsics");
    same_int(where, FIELD("intrinsics.type"), enum_value(json_member(intrinsics, "type")), got->intrinsics.type);
    same_int(where, FIELD("intrinsics.parameter_count"),
             (long long)json_number_or(json_member(intrinsics, "parameter_count"), -1),
             got->intrinsics.parameter_count);
    const json_value_t *parameters = json_member(intrinsics, "parameters");
    for (int i = 0; i < 15; i++)
    {
        const json_value_t *p = json_member(parameters, parameter_names[i]);
        snprintf(field, sizeof(field), "%s.intrinsics.parameters.%s", name, parameter_names[i]);
        if (p == NULL)
            mismatch(where, field, "is missing from the reference");
        else if (!json_is(p, JSON_NULL)) /* null: not initialised by the reference */
            same_float(where, field, p, got->intrinsics.parameters.v[i]);
    }
#undef FIELD
}

static void same_calibration(const char *where, const json_value_t *want, const k4a_calibration_t *got)
{
    char field[64];
    same_int(where, "depth_mode", enum_value(json_member(want, "depth_mode")), got->depth_mode);
    same_int(where, "color_resolution", enum_value(json_member(want, "color_resolution")), got->color_resolution);
    same_camera(where, "depth_camera_calibration", json_member(want, "depth_camera_calibration"),
                &got->depth_camera_calibration);
    same_camera(where, "color_camera_calibration", json_member(want, "color_camera_calibration"),
                &got->color_camera_calibration);
    const json_value_t *list = json_member(want, "extrinsics");
    bool seen[4][4] = { { false } };
    same_int(where, "extrinsics count", 16, (long long)json_count(list));
    for (const json_value_t *e = list ? list->first : NULL; e != NULL; e = e->next)
    {
        int s = enum_value(json_member(e, "source")), t = enum_value(json_member(e, "target"));
        if (s < 0 || s > 3 || t < 0 || t > 3 || seen[s][t])
        {
            mismatch(where, "extrinsics", "has a bad or repeated source/target");
            continue;
        }
        seen[s][t] = true;
        snprintf(field, sizeof(field), "extrinsics[%d][%d].rotation", s, t);
        same_floats(where, field, json_member(e, "rotation"), got->extrinsics[s][t].rotation, 9);
        snprintf(field, sizeof(field), "extrinsics[%d][%d].translation", s, t);
        same_floats(where, field, json_member(e, "translation"), got->extrinsics[s][t].translation, 3);
    }
}

/* ---- calling the function ------------------------------------------------------------------- */

/* Calls with a private copy of exactly buffer_size bytes (so that reading past it is caught
 * under valgrind); returns the result, *out filled by the call (or left as the 0xA5 sentinel). */
static k4a_result_t call(const char *buffer, size_t buffer_size, size_t size_passed, int depth_mode, int color,
                         k4a_calibration_t *out)
{
    char *copy = malloc(buffer_size > 0 ? buffer_size : 1);
    if (copy == NULL)
        abort();
    memcpy(copy, buffer, buffer_size);
    memset(out, 0xA5, sizeof(*out));
    k4a_result_t result = k4a_calibration_get_from_raw(copy, size_passed, (k4a_depth_mode_t)depth_mode,
                                                       (k4a_color_resolution_t)color, out);
    free(copy);
    return result;
}

static bool untouched(const k4a_calibration_t *c)
{
    const unsigned char *p = (const unsigned char *)c;
    for (size_t i = 0; i < sizeof(*c); i++)
        if (p[i] != 0xA5)
            return false;
    return true;
}

/* text + one NUL in a new buffer of length + 1 bytes. */
static char *with_nul(const char *text, size_t length)
{
    char *b = malloc(length + 1);
    if (b == NULL)
        abort();
    memcpy(b, text, length);
    b[length] = '\0';
    return b;
}

/* Expects a failure that logged a message containing FN and needle, with the output untouched. */
static bool expect_failure(const char *what, const char *text, size_t length, int depth_mode, int color,
                           const char *needle)
{
    k4a_calibration_t out;
    char *buffer = with_nul(text, length);
    log_capture_start();
    k4a_result_t result = call(buffer, length + 1, length + 1, depth_mode, color, &out);
    free(buffer);
    bool message = log_capture_errors > 0 && strstr(log_capture_last, FN) != NULL &&
                   (needle == NULL || strstr(log_capture_last, needle) != NULL);
    bool ok = result == K4A_RESULT_FAILED && message && untouched(&out);
    check_count++;
    if (!ok)
    {
        check_failures++;
        fprintf(stderr, "FAIL %s: result %d, output %s, last message \"%s\" (wanted \"%s\")\n", what, (int)result,
                untouched(&out) ? "untouched" : "written", log_capture_last, needle ? needle : FN);
    }
    log_capture_errors = 0;
    log_capture_last[0] = '\0';
    return ok;
}

/* The pyk4a input's compact text with the first occurrence of from replaced by to (malloc). */
static char *edited(const char *from, const char *to, size_t *length)
{
    const char *text;
    size_t n;
    input_text(find_input("pyk4a_recording"), false, &text, &n);
    const char *at = strstr(text, from);
    if (at == NULL)
    {
        fprintf(stderr, "test setup: \"%s\" not in the input\n", from);
        abort();
    }
    size_t before = (size_t)(at - text), from_n = strlen(from), to_n = strlen(to);
    *length = n - from_n + to_n;
    char *b = malloc(*length + 1);
    if (b == NULL)
        abort();
    memcpy(b, text, before);
    memcpy(b + before, to, to_n);
    memcpy(b + before + to_n, at + from_n, n - before - from_n);
    b[*length] = '\0';
    return b;
}

static bool all_finite(const k4a_calibration_t *c)
{
    const k4a_calibration_camera_t *cams[2] = { &c->depth_camera_calibration, &c->color_camera_calibration };
    for (int k = 0; k < 2; k++)
    {
        for (int i = 0; i < 15; i++)
            if (!isfinite(cams[k]->intrinsics.parameters.v[i]))
                return false;
        if (!isfinite(cams[k]->metric_radius))
            return false;
    }
    for (int s = 0; s < 4; s++)
        for (int t = 0; t < 4; t++)
        {
            for (int i = 0; i < 9; i++)
                if (!isfinite(c->extrinsics[s][t].rotation[i]))
                    return false;
            for (int i = 0; i < 3; i++)
                if (!isfinite(c->extrinsics[s][t].translation[i]))
                    return false;
        }
    return true;
}

/* ---- the tests ------------------------------------------------------------------------------ */

static void test_every_manifest_item_matches_the_reference_bit_for_bit(void)
{
    long items = 0, succeeded = 0, failed = 0;
    fields_compared = 0;
    const json_value_t *list = json_member(json_root(manifest), "items");
    EXPECT_EQ(json_count(list), 220);
    size_t index = 0;
    for (const json_value_t *item = list ? list->first : NULL; item != NULL; item = item->next, index++)
    {
        char where[160];
        const char *id = json_string_or(json_member(item, "input"), "?");
        const char *variant = json_string_or(json_member(item, "raw_variant"), "?");
        int depth_mode = enum_value(json_member(item, "depth_mode"));
        int color = enum_value(json_member(item, "color_resolution"));
        int want = enum_value(json_member(item, "result"));
        snprintf(where, sizeof(where), "item %zu (%s, %s, depth %d, colour %d)", index, id, variant, depth_mode, color);
        const input_t *input = find_input(id);
        EXPECT_TRUE(input != NULL);
        EXPECT_TRUE(strcmp(variant, "as_is") == 0 || strcmp(variant, "utf8_bom_removed") == 0);
        if (input == NULL)
            continue;
        /* the buffer: the (BOM-less) bytes, followed by a NUL unless the file ends with one */
        size_t skip = strcmp(variant, "utf8_bom_removed") == 0 ? 3 : 0;
        size_t length = input->size - skip;
        char *buffer = malloc(length + 1);
        memcpy(buffer, input->bytes + skip, length);
        if (!input->nul_terminated)
            buffer[length++] = '\0';
        same_int(where, "raw_size_passed", (long long)json_number_or(json_member(item, "raw_size_passed"), -1),
                 (long long)length);

        k4a_calibration_t out;
        log_capture_start();
        k4a_result_t result = call(buffer, length, length, depth_mode, color, &out);
        free(buffer);
        same_int(where, "result", want, result);
        if (result == K4A_RESULT_SUCCEEDED && want == K4A_RESULT_SUCCEEDED)
        {
            same_calibration(where, json_member(item, "calibration"), &out);
            succeeded++;
        }
        else if (result == K4A_RESULT_FAILED)
        {
            EXPECT_TRUE(untouched(&out));
            EXPECT_TRUE(log_capture_said(FN));
            failed++;
        }
        items++;
    }
    fprintf(stderr, "     %ld items (%ld succeeded, %ld failed as the reference does), %ld fields compared\n", items,
            succeeded, failed, fields_compared);
    EXPECT_EQ(items, 220);
    EXPECT_EQ(succeeded, 205);
}

static void test_raw_size_variants_behave_as_listed(void)
{
    const json_value_t *list = json_member(json_root(manifest), "raw_size_variants");
    long variants = 0;
    EXPECT_EQ(json_count(list), 25);
    for (const json_value_t *v = list ? list->first : NULL; v != NULL; v = v->next)
    {
        char where[160];
        const char *id = json_string_or(json_member(v, "input"), "?");
        const char *name = json_string_or(json_member(v, "variant"), "?");
        const input_t *input = find_input(id);
        size_t skip = (size_t)json_number_or(json_member(v, "bytes_skipped_at_start"), 0);
        size_t text_bytes = (size_t)json_number_or(json_member(v, "text_bytes_in_buffer"), 0);
        size_t size_passed = (size_t)json_number_or(json_member(v, "raw_size_passed"), 0);
        int depth_mode = enum_value(json_member(v, "depth_mode"));
        int color = enum_value(json_member(v, "color_resolution"));
        int want = enum_value(json_member(v, "result"));
        snprintf(where, sizeof(where), "raw size variant %s/%s", id, name);
        EXPECT_TRUE(input != NULL && skip + text_bytes <= input->size);
        if (input == NULL || skip + text_bytes > input->size)
            continue;
        /* text_bytes of text, then NULs up to the size passed; with no room for a NUL (the text fills
         * the size exactly) the buffer ends right after the text */
        size_t buffer_size = size_passed > text_bytes ? size_passed : text_bytes + (size_passed == text_bytes ? 0 : 1);
        char *buffer = calloc(buffer_size > 0 ? buffer_size : 1, 1);
        memcpy(buffer, input->bytes + skip, text_bytes);

        k4a_calibration_t out, as_is;
        log_capture_start();
        k4a_result_t result = call(buffer, buffer_size, size_passed, depth_mode, color, &out);
        same_int(where, "result", want, result);
        if (result == K4A_RESULT_FAILED)
        {
            EXPECT_TRUE(untouched(&out));
            EXPECT_TRUE(log_capture_said(FN));
        }
        else
        {
            /* the same calibration as the item with the file as it is (text + NUL) */
            const char *text;
            size_t n;
            input_text(input, skip == 3, &text, &n);
            char *plain = with_nul(text, n);
            EXPECT_EQ(call(plain, n + 1, n + 1, depth_mode, color, &as_is), K4A_RESULT_SUCCEEDED);
            EXPECT_TRUE(memcmp(&out, &as_is, sizeof(out)) == 0);
            free(plain);
        }
        free(buffer);
        variants++;
    }
    fprintf(stderr, "     %ld raw size variants\n", variants);
}

static void test_refuses_null_and_empty_arguments(void)
{
    const char *text;
    size_t n;
    input_text(&inputs[0], false, &text, &n);
    char *buffer = with_nul(text, n);
    k4a_calibration_t out;
    log_capture_start();
    EXPECT_EQ(k4a_calibration_get_from_raw(NULL, n + 1, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, &out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said(FN ": raw_calibration is NULL"));
    memset(&out, 0xA5, sizeof(out));
    EXPECT_EQ(k4a_calibration_get_from_raw(buffer, 0, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, &out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("raw_calibration_size is 0"));
    EXPECT_TRUE(untouched(&out));
    EXPECT_EQ(
        k4a_calibration_get_from_raw(buffer, n + 1, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, NULL),
        K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said(FN ": calibration is NULL"));
    EXPECT_EQ(k4a_calibration_get_from_raw(NULL, 0, K4A_DEPTH_MODE_OFF, K4A_COLOR_RESOLUTION_OFF, NULL),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said(FN));
    free(buffer);

    EXPECT_TRUE(expect_failure("empty text", "", 0, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, "empty"));
    /* text without a NUL inside the size (the reference refuses it too) */
    char *bare = malloc(n);
    memcpy(bare, text, n);
    memset(&out, 0xA5, sizeof(out));
    EXPECT_EQ(k4a_calibration_get_from_raw(bare, n, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, &out),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no terminating NUL"));
    EXPECT_TRUE(untouched(&out));
    free(bare);
}

static void test_refuses_out_of_range_modes(void)
{
    const char *text;
    size_t n;
    input_text(&inputs[0], false, &text, &n);
    EXPECT_TRUE(expect_failure("depth mode 6", text, n, 6, K4A_COLOR_RESOLUTION_720P, "depth_mode 6"));
    EXPECT_TRUE(expect_failure("depth mode -1", text, n, -1, K4A_COLOR_RESOLUTION_720P, "depth_mode -1"));
    EXPECT_TRUE(expect_failure("depth mode 1000", text, n, 1000, K4A_COLOR_RESOLUTION_OFF, "depth_mode 1000"));
    EXPECT_TRUE(expect_failure("colour 7", text, n, K4A_DEPTH_MODE_NFOV_UNBINNED, 7, "color_resolution 7"));
    EXPECT_TRUE(expect_failure("colour -1", text, n, K4A_DEPTH_MODE_OFF, -1, "color_resolution -1"));
    EXPECT_TRUE(expect_failure("both off", text, n, K4A_DEPTH_MODE_OFF, K4A_COLOR_RESOLUTION_OFF, "both OFF"));
}

/* Cut points: every 97th byte, then each of the last 8 bytes. */
static size_t next_cut(size_t cut, size_t n)
{
    if (cut + 8 >= n)
        return cut + 1;
    return cut + 97 + 8 < n ? cut + 97 : n - 8;
}

static void test_truncated_text_fails_at_every_cut(void)
{
    long cuts = 0;
    for (size_t k = 0; k < input_count; k++)
        for (int drop_bom = 0; drop_bom <= (inputs[k].utf8_bom ? 1 : 0); drop_bom++)
        {
            const char *text;
            size_t n;
            char what[96];
            input_text(&inputs[k], drop_bom, &text, &n);
            /* every 97th byte, and each of the last 8 bytes */
            for (size_t cut = 0; cut < n; cut = next_cut(cut, n))
            {
                /* trailing white space after the closing brace is not a truncation */
                size_t rest = cut;
                while (rest < n &&
                       (text[rest] == ' ' || text[rest] == '\n' || text[rest] == '\r' || text[rest] == '\t'))
                    rest++;
                if (rest == n)
                    continue;
                snprintf(what, sizeof(what), "%s cut at %zu of %zu", inputs[k].id, cut, n);
                expect_failure(what, text, cut, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, NULL);
                cuts++;
            }
        }
    fprintf(stderr, "     %ld truncations\n", cuts);
    /* a truncation reports where the parser stopped */
    const char *text;
    size_t n;
    input_text(find_input("pyk4a_recording"), false, &text, &n);
    EXPECT_TRUE(
        expect_failure("half", text, n / 2, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, "at byte"));
}

static uint32_t rng_state = 0x12345678u;
static uint32_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void test_corrupted_bytes_fail_or_give_finite_values(void)
{
    long control = 0, trials = 0, refused = 0, accepted = 0;
    for (size_t k = 0; k < input_count; k++)
    {
        const char *text;
        size_t n;
        char what[96];
        input_text(&inputs[k], false, &text, &n);
        char *copy = malloc(n + 1);
        /* a control character anywhere is never valid JSON */
        for (size_t at = 0; at < n; at += 31)
        {
            memcpy(copy, text, n);
            copy[at] = 0x01;
            snprintf(what, sizeof(what), "%s with 0x01 at %zu", inputs[k].id, at);
            expect_failure(what, copy, n, K4A_DEPTH_MODE_WFOV_2X2BINNED, K4A_COLOR_RESOLUTION_1080P, NULL);
            control++;
        }
        /* random flips of 1 to 3 bytes: whatever the outcome, a failure says why and a success is finite */
        for (int trial = 0; trial < 600; trial++)
        {
            memcpy(copy, text, n);
            int flips = 1 + (int)(next_random() % 3);
            for (int f = 0; f < flips; f++)
                copy[next_random() % n] ^= (char)(1 + next_random() % 255);
            copy[n] = '\0';
            k4a_calibration_t out;
            log_capture_start();
            k4a_result_t result =
                call(copy, n + 1, n + 1, 1 + (int)(next_random() % 5), (int)(next_random() % 7), &out);
            if (result == K4A_RESULT_FAILED)
            {
                refused++;
                check_count++;
                if (!(untouched(&out) && log_capture_errors > 0 && strstr(log_capture_last, FN) != NULL))
                {
                    check_failures++;
                    fprintf(stderr, "FAIL %s flip trial %d: failed without message or wrote output\n", inputs[k].id,
                            trial);
                }
            }
            else
            {
                accepted++;
                EXPECT_TRUE(all_finite(&out));
            }
            trials++;
        }
        free(copy);
    }
    fprintf(stderr, "     %ld control-byte cases; %ld random flips (%ld refused, %ld accepted with finite values)\n",
            control, trials, refused, accepted);
}

static void test_refuses_text_that_is_not_json(void)
{
    static const char *texts[] = {
        "hello",
        "<xml/>",
        "{",
        "}",
        "{\"CalibrationInformation\":",
        "[1,2,3",
        "\xEF\xBB\xBF",
        "\xEF\xBB",
        "NaN",
        "{\"a\":NaN}",
        "{\"a\":1e}",
        "{\"a\":01}",
        "{\"a\":\"\\x\"}",
        "{'a':1}",
        "{\"a\":1,}",
        "\x80\x81\xFE\xFF",
        "{} {}",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
    {
        char what[64];
        snprintf(what, sizeof(what), "non-JSON text %zu", i);
        expect_failure(what, texts[i], strlen(texts[i]), K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P,
                       "not valid JSON");
    }
    /* valid JSON that is not a calibration */
    static const struct
    {
        const char *text, *needle;
    } others[] = {
        { "null", "not a JSON object" },
        { "[]", "not a JSON object" },
        { "42", "not a JSON object" },
        { "\"CalibrationInformation\"", "not a JSON object" },
        { "{}", "CalibrationInformation is missing" },
        { "{\"CalibrationInformation\":[]}", "CalibrationInformation is missing" },
        { "{\"CalibrationInformation\":{}}", "Cameras is missing" },
        { "{\"CalibrationInformation\":{\"Cameras\":[],\"InertialSensors\":[]}}", "no depth camera" },
    };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        expect_failure(others[i].text, others[i].text, strlen(others[i].text), K4A_DEPTH_MODE_NFOV_UNBINNED,
                       K4A_COLOR_RESOLUTION_720P, others[i].needle);
}

static void test_refuses_missing_members_and_absurd_numbers(void)
{
    static const struct
    {
        const char *from, *to, *needle;
    } edits[] = {
        { "\"CalibrationInformation\"", "\"Calibration\"", "CalibrationInformation is missing" },
        { "\"Cameras\"", "\"Kameras\"", "Cameras is missing" },
        { "\"InertialSensors\"", "\"InertialSensorz\"", "InertialSensors is missing" },
        { "\"Purpose\":\"CALIBRATION_CameraPurposeDepth\"", "\"Purpose\":\"CALIBRATION_CameraPurposeDepht\"",
          "no depth camera" },
        { "\"Purpose\":\"CALIBRATION_CameraPurposePhotoVideo\"", "\"Purpose\":\"CALIBRATION_CameraPurposeVideo\"",
          "no colour camera" },
        { "\"SensorType\":\"CALIBRATION_InertialSensorType_Gyro\"", "\"SensorType\":\"Gyro\"", "no gyroscope" },
        { "\"SensorType\":\"CALIBRATION_InertialSensorType_Accelerometer\"", "\"SensorType\":7", "no accelerometer" },
        { "\"ModelType\":\"CALIBRATION_LensDistortionModelBrownConrady\"",
          "\"ModelType\":\"CALIBRATION_LensDistortionModelTheta\"", "not a supported lens model" },
        { "\"ModelType\":\"CALIBRATION_LensDistortionModelBrownConrady\"", "\"ModelType\":3", "ModelType is missing" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":13", "ModelParameterCount is 13" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":16", "ModelParameterCount is 16" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":15", "has 14 values, 15 expected" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":14.5", "not a whole number" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":-1e300",
          "ModelParameterCount (-1e+300) is not a whole number" },
        { "\"ModelParameterCount\":14", "\"ModelParameterCount\":\"14\"", "ModelParameterCount is missing" },
        { "0.4927808940410614", "1e999", "not a finite" },
        { "0.4927808940410614", "-1e39", "not a finite" },
        { "0.4927808940410614", "\"NaN\"", "[2] is not a number" },
        { "0.4927808940410614", "0", "focal lengths" },
        { "0.4927808940410614", "-0.49", "focal lengths" },
        { "0.4927808940410614", "0.4927808940410614,0.5", "has 15 values, 14 expected" },
        { "\"MetricRadius\":1.7399997711181641", "\"MetricRadius\":1e40", "MetricRadius (1e+40) is not a finite" },
        { "\"MetricRadius\":1.7399997711181641", "\"MetricRadius\":-1.74", "MetricRadius (-1.74) is negative" },
        { "\"MetricRadius\":1.7399997711181641", "\"MetricRadius\":null", "MetricRadius is missing" },
        { "\"Rotation\":[1,0,0,0,1,0,0,0,1]", "\"Rotation\":[1,0,0,0,1e30,0,0,0,1]", "Rotation[4]" },
        { "\"Rotation\":[1,0,0,0,1,0,0,0,1]", "\"Rotation\":[1,0,0,0,1,0,0,0]", "has 8 values, 9 expected" },
        { "\"Rotation\":[1,0,0,0,1,0,0,0,1]", "\"Rotation\":{}", "Rotation is missing or not an array" },
        { "\"Translation\":[0,0,0]", "\"Translation\":[0,3e38,0]", "Translation[1] is out of range" },
        { "\"Rt\"", "\"RT\"", "Rt is missing" },
        { "\"Intrinsics\"", "\"Intrinsic\"", "Intrinsics is missing" },
        { "\"SensorWidth\":1024", "\"SensorWidth\":0", "SensorWidth (0) is not a whole number" },
        { "\"SensorWidth\":1024", "\"SensorWidth\":-1024", "SensorWidth (-1024)" },
        { "\"SensorWidth\":1024", "\"SensorWidth\":1024.5", "SensorWidth (1024.5)" },
        { "\"SensorWidth\":1024", "\"SensorWidth\":1e300", "SensorWidth (1e+300)" },
        { "\"SensorHeight\":1024", "\"SensorHeight\":512", "not square" },
        { "\"SensorWidth\":4096", "\"SensorWidth\":4000", "neither 4:3 nor 16:9" },
        { "-0.0509832426905632", "-5e40", "not a finite" },
    };
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++)
    {
        size_t n;
        char what[160];
        char *text = edited(edits[i].from, edits[i].to, &n);
        snprintf(what, sizeof(what), "%s -> %s", edits[i].from, edits[i].to);
        /* a raw calibration is checked whole, whichever camera the mode uses */
        expect_failure(what, text, n, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, edits[i].needle);
        expect_failure(what, text, n, K4A_DEPTH_MODE_OFF, K4A_COLOR_RESOLUTION_3072P, edits[i].needle);
        free(text);
    }
    /* the message names where the bad value is */
    size_t n;
    char *text = edited("\"ModelParameterCount\":14", "\"ModelParameterCount\":99", &n);
    EXPECT_TRUE(expect_failure("path in message", text, n, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P,
                               "CalibrationInformation.Cameras[0].Intrinsics.ModelParameterCount is 99"));
    free(text);
}

/* A MetricRadius of 0 becomes 1.7 for the depth camera as for the colour camera (Orbbec Femto
 * calibrations write 0 for both): the depth camera then sees a valid region, not none. */
static void test_zero_metric_radius_becomes_1_7_for_either_camera(void)
{
    size_t n, plain_n;
    char *plain = edited("\"ModelParameterCount\":14", "\"ModelParameterCount\":14", &plain_n);
    char *zero = edited("\"MetricRadius\":1.7399997711181641", "\"MetricRadius\":0", &n);
    k4a_calibration_t want, got;
    EXPECT_EQ(call(plain, plain_n + 1, plain_n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_3072P, &want),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(call(zero, n + 1, n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_3072P, &got),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(want.depth_camera_calibration.metric_radius, 1.74f); /* as written */
    EXPECT_EQ(got.depth_camera_calibration.metric_radius, 1.7f);
    EXPECT_EQ(got.color_camera_calibration.metric_radius, 1.7f); /* written as 0 in this input too */
    /* nothing else changes */
    got.depth_camera_calibration.metric_radius = want.depth_camera_calibration.metric_radius;
    EXPECT_TRUE(memcmp(&want, &got, sizeof(got)) == 0);

    /* the depth camera's valid region: the image centre unprojects (with a radius of 0 nothing
     * would); a WFOV corner ray beyond the radius of 1.7 does not, though it does at 1.74 */
    EXPECT_EQ(call(zero, n + 1, n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_3072P, &got),
              K4A_RESULT_SUCCEEDED);
    k4a_float2_t centre = { { 511.5f, 511.5f } };
    k4a_float3_t point;
    int valid = 0;
    EXPECT_EQ(k4a_calibration_2d_to_3d(&got, &centre, 1000.f, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_DEPTH,
                                       &point, &valid),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(valid, 1);
    /* the unit-plane point at radius 1.72 along the diagonal projects validly with 1.74 and not with 1.7 */
    k4a_float3_t ray = { { 1.72f / sqrtf(2.f) * 1000.f, 1.72f / sqrtf(2.f) * 1000.f, 1000.f } };
    k4a_float2_t pixel;
    EXPECT_EQ(
        k4a_calibration_3d_to_2d(&want, &ray, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_DEPTH, &pixel, &valid),
        K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(valid, 1);
    EXPECT_EQ(
        k4a_calibration_3d_to_2d(&got, &ray, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_DEPTH, &pixel, &valid),
        K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(valid, 0);
    free(plain);
    free(zero);
}

static void test_accepts_padding_white_space_and_bytes_after_the_nul(void)
{
    const char *text;
    size_t n;
    k4a_calibration_t want, got;
    input_text(find_input("raw_calibration_bin"), false, &text, &n);
    char *plain = with_nul(text, n);
    EXPECT_EQ(call(plain, n + 1, n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_1536P, &want),
              K4A_RESULT_SUCCEEDED);

    /* white space around the text */
    char *spaced = malloc(n + 8);
    memcpy(spaced, " \r\n\t", 4);
    memcpy(spaced + 4, text, n);
    memcpy(spaced + 4 + n, "\n \t\0", 4);
    EXPECT_EQ(call(spaced, n + 8, n + 8, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_1536P, &got),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(memcmp(&want, &got, sizeof(got)) == 0);

    /* whatever follows the terminating NUL is not read as text */
    char *tail = malloc(n + 10);
    memcpy(tail, plain, n + 1);
    memcpy(tail + n + 1, "garbage!!", 9);
    EXPECT_EQ(call(tail, n + 10, n + 10, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_1536P, &got),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(memcmp(&want, &got, sizeof(got)) == 0);

    /* a number written with many more digits than needed reads as the same value */
    size_t long_n, plain_n;
    char long_fx[256] = "4.927808940410614";
    memset(long_fx + strlen(long_fx), '0', 150);
    strcpy(long_fx + 17 + 150, "e-1");
    char *plain_pyk4a = edited("\"ModelParameterCount\":14", "\"ModelParameterCount\":14", &plain_n);
    char *long_pyk4a = edited("0.4927808940410614", long_fx, &long_n);
    EXPECT_EQ(
        call(plain_pyk4a, plain_n + 1, plain_n + 1, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, &want),
        K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(call(long_pyk4a, long_n + 1, long_n + 1, K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_COLOR_RESOLUTION_720P, &got),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(memcmp(&want, &got, sizeof(got)) == 0);
    free(plain_pyk4a);
    free(long_pyk4a);

    /* the same calls again give the same bytes (nothing left uninitialised in between) */
    EXPECT_EQ(call(plain, n + 1, n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_1536P, &want),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(call(plain, n + 1, n + 1, K4A_DEPTH_MODE_WFOV_UNBINNED, K4A_COLOR_RESOLUTION_1536P, &got),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(memcmp(&want, &got, sizeof(got)) == 0);
    free(plain);
    free(spaced);
    free(tail);
}

int main(void)
{
    if (!load_reference())
    {
        fprintf(stderr, "the reference vectors in %s could not be read\n", SET_DIR);
        return 1;
    }
    RUN(test_every_manifest_item_matches_the_reference_bit_for_bit);
    RUN(test_raw_size_variants_behave_as_listed);
    RUN(test_refuses_null_and_empty_arguments);
    RUN(test_refuses_out_of_range_modes);
    RUN(test_truncated_text_fails_at_every_cut);
    RUN(test_corrupted_bytes_fail_or_give_finite_values);
    RUN(test_refuses_text_that_is_not_json);
    RUN(test_refuses_missing_members_and_absurd_numbers);
    RUN(test_accepts_padding_white_space_and_bytes_after_the_nul);
    RUN(test_zero_metric_radius_becomes_1_7_for_either_camera);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    json_free(manifest);
    for (size_t i = 0; i < input_count; i++)
        free(inputs[i].bytes);
    return check_summary();
}
