/*
 * Benchmark of the transformation API and the point conversions on the reference frame of
 * ../shared/testdata/transformation (NFOV unbinned depth 640x576, 720p colour). Each operation is
 * warmed up, then timed many times; the table shows the median and the fastest run.
 *
 *   transformation_bench [runs] [filter]   (default 300 runs per operation; filter: only the
 *                                          operations whose name contains it, e.g. for callgrind;
 *                                          =name: only the operation of exactly that name)
 *
 * K4A4J_TRANSFORMATION_THREADS=1 (read by k4a_transformation_create) times one thread; with
 * `taskset -c 0` the process keeps to one core. TRANSFORMATION_BENCH_DUMP=file writes every
 * operation's output images there (for comparing two builds bit for bit: cmp the files).
 * TRANSFORMATION_BENCH_DECILES=1 also prints each operation's spread on stderr.
 *
 * Built with the core, never run by the tests; figures go to docs/benchmarks.md.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../tests/testdata.h"

#include <k4a/k4a.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SET "transformation"

/* The point conversions are timed over one call per point of a GRID x GRID grid. */
#define GRID 32
#define CALLS_PER_RUN (GRID * GRID)

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct
{
    k4a_transformation_t t;
    k4a_calibration_t calibration;
    k4a_image_t depth, ir16_as_custom, color, depth_out, custom_out, color_out, xyz_depth, xyz_color, depth_in_color;
    k4a_float2_t points[CALLS_PER_RUN]; /* a GRID x GRID grid over the depth image */
    FILE *dump;                         /* TRANSFORMATION_BENCH_DUMP, or NULL */
} bench_t;

/* Appends the images' bytes to b->dump (when set). */
static void dump(const bench_t *b, k4a_image_t first, k4a_image_t second)
{
    k4a_image_t images[] = { first, second };
    for (int i = 0; i < 2 && b->dump != NULL; i++)
        if (images[i] != NULL)
            fwrite(k4a_image_get_buffer(images[i]), 1, k4a_image_get_size(images[i]), b->dump);
}

typedef void op_fn(bench_t *b);

static void op_depth_to_color(bench_t *b)
{
    k4a_transformation_depth_image_to_color_camera(b->t, b->depth, b->depth_out);
}
static void op_depth_to_color_nearest(bench_t *b)
{
    k4a_transformation_depth_image_to_color_camera_custom(b->t, b->depth, b->ir16_as_custom, b->depth_out,
                                                          b->custom_out, K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST,
                                                          0);
}
static void op_depth_to_color_linear(bench_t *b)
{
    k4a_transformation_depth_image_to_color_camera_custom(b->t, b->depth, b->ir16_as_custom, b->depth_out,
                                                          b->custom_out, K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR,
                                                          0);
}
static void op_color_to_depth(bench_t *b)
{
    k4a_transformation_color_image_to_depth_camera(b->t, b->depth, b->color, b->color_out);
}
static void op_cloud_depth(bench_t *b)
{
    k4a_transformation_depth_image_to_point_cloud(b->t, b->depth, K4A_CALIBRATION_TYPE_DEPTH, b->xyz_depth);
}
static void op_cloud_color(bench_t *b)
{
    k4a_transformation_depth_image_to_point_cloud(b->t, b->depth_in_color, K4A_CALIBRATION_TYPE_COLOR, b->xyz_color);
}

/* 2d_to_2d, one call per point of the grid, depth to colour at 1.5 m */
static volatile float sink;
static void op_2d_to_2d_depth_to_color(bench_t *b)
{
    for (int i = 0; i < CALLS_PER_RUN; i++)
    {
        k4a_float2_t out;
        int valid;
        k4a_calibration_2d_to_2d(&b->calibration, &b->points[i], 1500.f, K4A_CALIBRATION_TYPE_DEPTH,
                                 K4A_CALIBRATION_TYPE_COLOR, &out, &valid);
        sink = out.xy.x;
    }
}
static void op_2d_to_2d_color_to_depth(bench_t *b)
{
    for (int i = 0; i < CALLS_PER_RUN; i++)
    {
        k4a_float2_t in = { { b->points[i].xy.x * 2.f, b->points[i].xy.y * 1.25f } };
        k4a_float2_t out;
        int valid;
        k4a_calibration_2d_to_2d(&b->calibration, &in, 1500.f, K4A_CALIBRATION_TYPE_COLOR, K4A_CALIBRATION_TYPE_DEPTH,
                                 &out, &valid);
        sink = out.xy.x;
    }
}
static void op_3d_to_2d(bench_t *b)
{
    for (int i = 0; i < CALLS_PER_RUN; i++)
    {
        k4a_float3_t in = { { b->points[i].xy.x - 320.f, b->points[i].xy.y - 288.f, 1500.f } };
        k4a_float2_t out;
        int valid;
        k4a_calibration_3d_to_2d(&b->calibration, &in, K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_COLOR, &out,
                                 &valid);
        sink = out.xy.x;
    }
}

/* Runs op `runs` times after a warm-up; writes median and minimum (ns per run / divisor). */
static void measure(bench_t *b, op_fn *op, int runs, double divisor, double *median, double *best)
{
    double *t = malloc(sizeof(double) * (size_t)runs);
    for (int i = 0; i < runs / 10 + 5; i++)
        op(b);
    for (int i = 0; i < runs; i++)
    {
        double start = now_ns();
        op(b);
        t[i] = (now_ns() - start) / divisor;
    }
    qsort(t, (size_t)runs, sizeof(double), by_value);
    *median = t[runs / 2];
    *best = t[0];
    /* TRANSFORMATION_BENCH_DECILES set: the spread too (fastest, each tenth, slowest) on stderr */
    if (getenv("TRANSFORMATION_BENCH_DECILES"))
    {
        for (int d = 0; d <= 10; d++)
            fprintf(stderr, " %.2f", t[d == 10 ? runs - 1 : runs * d / 10]);
        fprintf(stderr, "\n");
    }
    free(t);
}

/* Whether the operation called name is selected by filter (a part of its name, or =name). */
static int selected(const char *name, const char *filter)
{
    return filter[0] == '=' ? strcmp(name, filter + 1) == 0 : strstr(name, filter) != NULL;
}

static k4a_image_t image(k4a_image_format_t format, int w, int h, int stride)
{
    k4a_image_t i = NULL;
    if (k4a_image_create(format, w, h, stride, &i) != K4A_RESULT_SUCCEEDED)
    {
        fprintf(stderr, "cannot create a %dx%d image\n", w, h);
        exit(1);
    }
    return i;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 300;
    if (runs < 10)
        runs = 10;
    json_document_t *manifest = td_load_manifest(SET);
    if (manifest == NULL)
        return 1;
    const json_value_t *c = json_item(json_member(json_root(manifest), "cases"), 0);
    const json_value_t *inputs = json_member(c, "inputs");
    bench_t b;
    memset(&b, 0, sizeof(b));
    if (!td_calibration(json_member(c, "calibration"), &b.calibration))
        return 1;
    b.depth = td_image_from_payload(SET, json_member(inputs, "depth"));
    k4a_image_t ir = td_image_from_payload(SET, json_member(inputs, "ir"));
    b.color = td_image_from_payload(SET, json_member(inputs, "color_bgra32"));
    if (b.depth == NULL || ir == NULL || b.color == NULL)
        return 1;
    int dw = b.calibration.depth_camera_calibration.resolution_width,
        dh = b.calibration.depth_camera_calibration.resolution_height;
    int cw = b.calibration.color_camera_calibration.resolution_width,
        ch = b.calibration.color_camera_calibration.resolution_height;
    b.ir16_as_custom = image(K4A_IMAGE_FORMAT_CUSTOM16, dw, dh, 0);
    memcpy(k4a_image_get_buffer(b.ir16_as_custom), k4a_image_get_buffer(ir), k4a_image_get_size(ir));
    k4a_image_release(ir);
    b.depth_out = image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0);
    b.depth_in_color = image(K4A_IMAGE_FORMAT_DEPTH16, cw, ch, 0);
    b.custom_out = image(K4A_IMAGE_FORMAT_CUSTOM16, cw, ch, 0);
    b.color_out = image(K4A_IMAGE_FORMAT_COLOR_BGRA32, dw, dh, 0);
    b.xyz_depth = image(K4A_IMAGE_FORMAT_CUSTOM, dw, dh, 6 * dw);
    b.xyz_color = image(K4A_IMAGE_FORMAT_CUSTOM, cw, ch, 6 * cw);
    for (int y = 0; y < GRID; y++)
        for (int x = 0; x < GRID; x++)
        {
            b.points[y * GRID + x].xy.x = 64.f + (float)x * (float)(dw - 128) / (float)(GRID - 1);
            b.points[y * GRID + x].xy.y = 64.f + (float)y * (float)(dh - 128) / (float)(GRID - 1);
        }

    const char *dump_path = getenv("TRANSFORMATION_BENCH_DUMP");
    if (dump_path != NULL && (b.dump = fopen(dump_path, "wb")) == NULL)
    {
        fprintf(stderr, "cannot write %s\n", dump_path);
        return 1;
    }
    double start = now_ns();
    b.t = k4a_transformation_create(&b.calibration);
    double create_ms = (now_ns() - start) / 1e6;
    if (b.t == NULL)
        return 1;
    start = now_ns();
    k4a_transformation_depth_image_to_color_camera(b.t, b.depth, b.depth_in_color);
    double depth_table_ms = (now_ns() - start) / 1e6;
    start = now_ns();
    op_cloud_color(&b); /* the first colour-geometry cloud computes the colour table */
    double color_table_ms = (now_ns() - start) / 1e6;

    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    printf("transformation_bench: reference frame %dx%d depth, %dx%d colour; %ld CPUs online; %d runs each\n", dw, dh,
           cw, ch, cpus, runs);
    printf("%-52s %12s %12s\n", "operation", "median", "fastest");
    printf("%-52s %9.2f ms\n", "k4a_transformation_create", create_ms);
    printf("%-52s %9.2f ms\n", "first depth_image_to_color_camera (+ depth table)", depth_table_ms);
    printf("%-52s %9.2f ms\n", "first COLOR point cloud (computes the colour table)", color_table_ms);
    struct
    {
        const char *name;
        op_fn *op;
        double divisor;
        const char *unit;
        k4a_image_t out1, out2; /* its outputs, for TRANSFORMATION_BENCH_DUMP */
    } ops[] = {
        { "depth_image_to_color_camera", op_depth_to_color, 1e6, "ms", b.depth_out, NULL },
        { "depth_image_to_color_camera_custom NEAREST u16", op_depth_to_color_nearest, 1e6, "ms", b.depth_out,
          b.custom_out },
        { "depth_image_to_color_camera_custom LINEAR u16", op_depth_to_color_linear, 1e6, "ms", b.depth_out,
          b.custom_out },
        { "color_image_to_depth_camera", op_color_to_depth, 1e6, "ms", b.color_out, NULL },
        { "depth_image_to_point_cloud DEPTH", op_cloud_depth, 1e6, "ms", b.xyz_depth, NULL },
        { "depth_image_to_point_cloud COLOR (1280x720)", op_cloud_color, 1e6, "ms", b.xyz_color, NULL },
        { "k4a_calibration_2d_to_2d depth->colour (per call)", op_2d_to_2d_depth_to_color, CALLS_PER_RUN, "ns", NULL,
          NULL },
        { "k4a_calibration_2d_to_2d colour->depth (per call)", op_2d_to_2d_color_to_depth, CALLS_PER_RUN, "ns", NULL,
          NULL },
        { "k4a_calibration_3d_to_2d depth->colour (per call)", op_3d_to_2d, CALLS_PER_RUN, "ns", NULL, NULL },
    };
    const char *filter = argc > 2 ? argv[2] : "";
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
    {
        if (!selected(ops[i].name, filter))
            continue;
        double median, best;
        measure(&b, ops[i].op, runs, ops[i].divisor, &median, &best);
        dump(&b, ops[i].out1, ops[i].out2);
        printf("%-52s %9.3f %s %9.3f %s\n", ops[i].name, median, ops[i].unit, best, ops[i].unit);
    }

    /* another mode: WFOV 2x2 binned depth to 2160p colour (sdk_ut calibration and synthetic depth of
     * the conversions set), where a depth pixel covers about 8x8 colour pixels */
    json_document_t *conversions = td_load_manifest("conversions");
    const json_value_t *wide = json_item(json_member(json_root(conversions), "cases"), 1);
    k4a_calibration_t wide_calibration;
    k4a_image_t wide_depth = NULL;
    const json_value_t *functions = json_member(wide, "functions");
    for (size_t i = 0; i < json_count(functions); i++)
        if (json_member(json_item(functions, i), "depth_image") != NULL)
            wide_depth = td_image_from_payload("conversions", json_member(json_item(functions, i), "depth_image"));
    if (selected("depth_image_to_color_camera WFOV 2x2 -> 2160P", filter) &&
        td_calibration(json_member(wide, "calibration"), &wide_calibration) && wide_depth != NULL)
    {
        bench_t w;
        memset(&w, 0, sizeof(w));
        w.t = k4a_transformation_create(&wide_calibration);
        w.depth = wide_depth;
        w.depth_out = image(K4A_IMAGE_FORMAT_DEPTH16, wide_calibration.color_camera_calibration.resolution_width,
                            wide_calibration.color_camera_calibration.resolution_height, 0);
        double median, best;
        measure(&w, op_depth_to_color, runs / 4 + 10, 1e6, &median, &best);
        w.dump = b.dump;
        dump(&w, w.depth_out, NULL);
        printf("%-52s %9.3f ms %9.3f ms\n", "depth_image_to_color_camera WFOV 2x2 -> 2160P", median, best);
        k4a_transformation_destroy(w.t);
        k4a_image_release(w.depth_out);
        k4a_image_release(wide_depth);
    }
    else if (wide_depth != NULL)
        k4a_image_release(wide_depth);
    json_free(conversions);

    k4a_transformation_destroy(b.t);
    if (b.dump != NULL)
        fclose(b.dump);
    k4a_image_t images[] = { b.depth,     b.ir16_as_custom, b.color,     b.depth_out,     b.custom_out,
                             b.color_out, b.xyz_depth,      b.xyz_color, b.depth_in_color };
    for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++)
        k4a_image_release(images[i]);
    json_free(manifest);
    return 0;
}
