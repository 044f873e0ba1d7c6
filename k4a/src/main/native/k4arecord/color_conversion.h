/*
 * Colour conversion for playback, as the reference reader does it, so results are identical:
 * - MJPG is decoded with libjpeg-turbo straight to BGRA with the fast integer DCT and without
 *   fancy upsampling (TurboJPEG's FASTDCT | FASTUPSAMPLE);
 * - NV12 and YUY2 go to BGRA with libyuv's NV12ToARGB and YUY2ToARGB (libyuv's ARGB is B, G,
 *   R, A in memory, k4a's BGRA32);
 * - NV12 and YUY2 targets are made from BGRA with BT.601 studio-range integer arithmetic: luma
 *   (33 R + 65 G + 13 B) >> 7, plus 16; chroma from the rounded-up averages of 2x2 (NV12: the two
 *   rows first, then the two columns) or 2x1 (YUY2) pixels, U = (112 B - 74 G - 38 R) >> 8 and
 *   V = (112 R - 94 G - 18 B) >> 8, plus 128 (shifts round towards minus infinity).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_COLOR_CONVERSION_H
#define K4A4J_COLOR_CONVERSION_H

#include <k4a/k4atypes.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per-thread conversion state (a JPEG decompressor and a scratch buffer). */
typedef struct color_converter color_converter_t;

color_converter_t *color_converter_create(void);
void color_converter_destroy(color_converter_t *converter);
/* A flag another thread may raise to stop the JPEG decoding under way (the conversion then fails,
 * its image half written); NULL: none. The flag must outlive the conversions that watch it. */
void color_converter_set_cancel(color_converter_t *converter, const atomic_bool *cancel);

/* True when frames stored as source can be delivered as target. */
bool color_conversion_supported(k4a_image_format_t source, k4a_image_format_t target);

/* Bytes per row and total bytes of a converted (uncompressed) image; 0 for MJPG. */
int color_stride(k4a_image_format_t format, int width);
size_t color_image_size(k4a_image_format_t format, int width, int height);

/* Converts one frame of source format (size bytes, rows packed) of width x height pixels into
 * destination (a buffer of color_image_size(target, ...) bytes). False, with *error set to a
 * static description, when the frame cannot be converted (a corrupt JPEG, a frame of the wrong
 * size, out of memory). */
bool color_convert(color_converter_t *converter, k4a_image_format_t source, const uint8_t *frame, size_t size,
                   int width, int height, k4a_image_format_t target, uint8_t *destination, const char **error);

/* Converts a BGRA image (rows packed) to NV12 or YUY2 (destination sized for target). */
void color_from_bgra(const uint8_t *bgra, int width, int height, k4a_image_format_t target, uint8_t *destination);

/* ---- decoding one JPEG frame on several threads ---------------------------------------------
 * A camera's MJPG frames carry restart markers: the entropy-coded data restarts (with fresh DC
 * predictions) every few MCUs. Where a restart falls at the start of an MCU row, the rows below
 * form a JPEG of their own: the same headers with a smaller height, and the data from that restart
 * on (restart markers renumbered). Without fancy upsampling no output row depends on another MCU
 * row, so the parts decode to exactly the bytes of a whole decode. */

#define JPEG_MAX_PARTS 4

typedef struct
{
    int parts;                         /* 1: not split */
    int first_row[JPEG_MAX_PARTS + 1]; /* part i covers rows [first_row[i], first_row[i + 1]) */
    uint8_t *sub[JPEG_MAX_PARTS];      /* part i > 0: a JPEG of the rows from first_row[i] down (malloc) */
    size_t sub_size[JPEG_MAX_PARTS];
} jpeg_split_t;

/* Plans up to parts parts of about equal height; false (and split->parts 1) when the frame has no
 * usable restart markers or is not a baseline JPEG of width x height. */
bool jpeg_split_plan(const uint8_t *jpeg, size_t size, int width, int height, int parts, jpeg_split_t *split);
void jpeg_split_free(jpeg_split_t *split);

/* Decodes rows [first_row[part], first_row[part + 1]) of a split frame into bgra, the whole image's
 * buffer (width * 4 bytes per row). */
bool color_decode_part(color_converter_t *converter, const uint8_t *jpeg, size_t size, const jpeg_split_t *split,
                       int part, int width, int height, uint8_t *bgra, const char **error);

#endif /* K4A4J_COLOR_CONVERSION_H */
