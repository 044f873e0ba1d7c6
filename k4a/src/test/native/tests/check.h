/*
 * A minimal test harness for the C tests: EXPECT_* record a failure and go on, RUN runs a test
 * function, check_summary() is main's exit status. log_capture_* collect the library's error
 * messages so a test can assert that a failing call said why.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_CHECK_H
#define K4A4J_CHECK_H

#include <k4a/k4a.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;
static const char *check_current = "";

#define EXPECT_TRUE(cond)                                                                                              \
    do                                                                                                                 \
    {                                                                                                                  \
        check_count++;                                                                                                 \
        if (!(cond))                                                                                                   \
        {                                                                                                              \
            check_failures++;                                                                                          \
            fprintf(stderr, "FAIL %s:%d in %s: %s\n", __FILE__, __LINE__, check_current, #cond);                       \
        }                                                                                                              \
    } while (0)

#define EXPECT_EQ(a, b)                                                                                                \
    do                                                                                                                 \
    {                                                                                                                  \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                                                \
        check_count++;                                                                                                 \
        if (check_a_ != check_b_)                                                                                      \
        {                                                                                                              \
            check_failures++;                                                                                          \
            fprintf(stderr, "FAIL %s:%d in %s: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, check_current, #a, #b,  \
                    check_a_, check_b_);                                                                               \
        }                                                                                                              \
    } while (0)

#define EXPECT_STR(a, b) EXPECT_TRUE(strcmp((a), (b)) == 0)

#define RUN(fn)                                                                                                        \
    do                                                                                                                 \
    {                                                                                                                  \
        check_current = #fn;                                                                                           \
        int before_ = check_failures;                                                                                  \
        fn();                                                                                                          \
        fprintf(stderr, "%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #fn);                                  \
    } while (0)

static inline int check_summary(void)
{
    fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

/* ---- capturing log messages ---------------------------------------------------------------- */
static char log_capture_last[1024];
static int log_capture_errors;

static void log_capture_handler(void *context, k4a_log_level_t level, const char *file, const int line,
                                const char *message)
{
    (void)context;
    (void)file;
    (void)line;
    if (level <= K4A_LOG_LEVEL_ERROR)
    {
        log_capture_errors++;
        snprintf(log_capture_last, sizeof(log_capture_last), "%s", message);
    }
}

static inline void log_capture_start(void)
{
    log_capture_errors = 0;
    log_capture_last[0] = '\0';
    k4a_set_debug_message_handler(log_capture_handler, NULL, K4A_LOG_LEVEL_WARNING);
}

/* True when an error was logged since the last call whose text contains needle. */
static inline int log_capture_said(const char *needle)
{
    int said = log_capture_errors > 0 && strstr(log_capture_last, needle) != NULL;
    if (!said)
        fprintf(stderr, "  (last error message: \"%s\", wanted \"%s\")\n", log_capture_last, needle);
    log_capture_errors = 0;
    log_capture_last[0] = '\0';
    return said;
}

/* Sets the environment variable name to value, or removes it when value is NULL (setenv/unsetenv on
 * POSIX, _putenv on Windows, where the tests run under wine). */
static inline void check_setenv(const char *name, const char *value)
{
#ifdef _WIN32
    char entry[256];
    snprintf(entry, sizeof(entry), "%s=%s", name, value == NULL ? "" : value); /* "name=": removes it */
    _putenv(entry);
#else
    if (value == NULL)
        unsetenv(name);
    else
        setenv(name, value, 1);
#endif
}

#endif /* K4A4J_CHECK_H */
