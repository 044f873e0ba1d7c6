/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.samples;

import java.nio.file.Paths;
import java.time.Duration;

import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Capture;
import org.k4a4j.ColorResolution;
import org.k4a4j.DepthMode;
import org.k4a4j.Device;
import org.k4a4j.DeviceConfiguration;
import org.k4a4j.Fps;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.K4a;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;
import org.k4a4j.Transformation;
import org.k4a4j.opencv.ImageMats;

import static org.k4a4j.global.k4a.*;

/**
 * The capture loop of every Azure Kinect program: open device 0, start its cameras, read N captures, print the
 * measured frame rate, and align each depth image to the colour camera as an OpenCV {@code Mat}.
 *
 * <p>Usage: {@code CaptureLoop [captures] [recording.mkv]} (default 30). Device 0 is a camera under the vendor's
 * libk4a, or with k4a4j's libk4a the first recording of {@code K4A4J_VIRTUAL_DEVICES}; a recording given here is
 * added as a virtual device and started with its own configuration.
 */
public final class CaptureLoop {
    /** What a camera and the 15 fps sample recording both deliver: BGRA32 720p colour, binned NFOV depth. */
    static final DeviceConfiguration DEFAULT = DeviceConfiguration.builder()
            .colorFormat(ImageFormat.COLOR_BGRA32).colorResolution(ColorResolution.RES_720P)
            .depthMode(DepthMode.NFOV_2X2BINNED).cameraFps(Fps.FPS_15).build();

    private CaptureLoop() {
    }

    /** The device to use: the recording (added as a virtual device) if one is named, else device 0. */
    static Device openDevice(String recording) {
        return Device.open(recording == null ? 0 : K4a.addVirtualDevice(Paths.get(recording)));
    }

    /** The configuration to start it with: the recording's own (colour decoded to BGRA32 from MJPG), or {@link #DEFAULT}. */
    static DeviceConfiguration configurationFor(String recording) {
        if (recording == null) {
            return DEFAULT;
        }
        try (Playback playback = Playback.open(recording)) {
            RecordConfiguration r = playback.getRecordConfiguration();
            return DeviceConfiguration.builder()
                    .colorFormat(r.getColorFormat() == ImageFormat.COLOR_MJPG ? ImageFormat.COLOR_BGRA32
                            : r.getColorFormat())
                    .colorResolution(r.isColorTrackEnabled() ? r.getColorResolution() : ColorResolution.OFF)
                    .depthMode(r.getDepthMode()).cameraFps(r.getCameraFps())
                    .depthDelayOffColorUsec(r.getDepthDelayOffColorUsec()).build();
        }
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String recording = args.length > 1 ? args[1] : null;
        DeviceConfiguration config = configurationFor(recording);
        System.out.println("k4a4j " + K4a.VERSION + ": " + Device.installedCount() + " device(s)");
        try (Device device = openDevice(recording)) {
            System.out.println("device " + device.getIndex() + ": serial number " + device.getSerialNumber() + ", "
                    + device.getVersion());
            device.startCameras(config);
            try (Transformation transformation = Transformation.create(
                    device.getCalibration(config.getDepthMode(), config.getColorResolution()))) {
                long first = 0, last = 0;
                int aligned = 0;
                for (int i = 0; i < count; i++) {
                    try (Capture capture = device.getCapture(Duration.ofSeconds(5))
                            .orElseThrow(() -> new IllegalStateException("no capture within 5 s"));
                         Image depth = capture.getDepthImage()) {
                        last = System.nanoTime();
                        first = i == 0 ? last : first;
                        if (depth == null) {
                            continue;
                        }
                        try (Image alignedDepth = transformation.depthToColor(depth)) {
                            Mat mat = ImageMats.asMat(alignedDepth); // CV_16UC1 over the image's buffer, no copy
                            try (UShortIndexer mm = mat.createIndexer()) {
                                if (i % 10 == 0) {
                                    System.out.println("capture " + i + ": depth at " + depth.getDeviceTimestampUsec()
                                            + " us aligned to colour as a " + mat.cols() + "x" + mat.rows()
                                            + " Mat, centre " + mm.get(mat.rows() / 2, mat.cols() / 2) + " mm");
                                }
                            }
                            aligned++;
                        }
                    }
                }
                double seconds = (last - first) / 1e9;
                System.out.printf("%d captures (%d depth images aligned) in %.2f s: %.1f frames per second%n", count,
                        aligned, seconds, seconds > 0 ? (count - 1) / seconds : 0.0);
            }
        }
    }
}
