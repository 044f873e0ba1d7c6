/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.File;
import java.io.Serializable;

import org.k4a4j.Capture;
import org.k4a4j.ColorResolution;
import org.k4a4j.Image;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;

/**
 * What the driver learns about one recording to plan its partitions: its size, the device times it covers, its
 * frame period and depth delay, whether it has a colour camera; and the key that puts each capture in exactly
 * one partition.
 *
 * <p><b>The capture key</b> ({@code timestamp} column) is the time by which the playback orders captures: the
 * smallest device timestamp of the capture's images, the colour image's moved by the recording's depth delay
 * ({@code K4A_DEPTH_DELAY_NS}), as the playback groups images. Keys never decrease in playback order, so a
 * partition keeps the captures whose key lies in its range and stops at the first one past it.
 */
final class RecordingInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    final String path;
    final long sizeBytes;
    final long lengthUsec;
    final long startUsec;        // device time of the recording's start (timestamp 0 of the file)
    final long depthDelayUsec;   // depth after colour
    final long framePeriodUsec;
    final boolean colorCamera;   // a colour resolution other than OFF (what depth can be aligned to)

    RecordingInfo(String path, long sizeBytes, long lengthUsec, long startUsec, long depthDelayUsec,
                          long framePeriodUsec, boolean colorCamera) {
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.lengthUsec = lengthUsec;
        this.startUsec = startUsec;
        this.depthDelayUsec = depthDelayUsec;
        this.framePeriodUsec = framePeriodUsec;
        this.colorCamera = colorCamera;
    }

    /** Opens the recording to read its facts; throws (K4aException) when it is not a readable recording. */
    static RecordingInfo read(String path) {
        try (Playback playback = Playback.open(path)) {
            RecordConfiguration c = playback.getRecordConfiguration();
            return new RecordingInfo(path, new File(path).length(), playback.getRecordingLengthUsec(),
                    c.getStartTimestampOffsetUsec(), c.getDepthDelayOffColorUsec(), 1_000_000L / c.getFramesPerSecond(),
                    c.getColorResolution() != ColorResolution.OFF);
        }
    }

    /** The capture's key (see the class comment). */
    static long captureKey(Capture capture, long depthDelayUsec) {
        try (Image color = capture.getColorImage(); Image depth = capture.getDepthImage(); Image ir = capture.getIrImage()) {
            return captureKey(color, depth, ir, depthDelayUsec);
        }
    }

    /** The key of a capture with these images (each may be null; the caller keeps and closes them). */
    static long captureKey(Image color, Image depth, Image ir, long depthDelayUsec) {
        long key = Long.MAX_VALUE;
        if (color != null) {
            key = Math.min(key, color.getDeviceTimestampUsec() + depthDelayUsec);
        }
        if (depth != null) {
            key = Math.min(key, depth.getDeviceTimestampUsec());
        }
        if (ir != null) {
            key = Math.min(key, ir.getDeviceTimestampUsec());
        }
        return key;
    }

    /** The keys of every capture, in playback order (reads the file once, decoding nothing). */
    long[] captureKeys() {
        long[] keys = new long[64];
        int n = 0;
        try (Playback playback = Playback.open(path)) {
            for (java.util.Optional<Capture> c = playback.nextCapture(); c.isPresent(); c = playback.nextCapture()) {
                try (Capture capture = c.get()) {
                    if (n == keys.length) {
                        keys = java.util.Arrays.copyOf(keys, n * 2);
                    }
                    keys[n++] = captureKey(capture, depthDelayUsec);
                }
            }
        }
        return java.util.Arrays.copyOf(keys, n);
    }
}
