/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * Receives the log messages of libk4a and libk4arecord (see {@link K4a#addLogListener}). It is called on
 * the thread that logged, while the library holds its log lock: be quick, do not throw, and do not add or
 * remove listeners or change the log level from inside it.
 */
@FunctionalInterface
public interface LogListener {
    /**
     * @param level   severity of the message
     * @param file    source file of the native code that logged (base name)
     * @param line    line in that file
     * @param message the message text
     */
    void onMessage(LogLevel level, String file, int line, String message);
}
