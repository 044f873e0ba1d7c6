/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code k4a} format in local[2] mode against a single-threaded {@link org.k4a4j.Playback} pass, over every
 * recording of ../shared/testdata/playback and two longer ones re-muxed from them (many clusters; depth delays
 * of 33 ms and 1 ms, so colour and depth frames of a capture lie at different times in the file, and clusters
 * end between them).
 */
class CaptureSourceTest {
    @TempDir
    static Path tmp;
    static List<String> files = new ArrayList<>();
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkTests.session();
        try (Stream<Path> s = Files.list(Reference.PLAYBACK)) {
            s.filter(p -> p.toString().endsWith(".mkv")).sorted().forEach(p -> files.add(p.toAbsolutePath().normalize().toString()));
        }
        // depth 33 ms after colour (just under half the 66.7 ms frame period, just over the writer's 32.767 ms
        // clusters): each capture's colour frame lies in an earlier cluster than its depth and IR frames
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), tmp.resolve("a4.mkv"), 4, 33_000);
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_b_nv12720p_wfov2x2_30fps.mkv"), tmp.resolve("b5.mkv"), 5);
        files.add(tmp.resolve("a4.mkv").toString());
        files.add(tmp.resolve("b5.mkv").toString());
    }

    @BeforeEach
    void resetCounters() {
        Counters.reset();
    }

    private static Dataset<Row> read(String... options) {
        org.apache.spark.sql.DataFrameReader r = spark.read().format("k4a");
        for (int i = 0; i < options.length; i += 2) {
            r = r.option(options[i], options[i + 1]);
        }
        return r.load(files.toArray(new String[0]));
    }

    private static List<String> reference(boolean bgra) {
        List<String> out = new ArrayList<>();
        files.stream().sorted().forEach(f -> out.addAll(Reference.captures(Path.of(f), bgra)));
        return out;
    }

    @ParameterizedTest(name = "splitDuration={0}")
    @ValueSource(strings = {"default", "200ms", "30ms"})
    @DisplayName("every capture exactly once, equal to a Playback pass (index, timestamps, image hashes), for any split")
    void equalsPlaybackForEverySplit(String split) {
        Dataset<Row> df = split.equals("default") ? read() : read("splitDuration", split);
        assertEquals(reference(false), Reference.lines(df));
        int partitions = df.rdd().getNumPartitions();
        if (split.equals("default")) {
            assertEquals(files.size(), partitions, "small files are one partition each");
        } else {
            assertTrue(partitions > files.size(), "split files: " + partitions + " partitions");
        }
        if (split.equals("30ms")) { // captures are >= 33 ms apart
            long most = df.groupBy(spark_partition_id()).agg(count("*").as("n")).agg(max("n")).first().getLong(0);
            assertEquals(1, most, "at most one capture per partition");
        }
    }

    @Test
    @DisplayName("the default split cuts files larger than spark.sql.files.maxPartitionBytes into a count of partitions"
            + " that fills whole waves of local[2]'s two cores, and still returns every capture exactly once")
    void defaultSplitInWholeWaves() {
        spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(3L << 20));
        try {
            Dataset<Row> df = read();
            int partitions = df.rdd().getNumPartitions();
            assertTrue(partitions > files.size(), "split files: " + partitions + " partitions");
            assertEquals(0, partitions % 2, partitions + " partitions on 2 cores");
            assertEquals(reference(false), Reference.lines(df));
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    @ParameterizedTest(name = "splitDuration={0}")
    @ValueSource(strings = {"200ms", "30ms"})
    @DisplayName("colorFormat=bgra: colour decoded on the executors equals Playback's conversion to BGRA32, and is"
            + " decoded only for the captures returned (not for those read past at the partitions' edges)")
    void bgraEqualsPlaybackConversion(String split) {
        // the shared recordings only: decoding and hashing 720p BGRA is the slow part of this class
        List<String> shared = files.subList(0, 3);
        List<String> expected = new ArrayList<>();
        shared.forEach(f -> expected.addAll(Reference.captures(Path.of(f), true)));
        Dataset<Row> df = spark.read().format("k4a").option("colorFormat", "bgra").option("splitDuration", split)
                .load(shared.toArray(new String[0]));
        assertEquals(expected, Reference.lines(df));
        assertEquals(expected.size(), Counters.CAPTURES_READ_DECODED.sum());
        assertTrue(Counters.CAPTURES_READ.sum() > expected.size(), "partitions read past their edges: "
                + Counters.CAPTURES_READ.sum() + " reads for " + expected.size() + " captures");
        List<Row> formats = df.select("color.format", "color.stride", "color.width")
                .where(col("color").isNotNull()).distinct().collectAsList();
        for (Row r : formats) {
            assertEquals("COLOR_BGRA32", r.getString(0));
            assertEquals(r.getInt(2) * 4, r.getInt(1));
        }
    }

    @Test
    @DisplayName("column pruning: an unselected camera is neither decoded nor copied; an unselected data field is not copied")
    void columnPruning() {
        long total = reference(false).size();
        List<Row> rows = read("colorFormat", "bgra").select("timestamp", "depth.width").collectAsList();
        assertEquals(total, rows.size());
        assertEquals(0, Counters.COLOR_DECODED.sum());
        assertEquals(0, Counters.COLOR_IMAGES.sum());
        assertEquals(0, Counters.DEPTH_IMAGES.sum());
        assertEquals(0, Counters.IR_IMAGES.sum());

        long depths = read().select("depth.data").where(col("data").isNotNull()).count();
        assertEquals(depths, Counters.DEPTH_IMAGES.sum());
        assertEquals(0, Counters.COLOR_DECODED.sum() + Counters.COLOR_IMAGES.sum() + Counters.IR_IMAGES.sum());

        Counters.reset();
        long colors = read("colorFormat", "bgra", "columns", "path,timestamp,color").select("color.data")
                .where(col("data").isNotNull()).count();
        assertEquals(colors, Counters.COLOR_DECODED.sum());
        assertEquals(colors, Counters.COLOR_IMAGES.sum());
        assertEquals(0, Counters.DEPTH_IMAGES.sum() + Counters.IR_IMAGES.sum());
        assertEquals(List.of("path", "timestamp", "color"), List.of(read("columns", "path,timestamp,color").schema().fieldNames()));
    }

    @Test
    @DisplayName("timestamp BETWEEN is pushed down: partitions outside are skipped, the rest seek, the result is exact")
    void timeFilterPushDown() {
        String a4 = tmp.resolve("a4.mkv").toString();
        List<String> all = Reference.captures(Path.of(a4), false);
        assertEquals(60, all.size(), "the playback groups each colour frame with its depth 33 ms later");
        long from = Long.parseLong(all.get(30).replaceAll(".* @(\\d+) .*", "$1"));
        long to = Long.parseLong(all.get(35).replaceAll(".* @(\\d+) .*", "$1"));
        Dataset<Row> df = spark.read().format("k4a").option("splitDuration", "100ms").load(a4)
                .where(col("timestamp").between(from, to));
        String plan = df.queryExecution().executedPlan().toString();
        assertTrue(plan.contains("timestamp in [" + from + ", " + (to + 1) + ")"), plan);
        assertEquals(all.subList(30, 36), Reference.lines(df));
        assertTrue(Counters.CAPTURES_READ.sum() < all.size() / 2, "read " + Counters.CAPTURES_READ.sum() + " of " + all.size());
    }

    @Test
    @DisplayName("alignDepthToColor and pointCloud equal the Java layer's Transformation of the same captures")
    void alignedDepthAndPointCloud() {
        String a = Reference.PLAYBACK.resolve("pyk4a_recording.mkv").toAbsolutePath().normalize().toString();
        List<Row> rows = spark.read().format("k4a").option("alignDepthToColor", "true").option("pointCloud", "true").load(a)
                .select(col("depth.width"), col("depth.height"), org.apache.spark.sql.functions.sha2(col("depth.data"), 256),
                        col("point_cloud.width"), col("point_cloud.stride"), org.apache.spark.sql.functions.sha2(col("point_cloud.data"), 256))
                .collectAsList();
        assertEquals(1, rows.size());
        try (org.k4a4j.Playback p = org.k4a4j.Playback.open(a);
             org.k4a4j.Transformation t = org.k4a4j.Transformation.create(p.getCalibration());
             org.k4a4j.Capture c = p.nextCapture().orElseThrow();
             org.k4a4j.Image depth = c.getDepthImage();
             org.k4a4j.Image aligned = t.depthToColor(depth);
             org.k4a4j.Image cloud = t.pointCloud(aligned, org.k4a4j.CalibrationType.COLOR)) {
            Row r = rows.get(0);
            assertEquals(aligned.getWidthPixels(), r.getInt(0));
            assertEquals(aligned.getHeightPixels(), r.getInt(1));
            assertEquals(Reference.sha256(Rows.bytes(aligned)), r.getString(2));
            assertEquals(aligned.getWidthPixels(), r.getInt(3));
            assertEquals(aligned.getWidthPixels() * 6, r.getInt(4));
            assertEquals(Reference.sha256(Rows.bytes(cloud)), r.getString(5));
        }
        assertEquals(1, Counters.DEPTH_ALIGNED.sum());
    }

    @Test
    @DisplayName("a file that is not a recording fails the read with its name; ignoreCorruptFiles skips it and keeps every intact capture")
    void corruptFiles() throws IOException {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.write(bad.resolve("garbage.mkv"), "this is not a recording".getBytes());
        byte[] a = Files.readAllBytes(tmp.resolve("a4.mkv"));
        Files.write(bad.resolve("truncated.mkv"), java.util.Arrays.copyOf(a, a.length * 3 / 5));
        Files.copy(Reference.PLAYBACK.resolve("pyk4a_recording.mkv"), bad.resolve("good.mkv"));

        Exception e = assertThrows(Exception.class, () -> spark.read().format("k4a").load(bad.toString()).count());
        assertTrue(messages(e).contains("garbage.mkv"), messages(e));

        List<String> expected = new ArrayList<>();
        for (String name : new String[] {"good.mkv", "truncated.mkv"}) {
            expected.addAll(Reference.captures(bad.resolve(name), false));
        }
        assertTrue(expected.size() > 20, "the truncated file still has captures: " + expected.size());
        for (String split : new String[] {"default", "100ms"}) {
            org.apache.spark.sql.DataFrameReader r = spark.read().format("k4a").option("ignoreCorruptFiles", "true");
            if (!split.equals("default")) {
                r = r.option("splitDuration", split);
            }
            assertEquals(expected.stream().sorted().collect(Collectors.toList()),
                    Reference.lines(r.load(bad.toString())).stream().sorted().collect(Collectors.toList()));
        }
    }

    @Test
    @DisplayName("alignDepthToColor over a recording with no colour camera is refused with the option and the file"
            + " named, with or without ignoreCorruptFiles; without the option, or without depth read, it reads")
    void alignDepthToColorNeedsAColourCamera() {
        Path file = tmp.resolve("depth-only.mkv");
        assertEquals(1, Remux.withoutColor(Reference.PLAYBACK.resolve("pyk4a_recording.mkv"), file));
        String path = file.toString();
        List<Row> rows = spark.read().format("k4a").load(path).select(col("color"), col("depth.width")).collectAsList();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).isNullAt(0), "no colour image");
        for (String ignore : new String[] {"false", "true"}) {
            String m = messages(assertThrows(Exception.class, () -> spark.read().format("k4a").option("alignDepthToColor", "true")
                    .option("ignoreCorruptFiles", ignore).load(path).select(col("depth.data")).collectAsList()));
            assertTrue(m.contains("alignDepthToColor") && m.contains("depth-only.mkv") && m.contains("no colour camera"), m);
        }
        assertEquals(1, spark.read().format("k4a").option("alignDepthToColor", "true").load(path).select(col("timestamp"))
                .collectAsList().size(), "depth not read: nothing to align");
        assertEquals(0, Counters.DEPTH_ALIGNED.sum());
    }

    static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t.getMessage()).append('\n');
        }
        return s.toString();
    }

    @Test
    @DisplayName("bad options and paths are refused with a message naming them")
    void badOptions() {
        assertTrue(messages(assertThrows(Exception.class, () -> read("colorFormat", "rgb").schema())).contains("colorFormat"));
        assertTrue(messages(assertThrows(Exception.class, () -> read("splitDuration", "-5s").schema())).contains("splitDuration"));
        assertTrue(messages(assertThrows(Exception.class, () -> read("columns", "nope").schema())).contains("nope"));
        for (String threads : new String[] {"5", "-1", "two", ""}) {
            String m = messages(assertThrows(Exception.class, () -> read("decodeThreads", threads).schema()));
            assertTrue(m.contains("decodeThreads") && m.contains("'" + threads + "'") && m.contains("0 to 4"), m);
        }
        assertTrue(messages(assertThrows(Exception.class,
                () -> spark.read().format("k4a").load(tmp.resolve("missing*.mkv").toString()).count())).contains("missing"));
    }
}
