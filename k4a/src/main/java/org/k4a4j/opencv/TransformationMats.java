/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Calibration;
import org.k4a4j.CalibrationType;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Transformation;

import static org.bytedeco.opencv.global.opencv_core.CV_16SC3;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

/**
 * {@link Transformation}s with OpenCV Mats: depth aligned to colour (CV_16UC1, mm), colour aligned to depth
 * (CV_8UC4, BGRA) and point clouds (CV_16SC3 in mm, or CV_32FC3 in metres).
 *
 * <p>The Mats returned (except {@link #toMeters}' and {@link #pointCloudInMeters}' CV_32FC3 ones) are views of
 * new k4a images, without copying: each holds its image's reference, given back when the Mat is collected (see
 * {@link ImageMats#asMat}); no {@code Image} is left for the caller to close. Since that memory goes back only
 * after a garbage collection, a loop over many frames should rather use the {@code ...Into} variants, which
 * write into a Mat the caller keeps (allocated by OpenCV on first use, reused while its size and type fit):
 * no allocation per frame and still no copy, the transformation writing straight into the Mat's memory.
 *
 * <p>Inputs may be {@link Image}s or Mats; a Mat input is wrapped without copying
 * ({@link ImageMats#toImage(Mat, org.k4a4j.ImageFormat)}) and must be continuous (the transformation functions need rows without
 * padding).
 */
public final class TransformationMats {
    private TransformationMats() {
    }

    /**
     * The depth image seen from the colour camera, as a CV_16UC1 Mat (mm, 0 where no depth maps) of the colour
     * camera's size.
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @return a new CV_16UC1 Mat (mm) of the colour camera's size, which the caller closes
     */
    public static Mat depthAlignedToColor(Transformation transformation, Image depth) {
        requireTransformation(transformation);
        try (Image out = transformation.depthToColor(depth)) {
            return ImageMats.asMat(out);
        }
    }

    /**
     * {@link #depthAlignedToColor(Transformation, Image)} into {@code out}, which becomes (or stays) a CV_16UC1
     * Mat of the colour camera's size; returns {@code out}.
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param out the Mat to fill (reallocated when its size or type differs)
     * @return {@code out}
     */
    public static Mat depthAlignedToColorInto(Transformation transformation, Image depth, Mat out) {
        requireTransformation(transformation);
        Calibration.Camera color = transformation.getCalibration().getColorCamera();
        try (Image target = target(out, color.getResolutionHeight(), color.getResolutionWidth(), CV_16UC1,
                ImageFormat.DEPTH16)) {
            transformation.depthToColorInto(depth, target);
        }
        return out;
    }

    /**
     * {@link #depthAlignedToColor(Transformation, Image)} of a CV_16UC1 depth Mat (mm).
     *
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @return a new Mat the caller closes
     */
    public static Mat depthAlignedToColor(Transformation transformation, Mat depth) {
        requireTransformation(transformation);
        try (Image in = ImageMats.toImage(requireMat(depth, "depth"), ImageFormat.DEPTH16)) {
            return depthAlignedToColor(transformation, in);
        }
    }

    /**
     * The colour image seen from the depth camera, as a CV_8UC4 (BGRA) Mat of the depth image's size, 0 where
     * no colour maps.
     *
     * @param color a BGRA32 image of the colour camera's size
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @return a new CV_8UC4 (BGRA) Mat of the depth image's size, which the caller closes
     */
    public static Mat colorAlignedToDepth(Transformation transformation, Image depth, Image color) {
        requireTransformation(transformation);
        try (Image out = transformation.colorToDepth(depth, color)) {
            return ImageMats.asMat(out);
        }
    }

    /**
     * {@link #colorAlignedToDepth(Transformation, Image, Image)} into {@code out}, which becomes (or stays) a
     * CV_8UC4 Mat of the depth image's size; returns {@code out}.
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param color a BGRA32 image of the colour camera's size
     * @param out the Mat to fill (reallocated when its size or type differs)
     * @return {@code out}
     */
    public static Mat colorAlignedToDepthInto(Transformation transformation, Image depth, Image color, Mat out) {
        requireTransformation(transformation);
        if (depth == null) {
            throw new NullPointerException("depth is null");
        }
        try (Image target = target(out, depth.getHeightPixels(), depth.getWidthPixels(), CV_8UC4,
                ImageFormat.COLOR_BGRA32)) {
            transformation.colorToDepthInto(depth, color, target);
        }
        return out;
    }

    /**
     * {@link #colorAlignedToDepth(Transformation, Image, Image)} of a CV_16UC1 depth Mat and a CV_8UC4 BGRA Mat.
     *
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param colorBgra a CV_8UC4 Mat of the colour camera's size
     * @return a new Mat the caller closes
     */
    public static Mat colorAlignedToDepth(Transformation transformation, Mat depth, Mat colorBgra) {
        requireTransformation(transformation);
        try (Image d = ImageMats.toImage(requireMat(depth, "depth"), ImageFormat.DEPTH16);
             Image c = ImageMats.toImage(requireMat(colorBgra, "colorBgra"), ImageFormat.COLOR_BGRA32)) {
            return colorAlignedToDepth(transformation, d, c);
        }
    }

    /**
     * The point cloud of a depth image as a CV_16SC3 Mat (x, y, z in mm per pixel; 0, 0, 0 without depth),
     * without copying.
     *
     * @param camera DEPTH for a depth image of the depth camera, or COLOR for one aligned to the colour camera
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @return a new CV_16SC3 Mat (mm) the caller closes
     */
    public static Mat pointCloud(Transformation transformation, Image depth, CalibrationType camera) {
        requireTransformation(transformation);
        try (Image out = transformation.pointCloud(depth, camera)) {
            return ImageMats.asMat(out);
        }
    }

    /**
     * {@link #pointCloud(Transformation, Image, CalibrationType)} into {@code out}, which becomes (or stays) a CV_16SC3 Mat
     * of the depth image's size; returns {@code out}.
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param camera DEPTH or COLOR
     * @param out the Mat to fill (reallocated when its size or type differs)
     * @return {@code out}
     */
    public static Mat pointCloudInto(Transformation transformation, Image depth, CalibrationType camera, Mat out) {
        requireTransformation(transformation);
        if (depth == null) {
            throw new NullPointerException("depth is null");
        }
        try (Image target = target(out, depth.getHeightPixels(), depth.getWidthPixels(), CV_16SC3,
                ImageFormat.CUSTOM)) {
            transformation.pointCloudInto(depth, camera, target);
        }
        return out;
    }

    /**
     * {@link #pointCloud(Transformation, Image, CalibrationType)} of a CV_16UC1 depth Mat (mm).
     *
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param camera DEPTH or COLOR
     * @return a new Mat the caller closes
     */
    public static Mat pointCloud(Transformation transformation, Mat depth, CalibrationType camera) {
        requireTransformation(transformation);
        try (Image in = ImageMats.toImage(requireMat(depth, "depth"), ImageFormat.DEPTH16)) {
            return pointCloud(transformation, in, camera);
        }
    }

    /**
     * The point cloud as a new CV_32FC3 Mat in metres (a converted copy).
     *
     * @param transformation a transformation (not closed)
     * @param depth a DEPTH16 image of the depth camera's size
     * @param camera DEPTH or COLOR
     * @return the point cloud as a new CV_32FC3 Mat in metres (a converted copy)
     */
    public static Mat pointCloudInMeters(Transformation transformation, Image depth, CalibrationType camera) {
        Mat mm = pointCloud(transformation, depth, camera);
        try {
            return toMeters(mm);
        } finally {
            mm.close();
        }
    }

    /**
     * A CV_16SC3 point cloud in millimetres converted to a new CV_32FC3 Mat in metres.
     *
     * @param cloudMm a CV_16SC3 point cloud in millimetres
     * @return a CV_16SC3 point cloud in millimetres converted to a new CV_32FC3 Mat in metres
     * @throws IllegalArgumentException for another Mat type
     */
    public static Mat toMeters(Mat cloudMm) {
        requireMat(cloudMm, "cloudMm");
        if (cloudMm.type() != CV_16SC3) {
            throw new IllegalArgumentException("a point cloud Mat is CV_16SC3 (type " + CV_16SC3 + "); this one has type "
                    + cloudMm.type());
        }
        Mat meters = new Mat();
        cloudMm.convertTo(meters, CV_32FC3, 0.001, 0.0);
        return meters;
    }

    /** Makes out a continuous Mat of this size and type (OpenCV keeps its memory when they fit) and wraps it. */
    private static Image target(Mat out, int rows, int cols, int type, ImageFormat format) {
        if (out == null) {
            throw new NullPointerException("out is null");
        }
        if (rows <= 0 || cols <= 0) {
            throw new IllegalStateException("no output size: " + cols + "x" + rows
                    + " (is the camera off in this calibration?)");
        }
        if (out.rows() != rows || out.cols() != cols || out.type() != type || !out.isContinuous()) {
            out.create(rows, cols, type);
        }
        return ImageMats.toImage(out, format);
    }

    private static void requireTransformation(Transformation transformation) {
        if (transformation == null) {
            throw new NullPointerException("transformation is null");
        }
    }

    private static Mat requireMat(Mat mat, String name) {
        if (mat == null) {
            throw new NullPointerException(name + " is null");
        }
        return mat;
    }
}
