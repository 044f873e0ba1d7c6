/*
 * Reading the reference vectors: see testdata.h.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "testdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const char *td_path(const char *set, const char *file)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s/%s", K4A4J_TESTDATA, set, file);
    return path;
}

char *td_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (f == NULL)
    {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0)
    {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0)
        {
            data = malloc((size_t)n + 1);
            if (data != NULL && fread(data, 1, (size_t)n, f) == (size_t)n)
            {
                data[n] = '\0';
                if (size != NULL)
                    *size = (size_t)n;
            }
            else
            {
                free(data);
                data = NULL;
            }
        }
    }
    fclose(f);
    return data;
}

uint8_t *td_gunzip_file(const char *path, size_t *size)
{
    size_t packed_size = 0;
    char *packed = td_read_file(path, &packed_size);
    if (packed == NULL)
        return NULL;
    size_t capacity = packed_size * 4 + 4096, used = 0;
    uint8_t *out = malloc(capacity);
    z_stream z;
    memset(&z, 0, sizeof(z));
    int ok = out != NULL && inflateInit2(&z, 16 + MAX_WBITS) == Z_OK; /* 16: gzip wrapper */
    if (ok)
    {
        z.next_in = (Bytef *)packed;
        z.avail_in = (uInt)packed_size;
        int status = Z_OK;
        while (status == Z_OK)
        {
            if (used == capacity)
            {
                uint8_t *bigger = realloc(out, capacity * 2);
                if (bigger == NULL)
                    break;
                out = bigger;
                capacity *= 2;
            }
            z.next_out = out + used;
            z.avail_out = (uInt)(capacity - used);
            status = inflate(&z, Z_NO_FLUSH);
            used = capacity - z.avail_out;
        }
        ok = status == Z_STREAM_END;
        inflateEnd(&z);
    }
    free(packed);
    if (!ok)
    {
        fprintf(stderr, "cannot decompress %s\n", path);
        free(out);
        return NULL;
    }
    *size = used;
    return out;
}

uint8_t *td_load_payload(const char *set, const json_value_t *descriptor, size_t *size)
{
    const char *file = json_string_or(json_member(descriptor, "file"), NULL);
    if (file == NULL)
        return NULL;
    size_t n = 0;
    uint8_t *data = td_gunzip_file(td_path(set, file), &n);
    if (data != NULL && n != (size_t)json_number_or(json_member(descriptor, "size_bytes"), -1))
    {
        fprintf(stderr, "%s: %zu bytes, the manifest says %.0f\n", file, n,
                json_number_or(json_member(descriptor, "size_bytes"), -1));
        free(data);
        return NULL;
    }
    if (size != NULL)
        *size = n;
    return data;
}

json_document_t *td_load_manifest(const char *set)
{
    size_t n = 0;
    char *text = td_read_file(td_path(set, "manifest.json"), &n);
    if (text == NULL)
        return NULL;
    char error[256];
    json_document_t *doc = json_parse(text, n, error, sizeof(error));
    if (doc == NULL)
        fprintf(stderr, "%s/manifest.json: %s\n", set, error);
    free(text);
    return doc;
}

float td_float(const json_value_t *value)
{
    const char *s = json_string_or(value, NULL);
    if (s != NULL)
    {
        if (strcmp(s, "NaN") == 0)
            return NAN;
        if (strcmp(s, "Infinity") == 0)
            return INFINITY;
        if (strcmp(s, "-Infinity") == 0)
            return -INFINITY;
    }
    return (float)json_number_or(value, NAN);
}

static const struct
{
    const char *name;
    int value;
} enum_names[] = {
    { "K4A_RESULT_SUCCEEDED", 0 },
    { "K4A_RESULT_FAILED", 1 },
    { "K4A_DEPTH_MODE_OFF", 0 },
    { "K4A_DEPTH_MODE_NFOV_2X2BINNED", 1 },
    { "K4A_DEPTH_MODE_NFOV_UNBINNED", 2 },
    { "K4A_DEPTH_MODE_WFOV_2X2BINNED", 3 },
    { "K4A_DEPTH_MODE_WFOV_UNBINNED", 4 },
    { "K4A_DEPTH_MODE_PASSIVE_IR", 5 },
    { "K4A_COLOR_RESOLUTION_OFF", 0 },
    { "K4A_COLOR_RESOLUTION_720P", 1 },
    { "K4A_COLOR_RESOLUTION_1080P", 2 },
    { "K4A_COLOR_RESOLUTION_1440P", 3 },
    { "K4A_COLOR_RESOLUTION_1536P", 4 },
    { "K4A_COLOR_RESOLUTION_2160P", 5 },
    { "K4A_COLOR_RESOLUTION_3072P", 6 },
    { "K4A_IMAGE_FORMAT_COLOR_MJPG", 0 },
    { "K4A_IMAGE_FORMAT_COLOR_NV12", 1 },
    { "K4A_IMAGE_FORMAT_COLOR_YUY2", 2 },
    { "K4A_IMAGE_FORMAT_COLOR_BGRA32", 3 },
    { "K4A_IMAGE_FORMAT_DEPTH16", 4 },
    { "K4A_IMAGE_FORMAT_IR16", 5 },
    { "K4A_IMAGE_FORMAT_CUSTOM8", 6 },
    { "K4A_IMAGE_FORMAT_CUSTOM16", 7 },
    { "K4A_IMAGE_FORMAT_CUSTOM", 8 },
    { "K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST", 0 },
    { "K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR", 1 },
    { "K4A_CALIBRATION_TYPE_UNKNOWN", -1 },
    { "K4A_CALIBRATION_TYPE_DEPTH", 0 },
    { "K4A_CALIBRATION_TYPE_COLOR", 1 },
    { "K4A_CALIBRATION_TYPE_GYRO", 2 },
    { "K4A_CALIBRATION_TYPE_ACCEL", 3 },
    { "K4A_CALIBRATION_TYPE_NUM", 4 },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_UNKNOWN", 0 },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_THETA", 1 },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_POLYNOMIAL_3K", 2 },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT", 3 },
    { "K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY", 4 },
};

int td_enum(const json_value_t *value)
{
    if (json_is(value, JSON_NUMBER))
        return (int)value->number;
    const char *s = json_string_or(value, "");
    for (size_t i = 0; i < sizeof(enum_names) / sizeof(enum_names[0]); i++)
        if (strcmp(s, enum_names[i].name) == 0)
            return enum_names[i].value;
    return -1000;
}

static void floats(const json_value_t *array, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
    {
        const json_value_t *item = json_item(array, i);
        out[i] = json_is(item, JSON_NULL) ? 0.f : td_float(item);
    }
}

static void camera(const json_value_t *object, k4a_calibration_camera_t *c)
{
    static const char *names[15] = { "cx", "cy", "fx",   "fy",   "k1", "k2", "k3",           "k4",
                                     "k5", "k6", "codx", "cody", "p2", "p1", "metric_radius" };
    const json_value_t *intrinsics = json_member(object, "intrinsics");
    const json_value_t *parameters = json_member(intrinsics, "parameters");
    c->resolution_width = (int)json_number_or(json_member(object, "resolution_width"), 0);
    c->resolution_height = (int)json_number_or(json_member(object, "resolution_height"), 0);
    c->metric_radius = td_float(json_member(object, "metric_radius"));
    floats(json_member(json_member(object, "extrinsics"), "rotation"), c->extrinsics.rotation, 9);
    floats(json_member(json_member(object, "extrinsics"), "translation"), c->extrinsics.translation, 3);
    c->intrinsics.type = (k4a_calibration_model_type_t)td_enum(json_member(intrinsics, "type"));
    c->intrinsics.parameter_count = (unsigned int)json_number_or(json_member(intrinsics, "parameter_count"), 0);
    for (int i = 0; i < 15; i++)
    {
        const json_value_t *p = json_member(parameters, names[i]);
        c->intrinsics.parameters.v[i] = p == NULL || json_is(p, JSON_NULL) ? 0.f : td_float(p);
    }
}

bool td_calibration(const json_value_t *object, k4a_calibration_t *calibration)
{
    memset(calibration, 0, sizeof(*calibration));
    if (!json_is(object, JSON_OBJECT))
        return false;
    calibration->depth_mode = (k4a_depth_mode_t)td_enum(json_member(object, "depth_mode"));
    calibration->color_resolution = (k4a_color_resolution_t)td_enum(json_member(object, "color_resolution"));
    camera(json_member(object, "depth_camera_calibration"), &calibration->depth_camera_calibration);
    camera(json_member(object, "color_camera_calibration"), &calibration->color_camera_calibration);
    const json_value_t *extrinsics = json_member(object, "extrinsics");
    for (size_t i = 0; i < json_count(extrinsics); i++)
    {
        const json_value_t *e = json_item(extrinsics, i);
        int s = td_enum(json_member(e, "source")), t = td_enum(json_member(e, "target"));
        if (s < 0 || s > 3 || t < 0 || t > 3)
            return false;
        floats(json_member(e, "rotation"), calibration->extrinsics[s][t].rotation, 9);
        floats(json_member(e, "translation"), calibration->extrinsics[s][t].translation, 3);
    }
    return json_count(extrinsics) == 16;
}

int td_column(const json_value_t *table, const char *name)
{
    const json_value_t *columns = json_member(table, "columns");
    for (size_t i = 0; i < json_count(columns); i++)
        if (strcmp(json_string_or(json_item(columns, i), ""), name) == 0)
            return (int)i;
    return -1;
}

k4a_image_t td_image_from_payload(const char *set, const json_value_t *descriptor)
{
    size_t size = 0;
    uint8_t *data = td_load_payload(set, descriptor, &size);
    k4a_image_t image = NULL;
    if (data == NULL)
        return NULL;
    int format = td_enum(json_member(descriptor, "format"));
    int width = (int)json_number_or(json_member(descriptor, "width"), 0);
    int height = (int)json_number_or(json_member(descriptor, "height"), 0);
    int stride = (int)json_number_or(json_member(descriptor, "stride_bytes"), 0);
    if (k4a_image_create((k4a_image_format_t)format, width, height, stride, &image) == K4A_RESULT_SUCCEEDED)
    {
        if (k4a_image_get_size(image) >= size)
            memcpy(k4a_image_get_buffer(image), data, size);
        else
        {
            k4a_image_release(image);
            image = NULL;
        }
    }
    free(data);
    return image;
}
