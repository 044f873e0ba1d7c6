/*
 * libk4arecord logs through libk4a's sink (k4a4j_internal_log), so one handler set with
 * k4a_set_debug_message_handler sees the messages of both libraries. Under another libk4a
 * (the vendor's), that symbol is absent and messages go to stderr instead.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/log.h"

#include <stdarg.h>
#include <stdio.h>

#if defined(_WIN32)
#include <windows.h>
/* PE has no weak imports: look the private export up in the k4a.dll that is loaded. */
k4a4j_sink_fn *k4a4j_libk4a_sink(void)
{
    HMODULE k4a = GetModuleHandleA("k4a.dll");
    return k4a == NULL ? NULL : (k4a4j_sink_fn *)(void (*)(void))GetProcAddress(k4a, "k4a4j_internal_log");
}
#else
extern void k4a4j_internal_log(k4a_log_level_t level, const char *file, int line, const char *message)
#if defined(__GNUC__)
    __attribute__((weak))
#endif
    ;
k4a4j_sink_fn *k4a4j_libk4a_sink(void)
{
    return k4a4j_internal_log;
}
#endif

void k4a4j_log(k4a_log_level_t level, const char *file, int line, const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    k4a4j_sink_fn *sink = k4a4j_libk4a_sink();
    if (sink != NULL)
        sink(level, file, line, message);
    else if (level <= K4A_LOG_LEVEL_ERROR)
        fprintf(stderr, "[k4arecord] %s (%d): %s\n", file, line, message);
}
