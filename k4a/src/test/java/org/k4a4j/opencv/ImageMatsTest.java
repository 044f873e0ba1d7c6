/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.k4a4j.ImageFormat;
import java.util.Arrays;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.k4a4j.CountingAllocator;
import org.k4a4j.CountingAllocatorExtension;
import org.k4a4j.Image;
import org.k4a4j.K4aException;

import static org.bytedeco.opencv.global.opencv_core.*;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** Images as Mats and Mats as images: types, strides, zero copy, decoding, refusals. */
@ExtendWith(CountingAllocatorExtension.class)
class ImageMatsTest {
    /** format, Mat type, bytes per pixel, bytes per channel */
    private static final int[][] FORMATS = {
        {K4A_IMAGE_FORMAT_DEPTH16, CV_16UC1, 2, 2},
        {K4A_IMAGE_FORMAT_IR16, CV_16UC1, 2, 2},
        {K4A_IMAGE_FORMAT_CUSTOM16, CV_16UC1, 2, 2},
        {K4A_IMAGE_FORMAT_COLOR_BGRA32, CV_8UC4, 4, 1},
        {K4A_IMAGE_FORMAT_CUSTOM8, CV_8UC1, 1, 1},
        {K4A_IMAGE_FORMAT_COLOR_NV12, CV_8UC1, 1, 1},
        {K4A_IMAGE_FORMAT_COLOR_YUY2, CV_8UC2, 2, 1},
        {K4A_IMAGE_FORMAT_CUSTOM, CV_16SC3, 6, 2},
    };

    private static long imageBuffer(Image image) {
        return k4a_image_get_buffer(image.handle()).address();
    }

    @Test
    @DisplayName("asMat maps every format to its Mat type over the image's own memory, minimum and padded strides, writes seen both ways")
    void asMatIsZeroCopyForEveryFormat() {
        for (int[] f : FORMATS) {
            int width = 10;
            int height = 6;
            int minStride = width * f[2];
            for (int stride : new int[] {minStride, minStride + 2 * f[3] * 3}) {
                String what = "format " + f[0] + ", stride " + stride;
                try (Image image = Image.create(ImageFormat.of(f[0]), width, height, stride)) {
                    int rows = f[0] == ImageFormat.COLOR_NV12.value() ? height * 3 / 2 : height;
                    Mat mat = ImageMats.asMat(image);
                    assertEquals(f[1], mat.type(), what);
                    assertEquals(rows, mat.rows(), what);
                    assertEquals(width, mat.cols(), what);
                    assertEquals(stride, mat.step(), "the Mat's step is the image's stride, " + what);
                    assertEquals(stride == minStride, mat.isContinuous(), what);
                    assertEquals(imageBuffer(image), mat.data().address(), "no copy: the same memory, " + what);

                    // a write through the Mat is seen in the image at row * stride + col * pixel size
                    int row = rows - 1;
                    int col = width - 1;
                    long offset = (long) row * stride + (long) col * f[2];
                    mat.ptr(row, col).put(0, (byte) 0x5A);
                    try (BytePointer pixels = image.getBufferPointer()) {
                        assertEquals(0x5A, pixels.get(offset), what);
                        // and a write through the image is seen through the Mat
                        pixels.put(stride + f[2], (byte) 0x33);
                        assertEquals(0x33, mat.ptr(1, 1).get(0), what);

                        // OpenCV writes every pixel of every row, and nothing of the padding
                        pixels.fill(0xAB);
                        mat.put(new Scalar(7.0, 7.0, 7.0, 7.0));
                        for (int r = 0; r < rows; r++) {
                            assertEquals(7, pixels.get((long) r * stride), "first channel of row " + r + ", " + what);
                            for (long b = (long) r * stride + minStride; b < (long) (r + 1) * stride; b++) {
                                assertEquals((byte) 0xAB, pixels.get(b), "padding untouched, " + what);
                            }
                        }
                    }
                    mat.close();
                }
            }
        }
    }

    @Test
    @DisplayName("a CUSTOM point cloud is CV_16SC3: signed x, y, z per pixel")
    void pointCloudIsSigned() {
        try (Image cloud = Image.create(ImageFormat.CUSTOM, 4, 3, 4 * 6)) {
            java.nio.ShortBuffer xyz = cloud.getShortBuffer();
            int pixel = 1 * 4 + 2; // row 1, column 2
            xyz.put(pixel * 3, (short) -1200).put(pixel * 3 + 1, (short) 35).put(pixel * 3 + 2, (short) 2500);
            Mat mat = ImageMats.asMat(cloud);
            org.bytedeco.javacpp.indexer.ShortIndexer indexer = mat.createIndexer();
            assertEquals(-1200, indexer.get(1, 2, 0));
            assertEquals(35, indexer.get(1, 2, 1));
            assertEquals(2500, indexer.get(1, 2, 2));
            indexer.close();
            mat.close();
        }
    }

    @Test
    @DisplayName("asMat refuses MJPG (pointing to decode) and strides a Mat cannot have, with messages")
    void asMatRefuses() {
        try (Image jpeg = Image.wrap(ImageFormat.COLOR_MJPG, 8, 8, 0, java.nio.ByteBuffer.allocateDirect(64))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.asMat(jpeg));
            assertTrue(e.getMessage().contains("decode"), e.getMessage());
        }
        try (Image odd = Image.create(ImageFormat.DEPTH16, 16, 4, 33)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.asMat(odd));
            assertTrue(e.getMessage().contains("multiple of 2"), e.getMessage());
        }
        try (Image narrow = Image.create(ImageFormat.CUSTOM, 10, 4, 40)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.asMat(narrow));
            assertTrue(e.getMessage().contains("at least 60"), e.getMessage());
        }
        Image closed = Image.create(ImageFormat.DEPTH16, 4, 4);
        closed.close();
        assertThrows(IllegalStateException.class, () -> ImageMats.asMat(closed));
        assertThrows(NullPointerException.class, () -> ImageMats.asMat(null));
    }

    @Test
    @DisplayName("decode turns an MJPG image into a BGR Mat; non-JPEG data and other formats are refused")
    void decodeMjpg() {
        Mat bgr = new Mat(48, 64, CV_8UC3, new Scalar(200.0, 100.0, 50.0, 0.0));
        BytePointer jpeg = new BytePointer();
        assertTrue(imencode(new BytePointer(".jpg"), bgr, jpeg));
        try (Image image = Image.wrap(ImageFormat.COLOR_MJPG, 64, 48, 0, jpeg, jpeg.limit(), null, null)) {
            Mat decoded = ImageMats.decode(image);
            assertEquals(CV_8UC3, decoded.type());
            assertEquals(48, decoded.rows());
            assertEquals(64, decoded.cols());
            org.bytedeco.javacpp.indexer.UByteIndexer px = decoded.createIndexer();
            assertEquals(200, px.get(10, 10, 0), 4.0);
            assertEquals(100, px.get(10, 10, 1), 4.0);
            assertEquals(50, px.get(10, 10, 2), 4.0);
            px.close();
            decoded.close();
        }
        BytePointer garbage = new BytePointer(256).fill(0x11);
        try (Image image = Image.wrap(ImageFormat.COLOR_MJPG, 64, 48, 0, garbage, 256, null, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.decode(image));
            assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
        }
        try (Image depth = Image.create(ImageFormat.DEPTH16, 4, 4)) {
            assertThrows(IllegalArgumentException.class, () -> ImageMats.decode(depth));
        }
        bgr.close();
    }

    @Test
    @DisplayName("toImage wraps every supported Mat type over the Mat's memory, with the step as stride, writes seen both ways")
    void toImageIsZeroCopyForEveryFormat() {
        for (int[] f : FORMATS) {
            int rows = f[0] == K4A_IMAGE_FORMAT_COLOR_NV12 ? 12 : 8;
            Mat mat = new Mat(rows, 10, f[1], new Scalar(0.0));
            String what = "format " + f[0];
            try (Image image = ImageMats.toImage(mat, ImageFormat.of(f[0]))) {
                assertEquals(f[0], image.getFormat().value(), what);
                assertEquals(10, image.getWidthPixels(), what);
                assertEquals(f[0] == K4A_IMAGE_FORMAT_COLOR_NV12 ? 8 : rows, image.getHeightPixels(), what);
                assertEquals(mat.step(), image.getStrideBytes(), what);
                assertEquals(mat.data().address(), imageBuffer(image), "no copy, " + what);
                try (BytePointer pixels = image.getBufferPointer()) {
                    pixels.put(mat.step() * 2 + f[2], (byte) 0x42);
                    assertEquals(0x42, mat.ptr(2, 1).get(0), what);
                    mat.ptr(3, 2).put(0, (byte) 0x24);
                    assertEquals(0x24, pixels.get(mat.step() * 3 + 2L * f[2]), what);
                }
            }
            mat.close();
        }
        // without a format, the Mat type picks one
        int[][] defaults = {{CV_16UC1, K4A_IMAGE_FORMAT_DEPTH16}, {CV_8UC4, K4A_IMAGE_FORMAT_COLOR_BGRA32},
            {CV_8UC1, K4A_IMAGE_FORMAT_CUSTOM8}, {CV_8UC2, K4A_IMAGE_FORMAT_COLOR_YUY2}, {CV_16SC3, K4A_IMAGE_FORMAT_CUSTOM}};
        for (int[] d : defaults) {
            Mat mat = new Mat(4, 4, d[0]);
            try (Image image = ImageMats.toImage(mat)) {
                assertEquals(d[1], image.getFormat().value());
            }
            mat.close();
        }
    }

    @Test
    @DisplayName("toImage of an ROI keeps the parent's step as stride and shares the parent's memory")
    void toImageOfRoi() {
        Mat parent = new Mat(100, 100, CV_16UC1, new Scalar(0.0));
        Mat roi = parent.apply(new Rect(10, 20, 30, 40));
        assertFalse(roi.isContinuous());
        try (Image image = ImageMats.toImage(roi, ImageFormat.DEPTH16)) {
            assertEquals(30, image.getWidthPixels());
            assertEquals(40, image.getHeightPixels());
            assertEquals(200, image.getStrideBytes());
            assertEquals(roi.data().address(), imageBuffer(image));
            try (BytePointer pixels = image.getBufferPointer()) {
                pixels.putShort(200 * 5 + 2 * 3, (short) 777); // row 5, column 3 of the ROI
            }
            assertEquals(777, parent.ptr(25, 13).getShort(0), "seen at row 25, column 13 of the parent");
        }
        roi.close();
        parent.close();
    }

    @Test
    @DisplayName("toImage refuses empty, released and 3-D Mats, unsupported types and channel counts, and format mismatches, with messages")
    void toImageRefuses() {
        assertThrows(NullPointerException.class, () -> ImageMats.toImage(null));
        assertRefused(new Mat(), ImageFormat.DEPTH16, "empty");
        Mat released = new Mat(4, 4, CV_16UC1);
        released.close();
        assertRefused(released, ImageFormat.DEPTH16, "empty");
        Mat cube = new Mat(3, new int[] {2, 3, 4}, CV_8UC1);
        assertRefused(cube, ImageFormat.CUSTOM8, "3 dimensions");
        Mat bgr = new Mat(4, 4, CV_8UC3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.toImage(bgr));
        assertTrue(e.getMessage().contains("CV_8UC3"), e.getMessage());
        Mat floats = new Mat(4, 4, CV_32FC1);
        e = assertThrows(IllegalArgumentException.class, () -> ImageMats.toImage(floats));
        assertTrue(e.getMessage().contains("CV_32FC1"), e.getMessage());
        Mat depth = new Mat(4, 4, CV_16UC1);
        assertRefused(depth, ImageFormat.COLOR_BGRA32, "CV_16UC1 (1 channels)", "needs CV_8UC4");
        assertRefused(bgr, ImageFormat.COLOR_BGRA32, "3 channels");
        assertRefused(depth, ImageFormat.COLOR_MJPG, "compressed");
        Mat nv12 = new Mat(10, 8, CV_8UC1);
        assertRefused(nv12, ImageFormat.COLOR_NV12, "multiple of 3");
        Mat parent = new Mat(10, 10, CV_8UC1);
        Mat bottomRight = parent.apply(new Rect(5, 5, 5, 5));
        assertRefused(bottomRight, ImageFormat.CUSTOM8, "clone()");
        for (Mat m : Arrays.asList(cube, bgr, floats, depth, nv12, bottomRight, parent)) {
            m.close();
        }
    }

    @Tag("k4a4j-native") // k4a4j's size limit and wording
    @Test
    @DisplayName("libk4a's own limits come back from toImage as a K4aException with its message")
    void toImageLibraryLimits() {
        Mat wide = new Mat(1, 20001, CV_8UC1);
        K4aException k = assertThrows(K4aException.class, () -> ImageMats.toImage(wide));
        assertTrue(k.getMessage().contains("width_pixels 20001"), k.getMessage());
        wide.close();
    }

    private static void assertRefused(Mat mat, ImageFormat format, String... said) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageMats.toImage(mat, format));
        for (String s : said) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
    }
}
