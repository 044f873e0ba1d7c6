/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.Playback;
import org.k4a4j.spark.samples.DepthStatistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample job over ../shared/testdata/playback, against statistics computed from a Playback pass. */
class DepthStatisticsTest {
    @Test
    @DisplayName("DepthStatistics writes per-recording, per-second frames, valid ratio and median depth to Parquet")
    void statistics(@TempDir Path tmp) {
        String input = Reference.PLAYBACK.toAbsolutePath().normalize().toString();
        List<Row> rows = DepthStatistics.run(SparkTests.session(), input, tmp.resolve("stats").toString()).collectAsList();
        String pyk4a = input + "/pyk4a_recording.mkv";
        Row r = rows.stream().filter(x -> x.getString(0).equals(pyk4a)).findFirst().orElseThrow();
        try (Playback p = Playback.open(pyk4a); Capture c = p.nextCapture().orElseThrow(); Image depth = c.getDepthImage()) {
            byte[] data = Rows.bytes(depth);
            assertEquals(depth.getDeviceTimestampUsec() / 1_000_000, r.getLong(1));
            assertEquals(1, r.getLong(2));
            assertEquals((double) DepthStatistics.validPixels(data) / (depth.getWidthPixels() * depth.getHeightPixels()), r.getDouble(3), 1e-12);
            assertEquals(DepthStatistics.medianDepth(data), r.getDouble(4), 0);
            assertTrue(r.getDouble(3) > 0.5 && r.getDouble(4) > 300, "a real scene: " + r);
        }
        long frames = rows.stream().mapToLong(x -> x.getLong(2)).sum();
        assertEquals(depthFrames(input), frames);
    }

    private static long depthFrames(String dir) {
        long n = 0;
        for (String name : new String[] {"pyk4a_recording.mkv", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv",
            "synthetic_b_nv12720p_wfov2x2_30fps.mkv"}) {
            try (Playback p = Playback.open(dir + "/" + name)) {
                for (Optional<Capture> c = p.nextCapture(); c.isPresent(); c = p.nextCapture()) {
                    try (Capture capture = c.get(); Image d = capture.getDepthImage()) {
                        n += d != null ? 1 : 0;
                    }
                }
            }
        }
        return n;
    }

    @Test
    @DisplayName("the median of the valid depths is the lower middle one; no valid depth gives null")
    void median() {
        assertEquals(2, DepthStatistics.medianDepth(new byte[] {0, 0, 1, 0, 2, 0, 3, 0, 4, 0}));
        assertEquals(null, DepthStatistics.medianDepth(new byte[] {0, 0, 0, 0}));
        assertEquals(3L, DepthStatistics.validPixels(new byte[] {0, 0, 1, 0, 0, 1, (byte) 0xff, (byte) 0xff}));
    }
}
