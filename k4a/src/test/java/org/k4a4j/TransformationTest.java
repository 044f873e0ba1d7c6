/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.util.stream.IntStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.bytedeco.javacpp.indexer.ShortIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.k4a4j.opencv.ImageMats;
import org.k4a4j.opencv.TransformationMats;

import static org.bytedeco.opencv.global.opencv_core.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4a.*;

/**
 * {@link Transformation} and {@link TransformationMats} against ../shared/testdata/transformation: point clouds
 * identical; depth, custom and colour images within the README's tolerance (99.9 % of values identical, none
 * off by more than 1 except valid-mask disagreements, which stay under 0.1 %).
 */
class TransformationTest {
    private static JsonObject testCase() {
        return testCase(0);
    }

    private static JsonObject testCase(int index) {
        return manifest("transformation").getAsJsonArray("cases").get(index).getAsJsonObject();
    }

    /** Every case of the reference set (the real frame, then the binned depth onto large colour images). */
    static IntStream caseIndices() {
        int count = manifest("transformation").getAsJsonArray("cases").size();
        assertTrue(count >= 3, "the reference set has its three cases");
        return IntStream.range(0, count);
    }

    private static Calibration calibration(JsonObject c) {
        try {
            return Calibration.fromRaw(Files.readAllBytes(file("transformation", c.get("raw_calibration_file").getAsString())),
                    DepthMode.of(constant(c.get("depth_mode"))), ColorResolution.of(constant(c.get("color_resolution"))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(Image image) {
        ByteBuffer b = image.getBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * The README's tolerance for images of 1- or 2-byte values, `channels` per pixel; a pixel whose values are
     * all `invalid` has no value.
     */
    static void assertWithinTolerance(byte[] want, byte[] got, int valueBytes, int channels, int invalid, String what) {
        assertEquals(want.length, got.length, what + " size");
        ByteBuffer w = ByteBuffer.wrap(want).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer g = ByteBuffer.wrap(got).order(ByteOrder.LITTLE_ENDIAN);
        int pixelBytes = valueBytes * channels;
        int pixels = want.length / pixelBytes;
        int identical = 0;
        int maskDisagreements = 0;
        for (int p = 0; p < pixels; p++) {
            boolean same = true;
            boolean wantNone = true;
            boolean gotNone = true;
            int worst = 0;
            for (int ch = 0; ch < channels; ch++) {
                int off = p * pixelBytes + ch * valueBytes;
                int a = valueBytes == 1 ? w.get(off) & 0xFF : w.getShort(off) & 0xFFFF;
                int b = valueBytes == 1 ? g.get(off) & 0xFF : g.getShort(off) & 0xFFFF;
                same &= a == b;
                wantNone &= a == invalid;
                gotNone &= b == invalid;
                worst = Math.max(worst, Math.abs(a - b));
            }
            if (same) {
                identical++;
            } else if (wantNone != gotNone) {
                maskDisagreements++;
            } else {
                assertTrue(worst <= 1, what + ": pixel " + p + " is off by " + worst);
            }
        }
        assertTrue(identical >= pixels * 0.999, what + ": " + identical + " of " + pixels + " pixels identical");
        assertTrue(maskDisagreements <= pixels * 0.001, what + ": " + maskDisagreements + " valid-mask disagreements");
    }

    /**
     * A point cloud against the reference's bytes: identical, except that where the input depth is above
     * 32767 mm the reference stores z as the raw 16 bits read as signed and we saturate (testdata README).
     */
    static void assertPointCloud(byte[] want, Image depth, Image got, String what) {
        byte[] mine = bytes(got);
        assertEquals(want.length, mine.length, what + " size");
        ShortBuffer d = depth.getBuffer().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        ByteBuffer m = ByteBuffer.wrap(mine).order(ByteOrder.LITTLE_ENDIAN);
        int far = 0;
        for (int p = 0; p < d.capacity(); p++) {
            if ((d.get(p) & 0xFFFF) > 32767) {
                far++;
                assertEquals(32767, m.getShort(6 * p + 4), what + ": z saturates at pixel " + p);
                System.arraycopy(mine, 6 * p, want, 6 * p, 6); // not compared
            }
        }
        assertArrayEquals(want, mine, what + " (" + far + " depths above 32767 mm aside)");
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("caseIndices")
    @DisplayName("depthToColor, depthToColorCustom, colorToDepth and pointCloud agree with the reference, every case")
    void operationsMatchReference(int index) {
        JsonObject c = testCase(index);
        JsonObject inputs = c.getAsJsonObject("inputs");
        Calibration calibration = calibration(c);
        CalibrationTest.assertCalibration(c.getAsJsonObject("calibration"), calibration, "transformation calibration");
        int colorWidth = c.getAsJsonObject("calibration").getAsJsonObject("color_camera_calibration")
                .get("resolution_width").getAsInt();
        int colorHeight = c.getAsJsonObject("calibration").getAsJsonObject("color_camera_calibration")
                .get("resolution_height").getAsInt();
        String id = c.get("id").getAsString() + ": ";
        int checked = 0;
        try (Transformation t = Transformation.create(calibration);
             Image depth = image("transformation", inputs.getAsJsonObject("depth"));
             Image color = image("transformation", inputs.getAsJsonObject("color_bgra32"))) {
            depth.setDeviceTimestampUsec(123456);
            byte[] depthToColor = null;
            for (JsonElement oe : c.getAsJsonArray("operations")) {
                JsonObject op = oe.getAsJsonObject();
                String function = op.get("function").getAsString();
                JsonObject outputs = op.getAsJsonObject("outputs");
                switch (function) {
                    case "k4a_transformation_depth_image_to_color_camera":
                        try (Image out = t.depthToColor(depth)) {
                            assertEquals(K4A_IMAGE_FORMAT_DEPTH16, out.getFormat().value());
                            assertEquals(colorWidth, out.getWidthPixels());
                            assertEquals(colorHeight, out.getHeightPixels());
                            assertEquals(123456, out.getDeviceTimestampUsec(), "keeps the depth image's timestamp");
                            depthToColor = bytes(out);
                            assertWithinTolerance(payload("transformation",
                                    outputs.getAsJsonObject("transformed_depth").getAsJsonObject("payload")),
                                    depthToColor, 2, 1, 0, id + function);
                        }
                        break;
                    case "k4a_transformation_depth_image_to_color_camera_custom": {
                        int customFormat = constant(op.get("custom_input_format"));
                        JsonObject custom = outputs.getAsJsonObject("transformed_custom").getAsJsonObject("payload");
                        long invalid = op.get("invalid_custom_value").getAsLong();
                        try (Image in = image("transformation", op.getAsJsonObject("custom_input_payload"), customFormat);
                             Transformation.DepthAndCustom out = t.depthToColorCustom(depth, in,
                                     TransformationInterpolation.of(constant(op.get("interpolation_type"))), invalid)) {
                            assertEquals(customFormat, out.getCustom().getFormat().value());
                            String what = id + function + " " + op.get("custom_input").getAsString() + " "
                                    + op.get("interpolation_type").getAsString();
                            assertWithinTolerance(payload("transformation",
                                    outputs.getAsJsonObject("transformed_depth").getAsJsonObject("payload")),
                                    bytes(out.getDepth()), 2, 1, 0, what + " depth");
                            assertWithinTolerance(payload("transformation", custom), bytes(out.getCustom()),
                                    customFormat == K4A_IMAGE_FORMAT_CUSTOM8 ? 1 : 2, 1, (int) invalid, what + " custom");
                        }
                        break;
                    }
                    case "k4a_transformation_color_image_to_depth_camera":
                        try (Image out = t.colorToDepth(depth, color)) {
                            assertEquals(K4A_IMAGE_FORMAT_COLOR_BGRA32, out.getFormat().value());
                            assertWithinTolerance(payload("transformation",
                                    outputs.getAsJsonObject("transformed_color").getAsJsonObject("payload")),
                                    bytes(out), 1, 4, 0, id + function);
                        }
                        break;
                    case "k4a_transformation_depth_image_to_point_cloud": {
                        int camera = constant(op.get("camera"));
                        JsonObject want = outputs.getAsJsonObject("xyz_image").getAsJsonObject("payload");
                        if (camera == K4A_CALIBRATION_TYPE_DEPTH) {
                            try (Image out = t.pointCloud(depth, CalibrationType.of(camera))) {
                                assertPointCloud(payload("transformation", want), depth, out, id + "point cloud of the depth camera");
                            }
                        } else {
                            // the reference's input: its own depth-to-colour output
                            JsonObject dtc = null;
                            for (JsonElement e : c.getAsJsonArray("operations")) {
                                JsonObject o = e.getAsJsonObject();
                                if (o.get("function").getAsString().equals("k4a_transformation_depth_image_to_color_camera")) {
                                    dtc = o.getAsJsonObject("outputs").getAsJsonObject("transformed_depth").getAsJsonObject("payload");
                                }
                            }
                            try (Image in = image("transformation", dtc); Image out = t.pointCloud(in, CalibrationType.of(camera))) {
                                assertPointCloud(payload("transformation", want), in, out, id + "point cloud of the colour camera");
                            }
                        }
                        break;
                    }
                    default:
                        fail(id + "unknown operation " + function);
                }
                checked++;
            }
            assertNotNull(depthToColor);
        }
        assertEquals(7, checked);
    }

    @Test
    @DisplayName("the Mat helpers give zero-copy CV_16UC1, CV_8UC4 and CV_16SC3 Mats and a CV_32FC3 cloud in metres")
    void matHelpers() {
        JsonObject c = testCase();
        JsonObject inputs = c.getAsJsonObject("inputs");
        try (Transformation t = Transformation.create(calibration(c));
             Image depth = image("transformation", inputs.getAsJsonObject("depth"));
             Image color = image("transformation", inputs.getAsJsonObject("color_bgra32"))) {
            Mat aligned = TransformationMats.depthAlignedToColor(t, depth);
            assertEquals(CV_16UC1, aligned.type());
            assertEquals(720, aligned.rows());
            assertEquals(1280, aligned.cols());
            try (Image direct = t.depthToColor(depth)) {
                Mat expected = ImageMats.asMat(direct);
                Mat diff = new Mat();
                absdiff(aligned, expected, diff);
                assertEquals(0, countNonZero(diff), "the Mat holds depthToColor's pixels");
            }
            Mat depthMat = ImageMats.asMat(depth);
            Mat fromMat = TransformationMats.depthAlignedToColor(t, depthMat);
            Mat diff = new Mat();
            absdiff(aligned, fromMat, diff);
            assertEquals(0, countNonZero(diff), "a Mat input gives the same result");

            Mat colorAligned = TransformationMats.colorAlignedToDepth(t, depth, color);
            assertEquals(CV_8UC4, colorAligned.type());
            assertEquals(576, colorAligned.rows());
            Mat colorAligned2 = TransformationMats.colorAlignedToDepth(t, depthMat, ImageMats.asMat(color));
            Mat d4 = new Mat();
            absdiff(colorAligned, colorAligned2, d4);
            assertEquals(0, countNonZero(d4.reshape(1, 0)));

            Mat cloud = TransformationMats.pointCloud(t, depth, CalibrationType.DEPTH);
            assertEquals(CV_16SC3, cloud.type());
            Mat meters = TransformationMats.pointCloudInMeters(t, depth, CalibrationType.DEPTH);
            assertEquals(CV_32FC3, meters.type());
            ShortIndexer mm = cloud.createIndexer();
            FloatIndexer m = meters.createIndexer();
            int checked = 0;
            for (int y = 0; y < 576; y += 37) {
                for (int x = 0; x < 640; x += 41) {
                    for (int ch = 0; ch < 3; ch++) {
                        assertEquals(mm.get(y, x, ch) / 1000.0, m.get(y, x, ch), 1e-6, "metres = mm / 1000");
                    }
                    checked += mm.get(y, x, 2) != 0 ? 1 : 0;
                }
            }
            assertTrue(checked > 10, "some points have depth");
            mm.close();
            m.close();
            assertThrows(IllegalArgumentException.class, () -> TransformationMats.toMeters(depthMat));

            // the Into variants write into the caller's Mat, allocated once and reused
            Mat reused = new Mat();
            assertSame(reused, TransformationMats.depthAlignedToColorInto(t, depth, reused));
            long address = reused.data().address();
            Mat d1 = new Mat();
            absdiff(reused, aligned, d1);
            assertEquals(0, countNonZero(d1), "depthAlignedToColorInto = depthAlignedToColor");
            TransformationMats.depthAlignedToColorInto(t, depth, reused);
            assertEquals(address, reused.data().address(), "the Mat's memory is reused");
            Mat cloudInto = TransformationMats.pointCloudInto(t, depth, CalibrationType.DEPTH, new Mat());
            Mat d3 = new Mat();
            absdiff(cloudInto, cloud, d3);
            assertEquals(0, countNonZero(d3.reshape(1, 0)), "pointCloudInto = pointCloud");
            Mat colorInto = TransformationMats.colorAlignedToDepthInto(t, depth, color, new Mat(2, 2, CV_8UC4));
            assertEquals(576, colorInto.rows(), "a Mat of the wrong size is reallocated");
            Mat d5 = new Mat();
            absdiff(colorInto, colorAligned, d5);
            assertEquals(0, countNonZero(d5.reshape(1, 0)), "colorAlignedToDepthInto = colorAlignedToDepth");
            assertThrows(NullPointerException.class, () -> TransformationMats.pointCloudInto(t, depth, CalibrationType.DEPTH, null));
        }
    }

    @Test
    @DisplayName("the reference's error cases, closed objects and nulls fail with exceptions (wrong sizes before any native call)")
    void badInput() {
        JsonObject c = testCase();
        JsonObject inputs = c.getAsJsonObject("inputs");
        Transformation t = Transformation.create(calibration(c));
        try (Image depth = image("transformation", inputs.getAsJsonObject("depth"));
             Image color = image("transformation", inputs.getAsJsonObject("color_bgra32"))) {
            try (Image small = Image.create(ImageFormat.DEPTH16, 640, 576)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.depthToColorInto(depth, small));
                assertTrue(e.getMessage().contains("transformedDepth image is 640x576"), e.getMessage());
            }
            try (Image padded = Image.create(ImageFormat.DEPTH16, 640, 576, 1344)) {
                K4aException e = assertThrows(K4aException.class, () -> t.depthToColor(padded)); // the library's refusal
                assertEquals("k4a_transformation_depth_image_to_color_camera", e.getFunction());
                assertNotNull(e.getNativeMessage());
            }
            try (Image ir = Image.create(ImageFormat.IR16, 640, 576)) {
                assertThrows(IllegalArgumentException.class,
                        () -> t.depthToColorCustom(depth, ir, TransformationInterpolation.LINEAR, 0));
            }
            try (Image custom = Image.create(ImageFormat.CUSTOM16, 640, 576)) {
                assertThrows(IllegalArgumentException.class,
                        () -> t.depthToColorCustom(depth, custom, TransformationInterpolation.LINEAR, -1));
                assertThrows(NullPointerException.class, () -> t.depthToColorCustom(depth, custom, null, 0));
            }
            try (Image half = Image.create(ImageFormat.COLOR_BGRA32, 640, 360)) {
                assertThrows(IllegalArgumentException.class, () -> t.colorToDepth(depth, half));
            }
            assertThrows(IllegalArgumentException.class, () -> t.pointCloud(depth, CalibrationType.GYRO));
            assertThrows(IllegalArgumentException.class, () -> t.pointCloud(depth, CalibrationType.COLOR));
            try (Image xyz = Image.create(ImageFormat.CUSTOM, 640, 576, 3852)) {
                assertThrows(K4aException.class, () -> t.pointCloudInto(depth, CalibrationType.DEPTH, xyz));
            }
            assertThrows(NullPointerException.class, () -> t.depthToColor((Image) null));
            assertThrows(NullPointerException.class, () -> t.colorToDepth(depth, null));
            assertThrows(NullPointerException.class, () -> t.pointCloud(null, CalibrationType.DEPTH));
            Image closed = Image.create(ImageFormat.DEPTH16, 640, 576);
            closed.close();
            assertThrows(IllegalStateException.class, () -> t.depthToColor(closed));
            t.close();
            t.close(); // idempotent
            assertTrue(t.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.depthToColor(depth));
            assertTrue(e.getMessage().contains("Transformation"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> TransformationMats.pointCloud(t, depth, CalibrationType.DEPTH));
        }
        assertThrows(NullPointerException.class, () -> Transformation.create(null));
    }

    @Test
    @DisplayName("a transformation for a calibration with the colour camera off still makes depth point clouds")
    void depthOnlyCalibration() throws IOException {
        JsonObject c = testCase();
        Calibration depthOnly = Calibration.fromRaw(Files.readAllBytes(file("transformation",
                c.get("raw_calibration_file").getAsString())), DepthMode.NFOV_UNBINNED, ColorResolution.OFF);
        try (Transformation t = Transformation.create(depthOnly);
             Image depth = image("transformation", c.getAsJsonObject("inputs").getAsJsonObject("depth"));
             Image cloud = t.pointCloud(depth, CalibrationType.DEPTH)) {
            assertEquals(640, cloud.getWidthPixels());
            assertThrows(IllegalStateException.class, () -> t.depthToColor(depth), "no colour camera to render into");
        }
    }
}
