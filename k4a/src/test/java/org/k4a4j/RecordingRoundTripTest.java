/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Re-recording: {@link Recorder#create(Path, Playback, String...)} makes a recording with the source's
 * configuration, calibration and device tags, so a trimmed copy of pyk4a_recording.mkv reads back like the
 * source; {@link RecordConfiguration#toDeviceConfiguration()} carries the modes over.
 */
class RecordingRoundTripTest {
    @Test
    @DisplayName("a trimmed copy of a recording has its configuration, calibration, tags and the copied captures")
    void trimmedCopy(@TempDir Path tmp) {
        Path source = TestData.file("playback", "pyk4a_recording.mkv");
        Path copy = tmp.resolve("trimmed.mkv");
        List<Long> depthTimestamps = new ArrayList<>();
        try (Playback in = Playback.open(source)) {
            RecordConfiguration config = in.getRecordConfiguration();
            DeviceConfiguration device = config.toDeviceConfiguration();
            assertEquals(config.getColorFormat(), device.getColorFormat());
            assertEquals(config.getColorResolution(), device.getColorResolution());
            assertEquals(config.getDepthMode(), device.getDepthMode());
            assertEquals(config.getCameraFps(), device.getCameraFps());
            assertEquals(config.getWiredSyncMode(), device.getWiredSyncMode());
            assertEquals(config.getDepthDelayOffColorUsec(), device.getDepthDelayOffColorUsec());
            try (Recorder out = Recorder.create(copy, in, "NO_SUCH_TAG")) {
                out.writeHeader();
                for (int i = 0; i < 5; i++) {
                    Optional<Capture> next = in.nextCapture();
                    if (!next.isPresent()) {
                        break;
                    }
                    try (Capture c = next.get(); Image depth = c.getDepthImage()) {
                        depthTimestamps.add(depth == null ? -1L : depth.getDeviceTimestampUsec());
                        out.writeCapture(c);
                    }
                }
            }
            try (Playback back = Playback.open(copy)) {
                RecordConfiguration got = back.getRecordConfiguration();
                assertEquals(config.getColorFormat(), got.getColorFormat());
                assertEquals(config.getColorResolution(), got.getColorResolution());
                assertEquals(config.getDepthMode(), got.getDepthMode());
                assertEquals(config.getCameraFps(), got.getCameraFps());
                assertEquals(config.isColorTrackEnabled(), got.isColorTrackEnabled());
                assertEquals(config.isDepthTrackEnabled(), got.isDepthTrackEnabled());
                assertEquals(config.isImuTrackEnabled(), got.isImuTrackEnabled());
                assertEquals(in.getCalibration(), back.getCalibration(), "the same calibration");
                for (String tag : new String[] {"K4A_DEVICE_SERIAL_NUMBER", "K4A_COLOR_FIRMWARE_VERSION",
                    "K4A_DEPTH_FIRMWARE_VERSION", "K4A_CALIBRATION_FILE"}) {
                    assertEquals(in.getTag(tag), back.getTag(tag), tag);
                }
                assertTrue(in.getTag("K4A_DEVICE_SERIAL_NUMBER").isPresent(), "the source has a serial number to copy");
                assertFalse(back.getTag("NO_SUCH_TAG").isPresent());
                List<Long> read = new ArrayList<>();
                back.captures().forEach(c -> {
                    try (Image depth = c.getDepthImage()) {
                        read.add(depth == null ? -1L : depth.getDeviceTimestampUsec());
                    }
                });
                assertFalse(depthTimestamps.isEmpty());
                assertEquals(depthTimestamps, read, "the copied captures, in order");
            }
        }
    }

    @Test
    @DisplayName("null arguments are refused")
    void nulls(@TempDir Path tmp) {
        try (Playback in = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            assertThrows(NullPointerException.class, () -> Recorder.create((Path) null, in));
            assertThrows(NullPointerException.class, () -> Recorder.create(tmp.resolve("x.mkv"), (Playback) null));
        }
    }
}
