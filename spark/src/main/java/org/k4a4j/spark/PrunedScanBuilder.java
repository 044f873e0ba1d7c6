/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructType;

/** What every scan builder of the three formats keeps: the options, and the schema narrowed to the columns read. */
abstract class PrunedScanBuilder implements SupportsPushDownRequiredColumns {
    final ReadOptions options;
    StructType schema;

    PrunedScanBuilder(ReadOptions options, StructType schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public void pruneColumns(StructType required) {
        schema = required;
    }
}
