/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark.samples;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import static org.apache.spark.sql.functions.*;

/**
 * Sample job: depth statistics of every recording in a directory, per second of device time: frames, the
 * ratio of valid (non-zero) depth pixels, and the median depth (the median of the frames' median valid
 * depth, mm), written to Parquet. Reads only the depth column, so no colour is decoded.
 *
 * <pre>
 * mvn -B -f spark compile exec:exec                       (../shared/testdata/playback → spark/target/depth-statistics)
 * spark-submit --class org.k4a4j.spark.samples.DepthStatistics k4a-spark-*-all.jar recordings/ stats.parquet
 * </pre>
 */
public final class DepthStatistics {
    private DepthStatistics() {
    }

    public static void main(String[] args) {
        String input = args.length > 0 ? args[0] : "../../shared/testdata/playback";
        String output = args.length > 1 ? args[1] : "target/depth-statistics";
        SparkSession.Builder builder = SparkSession.builder().appName("k4a depth statistics");
        if (!new SparkConf().contains("spark.master")) {
            builder = builder.master("local[*]"); // run outside spark-submit: local mode
        }
        SparkSession spark = builder.getOrCreate();
        try {
            run(spark, input, output).show(100, false);
        } finally {
            spark.stop();
        }
    }

    /** Computes the statistics of the recordings under {@code input}, writes them to {@code output}, returns them. */
    public static Dataset<Row> run(SparkSession spark, String input, String output) {
        spark.udf().register("k4a_valid_pixels", (UDF1<byte[], Long>) DepthStatistics::validPixels, DataTypes.LongType);
        spark.udf().register("k4a_median_depth", (UDF1<byte[], Integer>) DepthStatistics::medianDepth, DataTypes.IntegerType);
        Dataset<Row> frames = spark.read().format("k4a").option("columns", "path,timestamp,depth").load(input)
                .where(col("depth").isNotNull())
                .select(col("path"), floor(col("timestamp").divide(1_000_000)).as("second"),
                        call_function("k4a_valid_pixels", col("depth.data")).as("valid"),
                        col("depth.width").multiply(col("depth.height")).as("pixels"),
                        call_function("k4a_median_depth", col("depth.data")).as("median"));
        Dataset<Row> stats = frames.groupBy("path", "second")
                .agg(count("*").as("frames"), sum("valid").divide(sum("pixels")).as("valid_ratio"),
                        percentile(col("median"), lit(0.5)).as("median_depth_mm"))
                .orderBy("path", "second");
        stats.write().mode("overwrite").parquet(output);
        return spark.read().parquet(output).orderBy("path", "second");
    }

    /** Pixels of a DEPTH16 buffer (little-endian) with a depth (non-zero). */
    public static Long validPixels(byte[] depth) {
        if (depth == null) {
            return null;
        }
        ShortBuffer d = ByteBuffer.wrap(depth).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        long n = 0;
        for (int i = 0; i < d.limit(); i++) {
            n += d.get(i) != 0 ? 1 : 0;
        }
        return n;
    }

    /** The median of the non-zero depths of a DEPTH16 buffer (the lower middle one), or null when none. */
    public static Integer medianDepth(byte[] depth) {
        if (depth == null) {
            return null;
        }
        ShortBuffer d = ByteBuffer.wrap(depth).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int[] histogram = new int[65536];
        long valid = 0;
        for (int i = 0; i < d.limit(); i++) {
            int v = d.get(i) & 0xffff;
            histogram[v]++;
            valid += v != 0 ? 1 : 0;
        }
        if (valid == 0) {
            return null;
        }
        long half = (valid + 1) / 2;
        long seen = 0;
        for (int v = 1; v < histogram.length; v++) {
            seen += histogram[v];
            if (seen >= half) {
                return v;
            }
        }
        throw new AssertionError("unreachable");
    }
}
