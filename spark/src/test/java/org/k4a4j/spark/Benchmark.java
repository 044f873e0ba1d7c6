/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;

/**
 * The data source's throughput against a plain Playback loop (docs/benchmarks.md, run by {@code bench.sh});
 * not a test. Each mode runs in its own JVM, pinned to cores with taskset by the caller, and both reading
 * modes do the same work per capture: decode MJPG colour to BGRA32 and copy each of the three images out of
 * native memory once.
 * <pre>
 * generate OUT.mkv SOURCE.mkv TIMES   re-mux SOURCE's captures TIMES times into OUT (record API)
 * plain FILE                          Playback with MJPG→BGRA32, every image copied to a byte[] (what a row holds)
 * spark FILE MASTER                   format("k4a") with colorFormat=bgra (and its default decodeThreads, 1, unless
 *                                     {@link #DECODE_THREADS} says), every image's data summed by length
 * readers FILE                        the data source's readers alone (no Spark), one after another on this thread,
 *                                     over the ranges of the default split (or {@link #SPLIT})
 * </pre>
 * The data source reads with its default split unless {@link #SPLIT} says otherwise (per-partition costs: a
 * small split against one partition). The reading modes make {@link #RUNS} passes in one JVM: the first includes class loading, JIT warm-up and
 * (Spark) planning and code generation; the later ones are the steady state. Each pass prints a line
 * {@code RESULT <mode> run <k>: <captures> captures in <s> s: <rate> captures/s; <cpu> CPU s: <rate> captures
 * per CPU s}, where CPU s is the CPU time of the whole process during the pass (every thread: Spark's, the
 * decode pool's, the GC's), the load-independent measure of the cost per capture.
 */
public final class Benchmark {
    /** Passes per JVM: the system property {@code k4a4j.bench.runs}, default 5. */
    static final int RUNS = Integer.getInteger("k4a4j.bench.runs", 5);
    /** The data source's {@code splitDuration} (the system property {@code k4a4j.bench.split}); unset: its default. */
    static final String SPLIT = System.getProperty("k4a4j.bench.split");
    /**
     * The data source's {@code decodeThreads} (the system property {@code k4a4j.bench.decodeThreads}); unset: its
     * default (1). The plain loop keeps the library's default (one decode worker per online core, or
     * {@code K4A4J_PLAYBACK_DECODE_THREADS}).
     */
    static final String DECODE_THREADS = System.getProperty("k4a4j.bench.decodeThreads");
    /**
     * Whether the readers bound the playback's decoding ahead at their range's end (the system property
     * {@code k4a4j.bench.decodeEnd}, default true; false: as on a libk4arecord without {@code Playback.setDecodeEnd}).
     */
    static final boolean DECODE_END = Boolean.parseBoolean(System.getProperty("k4a4j.bench.decodeEnd", "true"));

    /**
     * The plain loop copies each image into one {@code byte[]} per camera, reused from capture to capture (the
     * system property {@code k4a4j.bench.reuse}), instead of a new one per image: what it saves is what a
     * new array costs (the JVM zeroes it; the garbage collector takes it back).
     */
    static final boolean REUSE = Boolean.getBoolean("k4a4j.bench.reuse");
    private static final byte[][] BUFFERS = new byte[3][];

    private static byte[] reused(Image image, int camera) {
        try (org.bytedeco.javacpp.BytePointer pixels = image.getBufferPointer()) {
            int size = (int) pixels.limit();
            if (BUFFERS[camera] == null || BUFFERS[camera].length != size) {
                BUFFERS[camera] = new byte[size];
            }
            pixels.get(BUFFERS[camera]);
            return BUFFERS[camera];
        }
    }

    private Benchmark() {
    }

    /** CPU time of the whole process. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        CaptureReader.decodeEnd = DECODE_END;
        switch (args[0]) {
            case "generate":
                long t0 = System.nanoTime();
                long n = Remux.repeat(Path.of(args[2]), Path.of(args[1]), Integer.parseInt(args[3]));
                System.out.printf("RESULT generate: %d captures in %.2f s%n", n, (System.nanoTime() - t0) / 1e9);
                break;
            case "plain":
                runs("plain", () -> plain(args[1]));
                break;
            case "spark":
                SparkSession spark = SparkSession.builder().master(args[2]).appName("k4a benchmark")
                        .config("spark.ui.enabled", "false").getOrCreate();
                spark.sparkContext().setLogLevel("WARN");
                runs("spark " + args[2], () -> {
                    DataFrameReader reader = spark.read().format("k4a").option("colorFormat", "bgra");
                    if (SPLIT != null) {
                        reader = reader.option("splitDuration", SPLIT);
                    }
                    if (DECODE_THREADS != null) {
                        reader = reader.option("decodeThreads", DECODE_THREADS);
                    }
                    Row r = reader.load(args[1])
                            .selectExpr("count(*)", "sum(length(color.data)) + sum(length(depth.data)) + sum(length(ir.data))")
                            .first();
                    System.out.printf("bytes %s, captures read %d (%d with colour decoded), %d rows with decoded colour%n",
                            r.get(1), Counters.CAPTURES_READ.sum(), Counters.CAPTURES_READ_DECODED.sum(),
                            Counters.COLOR_DECODED.sum());
                    return r.getLong(0);
                });
                spark.stop();
                break;
            case "readers":
                runs("readers", () -> readers(args[1]));
                break;
            default:
                throw new IllegalArgumentException("mode: generate, plain, spark or readers");
        }
    }

    /** Runs a pass {@link #RUNS} times, printing a RESULT line for each. */
    private static void runs(String mode, LongSupplier pass) {
        for (int run = 1; run <= RUNS; run++) {
            Counters.reset();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            long captures = pass.getAsLong();
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            System.out.printf("RESULT %s run %d: %d captures in %.2f s: %.1f captures/s; %.2f CPU s: %.1f captures per CPU s"
                    + " (monotonic clock %.3f to %.3f s)%n", mode, run, captures, s, captures / s, cpu, captures / cpu, t0 / 1e9,
                    (t0 + (long) (s * 1e9)) / 1e9);
        }
    }

    /** What the data source's readers cost without Spark: per partition, only the reader's own edges. */
    private static long readers(String file) {
        java.util.Map<String, String> optionMap = new java.util.HashMap<>(java.util.Map.of("path", file, "colorFormat", "bgra"));
        if (DECODE_THREADS != null) {
            optionMap.put("decodeThreads", DECODE_THREADS);
        }
        ReadOptions options = new ReadOptions(optionMap);
        // what the benchmark's query reads (nested pruning): the data of each image
        org.apache.spark.sql.types.StructType data = new org.apache.spark.sql.types.StructType()
                .add("data", org.apache.spark.sql.types.DataTypes.BinaryType, true);
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("color", data, true).add("depth", data, true).add("ir", data, true);
        RecordingInfo info = RecordingInfo.read(file);
        long n = 0;
        long bytes = 0;
        java.util.List<CaptureRange> ranges = SPLIT == null
                ? Splitter.splitInto(info, Splitter.defaultRanges(java.util.List.of(info), 128L << 20, 1)[0], Long.MIN_VALUE, Long.MAX_VALUE)
                : Splitter.split(info, ReadOptions.parseDurationUsec(SPLIT), Long.MIN_VALUE, Long.MAX_VALUE);
        for (CaptureRange range : ranges) {
            try (CaptureReader reader = new CaptureReader(range, options, schema, false)) {
                while (reader.next()) {
                    org.apache.spark.sql.catalyst.InternalRow row = reader.get();
                    for (int i = 0; i < 3; i++) {
                        bytes += row.isNullAt(i) ? 0 : row.getStruct(i, 1).getBinary(0).length;
                    }
                    n++;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        System.out.printf("bytes %d, %d ranges%n", bytes, ranges.size());
        return n;
    }

    private static long plain(String file) {
        long n = 0;
        long bytes = 0;
        try (Playback p = Playback.open(file)) {
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            for (Optional<Capture> c = p.nextCapture(); c.isPresent(); c = p.nextCapture()) {
                try (Capture capture = c.get(); Image color = capture.getColorImage(); Image depth = capture.getDepthImage();
                     Image ir = capture.getIrImage()) {
                    Image[] images = {color, depth, ir};
                    for (int i = 0; i < images.length; i++) {
                        bytes += images[i] == null ? 0 : REUSE ? reused(images[i], i).length : Rows.bytes(images[i]).length;
                    }
                    n++;
                }
            }
        }
        System.out.println("bytes " + bytes);
        return n;
    }
}
