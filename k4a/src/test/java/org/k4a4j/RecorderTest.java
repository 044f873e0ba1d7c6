/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/** {@link Recorder}: what is written comes back identical through {@link Playback}; bad input is refused. */
class RecorderTest {
    private static final long START_USEC = 1_000_000;
    private static final long PERIOD_USEC = 33_333;
    private static final int FRAMES = 6;

    private static DeviceConfiguration config() {
        return DeviceConfiguration.builder().colorFormat(ImageFormat.COLOR_BGRA32)
                .colorResolution(ColorResolution.RES_720P).depthMode(DepthMode.NFOV_2X2BINNED)
                .cameraFps(Fps.FPS_30).build();
    }

    /** Deterministic pixels: every byte depends on frame, image and position. */
    private static Image image(ImageFormat format, int width, int height, int frame, int salt) {
        Image image = Image.create(format, width, height);
        ByteBuffer b = image.getBuffer();
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (i * 31 + frame * 7 + salt + (i >> 11)));
        }
        image.setDeviceTimestampUsec(START_USEC + frame * PERIOD_USEC);
        return image;
    }

    private static byte[] bytes(Image image) {
        ByteBuffer b = image.getBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static ImuSample imu(int i) {
        long t = START_USEC + i * 5000L;
        return new ImuSample(Float.NaN, new Float3(0.1f * i, -9.81f, 0.5f), t, new Float3(0.01f, -0.002f * i, 0.3f), t + 125);
    }

    @Test
    @DisplayName("DeviceConfiguration.DISABLE_ALL and the builder's defaults are K4A_DEVICE_CONFIG_INIT_DISABLE_ALL")
    void disableAllDefaults() {
        DeviceConfiguration fromHeader = DeviceConfiguration.of(K4A_DEVICE_CONFIG_INIT_DISABLE_ALL());
        assertEquals(fromHeader, DeviceConfiguration.DISABLE_ALL);
        assertEquals(fromHeader, DeviceConfiguration.builder().build());
        assertEquals(K4A_IMAGE_FORMAT_COLOR_MJPG, fromHeader.getColorFormat().value());
        assertEquals(K4A_FRAMES_PER_SECOND_30, fromHeader.getCameraFps().value());
        DeviceConfiguration c = config();
        assertEquals(c, c.toBuilder().build());
        assertNotEquals(c, c.toBuilder().depthDelayOffColorUsec(5).build());
        assertThrows(IllegalArgumentException.class, () -> DeviceConfiguration.builder().subordinateDelayOffMasterUsec(-1));
    }

    @Test
    @DisplayName("a recording written with every kind of content plays back identical")
    void roundTrip(@TempDir Path tmp) throws Exception {
        Path path = tmp.resolve("round trip.mkv");
        byte[] calibration = Files.readAllBytes(TestData.file("calibration", "pyk4a_recording_calibration.json"));
        byte[] notes = "notes written by RecorderTest\n".getBytes(StandardCharsets.UTF_8);
        List<byte[]> depths = new ArrayList<>();
        List<byte[]> irs = new ArrayList<>();
        List<byte[]> colors = new ArrayList<>();
        List<byte[]> labels = new ArrayList<>();
        List<byte[]> mats = new ArrayList<>();
        List<ImuSample> samples = new ArrayList<>();
        try (Recorder recorder = Recorder.create(path, config())) {
            assertEquals(path.toString(), recorder.getPath());
            recorder.addTag("K4A_CALIBRATION_FILE", "calibration.json");
            recorder.addTag("SCENE", "Grüße ✓ from the round trip");
            recorder.addTag("EMPTY", "");
            recorder.addAttachment("calibration.json", calibration);
            recorder.addAttachment("notes.txt", notes);
            recorder.addImuTrack();
            recorder.addCustomVideoTrack("THERMAL", "V_MS/VFW/FOURCC", new byte[] {1, 2, 3, 4},
                    new VideoSettings(40, 30, 30));
            recorder.addCustomSubtitleTrack("LABELS", "S_K4A/LABELS", null, false);
            recorder.addCustomSubtitleTrack("FAST", "S_K4A/FAST", "ctx".getBytes(StandardCharsets.US_ASCII), true);
            recorder.writeHeader();
            for (int i = 0; i < 40; i++) {
                samples.add(imu(i));
            }
            int nextSample = 0;
            for (int f = 0; f < FRAMES; f++) {
                long t = START_USEC + f * PERIOD_USEC;
                while (nextSample < samples.size() && samples.get(nextSample).getAccTimestampUsec() <= t) {
                    recorder.writeImuSample(samples.get(nextSample++));
                }
                try (Capture capture = Capture.create();
                     Image depth = image(ImageFormat.DEPTH16, 320, 288, f, 1);
                     Image ir = image(ImageFormat.IR16, 320, 288, f, 2);
                     Image color = image(ImageFormat.COLOR_BGRA32, 1280, 720, f, 3)) {
                    capture.setDepthImage(depth);
                    capture.setIrImage(ir);
                    if (f != 2) {
                        capture.setColorImage(color); // frame 2 has no colour
                        colors.add(bytes(color));
                    }
                    depths.add(bytes(depth));
                    irs.add(bytes(ir));
                    recorder.writeCapture(capture);
                }
                // one Mat per frame, an ROI (not continuous) for odd frames: the pixels, packed, are written
                Mat big = new Mat(60, 80, CV_8UC3, new Scalar(10 * f, 20, 30, 0));
                Mat frameMat = f % 2 == 1 ? new Mat(big, new Rect(5, 7, 40, 30)) : new Mat(30, 40, CV_8UC3, new Scalar(f, 2, 3, 0));
                org.bytedeco.opencv.global.opencv_imgproc.circle(frameMat, new org.bytedeco.opencv.opencv_core.Point(20, 15),
                        5 + f, new Scalar(255, 128, 0, 0), -1, 8, 0);
                assertEquals(f % 2 == 0, frameMat.isContinuous());
                Mat packed = frameMat.clone();
                byte[] expected = new byte[(int) (packed.total() * packed.elemSize())];
                packed.data().get(expected);
                mats.add(expected);
                recorder.writeCustomTrackData("THERMAL", t, frameMat);
                byte[] label = ("frame " + f).getBytes(StandardCharsets.UTF_8);
                labels.add(label);
                switch (f % 3) {
                    case 0:
                        recorder.writeCustomTrackData("LABELS", t, label);
                        break;
                    case 1: {
                        ByteBuffer direct = ByteBuffer.allocateDirect(label.length + 4);
                        direct.position(2);
                        direct.put(label).flip().position(2);
                        recorder.writeCustomTrackData("LABELS", t, direct);
                        assertEquals(2, direct.position(), "the buffer's position is not moved");
                        break;
                    }
                    default: {
                        BytePointer pointer = new BytePointer(label.length + 3);
                        pointer.position(3).put(label, 0, label.length);
                        recorder.writeCustomTrackData("LABELS", t, pointer, label.length);
                        pointer.close();
                    }
                }
                recorder.writeCustomTrackData("FAST", t, ByteBuffer.wrap(new byte[] {(byte) f, 1, 2, 3}));
                if (f == 3) {
                    recorder.flush();
                }
            }
            while (nextSample < samples.size()) {
                recorder.writeImuSample(samples.get(nextSample++));
            }
        }

        try (Playback p = Playback.open(path)) {
            RecordConfiguration c = p.getRecordConfiguration();
            assertEquals(K4A_IMAGE_FORMAT_COLOR_BGRA32, c.getColorFormat().value());
            assertEquals(K4A_COLOR_RESOLUTION_720P, c.getColorResolution().value());
            assertEquals(K4A_DEPTH_MODE_NFOV_2X2BINNED, c.getDepthMode().value());
            assertEquals(K4A_FRAMES_PER_SECOND_30, c.getCameraFps().value());
            assertEquals(30, c.getFramesPerSecond());
            assertTrue(c.isColorTrackEnabled() && c.isDepthTrackEnabled() && c.isIrTrackEnabled() && c.isImuTrackEnabled());
            assertEquals(START_USEC, c.getStartTimestampOffsetUsec());

            assertEquals("Grüße ✓ from the round trip", p.getTag("SCENE").orElse(null));
            assertEquals("", p.getTag("EMPTY").orElse(null));
            assertEquals("calibration.json", p.getTag("K4A_CALIBRATION_FILE").orElse(null));
            assertEquals("BGRA_720P", p.getTag("K4A_COLOR_MODE").orElse(null));
            assertArrayEquals(calibration, p.getAttachment("calibration.json").orElse(null));
            assertArrayEquals(notes, p.getAttachment("notes.txt").orElse(null));
            assertEquals(Calibration.fromRaw(calibration, DepthMode.NFOV_2X2BINNED, ColorResolution.RES_720P),
                    p.getCalibration(), "the attached calibration is the recording's");

            assertTrue(p.getTrackNames().containsAll(Arrays.asList("COLOR", "DEPTH", "IR", "IMU", "THERMAL", "LABELS", "FAST")),
                    p.getTrackNames().toString());
            assertFalse(p.isBuiltinTrack("THERMAL"));
            assertEquals("V_MS/VFW/FOURCC", p.getTrackCodecId("THERMAL"));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, p.getTrackCodecContext("THERMAL"));
            assertEquals(40, p.getTrackVideoSettings("THERMAL").getWidth());
            assertEquals(30, p.getTrackVideoSettings("THERMAL").getHeight());
            assertEquals("S_K4A/LABELS", p.getTrackCodecId("LABELS"));
            assertEquals(0, p.getTrackCodecContext("LABELS").length);
            assertArrayEquals("ctx".getBytes(StandardCharsets.US_ASCII), p.getTrackCodecContext("FAST"));

            int colour = 0;
            for (int f = 0; f < FRAMES; f++) {
                try (Capture capture = p.nextCapture().orElseThrow(AssertionError::new);
                     Image depth = capture.getDepthImage(); Image ir = capture.getIrImage();
                     Image color = capture.getColorImage()) {
                    long t = START_USEC + f * PERIOD_USEC;
                    assertArrayEquals(depths.get(f), bytes(depth), "depth " + f);
                    assertArrayEquals(irs.get(f), bytes(ir), "IR " + f);
                    assertEquals(t, depth.getDeviceTimestampUsec());
                    assertEquals(t, ir.getDeviceTimestampUsec());
                    if (f == 2) {
                        assertNull(color, "frame 2 was written without colour");
                    } else {
                        assertArrayEquals(colors.get(colour++), bytes(color), "colour " + f);
                        assertEquals(t, color.getDeviceTimestampUsec());
                    }
                }
            }
            assertFalse(p.nextCapture().isPresent());

            for (ImuSample want : samples) {
                ImuSample got = p.nextImuSample().orElseThrow(AssertionError::new);
                assertEquals(want, got, "IMU samples come back identical (temperature NaN: not stored)");
            }
            assertFalse(p.nextImuSample().isPresent());

            for (int f = 0; f < FRAMES; f++) {
                long t = START_USEC + f * PERIOD_USEC;
                DataBlock thermal = p.nextDataBlock("THERMAL").orElseThrow(AssertionError::new);
                assertEquals(t, thermal.getDeviceTimestampUsec());
                assertArrayEquals(mats.get(f), thermal.getData(), "Mat " + f + " (packed rows)");
                Mat back = new Mat(30, 40, CV_8UC3, new BytePointer(thermal.getData()));
                assertEquals(30 * 40 * 3, back.total() * back.elemSize());
                DataBlock label = p.nextDataBlock("LABELS").orElseThrow(AssertionError::new);
                assertArrayEquals(labels.get(f), label.getData(), "label " + f);
                assertEquals(t, label.getDeviceTimestampUsec());
                DataBlock fast = p.nextDataBlock("FAST").orElseThrow(AssertionError::new);
                assertArrayEquals(new byte[] {(byte) f, 1, 2, 3}, fast.getData());
            }
            assertFalse(p.nextDataBlock("LABELS").isPresent());
            long length = p.getRecordingLengthUsec(); // the last IMU sample is 195 ms after the start
            assertTrue(length >= 39 * 5000 && length < 300_000, "recording length " + length);
        }
    }

    @Test
    @DisplayName("bad configurations, paths, order of calls, track names, nulls and closed recorders fail with messages")
    void badInput(@TempDir Path tmp) {
        K4aException e = assertThrows(K4aException.class, () -> Recorder.create(tmp.resolve("no/such/dir/x.mkv"), config()));
        assertEquals("k4a_record_create", e.getFunction());
        assertNotNull(e.getNativeMessage());
        assertThrows(K4aException.class, () -> Recorder.create(tmp.resolve("a.mkv"),
                config().toBuilder().colorFormat(ImageFormat.DEPTH16).build()));
        assertThrows(NullPointerException.class, () -> config().toBuilder().depthMode(null));
        assertThrows(NullPointerException.class, () -> Recorder.create((Path) null, config()));
        assertThrows(NullPointerException.class, () -> Recorder.create(tmp.resolve("c.mkv"), null));

        Recorder r = Recorder.create(tmp.resolve("d.mkv"), config());
        try (Capture empty = Capture.create()) {
            assertThrows(K4aException.class, () -> r.writeCapture(empty), "before the header");
        }
        assertThrows(K4aException.class, () -> r.writeImuSample(imu(0)), "without an IMU track");
        assertThrows(K4aException.class, () -> r.addTag("lower case", "x"), "invalid tag name");
        assertThrows(K4aException.class, () -> r.addTag("K4A_START_OFFSET_NS", "5"), "written by the recorder");
        assertThrows(K4aException.class, () -> r.addCustomSubtitleTrack("COLOR", "S_X", null, false), "built-in name");
        assertThrows(K4aException.class, () -> r.addCustomVideoTrack("V", "V_X", null, new VideoSettings(0, 0, 30)));
        assertThrows(K4aException.class, () -> r.addAttachment("", new byte[1]));
        assertThrows(NullPointerException.class, () -> r.addTag(null, "x"));
        assertThrows(NullPointerException.class, () -> r.addAttachment("x", null));
        assertThrows(K4aException.class, r::flush, "before the header");
        r.addCustomSubtitleTrack("DATA", "S_K4A/DATA", null, false);
        r.writeHeader();
        assertThrows(K4aException.class, r::writeHeader, "twice");
        assertThrows(K4aException.class, r::addImuTrack, "after the header");
        assertThrows(K4aException.class, () -> r.addTag("LATE", "x"), "after the header");
        assertThrows(K4aException.class, () -> r.writeCustomTrackData("COLOR", 10, new byte[] {1}), "built-in track");
        assertThrows(K4aException.class, () -> r.writeCustomTrackData("NOPE", 10, new byte[] {1}), "unknown track");
        assertThrows(K4aException.class, () -> r.writeCustomTrackData("DATA", 10, new byte[0]), "empty data");
        assertThrows(IllegalArgumentException.class, () -> r.writeCustomTrackData("DATA", 10, new Mat()), "empty Mat");
        assertThrows(NullPointerException.class, () -> r.writeCustomTrackData("DATA", 10, (Mat) null));
        try (Capture wrong = Capture.create(); Image depth = Image.create(ImageFormat.DEPTH16, 640, 576)) {
            wrong.setDepthImage(depth);
            depth.setDeviceTimestampUsec(1000);
            assertThrows(K4aException.class, () -> r.writeCapture(wrong), "a depth image of another mode's size");
        }
        r.writeCustomTrackData("DATA", 2000, new byte[] {1});
        Mat depthMat = new Mat(2, 2, CV_16UC1);
        r.writeCustomTrackData("DATA", 3000, depthMat);
        r.close();
        r.close(); // idempotent
        assertTrue(r.isClosed());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> r.addTag("X", "y"));
        assertTrue(closed.getMessage().contains("Recorder"));
        assertThrows(IllegalStateException.class, r::flush);
        try (Playback p = Playback.open(tmp.resolve("d.mkv"))) {
            assertEquals(1, p.nextDataBlock("DATA").orElseThrow(AssertionError::new).size(), "what was written is there");
            assertEquals(8, p.nextDataBlock("DATA").orElseThrow(AssertionError::new).size());
        }
    }
}
