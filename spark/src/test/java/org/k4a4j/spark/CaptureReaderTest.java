/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.k4a4j.Playback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capture reader alone (no Spark session), on the path the data source's tests do not reach: a recording
 * whose captures come sooner than its frame rate says. The reader is given a frame period 8 times the real
 * one, so it switches colour conversion off 8 captures before each range's end; every capture after that is
 * first read as stored, then stepped back over and read again decoded. Also: ranges read in turn, one reader
 * each, as Spark's tasks read them, a file that is not a recording, the option decodeThreads, and every column
 * and image field of a row against the Java layer's getters. The decoding tests run with the playback's decoding
 * ahead bounded at each range's end ({@link Playback#setDecodeEnd}, on k4a4j's libk4arecord) and without, as on
 * a libk4arecord that lacks the setting.
 */
class CaptureReaderTest {
    @TempDir
    static Path tmp;

    @AfterEach
    void decodeEndBack() {
        CaptureReader.decodeEnd = true;
    }

    @ParameterizedTest(name = "decode end {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("colorFormat=bgra, captures sooner than the frame rate: every capture of each range once, in order, "
            + "decoded as Playback's conversion decodes it, and no other capture decoded")
    void capturesSoonerThanTheFrameRate(boolean decodeEnd) throws IOException {
        CaptureReader.decodeEnd = decodeEnd;
        Path file = tmp.resolve("a3-" + decodeEnd + ".mkv");
        List<String> expected = remuxed(file, 3, true);
        String path = file.toString();
        RecordingInfo real = RecordingInfo.read(path);
        RecordingInfo hurried = new RecordingInfo(path, real.sizeBytes, real.lengthUsec, real.startUsec,
                real.depthDelayUsec, real.framePeriodUsec * 8, real.colorCamera);
        List<CaptureRange> ranges = Splitter.split(hurried, real.lengthUsec / 3, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(ranges.size() >= 3, ranges.size() + " ranges");

        Counters.reset();
        assertEquals(expected, readAll(ranges, path, "bgra"));
        assertEquals(expected.size(), Counters.CAPTURES_READ_DECODED.sum());
        // the last 8 captures of each range but the last were read twice (as stored, then decoded)
        assertTrue(Counters.CAPTURES_READ.sum() >= expected.size() + 8 * (ranges.size() - 1),
                Counters.CAPTURES_READ.sum() + " reads for " + expected.size() + " captures in " + ranges.size() + " ranges");
        assertEquals(expected.stream().filter(l -> !l.contains(" color=- ")).count(), Counters.COLOR_DECODED.sum());
    }

    @ParameterizedTest(name = "colorFormat={0}, decode end {1}")
    @CsvSource({"stored, true", "bgra, true", "bgra, false"})
    @DisplayName("ranges read in turn, one reader each (7 ranges, and ranges shorter than the frame period, some "
            + "empty): every capture once, in order, as Playback reads it, and no capture decoded but the rows; a "
            + "recording that cannot be read fails with an error naming it")
    void rangesReadInTurn(String colorFormat, boolean decodeEnd) throws IOException {
        CaptureReader.decodeEnd = decodeEnd;
        Path file = tmp.resolve("turns-" + colorFormat + "-" + decodeEnd + ".mkv");
        boolean bgra = colorFormat.equals("bgra");
        List<String> expected = remuxed(file, 3, bgra);
        String path = file.toString();
        RecordingInfo info = RecordingInfo.read(path);
        for (long split : new long[] {info.lengthUsec / 7, info.framePeriodUsec * 2 / 3}) {
            List<CaptureRange> ranges = Splitter.split(info, split, Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(ranges.size() >= 7, ranges.size() + " ranges for split " + split);
            Counters.reset();
            assertEquals(expected, readAll(ranges, path, colorFormat), "split " + split);
            assertEquals(bgra ? expected.size() : 0, Counters.CAPTURES_READ_DECODED.sum(),
                    "split " + split + ": nothing decoded but the rows");
        }

        // a recording that cannot be read: the error names it
        Path garbage = tmp.resolve("garbage-" + colorFormat + "-" + decodeEnd + ".mkv");
        java.nio.file.Files.write(garbage, "this is not a recording".getBytes());
        CaptureRange whole = Splitter.split(info, 0, Long.MIN_VALUE, Long.MAX_VALUE).get(0);
        ReadOptions options = new ReadOptions(Map.of("path", garbage.toString(), "colorFormat", colorFormat));
        try (CaptureReader reader = new CaptureReader(new CaptureRange(new RecordingInfo(garbage.toString(), 23,
                info.lengthUsec, info.startUsec, info.depthDelayUsec, info.framePeriodUsec, info.colorCamera), whole.lo, whole.hi,
                whole.seekUsec, 0), options, Schemas.captures(options), false)) {
            IOException e = assertThrows(IOException.class, reader::next);
            assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        }
    }

    @Test
    @DisplayName("decodeThreads: 1 unless set; 0 to 4 or 'library' (the native default) read the same rows; "
            + "anything else is refused with a message naming the option and the value")
    void decodeThreads() throws IOException {
        assertEquals(1, new ReadOptions(Map.of("path", "a.mkv")).decodeThreads);
        assertEquals(0, new ReadOptions(Map.of("path", "a.mkv", "decodeThreads", "0")).decodeThreads);
        assertEquals(4, new ReadOptions(Map.of("path", "a.mkv", "DecodeThreads", " 4 ")).decodeThreads);
        assertEquals(ReadOptions.LIBRARY_DEFAULT, new ReadOptions(Map.of("path", "a.mkv", "decodeThreads", "Library"))
                .decodeThreads);
        for (String bad : new String[] {"5", "-1", "1.5", "one", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ReadOptions(Map.of("path", "a.mkv", "decodeThreads", bad)));
            assertTrue(e.getMessage().contains("option decodeThreads: '" + bad + "'"), e.getMessage());
        }

        Path file = tmp.resolve("threads.mkv");
        List<String> expected = remuxed(file, 2, true);
        String path = file.toString();
        RecordingInfo info = RecordingInfo.read(path);
        List<CaptureRange> ranges = Splitter.split(info, info.lengthUsec / 3, Long.MIN_VALUE, Long.MAX_VALUE);
        for (String threads : new String[] {"0", "1", "4", "library"}) {
            Counters.reset();
            assertEquals(expected, readAll(ranges, Map.of("path", path, "colorFormat", "bgra", "decodeThreads", threads)),
                    "decodeThreads=" + threads);
            assertEquals(expected.size(), Counters.CAPTURES_READ_DECODED.sum(), "decodeThreads=" + threads);
        }
    }

    @ParameterizedTest(name = "recording {0}")
    @ValueSource(strings = {"pyk4a_recording.mkv", "synthetic_b_nv12720p_wfov2x2_30fps.mkv"})
    @DisplayName("every column and every image field of a row holds what a Playback pass's getters say, with the whole"
            + " schema and with a pruned one in another order (top-level and nested)")
    void everyFieldAsPlaybackSaysIt(String name) throws IOException {
        String path = Reference.PLAYBACK.resolve(name).toString();
        RecordingInfo info = RecordingInfo.read(path);
        CaptureRange whole = Splitter.split(info, 0, Long.MIN_VALUE, Long.MAX_VALUE).get(0);
        ReadOptions options = new ReadOptions(Map.of("path", path));
        StructType full = Schemas.captures(options);
        StructType pruned = new StructType()
                .add("ir", new StructType().add(Schemas.IMAGE.apply("iso_speed")).add(Schemas.IMAGE.apply("height"))
                        .add(Schemas.IMAGE.apply("data")), true)
                .add("temperature", org.apache.spark.sql.types.DataTypes.FloatType, false)
                .add("timestamp", org.apache.spark.sql.types.DataTypes.LongType, false)
                .add("color", new StructType().add(Schemas.IMAGE.apply("system_timestamp"))
                        .add(Schemas.IMAGE.apply("format")), true);
        List<String> expected = new ArrayList<>();
        List<String> expectedPruned = new ArrayList<>();
        try (org.k4a4j.Playback p = org.k4a4j.Playback.open(path)) {
            long index = 0;
            for (java.util.Optional<org.k4a4j.Capture> c = p.nextCapture(); c.isPresent(); c = p.nextCapture()) {
                try (org.k4a4j.Capture capture = c.get(); org.k4a4j.Image color = capture.getColorImage();
                     org.k4a4j.Image depth = capture.getDepthImage(); org.k4a4j.Image ir = capture.getIrImage()) {
                    long key = RecordingInfo.captureKey(color, depth, ir, info.depthDelayUsec);
                    expected.add(path + " " + index++ + " " + key + " " + capture.getTemperatureC() + " " + fields(color)
                            + " " + fields(depth) + " " + fields(ir));
                    expectedPruned.add((ir == null ? "-" : ir.getIsoSpeed() + "," + ir.getHeightPixels() + ","
                            + Reference.sha256(Rows.bytes(ir))) + " " + capture.getTemperatureC() + " " + key + " "
                            + (color == null ? "-" : color.getSystemTimestampNsec() + "," + color.getFormat().name()));
                }
            }
        }
        assertTrue(!expected.isEmpty(), "no captures");
        List<String> rows = new ArrayList<>();
        List<String> prunedRows = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(whole, options, full, false);
             CaptureReader prunedReader = new CaptureReader(whole, options, pruned, false)) {
            while (reader.next()) {
                InternalRow r = reader.get();
                rows.add(r.getUTF8String(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getFloat(3) + " "
                        + fields(r, 4) + " " + fields(r, 5) + " " + fields(r, 6));
            }
            while (prunedReader.next()) {
                InternalRow r = prunedReader.get();
                InternalRow ir = r.isNullAt(0) ? null : r.getStruct(0, 3);
                InternalRow color = r.isNullAt(3) ? null : r.getStruct(3, 2);
                prunedRows.add((ir == null ? "-" : ir.getLong(0) + "," + ir.getInt(1) + "," + Reference.sha256(ir.getBinary(2)))
                        + " " + r.getFloat(1) + " " + r.getLong(2) + " "
                        + (color == null ? "-" : color.getLong(0) + "," + color.getUTF8String(1)));
            }
        }
        assertEquals(expected, rows);
        assertEquals(expectedPruned, prunedRows);
    }

    /** Every field of {@link Schemas#IMAGE}, in its order, from the image's getters. */
    private static String fields(org.k4a4j.Image i) {
        return i == null ? "-" : String.join(",", Reference.sha256(Rows.bytes(i)), i.getFormat().name(),
                "" + i.getWidthPixels(), "" + i.getHeightPixels(), "" + i.getStrideBytes(), "" + i.getDeviceTimestampUsec(),
                "" + i.getSystemTimestampNsec(), "" + i.getExposureUsec(), "" + i.getWhiteBalance(), "" + i.getIsoSpeed());
    }

    /** Every field of an image struct of the whole schema, as {@link #fields(org.k4a4j.Image)} writes them. */
    private static String fields(InternalRow row, int column) {
        if (row.isNullAt(column)) {
            return "-";
        }
        InternalRow i = row.getStruct(column, Schemas.IMAGE.size());
        return String.join(",", Reference.sha256(i.getBinary(0)), i.getUTF8String(1).toString(), "" + i.getInt(2),
                "" + i.getInt(3), "" + i.getInt(4), "" + i.getLong(5), "" + i.getLong(6), "" + i.getLong(7),
                "" + i.getLong(8), "" + i.getLong(9));
    }

    /**
     * Writes the synthetic MJPG recording's captures {@code times} over into {@code file}; their lines as a
     * Playback pass reads them (colour as BGRA32 or as stored), from the key on (as {@link #line} makes them).
     */
    private static List<String> remuxed(Path file, int times, boolean bgra) throws IOException {
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), file, times);
        return Reference.captures(file, bgra).stream().map(l -> l.substring(l.indexOf(" @")))
                .collect(Collectors.toList());
    }

    /** The lines of every range's rows, read in turn, one reader per range. */
    private static List<String> readAll(List<CaptureRange> ranges, String path, String colorFormat) throws IOException {
        return readAll(ranges, Map.of("path", path, "colorFormat", colorFormat));
    }

    /** The lines of every range's rows read with these options, in turn, one reader per range. */
    private static List<String> readAll(List<CaptureRange> ranges, Map<String, String> optionMap) throws IOException {
        ReadOptions options = new ReadOptions(optionMap);
        StructType schema = Schemas.captures(options);
        List<String> lines = new ArrayList<>();
        for (CaptureRange range : ranges) {
            try (CaptureReader reader = new CaptureReader(range, options, schema, false)) {
                while (reader.next()) {
                    lines.add(line(reader.get()));
                }
            }
        }
        return lines;
    }

    /** Reference's line from the key on: {@code " @key color=ts:sha depth=ts:sha ir=ts:sha"}. */
    private static String line(InternalRow row) {
        return " @" + row.getLong(2) + " color=" + image(row, 4) + " depth=" + image(row, 5) + " ir=" + image(row, 6);
    }

    private static String image(InternalRow row, int column) {
        if (row.isNullAt(column)) {
            return "-";
        }
        InternalRow image = row.getStruct(column, Schemas.IMAGE.size());
        return image.getLong(5) + ":" + Reference.sha256(image.getBinary(0));
    }
}
