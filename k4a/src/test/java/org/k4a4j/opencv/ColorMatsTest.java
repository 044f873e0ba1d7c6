/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;
import org.k4a4j.TestData;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_JET;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Colour images of every format to BGR and BGRA in one call (checked on known pixels, and MJPG against the
 * playback's own conversion), and depth in false colour with black where there is no depth.
 */
class ColorMatsTest {
    private static Image filled(ImageFormat format, int w, int h, byte... pattern) {
        Image image = Image.create(format, w, h);
        ByteBuffer b = image.getBuffer();
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, pattern[i % pattern.length]);
        }
        return image;
    }

    private static int[] pixel(Mat m, int row, int col) {
        int cn = m.channels();
        int[] p = new int[cn];
        for (int c = 0; c < cn; c++) {
            p[c] = m.ptr(row, col).get(c) & 0xFF;
        }
        return p;
    }

    private static void assertGrey(Mat m, int value, String what) {
        int[] p = pixel(m, 1, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(value, p[c], 2, what + " channel " + c);
        }
    }

    @Test
    @DisplayName("BGRA32, NV12 and YUY2 images become BGR and BGRA Mats of their size with the right pixels")
    void uncompressed() {
        try (Image bgra = filled(ImageFormat.COLOR_BGRA32, 8, 4, (byte) 10, (byte) 20, (byte) 30, (byte) 255);
             Mat bgr = ColorMats.toBgr(bgra);
             Mat bgra2 = ColorMats.toBgra(bgra)) {
            assertEquals(CV_8UC3, bgr.type());
            assertEquals(8, bgr.cols());
            assertArrayEquals(new int[] {10, 20, 30}, pixel(bgr, 2, 3));
            assertEquals(CV_8UC4, bgra2.type());
            assertArrayEquals(new int[] {10, 20, 30, 255}, pixel(bgra2, 2, 3));
        }
        try (Image nv12 = filled(ImageFormat.COLOR_NV12, 8, 4, (byte) 128);
             Mat bgr = ColorMats.toBgr(nv12);
             Mat bgra = ColorMats.toBgra(nv12)) {
            assertEquals(4, bgr.rows(), "NV12: the image's height, not the buffer's 1.5x");
            assertGrey(bgr, 128, "NV12");
            assertEquals(CV_8UC4, bgra.type());
            assertEquals(255, pixel(bgra, 1, 1)[3]);
        }
        try (Image yuy2 = filled(ImageFormat.COLOR_YUY2, 8, 4, (byte) 128);
             Mat bgr = ColorMats.toBgr(yuy2)) {
            assertEquals(8, bgr.cols());
            assertGrey(bgr, 128, "YUY2");
        }
        try (Image depth = Image.create(ImageFormat.DEPTH16, 8, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorMats.toBgr(depth));
            assertTrue(e.getMessage().contains("falseColor"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> ColorMats.toBgr(null));
    }

    @Test
    @DisplayName("an MJPG frame becomes the BGR picture the playback's own BGRA conversion gives (within JPEG decoders' rounding)")
    void mjpg() {
        try (Playback stored = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"));
             Playback converted = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            converted.setColorConversion(ImageFormat.COLOR_BGRA32);
            Optional<Capture> a = stored.nextCapture();
            Optional<Capture> b = converted.nextCapture();
            try (Capture ca = a.get(); Capture cb = b.get();
                 Image mjpg = ca.getColorImage(); Image reference = cb.getColorImage()) {
                assertEquals(ImageFormat.COLOR_MJPG, mjpg.getFormat());
                try (Mat bgr = ColorMats.toBgr(mjpg);
                     ImageMat refBgra = ImageMats.asMat(reference);
                     Mat refBgr = new Mat();
                     Mat diff = new Mat()) {
                    cvtColor(refBgra, refBgr, COLOR_BGRA2BGR);
                    assertEquals(refBgr.cols(), bgr.cols());
                    assertEquals(refBgr.rows(), bgr.rows());
                    absdiff(bgr, refBgr, diff);
                    double meanDiff = (mean(diff).get(0) + mean(diff).get(1) + mean(diff).get(2)) / 3;
                    assertTrue(meanDiff < 2.0, "mean difference " + meanDiff);
                }
            }
        }
    }

    @Test
    @DisplayName("false colour spreads min..max over the colormap, clamps outside, and leaves no-depth pixels black")
    void falseColor() {
        try (Image depth = Image.create(ImageFormat.DEPTH16, 4, 1)) {
            ByteBuffer b = depth.getBuffer().order(java.nio.ByteOrder.nativeOrder());
            short[] values = {0, 500, 4000, 6000};
            for (int i = 0; i < 4; i++) {
                b.putShort(2 * i, values[i]);
            }
            try (Mat colored = ColorMats.falseColor(depth, 500, 4000, COLORMAP_JET)) {
                assertEquals(CV_8UC3, colored.type());
                assertArrayEquals(new int[] {0, 0, 0}, pixel(colored, 0, 0), "no depth: black");
                assertArrayEquals(pixel(colored, 0, 2), pixel(colored, 0, 3), "above max: clamped");
                assertFalse(java.util.Arrays.equals(pixel(colored, 0, 1), pixel(colored, 0, 2)), "min and max differ");
                assertFalse(java.util.Arrays.equals(new int[] {0, 0, 0}, pixel(colored, 0, 1)), "min is not black");
            }
            assertThrows(IllegalArgumentException.class, () -> ColorMats.falseColor(depth, 10, 10, COLORMAP_JET));
        }
        try (Image bgra = Image.create(ImageFormat.COLOR_BGRA32, 4, 1)) {
            assertThrows(IllegalArgumentException.class, () -> ColorMats.falseColor(bgra, 0, 10, COLORMAP_JET));
        }
    }
}
