/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One partition of the {@code k4a} table: the captures of one recording whose key lies in [{@code lo},
 * {@code hi}). The reader seeks to device time {@code seekUsec} (a little before {@code lo}, so that seeking
 * lands before the first capture of the range whatever the Cues say) or, when it is {@link Long#MIN_VALUE},
 * reads from the start. {@code baseIndex} is the index of the first capture with a key at or after {@code lo}
 * when the partition seeks and the query reads the {@code index} column (else 0).
 */
final class CaptureRange implements InputPartition {
    private static final long serialVersionUID = 1L;

    final RecordingInfo recording;
    final long lo;
    final long hi;
    final long seekUsec;
    final long baseIndex;

    CaptureRange(RecordingInfo recording, long lo, long hi, long seekUsec, long baseIndex) {
        this.recording = recording;
        this.lo = lo;
        this.hi = hi;
        this.seekUsec = seekUsec;
        this.baseIndex = baseIndex;
    }

    boolean seeks() {
        return seekUsec != Long.MIN_VALUE;
    }

    CaptureRange withBaseIndex(long index) {
        return new CaptureRange(recording, lo, hi, seekUsec, index);
    }

    @Override
    public String toString() {
        return recording.path + " [" + (lo == Long.MIN_VALUE ? "start" : lo + " us") + ", "
                + (hi == Long.MAX_VALUE ? "end" : hi + " us") + ")";
    }
}
