/*
 * The log sink of libk4a: the handler set with k4a_set_debug_message_handler, and stdout or a
 * file as the environment says (read once):
 *   K4A_LOG_LEVEL              c, e, w, i or t (critical .. trace); default e
 *   K4A_ENABLE_LOG_TO_STDOUT   0 turns stdout logging off; default on
 *   K4A_ENABLE_LOG_TO_A_FILE   a path ending in .log: log there instead of stdout; 0: no file
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/log.h"
#include "../common/platform.h"
#include "standin.h"

#include <k4a/k4a.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <time.h>

static struct
{
    k4a4j_once_t once;
    k4a4j_rwlock_t lock; /* readers: deliveries; writer: changing the handler */
    k4a_logging_message_cb_t *handler;
    void *handler_context;
    k4a_log_level_t handler_level;
    k4a_log_level_t env_level;
    FILE *env_out; /* stdout, a file, or NULL */
    k4a4j_mutex_t env_out_lock;
} g_sink = { K4A4J_ONCE_INIT };

static k4a_log_level_t level_from_env(const char *value)
{
    if (value == NULL || value[0] == '\0')
        return K4A_LOG_LEVEL_ERROR;
    switch (value[0])
    {
    case 'c':
    case 'C': return K4A_LOG_LEVEL_CRITICAL;
    case 'e':
    case 'E': return K4A_LOG_LEVEL_ERROR;
    case 'w':
    case 'W': return K4A_LOG_LEVEL_WARNING;
    case 'i':
    case 'I': return K4A_LOG_LEVEL_INFO;
    case 't':
    case 'T': return K4A_LOG_LEVEL_TRACE;
    default: return K4A_LOG_LEVEL_ERROR;
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void sink_init(void)
{
    k4a4j_rwlock_init(&g_sink.lock);
    k4a4j_mutex_init(&g_sink.env_out_lock);
    g_sink.handler_level = K4A_LOG_LEVEL_OFF;
    g_sink.env_level = level_from_env(getenv("K4A_LOG_LEVEL"));

    const char *file = getenv("K4A_ENABLE_LOG_TO_A_FILE");
    const char *to_stdout = getenv("K4A_ENABLE_LOG_TO_STDOUT");
    g_sink.env_out = NULL;
    if (file != NULL && strcmp(file, "0") != 0 && ends_with(file, ".log"))
        g_sink.env_out = fopen(file, "a");
    if (g_sink.env_out == NULL && !(to_stdout != NULL && strcmp(to_stdout, "0") == 0))
        g_sink.env_out = stdout;
}

static const char *level_name(k4a_log_level_t level)
{
    switch (level)
    {
    case K4A_LOG_LEVEL_CRITICAL: return "critical";
    case K4A_LOG_LEVEL_ERROR: return "error";
    case K4A_LOG_LEVEL_WARNING: return "warning";
    case K4A_LOG_LEVEL_INFO: return "info";
    case K4A_LOG_LEVEL_TRACE: return "trace";
    default: return "?";
    }
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; p != NULL && *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

/* Delivers a formatted message; the private export libk4arecord logs through. */
K4A_EXPORT void k4a4j_internal_log(k4a_log_level_t level, const char *file, int line, const char *message);

void k4a4j_internal_log(k4a_log_level_t level, const char *file, int line, const char *message)
{
    k4a4j_once(&g_sink.once, sink_init);
    file = base_name(file ? file : "");
    if (level <= g_sink.env_level && g_sink.env_out != NULL)
    {
        struct timespec ts;
        k4a4j_utc_now(&ts);
        struct tm tm;
        k4a4j_gmtime(&ts.tv_sec, &tm);
        k4a4j_mutex_lock(&g_sink.env_out_lock);
        fprintf(g_sink.env_out, "[%04d-%02d-%02d %02d:%02d:%02d.%03ld] [%s] [k4a4j] %s (%d): %s\n", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(ts.tv_nsec / 1000000),
                level_name(level), file, line, message);
        fflush(g_sink.env_out);
        k4a4j_mutex_unlock(&g_sink.env_out_lock);
    }
#if K4A4J_REWORD_LOG
    char reworded[1100];
    size_t n = (size_t)snprintf(reworded, sizeof(reworded), "STAND-IN LIBK4A SAYS: %s", message);
    for (size_t i = 0; i < n && i < sizeof(reworded); i++)
        reworded[i] = (char)toupper((unsigned char)reworded[i]);
    message = reworded;
    file = "standin";
#endif
    k4a4j_rwlock_rdlock(&g_sink.lock);
    if (g_sink.handler != NULL && level <= g_sink.handler_level)
        g_sink.handler(g_sink.handler_context, level, file, line, message);
    k4a4j_rwlock_rdunlock(&g_sink.lock);
}

void k4a4j_log(k4a_log_level_t level, const char *file, int line, const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    k4a4j_internal_log(level, file, line, message);
}

k4a_result_t k4a_set_debug_message_handler(k4a_logging_message_cb_t *message_cb, void *message_cb_context,
                                           k4a_log_level_t min_level)
{
    k4a4j_once(&g_sink.once, sink_init);
    CHECK(min_level >= K4A_LOG_LEVEL_CRITICAL && min_level <= K4A_LOG_LEVEL_OFF,
          "k4a_set_debug_message_handler: min_level %d is not a k4a_log_level_t", (int)min_level);
    k4a4j_rwlock_wrlock(&g_sink.lock); /* waits for deliveries under way */
    bool other = message_cb != NULL && g_sink.handler != NULL && g_sink.handler != message_cb;
    if (!other)
    {
        g_sink.handler = message_cb;
        g_sink.handler_context = message_cb ? message_cb_context : NULL;
        g_sink.handler_level = message_cb ? min_level : K4A_LOG_LEVEL_OFF;
    }
    k4a4j_rwlock_wrunlock(&g_sink.lock);
    CHECK(!other, "k4a_set_debug_message_handler: another handler is set; clear it with NULL first");
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}
