/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.nio.file.Path;
import java.util.Optional;

import org.k4a4j.Capture;
import org.k4a4j.DeviceConfiguration;
import org.k4a4j.Image;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;
import org.k4a4j.Recorder;

/**
 * Test helper: writes a longer recording by repeating the captures of a short one ({@code times} passes, each
 * moved later by the source's span plus one frame period), with the record API, colour as stored, its calibration
 * attached. Used for multi-cluster test files and for the 1 GB benchmark recording; {@link #withoutColor} writes a
 * recording with no colour camera.
 */
final class Remux {
    private Remux() {
    }

    /** Writes {@code out} with the source's depth delay; returns the number of captures written. */
    static long repeat(Path source, Path out, int times) {
        try (Playback in = Playback.open(source)) {
            return repeat(source, out, times, in.getRecordConfiguration().getDepthDelayOffColorUsec());
        }
    }

    /**
     * Writes {@code out} with another depth delay: colour images move earlier by the change, as a camera whose
     * depth is captured that much after colour would record them, so a capture's colour and depth frames lie
     * apart in the file (and in different clusters where a cluster ends between them).
     */
    static long repeat(Path source, Path out, int times, int depthDelayUsec) {
        long written = 0;
        try (Playback in = Playback.open(source)) {
            RecordConfiguration c = in.getRecordConfiguration();
            DeviceConfiguration config = DeviceConfiguration.builder().colorFormat(c.getColorFormat())
                    .colorResolution(c.getColorResolution()).depthMode(c.getDepthMode()).cameraFps(c.getCameraFps())
                    .depthDelayOffColorUsec(depthDelayUsec).wiredSyncMode(c.getWiredSyncMode()).build();
            long period = 1_000_000L / c.getFramesPerSecond();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Optional<Capture> n = in.nextCapture(); n.isPresent(); n = in.nextCapture()) {
                try (Capture capture = n.get()) {
                    long key = RecordingInfo.captureKey(capture, c.getDepthDelayOffColorUsec());
                    first = Math.min(first, key);
                    last = Math.max(last, key);
                }
            }
            long span = last - first + period;
            try (Recorder recorder = Recorder.create(out, config)) {
                recorder.addAttachment("calibration.json", in.getRawCalibration());
                recorder.writeHeader();
                for (int t = 0; t < times; t++) {
                    in.seek(0, org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_BEGIN);
                    for (Optional<Capture> n = in.nextCapture(); n.isPresent(); n = in.nextCapture()) {
                        try (Capture capture = n.get()) {
                            shift(capture.getColorImage(), t * span - (depthDelayUsec - c.getDepthDelayOffColorUsec()));
                            shift(capture.getDepthImage(), t * span);
                            shift(capture.getIrImage(), t * span);
                            recorder.writeCapture(capture);
                            written++;
                        }
                    }
                }
            }
        }
        return written;
    }

    /** Writes {@code out} with the source's depth and IR images only: a recording with no colour camera. */
    static long withoutColor(Path source, Path out) {
        long written = 0;
        try (Playback in = Playback.open(source)) {
            RecordConfiguration c = in.getRecordConfiguration();
            DeviceConfiguration config = DeviceConfiguration.builder().depthMode(c.getDepthMode())
                    .cameraFps(c.getCameraFps()).build();
            try (Recorder recorder = Recorder.create(out, config)) {
                recorder.addAttachment("calibration.json", in.getRawCalibration());
                recorder.writeHeader();
                for (Optional<Capture> n = in.nextCapture(); n.isPresent(); n = in.nextCapture()) {
                    try (Capture capture = n.get(); Capture depthOnly = Capture.create();
                         Image depth = capture.getDepthImage(); Image ir = capture.getIrImage()) {
                        if (depth == null && ir == null) {
                            continue;
                        }
                        if (depth != null) {
                            depthOnly.setDepthImage(depth);
                        }
                        if (ir != null) {
                            depthOnly.setIrImage(ir);
                        }
                        recorder.writeCapture(depthOnly);
                        written++;
                    }
                }
            }
        }
        return written;
    }

    private static void shift(Image image, long usec) {
        if (image != null) {
            try (Image i = image) {
                i.setDeviceTimestampUsec(i.getDeviceTimestampUsec() + usec);
            }
        }
    }
}
