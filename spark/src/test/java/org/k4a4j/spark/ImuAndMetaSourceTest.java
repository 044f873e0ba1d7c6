/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.ImuSample;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code k4a-imu} and {@code k4a-meta} formats against the Java layer's view of the same recordings. */
class ImuAndMetaSourceTest {
    private final SparkSession spark = SparkTests.session();
    private final String dir = Reference.PLAYBACK.toAbsolutePath().normalize().toString();

    @Test
    @DisplayName("k4a-imu: every IMU sample of every recording, in order, equal to Playback.nextImuSample")
    void imuSamples() {
        List<Row> rows = spark.read().format("k4a-imu").load(dir + "/*.mkv")
                .select("path", "index", "acc_timestamp", "acc_x", "gyro_timestamp", "gyro_z", "temperature")
                .orderBy("path", "index").collectAsList();
        List<String> expected = new ArrayList<>();
        for (String name : new String[] {"pyk4a_recording.mkv", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv",
            "synthetic_b_nv12720p_wfov2x2_30fps.mkv"}) {
            String path = dir + "/" + name;
            try (Playback p = Playback.open(path)) {
                long i = 0;
                for (Optional<ImuSample> s = p.nextImuSample(); s.isPresent(); s = p.nextImuSample()) {
                    ImuSample v = s.get();
                    expected.add(path + " " + i++ + " " + v.getAccTimestampUsec() + " " + v.getAcc().x() + " "
                            + v.getGyroTimestampUsec() + " " + v.getGyro().z() + " " + v.getTemperatureC());
                }
            }
        }
        List<String> actual = new ArrayList<>();
        for (Row r : rows) {
            actual.add(r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getFloat(3) + " "
                    + r.getLong(4) + " " + r.getFloat(5) + " " + r.getFloat(6));
        }
        assertTrue(expected.size() > 100, "the test recordings have IMU samples: " + expected.size());
        assertEquals(expected, actual);
    }

    @Test
    @DisplayName("k4a-meta: one row per recording with its configuration, length, raw calibration, tags (the standard"
            + " ones the file has, nothing logged about those it has not) and tracks")
    void metadata() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.k4a4j.LogListener listener = (level, file, line, message) -> logged.add(message);
        org.k4a4j.K4a.addLogListener(listener);
        List<Row> rows;
        try {
            rows = spark.read().format("k4a-meta").option("tags", "NO_SUCH_TAG").load(dir).orderBy("path").collectAsList();
        } finally {
            org.k4a4j.K4a.removeLogListener(listener);
        }
        assertEquals(3, rows.size());
        int absent = 0;
        for (Row r : rows) {
            String path = r.getAs("path");
            try (Playback p = Playback.open(path)) {
                RecordConfiguration c = p.getRecordConfiguration();
                assertEquals(p.getRecordingLengthUsec(), (long) r.getAs("length_usec"));
                assertEquals(Schemas.depthMode(c.getDepthMode()), r.getAs("depth_mode"));
                assertEquals(Schemas.imageFormat(c.getColorFormat()), r.getAs("color_format"));
                assertEquals(c.getFramesPerSecond(), (int) r.getAs("camera_fps"));
                assertEquals(c.getDepthDelayOffColorUsec(), (int) r.getAs("depth_delay_off_color_usec"));
                assertEquals(c.getStartTimestampOffsetUsec(), (long) r.getAs("start_timestamp_offset"));
                assertEquals(new java.io.File(path).length(), (long) r.getAs("size_bytes"));
                String json = r.getAs("calibration_json");
                assertEquals(new String(p.getRawCalibration(), StandardCharsets.UTF_8).replace("\0", ""), json);
                Map<String, String> tags = r.getJavaMap(r.fieldIndex("tags"));
                assertEquals(p.getTag("K4A_DEPTH_MODE").get(), tags.get("K4A_DEPTH_MODE"));
                assertFalse(tags.containsKey("NO_SUCH_TAG"));
                for (String name : MetaReader.STANDARD_TAGS) {
                    Optional<String> value = p.getTag(name);
                    assertEquals(value.orElse(null), tags.get(name), name);
                    if (!value.isPresent()) {
                        absent++;
                        assertTrue(logged.stream().noneMatch(m -> m.contains(name)), name + " was asked for: " + logged);
                    }
                }
                assertEquals(p.getTrackNames(), r.getList(r.fieldIndex("tracks")));
            }
        }
        assertTrue(absent > 0, "some standard tag is absent from some recording here");
        assertEquals("NV12", rows.get(2).<String>getAs("color_format").substring(6));
        assertEquals("MASTER", rows.get(2).getAs("wired_sync_mode"));
    }

    @Test
    @DisplayName("k4a-meta without ignoreCorruptFiles names the file that is not a recording")
    void corruptMeta(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.nio.file.Files.write(tmp.resolve("x.mkv"), new byte[100]);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> spark.read().format("k4a-meta").load(tmp.toString()).collectAsList());
        assertTrue(CaptureSourceTest.messages(e).contains("x.mkv"), CaptureSourceTest.messages(e));
        assertEquals(0, spark.read().format("k4a-meta").option("ignoreCorruptFiles", "true").load(tmp.toString()).count());
    }
}
