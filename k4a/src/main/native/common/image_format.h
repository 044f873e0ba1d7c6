/*
 * Facts about image formats shared by the core's modules.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_IMAGE_FORMAT_H
#define K4A4J_IMAGE_FORMAT_H

#include <k4a/k4atypes.h>

#define K4A4J_IMAGE_MAX_SIDE 20000

static inline bool k4a4j_format_is_valid(k4a_image_format_t format)
{
    return format >= K4A_IMAGE_FORMAT_COLOR_MJPG && format <= K4A_IMAGE_FORMAT_CUSTOM;
}

static inline const char *k4a4j_format_name(k4a_image_format_t format)
{
    switch (format)
    {
    case K4A_IMAGE_FORMAT_COLOR_MJPG: return "COLOR_MJPG";
    case K4A_IMAGE_FORMAT_COLOR_NV12: return "COLOR_NV12";
    case K4A_IMAGE_FORMAT_COLOR_YUY2: return "COLOR_YUY2";
    case K4A_IMAGE_FORMAT_COLOR_BGRA32: return "COLOR_BGRA32";
    case K4A_IMAGE_FORMAT_DEPTH16: return "DEPTH16";
    case K4A_IMAGE_FORMAT_IR16: return "IR16";
    case K4A_IMAGE_FORMAT_CUSTOM8: return "CUSTOM8";
    case K4A_IMAGE_FORMAT_CUSTOM16: return "CUSTOM16";
    case K4A_IMAGE_FORMAT_CUSTOM: return "CUSTOM";
    default: return "(not a k4a_image_format_t)";
    }
}

/* Bytes per pixel of the first plane, or 0 where the format has no fixed pixel size (MJPG, CUSTOM). */
static inline int k4a4j_format_pixel_bytes(k4a_image_format_t format)
{
    switch (format)
    {
    case K4A_IMAGE_FORMAT_COLOR_NV12:
    case K4A_IMAGE_FORMAT_CUSTOM8: return 1;
    case K4A_IMAGE_FORMAT_COLOR_YUY2:
    case K4A_IMAGE_FORMAT_DEPTH16:
    case K4A_IMAGE_FORMAT_IR16:
    case K4A_IMAGE_FORMAT_CUSTOM16: return 2;
    case K4A_IMAGE_FORMAT_COLOR_BGRA32: return 4;
    default: return 0;
    }
}

/* Bytes an uncompressed image of this format, height and stride occupies (NV12: plus the chroma plane).
 * In 64 bits whatever the width of size_t (height and stride are non-negative ints, so it cannot
 * overflow): on a 32-bit platform height x stride may exceed SIZE_MAX, and callers compare first. */
static inline uint64_t k4a4j_format_buffer_size(k4a_image_format_t format, int height, int stride)
{
    uint64_t rows = (uint64_t)height;
    if (format == K4A_IMAGE_FORMAT_COLOR_NV12)
        rows += (uint64_t)height / 2;
    return rows * (uint64_t)stride;
}

#endif /* K4A4J_IMAGE_FORMAT_H */
