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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The capture reader alone (no Spark session), on the path the data source's tests do not reach: a recording
 * whose captures come sooner than its frame rate says. The reader is given a frame period 8 times the real
 * one, so it switches colour conversion off 8 captures before each range's end; every capture after that is
 * first read as stored, then stepped back over and read again decoded.
 */
class CaptureReaderTest {
    @TempDir
    static Path tmp;

    @Test
    @DisplayName("colorFormat=bgra, captures sooner than the frame rate: every capture of each range once, in order, "
            + "decoded as Playback's conversion decodes it, and no other capture decoded")
    void capturesSoonerThanTheFrameRate() throws IOException {
        Path file = tmp.resolve("a3.mkv");
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), file, 3);
        String path = file.toString();
        List<String> expected = Reference.captures(file, true).stream().map(l -> l.substring(l.indexOf(" @")))
                .collect(Collectors.toList());
        RecordingInfo real = RecordingInfo.read(path);
        RecordingInfo hurried = new RecordingInfo(path, real.sizeBytes, real.lengthUsec, real.startUsec,
                real.depthDelayUsec, real.framePeriodUsec * 8);
        ReadOptions options = new ReadOptions(Map.of("path", path, "colorFormat", "bgra"));
        StructType schema = Schemas.captures(options);
        List<CaptureRange> ranges = Splitter.split(hurried, real.lengthUsec / 3, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(ranges.size() >= 3, ranges.size() + " ranges");

        Counters.reset();
        List<String> lines = new ArrayList<>();
        for (CaptureRange range : ranges) {
            try (CaptureReader reader = new CaptureReader(range, options, schema, false)) {
                while (reader.next()) {
                    lines.add(line(reader.get()));
                }
            }
        }
        assertEquals(expected, lines);
        assertEquals(expected.size(), Counters.CAPTURES_READ_DECODED.sum());
        // the last 8 captures of each range but the last were read twice (as stored, then decoded)
        assertTrue(Counters.CAPTURES_READ.sum() >= expected.size() + 8 * (ranges.size() - 1),
                Counters.CAPTURES_READ.sum() + " reads for " + expected.size() + " captures in " + ranges.size() + " ranges");
        assertEquals(expected.stream().filter(l -> !l.contains(" color=- ")).count(), Counters.COLOR_DECODED.sum());
    }

    @ParameterizedTest(name = "colorFormat={0}")
    @ValueSource(strings = {"stored", "bgra"})
    @DisplayName("reusePlayback: consecutive ranges read on one thread open the recording once and go on where the "
            + "last ended without a seek (ranges left empty included), with the same rows as reusePlayback=false; "
            + "a replaced file is opened anew, a failed one is not kept")
    void reusedPlaybackGoesOnWhereTheLastRangeEnded(String colorFormat) throws IOException {
        Path file = tmp.resolve("reuse-" + colorFormat + ".mkv");
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), file, 3);
        String path = file.toString();
        boolean bgra = colorFormat.equals("bgra");
        List<String> expected = Reference.captures(file, bgra).stream().map(l -> l.substring(l.indexOf(" @")))
                .collect(Collectors.toList());
        RecordingInfo info = RecordingInfo.read(path);
        // 7 ranges, and ranges shorter than the frame period (some of them empty)
        for (long split : new long[] {info.lengthUsec / 7, info.framePeriodUsec * 2 / 3}) {
            List<CaptureRange> ranges = Splitter.split(info, split, Long.MIN_VALUE, Long.MAX_VALUE);
            long seeking = ranges.stream().filter(CaptureRange::seeks).count();
            PlaybackCache.closeAll();
            Counters.reset();
            assertEquals(expected, readAll(ranges, path, colorFormat, "false"), "split " + split);
            assertEquals(ranges.size(), Counters.PLAYBACKS_OPENED.sum());
            assertEquals(0, PlaybackCache.parked(), "reusePlayback=false parks nothing");

            Counters.reset();
            assertEquals(expected, readAll(ranges, path, colorFormat, "true"), "split " + split);
            assertEquals(1, Counters.PLAYBACKS_OPENED.sum(), "one playback for " + ranges.size() + " ranges");
            assertEquals(ranges.size() - 1, Counters.PLAYBACKS_REUSED.sum());
            assertEquals(seeking, Counters.PLAYBACKS_RESUMED.sum(), "every seeking range went on from the last one");
            assertEquals(bgra ? expected.size() : 0, Counters.CAPTURES_READ_DECODED.sum(), "nothing decoded but the rows");
            assertEquals(1, PlaybackCache.parked());

            Counters.reset(); // read again: the parked playback (at the end) goes back to the start
            assertEquals(expected, readAll(ranges, path, colorFormat, "true"), "split " + split + ", again");
            assertEquals(0, Counters.PLAYBACKS_OPENED.sum());
        }
        // the same path, another file: opened anew, the old playback left parked until closed
        Remux.repeat(Reference.PLAYBACK.resolve("synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), file, 2);
        List<String> replaced = Reference.captures(file, bgra).stream().map(l -> l.substring(l.indexOf(" @")))
                .collect(Collectors.toList());
        Counters.reset();
        assertEquals(replaced, readAll(Splitter.split(RecordingInfo.read(path), 0, Long.MIN_VALUE, Long.MAX_VALUE),
                path, colorFormat, "true"));
        assertEquals(1, Counters.PLAYBACKS_OPENED.sum(), "a replaced file is not read through the old playback");
        PlaybackCache.closeAll();
        assertEquals(0, PlaybackCache.parked());

        // a recording that cannot be read: the error names it, and nothing is kept open
        Path garbage = tmp.resolve("garbage-" + colorFormat + ".mkv");
        java.nio.file.Files.write(garbage, "this is not a recording".getBytes());
        CaptureRange whole = Splitter.split(info, 0, Long.MIN_VALUE, Long.MAX_VALUE).get(0);
        ReadOptions options = new ReadOptions(Map.of("path", garbage.toString(), "colorFormat", colorFormat));
        try (CaptureReader reader = new CaptureReader(new CaptureRange(new RecordingInfo(garbage.toString(), 23,
                info.lengthUsec, info.startUsec, info.depthDelayUsec, info.framePeriodUsec), whole.lo, whole.hi,
                whole.seekUsec, 0), options, Schemas.captures(options), false)) {
            IOException e = assertThrows(IOException.class, reader::next);
            assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        }
        assertEquals(0, PlaybackCache.parked(), "a recording that failed is not kept open");
    }

    private static List<String> readAll(List<CaptureRange> ranges, String path, String colorFormat, String reuse)
            throws IOException {
        ReadOptions options = new ReadOptions(Map.of("path", path, "colorFormat", colorFormat, "reusePlayback", reuse));
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
