/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.k4a4j.Calibration;

import static org.bytedeco.opencv.global.opencv_calib3d.initUndistortRectifyMap;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.remap;

/**
 * A k4a camera calibration in OpenCV's terms: the camera matrix, the distortion coefficients in OpenCV's
 * order (k1, k2, p1, p2, k3, k4, k5, k6: the rational model of {@code cv::projectPoints} and
 * {@code cv::undistort}), and undistortion and rectification maps. Every method returns new Mats, which the
 * caller closes.
 *
 * <p><b>The lens model.</b> k4a's pixels and OpenCV's share the convention (0, 0) = centre of the top-left
 * pixel, and the radial terms are the same, so {@code fx, fy, cx, cy, k1..k6} carry over as they are. The
 * tangential terms of k4a's Brown-Conrady model are OpenCV's ({@code p1, p2} as they are). k4a's
 * Rational 6KT model writes the {@code xy} tangential terms without OpenCV's factor 2, which no choice of
 * OpenCV's {@code p1, p2} reproduces exactly; they are fitted by least squares (in pixels) over the camera's
 * valid image (the unit-plane disc of the metric radius), which keeps {@code cv::projectPoints} within a few
 * thousandths of a pixel of {@code k4a_calibration_3d_to_2d} for the Azure Kinect's small tangential terms.
 * A centre of distortion ({@code codx, cody}) has no OpenCV counterpart; the Azure Kinect's are 0. OpenCV has
 * no metric radius either: outside it, k4a calls a point invalid where OpenCV still projects it.
 */
public final class CalibrationMats {
    private static final int RATIONAL_6KT = 3;
    /** Sampling grid of the tangential fit, per axis. */
    private static final int FIT_GRID = 64;

    private CalibrationMats() {
    }

    /**
     * @param camera a camera of a calibration
     * @return its 3 x 3 CV_64F camera matrix {@code [fx 0 cx; 0 fy cy; 0 0 1]}, which the caller closes
     */
    public static Mat cameraMatrix(Calibration.Camera camera) {
        Calibration.Intrinsics i = intrinsics(camera);
        return doubles(3, 3, i.fx(), 0, i.cx(), 0, i.fy(), i.cy(), 0, 0, 1);
    }

    /**
     * @param camera a camera of a calibration
     * @return its 1 x 8 CV_64F distortion coefficients in OpenCV's order (k1, k2, p1, p2, k3, k4, k5, k6),
     *         which the caller closes (see the class comment for the tangential terms)
     */
    public static Mat distortionCoefficients(Calibration.Camera camera) {
        Calibration.Intrinsics i = intrinsics(camera);
        double[] p = tangential(camera);
        return doubles(1, 8, i.k(1), i.k(2), p[0], p[1], i.k(3), i.k(4), i.k(5), i.k(6));
    }

    /**
     * OpenCV's {@code p1, p2} for a camera: k4a's own for Brown-Conrady, a least-squares fit for Rational 6KT.
     *
     * @param camera a camera of a calibration
     * @return {p1, p2}
     */
    public static double[] tangential(Calibration.Camera camera) {
        Calibration.Intrinsics i = intrinsics(camera);
        double p1 = i.p1();
        double p2 = i.p2();
        if (i.getType() != RATIONAL_6KT) {
            return new double[] {p1, p2};
        }
        // k4a:    dx = (r2 + 2x2) p2 + xy p1           dy = (r2 + 2y2) p1 + xy p2
        // OpenCV: dx = (r2 + 2x2) b  + 2xy a           dy = (r2 + 2y2) a  + 2xy b
        // least squares of (fx ex, fy ey) over a grid of the valid unit-plane points, for (a, b)
        double fx2 = (double) i.fx() * i.fx();
        double fy2 = (double) i.fy() * i.fy();
        double r2max = (double) i.metricRadius() * i.metricRadius();
        int w = camera.getResolutionWidth();
        int h = camera.getResolutionHeight();
        double saa = 0;
        double sab = 0;
        double sbb = 0;
        double sa = 0;
        double sb = 0;
        for (int gy = 0; gy < FIT_GRID; gy++) {
            for (int gx = 0; gx < FIT_GRID; gx++) {
                double x = ((gx + 0.5) * w / FIT_GRID - i.cx()) / i.fx();
                double y = ((gy + 0.5) * h / FIT_GRID - i.cy()) / i.fy();
                double r2 = x * x + y * y;
                if (r2max > 0 && r2 > r2max) {
                    continue;
                }
                double xy = x * y;
                double tx = r2 + 2 * x * x;
                double ty = r2 + 2 * y * y;
                double wantX = tx * p2 + xy * p1;
                double wantY = ty * p1 + xy * p2;
                // ex = [2xy, tx].(a, b) - wantX ; ey = [ty, 2xy].(a, b) - wantY
                saa += fx2 * 4 * xy * xy + fy2 * ty * ty;
                sab += fx2 * 2 * xy * tx + fy2 * ty * 2 * xy;
                sbb += fx2 * tx * tx + fy2 * 4 * xy * xy;
                sa += fx2 * 2 * xy * wantX + fy2 * ty * wantY;
                sb += fx2 * tx * wantX + fy2 * 2 * xy * wantY;
            }
        }
        double det = saa * sbb - sab * sab;
        if (!(Math.abs(det) > 0)) {
            return new double[] {p1, p2};
        }
        return new double[] {(sa * sbb - sab * sb) / det, (saa * sb - sab * sa) / det};
    }

    /**
     * The maps that undistort images of a camera with {@code cv::remap}, keeping its camera matrix.
     *
     * @param camera a camera of a calibration
     * @return new maps of the camera's image size, which the caller closes
     */
    public static Maps undistortionMaps(Calibration.Camera camera) {
        try (Mat k = cameraMatrix(camera)) {
            return rectificationMaps(camera, null, k);
        }
    }

    /**
     * The maps that undistort and rectify images of a camera ({@code cv::initUndistortRectifyMap}).
     *
     * @param camera           a camera of a calibration
     * @param rotation         the 3 x 3 rectifying rotation (e.g. from {@code cv::stereoRectify}), or null for none
     * @param newCameraMatrix  the camera matrix of the output images (e.g. {@link #cameraMatrix} or one from
     *                         {@code cv::getOptimalNewCameraMatrix})
     * @return new CV_32FC1 maps of the camera's image size, which the caller closes
     */
    public static Maps rectificationMaps(Calibration.Camera camera, Mat rotation, Mat newCameraMatrix) {
        if (newCameraMatrix == null) {
            throw new NullPointerException("newCameraMatrix is null");
        }
        Mat x = new Mat();
        Mat y = new Mat();
        try (Mat k = cameraMatrix(camera);
             Mat d = distortionCoefficients(camera);
             Mat r = rotation == null ? new Mat() : new Mat(rotation);
             Size size = new Size(camera.getResolutionWidth(), camera.getResolutionHeight())) {
            initUndistortRectifyMap(k, d, r, newCameraMatrix, size, CV_32FC1, x, y);
        }
        return new Maps(x, y);
    }

    private static Calibration.Intrinsics intrinsics(Calibration.Camera camera) {
        if (camera == null) {
            throw new NullPointerException("camera is null");
        }
        return camera.getIntrinsics();
    }

    private static Mat doubles(int rows, int cols, double... values) {
        Mat m = new Mat(rows, cols, CV_64FC1);
        new DoublePointer(m.data()).put(values);
        return m;
    }

    /** A pair of {@code cv::remap} maps (x and y, CV_32FC1), owned: {@link #close()} closes both. */
    public static final class Maps implements AutoCloseable {
        private final Mat x;
        private final Mat y;

        Maps(Mat x, Mat y) {
            this.x = x;
            this.y = y;
        }

        /** @return the x map, owned by these maps */
        public Mat x() {
            return x;
        }

        /** @return the y map, owned by these maps */
        public Mat y() {
            return y;
        }

        /**
         * Remaps an image of the camera (bilinear; pixels mapped from outside it are 0).
         *
         * @param src an image of the camera's size (any type {@code cv::remap} takes)
         * @return a new Mat the caller closes
         */
        public Mat apply(Mat src) {
            if (src == null) {
                throw new NullPointerException("src is null");
            }
            Mat dst = new Mat();
            remap(src, dst, x, y, INTER_LINEAR);
            return dst;
        }

        /** Closes both maps. */
        @Override
        public void close() {
            x.close();
            y.close();
        }
    }
}
