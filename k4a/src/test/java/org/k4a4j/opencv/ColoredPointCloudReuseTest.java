/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Range;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;
import org.k4a4j.TestData;
import org.k4a4j.Transformation;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The reusable coloured point cloud ({@code create} + {@code update}) and its compaction on its own
 * ({@code compact}): the same points as a new cloud of each frame, in the same memory every frame; the C
 * compaction equal to a plain Java one on odd sizes and padded rows; and bad inputs refused with an exception
 * before any native code runs (the outputs untouched).
 */
class ColoredPointCloudReuseTest {
    private static final int W = 37; // not a multiple of the C loop's blocks of eight pixels
    private static final int H = 5;

    /** The bytes of the first {@code elements} elements of a continuous Mat. */
    private static byte[] bytes(Mat mat, long elements) {
        byte[] out = new byte[(int) (elements * mat.elemSize())];
        if (out.length > 0) {
            mat.data().capacity(out.length).asByteBuffer().get(out);
        }
        return out;
    }

    @Test
    @DisplayName("update refills one cloud frame after frame: the points of a new cloud of each frame, in the same memory")
    void updateEqualsNewCloudsInTheSameMemory() {
        // 320x288 depth, MJPG colour (converted by the cloud), many frames
        try (Playback playback = Playback.open(TestData.file("playback", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"));
             Transformation t = Transformation.create(playback.getCalibration());
             ColoredPointCloud cloud = ColoredPointCloud.create(t)) {
            assertEquals(0, cloud.size());
            assertEquals(320 * 288, cloud.capacity(), "room for every pixel of the NFOV 2x2 binned depth camera");
            long xyzAddress = -1;
            long bgrAddress = -1;
            int frames = 0;
            for (Optional<Capture> next = playback.nextCapture(); next.isPresent() && frames < 4;
                    next = playback.nextCapture()) {
                try (Capture c = next.get(); Image d = c.getDepthImage(); Image col = c.getColorImage()) {
                    if (d == null || col == null) {
                        continue;
                    }
                    Mat before = cloud.xyz();
                    assertSame(cloud, cloud.update(c));
                    assertTrue(before.isNull(), "the previous view is closed by the update");
                    try (ColoredPointCloud fresh = ColoredPointCloud.of(t, c)) {
                        assertEquals(fresh.size(), cloud.size());
                        assertTrue(cloud.size() > 0, "the frame has valid pixels");
                        assertEquals(cloud.size(), cloud.xyz().rows());
                        assertEquals(cloud.size(), cloud.bgr().rows());
                        assertArrayEquals(bytes(fresh.xyz(), fresh.size()), bytes(cloud.xyz(), cloud.size()));
                        assertArrayEquals(bytes(fresh.bgr(), fresh.size()), bytes(cloud.bgr(), cloud.size()));
                    }
                    if (frames == 0) {
                        xyzAddress = cloud.xyz().data().address();
                        bgrAddress = cloud.bgr().data().address();
                    }
                    assertEquals(xyzAddress, cloud.xyz().data().address(), "the points stay in the same memory");
                    assertEquals(bgrAddress, cloud.bgr().data().address(), "the colours stay in the same memory");
                    frames++;
                }
            }
            assertEquals(4, frames, "frames with depth and colour");
        }
    }

    /** A point-cloud image with runs of valid and invalid pixels, and colours; rows padded by {@code pad} bytes. */
    private static Image points(Random random, int pad) {
        Image image = Image.create(ImageFormat.CUSTOM, W, H, 6 * W + pad);
        ByteBuffer b = image.getBuffer().order(ByteOrder.nativeOrder());
        boolean valid = true;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (random.nextInt(12) == 0) { // runs of about 12: blocks of eight all valid, none valid and mixed
                    valid = !valid;
                }
                int at = y * (6 * W + pad) + 6 * x;
                b.putShort(at, (short) (random.nextInt(4000) - 2000));
                b.putShort(at + 2, (short) (random.nextInt(4000) - 2000));
                b.putShort(at + 4, valid ? (short) (1 + random.nextInt(30000)) : 0);
            }
        }
        return image;
    }

    private static Image colors(Random random, int pad) {
        Image image = Image.create(ImageFormat.COLOR_BGRA32, W, H, 4 * W + pad);
        ByteBuffer b = image.getBuffer();
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) random.nextInt(256));
        }
        return image;
    }

    @Test
    @DisplayName("compact: the valid pixels' XYZ and BGR in row order, as a plain Java loop finds them (odd width, padded rows)")
    void compactEqualsJava() {
        Random random = new Random(7);
        for (int pad : new int[] {0, 6, 10}) {
            try (Image p = points(random, pad); Image c = colors(random, 2 * pad);
                 Mat xyz = new Mat(W * H, 1, CV_32FC3); Mat bgr = new Mat(W * H, 1, CV_8UC3)) {
                ByteBuffer pb = p.getBuffer().order(ByteOrder.nativeOrder());
                ByteBuffer cb = c.getBuffer();
                ByteBuffer xyzOut = ByteBuffer.allocate(12 * W * H).order(ByteOrder.nativeOrder());
                ByteBuffer bgrOut = ByteBuffer.allocate(3 * W * H);
                int expected = 0;
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int at = y * p.getStrideBytes() + 6 * x;
                        if (pb.getShort(at + 4) == 0) {
                            continue;
                        }
                        for (int k = 0; k < 3; k++) {
                            xyzOut.putFloat(pb.getShort(at + 2 * k));
                            bgrOut.put(cb.get(y * c.getStrideBytes() + 4 * x + k));
                        }
                        expected++;
                    }
                }
                assertTrue(expected > W * H / 4 && expected < W * H, "the pattern has valid and invalid pixels");
                int n = ColoredPointCloud.compact(p, c, xyz, bgr);
                assertEquals(expected, n, "pad " + pad);
                assertArrayEquals(Arrays.copyOf(xyzOut.array(), 12 * n), bytes(xyz, n), "xyz, pad " + pad);
                assertArrayEquals(Arrays.copyOf(bgrOut.array(), 3 * n), bytes(bgr, n), "bgr, pad " + pad);
            }
        }
    }

    @Test
    @DisplayName("compact refuses wrong formats, sizes and Mats before native code runs: the outputs stay untouched")
    void compactRefusesBadInput() {
        Random random = new Random(11);
        try (Image p = points(random, 0); Image c = colors(random, 0);
             Image depth = Image.create(ImageFormat.DEPTH16, W, H);
             Image smallColors = Image.create(ImageFormat.COLOR_BGRA32, W - 1, H);
             Mat xyz = new Mat(W * H, 1, CV_32FC3, Scalar.all(-1));
             Mat bgr = new Mat(W * H, 1, CV_8UC3, Scalar.all(7));
             Mat tooSmall = new Mat(W * H - 1, 1, CV_32FC3, Scalar.all(-1));
             Mat oneChannel = new Mat(W * H, 3, CV_32FC1, Scalar.all(-1));
             Mat wide = new Mat(W * H, 2, CV_8UC3, Scalar.all(7));
             Mat column = wide.apply(Range.all(), new Range(0, 1))) {
            byte[] xyzBefore = bytes(xyz, W * H);
            byte[] bgrBefore = bytes(bgr, W * H);
            assertMessage(IllegalArgumentException.class, "pointCloud has format",
                    () -> ColoredPointCloud.compact(depth, c, xyz, bgr));
            assertMessage(IllegalArgumentException.class, "colorInDepth has format",
                    () -> ColoredPointCloud.compact(p, p, xyz, bgr));
            assertMessage(IllegalArgumentException.class, "colorInDepth is 36x5",
                    () -> ColoredPointCloud.compact(p, smallColors, xyz, bgr));
            assertMessage(IllegalArgumentException.class, "xyz must be a continuous CV_32FC3 Mat of at least 185",
                    () -> ColoredPointCloud.compact(p, c, tooSmall, bgr));
            assertMessage(IllegalArgumentException.class, "xyz must be",
                    () -> ColoredPointCloud.compact(p, c, oneChannel, bgr));
            assertFalse(column.isContinuous());
            assertMessage(IllegalArgumentException.class, "bgr must be",
                    () -> ColoredPointCloud.compact(p, c, xyz, column));
            assertMessage(IllegalArgumentException.class, "bgr must be",
                    () -> ColoredPointCloud.compact(p, c, xyz, xyz));
            try (Image odd = Image.create(ImageFormat.CUSTOM, W, H, 6 * W + 1)) {
                assertMessage(IllegalArgumentException.class, "even addresses",
                        () -> ColoredPointCloud.compact(odd, c, xyz, bgr));
            }
            assertMessage(NullPointerException.class, "pointCloud is null",
                    () -> ColoredPointCloud.compact(null, c, xyz, bgr));
            assertMessage(NullPointerException.class, "bgr is null", () -> ColoredPointCloud.compact(p, c, xyz, null));
            assertArrayEquals(xyzBefore, bytes(xyz, W * H), "xyz untouched");
            assertArrayEquals(bgrBefore, bytes(bgr, W * H), "bgr untouched");
            assertArrayEquals(bytes(tooSmall, W * H - 1), Arrays.copyOf(xyzBefore, 12 * (W * H - 1)),
                    "the too small Mat untouched");
            p.close();
            assertThrows(IllegalStateException.class, () -> ColoredPointCloud.compact(p, c, xyz, bgr));
        }
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String part, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(part), "message: " + e.getMessage());
    }

    @Test
    @DisplayName("a refused update leaves the cloud empty; a closed cloud (or transformation) refuses updates; no depth, no points")
    void updateFailuresAndEmptyFrames(@TempDir Path tmp) throws IOException {
        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"));
             Transformation t = Transformation.create(playback.getCalibration())) {
            ColoredPointCloud cloud = ColoredPointCloud.create(t);
            try (Image depth = Image.create(ImageFormat.DEPTH16, 640, 576);
                 Image wrongDepth = Image.create(ImageFormat.DEPTH16, 320, 288);
                 Image color = Image.create(ImageFormat.COLOR_BGRA32, 1280, 720)) {
                ByteBuffer d = depth.getBuffer().order(ByteOrder.nativeOrder());
                for (int i = 0; i < 640 * 576; i++) {
                    d.putShort(2 * i, (short) 1500);
                }
                cloud.update(depth, color);
                assertTrue(cloud.size() > 640 * 576 / 2, "a flat wall at 1.5 m: " + cloud.size());
                assertMessage(IllegalArgumentException.class, "320x288", () -> cloud.update(wrongDepth, color));
                assertEquals(0, cloud.size(), "empty after a refused update");
                assertEquals(0, cloud.xyz().rows());
                assertMessage(NullPointerException.class, "color image is null", () -> cloud.update(depth, null));

                try (Image zeros = Image.create(ImageFormat.DEPTH16, 640, 576)) {
                    zeros.getBuffer().put(new byte[640 * 576 * 2]);
                    cloud.update(zeros, color);
                }
                assertEquals(0, cloud.size(), "no depth, no points");
                Path file = tmp.resolve("empty.ply");
                cloud.writePly(file);
                assertEquals(0, ColoredPointCloudTest.read(file).vertices);

                cloud.close();
                cloud.close(); // idempotent
                assertThrows(IllegalStateException.class, () -> cloud.update(depth, color));
                assertThrows(IllegalStateException.class, cloud::size);
                assertThrows(IllegalStateException.class, cloud::xyz);
                assertThrows(IllegalStateException.class, cloud::bgr);
            }
            try (ColoredPointCloud cloudOfClosed = ColoredPointCloud.create(t);
                 Image depth = Image.create(ImageFormat.DEPTH16, 640, 576);
                 Image color = Image.create(ImageFormat.COLOR_BGRA32, 1280, 720)) {
                t.close();
                assertThrows(IllegalStateException.class, () -> cloudOfClosed.update(depth, color),
                        "the transformation the cloud uses is closed");
            }
        }
    }
}
