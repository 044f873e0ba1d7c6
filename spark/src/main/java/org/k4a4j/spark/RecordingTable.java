/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A set of recordings seen as one of the three tables; batch reads only. */
final class RecordingTable implements SupportsRead {
    /** The three formats: their short names and schemas. */
    enum Kind {
        CAPTURES("k4a", Schemas::captures),
        IMU("k4a-imu", Schemas::imu),
        META("k4a-meta", Schemas::meta);

        final String shortName;
        private final Function<ReadOptions, StructType> schema;

        Kind(String shortName, Function<ReadOptions, StructType> schema) {
            this.shortName = shortName;
            this.schema = schema;
        }

        StructType schema(ReadOptions options) {
            return schema.apply(options);
        }
    }

    private final Kind kind;
    private final StructType schema;

    RecordingTable(Kind kind, StructType schema) {
        this.kind = kind;
        this.schema = schema;
    }

    @Override
    public String name() {
        return kind.shortName + " recordings";
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        ReadOptions o = new ReadOptions(options);
        return kind == Kind.CAPTURES ? new CaptureScan.Builder(o, schema) : new FileScan.Builder(kind, o, schema);
    }
}
