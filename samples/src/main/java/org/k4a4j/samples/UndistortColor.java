/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Calibration;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.Playback;
import org.k4a4j.opencv.CalibrationMats;
import org.k4a4j.opencv.ColorMats;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

/**
 * Undistorts the first colour frame of a recording with OpenCV and the recording's own calibration
 * ({@link CalibrationMats}), and writes the frame before and after as PNGs.
 *
 * <p>Usage: {@code UndistortColor recording.mkv [output directory]} (default {@code out}).
 */
public final class UndistortColor {
    private UndistortColor() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: UndistortColor recording.mkv [output directory]");
            System.exit(2);
        }
        Path dir = Paths.get(args.length > 1 ? args[1] : "out");
        Files.createDirectories(dir);
        try (Playback playback = Playback.open(Paths.get(args[0]))) {
            Calibration.Camera camera = playback.getCalibration().getColorCamera();
            try (CalibrationMats.Maps maps = CalibrationMats.undistortionMaps(camera)) {
                for (Optional<Capture> next = playback.nextCapture(); next.isPresent(); next = playback.nextCapture()) {
                    try (Capture capture = next.get(); Image color = capture.getColorImage()) {
                        if (color == null) {
                            continue;
                        }
                        try (Mat bgr = ColorMats.toBgr(color); Mat undistorted = maps.apply(bgr)) {
                            imwrite(dir.resolve("color.png").toString(), bgr);
                            imwrite(dir.resolve("color_undistorted.png").toString(), undistorted);
                            System.out.println(dir + ": color.png and color_undistorted.png, " + bgr.cols() + "x"
                                    + bgr.rows());
                            return;
                        }
                    }
                }
            }
        }
        System.err.println(args[0] + " has no colour image");
        System.exit(1);
    }
}
