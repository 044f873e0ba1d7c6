/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.Map;

import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The entry point Spark finds for {@code format("k4a")}, {@code format("k4a-imu")} and {@code format("k4a-meta")}
 * (listed in {@code META-INF/services/org.apache.spark.sql.sources.DataSourceRegister}); one subclass per format.
 * The schema follows from the options (see {@link ReadOptions}); a schema given by the user is not supported.
 */
abstract class RecordingSource implements TableProvider, DataSourceRegister {
    abstract RecordingTable.Kind kind();

    @Override
    public String shortName() {
        return kind().shortName;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return kind().schema(new ReadOptions(options));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new RecordingTable(kind(), schema);
    }
}
