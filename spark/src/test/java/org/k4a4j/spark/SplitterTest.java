/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time ranges a recording is cut into, without Spark or files. */
class SplitterTest {
    // 10 s at 30 fps from device time 1 s, 1 GB, depth 500 us after colour
    private final RecordingInfo r = new RecordingInfo("r.mkv", 1L << 30, 10_000_000, 1_000_000, 500, 33_333);

    @Test
    @DisplayName("ranges are contiguous, open at both ends, and seek a margin before their start (none for the first)")
    void contiguous() {
        List<CaptureRange> ranges = Splitter.split(r, 1_000_000, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(11, ranges.size());
        assertEquals(Long.MIN_VALUE, ranges.get(0).lo);
        assertEquals(Long.MAX_VALUE, ranges.get(10).hi);
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).hi, ranges.get(i).lo);
            assertEquals(ranges.get(i).lo - 2 * 33_333 - 500, ranges.get(i).seekUsec);
        }
        assertTrue(!ranges.get(0).seeks());
        assertEquals(1, Splitter.split(r, 0, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    @Test
    @DisplayName("a time filter drops the ranges outside it and narrows the others; extreme bounds do not overflow")
    void filtered() {
        List<CaptureRange> ranges = Splitter.split(r, 1_000_000, 3_500_000, 5_200_000);
        assertEquals(3, ranges.size());
        assertEquals(3_500_000, ranges.get(0).lo);
        assertEquals(4_000_000, ranges.get(0).hi);
        assertEquals(5_200_000, ranges.get(2).hi);
        assertEquals(0, Splitter.split(r, 1_000_000, 5, 5).size());
        List<CaptureRange> all = Splitter.split(r, 1_000_000, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1);
        assertEquals(11, all.size());
        assertTrue(!all.get(0).seeks());
    }

    @Test
    @DisplayName("the default split makes ranges of about the target bytes; tiny splits are capped by the file size")
    void sizes() {
        long split = Splitter.defaultSplitUsec(r, 128L << 20);
        assertEquals(1_250_000, split, 1);
        assertEquals(9, Splitter.split(r, split, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(0, Splitter.defaultSplitUsec(new RecordingInfo("s.mkv", 1000, 10_000_000, 0, 0, 33_333), 128L << 20));
        RecordingInfo small = new RecordingInfo("s.mkv", 10 * Splitter.MIN_RANGE_BYTES, 10_000_000, 0, 0, 33_333);
        assertEquals(10, Splitter.split(small, 1, Long.MIN_VALUE, Long.MAX_VALUE).size());
        RecordingInfo lying = new RecordingInfo("l.mkv", 1L << 30, -5, 0, 0, 33_333);
        assertEquals(1, Splitter.split(lying, 1000, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }
}
