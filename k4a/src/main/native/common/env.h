/*
 * Numbers read from environment variables: the knobs for measuring and testing (pool sizes, how
 * long workers watch for work, a record test's simulated disk-full point). One parser, so that
 * every knob treats bad text the same way: unset or empty gives the default; text that is not a
 * decimal integer gives the default and a warning; a number outside the allowed range is clamped
 * to it, with a warning.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_ENV_H
#define K4A4J_ENV_H

#include "log.h"

#include <errno.h>
#include <stdlib.h>

/* The value of environment variable name as an integer in [min, max], or fallback (see above). */
static inline long long k4a4j_env_integer(const char *name, long long fallback, long long min, long long max)
{
    const char *text = getenv(name);
    if (text == NULL || *text == '\0')
        return fallback;
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE)
    {
        LOG_WARNING("%s=%s is not a decimal integer; using %lld", name, text, fallback);
        return fallback;
    }
    if (value < min || value > max)
    {
        long long clamped = value < min ? min : max;
        LOG_WARNING("%s=%s is outside %lld..%lld; using %lld", name, text, min, max, clamped);
        return clamped;
    }
    return value;
}

#endif /* K4A4J_ENV_H */
