/*
 * k4a_calibration_get_from_raw: from a device's raw calibration text to the calibration of one
 * depth mode and colour resolution.
 *
 * The raw format. A device keeps its factory calibration as one JSON document (a recording stores
 * the same bytes as its calibration attachment), usually followed by a NUL byte. Its object
 * "CalibrationInformation" holds "Cameras" (one object per camera, told apart by "Purpose": the
 * depth camera and the "PhotoVideo" colour camera) and "InertialSensors" (told apart by
 * "SensorType": gyroscope and accelerometer). A camera has "Intrinsics" ("ModelType",
 * "ModelParameterCount", "ModelParameters"), "MetricRadius", "SensorWidth"/"SensorHeight" and "Rt";
 * a sensor has "Rt". Each Rt is a row-major 3x3 "Rotation" and a "Translation" in metres that take
 * a point from the depth camera's frame into that device's frame. The model parameters come in the
 * order of k4a_calibration_intrinsic_parameters_t (cx cy fx fy k1..k6 codx cody p2 p1 and, for a
 * count of 15, a metric radius) and are unitized: cx and fx are fractions of the sensor width, cy
 * and fy of its height, with (0, 0) at the outer corner of the top-left pixel. The depth sensor is
 * square (1024x1024). A colour calibration is for the 4:3 sensor (4096x3072), except on early units
 * whose sensor size is given as 16:9 (e.g. 3840x2160): their values are unitized over a 4096x2304
 * window, which we restate for 4096x3072 by scaling the vertical terms by 2304/3072 and moving the
 * principal point down by the 384 lines that window leaves out at the top. A MetricRadius of 0
 * becomes 1.7 for either camera, as in the reference (the colour camera of production units says
 * "PV0_max_radius_invalid"; Orbbec Femto calibrations write 0 for both cameras).
 *
 * The text must end with a NUL within the size given (the reference refuses it otherwise); what
 * follows the first NUL is not read.
 *
 * The mode adjustment. Each mode reads the sensor at a scale (W x H: the whole sensor at that
 * scale, e.g. 512x512 for the binned depth modes) and keeps a window of it (offset, size). So the
 * pixel intrinsics are fx*W and fy*H, and the principal point is cx*W - offset_x - 0.5 (likewise
 * for y), the 0.5 moving the origin to the centre of the top-left pixel. Distortion terms do not
 * depend on the mode. A camera that is OFF gets an all-zero struct (model UNKNOWN, no parameters).
 *
 * Extrinsics. Let E_x be the depth-to-x transform of each device: the raw Rt with the translation
 * in millimetres (for the depth camera its own Rt, the identity in practice), all zero for a camera
 * that is OFF. A camera struct's extrinsics are its E, and extrinsics[s][t] is E_t composed with the
 * inverse of E_s (so rows and columns of an OFF camera come out as zero rotations with whatever
 * translation is left over, as in the reference). The arithmetic is single precision, each sum of
 * three products taken left to right from the first; that reproduces the reference bit for bit,
 * including the -0 entries where an OFF camera's zero rotation meets negative terms.
 */
#include "../common/json.h"
#include "../common/log.h"

#include <k4a/k4a.h>

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Sums of products must not become fused multiply-adds: the results are compared bit for bit.
 * GCC leaves them unfused in ISO C mode (-std=c11); clang needs to be told. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define FN "k4a_calibration_get_from_raw"

/* A mode: the sensor at the mode's scale (W x H), the window's offset in it and the output size. */
typedef struct
{
    int scaled_width, scaled_height;
    int offset_x, offset_y;
    int width, height;
} mode_geometry_t;

static const mode_geometry_t depth_geometry[] = {
    [K4A_DEPTH_MODE_OFF] = { 0, 0, 0, 0, 0, 0 },
    [K4A_DEPTH_MODE_NFOV_2X2BINNED] = { 512, 512, 96, 90, 320, 288 },
    [K4A_DEPTH_MODE_NFOV_UNBINNED] = { 1024, 1024, 192, 180, 640, 576 },
    [K4A_DEPTH_MODE_WFOV_2X2BINNED] = { 512, 512, 0, 0, 512, 512 },
    [K4A_DEPTH_MODE_WFOV_UNBINNED] = { 1024, 1024, 0, 0, 1024, 1024 },
    [K4A_DEPTH_MODE_PASSIVE_IR] = { 1024, 1024, 0, 0, 1024, 1024 },
};

static const mode_geometry_t color_geometry[] = {
    [K4A_COLOR_RESOLUTION_OFF] = { 0, 0, 0, 0, 0, 0 },
    [K4A_COLOR_RESOLUTION_720P] = { 1280, 960, 0, 120, 1280, 720 },
    [K4A_COLOR_RESOLUTION_1080P] = { 1920, 1440, 0, 180, 1920, 1080 },
    [K4A_COLOR_RESOLUTION_1440P] = { 2560, 1920, 0, 240, 2560, 1440 },
    [K4A_COLOR_RESOLUTION_1536P] = { 2048, 1536, 0, 0, 2048, 1536 },
    [K4A_COLOR_RESOLUTION_2160P] = { 3840, 2880, 0, 360, 3840, 2160 },
    [K4A_COLOR_RESOLUTION_3072P] = { 4096, 3072, 0, 0, 4096, 3072 },
};

#define PARAMETERS_MAX 15

/* One camera as the raw text describes it, unitized for a 4:3 (colour) or square (depth) sensor. */
typedef struct
{
    k4a_calibration_model_type_t model;
    unsigned int parameter_count;
    float parameters[PARAMETERS_MAX];
    float metric_radius;
    k4a_calibration_extrinsics_t depth_to_camera; /* millimetres */
} raw_camera_t;

typedef struct
{
    raw_camera_t depth;
    raw_camera_t color;
    k4a_calibration_extrinsics_t depth_to_gyro;
    k4a_calibration_extrinsics_t depth_to_accel;
} raw_calibration_t;

/* The radius a camera whose raw MetricRadius is 0 gets, depth or colour (production colour cameras,
 * whose notes say "PV0_max_radius_invalid", and both cameras of Orbbec Femto calibrations), as in
 * the reference. */
#define DEFAULT_METRIC_RADIUS 1.7f

/* ---- reading values ------------------------------------------------------------------------ */

/* A number that is finite as a float. */
static k4a_result_t read_float(const json_value_t *value, const char *path, const char *name, float *out)
{
    CHECK(json_is(value, JSON_NUMBER), FN ": %s.%s is missing or not a number", path, name);
    CHECK(isfinite(value->number) && fabs(value->number) <= FLT_MAX,
          FN ": %s.%s (%g) is not a finite single-precision number", path, name, value->number);
    *out = (float)value->number;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* An array of exactly count finite numbers. */
static k4a_result_t read_floats(const json_value_t *array, const char *path, const char *name, float *out, size_t count)
{
    CHECK(json_is(array, JSON_ARRAY), FN ": %s.%s is missing or not an array", path, name);
    CHECK(json_count(array) == count, FN ": %s.%s has %zu values, %zu expected", path, name, json_count(array), count);
    size_t i = 0;
    for (const json_value_t *v = array->first; v != NULL && i < count; v = v->next, i++)
    {
        CHECK(json_is(v, JSON_NUMBER), FN ": %s.%s[%zu] is not a number", path, name, i);
        CHECK(isfinite(v->number) && fabs(v->number) <= FLT_MAX,
              FN ": %s.%s[%zu] (%g) is not a finite single-precision number", path, name, i, v->number);
        out[i] = (float)v->number;
    }
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* A whole number in [min, max]. */
static k4a_result_t read_int(const json_value_t *value, const char *path, const char *name, int min, int max, int *out)
{
    CHECK(json_is(value, JSON_NUMBER), FN ": %s.%s is missing or not a number", path, name);
    double d = value->number;
    CHECK(d >= min && d <= max && d == floor(d), FN ": %s.%s (%g) is not a whole number from %d to %d", path, name, d,
          min, max);
    *out = (int)d;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* An "Rt" object: rotation entries within [-1, 1] (with a little slack for rounding) and the
 * translation converted from metres to millimetres. */
static k4a_result_t read_rt(const json_value_t *owner, const char *path, k4a_calibration_extrinsics_t *out)
{
    char rt_path[160];
    const json_value_t *rt = json_member(owner, "Rt");
    CHECK(json_is(rt, JSON_OBJECT), FN ": %s.Rt is missing or not an object", path);
    snprintf(rt_path, sizeof(rt_path), "%s.Rt", path);
    if (K4A_FAILED(read_floats(json_member(rt, "Rotation"), rt_path, "Rotation", out->rotation, 9)) ||
        K4A_FAILED(read_floats(json_member(rt, "Translation"), rt_path, "Translation", out->translation, 3)))
        goto fail;
    for (int i = 0; i < 9; i++)
        CHECK(fabsf(out->rotation[i]) <= 1.001f, FN ": %s.Rotation[%d] (%g) is not an entry of a rotation matrix",
              rt_path, i, (double)out->rotation[i]);
    for (int i = 0; i < 3; i++)
    {
        out->translation[i] = out->translation[i] * 1000.0f;
        CHECK(isfinite(out->translation[i]), FN ": %s.Translation[%d] is out of range", rt_path, i);
    }
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* One entry of Cameras[]: its lens model and parameters, metric radius and Rt. */
static k4a_result_t read_camera(const json_value_t *camera, const char *path, bool color, raw_camera_t *out)
{
    char intrinsics_path[160];
    int count = 0, sensor_width = 0, sensor_height = 0;
    const json_value_t *intrinsics = json_member(camera, "Intrinsics");
    CHECK(json_is(intrinsics, JSON_OBJECT), FN ": %s.Intrinsics is missing or not an object", path);
    snprintf(intrinsics_path, sizeof(intrinsics_path), "%s.Intrinsics", path);

    const char *model = json_string_or(json_member(intrinsics, "ModelType"), NULL);
    CHECK(model != NULL, FN ": %s.ModelType is missing or not a string", intrinsics_path);
    if (strcmp(model, "CALIBRATION_LensDistortionModelBrownConrady") == 0)
        out->model = K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY;
    else if (strcmp(model, "CALIBRATION_LensDistortionModelRational6KT") == 0)
        out->model = K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT;
    else
        CHECK(false, FN ": %s.ModelType \"%.60s\" is not a supported lens model (BrownConrady or Rational6KT)",
              intrinsics_path, model);

    if (K4A_FAILED(read_int(json_member(intrinsics, "ModelParameterCount"), intrinsics_path, "ModelParameterCount",
                            INT32_MIN, INT32_MAX, &count)))
        goto fail;
    CHECK(count == 14 || count == 15, FN ": %s.ModelParameterCount is %d, 14 or 15 expected", intrinsics_path, count);
    out->parameter_count = (unsigned int)count;
    memset(out->parameters, 0, sizeof(out->parameters));
    if (K4A_FAILED(read_floats(json_member(intrinsics, "ModelParameters"), intrinsics_path, "ModelParameters",
                               out->parameters, (size_t)count)))
        goto fail;
    /* cx, cy, fx, fy: a focal length must be positive */
    CHECK(out->parameters[2] > 0.0f && out->parameters[3] > 0.0f,
          FN ": %s.ModelParameters has focal lengths fx %g, fy %g; both must be positive", intrinsics_path,
          (double)out->parameters[2], (double)out->parameters[3]);

    if (K4A_FAILED(read_float(json_member(camera, "MetricRadius"), path, "MetricRadius", &out->metric_radius)))
        goto fail;
    CHECK(out->metric_radius >= 0.0f, FN ": %s.MetricRadius (%g) is negative", path, (double)out->metric_radius);
    if (out->metric_radius == 0.0f)
        out->metric_radius = DEFAULT_METRIC_RADIUS;

    if (K4A_FAILED(read_int(json_member(camera, "SensorWidth"), path, "SensorWidth", 1, 65536, &sensor_width)) ||
        K4A_FAILED(read_int(json_member(camera, "SensorHeight"), path, "SensorHeight", 1, 65536, &sensor_height)))
        goto fail;
    if (!color)
        CHECK(sensor_width == sensor_height, FN ": %s: depth sensor %dx%d is not square", path, sensor_width,
              sensor_height);
    else if (sensor_width * 9 == sensor_height * 16)
    {
        /* a legacy 16:9 calibration (4096x2304): restate it for the 4:3 sensor (4096x3072) */
        float *p = out->parameters;
        p[1] = (p[1] * 2304.0f + 384.0f) / 3072.0f;
        p[3] = p[3] * 2304.0f / 3072.0f;
    }
    else
        CHECK(sensor_width * 3 == sensor_height * 4, FN ": %s: colour sensor %dx%d is neither 4:3 nor 16:9", path,
              sensor_width, sensor_height);

    return read_rt(camera, path, &out->depth_to_camera);
fail:
    return K4A_RESULT_FAILED;
}

/* The first entry of an array whose string member key equals value, and its index. */
static const json_value_t *find_entry(const json_value_t *array, const char *key, const char *value, size_t *index)
{
    size_t i = 0;
    for (const json_value_t *v = array->first; v != NULL; v = v->next, i++)
    {
        const char *s = json_string_or(json_member(v, key), NULL);
        if (s != NULL && strcmp(s, value) == 0)
        {
            *index = i;
            return v;
        }
    }
    return NULL;
}

static k4a_result_t read_raw_calibration(const json_value_t *root, raw_calibration_t *out)
{
    static const char *depth_purpose = "CALIBRATION_CameraPurposeDepth";
    static const char *color_purpose = "CALIBRATION_CameraPurposePhotoVideo";
    static const char *gyro_type = "CALIBRATION_InertialSensorType_Gyro";
    static const char *accel_type = "CALIBRATION_InertialSensorType_Accelerometer";
    char path[96];
    size_t index = 0;

    CHECK(json_is(root, JSON_OBJECT), FN ": the raw calibration is not a JSON object");
    const json_value_t *info = json_member(root, "CalibrationInformation");
    CHECK(json_is(info, JSON_OBJECT), FN ": CalibrationInformation is missing or not an object");
    const json_value_t *cameras = json_member(info, "Cameras");
    CHECK(json_is(cameras, JSON_ARRAY), FN ": CalibrationInformation.Cameras is missing or not an array");
    const json_value_t *sensors = json_member(info, "InertialSensors");
    CHECK(json_is(sensors, JSON_ARRAY), FN ": CalibrationInformation.InertialSensors is missing or not an array");

    const json_value_t *depth = find_entry(cameras, "Purpose", depth_purpose, &index);
    CHECK(depth != NULL, FN ": CalibrationInformation.Cameras has no depth camera (Purpose %s)", depth_purpose);
    snprintf(path, sizeof(path), "CalibrationInformation.Cameras[%zu]", index);
    if (K4A_FAILED(read_camera(depth, path, false, &out->depth)))
        goto fail;

    const json_value_t *color = find_entry(cameras, "Purpose", color_purpose, &index);
    CHECK(color != NULL, FN ": CalibrationInformation.Cameras has no colour camera (Purpose %s)", color_purpose);
    snprintf(path, sizeof(path), "CalibrationInformation.Cameras[%zu]", index);
    if (K4A_FAILED(read_camera(color, path, true, &out->color)))
        goto fail;

    const json_value_t *gyro = find_entry(sensors, "SensorType", gyro_type, &index);
    CHECK(gyro != NULL, FN ": CalibrationInformation.InertialSensors has no gyroscope (SensorType %s)", gyro_type);
    snprintf(path, sizeof(path), "CalibrationInformation.InertialSensors[%zu]", index);
    if (K4A_FAILED(read_rt(gyro, path, &out->depth_to_gyro)))
        goto fail;

    const json_value_t *accel = find_entry(sensors, "SensorType", accel_type, &index);
    CHECK(accel != NULL, FN ": CalibrationInformation.InertialSensors has no accelerometer (SensorType %s)",
          accel_type);
    snprintf(path, sizeof(path), "CalibrationInformation.InertialSensors[%zu]", index);
    return read_rt(accel, path, &out->depth_to_accel);
fail:
    return K4A_RESULT_FAILED;
}

/* ---- building the calibration of a mode ---------------------------------------------------- */

/* The camera's intrinsics for a mode; all zero when the camera is off (geometry 0). */
static k4a_result_t camera_for_mode(const raw_camera_t *raw, const mode_geometry_t *mode, const char *name,
                                    k4a_calibration_camera_t *out)
{
    memset(out, 0, sizeof(*out));
    if (mode->width == 0)
        return K4A_RESULT_SUCCEEDED;
    out->extrinsics = raw->depth_to_camera;
    out->intrinsics.type = raw->model;
    out->intrinsics.parameter_count = raw->parameter_count;
    memcpy(out->intrinsics.parameters.v, raw->parameters, raw->parameter_count * sizeof(float));
    struct _param *p = &out->intrinsics.parameters.param;
    p->cx = p->cx * (float)mode->scaled_width - (float)mode->offset_x - 0.5f;
    p->cy = p->cy * (float)mode->scaled_height - (float)mode->offset_y - 0.5f;
    p->fx = p->fx * (float)mode->scaled_width;
    p->fy = p->fy * (float)mode->scaled_height;
    CHECK(isfinite(p->cx) && isfinite(p->cy) && isfinite(p->fx) && isfinite(p->fy),
          FN ": the %s camera's intrinsics are out of range for the mode", name);
    out->resolution_width = mode->width;
    out->resolution_height = mode->height;
    out->metric_radius = raw->metric_radius;
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

/* a0 b0 + a1 b1 + a2 b2 in single precision, summed left to right from the first product (so a
 * sum of -0 products stays -0, as in the reference). */
static float dot3(const float *a, int a_step, const float *b, int b_step)
{
    float sum = a[0] * b[0];
    sum += a[a_step] * b[b_step];
    sum += a[2 * a_step] * b[2 * b_step];
    return sum;
}

/* The inverse of a rigid transform: R^T and -R^T t. */
static void invert(const k4a_calibration_extrinsics_t *in, k4a_calibration_extrinsics_t *out)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out->rotation[i * 3 + j] = in->rotation[j * 3 + i];
    for (int i = 0; i < 3; i++)
        out->translation[i] = -dot3(&out->rotation[i * 3], 1, in->translation, 1);
}

/* first, then second: rotation R2 R1, translation R2 t1 + t2. */
static void compose(const k4a_calibration_extrinsics_t *first, const k4a_calibration_extrinsics_t *second,
                    k4a_calibration_extrinsics_t *out)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out->rotation[i * 3 + j] = dot3(&second->rotation[i * 3], 1, &first->rotation[j], 3);
    for (int i = 0; i < 3; i++)
        out->translation[i] = dot3(&second->rotation[i * 3], 1, first->translation, 1) + second->translation[i];
}

k4a_result_t k4a_calibration_get_from_raw(char *raw_calibration, size_t raw_calibration_size,
                                          const k4a_depth_mode_t depth_mode,
                                          const k4a_color_resolution_t color_resolution, k4a_calibration_t *calibration)
{
    k4a_result_t result = K4A_RESULT_FAILED;
    json_document_t *document = NULL;
    const char *end = NULL;
    char error[128];
    raw_calibration_t raw;
    k4a_calibration_t out;

    CHECK(raw_calibration != NULL, FN ": raw_calibration is NULL");
    CHECK(raw_calibration_size > 0, FN ": raw_calibration_size is 0");
    CHECK(calibration != NULL, FN ": calibration is NULL");
    CHECK(depth_mode >= K4A_DEPTH_MODE_OFF && depth_mode <= K4A_DEPTH_MODE_PASSIVE_IR,
          FN ": depth_mode %d is not a k4a_depth_mode_t", (int)depth_mode);
    CHECK(color_resolution >= K4A_COLOR_RESOLUTION_OFF && color_resolution <= K4A_COLOR_RESOLUTION_3072P,
          FN ": color_resolution %d is not a k4a_color_resolution_t", (int)color_resolution);
    CHECK(depth_mode != K4A_DEPTH_MODE_OFF || color_resolution != K4A_COLOR_RESOLUTION_OFF,
          FN ": depth_mode and color_resolution are both OFF; at least one camera must be on");

    /* The text ends at its NUL, which must lie within the given size (as the reference requires). */
    end = memchr(raw_calibration, '\0', raw_calibration_size);
    CHECK(end != NULL, FN ": raw_calibration has no terminating NUL within raw_calibration_size (%zu bytes)",
          raw_calibration_size);
    CHECK(end != raw_calibration, FN ": raw_calibration is empty text");
    document = json_parse(raw_calibration, (size_t)(end - raw_calibration), error, sizeof(error));
    CHECK(document != NULL, FN ": raw_calibration is not valid JSON (%s)", error);

    memset(&raw, 0, sizeof(raw));
    if (K4A_FAILED(read_raw_calibration(json_root(document), &raw)))
        goto fail;

    memset(&out, 0, sizeof(out));
    out.depth_mode = depth_mode;
    out.color_resolution = color_resolution;
    if (K4A_FAILED(camera_for_mode(&raw.depth, &depth_geometry[depth_mode], "depth", &out.depth_camera_calibration)) ||
        K4A_FAILED(
            camera_for_mode(&raw.color, &color_geometry[color_resolution], "colour", &out.color_camera_calibration)))
        goto fail;

    /* depth-to-device transforms; an OFF camera's stays all zero, as in its camera struct */
    const k4a_calibration_extrinsics_t *from_depth[K4A_CALIBRATION_TYPE_NUM] = {
        &out.depth_camera_calibration.extrinsics,
        &out.color_camera_calibration.extrinsics,
        &raw.depth_to_gyro,
        &raw.depth_to_accel,
    };
    for (int s = 0; s < K4A_CALIBRATION_TYPE_NUM; s++)
    {
        k4a_calibration_extrinsics_t to_depth;
        invert(from_depth[s], &to_depth);
        for (int t = 0; t < K4A_CALIBRATION_TYPE_NUM; t++)
            compose(&to_depth, from_depth[t], &out.extrinsics[s][t]);
    }

    *calibration = out;
    result = K4A_RESULT_SUCCEEDED;
fail:
    json_free(document);
    return result;
}
