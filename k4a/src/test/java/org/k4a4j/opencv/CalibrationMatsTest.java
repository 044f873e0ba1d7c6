/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.Calibration;
import org.k4a4j.CalibrationType;
import org.k4a4j.Float2;
import org.k4a4j.Float3;
import org.k4a4j.Playback;
import org.k4a4j.TestData;

import static org.bytedeco.opencv.global.opencv_calib3d.projectPoints;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC3;
import static org.junit.jupiter.api.Assertions.*;

/**
 * OpenCV's projection with {@link CalibrationMats} against k4a's own: {@code cv::projectPoints} of points in
 * front of each camera agrees with {@code k4a_calibration_3d_to_2d} within 0.01 px over the camera's valid
 * image, for the depth and colour cameras of a real recording and of every calibration of the test data.
 */
class CalibrationMatsTest {
    private static final int GRID = 40;

    /** The largest disagreement (px) over a grid of valid pixels of the camera; also checks the count. */
    private static double maxError(Calibration c, CalibrationType type, String what) {
        Calibration.Camera camera = type == CalibrationType.DEPTH ? c.getDepthCamera() : c.getColorCamera();
        int w = camera.getResolutionWidth();
        int h = camera.getResolutionHeight();
        double[] points = new double[3 * GRID * GRID];
        double[] want = new double[2 * GRID * GRID];
        int n = 0;
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                Float2 pixel = new Float2((gx + 0.5f) * w / GRID, (gy + 0.5f) * h / GRID);
                Float3 p = c.convert2dTo3d(pixel, 1000f, type, type);
                if (p == null) {
                    continue;
                }
                Float2 k4a = c.convert3dTo2d(p, type, type);
                if (k4a == null) {
                    continue;
                }
                points[3 * n] = p.x();
                points[3 * n + 1] = p.y();
                points[3 * n + 2] = p.z();
                want[2 * n] = k4a.x();
                want[2 * n + 1] = k4a.y();
                n++;
            }
        }
        assertTrue(n > GRID * GRID / 2, what + ": most of the image is valid (" + n + ")");
        double max = 0;
        try (Mat object = new Mat(n, 1, CV_64FC3);
             Mat rvec = new Mat(3, 1, CV_64FC1, org.bytedeco.opencv.opencv_core.Scalar.all(0));
             Mat tvec = new Mat(3, 1, CV_64FC1, org.bytedeco.opencv.opencv_core.Scalar.all(0));
             Mat k = CalibrationMats.cameraMatrix(camera);
             Mat d = CalibrationMats.distortionCoefficients(camera);
             Mat projected = new Mat()) {
            new DoublePointer(object.data()).put(points, 0, 3 * n);
            projectPoints(object, rvec, tvec, k, d, projected);
            assertEquals(n, projected.total());
            DoubleBuffer got = projected.data().capacity(16L * n).asByteBuffer().order(ByteOrder.nativeOrder())
                    .asDoubleBuffer();
            for (int i = 0; i < n; i++) {
                double e = Math.hypot(got.get(2 * i) - want[2 * i], got.get(2 * i + 1) - want[2 * i + 1]);
                max = Math.max(max, e);
            }
        }
        return max;
    }

    @Test
    @DisplayName("cv::projectPoints with the camera matrix and 8 coefficients agrees with k4a_calibration_3d_to_2d within 0.01 px")
    void projectPointsAgrees() {
        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            Calibration c = playback.getCalibration();
            for (CalibrationType type : new CalibrationType[] {CalibrationType.DEPTH, CalibrationType.COLOR}) {
                double e = maxError(c, type, "pyk4a " + type);
                assertTrue(e <= 0.01, "pyk4a " + type + ": max error " + e + " px");
            }
        }
    }

    @Test
    @DisplayName("the camera matrix and the coefficients are k4a's parameters in OpenCV's places")
    void layout() {
        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            Calibration.Camera cam = playback.getCalibration().getColorCamera();
            Calibration.Intrinsics i = cam.getIntrinsics();
            try (Mat k = CalibrationMats.cameraMatrix(cam); Mat d = CalibrationMats.distortionCoefficients(cam)) {
                DoublePointer kp = new DoublePointer(k.data());
                assertEquals(i.fx(), kp.get(0), 0);
                assertEquals(i.cx(), kp.get(2), 0);
                assertEquals(i.fy(), kp.get(4), 0);
                assertEquals(i.cy(), kp.get(5), 0);
                assertEquals(1, kp.get(8), 0);
                DoublePointer dp = new DoublePointer(d.data());
                assertEquals(8, d.total());
                assertEquals(i.k(1), dp.get(0), 0);
                assertEquals(i.k(2), dp.get(1), 0);
                assertEquals(i.k(3), dp.get(4), 0);
                assertEquals(i.k(6), dp.get(7), 0);
            }
            try (CalibrationMats.Maps maps = CalibrationMats.undistortionMaps(cam);
                 Mat src = new Mat(cam.getResolutionHeight(), cam.getResolutionWidth(),
                         org.bytedeco.opencv.global.opencv_core.CV_8UC1, org.bytedeco.opencv.opencv_core.Scalar.all(200));
                 Mat out = maps.apply(src)) {
                assertEquals(cam.getResolutionWidth(), maps.x().cols());
                assertEquals(src.size().width(), out.cols());
                // the centre maps (almost) to itself: the principal point has no distortion
                float mx = maps.x().ptr(Math.round(i.cy())).getFloat(4L * Math.round(i.cx()));
                assertEquals(Math.round(i.cx()), mx, 1.0);
                assertEquals(200, out.ptr(Math.round(i.cy())).get(Math.round(i.cx())) & 0xFF);
            }
        }
    }
}
