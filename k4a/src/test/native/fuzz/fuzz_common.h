/*
 * Shared by the fuzz targets: numbers read from the fuzzer's input, and logging to a handler only
 * (nothing on stdout, which would slow the fuzzer down).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_FUZZ_COMMON_H
#define K4A4J_FUZZ_COMMON_H

#include <k4a/k4a.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct
{
    const uint8_t *data;
    size_t size;
} fuzz_input_t;

/* The next bytes (1..8) of the input as a little-endian number; 0 for bytes past its end. */
static inline uint64_t fuzz_take(fuzz_input_t *in, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes && in->size > 0; i++, in->data++, in->size--)
        v |= (uint64_t)in->data[0] << (8 * i);
    return v;
}

static inline void fuzz_silence(void *context, k4a_log_level_t level, const char *file, const int line,
                                const char *message)
{
    (void)context, (void)level, (void)file, (void)line, (void)message;
}

/* Sends the library's messages of level ERROR and worse to handler only. Call before any other
 * k4a function (the stdout sink is configured at the first one). */
static inline void fuzz_log_to(k4a_logging_message_cb_t *handler)
{
    setenv("K4A_ENABLE_LOG_TO_STDOUT", "0", 0);
    k4a_set_debug_message_handler(handler, NULL, K4A_LOG_LEVEL_ERROR);
}

#endif /* K4A4J_FUZZ_COMMON_H */
