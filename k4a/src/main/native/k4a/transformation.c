/*
 * The transformation handle: depth images to the colour camera (with a custom image alongside),
 * colour images to the depth camera, and point clouds of either camera.
 *
 * At create time the handle computes, for every depth pixel centre, the point of the unit plane
 * it sees (NaN where the lens model cannot unproject it); the colour camera's table is computed
 * on first use. The per-pixel work is plain loops over rows, split into row bands that the
 * handle's thread pool runs on all cores.
 *
 * Depth to colour: every depth pixel with a depth goes to 3D, to the colour camera and through
 * its lens; each 2×2 block of neighbouring depth pixels is a quad in the colour image, drawn as
 * two triangles (split along the top-left / bottom-right diagonal) whose pixel centres get the
 * depth interpolated by area weights; the smaller depth wins where quads overlap. A quad with one
 * depth missing is drawn as the triangle of the other three, with a stand-in corner at the middle
 * of one of its edges; a quad with more missing, folded over (a triangle of negative area), or
 * spanning a depth edge is not drawn. Colour pixels are banded by rows: each band belongs to one
 * thread, which draws every quad that reaches its rows, so no two threads write the same pixel
 * and the result does not depend on the number of threads.
 *
 * Calls on one handle are serialised (they share its scratch memory and pool); separate handles
 * work in parallel.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/allocator.h"
#include "../common/handle.h"
#include "../common/image_format.h"
#include "../common/log.h"
#include "../common/platform.h"
#include "lens.h"
#include "threadpool.h"

#include <k4a/k4a.h>

#include <math.h>
#include <string.h>

/* The per-pixel loops are compiled twice where the toolchain can dispatch at load time: for
 * baseline x86-64 and for AVX2 (wider vectors). Both use the same IEEE operations in the same
 * order (no fused multiply-add, see CMakeLists.txt), so they give the same bits; the library still
 * runs on any x86-64. Not in sanitizer builds: the dispatchers run before a sanitizer's runtime is
 * up. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define K4A4J_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define K4A4J_SANITIZED 1
#endif
#if defined(__has_attribute) && (defined(__x86_64__) || defined(__i386__)) && defined(__ELF__) &&                      \
    !defined(K4A4J_SANITIZED)
#if __has_attribute(target_clones)
#define HOT_LOOP __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef HOT_LOOP
#define HOT_LOOP
#endif
/* what a HOT_LOOP function calls is compiled into each of its variants */
#if defined(__GNUC__)
#define INLINE_IN_HOT_LOOP static inline __attribute__((always_inline))
#else
#define INLINE_IN_HOT_LOOP static inline
#endif

/* A quad whose corner depths differ by more than this fraction of the smallest spans a depth edge. */
#define DEPTH_EDGE_RATIO 0.04693441759f

/* Largest image side the handle accepts from a calibration. */
#define MAX_SIDE 16384

/* Threads of a handle's pool (one per core, the caller included), at most. */
#define MAX_THREADS 32

/* Quads are drawn in runs of QUADS by a vector loop that rounds its count up to a multiple of PAD
 * (wider than any vector) and so reads up to PAD floats past the end of a run. */
#define QUADS 128
#define PAD 16

typedef struct
{
    float *x, *y; /* unit-plane coordinates, NaN where invalid */
    uint8_t *block; /* default heap (not the caller's allocator, which is for image buffers) */
} table_t;

typedef struct
{
    k4a4j_handle_header_t header;
    k4a4j_mutex_t lock; /* one operation at a time: they share the scratch memory */
    k4a_calibration_t calibration;
    bool has_depth, has_color;
    k4a4j_lens_t depth_lens, color_lens;
    int dw, dh, cw, ch;
    k4a4j_threadpool_t *pool;

    table_t depth_table;
    table_t color_table; /* computed on first use (point clouds in colour geometry) */

    /* depth to colour: each depth pixel's position in the colour image and colour-camera depth
     * (z = 0: no position), and for each depth row the range of colour rows its pixels reach */
    float *proj_u, *proj_v, *proj_z;
    float *row_min, *row_max;
    int *row_first, *row_last; /* first and last column with a position (last < first: none) */
    uint8_t *proj_block; /* default heap */
} transformation_t;

static transformation_t *transformation_of(k4a_transformation_t handle, const char *function)
{
    if (k4a4j_handle_is(handle, K4A4J_TAG_TRANSFORMATION))
        return (transformation_t *)handle;
    LOG_ERROR("%s: transformation_handle %s", function,
              handle == NULL ? "is NULL" : "is not a valid k4a_transformation_t");
    return NULL;
}

/* Band size for a job over `count` rows: a few bands per thread, so that a thread slowed down
 * by other work on the machine is made up for by the others. */
static int band_rows(const transformation_t *t, int count)
{
    int bands = 4 * k4a4j_threadpool_threads(t->pool);
    int band = (count + bands - 1) / bands;
    return band < 4 ? 4 : band;
}

/* ---- unprojection tables ------------------------------------------------------------------- */

typedef struct
{
    const k4a4j_lens_t *lens;
    table_t *table;
    int width;
} table_job_t;

static void table_rows(void *context, int begin, int end)
{
    const table_job_t *job = context;
    for (int y = begin; y < end; y++)
    {
        float *tx = job->table->x + (size_t)y * (size_t)job->width;
        float *ty = job->table->y + (size_t)y * (size_t)job->width;
        for (int x = 0; x < job->width; x++)
        {
            float ux, uy;
            if (k4a4j_lens_unproject(job->lens, (float)x, (float)y, K4A4J_LENS_EXACT, &ux, &uy))
            {
                tx[x] = ux;
                ty[x] = uy;
            }
            else
            {
                tx[x] = NAN;
                ty[x] = NAN;
            }
        }
    }
}

static bool table_compute(transformation_t *t, table_t *table, const k4a4j_lens_t *lens)
{
    size_t pixels = (size_t)lens->width * (size_t)lens->height;
    table->block = k4a4j_heap_alloc(2 * pixels * sizeof(float));
    if (table->block == NULL)
        return false;
    table->x = (float *)(void *)table->block;
    table->y = table->x + pixels;
    table_job_t job = { lens, table, lens->width };
    k4a4j_threadpool_run(t->pool, lens->height, band_rows(t, lens->height), table_rows, &job);
    return true;
}

static void table_free(table_t *table)
{
    k4a4j_heap_free(table->block);
    table->block = NULL;
}

/* ---- create / destroy ---------------------------------------------------------------------- */

/* A camera the handle can work with: a supported lens model and a plausible size. */
static bool camera_usable(const k4a_calibration_camera_t *camera, k4a4j_lens_t *lens)
{
    return camera->resolution_width > 1 && camera->resolution_height > 1 && camera->resolution_width <= MAX_SIDE &&
           camera->resolution_height <= MAX_SIDE && k4a4j_lens_init(lens, camera);
}

static void transformation_free(transformation_t *t)
{
    k4a4j_threadpool_destroy(t->pool);
    table_free(&t->depth_table);
    table_free(&t->color_table);
    k4a4j_heap_free(t->proj_block);
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

    int cpus = k4a4j_cpu_count();
    t->pool = k4a4j_threadpool_create(cpus < MAX_THREADS ? cpus : MAX_THREADS);
    CHECK(t->pool != NULL, "k4a_transformation_create: no memory for the thread pool");

    if (t->has_depth)
        CHECK(table_compute(t, &t->depth_table, &t->depth_lens),
              "k4a_transformation_create: no memory for the depth camera's %dx%d unprojection table", t->dw, t->dh);
    if (t->has_depth && t->has_color)
    {
        size_t pixels = (size_t)t->dw * (size_t)t->dh;
        /* each array is followed by PAD spare floats: the vector stage reads a little past a row */
        size_t size = (3 * (pixels + PAD) + 2 * (size_t)t->dh) * sizeof(float) + 2 * (size_t)t->dh * sizeof(int);
        t->proj_block = k4a4j_heap_alloc(size);
        CHECK(t->proj_block != NULL, "k4a_transformation_create: no memory for %zu bytes of scratch", size);
        memset(t->proj_block, 0, size);
        t->proj_u = (float *)(void *)t->proj_block;
        t->proj_v = t->proj_u + pixels + PAD;
        t->proj_z = t->proj_v + pixels + PAD;
        t->row_min = t->proj_z + pixels + PAD;
        t->row_max = t->row_min + t->dh;
        t->row_first = (int *)(void *)(t->row_max + t->dh);
        t->row_last = t->row_first + t->dh;
    }
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

/* ---- projecting depth pixels into the colour camera ----------------------------------------- */

typedef struct
{
    const transformation_t *t;
    const uint16_t *depth; /* dw x dh */
} projection_t;

#define CHUNK 256

/* Projects n depth pixels of row y from x0: colour position (u, v) and colour-camera depth z,
 * z = 0 where the pixel has no depth, no table entry, is behind the colour camera or outside its
 * lens model. Plain arithmetic without branches: the compiler vectorises it. */
INLINE_IN_HOT_LOOP void project_run(const projection_t *p, int y, int x0, int n, float *restrict u, float *restrict v,
                                    float *restrict z)
{
    const transformation_t *t = p->t;
    const k4a4j_lens_t *lens = &t->color_lens;
    const k4a_calibration_extrinsics_t *e =
        &t->calibration.extrinsics[K4A_CALIBRATION_TYPE_DEPTH][K4A_CALIBRATION_TYPE_COLOR];
    const float r0 = e->rotation[0], r1 = e->rotation[1], r2 = e->rotation[2];
    const float r3 = e->rotation[3], r4 = e->rotation[4], r5 = e->rotation[5];
    const float r6 = e->rotation[6], r7 = e->rotation[7], r8 = e->rotation[8];
    const float t0 = e->translation[0], t1 = e->translation[1], t2 = e->translation[2];
    const float max_rs = lens->max_radius_squared;
    size_t offset = (size_t)y * (size_t)t->dw + (size_t)x0;
    const uint16_t *restrict d = p->depth + offset;
    const float *restrict tx = t->depth_table.x + offset;
    const float *restrict ty = t->depth_table.y + offset;
    for (int i = 0; i < n; i++)
    {
        float df = (float)d[i];
        float px = tx[i] * df, py = ty[i] * df, pz = df;
        float qx = r0 * px + r1 * py + r2 * pz + t0;
        float qy = r3 * px + r4 * py + r5 * pz + t1;
        float qz = r6 * px + r7 * py + r8 * pz + t2;
        /* behind the camera or NaN (no table entry): z = 1 stands in for the division */
        float sz = qz > 0.f ? qz : 1.f;
        float cu, cv;
        float rs = k4a4j_lens_project_unchecked(lens, qx / sz, qy / sz, &cu, &cv);
        float zz = df != 0.f ? qz : 0.f;
        zz = rs <= max_rs ? zz : 0.f;
        zz = qz > 0.f ? zz : 0.f;
        u[i] = zz > 0.f ? cu : 0.f;
        v[i] = zz > 0.f ? cv : 0.f;
        z[i] = zz;
    }
}

HOT_LOOP static void projection_rows(void *context, int begin, int end)
{
    const projection_t *p = context;
    transformation_t *t = (transformation_t *)p->t;
    for (int y = begin; y < end; y++)
    {
        size_t row = (size_t)y * (size_t)t->dw;
        for (int x = 0; x < t->dw; x += CHUNK)
        {
            int n = t->dw - x < CHUNK ? t->dw - x : CHUNK;
            project_run(p, y, x, n, t->proj_u + row + x, t->proj_v + row + x, t->proj_z + row + x);
        }
        /* the colour rows this depth row reaches */
        float lo = INFINITY, hi = -INFINITY;
        int first = t->dw, last = -1;
        const float *v = t->proj_v + row, *z = t->proj_z + row;
        for (int x = 0; x < t->dw; x++)
            if (z[x] > 0.f)
            {
                lo = v[x] < lo ? v[x] : lo;
                hi = v[x] > hi ? v[x] : hi;
                first = x < first ? x : first;
                last = x;
            }
        t->row_min[y] = lo;
        t->row_max[y] = hi;
        t->row_first[y] = first;
        t->row_last[y] = last;
    }
}

/* ---- drawing quads into the colour image ---------------------------------------------------- */

typedef enum
{
    DRAW_DEPTH, /* depth only */
    DRAW_NEAREST, /* depth and the custom value of the corner with the largest weight */
    DRAW_LINEAR, /* depth and the custom values interpolated by area weights */
} draw_mode_t;

typedef struct
{
    float u, v, z;
    float linear; /* custom value for LINEAR */
    float nearest; /* custom value for NEAREST */
} corner_t;

typedef struct
{
    const transformation_t *t;
    draw_mode_t mode;
    uint16_t *depth_out; /* cw x ch */
    /* custom image: input (dw x dh) and output (cw x ch), 1 or 2 bytes per pixel */
    const uint8_t *custom_in;
    uint8_t *custom_out;
    int custom_bytes;
    uint16_t invalid_custom;
} draw_job_t;

static inline float edge_fn(float au, float av, float bu, float bv, float pu, float pv)
{
    return (bu - au) * (pv - av) - (bv - av) * (pu - au);
}

/* min, max, ceil and floor without library calls (the libm versions are calls on baseline x86-64);
 * ceil/floor take values already clamped to a small range */
static inline float min2(float a, float b)
{
    return a < b ? a : b;
}
static inline float max2(float a, float b)
{
    return a > b ? a : b;
}
static inline int ceil_small(float f)
{
    int t = (int)f;
    return t + (f > (float)t);
}
static inline int floor_small(float f)
{
    int t = (int)f;
    return t - (f < (float)t);
}

/* Whether the edge a→b of a triangle of positive area is a top or left edge, whose pixels belong
 * to the triangle (bottom and right edges leave theirs to the neighbour). */
static inline int top_left_i(float au, float av, float bu, float bv)
{
    float du = bu - au, dv = bv - av;
    return (dv < 0.f) | ((dv == 0.f) & (du > 0.f));
}

/* The pixel kernel, shared by both drawing paths: pixel centre (x, y) against the quad's two
 * triangles A = (0, 1, 3) and B = (0, 3, 2) (corners 0..3: top-left, top-right, bottom-left,
 * bottom-right; custom values k0..k3). Writes the rounded depth of the nearer triangle that
 * covers it (A on a tie; 0 when none does or in_box is 0) and that triangle's custom value: the
 * corner with the largest area weight (NEAREST; on a tie the first corner, else the last of the
 * other two, as the reference resolves the tie in the test data) or the area-weighted mean
 * (LINEAR). Edge functions and area weights as the reference computes them per triangle; selects
 * instead of branches, so that loops over pixels or quads vectorise. */
INLINE_IN_HOT_LOOP void block_pixel(draw_mode_t mode, float u0, float v0, float u1, float v1, float u2, float v2,
                                    float u3, float v3, float z0, float z1, float z2, float z3, float k0, float k1,
                                    float k2, float k3, float area_a, float inv_a, float area_b, float inv_b, int a_tl0,
                                    int a_tl1, int a_tl2, int b_tl0, int b_tl1, int b_tl2, int x, int y, int in_box,
                                    uint16_t *depth_out, uint16_t *custom_out)
{
    const float px = (float)x, py = (float)y;
    /* triangle A = (0, 1, 3) */
    float w0 = edge_fn(u1, v1, u3, v3, px, py);
    float w1 = edge_fn(u3, v3, u0, v0, px, py);
    float w2 = edge_fn(u0, v0, u1, v1, px, py);
    const int in_a = (area_a > 0.f) & ((w0 > 0.f) | ((w0 == 0.f) & a_tl0)) & ((w1 > 0.f) | ((w1 == 0.f) & a_tl1)) &
                     ((w2 > 0.f) | ((w2 == 0.f) & a_tl2)) & in_box;
    float za = z0 + (w1 * inv_a) * (z1 - z0) + (w2 * inv_a) * (z3 - z0);
    float ca = 0.f;
    if (mode == DRAW_NEAREST)
        ca = w0 >= max2(w1, w2) ? k0 : (w1 > w2 ? k1 : k3);
    else if (mode == DRAW_LINEAR)
        ca = (w0 * k0 + w1 * k1 + w2 * k3) * inv_a + 0.5f;
    /* triangle B = (0, 3, 2) */
    w0 = edge_fn(u3, v3, u2, v2, px, py);
    w1 = edge_fn(u2, v2, u0, v0, px, py);
    w2 = edge_fn(u0, v0, u3, v3, px, py);
    const int in_b = (area_b > 0.f) & ((w0 > 0.f) | ((w0 == 0.f) & b_tl0)) & ((w1 > 0.f) | ((w1 == 0.f) & b_tl1)) &
                     ((w2 > 0.f) | ((w2 == 0.f) & b_tl2)) & in_box;
    float zb = z0 + (w1 * inv_b) * (z3 - z0) + (w2 * inv_b) * (z2 - z0);
    float cb = 0.f;
    if (mode == DRAW_NEAREST)
        cb = w0 >= max2(w1, w2) ? k0 : (w1 > w2 ? k3 : k2);
    else if (mode == DRAW_LINEAR)
        cb = (w0 * k0 + w1 * k3 + w2 * k2) * inv_b + 0.5f;
    /* Each triangle's depth rounded (+0.5, truncated) to the 16 bits the reference stores, so a
     * colour-camera depth beyond 65535 mm (only from depth inputs near 65535) wraps around as it
     * does there; 0 where the triangle does not cover the pixel. (The clamp keeps the conversion
     * defined, NaN included.) Then the nearer of the two by those 16-bit values, A on a tie, 0
     * meaning none (depth - 1 as uint16 makes it the largest). */
    const unsigned da = (unsigned)(int)min2(max2(za + 0.5f, 0.f), 1048576.f) & 0xFFFFu & (0u - (unsigned)in_a);
    const unsigned db = (unsigned)(int)min2(max2(zb + 0.5f, 0.f), 1048576.f) & 0xFFFFu & (0u - (unsigned)in_b);
    const int use_b = ((db - 1u) & 0xFFFFu) < ((da - 1u) & 0xFFFFu);
    *depth_out = (uint16_t)(use_b ? db : da);
    if (mode != DRAW_DEPTH)
        *custom_out = (uint16_t)(((int)cb & -use_b) | ((int)ca & ~-use_b)); /* a select the vectoriser takes */
}

/* A pixel's depth and custom value against what the image holds: the smaller depth wins (0 means
 * "none": depth - 1 as uint16 makes it the largest, so a minimum does the test without branches). */
INLINE_IN_HOT_LOOP void merge_pixel(draw_mode_t mode, int bytes, uint16_t depth, uint16_t custom, uint16_t *depth_at,
                                    uint8_t *custom_out, size_t at)
{
    const uint16_t mine = (uint16_t)(depth - 1u), theirs = (uint16_t)(*depth_at - 1u);
    const int wins = mine < theirs;
    *depth_at = (uint16_t)((wins ? mine : theirs) + 1u);
    if (mode != DRAW_DEPTH)
    {
        /* old ^ ((old ^ new) & mask): a select the vectoriser takes */
        const unsigned mask = 0u - (unsigned)wins;
        if (bytes == 1)
        {
            const unsigned old = custom_out[at];
            custom_out[at] = (uint8_t)(old ^ ((old ^ custom) & mask));
        }
        else
        {
            uint16_t *custom16 = (uint16_t *)(void *)custom_out;
            const unsigned old = custom16[at];
            custom16[at] = (uint16_t)(old ^ ((old ^ custom) & mask));
        }
    }
}

/* The general path: draws a quad (corners after any stand-in) of any size, or with
 * only_column >= 0 just that column of its box, into colour rows [row0, row1), one row of its box
 * at a time (a loop over pixels that vectorises). */
INLINE_IN_HOT_LOOP void draw_quad(const draw_job_t *job, draw_mode_t mode, int bytes, const corner_t *c, int row0,
                                  int row1, int only_column)
{
    float zmin = min2(min2(c[0].z, c[1].z), min2(c[2].z, c[3].z));
    float zmax = max2(max2(c[0].z, c[1].z), max2(c[2].z, c[3].z));
    if (zmax - zmin > DEPTH_EDGE_RATIO * zmin)
        return; /* a depth edge, not a slanted surface */
    /* pixel centres in the bounding box, clipped to the image and the band */
    const int cw = job->t->cw;
    const float umax_image = (float)cw;
    float umin = min2(min2(c[0].u, c[1].u), min2(c[2].u, c[3].u));
    float umax = max2(max2(c[0].u, c[1].u), max2(c[2].u, c[3].u));
    float vmin = min2(min2(c[0].v, c[1].v), min2(c[2].v, c[3].v));
    float vmax = max2(max2(c[0].v, c[1].v), max2(c[2].v, c[3].v));
    int x0 = ceil_small(min2(max2(umin, 0.f), umax_image));
    int x1 = floor_small(min2(max2(umax, -1.f), umax_image - 1.f));
    int y0 = ceil_small(min2(max2(vmin, (float)row0), (float)row1));
    int y1 = floor_small(min2(max2(vmax, -1.f), (float)(row1 - 1)));
    if (only_column >= 0)
        x0 = x1 = only_column; /* the vector stage drew the others */
    if (x0 > x1 || y0 > y1)
        return;
    const float u0 = c[0].u, v0 = c[0].v, u1 = c[1].u, v1 = c[1].v, u2 = c[2].u, v2 = c[2].v, u3 = c[3].u, v3 = c[3].v;
    const float area_a = edge_fn(u0, v0, u1, v1, u3, v3), area_b = edge_fn(u0, v0, u3, v3, u2, v2);
    if (!(area_a > 0.f) && !(area_b > 0.f))
        return; /* folded over */
    const float inv_a = 1.f / (area_a > 0.f ? area_a : 1.f), inv_b = 1.f / (area_b > 0.f ? area_b : 1.f);
    const int a_tl0 = top_left_i(u1, v1, u3, v3), a_tl1 = top_left_i(u3, v3, u0, v0),
              a_tl2 = top_left_i(u0, v0, u1, v1);
    const int b_tl0 = top_left_i(u3, v3, u2, v2), b_tl1 = top_left_i(u2, v2, u0, v0),
              b_tl2 = top_left_i(u0, v0, u3, v3);
    const bool nearest = mode == DRAW_NEAREST;
    const float k0 = nearest ? c[0].nearest : c[0].linear, k1 = nearest ? c[1].nearest : c[1].linear;
    const float k2 = nearest ? c[2].nearest : c[2].linear, k3 = nearest ? c[3].nearest : c[3].linear;
    uint8_t *restrict custom_out = job->custom_out; /* (read once: byte stores could alias *job) */
    for (int y = y0; y <= y1; y++)
    {
        uint16_t *restrict row = job->depth_out + (size_t)y * (size_t)cw;
        for (int x = x0; x <= x1; x++)
        {
            uint16_t depth, custom = 0;
            block_pixel(mode, u0, v0, u1, v1, u2, v2, u3, v3, c[0].z, c[1].z, c[2].z, c[3].z, k0, k1, k2, k3, area_a,
                        inv_a, area_b, inv_b, a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x, y, 1, &depth, &custom);
            merge_pixel(mode, bytes, depth, custom, &row[x], custom_out, (size_t)y * (size_t)cw + (size_t)x);
        }
    }
}

static inline float custom_at(const draw_job_t *job, int bytes, size_t i)
{
    return bytes == 1 ? (float)job->custom_in[i] : (float)((const uint16_t *)(const void *)job->custom_in)[i];
}

/* The general path for quad x of the row pair (top, bottom): its corners from the projection, and
 * a stand-in for one missing corner. */
INLINE_IN_HOT_LOOP void draw_quad_general(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                          int x, int row0, int row1, int only_column)
{
    const transformation_t *t = job->t;
    const size_t idx[4] = { top + (size_t)x, top + (size_t)x + 1, bottom + (size_t)x, bottom + (size_t)x + 1 };
    corner_t c[4];
    int bad = -1;
    for (int k = 0; k < 4; k++)
    {
        c[k].u = t->proj_u[idx[k]];
        c[k].v = t->proj_v[idx[k]];
        c[k].z = t->proj_z[idx[k]];
        c[k].linear = c[k].nearest = mode != DRAW_DEPTH ? custom_at(job, bytes, idx[k]) : 0.f;
        if (!(c[k].z > 0.f))
            bad = k;
    }
    if (bad >= 0)
    {
        /* Draw the triangle of the three others, split at a stand-in corner in the middle of one of
         * its edges: for a missing top-left or bottom-right corner the diagonal between the other
         * two, for top-right the bottom edge, for bottom-left the right edge. The stand-in takes the
         * mean position and depth, the truncated mean custom value for LINEAR and the missing
         * corner's opposite for NEAREST (the reference's choices). */
        int e1 = (bad == 0 || bad == 3) ? 1 : bad == 1 ? 2 : 1;
        int e2 = (bad == 0 || bad == 3) ? 2 : 3;
        corner_t stand_in;
        stand_in.u = 0.5f * (c[e1].u + c[e2].u);
        stand_in.v = 0.5f * (c[e1].v + c[e2].v);
        stand_in.z = 0.5f * (c[e1].z + c[e2].z);
        stand_in.linear = (float)(int)(0.5f * (c[e1].linear + c[e2].linear)); /* >= 0: truncation */
        stand_in.nearest = c[3 - bad].nearest;
        if (bad == 0)
            c[0] = stand_in;
        else if (bad == 3)
            c[3] = stand_in;
        else
        {
            c[bad] = c[3];
            c[3] = stand_in;
        }
    }
    draw_quad(job, mode, bytes, c, row0, row1, only_column);
}

/* The quads of a row pair are handled in runs of QUADS: a vector stage works out, for every quad
 * at once, what it draws into the (at most) 2×2 pixel centres of its bounding box; a short scalar
 * stage then writes them. Quads with a missing corner or a larger box take the general path. */
enum
{
    QUAD_NONE = 0, /* nothing to draw in this band */
    QUAD_BLOCK = 1, /* draw depth[][] / custom[][] into the block at (x0, y0) */
    QUAD_GENERAL = 2, /* draw_quad_general */
};

typedef struct
{
    /* rounded depth at (x0, y0), (x0 + 1, y0), (x0, y0 + 1), (x0 + 1, y0 + 1); 0: none */
    uint16_t depth[4][QUADS];
    uint16_t custom[4][QUADS];
    int x0[QUADS], y0[QUADS];
    int kind[QUADS];
    int third[QUADS]; /* QUAD_BLOCK three columns wide: column x0 + 2 goes through the general path */
    /* the custom values of the run's two rows of corners, as floats (vector stage input) */
    float custom_top[QUADS + PAD], custom_bottom[QUADS + PAD];
} quad_run_t;

/* The vector stage for quads [x_begin, x_begin + n) of the row pair (top, bottom), computed for a
 * count rounded up to PAD (the extra lanes are marked QUAD_NONE): the general path's set-up and
 * pixel kernel (block_pixel), for many quads at once. */
INLINE_IN_HOT_LOOP void quads_vector(const draw_job_t *job, draw_mode_t mode, size_t top, size_t bottom, int x_begin,
                                     int n, int row0, int row1, quad_run_t *restrict q)
{
    const transformation_t *t = job->t;
    const float *restrict ut = t->proj_u + top + x_begin, *restrict ub = t->proj_u + bottom + x_begin;
    const float *restrict vt = t->proj_v + top + x_begin, *restrict vb = t->proj_v + bottom + x_begin;
    const float *restrict zt = t->proj_z + top + x_begin, *restrict zb = t->proj_z + bottom + x_begin;
    const float *restrict ct = q->custom_top, *restrict cb = q->custom_bottom;
    const float cwf = (float)t->cw, r0f = (float)row0, r1f = (float)row1;
    const int lanes = (n + PAD - 1) / PAD * PAD;
    for (int i = 0; i < lanes; i++)
    {
        /* corners 0..3: top-left, top-right, bottom-left, bottom-right */
        const float u0 = ut[i], u1 = ut[i + 1], u2 = ub[i], u3 = ub[i + 1];
        const float v0 = vt[i], v1 = vt[i + 1], v2 = vb[i], v3 = vb[i + 1];
        const float z0 = zt[i], z1 = zt[i + 1], z2 = zb[i], z3 = zb[i + 1];
        float k0 = 0.f, k1 = 0.f, k2 = 0.f, k3 = 0.f;
        if (mode != DRAW_DEPTH)
            k0 = ct[i], k1 = ct[i + 1], k2 = cb[i], k3 = cb[i + 1];
        const int missing = (z0 <= 0.f) + (z1 <= 0.f) + (z2 <= 0.f) + (z3 <= 0.f);
        const float zmin = min2(min2(z0, z1), min2(z2, z3)), zmax = max2(max2(z0, z1), max2(z2, z3));
        const int flat = !(zmax - zmin > DEPTH_EDGE_RATIO * zmin);
        /* pixel centres in the bounding box, clipped to the image and the band */
        const float umin = min2(min2(u0, u1), min2(u2, u3)), umax = max2(max2(u0, u1), max2(u2, u3));
        const float vmin = min2(min2(v0, v1), min2(v2, v3)), vmax = max2(max2(v0, v1), max2(v2, v3));
        const int x0 = ceil_small(min2(max2(umin, 0.f), cwf)), x1 = floor_small(min2(max2(umax, -1.f), cwf - 1.f));
        const int y0 = ceil_small(min2(max2(vmin, r0f), r1f)), y1 = floor_small(min2(max2(vmax, -1.f), r1f - 1.f));
        const int cells = (x0 <= x1) & (y0 <= y1);
        /* two rows and up to three columns: the vector stage draws two columns, the third (rare:
         * stretched quads) is drawn by the general path */
        const int small = (x1 - x0 <= 2) & (y1 - y0 <= 1);
        const int lane = i < n;
        /* (arithmetic rather than nested selects: the compiler vectorises this form) */
        const int block = (missing == 0) & flat & cells & small & lane;
        const int general = ((missing == 1) | ((missing == 0) & flat & cells & !small)) & lane;
        q->x0[i] = x0;
        q->y0[i] = y0;
        q->kind[i] = block * QUAD_BLOCK + general * QUAD_GENERAL;
        q->third[i] = x1 - x0 == 2;

        /* triangle A = (0, 1, 3), triangle B = (0, 3, 2) */
        const float area_a = edge_fn(u0, v0, u1, v1, u3, v3), area_b = edge_fn(u0, v0, u3, v3, u2, v2);
        const float inv_a = 1.f / (area_a > 0.f ? area_a : 1.f), inv_b = 1.f / (area_b > 0.f ? area_b : 1.f);
        const int a_tl0 = top_left_i(u1, v1, u3, v3), a_tl1 = top_left_i(u3, v3, u0, v0),
                  a_tl2 = top_left_i(u0, v0, u1, v1);
        const int b_tl0 = top_left_i(u3, v3, u2, v2), b_tl1 = top_left_i(u2, v2, u0, v0),
                  b_tl2 = top_left_i(u0, v0, u3, v3);
        /* the four pixel centres of the block (written out: the compiler vectorises the loop over i) */
#define BLOCK_PIXEL(k, dx, dy)                                                                                         \
    block_pixel(mode, u0, v0, u1, v1, u2, v2, u3, v3, z0, z1, z2, z3, k0, k1, k2, k3, area_a, inv_a, area_b, inv_b,    \
                a_tl0, a_tl1, a_tl2, b_tl0, b_tl1, b_tl2, x0 + (dx), y0 + (dy),                                        \
                (x0 + (dx) <= x1) & (y0 + (dy) <= y1) & block, &q->depth[k][i], &q->custom[k][i])
        BLOCK_PIXEL(0, 0, 0);
        BLOCK_PIXEL(1, 1, 0);
        BLOCK_PIXEL(2, 0, 1);
        BLOCK_PIXEL(3, 1, 1);
#undef BLOCK_PIXEL
    }
}

/* The scalar stage: each block's pixels against the image, the smaller depth winning (0 means
 * "none": depth - 1 as uint16 makes it the largest, so a minimum does the test without branches). */
INLINE_IN_HOT_LOOP void quads_write(const draw_job_t *job, draw_mode_t mode, int bytes, size_t top, size_t bottom,
                                    int x_begin, int n, int row0, int row1, const quad_run_t *restrict q)
{
    const int cw = job->t->cw;
    uint16_t *restrict depth_out = job->depth_out;
    uint8_t *restrict custom_out = job->custom_out;
    for (int i = 0; i < n; i++)
    {
        if (q->kind[i] == QUAD_NONE)
            continue;
        if (q->kind[i] == QUAD_GENERAL)
        {
            draw_quad_general(job, mode, bytes, top, bottom, x_begin + i, row0, row1, -1);
            continue;
        }
        /* lanes outside the image or band hold depth 0 and are pointed at the block origin */
        const int x0 = q->x0[i], y0 = q->y0[i];
        const int x1 = x0 + 1 < cw ? x0 + 1 : x0, y1 = y0 + 1 < row1 ? y0 + 1 : y0;
        const size_t at[4] = { (size_t)y0 * (size_t)cw + (size_t)x0, (size_t)y0 * (size_t)cw + (size_t)x1,
                               (size_t)y1 * (size_t)cw + (size_t)x0, (size_t)y1 * (size_t)cw + (size_t)x1 };
        for (int k = 0; k < 4; k++)
            merge_pixel(mode, bytes, q->depth[k][i], q->custom[k][i], &depth_out[at[k]], custom_out, at[k]);
        if (q->third[i])
            draw_quad_general(job, mode, bytes, top, bottom, x_begin + i, row0, row1, x0 + 2);
    }
}

/* Draws the quads of depth rows y and y + 1 that reach colour rows [row0, row1). */
INLINE_IN_HOT_LOOP void draw_row_pair(const draw_job_t *job, draw_mode_t mode, int bytes, int y, int row0, int row1,
                                      quad_run_t *q)
{
    const transformation_t *t = job->t;
    const size_t top = (size_t)y * (size_t)t->dw, bottom = top + (size_t)t->dw;
    /* a quad needs a position in both rows: skip the columns on either side where one row has none */
    int begin = t->row_first[y] > t->row_first[y + 1] ? t->row_first[y] : t->row_first[y + 1];
    int end = t->row_last[y] < t->row_last[y + 1] ? t->row_last[y] : t->row_last[y + 1];
    begin = begin > 0 ? begin - 1 : 0;
    end = end < t->dw - 1 ? end : t->dw - 2; /* last quad index */
    for (int x = begin; x <= end; x += QUADS)
    {
        int n = end + 1 - x < QUADS ? end + 1 - x : QUADS;
        if (mode != DRAW_DEPTH)
        {
            /* corners x .. x + n of both rows; the vector stage's extra lanes read zeros */
            for (int i = 0; i < QUADS + PAD; i++)
            {
                int at = i <= n ? i : n;
                q->custom_top[i] = custom_at(job, bytes, top + (size_t)x + (size_t)at);
                q->custom_bottom[i] = custom_at(job, bytes, bottom + (size_t)x + (size_t)at);
            }
        }
        quads_vector(job, mode, top, bottom, x, n, row0, row1, q);
        quads_write(job, mode, bytes, top, bottom, x, n, row0, row1, q);
    }
}

INLINE_IN_HOT_LOOP void draw_band(const draw_job_t *job, draw_mode_t mode, int bytes, int row0, int row1)
{
    const transformation_t *t = job->t;
    const size_t first = (size_t)row0 * (size_t)t->cw, count = (size_t)(row1 - row0) * (size_t)t->cw;
    /* every byte of the band is written: start with "nothing" */
    memset(job->depth_out + first, 0, count * sizeof(uint16_t));
    if (mode != DRAW_DEPTH)
    {
        if (bytes == 1)
            memset(job->custom_out + first, (uint8_t)job->invalid_custom, count);
        else
        {
            uint16_t *out = (uint16_t *)(void *)job->custom_out + first;
            for (size_t i = 0; i < count; i++)
                out[i] = job->invalid_custom;
        }
    }
    quad_run_t q;
    const float lo = (float)row0 - 1.f, hi = (float)row1;
    for (int y = 0; y + 1 < t->dh; y++)
    {
        float rmin = min2(t->row_min[y], t->row_min[y + 1]), rmax = max2(t->row_max[y], t->row_max[y + 1]);
        if (rmax < lo || rmin > hi)
            continue;
        draw_row_pair(job, mode, bytes, y, row0, row1, &q);
    }
}

HOT_LOOP static void draw_band_depth(void *context, int begin, int end)
{
    draw_band(context, DRAW_DEPTH, 2, begin, end);
}
HOT_LOOP static void draw_band_nearest8(void *context, int begin, int end)
{
    draw_band(context, DRAW_NEAREST, 1, begin, end);
}
HOT_LOOP static void draw_band_nearest16(void *context, int begin, int end)
{
    draw_band(context, DRAW_NEAREST, 2, begin, end);
}
HOT_LOOP static void draw_band_linear8(void *context, int begin, int end)
{
    draw_band(context, DRAW_LINEAR, 1, begin, end);
}
HOT_LOOP static void draw_band_linear16(void *context, int begin, int end)
{
    draw_band(context, DRAW_LINEAR, 2, begin, end);
}

/* The colour camera's geometry of a depth image: shared by the two depth-to-colour functions. */
static void depth_to_color(transformation_t *t, const uint16_t *depth, draw_job_t *job)
{
    projection_t projection = { t, depth };
    k4a4j_threadpool_run(t->pool, t->dh, band_rows(t, t->dh), projection_rows, &projection);
    k4a4j_band_fn *fn = job->mode == DRAW_DEPTH ? draw_band_depth
                        : job->mode == DRAW_NEAREST
                            ? (job->custom_bytes == 1 ? draw_band_nearest8 : draw_band_nearest16)
                            : (job->custom_bytes == 1 ? draw_band_linear8 : draw_band_linear16);
    k4a4j_threadpool_run(t->pool, t->ch, band_rows(t, t->ch), fn, job);
}

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
    draw_job_t job = { .t = t, .mode = DRAW_DEPTH, .depth_out = (uint16_t *)(void *)out };
    depth_to_color(t, (const uint16_t *)(const void *)depth, &job);
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
    draw_job_t job = {
        .t = t,
        .mode = interpolation_type == K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST ? DRAW_NEAREST : DRAW_LINEAR,
        .depth_out = (uint16_t *)(void *)out,
        .custom_in = custom,
        .custom_out = custom_out,
        .custom_bytes = bytes,
        .invalid_custom = (uint16_t)(bytes == 1 ? (uint8_t)invalid_custom_value : (uint16_t)invalid_custom_value),
    };
    depth_to_color(t, (const uint16_t *)(const void *)depth, &job);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}

/* ---- colour to depth ------------------------------------------------------------------------ */

typedef struct
{
    projection_t projection;
    const uint8_t *color; /* BGRA, cw x ch */
    uint8_t *out; /* BGRA, dw x dh */
} color_job_t;

/* 32-bit words of byte buffers (BGRA pixels), at any alignment. GCC and Clang are told that such
 * a word may alias the bytes, which lets them vectorise the access; elsewhere memcpy does it. */
#if defined(__GNUC__)
typedef uint32_t __attribute__((may_alias, aligned(1))) byte_word_t;
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    return ((const byte_word_t *)(const void *)bytes)[index];
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    ((byte_word_t *)(void *)bytes)[index] = value;
}
#else
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    uint32_t value;
    memcpy(&value, bytes + 4 * (size_t)index, 4);
    return value;
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    memcpy(bytes + 4 * (size_t)index, &value, 4);
}
#endif

/* One channel (the byte at shift) of the four neighbours, interpolated across then down, rounded
 * and put back at its place. */
INLINE_IN_HOT_LOOP uint32_t bilinear_channel(uint32_t p00, uint32_t p10, uint32_t p01, uint32_t p11, int shift,
                                             float ax, float ay)
{
    const float c00 = (float)((p00 >> shift) & 255u), c10 = (float)((p10 >> shift) & 255u);
    const float c01 = (float)((p01 >> shift) & 255u), c11 = (float)((p11 >> shift) & 255u);
    const float top = (1.f - ax) * c00 + ax * c10;
    const float low = (1.f - ax) * c01 + ax * c11;
    return (uint32_t)(int)((1.f - ay) * top + ay * low + 0.5f) << shift;
}

/* Samples the colour image at n positions (u, v) (z = 0: none): BGRA pixels as little-endian
 * 32-bit words. Written for the vectoriser: the four neighbours are gathered as words, the channels
 * taken apart with shifts. (A function of its own: inlined into color_rows, GCC 12 no longer
 * vectorises it.) */
HOT_LOOP static void sample_run(const uint8_t *restrict color, int cw, int ch, int n, const float *restrict u,
                                const float *restrict v, const float *restrict z, uint8_t *restrict out)
{
    const float right = (float)(cw - 1), bottom = (float)(ch - 1);
    for (int i = 0; i < n; i++)
    {
        /* a position with its 2×2 neighbourhood inside the image: 0 <= floor(u) <= cw - 2 (the
         * masks are arithmetic, and the address is clamped into the image for every lane, so that
         * the loop has no branches) */
        const int ok = (z[i] > 0.f) & (u[i] >= 0.f) & (v[i] >= 0.f) & (u[i] < right) & (v[i] < bottom);
        const float su = min2(max2(u[i], 0.f), right), sv = min2(max2(v[i], 0.f), bottom);
        const int tx = (int)su, ty = (int)sv; /* non-negative: truncation is floor */
        const int cx = tx < cw - 2 ? tx : cw - 2, cy = ty < ch - 2 ? ty : ch - 2;
        const float ax = su - (float)cx, ay = sv - (float)cy;
        const int at = cy * cw + cx; /* < 2^31: sides are at most MAX_SIDE */
        const uint32_t p00 = load_word(color, at), p10 = load_word(color, at + 1);
        const uint32_t p01 = load_word(color, at + cw), p11 = load_word(color, at + cw + 1);
        uint32_t pixel =
            bilinear_channel(p00, p10, p01, p11, 0, ax, ay) | bilinear_channel(p00, p10, p01, p11, 8, ax, ay) |
            bilinear_channel(p00, p10, p01, p11, 16, ax, ay) | bilinear_channel(p00, p10, p01, p11, 24, ax, ay);
        /* (0,0,0,0) means "no colour": a black transparent pixel becomes (1,0,0,0) */
        pixel += pixel == 0u;
        pixel &= (uint32_t)-ok;
        store_word(out, i, pixel);
    }
}

HOT_LOOP static void color_rows(void *context, int begin, int end)
{
    const color_job_t *job = context;
    const transformation_t *t = job->projection.t;
    float u[CHUNK], v[CHUNK], z[CHUNK];
    for (int y = begin; y < end; y++)
        for (int x0 = 0; x0 < t->dw; x0 += CHUNK)
        {
            int n = t->dw - x0 < CHUNK ? t->dw - x0 : CHUNK;
            project_run(&job->projection, y, x0, n, u, v, z);
            sample_run(job->color, t->cw, t->ch, n, u, v, z, job->out + 4 * ((size_t)y * (size_t)t->dw + (size_t)x0));
        }
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
    color_job_t job = { { t, (const uint16_t *)(const void *)depth }, color, out };
    k4a4j_threadpool_run(t->pool, t->dh, band_rows(t, t->dh), color_rows, &job);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}

/* ---- point clouds --------------------------------------------------------------------------- */

typedef struct
{
    const table_t *table;
    const uint16_t *depth;
    int16_t *out;
    int width;
} cloud_job_t;

/* rintf to int32: GCC's builtin is one vector conversion in the current rounding mode, where
 * (int32_t)rintf is a rounding and a truncating conversion; the same integers for |x| < 2^31. */
#if defined(__GNUC__) && !defined(__clang__)
#define round_to_int(x) __builtin_irintf(x)
#else
#define round_to_int(x) ((int32_t)rintf(x))
#endif

/* One run of a row: x, y, z into three arrays (vectorised), then interleaved into the output
 * (also vectorised, with shuffles; done in one loop the compiler stores element by element). */
INLINE_IN_HOT_LOOP void cloud_run(const uint16_t *restrict d, const float *restrict tx, const float *restrict ty,
                                  int16_t *restrict o, int n)
{
    int16_t xs[CHUNK], ys[CHUNK], zs[CHUNK];
    for (int x = 0; x < n; x++)
    {
        const float df = (float)d[x];
        float fx = tx[x] * df, fy = ty[x] * df;
        /* all ones, or 0 where the table has no entry (NaN): the point is then (0, 0, 0); no depth
         * gives 0 * table = 0 anyway */
        const int32_t keep = -(int32_t)(fx == fx);
        /* millimetres as int16, rounded half to even (rintf in the default rounding mode), and
         * saturated (depths above 32767 mm do not occur in practice) */
        fx = fx < -32768.f ? -32768.f : fx;
        fx = fx > 32767.f ? 32767.f : fx;
        fy = fy < -32768.f ? -32768.f : fy;
        fy = fy > 32767.f ? 32767.f : fy;
        const int32_t z = d[x] > 32767 ? 32767 : d[x];
        xs[x] = (int16_t)(round_to_int(fx) & keep);
        ys[x] = (int16_t)(round_to_int(fy) & keep);
        zs[x] = (int16_t)(z & keep);
    }
    for (int x = 0; x < n; x++)
    {
        o[3 * x + 0] = xs[x];
        o[3 * x + 1] = ys[x];
        o[3 * x + 2] = zs[x];
    }
}

HOT_LOOP static void cloud_rows(void *context, int begin, int end)
{
    const cloud_job_t *job = context;
    const int w = job->width;
    for (int y = begin; y < end; y++)
        for (int x = 0; x < w; x += CHUNK)
        {
            size_t offset = (size_t)y * (size_t)w + (size_t)x;
            cloud_run(job->depth + offset, job->table->x + offset, job->table->y + offset, job->out + 3 * offset,
                      w - x < CHUNK ? w - x : CHUNK);
        }
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
    if (!depth_geometry && t->color_table.block == NULL)
        CHECK(table_compute(t, &t->color_table, &t->color_lens),
              "%s: no memory for the colour camera's %dx%d unprojection table", function, t->cw, t->ch);
    cloud_job_t job = { depth_geometry ? &t->depth_table : &t->color_table, (const uint16_t *)(const void *)depth,
                        (int16_t *)(void *)out, w };
    k4a4j_threadpool_run(t->pool, h, band_rows(t, h), cloud_rows, &job);
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_mutex_unlock(&t->lock);
    return K4A_RESULT_FAILED;
}
