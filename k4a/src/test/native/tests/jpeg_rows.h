/*
 * The JPEG rows libjpeg-turbo decodes in this process, on every thread: how a test or a benchmark counts
 * the colour frames the playback decodes (rows / frame height), for the one file of the program that
 * includes it. Where the program's link wraps jpeg_read_scanlines (-Wl,--wrap=jpeg_read_scanlines on
 * GNU-style linkers; CMake then defines K4A4J_COUNT_JPEG_ROWS and adds libjpeg-turbo's include directory),
 * jpeg_rows counts them and JPEG_ROWS_COUNTED is 1; elsewhere (macOS) jpeg_rows stays 0 and it is 0.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_JPEG_ROWS_H
#define K4A4J_JPEG_ROWS_H

#include <stdatomic.h>
#include <stdint.h>

static _Atomic uint64_t jpeg_rows;

#if defined(K4A4J_COUNT_JPEG_ROWS)
#include <stdio.h> /* before jpeglib.h */

#include <jpeglib.h>

#define JPEG_ROWS_COUNTED 1
JDIMENSION __real_jpeg_read_scanlines(j_decompress_ptr d, JSAMPARRAY rows, JDIMENSION count);
JDIMENSION __wrap_jpeg_read_scanlines(j_decompress_ptr d, JSAMPARRAY rows, JDIMENSION count);
JDIMENSION __wrap_jpeg_read_scanlines(j_decompress_ptr d, JSAMPARRAY rows, JDIMENSION count)
{
    JDIMENSION n = __real_jpeg_read_scanlines(d, rows, count);
    jpeg_rows += n;
    return n;
}
#else
#define JPEG_ROWS_COUNTED 0
#endif

#endif /* K4A4J_JPEG_ROWS_H */
