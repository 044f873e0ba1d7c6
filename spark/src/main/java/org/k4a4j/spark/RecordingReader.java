/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.IOException;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every reader shares: rows come from {@link #read()} until it returns null, native resources are
 * released at the end, on failure and on {@link #close()}, and a recording that cannot be read fails the task
 * with its name, or, with {@code ignoreCorruptFiles}, ends the partition with a warning (the rows read before
 * the damage are kept).
 */
abstract class RecordingReader implements PartitionReader<InternalRow> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingReader.class);

    final String path;
    private final boolean ignoreCorruptFiles;
    private InternalRow current;
    private boolean done;

    RecordingReader(String path, boolean ignoreCorruptFiles) {
        this.path = path;
        this.ignoreCorruptFiles = ignoreCorruptFiles;
    }

    /** The next row, or null at the end; throws when the recording cannot be read. */
    abstract InternalRow read();

    /** Releases the native resources (idempotent). */
    abstract void release();

    @Override
    public final boolean next() throws IOException {
        if (done) {
            return false;
        }
        try {
            current = read();
        } catch (RuntimeException e) {
            current = null;
            done = true;
            release();
            String message = "k4a: cannot read recording " + path + ": " + e.getMessage();
            if (!ignoreCorruptFiles) {
                throw new IOException(message, e);
            }
            LOG.warn("{} (ignoreCorruptFiles: skipping the rest of it)", message);
            return false;
        }
        if (current == null) {
            done = true;
            release();
        }
        return current != null;
    }

    @Override
    public final InternalRow get() {
        return current;
    }

    @Override
    public final void close() {
        release();
    }
}
