/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.CalibrationType;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Transformation;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * The coloured point cloud of a depth image: for every valid depth pixel (depth not 0, inside the lens
 * model), its 3D point in the depth camera's coordinates (millimetres) and the colour the colour camera sees
 * there (the colour image transformed to the depth camera, {@code k4a_transformation_color_image_to_depth_camera};
 * black where the colour camera does not see the point). Points are in row-major pixel order.
 *
 * <p><b>Ownership.</b> A cloud owns its two Mats ({@link #xyz()}, {@link #bgr()}: copies, not views of any
 * image) and closes them in {@link #close()}; the images and capture it was made from stay the caller's.
 *
 * <pre>{@code
 * try (Capture capture = playback.nextCapture().get();
 *      ColoredPointCloud cloud = ColoredPointCloud.of(transformation, capture)) {
 *     cloud.writePly(Paths.get("cloud.ply"));
 * }
 * }</pre>
 */
public final class ColoredPointCloud implements AutoCloseable {
    private final Mat xyz;
    private final Mat bgr;

    private ColoredPointCloud(Mat xyz, Mat bgr) {
        this.xyz = xyz;
        this.bgr = bgr;
    }

    /**
     * The coloured cloud of a capture's depth and colour images.
     *
     * @param transformation a transformation of the capture's calibration
     * @param capture        a capture with a depth image and a colour image of any format (MJPG, NV12 and YUY2
     *                       are converted to BGRA first)
     * @return a new cloud the caller closes
     * @throws IllegalArgumentException when the capture lacks the depth or the colour image
     */
    public static ColoredPointCloud of(Transformation transformation, Capture capture) {
        if (capture == null) {
            throw new NullPointerException("capture is null");
        }
        try (Image depth = capture.getDepthImage(); Image color = capture.getColorImage()) {
            if (depth == null || color == null) {
                throw new IllegalArgumentException("the capture has no " + (depth == null ? "depth" : "colour")
                        + " image");
            }
            return of(transformation, depth, color);
        }
    }

    /**
     * The coloured cloud of a depth image and the colour image taken with it.
     *
     * @param transformation a transformation of the images' calibration
     * @param depth          a DEPTH16 image of the depth camera's size
     * @param color          a colour image of the colour camera's size, any format
     * @return a new cloud the caller closes
     */
    public static ColoredPointCloud of(Transformation transformation, Image depth, Image color) {
        if (transformation == null || depth == null || color == null) {
            throw new NullPointerException(transformation == null ? "transformation is null"
                    : depth == null ? "depth image is null" : "color image is null");
        }
        if (color.getFormat() == ImageFormat.COLOR_BGRA32) {
            return colored(transformation, depth, color);
        }
        try (Mat bgra = ColorMats.toBgra(color); Image converted = ImageMats.toImage(bgra)) {
            return colored(transformation, depth, converted);
        }
    }

    private static ColoredPointCloud colored(Transformation transformation, Image depth, Image bgra) {
        try (Image colorInDepth = transformation.colorToDepth(depth, bgra);
             Image cloud = transformation.pointCloud(depth, CalibrationType.DEPTH);
             BytePointer points = cloud.getBufferPointer();
             BytePointer colors = colorInDepth.getBufferPointer()) {
            int pixels = cloud.getWidthPixels() * cloud.getHeightPixels();
            ShortBuffer in = points.asByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
            ByteBuffer bgraIn = colors.asByteBuffer();
            int n = 0;
            for (int i = 0; i < pixels; i++) {
                if (in.get(3 * i + 2) != 0) {
                    n++;
                }
            }
            Mat xyz = new Mat(n, 1, CV_32FC3);
            Mat bgr = new Mat(n, 1, CV_8UC3);
            if (n > 0) {
                FloatBuffer xyzOut = xyz.data().capacity(12L * n).asByteBuffer().order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                ByteBuffer bgrOut = bgr.data().capacity(3L * n).asByteBuffer();
                int o = 0;
                for (int i = 0; i < pixels; i++) {
                    short z = in.get(3 * i + 2);
                    if (z != 0) {
                        xyzOut.put(3 * o, in.get(3 * i)).put(3 * o + 1, in.get(3 * i + 1)).put(3 * o + 2, z);
                        bgrOut.put(3 * o, bgraIn.get(4 * i)).put(3 * o + 1, bgraIn.get(4 * i + 1))
                                .put(3 * o + 2, bgraIn.get(4 * i + 2));
                        o++;
                    }
                }
            }
            return new ColoredPointCloud(xyz, bgr);
        }
    }

    /** @return the number of points */
    public int size() {
        return xyz.rows();
    }

    /** @return the points: an N x 1 CV_32FC3 Mat of x, y, z in millimetres, owned by this cloud */
    public Mat xyz() {
        return xyz;
    }

    /** @return the colours: an N x 1 CV_8UC3 Mat (blue, green, red), owned by this cloud */
    public Mat bgr() {
        return bgr;
    }

    /**
     * Writes the cloud as a binary little-endian PLY file with colour ({@link PlyWriter}), in millimetres.
     *
     * @param path the file to write (replaced if it exists)
     * @throws IOException when the file cannot be written
     */
    public void writePly(Path path) throws IOException {
        PlyWriter.write(path, xyz, bgr, "k4a4j coloured point cloud, depth camera coordinates in millimetres");
    }

    /** Closes both Mats; does nothing when already closed. */
    @Override
    public void close() {
        xyz.close();
        bgr.close();
    }
}
