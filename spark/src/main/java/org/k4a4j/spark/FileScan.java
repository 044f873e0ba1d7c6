/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.Arrays;

import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of the {@code k4a-imu} or {@code k4a-meta} table: one partition per recording (IMU samples are a few
 * kilobytes a second; metadata is one row), read by {@link ImuReader} or {@link MetaReader}. The files are
 * opened on the executors only, where corrupt ones fail or are skipped as {@link RecordingReader} says.
 */
final class FileScan implements Scan, Batch {
    /** Collects the pruned columns. */
    static final class Builder extends PrunedScanBuilder {
        private final RecordingTable.Kind kind;

        Builder(RecordingTable.Kind kind, ReadOptions options, StructType schema) {
            super(options, schema);
            this.kind = kind;
        }

        @Override
        public Scan build() {
            return new FileScan(kind, options, schema);
        }
    }

    /** One recording. */
    static final class File implements InputPartition {
        private static final long serialVersionUID = 1L;
        final String path;

        File(String path) {
            this.path = path;
        }
    }

    private final RecordingTable.Kind kind;
    private final ReadOptions options;
    private final StructType schema;

    private FileScan(RecordingTable.Kind kind, ReadOptions options, StructType schema) {
        this.kind = kind;
        this.options = options;
        this.schema = schema;
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return kind.shortName + ", columns " + Arrays.toString(schema.fieldNames());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        return Driver.files(options).stream().map(File::new).toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        final ReadOptions o = options;
        final StructType s = schema;
        final boolean ignore = Driver.ignoreCorruptFiles(options);
        if (kind == RecordingTable.Kind.IMU) {
            return partition -> new ImuReader(((File) partition).path, s, ignore);
        }
        return partition -> new MetaReader(((File) partition).path, o, s, ignore);
    }
}
