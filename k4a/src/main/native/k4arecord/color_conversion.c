/*
 * Colour conversion for playback (see color_conversion.h).
 *
 * The JPEG decoder is libjpeg-turbo's libjpeg API, linked statically from libturbojpeg.a: the
 * TurboJPEG wrapper in that archive is not position-independent (its error string is
 * thread-local with the executable-only TLS model), so it cannot go into a shared library, and
 * the settings TurboJPEG's FASTDCT | FASTUPSAMPLE flags stand for are made here directly:
 * JDCT_IFAST and no fancy upsampling, output JCS_EXT_BGRA. The output is byte for byte the same.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "color_conversion.h"

#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <libyuv/convert_argb.h>

/* A progressive JPEG may have very many scans; a camera frame has one (or a few). */
#define MAX_JPEG_SCANS 500

typedef struct
{
    struct jpeg_error_mgr base;
    jmp_buf jump;
    const char *reason;
    const atomic_bool *cancel; /* set by another thread: stop decoding (NULL: never) */
} jpeg_error_t;

struct color_converter
{
    struct jpeg_decompress_struct jpeg;
    jpeg_error_t error;
    struct jpeg_progress_mgr progress;
    bool jpeg_ready;
    uint8_t *scratch; /* BGRA for conversions that pass through it */
    size_t scratch_size;
};

/* ---- libjpeg callbacks ---------------------------------------------------------------------- */

static void jpeg_fail(j_common_ptr info)
{
    jpeg_error_t *error = (jpeg_error_t *)info->err;
    if (error->reason == NULL)
        error->reason = "the JPEG data is corrupt";
    longjmp(error->jump, 1);
}

static void jpeg_message(j_common_ptr info, int level)
{
    /* warnings (level -1: corrupt data that was decoded anyway) and traces are not fatal */
    (void)info;
    (void)level;
}

static void jpeg_output(j_common_ptr info)
{
    (void)info;
}

static void jpeg_format(j_common_ptr info, char *buffer)
{
    (void)info;
    buffer[0] = '\0';
}

static void jpeg_reset(j_common_ptr info)
{
    (void)info;
}

static void jpeg_progress(j_common_ptr info)
{
    j_decompress_ptr d = (j_decompress_ptr)info;
    jpeg_error_t *error = (jpeg_error_t *)info->err;
    if (d->input_scan_number > MAX_JPEG_SCANS)
        error->reason = "the JPEG data has too many scans";
    else if (error->cancel != NULL && atomic_load_explicit(error->cancel, memory_order_relaxed))
        error->reason = "the decoding was cancelled";
    else
        return;
    longjmp(error->jump, 1);
}

/* ---- converter ------------------------------------------------------------------------------ */

/* Creates the decompressor (which reports running out of memory by jumping back here). */
static bool jpeg_setup(color_converter_t *c)
{
    if (setjmp(c->error.jump))
        return false;
    jpeg_create_decompress(&c->jpeg);
    return true;
}

color_converter_t *color_converter_create(void)
{
    color_converter_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->error.base.error_exit = jpeg_fail;
    c->error.base.emit_message = jpeg_message;
    c->error.base.output_message = jpeg_output;
    c->error.base.format_message = jpeg_format;
    c->error.base.reset_error_mgr = jpeg_reset;
    c->jpeg.err = &c->error.base;
    c->progress.progress_monitor = jpeg_progress;
    if (!jpeg_setup(c))
    {
        free(c);
        return NULL;
    }
    c->jpeg.progress = &c->progress;
    c->jpeg_ready = true;
    return c;
}

void color_converter_set_cancel(color_converter_t *c, const atomic_bool *cancel)
{
    c->error.cancel = cancel;
}

void color_converter_destroy(color_converter_t *c)
{
    if (c == NULL)
        return;
    if (c->jpeg_ready)
        jpeg_destroy_decompress(&c->jpeg);
    free(c->scratch);
    free(c);
}

static uint8_t *scratch(color_converter_t *c, size_t size)
{
    if (c->scratch_size < size)
    {
        free(c->scratch);
        c->scratch = malloc(size);
        c->scratch_size = c->scratch != NULL ? size : 0;
    }
    return c->scratch;
}

bool color_conversion_supported(k4a_image_format_t source, k4a_image_format_t target)
{
    bool source_ok = source == K4A_IMAGE_FORMAT_COLOR_MJPG || source == K4A_IMAGE_FORMAT_COLOR_NV12 ||
                     source == K4A_IMAGE_FORMAT_COLOR_YUY2 || source == K4A_IMAGE_FORMAT_COLOR_BGRA32;
    if (!source_ok)
        return false;
    if (target == K4A_IMAGE_FORMAT_COLOR_MJPG)
        return source == K4A_IMAGE_FORMAT_COLOR_MJPG; /* nothing encodes JPEG */
    return target == K4A_IMAGE_FORMAT_COLOR_NV12 || target == K4A_IMAGE_FORMAT_COLOR_YUY2 ||
           target == K4A_IMAGE_FORMAT_COLOR_BGRA32;
}

int color_stride(k4a_image_format_t format, int width)
{
    switch (format)
    {
    case K4A_IMAGE_FORMAT_COLOR_NV12: return width;
    case K4A_IMAGE_FORMAT_COLOR_YUY2: return width * 2;
    case K4A_IMAGE_FORMAT_COLOR_BGRA32: return width * 4;
    default: return 0;
    }
}

size_t color_image_size(k4a_image_format_t format, int width, int height)
{
    size_t rows = (size_t)height;
    if (format == K4A_IMAGE_FORMAT_COLOR_NV12)
        rows += (size_t)height / 2;
    return rows * (size_t)color_stride(format, width);
}

/* ---- MJPG ------------------------------------------------------------------------------------ */

static bool decode_jpeg(color_converter_t *c, const uint8_t *frame, size_t size, int width, int height, uint8_t *bgra,
                        const char **error);

/* ---- MJPG in parts --------------------------------------------------------------------------- */

/* Decodes rows [0, rows) of the JPEG in frame (whose picture is width x total_height) into bgra. */
static bool decode_jpeg_rows(color_converter_t *c, const uint8_t *frame, size_t size, int width, int total_height,
                             int rows, uint8_t *bgra, const char **error)
{
    struct jpeg_decompress_struct *d = &c->jpeg;
    c->error.reason = NULL;
    if (!c->jpeg_ready || size == 0 || size > (size_t)0x7FFFFFFF)
    {
        *error = "the JPEG frame cannot be decoded";
        return false;
    }
    if (setjmp(c->error.jump))
    {
        jpeg_abort_decompress(d);
        *error = c->error.reason;
        return false;
    }
    jpeg_mem_src(d, frame, (unsigned long)size);
    jpeg_read_header(d, TRUE);
    if ((int)d->image_width != width || (int)d->image_height != total_height)
    {
        c->error.reason = "the JPEG frame's size differs from the track's";
        jpeg_fail((j_common_ptr)d);
    }
    d->out_color_space = JCS_EXT_BGRA;
    d->dct_method = JDCT_IFAST;
    d->do_fancy_upsampling = FALSE;
    jpeg_start_decompress(d);
    size_t stride = (size_t)width * 4;
    while ((int)d->output_scanline < rows)
    {
        JSAMPROW pointers[16];
        JDIMENSION left = (JDIMENSION)rows - d->output_scanline;
        JDIMENSION count = left < 16 ? left : 16;
        for (JDIMENSION i = 0; i < count; i++)
            pointers[i] = bgra + (size_t)(d->output_scanline + i) * stride;
        if (jpeg_read_scanlines(d, pointers, count) == 0)
        {
            c->error.reason = "the JPEG data ends early";
            jpeg_fail((j_common_ptr)d);
        }
    }
    if (rows == total_height)
        jpeg_finish_decompress(d);
    else
        jpeg_abort_decompress(d);
    return true;
}

static unsigned read16(const uint8_t *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

bool jpeg_split_plan(const uint8_t *jpeg, size_t size, int width, int height, int parts, jpeg_split_t *split)
{
    memset(split, 0, sizeof(*split));
    split->parts = 1;
    split->first_row[0] = 0;
    split->first_row[1] = height;
    if (parts < 2 || size < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        return false;
    if (parts > JPEG_MAX_PARTS)
        parts = JPEG_MAX_PARTS;
    /* the headers, up to the end of the (single, interleaved) scan header */
    size_t position = 2, sof = 0, header_end = 0;
    unsigned restart = 0, max_h = 0, max_v = 0, components = 0;
    while (header_end == 0)
    {
        if (position + 4 > size || jpeg[position] != 0xFF)
            return false;
        uint8_t marker = jpeg[position + 1];
        if (marker == 0xFF)
        {
            position++; /* fill byte */
            continue;
        }
        unsigned length = read16(jpeg + position + 2);
        if (length < 2 || position + 2 + length > size)
            return false;
        const uint8_t *segment = jpeg + position + 4;
        if (marker == 0xC0 || marker == 0xC1)
        {
            if (length < 8 || sof != 0)
                return false;
            sof = position;
            components = segment[5];
            if (components == 0 || components > 4 || length != 8 + 3 * components ||
                (int)read16(segment + 1) != height || (int)read16(segment + 3) != width)
                return false;
            for (unsigned i = 0; i < components; i++)
            {
                unsigned h = segment[6 + 3 * i + 1] >> 4, v = segment[6 + 3 * i + 1] & 15;
                if (h == 0 || v == 0)
                    return false;
                max_h = h > max_h ? h : max_h;
                max_v = v > max_v ? v : max_v;
            }
        }
        else if ((marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) ||
                 marker == 0xDC)
            return false; /* progressive, lossless, arithmetic, hierarchical, DNL: not split */
        else if (marker == 0xDD)
        {
            if (length != 4)
                return false;
            restart = read16(segment);
        }
        else if (marker == 0xDA)
        {
            if (sof == 0 || length < 3 || segment[0] != components)
                return false; /* a single scan with every component */
            header_end = position + 2 + length;
        }
        else if (marker == 0xD8 || marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7))
            return false;
        position += 2 + length;
    }
    if (restart == 0)
        return false;
    unsigned mcu_width = 8 * max_h, mcu_height = 8 * max_v;
    unsigned mcus_per_row = ((unsigned)width + mcu_width - 1) / mcu_width;
    unsigned mcu_rows = ((unsigned)height + mcu_height - 1) / mcu_height;

    /* the restart intervals: where each begins in the data, and which MCU row that is */
    size_t starts[1024];
    unsigned count = 0;
    size_t data_end = size;
    for (size_t i = header_end; i + 1 < size; i++)
    {
        if (jpeg[i] != 0xFF || jpeg[i + 1] == 0x00 || jpeg[i + 1] == 0xFF)
            continue;
        uint8_t marker = jpeg[i + 1];
        if (marker >= 0xD0 && marker <= 0xD7)
        {
            if (marker != 0xD0 + count % 8 || count + 1 >= sizeof(starts) / sizeof(starts[0]))
                return false; /* out of sequence: leave it to the whole decode */
            starts[count++] = i + 2;
            i++;
            continue;
        }
        data_end = i; /* EOI, or another marker */
        break;
    }
    /* pick restart boundaries at MCU row starts near the even split points */
    int chosen = 1;
    for (int part = 1; part < parts; part++)
    {
        unsigned want_row = mcu_rows * (unsigned)part / (unsigned)parts;
        unsigned best = 0, best_distance = UINT32_MAX;
        for (unsigned k = 1; k <= count; k++)
        {
            uint64_t mcu = (uint64_t)k * restart;
            if (mcu % mcus_per_row != 0)
                continue;
            unsigned row = (unsigned)(mcu / mcus_per_row);
            if (row == 0 || row >= mcu_rows || (int)(row * mcu_height) <= split->first_row[chosen - 1])
                continue;
            unsigned distance = row > want_row ? row - want_row : want_row - row;
            if (distance < best_distance)
            {
                best = k;
                best_distance = distance;
            }
        }
        if (best == 0)
            continue;
        unsigned row = (unsigned)((uint64_t)best * restart / mcus_per_row);
        int first_row = (int)(row * mcu_height);
        if (first_row >= height)
            continue;
        /* the rows from there: the headers with the new height, then the data from restart best */
        size_t data_size = data_end - starts[best - 1];
        size_t sub_size = header_end + data_size + 2;
        uint8_t *sub = malloc(sub_size);
        if (sub == NULL)
            break;
        memcpy(sub, jpeg, header_end);
        sub[sof + 5] = (uint8_t)((height - first_row) >> 8);
        sub[sof + 6] = (uint8_t)(height - first_row);
        memcpy(sub + header_end, jpeg + starts[best - 1], data_size);
        sub[sub_size - 2] = 0xFF;
        sub[sub_size - 1] = 0xD9;
        /* renumber the restart markers from RST0 */
        for (unsigned k = best + 1; k <= count; k++)
        {
            size_t at = header_end + (starts[k - 1] - 2 - starts[best - 1]) + 1;
            sub[at] = (uint8_t)(0xD0 + (k - best - 1) % 8);
        }
        split->sub[chosen] = sub;
        split->sub_size[chosen] = sub_size;
        split->first_row[chosen] = first_row;
        chosen++;
    }
    split->parts = chosen;
    split->first_row[chosen] = height;
    return chosen > 1;
}

void jpeg_split_free(jpeg_split_t *split)
{
    for (int i = 0; i < JPEG_MAX_PARTS; i++)
        free(split->sub[i]);
    memset(split, 0, sizeof(*split));
}

bool color_decode_part(color_converter_t *c, const uint8_t *jpeg, size_t size, const jpeg_split_t *split, int part,
                       int width, int height, uint8_t *bgra, const char **error)
{
    int from = split->first_row[part], to = split->first_row[part + 1];
    if (part == 0)
        return decode_jpeg_rows(c, jpeg, size, width, height, to, bgra, error);
    return decode_jpeg_rows(c, split->sub[part], split->sub_size[part], width, height - from, to - from,
                            bgra + (size_t)from * (size_t)width * 4, error);
}

static bool decode_jpeg(color_converter_t *c, const uint8_t *frame, size_t size, int width, int height, uint8_t *bgra,
                        const char **error)
{
    return decode_jpeg_rows(c, frame, size, width, height, height, bgra, error);
}

/* ---- BGRA to YUV ----------------------------------------------------------------------------- */

static inline uint8_t luma(int r, int g, int b)
{
    return (uint8_t)(((33 * r + 65 * g + 13 * b) >> 7) + 16);
}

/* (x >> 8) + 128 for |x| <= 28560 (the range of the sums below), rounding towards minus infinity
 * without shifting a negative number: (x + 128 * 256) >> 8 */
static inline uint8_t chroma(int x)
{
    return (uint8_t)((x + 32768) >> 8);
}

static inline uint8_t chroma_u(int r, int g, int b)
{
    return chroma(112 * b - 74 * g - 38 * r);
}

static inline uint8_t chroma_v(int r, int g, int b)
{
    return chroma(112 * r - 94 * g - 18 * b);
}

static inline int average_up(int a, int b)
{
    return (a + b + 1) >> 1;
}

static void bgra_to_nv12(const uint8_t *bgra, int width, int height, uint8_t *nv12)
{
    size_t stride = (size_t)width * 4;
    uint8_t *y_plane = nv12;
    uint8_t *uv_plane = nv12 + (size_t)width * (size_t)height;
    for (int row = 0; row < height; row++)
    {
        const uint8_t *p = bgra + (size_t)row * stride;
        uint8_t *y = y_plane + (size_t)row * (size_t)width;
        for (int x = 0; x < width; x++)
            y[x] = luma(p[4 * x + 2], p[4 * x + 1], p[4 * x]);
    }
    for (int row = 0; row < height / 2; row++)
    {
        const uint8_t *p0 = bgra + (size_t)(2 * row) * stride;
        const uint8_t *p1 = p0 + stride;
        uint8_t *uv = uv_plane + (size_t)row * (size_t)width;
        for (int x = 0; x + 1 < width; x += 2)
        {
            int b = average_up(average_up(p0[4 * x], p1[4 * x]), average_up(p0[4 * x + 4], p1[4 * x + 4]));
            int g = average_up(average_up(p0[4 * x + 1], p1[4 * x + 1]), average_up(p0[4 * x + 5], p1[4 * x + 5]));
            int r = average_up(average_up(p0[4 * x + 2], p1[4 * x + 2]), average_up(p0[4 * x + 6], p1[4 * x + 6]));
            uv[x] = chroma_u(r, g, b);
            uv[x + 1] = chroma_v(r, g, b);
        }
    }
}

static void bgra_to_yuy2(const uint8_t *bgra, int width, int height, uint8_t *yuy2)
{
    size_t stride = (size_t)width * 4;
    for (int row = 0; row < height; row++)
    {
        const uint8_t *p = bgra + (size_t)row * stride;
        uint8_t *out = yuy2 + (size_t)row * (size_t)width * 2;
        for (int x = 0; x + 1 < width; x += 2)
        {
            int b = average_up(p[4 * x], p[4 * x + 4]);
            int g = average_up(p[4 * x + 1], p[4 * x + 5]);
            int r = average_up(p[4 * x + 2], p[4 * x + 6]);
            out[2 * x] = luma(p[4 * x + 2], p[4 * x + 1], p[4 * x]);
            out[2 * x + 1] = chroma_u(r, g, b);
            out[2 * x + 2] = luma(p[4 * x + 6], p[4 * x + 5], p[4 * x + 4]);
            out[2 * x + 3] = chroma_v(r, g, b);
        }
    }
}

void color_from_bgra(const uint8_t *bgra, int width, int height, k4a_image_format_t target, uint8_t *destination)
{
    if (target == K4A_IMAGE_FORMAT_COLOR_NV12)
        bgra_to_nv12(bgra, width, height, destination);
    else if (target == K4A_IMAGE_FORMAT_COLOR_YUY2)
        bgra_to_yuy2(bgra, width, height, destination);
    else
        memcpy(destination, bgra, (size_t)width * (size_t)height * 4);
}

/* ---- conversion ------------------------------------------------------------------------------ */

/* Brings a frame to BGRA in out (width x height x 4 bytes). */
static bool to_bgra(color_converter_t *c, k4a_image_format_t source, const uint8_t *frame, size_t size, int width,
                    int height, uint8_t *out, const char **error)
{
    int stride = width * 4;
    switch (source)
    {
    case K4A_IMAGE_FORMAT_COLOR_MJPG: return decode_jpeg(c, frame, size, width, height, out, error);
    case K4A_IMAGE_FORMAT_COLOR_NV12:
        if (NV12ToARGB(frame, width, frame + (size_t)width * (size_t)height, width, out, stride, width, height) != 0)
        {
            *error = "libyuv could not convert the NV12 frame";
            return false;
        }
        return true;
    case K4A_IMAGE_FORMAT_COLOR_YUY2:
        if (YUY2ToARGB(frame, width * 2, out, stride, width, height) != 0)
        {
            *error = "libyuv could not convert the YUY2 frame";
            return false;
        }
        return true;
    case K4A_IMAGE_FORMAT_COLOR_BGRA32: memcpy(out, frame, (size_t)stride * (size_t)height); return true;
    default: *error = "the source format is not a colour format"; return false;
    }
}

bool color_convert(color_converter_t *c, k4a_image_format_t source, const uint8_t *frame, size_t size, int width,
                   int height, k4a_image_format_t target, uint8_t *destination, const char **error)
{
    *error = NULL;
    if (!color_conversion_supported(source, target) || width <= 0 || height <= 0 || (width & 1) != 0 ||
        (height & 1) != 0)
    {
        *error = "this colour conversion is not supported";
        return false;
    }
    if (source != K4A_IMAGE_FORMAT_COLOR_MJPG && size != color_image_size(source, width, height))
    {
        *error = "the frame's size does not match its format and dimensions";
        return false;
    }
    if (source == target)
    {
        memcpy(destination, frame, size);
        return true;
    }
    if (target == K4A_IMAGE_FORMAT_COLOR_BGRA32)
        return to_bgra(c, source, frame, size, width, height, destination, error);
    const uint8_t *bgra = frame;
    if (source != K4A_IMAGE_FORMAT_COLOR_BGRA32)
    {
        uint8_t *buffer = scratch(c, (size_t)width * (size_t)height * 4);
        if (buffer == NULL)
        {
            *error = "out of memory";
            return false;
        }
        if (!to_bgra(c, source, frame, size, width, height, buffer, error))
            return false;
        bgra = buffer;
    }
    if (target == K4A_IMAGE_FORMAT_COLOR_NV12)
        bgra_to_nv12(bgra, width, height, destination);
    else
        bgra_to_yuy2(bgra, width, height, destination);
    return true;
}
