/*
 * Logging: messages go to the handler set with k4a_set_debug_message_handler and, as the
 * K4A_LOG_LEVEL / K4A_ENABLE_LOG_TO_STDOUT / K4A_ENABLE_LOG_TO_A_FILE variables say, to stdout
 * or a file. libk4arecord reports through libk4a's sink, so a handler sees both libraries.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_LOG_H
#define K4A4J_LOG_H

#include <k4a/k4atypes.h>

#if defined(__MINGW32__) /* built with __USE_MINGW_ANSI_STDIO (cmake/windows-x86_64.cmake): C99 formats such as %zu */
#define K4A4J_PRINTF(a, b) __attribute__((format(gnu_printf, a, b)))
#elif defined(__GNUC__)
#define K4A4J_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define K4A4J_PRINTF(a, b)
#endif

/* Formats and delivers one message. Defined in libk4a (log.c); libk4arecord reaches it through
 * libk4a's private export k4a4j_internal_log (k4a4j_libk4a_sink). */
void k4a4j_log(k4a_log_level_t level, const char *file, int line, const char *format, ...) K4A4J_PRINTF(4, 5);

/* libk4arecord only (log_forward.c): libk4a's private export k4a4j_internal_log, or NULL when the
 * libk4a underneath is not ours (the vendor's). */
typedef void k4a4j_sink_fn(k4a_log_level_t level, const char *file, int line, const char *message);
k4a4j_sink_fn *k4a4j_libk4a_sink(void);

#define K4A4J_LOG(level, ...) k4a4j_log(level, __FILE__, __LINE__, __VA_ARGS__)
#define LOG_CRITICAL(...) K4A4J_LOG(K4A_LOG_LEVEL_CRITICAL, __VA_ARGS__)
#define LOG_ERROR(...) K4A4J_LOG(K4A_LOG_LEVEL_ERROR, __VA_ARGS__)
#define LOG_WARNING(...) K4A4J_LOG(K4A_LOG_LEVEL_WARNING, __VA_ARGS__)
#define LOG_INFO(...) K4A4J_LOG(K4A_LOG_LEVEL_INFO, __VA_ARGS__)
#define LOG_TRACE(...) K4A4J_LOG(K4A_LOG_LEVEL_TRACE, __VA_ARGS__)

/* The one error path of a function: log why and jump to its fail label. */
#define CHECK(cond, ...)                                                                                               \
    do                                                                                                                 \
    {                                                                                                                  \
        if (!(cond))                                                                                                   \
        {                                                                                                              \
            LOG_ERROR(__VA_ARGS__);                                                                                    \
            goto fail;                                                                                                 \
        }                                                                                                              \
    } while (0)

#endif /* K4A4J_LOG_H */
