/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording into time ranges of {@code splitUsec} from its start, on the capture keys of
 * {@link RecordingInfo}: the first range is open at the start and the last at the end, so every capture falls
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

    /** The split duration that makes a range hold about {@code targetBytes} of the file (0: one range). */
    static long defaultSplitUsec(RecordingInfo r, long targetBytes) {
        if (r.sizeBytes <= targetBytes || r.lengthUsec <= 0) {
            return 0;
        }
        return Math.max(1000, (long) ((double) r.lengthUsec * targetBytes / r.sizeBytes));
    }

    static List<CaptureRange> split(RecordingInfo r, long splitUsec, long from, long to) {
        long n = 1;
        if (splitUsec > 0 && r.lengthUsec > 0) {
            long most = Math.max(1, Math.min(MAX_RANGES, r.sizeBytes / MIN_RANGE_BYTES));
            n = Math.min(most, r.lengthUsec / splitUsec + 1);
            splitUsec = Math.max(splitUsec, r.lengthUsec / n + 1);
        }
        long margin = 2 * r.framePeriodUsec + Math.abs(r.depthDelayUsec);
        List<CaptureRange> out = new ArrayList<>();
        for (long k = 0; k < n; k++) {
            long lo = Math.max(k == 0 ? Long.MIN_VALUE : r.startUsec + k * splitUsec, from);
            long hi = Math.min(k == n - 1 ? Long.MAX_VALUE : r.startUsec + (k + 1) * splitUsec, to);
            if (lo >= hi) {
                continue;
            }
            long seek = lo <= r.startUsec + margin ? Long.MIN_VALUE : lo - margin;
            out.add(new CaptureRange(r, lo, hi, seek, 0));
        }
        return out;
    }
}
