/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;

/**
 * The data source's throughput against a plain Playback loop (docs/benchmarks.md); not a test. Each mode runs
 * in its own JVM, pinned to cores with taskset by the caller:
 * <pre>
 * generate OUT.mkv SOURCE.mkv TIMES   re-mux SOURCE's captures TIMES times into OUT (record API)
 * plain FILE                          Playback with MJPG→BGRA32, every image copied to a byte[] (what a row holds)
 * spark FILE MASTER                   format("k4a") with colorFormat=bgra, every image's data summed by length, 3 runs
 * </pre>
 * Prints lines starting with RESULT: captures, seconds and captures/s.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /** CPU time of the whole process (every thread: Spark's, the decode pool's, the GC's). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long captures;
        switch (args[0]) {
            case "generate":
                captures = Remux.repeat(Path.of(args[2]), Path.of(args[1]), Integer.parseInt(args[3]));
                break;
            case "plain":
                captures = plain(args[1]);
                break;
            case "spark":
                SparkSession spark = SparkSession.builder().master(args[2]).appName("k4a benchmark")
                        .config("spark.ui.enabled", "false").getOrCreate();
                spark.sparkContext().setLogLevel("WARN");
                captures = 0;
                for (int run = 1; run <= 3; run++) { // the first run includes planning, codegen and JIT warm-up
                    Counters.reset();
                    long runCpu0 = cpuNanos();
                    t0 = System.nanoTime();
                    Row r = spark.read().format("k4a").option("colorFormat", "bgra").load(args[1])
                            .selectExpr("count(*)", "sum(length(color.data)) + sum(length(depth.data)) + sum(length(ir.data))").first();
                    captures = r.getLong(0);
                    double s = (System.nanoTime() - t0) / 1e9;
                    double cpu = (cpuNanos() - runCpu0) / 1e9;
                    System.out.printf("RESULT spark %s run %d: %d captures in %.2f s: %.1f captures/s; %.2f CPU s: %.1f captures per CPU s (%s bytes, %d captures read)%n",
                            args[2], run, captures, s, captures / s, cpu, captures / cpu, r.get(1), Counters.CAPTURES_READ.sum());
                }
                spark.stop();
                return;
            default:
                throw new IllegalArgumentException("mode: generate, plain or spark");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        System.out.printf("RESULT %s: %d captures in %.2f s: %.1f captures/s; %.2f CPU s: %.1f captures per CPU s%n",
                args[0], captures, s, captures / s, cpu, captures / cpu);
    }

    private static long plain(String file) {
        long n = 0;
        long bytes = 0;
        try (Playback p = Playback.open(file)) {
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            for (Optional<Capture> c = p.nextCapture(); c.isPresent(); c = p.nextCapture()) {
                try (Capture capture = c.get(); Image color = capture.getColorImage(); Image depth = capture.getDepthImage();
                     Image ir = capture.getIrImage()) {
                    for (Image i : new Image[] {color, depth, ir}) {
                        bytes += i == null ? 0 : Rows.bytes(i).length;
                    }
                    n++;
                }
            }
        }
        System.out.println("RESULT bytes " + bytes);
        return n;
    }
}
