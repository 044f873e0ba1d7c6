/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongUnaryOperator;

/**
 * Cuts a recording into time ranges, of a given duration ({@code splitDuration}) or count (the default split,
 * {@link #defaultRanges}), on the capture keys of {@link RecordingInfo}: the first range is open at the start and the last at the end, so every capture falls
 * in exactly one range whatever its timestamp. A time filter [{@code from}, {@code to}) narrows the ranges and
 * drops those it leaves empty. Each range seeks two frame periods plus the depth delay before its start: the
 * seek then lands before every image of the range's first capture (the playback returns captures from the
 * first image at or after the seek time, and the Cues only decide where it starts looking).
 */
final class Splitter {
    /** No recording is cut into more ranges than this, nor into ranges of fewer than {@link #MIN_RANGE_BYTES}
     *  of file on average (a damaged length, or a sub-frame split of a long file, would make absurd plans). */
    static final int MAX_RANGES = 1 << 20;
    static final long MIN_RANGE_BYTES = 16384;

    private Splitter() {
    }

    /**
     * How many ranges the default split cuts each recording into: ranges of at most {@code targetBytes} of file
     * (a file no larger is one range); then, when that makes a count of ranges that is not a multiple of
     * {@code parallelism}, one more range for the files whose ranges are largest until it is, so that the tasks
     * come in whole waves and the last wave leaves no core idle (33 ranges of a 4.3 GB file on two cores would
     * run the 33rd alone: it gets 34). Files of one range stay whole.
     */
    static long[] defaultRanges(List<RecordingInfo> files, long targetBytes, int parallelism) {
        long[] ranges = new long[files.size()];
        long total = 0;
        PriorityQueue<Integer> largest = new PriorityQueue<>(Math.max(1, files.size()),
                (a, b) -> Double.compare(rangeBytes(files.get(b), ranges[b]), rangeBytes(files.get(a), ranges[a])));
        for (int i = 0; i < ranges.length; i++) {
            RecordingInfo r = files.get(i);
            ranges[i] = r.sizeBytes <= targetBytes || r.lengthUsec <= 0 ? 1 : Math.min(r.sizeBytes / targetBytes + 1, mostRanges(r));
            total += ranges[i];
            if (ranges[i] > 1) {
                largest.add(i);
            }
        }
        long extra = parallelism > 1 ? Math.floorMod(-total, (long) parallelism) : 0;
        while (extra > 0 && !largest.isEmpty()) {
            int i = largest.poll();
            if (ranges[i] < mostRanges(files.get(i))) { // else this file can take no more: it leaves the queue
                ranges[i]++;
                extra--;
                largest.add(i);
            }
        }
        return ranges;
    }

    private static double rangeBytes(RecordingInfo r, long ranges) {
        return (double) r.sizeBytes / ranges;
    }

    /** The most ranges a recording is cut into by the default split: as {@link #mostRangesBySize}, none shorter than 1 ms. */
    private static long mostRanges(RecordingInfo r) {
        return Math.max(1, Math.min(mostRangesBySize(r), r.lengthUsec / 1000));
    }

    /** The most ranges a recording is cut into: at most {@link #MAX_RANGES}, none of fewer than {@link #MIN_RANGE_BYTES}. */
    private static long mostRangesBySize(RecordingInfo r) {
        return Math.max(1, Math.min(MAX_RANGES, r.sizeBytes / MIN_RANGE_BYTES));
    }

    /** Cuts a recording into {@code splitUsec} ranges from its start (0: one range), narrowed by [from, to). */
    static List<CaptureRange> split(RecordingInfo r, long splitUsec, long from, long to) {
        long n = 1;
        if (splitUsec > 0 && r.lengthUsec > 0) {
            n = Math.min(mostRangesBySize(r), r.lengthUsec / splitUsec + 1);
            splitUsec = Math.max(splitUsec, r.lengthUsec / n + 1);
        }
        long step = splitUsec;
        return ranges(r, n, k -> k * step, from, to);
    }

    /** Cuts a recording into {@code n} ranges of equal duration (as many as {@link #defaultRanges} allows), narrowed by [from, to). */
    static List<CaptureRange> splitInto(RecordingInfo r, long n, long from, long to) {
        long count = r.lengthUsec > 0 ? Math.max(1, Math.min(n, mostRanges(r))) : 1;
        return ranges(r, count, k -> (long) ((double) k * r.lengthUsec / count), from, to);
    }

    /** Ranges k = 0..n-1 from {@code startUsec + offset(k)}, the first open at the start and the last at the end. */
    private static List<CaptureRange> ranges(RecordingInfo r, long n, LongUnaryOperator offset, long from, long to) {
        long margin = 2 * r.framePeriodUsec + Math.abs(r.depthDelayUsec);
        List<CaptureRange> out = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            long lo = Math.max(k == 0 ? Long.MIN_VALUE : r.startUsec + offset.applyAsLong(k), from);
            long hi = Math.min(k == n - 1 ? Long.MAX_VALUE : r.startUsec + offset.applyAsLong(k + 1), to);
            if (lo >= hi) {
                continue;
            }
            long seek = lo <= r.startUsec + margin ? Long.MIN_VALUE : lo - margin;
            out.add(new CaptureRange(r, lo, hi, seek, 0));
        }
        return out;
    }
}
