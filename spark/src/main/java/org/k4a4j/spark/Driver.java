/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;

/** What the scans take from the driver's session: the files, and the session's file-source settings. */
final class Driver {
    private Driver() {
    }

    static List<String> files(ReadOptions options) {
        Configuration conf;
        try {
            conf = SparkSession.active().sparkContext().hadoopConfiguration();
        } catch (IllegalStateException noSession) {
            conf = new Configuration();
        }
        return RecordingFiles.expand(options.paths, conf);
    }

    /** The option {@code ignoreCorruptFiles}, else the session's {@code spark.sql.files.ignoreCorruptFiles}. */
    static boolean ignoreCorruptFiles(ReadOptions options) {
        return options.ignoreCorruptFiles != null ? options.ignoreCorruptFiles : SQLConf.get().ignoreCorruptFiles();
    }

    /** {@code spark.sql.files.maxPartitionBytes} (128 MB unless set). */
    static long maxPartitionBytes() {
        return SQLConf.get().filesMaxPartitionBytes();
    }

    /** The session's default parallelism (the cores its tasks run on; 1 without a session). */
    static int parallelism() {
        try {
            return Math.max(1, SparkSession.active().sparkContext().defaultParallelism());
        } catch (IllegalStateException noSession) {
            return 1;
        }
    }
}
