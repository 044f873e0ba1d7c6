/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.samples;

import java.io.File;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.k4a4j.ImageFormat;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.K4a;
import org.k4a4j.opencv.ImageMats;

import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.*;
import static org.k4a4j.global.k4a.*;

/**
 * Makes a synthetic depth frame in a k4a DEPTH16 image, draws into it and colourises it into a k4a
 * BGRA32 image with OpenCV, both images seen as Mats without copying, and writes PNGs.
 *
 * <p>Usage: {@code DepthToColor [output directory]} (default {@code out}).
 */
public final class DepthToColor {
    private static final int WIDTH = 640;   // the NFOV unbinned depth mode's size
    private static final int HEIGHT = 576;
    private static final int NEAR_MM = 500;
    private static final int FAR_MM = 4500;

    private DepthToColor() {
    }

    public static void main(String[] args) {
        File outDir = new File(args.length > 0 ? args[0] : "out");
        if (!outDir.isDirectory() && !outDir.mkdirs()) {
            throw new IllegalStateException("cannot create " + outDir.getAbsolutePath());
        }
        System.out.println("k4a4j " + K4a.VERSION + ": " + K4a.installedDeviceCount() + " Azure Kinect device(s) installed");

        try (Image depth = Image.create(ImageFormat.DEPTH16, WIDTH, HEIGHT);
             Image color = Image.create(ImageFormat.COLOR_BGRA32, WIDTH, HEIGHT);
             Capture capture = Capture.create()) {
            depth.setDeviceTimestampUsec(1_000_000);
            Mat depthMat = ImageMats.asMat(depth);
            Mat colorMat = ImageMats.asMat(color);
            System.out.println("created " + depth + " and " + color);
            System.out.println("wrapped them as Mats without copying: DEPTH16 -> CV_16UC1 (step " + depthMat.step()
                    + "), BGRA32 -> CV_8UC4 (step " + colorMat.step() + ")");

            // a depth gradient, far to the right and to the bottom
            UShortIndexer mm = depthMat.createIndexer();
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    mm.put(y, x, NEAR_MM + (FAR_MM - NEAR_MM) * (x + y) / (WIDTH + HEIGHT - 2));
                }
            }
            mm.close();
            // a near ball and a box halfway, drawn by OpenCV straight into the k4a image
            circle(depthMat, new Point(200, 300), 110, new Scalar(900.0), -1, LINE_AA, 0);
            rectangle(depthMat, new Rect(400, 120, 160, 200), new Scalar(2000.0), -1, LINE_8, 0);
            System.out.println("drew a depth gradient (" + NEAR_MM + ".." + FAR_MM + " mm), a ball at 900 mm and a box at "
                    + "2000 mm into the DEPTH16 image");

            // colourise into the BGRA32 image: OpenCV writes into k4a's memory (the Mat has the right size and type)
            Mat depth8 = new Mat();
            Mat bgr = new Mat();
            convertScaleAbs(depthMat, depth8, 255.0 / (FAR_MM - NEAR_MM), -255.0 * NEAR_MM / (FAR_MM - NEAR_MM));
            applyColorMap(depth8, bgr, COLORMAP_TURBO);
            long before = colorMat.data().address();
            cvtColor(bgr, colorMat, COLOR_BGR2BGRA);
            if (colorMat.data().address() != before) {
                throw new IllegalStateException("OpenCV reallocated the Mat instead of writing into the image");
            }
            putText(colorMat, "k4a4j " + K4a.VERSION + "  DEPTH16 -> BGRA32, zero copy", new Point(20, 40),
                    FONT_HERSHEY_SIMPLEX, 0.8, new Scalar(0.0, 0.0, 0.0, 255.0), 4, LINE_AA, false);
            putText(colorMat, "k4a4j " + K4a.VERSION + "  DEPTH16 -> BGRA32, zero copy", new Point(20, 40),
                    FONT_HERSHEY_SIMPLEX, 0.8, new Scalar(255.0, 255.0, 255.0, 255.0), 2, LINE_AA, false);
            putText(colorMat, "ball 900 mm", new Point(140, 305), FONT_HERSHEY_SIMPLEX, 0.7,
                    new Scalar(255.0, 255.0, 255.0, 255.0), 2, LINE_AA, false);
            putText(colorMat, "box 2000 mm", new Point(412, 225), FONT_HERSHEY_SIMPLEX, 0.6,
                    new Scalar(255.0, 255.0, 255.0, 255.0), 2, LINE_AA, false);
            System.out.println("colourised it with COLORMAP_TURBO into the BGRA32 image and wrote text on it");

            // the same pixel through k4a's buffer and through the Mat
            UByteIndexer px = colorMat.createIndexer();
            int x = 200;
            int y = 300;
            int offset = y * color.getStrideBytes() + x * 4;
            byte viaK4a = color.getBuffer().get(offset);
            System.out.println("pixel (" + x + ", " + y + "): blue " + px.get(y, x, 0) + " through the Mat, "
                    + (viaK4a & 0xFF) + " through the k4a buffer (the same memory)");
            px.close();

            // a capture holds both; what it returns is the same native image
            capture.setDepthImage(depth);
            capture.setColorImage(color);
            capture.setTemperatureC(31.5f);
            try (Image fromCapture = capture.getDepthImage()) {
                UShortIndexer back = ImageMats.asMat(fromCapture).createIndexer();
                System.out.println("capture at " + capture.getTemperatureC() + " C holds the depth image (timestamp "
                        + fromCapture.getDeviceTimestampUsec() + " us): depth at the ball centre " + back.get(300, 200)
                        + " mm");
                back.close();
            }

            File colorPng = new File(outDir, "k4a4j-depth-colour.png");
            File depthPng = new File(outDir, "k4a4j-depth16.png");
            if (!imwrite(colorPng.getPath(), colorMat) || !imwrite(depthPng.getPath(), depthMat)) {
                throw new IllegalStateException("OpenCV could not write the PNGs to " + outDir.getAbsolutePath());
            }
            System.out.println("wrote " + colorPng.getAbsolutePath() + " (" + colorPng.length() + " bytes, BGRA)");
            System.out.println("wrote " + depthPng.getAbsolutePath() + " (" + depthPng.length() + " bytes, 16-bit depth in mm)");
            depth8.close();
            bgr.close();
        }
    }
}
