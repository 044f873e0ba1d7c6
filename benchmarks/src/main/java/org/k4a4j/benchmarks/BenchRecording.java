/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.k4a4j.ImageFormat;
import org.k4a4j.DepthMode;
import org.k4a4j.ColorResolution;
import org.k4a4j.Fps;
import org.k4a4j.Capture;
import org.k4a4j.DeviceConfiguration;
import org.k4a4j.Image;
import org.k4a4j.Recorder;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.k4a4j.global.k4a.*;

/**
 * The recording the benchmarks read: the system property {@code k4a4j.recording} (default: the real recording
 * {@code ../shared/testdata/playback/pyk4a_recording.mkv}, MJPG 720p + NFOV_UNBINNED depth and IR), or, when
 * that file is not there, a synthetic one written here once (same modes, 30 captures, with a pinhole
 * calibration attached).
 */
final class BenchRecording {
    static final String PROPERTY = "k4a4j.recording";
    static final String DEFAULT = "../shared/testdata/playback/pyk4a_recording.mkv";
    private static File cached;

    private BenchRecording() {
    }

    static synchronized File file() {
        if (cached != null) {
            return cached;
        }
        File f = new File(System.getProperty(PROPERTY, DEFAULT));
        if (!f.isFile()) {
            try {
                Path tmp = Files.createTempFile("k4a4j-bench-", ".mkv");
                tmp.toFile().deleteOnExit();
                write(tmp.toFile(), 30);
                System.err.println("[k4a4j benchmarks] " + f + " not found; using a synthetic recording " + tmp);
                f = tmp.toFile();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write a synthetic recording", e);
            }
        } else {
            System.err.println("[k4a4j benchmarks] recording " + f.getAbsolutePath());
        }
        cached = f;
        return f;
    }

    /** A pinhole calibration (zero distortion) in the raw JSON format, NUL-terminated. */
    static byte[] calibration() {
        String camera = "{\"Intrinsics\":{\"ModelParameterCount\":14,\"ModelParameters\":[%s,0,0,0,0,0,0,0,0,0,0],"
                + "\"ModelType\":\"CALIBRATION_LensDistortionModelBrownConrady\"},\"Purpose\":\"%s\",\"MetricRadius\":1.7,"
                + "\"Rt\":{\"Rotation\":[%s],\"Translation\":[%s]},\"SensorHeight\":%d,\"SensorWidth\":%d}";
        String sensor = "{\"Rt\":{\"Rotation\":[0,0,-1,-1,0,0,0,1,0],\"Translation\":[0,0,0]},\"SensorType\":\"%s\"}";
        String json = "{\"CalibrationInformation\":{\"Cameras\":["
                + String.format(camera, "0.5,0.5,0.4921875,0.4921875", "CALIBRATION_CameraPurposeDepth", "1,0,0,0,1,0,0,0,1",
                        "0,0,0", 1024, 1024) + ","
                + String.format(camera, "0.5,0.5,0.478,0.6375", "CALIBRATION_CameraPurposePhotoVideo",
                        "1,0,0,0,0.9962,0.0872,0,-0.0872,0.9962", "-0.032,-0.002,0.004", 3072, 4096)
                + "],\"InertialSensors\":[" + String.format(sensor, "CALIBRATION_InertialSensorType_Gyro") + ","
                + String.format(sensor, "CALIBRATION_InertialSensorType_Accelerometer") + "]}}";
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[text.length + 1];
        System.arraycopy(text, 0, raw, 0, text.length);
        return raw;
    }

    private static void write(File file, int frames) {
        DeviceConfiguration config = DeviceConfiguration.builder().colorFormat(ImageFormat.COLOR_MJPG)
                .colorResolution(ColorResolution.RES_720P).depthMode(DepthMode.NFOV_UNBINNED)
                .cameraFps(Fps.FPS_30).build();
        try (Recorder recorder = Recorder.create(file.toPath(), config)) {
            recorder.addAttachment("calibration.json", calibration());
            recorder.writeHeader();
            for (int f = 0; f < frames; f++) {
                long t = 100_000 + f * 33_333L;
                Mat bgr = new Mat(720, 1280, CV_8UC3, new Scalar(40 + f, 90, 160, 0));
                circle(bgr, new Point(200 + 20 * f, 360), 120, new Scalar(20, 30, 220, 0), -1, 8, 0);
                BytePointer jpeg = new BytePointer();
                imencode(".jpg", bgr, jpeg);
                ByteBuffer jpegBuffer = ByteBuffer.allocateDirect((int) jpeg.limit());
                jpegBuffer.put(jpeg.asBuffer()).flip();
                try (Capture capture = Capture.create();
                     Image color = Image.wrap(ImageFormat.COLOR_MJPG, 1280, 720, 0, jpegBuffer);
                     Image depth = Image.create(ImageFormat.DEPTH16, 640, 576);
                     Image ir = Image.create(ImageFormat.IR16, 640, 576)) {
                    ShortBuffer d = depth.getShortBuffer();
                    ShortBuffer i = ir.getShortBuffer();
                    for (int p = 0; p < 640 * 576; p++) {
                        d.put(p, (short) (800 + (p % 640) + f * 10));
                        i.put(p, (short) (p / 640));
                    }
                    for (Image image : new Image[] {color, depth, ir}) {
                        image.setDeviceTimestampUsec(t);
                    }
                    capture.setColorImage(color);
                    capture.setDepthImage(depth);
                    capture.setIrImage(ir);
                    recorder.writeCapture(capture);
                }
                jpeg.close();
                bgr.close();
            }
        }
    }
}
