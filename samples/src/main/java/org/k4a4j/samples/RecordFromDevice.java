/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.samples;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.k4a4j.Capture;
import org.k4a4j.Device;
import org.k4a4j.DeviceConfiguration;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;
import org.k4a4j.Recorder;

import static org.k4a4j.global.k4a.*;

/**
 * Records N captures of device 0 into a file with the device's calibration, serial number and firmware versions
 * (what {@code k4arecorder} does: colour as MJPG), then reads the file back and counts them.
 *
 * <p>Usage: {@code RecordFromDevice out.mkv [captures] [recording.mkv]} (default 30); the device is chosen as in
 * {@link CaptureLoop}.
 */
public final class RecordFromDevice {
    private RecordFromDevice() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args.length > 0 ? args[0] : "out/from-device.mkv").toAbsolutePath();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String recording = args.length > 2 ? args[2] : null;
        DeviceConfiguration config = CaptureLoop.configurationFor(recording);
        if (config.getColorFormat() == ImageFormat.COLOR_BGRA32) {
            config = config.toBuilder().colorFormat(ImageFormat.COLOR_MJPG).build(); // compressed, as k4arecorder
        }
        java.nio.file.Files.createDirectories(out.getParent());
        try (Device device = CaptureLoop.openDevice(recording)) {
            device.startCameras(config);
            try (Recorder recorder = Recorder.create(out, device, config)) {
                recorder.writeHeader();
                for (int i = 0; i < count; i++) {
                    try (Capture capture = device.getCapture(Duration.ofSeconds(5))
                            .orElseThrow(() -> new IllegalStateException("no capture within 5 s"))) {
                        recorder.writeCapture(capture);
                    }
                }
            }
        }
        try (Playback playback = Playback.open(out)) {
            long read = playback.captures().count();
            System.out.println("wrote " + out + ": " + read + " captures, serial number "
                    + playback.getTag("K4A_DEVICE_SERIAL_NUMBER").orElse("?") + ", "
                    + playback.getRecordConfiguration());
            if (read != count) {
                throw new IllegalStateException("read back " + read + " captures of " + count);
            }
        }
    }
}
