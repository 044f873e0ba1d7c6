/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Collects the library's log messages logged on the creating thread while open (a test helper). */
public final class LogCapture implements LogListener, AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final List<String> messages = new ArrayList<>();

    public LogCapture() {
        K4a.addLogListener(this);
    }

    @Override
    public void onMessage(LogLevel level, String file, int line, String message) {
        if (Thread.currentThread() == owner) {
            synchronized (messages) {
                messages.add(level + " " + file + ":" + line + " " + message);
            }
        }
    }

    /** The messages so far. */
    public List<String> messages() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    /** Forgets the messages so far. */
    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    /** Asserts that some message logged since the last clear contains every fragment, then clears. */
    public void assertSaid(String... fragments) {
        List<String> seen = messages();
        boolean found = seen.stream().anyMatch(m -> {
            for (String f : fragments) {
                if (!m.contains(f)) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(found, "expected a log message containing " + String.join(" + ", fragments) + ", got " + seen);
        clear();
    }

    @Override
    public void close() {
        K4a.removeLogListener(this);
    }
}
