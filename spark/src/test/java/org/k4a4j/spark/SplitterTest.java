/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time ranges a recording is cut into, without Spark or files. */
class SplitterTest {
    // 10 s at 30 fps from device time 1 s, 1 GB, depth 500 us after colour
    private final RecordingInfo r = new RecordingInfo("r.mkv", 1L << 30, 10_000_000, 1_000_000, 500, 33_333, true);

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
    @DisplayName("the default split makes ranges of at most the target bytes; tiny splits are capped by the file size")
    void sizes() {
        long[] ranges = Splitter.defaultRanges(List.of(r), 128L << 20, 1);
        assertArrayEquals(new long[] {9}, ranges);
        List<CaptureRange> nine = Splitter.splitInto(r, 9, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(9, nine.size());
        for (int i = 1; i < nine.size(); i++) {
            assertEquals(nine.get(i - 1).hi, nine.get(i).lo);
            assertEquals(r.startUsec + i * r.lengthUsec / 9, nine.get(i).lo, 1);
        }
        assertEquals(Long.MAX_VALUE, nine.get(8).hi);
        assertArrayEquals(new long[] {1}, Splitter.defaultRanges(List.of(new RecordingInfo("s.mkv", 1000, 10_000_000, 0, 0, 33_333, true)), 128L << 20, 1));
        RecordingInfo small = new RecordingInfo("s.mkv", 10 * Splitter.MIN_RANGE_BYTES, 10_000_000, 0, 0, 33_333, true);
        assertEquals(10, Splitter.split(small, 1, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(10, Splitter.splitInto(small, 1000, Long.MIN_VALUE, Long.MAX_VALUE).size());
        RecordingInfo lying = new RecordingInfo("l.mkv", 1L << 30, -5, 0, 0, 33_333, true);
        assertEquals(1, Splitter.split(lying, 1000, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertArrayEquals(new long[] {1}, Splitter.defaultRanges(List.of(lying), 128L << 20, 4));
        assertEquals(1, Splitter.splitInto(lying, 9, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    @Test
    @DisplayName("the default split rounds the ranges up to whole waves of the parallelism, on the files with the largest ranges; single-range files stay whole")
    void waves() {
        RecordingInfo big = new RecordingInfo("big.mkv", 4_330_785_111L, 512_000_000, 0, 0, 200_000, true);
        assertArrayEquals(new long[] {33}, Splitter.defaultRanges(List.of(big), 128L << 20, 1));
        assertArrayEquals(new long[] {34}, Splitter.defaultRanges(List.of(big), 128L << 20, 2));
        assertArrayEquals(new long[] {36}, Splitter.defaultRanges(List.of(big), 128L << 20, 4));
        assertArrayEquals(new long[] {33}, Splitter.defaultRanges(List.of(big), 128L << 20, 3));
        RecordingInfo small = new RecordingInfo("s.mkv", 1000, 10_000_000, 0, 0, 33_333, true);
        // 9 + 33 + 1 = 43 ranges on 8 cores: 5 more, each for the file with the largest ranges: big (ranges of
        // 131, 127, 124, 120 MB) four times, then r (119 MB against big's 117)
        assertArrayEquals(new long[] {10, 37, 1}, Splitter.defaultRanges(List.of(r, big, small), 128L << 20, 8));
        // only small files: nothing to cut
        assertArrayEquals(new long[] {1, 1, 1}, Splitter.defaultRanges(List.of(small, small, small), 128L << 20, 2));
        assertEquals(34, Splitter.splitInto(big, 34, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }
}
