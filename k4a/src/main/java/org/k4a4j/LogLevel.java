/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * The severity of a library log message, as {@code k4a_log_level_t} numbers it (lower is more severe).
 * {@link #OFF} is not a severity but the setting "no messages" ({@link K4a#setLogLevel}); no message has it.
 */
public enum LogLevel {
    /** A failure the library cannot recover from. */
    CRITICAL(K4A_LOG_LEVEL_CRITICAL),
    /** A failed call. */
    ERROR(K4A_LOG_LEVEL_ERROR),
    /** Something unexpected that the call survived. */
    WARNING(K4A_LOG_LEVEL_WARNING),
    /** Information. */
    INFO(K4A_LOG_LEVEL_INFO),
    /** Detail for debugging. */
    TRACE(K4A_LOG_LEVEL_TRACE),
    /** No messages: as a listener level it silences the listeners (errors still make exceptions). */
    OFF(K4A_LOG_LEVEL_OFF);

    private final int value;

    LogLevel(int value) {
        this.value = value;
    }

    /**
     * The {@code k4a_log_level_t} value.
     *
     * @return the {@code k4a_log_level_t} value
     */
    public int value() {
        return value;
    }

    /**
     * The level of a {@code k4a_log_level_t} value; values outside the enumeration map to {@link #TRACE}.
     *
     * @param value the value
     * @return the level of a {@code k4a_log_level_t} value; values outside the enumeration map to {@link #TRACE}
     */
    public static LogLevel of(int value) {
        for (LogLevel level : values()) {
            if (level.value == value) {
                return level;
            }
        }
        return TRACE;
    }
}
