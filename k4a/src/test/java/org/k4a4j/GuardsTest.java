/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.k4a4j.k4a.k4a_calibration_t;
import org.k4a4j.k4a.k4a_device_configuration_t;
import org.k4a4j.k4a.k4a_image_t;
import org.k4a4j.opencv.ImageMats;
import org.k4a4j.opencv.TransformationMats;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.k4a4j.global.k4a.*;

/**
 * The Java layer checks what memory safety depends on before it calls native code (the package's Checks): each
 * test gives one guarded call arguments with which a lenient libk4a (the vendor's; the stand-in of the
 * vendor-lib profile) would read or write past the end of some memory, and expects the Java exception, which
 * only the Java layer throws (a native refusal would be a K4aException, a missing guard a crash or a success).
 * The tests pass on every libk4a.so.1.4.
 */
class GuardsTest {
    private static final int DEPTH_W = 640;
    private static final int DEPTH_H = 576;
    private static final int COLOR_W = 1280;
    private static final int COLOR_H = 720;

    private static Calibration calibration() {
        return Calibration.fromRaw(CalibrationTest.rawInput("pyk4a_recording"), DepthMode.NFOV_UNBINNED,
                ColorResolution.RES_720P);
    }

    private static void refused(Executable call, String said) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(said), "message '" + e.getMessage() + "' should contain '" + said + "'");
    }

    @Test
    @DisplayName("Image.wrap: buffers smaller than the image (NV12 x 1.5 included), short strides, negative and "
            + "overflowing sizes, sizes past the pointer's limit, NULL; the caller's release action runs each time")
    void imageWrap() {
        BytePointer memory = new BytePointer(4096);
        int held = Image.wrappedBufferCount(); // other tests' images may await collection
        AtomicInteger released = new AtomicInteger();
        Runnable onRelease = released::incrementAndGet;
        refused(() -> Image.wrap(ImageFormat.DEPTH16, 32, 32, 64, memory, 2047, null, onRelease), "bufferSize 2047");
        refused(() -> Image.wrap(ImageFormat.COLOR_NV12, 32, 32, 32, memory, 32 * 32, null, onRelease),
                "1536 bytes"); // luma alone: the chroma's half-height rows are missing
        refused(() -> Image.wrap(ImageFormat.COLOR_BGRA32, 32, 4, 64, memory, 4096, null, onRelease),
                "strideBytes 64");
        refused(() -> Image.wrap(ImageFormat.CUSTOM8, 8, 8, 8, memory, -1, null, onRelease), "bufferSize -1");
        refused(() -> Image.wrap(ImageFormat.CUSTOM8, 8, 8, -8, memory, 64, null, onRelease), "strideBytes -8");
        refused(() -> Image.wrap(ImageFormat.COLOR_BGRA32, Integer.MAX_VALUE, 1, 0, memory, 4096, null, onRelease),
                "more than a stride can say");
        refused(() -> Image.wrap(ImageFormat.DEPTH16, 1 << 20, 1 << 20, Integer.MAX_VALUE, memory, Long.MAX_VALUE,
                null, onRelease), "between the pointer's position"); // 2^51 bytes of rows: far past the pointer's limit
        refused(() -> Image.wrap(ImageFormat.CUSTOM8, 64, 64, 64, memory, 8192, null, onRelease),
                "4096 bytes between the pointer's position and its limit");
        refused(() -> Image.wrap(ImageFormat.CUSTOM8, 64, 32, 64, memory.position(4000), 2048, null, onRelease),
                "96 bytes between");
        memory.position(0);
        refused(() -> Image.wrap(ImageFormat.CUSTOM, 8, 8, 0, memory, 4096, null, onRelease), "must be given");
        refused(() -> Image.wrap(ImageFormat.COLOR_YUY2, 7, 8, 0, memory, 4096, null, onRelease), "odd");
        assertThrows(NullPointerException.class, () -> Image.wrap(null, 8, 8, 0, memory, 4096, null, onRelease));
        assertThrows(NullPointerException.class,
                () -> Image.wrap(ImageFormat.CUSTOM8, 8, 8, 0, new BytePointer(), 64, null, onRelease));
        assertEquals(13, released.get(), "every refused buffer is given back at once");
        assertEquals(held, Image.wrappedBufferCount(), "and no longer held");
        // a buffer of exactly the image's bytes is taken, with the minimum stride for 0
        try (Image nv12 = Image.wrap(ImageFormat.COLOR_NV12, 32, 32, 0, memory, 32 * 48, null, onRelease)) {
            assertEquals(32, nv12.getStrideBytes());
        }
        assertEquals(14, released.get());
        memory.close();
    }

    @Test
    @DisplayName("Transformation ...Into: inputs and outputs of the wrong format or camera size, short strides, and "
            + "a camera that is not DEPTH or COLOR are refused before the call")
    void transformationInto() {
        Calibration calibration = calibration();
        try (Transformation t = Transformation.create(calibration);
             Image depth = Image.create(ImageFormat.DEPTH16, DEPTH_W, DEPTH_H);
             Image colorSizeDepth = Image.create(ImageFormat.DEPTH16, COLOR_W, COLOR_H);
             Image color = Image.create(ImageFormat.COLOR_BGRA32, COLOR_W, COLOR_H);
             Image custom8 = Image.create(ImageFormat.CUSTOM8, DEPTH_W, DEPTH_H);
             Image colorSizeCustom16 = Image.create(ImageFormat.CUSTOM16, COLOR_W, COLOR_H);
             Image depthSizeBgra = Image.create(ImageFormat.COLOR_BGRA32, DEPTH_W, DEPTH_H);
             Image smallBgra = Image.create(ImageFormat.COLOR_BGRA32, 320, 288);
             Image ir = Image.create(ImageFormat.IR16, DEPTH_W, DEPTH_H);
             Image shortXyz = Image.create(ImageFormat.CUSTOM16, DEPTH_W, DEPTH_H);
             Image xyz = Image.create(ImageFormat.CUSTOM, DEPTH_W, DEPTH_H, DEPTH_W * 6)) {
            refused(() -> t.depthToColorInto(depth, depth), "transformedDepth image is 640x576");
            refused(() -> t.depthToColorInto(colorSizeDepth, colorSizeDepth), "depth image is 1280x720");
            refused(() -> t.depthToColorInto(ir, colorSizeDepth), "format 5");
            refused(() -> t.depthToColorCustomInto(depth, custom8, colorSizeDepth, colorSizeCustom16,
                    TransformationInterpolation.NEAREST, 0), "transformedCustom image has format 7");
            refused(() -> t.depthToColorCustomInto(depth, colorSizeCustom16, colorSizeDepth, colorSizeCustom16,
                    TransformationInterpolation.NEAREST, 0), "custom image is 1280x720");
            refused(() -> t.colorToDepthInto(depth, smallBgra, depthSizeBgra), "color image is 320x288");
            refused(() -> t.colorToDepthInto(depth, color, smallBgra), "transformedColor image is 320x288");
            refused(() -> t.pointCloudInto(depth, CalibrationType.GYRO, xyz), "camera 2");
            refused(() -> t.pointCloudInto(depth, CalibrationType.COLOR, xyz), "depth image is 640x576");
            refused(() -> t.pointCloudInto(depth, CalibrationType.DEPTH, shortXyz), "stride of 1280 bytes");
            t.pointCloudInto(depth, CalibrationType.DEPTH, xyz); // the right images pass
        }
    }

    @Test
    @DisplayName("TransformationMats: a depth Mat of the wrong size is refused before the call")
    void transformationMats() {
        try (Transformation t = Transformation.create(calibration())) {
            Mat small = new Mat(288, 320, CV_16UC1);
            refused(() -> TransformationMats.depthAlignedToColor(t, small), "depth image is 320x288");
            refused(() -> TransformationMats.pointCloud(t, small, CalibrationType.COLOR), "depth image is 320x288");
            small.close();
        }
    }

    @Test
    @DisplayName("Calibration: sensor types outside DEPTH..ACCEL and a depth image of the wrong size or format are "
            + "refused before the call")
    void calibrationConversions() {
        Calibration c = calibration();
        Float2 p2 = new Float2(100, 100);
        Float3 p3 = new Float3(0, 0, 1000);
        refused(() -> c.convert2dTo3d(p2, 1000, CalibrationType.NUM, CalibrationType.DEPTH), "source sensor 4");
        refused(() -> c.convert2dTo3d(p2, 1000, CalibrationType.DEPTH, CalibrationType.UNKNOWN), "target sensor -1");
        refused(() -> c.convert3dTo2d(p3, CalibrationType.NUM, CalibrationType.COLOR), "source sensor 4");
        refused(() -> c.convert2dTo2d(p2, 1000, CalibrationType.DEPTH, CalibrationType.NUM), "target sensor");
        refused(() -> c.convert3dTo3d(p3, CalibrationType.UNKNOWN, CalibrationType.ACCEL), "source sensor -1");
        try (Image small = Image.create(ImageFormat.DEPTH16, 320, 288);
             Image ir = Image.create(ImageFormat.IR16, DEPTH_W, DEPTH_H)) {
            refused(() -> c.convertColor2dToDepth2d(p2, small), "depth image is 320x288");
            refused(() -> c.convertColor2dToDepth2d(p2, ir), "format 5");
        }
    }

    @Test
    @DisplayName("struct pointers (Calibration.of, DeviceConfiguration.of and copyTo) must have a struct at their position")
    void structPointers() {
        Calibration c = calibration();
        k4a_calibration_t one = new k4a_calibration_t();
        refused(() -> Calibration.of(one.position(1)), "0 bytes between");
        assertEquals(c, Calibration.of(c.toNative()), "a whole struct is taken");
        k4a_device_configuration_t config = new k4a_device_configuration_t();
        refused(() -> DeviceConfiguration.of(config.position(1)), "0 bytes between");
        refused(() -> DeviceConfiguration.builder().build().copyTo(config.position(1)), "0 bytes between");
        DeviceConfiguration.builder().depthMode(DepthMode.WFOV_UNBINNED).build().copyTo(config.position(0));
        assertEquals(DepthMode.WFOV_UNBINNED, DeviceConfiguration.of(config).getDepthMode());
    }

    @Test
    @DisplayName("Recorder.writeCustomTrackData(Pointer, size): sizes past the pointer's limit, negative sizes, NULL")
    void recorderPointer(@TempDir Path tmp) {
        DeviceConfiguration config = DeviceConfiguration.builder().depthMode(DepthMode.NFOV_2X2BINNED)
                .cameraFps(Fps.FPS_30).build();
        try (Recorder r = Recorder.create(tmp.resolve("guards.mkv"), config)) {
            r.addCustomSubtitleTrack("DATA", "S_K4A/DATA", null, false);
            r.writeHeader();
            BytePointer data = new BytePointer(16);
            refused(() -> r.writeCustomTrackData("DATA", 1000, data, 17), "17 is more than the 16 bytes");
            refused(() -> r.writeCustomTrackData("DATA", 1000, data.position(10), 7), "more than the 6 bytes");
            refused(() -> r.writeCustomTrackData("DATA", 1000, data, -1), "negative");
            assertThrows(NullPointerException.class, () -> r.writeCustomTrackData("DATA", 1000, new Pointer(), 4));
            r.writeCustomTrackData("DATA", 1000, data.position(10), 6); // what is there is written
            data.close();
        }
    }

    @Test
    @DisplayName("a lenient libk4a's image with a buffer shorter than its rows (made through the raw API) is refused "
            + "by ImageMats.asMat, the transformations and the depth-image conversion")
    void shortImageOfALenientLibrary() {
        BytePointer memory = new BytePointer(64);
        k4a_image_t raw = new k4a_image_t();
        int result = k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_DEPTH16, DEPTH_W, DEPTH_H, DEPTH_W * 2, memory, 64,
                null, null, raw);
        assumeTrue(result == K4A_RESULT_SUCCEEDED, "only a library that accepts a short buffer can make such an image "
                + "(the reference, and the stand-in of the vendor-lib profile); k4a4j's refuses it");
        Calibration c = calibration();
        try (Image shortDepth = Image.adopt(raw); Transformation t = Transformation.create(c)) {
            assertEquals(64, shortDepth.getSize(), "the library took the caller's size");
            refused(() -> ImageMats.asMat(shortDepth), "buffer of 64 bytes");
            refused(() -> t.depthToColor(shortDepth), "buffer of 64 bytes");
            refused(() -> t.pointCloud(shortDepth, CalibrationType.DEPTH), "buffer of 64 bytes");
            refused(() -> c.convertColor2dToDepth2d(new Float2(640, 360), shortDepth), "buffer of 64 bytes");
            try (Image colorSized = Image.create(ImageFormat.DEPTH16, COLOR_W, COLOR_H)) {
                refused(() -> t.depthToColorInto(shortDepth, colorSized), "buffer of 64 bytes");
            }
        }
        memory.close();
    }
}
