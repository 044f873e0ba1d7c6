/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Calibration;
import org.k4a4j.CalibrationType;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Transformation;
import org.k4a4j.internal.CloudCompaction;
import org.k4a4j.internal.ImageLayout;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * The coloured point cloud of a depth image: for every valid depth pixel (depth not 0, inside the lens
 * model), its 3D point in the depth camera's coordinates (millimetres) and the colour the colour camera sees
 * there (the colour image transformed to the depth camera, {@code k4a_transformation_color_image_to_depth_camera};
 * black where the colour camera does not see the point). Points are in row-major pixel order.
 *
 * <p><b>One frame or a loop.</b> {@link #of(Transformation, Capture)} makes the cloud of one frame. For a
 * stream, {@link #create(Transformation)} makes an empty cloud once and {@link #update(Capture)} refills it for
 * each frame, reusing all its memory: the two output Mats (room for every pixel of the depth camera) and the
 * two intermediate images (the colour image seen by the depth camera, the point-cloud image), so a frame
 * allocates nothing and touches no fresh pages. The compaction (the valid pixels' XYZ and BGR) is one pass in
 * C ({@link #compact}), in the bindings' JNI library, so it runs the same over any libk4a 1.4.
 *
 * <p><b>Ownership.</b> A cloud owns its Mats and images (copies, not views of the caller's images) and frees
 * them in {@link #close()}; the images and capture it was made from, and the transformation, stay the
 * caller's (keep the transformation open while you update the cloud). {@link #xyz()} and {@link #bgr()} are
 * views of the cloud's memory: the next {@code update} replaces them (and closes the old views) and
 * {@link #close()} frees them; copy them ({@code clone()}) to keep a frame's points.
 *
 * <pre>{@code
 * try (Capture capture = playback.nextCapture().get();
 *      ColoredPointCloud cloud = ColoredPointCloud.of(transformation, capture)) {
 *     cloud.writePly(Paths.get("cloud.ply"));
 * }
 * // a loop:
 * try (ColoredPointCloud cloud = ColoredPointCloud.create(transformation)) {
 *     for (Capture capture : playback.captures()) {     // each released by the next iteration
 *         cloud.update(capture);
 *         use(cloud.xyz(), cloud.bgr());                  // valid until the next update
 *     }
 * }
 * }</pre>
 *
 * <p>A cloud is not thread-safe: update and read it from one thread at a time.
 */
public final class ColoredPointCloud implements AutoCloseable {
    private final Transformation transformation;
    private final int width;
    private final int height;
    /** Room for every pixel of the depth camera: width x height rows. */
    private final Mat xyzStore;
    private final Mat bgrStore;
    /** Views of the first {@link #size} rows of the stores; replaced by each update. */
    private Mat xyz;
    private Mat bgr;
    private int size;
    /** The colour image seen by the depth camera and the point-cloud image, made by the first update. */
    private Image colorInDepth;
    private Image points;
    private boolean closed;

    private ColoredPointCloud(Transformation transformation, int width, int height) {
        this.transformation = transformation;
        this.width = width;
        this.height = height;
        Mat xyzMat = new Mat(width * height, 1, CV_32FC3);
        Mat bgrMat;
        try {
            bgrMat = new Mat(width * height, 1, CV_8UC3);
        } catch (RuntimeException e) {
            xyzMat.close();
            throw e;
        }
        xyzStore = xyzMat;
        bgrStore = bgrMat;
        views(0);
    }

    /**
     * An empty cloud for {@link #update(Capture)} in a loop: Mats with room for every pixel of the
     * transformation's depth camera (15 bytes a pixel) and, from the first update on, the two intermediate
     * images, all reused by every update.
     *
     * @param transformation a transformation of the frames' calibration; the cloud keeps using it (it does not
     *                       close it)
     * @return a new, empty cloud the caller closes
     * @throws IllegalStateException when the calibration has no depth camera
     */
    public static ColoredPointCloud create(Transformation transformation) {
        if (transformation == null) {
            throw new NullPointerException("transformation is null");
        }
        Calibration.Camera depth = transformation.getCalibration().getDepthCamera();
        int w = depth.getResolutionWidth();
        int h = depth.getResolutionHeight();
        if (w <= 0 || h <= 0) {
            throw new IllegalStateException("the depth camera has size " + w + "x" + h
                    + " (is it off in this calibration?)");
        }
        return new ColoredPointCloud(transformation, w, h);
    }

    /**
     * The coloured cloud of a capture's depth and colour images.
     *
     * @param transformation a transformation of the capture's calibration
     * @param capture        a capture with a depth image and a colour image of any format (MJPG, NV12 and YUY2
     *                       are converted to BGRA first)
     * @return a new cloud the caller closes (it may be {@link #update updated} with later frames)
     * @throws IllegalArgumentException when the capture lacks the depth or the colour image
     */
    public static ColoredPointCloud of(Transformation transformation, Capture capture) {
        if (capture == null) {
            throw new NullPointerException("capture is null");
        }
        return oneFrame(create(transformation), cloud -> cloud.update(capture));
    }

    /**
     * The coloured cloud of a depth image and the colour image taken with it.
     *
     * @param transformation a transformation of the images' calibration
     * @param depth          a DEPTH16 image of the depth camera's size
     * @param color          a colour image of the colour camera's size, any format
     * @return a new cloud the caller closes (it may be {@link #update updated} with later frames)
     */
    public static ColoredPointCloud of(Transformation transformation, Image depth, Image color) {
        if (transformation == null || depth == null || color == null) {
            throw new NullPointerException(transformation == null ? "transformation is null"
                    : depth == null ? "depth image is null" : "color image is null");
        }
        return oneFrame(create(transformation), cloud -> cloud.update(depth, color));
    }

    /** Runs one update of a new cloud and frees its intermediate images (a one-frame cloud keeps only its Mats). */
    private static ColoredPointCloud oneFrame(ColoredPointCloud cloud, Consumer<ColoredPointCloud> update) {
        try {
            update.accept(cloud);
            cloud.closeImages();
            return cloud;
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    /**
     * Replaces the cloud's points with those of a capture's depth and colour images, in the same memory. The
     * Mats {@link #xyz()} and {@link #bgr()} returned before are closed; after a failure the cloud is empty.
     *
     * @param capture a capture with a depth image of the depth camera's size and a colour image of any format
     * @return this cloud
     * @throws IllegalArgumentException when the capture lacks the depth or the colour image
     * @throws IllegalStateException    when the cloud or its transformation is closed
     */
    public ColoredPointCloud update(Capture capture) {
        live();
        if (capture == null) {
            throw new NullPointerException("capture is null");
        }
        try (Image depth = capture.getDepthImage(); Image color = capture.getColorImage()) {
            if (depth == null || color == null) {
                views(0);
                throw new IllegalArgumentException("the capture has no " + (depth == null ? "depth" : "colour")
                        + " image");
            }
            return update(depth, color);
        }
    }

    /**
     * Replaces the cloud's points with those of a depth image and the colour image taken with it, in the same
     * memory. The Mats {@link #xyz()} and {@link #bgr()} returned before are closed; after a failure the cloud
     * is empty.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param color a colour image of the colour camera's size, any format (MJPG, NV12 and YUY2 are converted to
     *              BGRA32 first, into a new image each time: give BGRA32, e.g. by a playback's colour
     *              conversion, for a loop that allocates nothing)
     * @return this cloud
     * @throws IllegalStateException when the cloud or its transformation is closed
     */
    public ColoredPointCloud update(Image depth, Image color) {
        live();
        if (depth == null || color == null) {
            throw new NullPointerException(depth == null ? "depth image is null" : "color image is null");
        }
        int n = 0;
        try {
            if (colorInDepth == null) {
                colorInDepth = Image.create(ImageFormat.COLOR_BGRA32, width, height, 4 * width);
            }
            if (points == null) {
                points = Image.create(ImageFormat.CUSTOM, width, height, 6 * width);
            }
            if (color.getFormat() == ImageFormat.COLOR_BGRA32) {
                transformation.colorToDepthInto(depth, color, colorInDepth);
            } else {
                try (Mat bgra = ColorMats.toBgra(color); Image converted = ImageMats.toImage(bgra)) {
                    transformation.colorToDepthInto(depth, converted, colorInDepth);
                }
            }
            transformation.pointCloudInto(depth, CalibrationType.DEPTH, points);
            n = compact(points, colorInDepth, xyzStore, bgrStore);
        } finally {
            views(n); // 0 after a failure: the stores may hold part of this frame
        }
        return this;
    }

    /**
     * The compaction on its own, for a point cloud and colours made elsewhere (e.g. by {@link Transformation}'s
     * {@code ...Into} methods): writes x, y, z (as floats, the point cloud's millimetres) into {@code xyz} and
     * blue, green, red into {@code bgr} for every pixel whose z is not 0, in row-major order, from element 0 on;
     * one pass in C. Everything native code touches is checked here first.
     *
     * @param pointCloud   a CUSTOM or CUSTOM16 image of x, y, z as int16 per pixel (an even stride of at least
     *                     6 x width, at an even address)
     * @param colorInDepth a BGRA32 image of the same size (e.g. the colour image seen by the depth camera)
     * @param xyz          a continuous CV_32FC3 Mat of at least width x height elements, the caller's
     * @param bgr          a continuous CV_8UC3 Mat of at least width x height elements, the caller's
     * @return the number of points written (the first elements of both Mats)
     * @throws IllegalArgumentException for other formats, sizes, strides, Mat types, or Mats too small
     * @throws IllegalStateException    for a closed image
     */
    public static int compact(Image pointCloud, Image colorInDepth, Mat xyz, Mat bgr) {
        if (pointCloud == null || colorInDepth == null || xyz == null || bgr == null) {
            throw new NullPointerException(pointCloud == null ? "pointCloud is null"
                    : colorInDepth == null ? "colorInDepth is null" : xyz == null ? "xyz is null" : "bgr is null");
        }
        ImageFormat format = pointCloud.getFormat();
        if (format != ImageFormat.CUSTOM && format != ImageFormat.CUSTOM16) {
            throw new IllegalArgumentException("pointCloud has format " + format
                    + "; it must be K4A_IMAGE_FORMAT_CUSTOM or K4A_IMAGE_FORMAT_CUSTOM16 (x, y, z as int16)");
        }
        if (colorInDepth.getFormat() != ImageFormat.COLOR_BGRA32) {
            throw new IllegalArgumentException("colorInDepth has format " + colorInDepth.getFormat()
                    + "; it must be K4A_IMAGE_FORMAT_COLOR_BGRA32");
        }
        int w = pointCloud.getWidthPixels();
        int h = pointCloud.getHeightPixels();
        if (colorInDepth.getWidthPixels() != w || colorInDepth.getHeightPixels() != h) {
            throw new IllegalArgumentException("colorInDepth is " + colorInDepth.getWidthPixels() + "x"
                    + colorInDepth.getHeightPixels() + "; it must have pointCloud's size, " + w + "x" + h);
        }
        long pixels = (long) w * h;
        if (w <= 0 || h <= 0 || pixels > Integer.MAX_VALUE / 12) {
            throw new IllegalArgumentException("pointCloud's size " + w + "x" + h + " is not a cloud's");
        }
        int pointsStride = ImageLayout.rows("pointCloud", w, h, 6, pointCloud.getStrideBytes(), pointCloud.getSize());
        int bgraStride = ImageLayout.rows("colorInDepth", w, h, 4, colorInDepth.getStrideBytes(), colorInDepth.getSize());
        room(xyz, "xyz", CV_32FC3, "CV_32FC3", pixels);
        room(bgr, "bgr", CV_8UC3, "CV_8UC3", pixels);
        try (BytePointer in = pointCloud.getBufferPointer(); BytePointer colors = colorInDepth.getBufferPointer();
             BytePointer xyzOut = xyz.data(); BytePointer bgrOut = bgr.data()) {
            if (pointsStride % 2 != 0 || in.address() % 2 != 0) {
                throw new IllegalArgumentException("pointCloud's rows of int16 must start at even addresses; its "
                        + "buffer is at 0x" + Long.toHexString(in.address()) + " with a stride of " + pointsStride);
            }
            return CloudCompaction.compact(in, pointsStride, colors, bgraStride, w, h, xyzOut, bgrOut, (int) pixels);
        }
    }

    /** Checks that an output Mat is continuous, of the type, allocated and of at least {@code elements} elements. */
    private static void room(Mat mat, String name, int type, String typeName, long elements) {
        if (mat.isNull() || mat.type() != type || !mat.isContinuous() || mat.total() < elements || mat.data().isNull()) {
            throw new IllegalArgumentException(name + " must be a continuous " + typeName + " Mat of at least "
                    + elements + " elements (the pixels of the point cloud); it has type " + (mat.isNull() ? "none"
                    : mat.type() + " and " + mat.total() + " elements"));
        }
    }

    /** Closes the old views and makes views of the first {@code n} points. */
    private void views(int n) {
        if (xyz != null) {
            xyz.close();
            bgr.close();
        }
        size = n;
        xyz = xyzStore.rowRange(0, n);
        bgr = bgrStore.rowRange(0, n);
    }

    private void live() {
        if (closed) {
            throw new IllegalStateException("the ColoredPointCloud is closed");
        }
    }

    private void closeImages() {
        if (colorInDepth != null) {
            colorInDepth.close();
            colorInDepth = null;
        }
        if (points != null) {
            points.close();
            points = null;
        }
    }

    /**
     * The number of points.
     *
     * @return the number of points
     * @throws IllegalStateException when the cloud is closed
     */
    public int size() {
        live();
        return size;
    }

    /**
     * The points: an N x 1 CV_32FC3 Mat of x, y, z in millimetres (N = {@link #size()}), a view of the cloud's
     * memory owned by the cloud: valid until the next {@code update} or {@link #close()}, which close it.
     *
     * @return the points, owned by this cloud
     * @throws IllegalStateException when the cloud is closed
     */
    public Mat xyz() {
        live();
        return xyz;
    }

    /**
     * The colours: an N x 1 CV_8UC3 Mat (blue, green, red) (N = {@link #size()}), a view of the cloud's memory
     * owned by the cloud: valid until the next {@code update} or {@link #close()}, which close it.
     *
     * @return the colours, owned by this cloud
     * @throws IllegalStateException when the cloud is closed
     */
    public Mat bgr() {
        live();
        return bgr;
    }

    /**
     * The most points the cloud holds: the pixels of the depth camera.
     *
     * @return the most points the cloud holds: the pixels of the depth camera
     */
    public int capacity() {
        return width * height;
    }

    /**
     * Writes the cloud as a binary little-endian PLY file with colour ({@link PlyWriter}), in millimetres.
     *
     * @param path the file to write (replaced if it exists)
     * @throws IOException when the file cannot be written
     * @throws IllegalStateException when the cloud is closed
     */
    public void writePly(Path path) throws IOException {
        live();
        PlyWriter.write(path, xyz, bgr, "k4a4j coloured point cloud, depth camera coordinates in millimetres");
    }

    /**
     * Frees the Mats (the views {@link #xyz()} and {@link #bgr()} returned included) and the intermediate images;
     * does nothing when already closed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        xyz.close();
        bgr.close();
        xyzStore.close();
        bgrStore.close();
        closeImages();
    }
}
