/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.Playback;
import org.k4a4j.Transformation;
import org.k4a4j.opencv.ColoredPointCloud;

/**
 * The coloured point cloud of the first capture of a recording that has depth and colour, as a PLY file
 * (binary, with colour, in millimetres) that MeshLab, Open3D or CloudCompare open.
 *
 * <p>Usage: {@code PointCloudToPly recording.mkv [cloud.ply]} (default {@code cloud.ply}).
 */
public final class PointCloudToPly {
    private PointCloudToPly() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PointCloudToPly recording.mkv [cloud.ply]");
            System.exit(2);
        }
        Path out = Paths.get(args.length > 1 ? args[1] : "cloud.ply");
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (Playback playback = Playback.open(Paths.get(args[0]));
             Transformation transformation = Transformation.create(playback.getCalibration())) {
            for (Optional<Capture> next = playback.nextCapture(); next.isPresent(); next = playback.nextCapture()) {
                try (Capture capture = next.get();
                     Image depth = capture.getDepthImage();
                     Image color = capture.getColorImage()) {
                    if (depth == null || color == null) {
                        continue;
                    }
                    try (ColoredPointCloud cloud = ColoredPointCloud.of(transformation, depth, color)) {
                        cloud.writePly(out);
                        System.out.println(out + ": " + cloud.size() + " points (device time "
                                + depth.getDeviceTimestampUsec() + " us)");
                        return;
                    }
                }
            }
        }
        System.err.println(args[0] + " has no capture with both depth and colour");
        System.exit(1);
    }
}
