/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.K4aException;
import org.k4a4j.Playback;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;

/**
 * Test helper: the single-threaded view of recordings ({@link Playback} from start to end, stopping at damage)
 * that the data source must reproduce, as comparable text lines: path, index, key, and per camera the device
 * timestamp and the SHA-256 of the buffer; and the same lines from a DataFrame of the {@code k4a} format.
 */
final class Reference {
    static final Path TESTDATA = Paths.get(System.getProperty("k4a4j.testdata", "../../shared/testdata"));
    static final Path PLAYBACK = TESTDATA.resolve("playback");

    private Reference() {
    }

    /** One line per capture of the recording, in playback order. */
    static List<String> captures(Path file, boolean bgra) {
        List<String> out = new ArrayList<>();
        try (Playback p = Playback.open(file)) {
            if (bgra && p.getRecordConfiguration().isColorTrackEnabled()
                    && p.getRecordConfiguration().getColorFormat() != ImageFormat.COLOR_BGRA32) {
                p.setColorConversion(ImageFormat.COLOR_BGRA32);
            }
            long delay = p.getRecordConfiguration().getDepthDelayOffColorUsec();
            long index = 0;
            while (true) {
                Optional<Capture> n;
                try {
                    n = p.nextCapture();
                } catch (K4aException damaged) {
                    break;
                }
                if (!n.isPresent()) {
                    break;
                }
                try (Capture c = n.get(); Image color = c.getColorImage(); Image depth = c.getDepthImage();
                     Image ir = c.getIrImage()) {
                    out.add(line(file.toAbsolutePath().normalize().toString(), index++, RecordingInfo.captureKey(c, delay),
                            image(color), image(depth), image(ir)));
                }
            }
        }
        return out;
    }

    private static String image(Image i) {
        return i == null ? "-" : i.getDeviceTimestampUsec() + ":" + sha256(Rows.bytes(i));
    }

    private static String line(String path, long index, long key, String color, String depth, String ir) {
        return path + " #" + index + " @" + key + " color=" + color + " depth=" + depth + " ir=" + ir;
    }

    /** The same lines from a DataFrame of the k4a format (hashes computed by Spark), sorted by path and index. */
    static List<String> lines(Dataset<Row> df) {
        List<Row> rows = df.select(col("path"), col("index"), col("timestamp"),
                col("color.device_timestamp"), sha2(col("color.data"), 256),
                col("depth.device_timestamp"), sha2(col("depth.data"), 256),
                col("ir.device_timestamp"), sha2(col("ir.data"), 256)).collectAsList();
        rows = new ArrayList<>(rows); // sorted here: orderBy would make Spark read everything twice (sampling)
        rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(0)).thenComparingLong(r -> r.getLong(1)));
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(line(r.getString(0), r.getLong(1), r.getLong(2), cell(r, 3), cell(r, 5), cell(r, 7)));
        }
        return out;
    }

    private static String cell(Row r, int i) {
        return r.isNullAt(i) ? "-" : r.getLong(i) + ":" + r.getString(i + 1);
    }

    static String sha256(byte[] data) {
        try {
            StringBuilder s = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(data)) {
                s.append(String.format("%02x", b));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
