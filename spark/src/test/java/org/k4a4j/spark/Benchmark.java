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
 * plan FILE                           the driver's part of planning that is ours, 100 times a pass: list the files
 *                                     (Hadoop's FileSystem) and open each for its facts ({@code RecordingInfo.read})
 * range PARTITIONS MASTER             Spark's own costs per query and per task: spark.range(640 rows, PARTITIONS)
 *                                     with the same aggregate shape (count and a sum)
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

    /**
     * With the system property {@code k4a4j.bench.threads=true}, each pass also prints where its CPU time went by
     * thread name ({@code /proc/self/task}: the JIT's compiler threads, the GC's, Spark's task and scheduler
     * threads, and "exited" for threads that ended during the pass, such as a partition's decode worker), Linux only.
     */
    static final boolean THREADS = Boolean.getBoolean("k4a4j.bench.threads");

    /**
     * With the system property {@code k4a4j.bench.timeline=true}, the spark mode prints after each pass where its
     * wall-clock time went: from the pass's start to its first task, the tasks' span, how long fewer tasks ran
     * than at the most, and from the last task's end to the pass's end (a {@link org.apache.spark.scheduler.SparkListener}).
     */
    static final boolean TIMELINE = Boolean.getBoolean("k4a4j.bench.timeline");

    /** Task start and end times of a pass (wall clock, ms), by stage. */
    private static final class Timeline extends org.apache.spark.scheduler.SparkListener {
        private final java.util.List<long[]> tasks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private long start;

        void start() {
            tasks.clear();
            start = System.currentTimeMillis();
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            tasks.add(new long[] {end.stageId(), end.taskInfo().launchTime(), end.taskInfo().finishTime()});
        }

        void print() {
            long now = System.currentTimeMillis();
            java.util.List<long[]> t;
            synchronized (tasks) {
                t = new java.util.ArrayList<>(tasks);
            }
            if (t.isEmpty()) {
                return;
            }
            long first = t.stream().mapToLong(x -> x[1]).min().getAsLong();
            long last = t.stream().mapToLong(x -> x[2]).max().getAsLong();
            // ms with 0, 1, 2, ... tasks running, between the first task's launch and the last one's end
            java.util.TreeMap<Long, Integer> edges = new java.util.TreeMap<>();
            for (long[] x : t) {
                edges.merge(x[1], 1, Integer::sum);
                edges.merge(x[2], -1, Integer::sum);
            }
            long[] byCount = new long[8];
            int running = 0;
            long at = first;
            for (java.util.Map.Entry<Long, Integer> e : edges.entrySet()) {
                byCount[Math.min(running, 7)] += e.getKey() - at;
                running += e.getValue();
                at = e.getKey();
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < byCount.length; i++) {
                if (byCount[i] > 0) {
                    b.append(' ').append(i).append(" running ").append(byCount[i]).append(" ms;");
                }
            }
            System.out.printf("TIMELINE %d tasks: before the first %d ms, tasks %d ms (%s), after the last %d ms%n", t.size(),
                    first - start, last - first, b.toString().trim(), now - last);
        }
    }
    /** A filter (SQL) the spark mode applies before its aggregate (the system property {@code k4a4j.bench.where}). */
    static final String WHERE = System.getProperty("k4a4j.bench.where");

    private Benchmark() {
    }

    private static long lastFaults;

    /** The process's minor page faults so far (/proc/self/stat). */
    private static long faults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Every thread's CPU time now: tid -> {name with digits dropped, ns on CPU} (schedstat). */
    private static java.util.Map<Integer, Object[]> threadCpu() {
        java.util.Map<Integer, Object[]> out = new java.util.HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File t : tasks) {
            try {
                String name = java.nio.file.Files.readString(new java.io.File(t, "comm").toPath()).trim()
                        .replaceAll("[0-9]+", "#");
                String sched = java.nio.file.Files.readString(new java.io.File(t, "schedstat").toPath()).trim();
                out.put(Integer.valueOf(t.getName()), new Object[] {name, Long.parseLong(sched.split(" ")[0])});
            } catch (java.io.IOException | RuntimeException gone) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    /** CPU s per thread name between two snapshots, largest first; "exited" is the rest of the process's. */
    private static String threadCpuDelta(java.util.Map<Integer, Object[]> a, java.util.Map<Integer, Object[]> b, double cpu) {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        long sum = 0;
        for (java.util.Map.Entry<Integer, Object[]> e : b.entrySet()) {
            Object[] before = a.get(e.getKey());
            long d = (Long) e.getValue()[1] - (before == null ? 0 : (Long) before[1]);
            byName.merge((String) e.getValue()[0], d, Long::sum);
            sum += d;
        }
        byName.put("exited", (long) (cpu * 1e9) - sum);
        long faults = faults();
        byName.put("minor faults/1000 (not CPU)", (faults - lastFaults) * 1000);
        lastFaults = faults;
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .filter(e -> Math.abs(e.getValue()) >= 5_000_000)
                .forEach(e -> out.append(String.format("%s %.3f; ", e.getKey(), e.getValue() / 1e9)));
        return out.toString();
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
                Timeline timeline = TIMELINE ? new Timeline() : null;
                if (timeline != null) {
                    spark.sparkContext().addSparkListener(timeline);
                }
                runs("spark " + args[2], () -> {
                    if (timeline != null) {
                        timeline.start();
                    }
                    DataFrameReader reader = spark.read().format("k4a").option("colorFormat", "bgra");
                    if (SPLIT != null) {
                        reader = reader.option("splitDuration", SPLIT);
                    }
                    if (DECODE_THREADS != null) {
                        reader = reader.option("decodeThreads", DECODE_THREADS);
                    }
                    org.apache.spark.sql.Dataset<Row> captures = reader.load(args[1]);
                    if (WHERE != null) {
                        captures = captures.where(WHERE);
                    }
                    Row r = captures
                            .selectExpr("count(*)", "sum(length(color.data)) + sum(length(depth.data)) + sum(length(ir.data))")
                            .first();
                    if (timeline != null) {
                        timeline.print();
                    }
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
            case "plan":
                // what the driver's planning of a k4a query does of ours: list the files, open each for its facts
                org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(); // as a session's, once
                runs("plan", () -> {
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long listing = 0;
                    long opening = 0;
                    long opened = 0;
                    for (int i = 0; i < 100; i++) {
                        long c0 = mx.getCurrentThreadCpuTime();
                        java.util.List<String> files = RecordingFiles.expand(java.util.List.of(args[1]), conf);
                        long c1 = mx.getCurrentThreadCpuTime();
                        for (String f : files) {
                            opened += RecordingInfo.read(f).sizeBytes > 0 ? 1 : 0;
                        }
                        listing += c1 - c0;
                        opening += mx.getCurrentThreadCpuTime() - c1;
                    }
                    System.out.printf("per planning: listing %.2f ms, RecordingInfo.read %.2f ms (CPU of this thread)%n",
                            listing / 1e8, opening / 1e8);
                    return opened;
                });
                break;
            case "range": {
                // Spark's own per-query and per-task costs, with a built-in source of the same query shape
                SparkSession session = SparkSession.builder().master(args[2]).appName("k4a benchmark")
                        .config("spark.ui.enabled", "false").getOrCreate();
                session.sparkContext().setLogLevel("WARN");
                int partitions = Integer.parseInt(args[1]);
                runs("range " + partitions + " " + args[2], () -> session.range(0, 640, 1, partitions)
                        .selectExpr("count(*)", "sum(id)").first().getLong(0));
                session.stop();
                break;
            }
            default:
                throw new IllegalArgumentException("mode: generate, plain, spark or readers");
        }
    }

    /** Runs a pass {@link #RUNS} times, printing a RESULT line for each (and a THREADS line with {@link #THREADS}). */
    private static void runs(String mode, LongSupplier pass) {
        for (int run = 1; run <= RUNS; run++) {
            Counters.reset();
            java.util.Map<Integer, Object[]> threads0 = THREADS ? threadCpu() : null;
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            long captures = pass.getAsLong();
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            if (THREADS) {
                System.out.println("THREADS " + mode + " run " + run + ": " + threadCpuDelta(threads0, threadCpu(), cpu));
            }
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
