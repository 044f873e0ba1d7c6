/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.IntStream;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.k4a4j.ImageFormat;
import org.k4a4j.DepthMode;
import org.k4a4j.ColorResolution;
import org.k4a4j.Fps;
import org.k4a4j.Capture;
import org.k4a4j.DeviceConfiguration;
import org.k4a4j.Float3;
import org.k4a4j.Image;
import org.k4a4j.ImuSample;
import org.k4a4j.Recorder;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.k4a4j.global.k4a.*;

/**
 * Writes a deterministic synthetic Azure Kinect recording with k4a4j's {@link Recorder}: the built-in sample
 * of {@link ExportRecording}.
 *
 * <p>The scene, in the depth camera's coordinates (millimetres; x right, y down, z forward): a floor with a
 * checkerboard 1.2 m below the camera (which looks down by 15°), a wall 3.2 m away with a dark window that returns no infrared light (so
 * its depth is invalid, as glass is for a real sensor), a blue box on the floor, a red ball rolling round a
 * circle once in the recording, and a yellow ball bouncing. Both cameras are rendered by ray casting with the
 * pinhole models of a calibration this class writes itself (zero lens distortion, the colour camera 32 mm to
 * the side and tilted by 5°, as on the device), so depth transformed to the colour camera lines up with the
 * colour image. Depth is the z coordinate of the surface hit (0 where there is none, at grazing angles and in
 * the window); IR falls off with distance and angle.
 *
 * <p>The file: MJPG 1280x720 colour (JPEGs encoded by OpenCV), NFOV_UNBINNED 640x576 depth and IR at 15 fps
 * for 3 s; an IMU track at 200 Hz with a smooth synthetic sway (gravity plus slow oscillations, independent of
 * the images); a custom subtitle track {@code GROUND_TRUTH} with the balls' positions per frame as JSON; tags,
 * and the attachments {@code calibration.json} (the raw calibration, so {@code Playback.getCalibration()}
 * works) and {@code scene.txt}.
 *
 * <p>Written by {@code k4a4j sample OUT.mkv}, and by {@code k4a4j} alone (to {@code out/sample.mkv}).
 */
public final class SampleRecording {
    /** Frames per second and length of the recording. */
    public static final int FPS = 15;
    public static final int FRAMES = 45;
    public static final int IMU_HZ = 200;
    /** Device time of the first IMU sample and of the first frame, in microseconds. */
    public static final long START_USEC = 200_000;
    public static final long FIRST_FRAME_USEC = 250_000;

    static final int DEPTH_W = 640;
    static final int DEPTH_H = 576;
    static final int COLOR_W = 1280;
    static final int COLOR_H = 720;

    /** Unitized intrinsics of the synthetic calibration (fractions of the sensor size, see calibration JSON). */
    private static final double DEPTH_SENSOR = 1024;
    private static final double DEPTH_CX = 0.5;
    private static final double DEPTH_CY = 0.5;
    private static final double DEPTH_F = 504.0 / 1024;
    private static final double COLOR_SENSOR_W = 4096;
    private static final double COLOR_SENSOR_H = 3072;
    private static final double COLOR_CX = 0.5;
    private static final double COLOR_CY = 0.5;
    private static final double COLOR_FX = 612.0 / 1280;
    private static final double COLOR_FY = 612.0 / 960;
    /** Depth to colour: rotation about x by this angle, then this translation (mm). */
    private static final double TILT_RAD = Math.toRadians(5.0);
    private static final double[] COLOR_T_MM = {-32.0, -2.0, 4.0};

    /** Pixel intrinsics of the modes used (NFOV_UNBINNED: 1024x1024 window at (192, 180); 720P: 1280x960 at (0, 120)). */
    private static final double D_FX = DEPTH_F * 1024;
    private static final double D_CX = DEPTH_CX * 1024 - 192 - 0.5;
    private static final double D_CY = DEPTH_CY * 1024 - 180 - 0.5;
    private static final double C_FX = COLOR_FX * 1280;
    private static final double C_FY = COLOR_FY * 960;
    private static final double C_CX = COLOR_CX * 1280 - 0.5;
    private static final double C_CY = COLOR_CY * 960 - 120 - 0.5;

    /** The camera 1.2 m above the floor, looking down by this angle. */
    private static final double PITCH_RAD = Math.toRadians(15.0);
    private static final double FLOOR_Y = 1200;
    private static final double WALL_Z = 3200;
    private static final double[] BOX_MIN = {-1550, 700, 1900};
    private static final double[] BOX_MAX = {-1030, FLOOR_Y, 2400};
    private static final double ROLL_R = 260;
    private static final double BOUNCE_R = 150;

    private SampleRecording() {
    }

    /**
     * The raw calibration of the synthetic device, as the JSON a device stores (followed by a NUL, like a
     * device's blob): zero-distortion Brown-Conrady lenses, unitized intrinsics, extrinsics in metres.
     */
    public static byte[] rawCalibration() {
        double c = Math.cos(TILT_RAD);
        double s = Math.sin(TILT_RAD);
        StringBuilder j = new StringBuilder();
        j.append("{\"CalibrationInformation\":{\"Cameras\":[");
        camera(j, "CALIBRATION_CameraPurposeDepth", "CALIBRATION_CameraLocationD0",
                new double[] {DEPTH_CX, DEPTH_CY, DEPTH_F, DEPTH_F}, 1.74, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                new double[] {0, 0, 0}, (int) DEPTH_SENSOR, (int) DEPTH_SENSOR);
        j.append(',');
        camera(j, "CALIBRATION_CameraPurposePhotoVideo", "CALIBRATION_CameraLocationPV0",
                new double[] {COLOR_CX, COLOR_CY, COLOR_FX, COLOR_FY}, 1.7, new double[] {1, 0, 0, 0, c, s, 0, -s, c},
                new double[] {COLOR_T_MM[0] / 1000, COLOR_T_MM[1] / 1000, COLOR_T_MM[2] / 1000},
                (int) COLOR_SENSOR_W, (int) COLOR_SENSOR_H);
        j.append("],\"InertialSensors\":[");
        // the IMU is mounted with its axes turned against the depth camera's, as on the device
        double[] imuRotation = {0, 0, -1, -1, 0, 0, 0, 1, 0};
        sensor(j, "CALIBRATION_InertialSensorType_Gyro", imuRotation, new double[] {0, 0, 0});
        j.append(',');
        sensor(j, "CALIBRATION_InertialSensorType_Accelerometer", imuRotation, new double[] {-0.051, 0.0035, 0.0013});
        j.append("],\"Metadata\":{\"SerialId\":\"SYNTHETIC000\",\"FactoryCalDate\":\"k4a4j sample\",\"Version\":{\"Major\":1,\"Minor\":2}}}}");
        byte[] text = j.toString().getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[text.length + 1];
        System.arraycopy(text, 0, raw, 0, text.length);
        return raw;
    }

    private static void camera(StringBuilder j, String purpose, String location, double[] cxcyfxfy, double metricRadius,
            double[] rotation, double[] translation, int width, int height) {
        j.append("{\"Intrinsics\":{\"ModelParameterCount\":14,\"ModelParameters\":[");
        for (int i = 0; i < 14; i++) {
            j.append(i > 0 ? "," : "").append(i < 4 ? num(cxcyfxfy[i]) : "0");
        }
        j.append("],\"ModelType\":\"CALIBRATION_LensDistortionModelBrownConrady\"},\"Location\":\"").append(location)
                .append("\",\"Purpose\":\"").append(purpose).append("\",\"MetricRadius\":").append(num(metricRadius))
                .append(',');
        rt(j, rotation, translation);
        j.append(",\"SensorHeight\":").append(height).append(",\"SensorWidth\":").append(width)
                .append(",\"Shutter\":\"CALIBRATION_ShutterTypeUndefined\"}");
    }

    private static void sensor(StringBuilder j, String type, double[] rotation, double[] translation) {
        j.append("{\"BiasTemperatureModel\":[0,0,0,0,0,0,0,0,0,0,0,0],\"Id\":\"CALIBRATION_InertialSensorId_LSM6DSM\",");
        rt(j, rotation, translation);
        j.append(",\"SensorType\":\"").append(type).append("\",\"TemperatureC\":0}");
    }

    private static void rt(StringBuilder j, double[] rotation, double[] translation) {
        j.append("\"Rt\":{\"Rotation\":[");
        for (int i = 0; i < 9; i++) {
            j.append(i > 0 ? "," : "").append(num(rotation[i]));
        }
        j.append("],\"Translation\":[");
        for (int i = 0; i < 3; i++) {
            j.append(i > 0 ? "," : "").append(num(translation[i]));
        }
        j.append("]}");
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.17g", v);
    }

    /** Device timestamp of frame i in microseconds. */
    public static long frameTimestampUsec(int i) {
        return FIRST_FRAME_USEC + Math.round(i * 1e6 / FPS);
    }

    /**
     * Writes the recording. The progress callback (may be null) gets (frames done, total).
     *
     * @throws org.k4a4j.K4aException when the file cannot be written
     */
    public static void write(File file, java.util.function.BiConsumer<Integer, Integer> progress) {
        File dir = file.getAbsoluteFile().getParentFile();
        if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
            throw new IllegalStateException("cannot create " + dir);
        }
        DeviceConfiguration config = DeviceConfiguration.builder().colorFormat(ImageFormat.COLOR_MJPG)
                .colorResolution(ColorResolution.RES_720P).depthMode(DepthMode.NFOV_UNBINNED)
                .cameraFps(Fps.FPS_15).synchronizedImagesOnly(true).build();
        Scene scene = new Scene();
        try (Recorder recorder = Recorder.create(file.toPath(), config)) {
            recorder.addTag("K4A_CALIBRATION_FILE", "calibration.json");
            recorder.addTag("K4A_DEVICE_SERIAL_NUMBER", "SYNTHETIC000");
            recorder.addTag("K4A4J_GENERATOR", "org.k4a4j.tools.SampleRecording (k4a4j " + org.k4a4j.K4a.VERSION + ")");
            recorder.addTag("K4A4J_SCENE", "floor, wall with a window, a box, a rolling red ball, a bouncing yellow ball");
            recorder.addAttachment("calibration.json", rawCalibration());
            recorder.addAttachment("scene.txt", ("Synthetic scene of k4a4j's sample recording (depth camera coordinates, mm):\n"
                    + "floor y = " + FLOOR_Y + ", wall z = " + WALL_Z + ", box " + java.util.Arrays.toString(BOX_MIN) + " .. "
                    + java.util.Arrays.toString(BOX_MAX) + ",\nred ball radius " + ROLL_R + " rolling round (0, "
                    + (FLOOR_Y - ROLL_R) + ", 2100), yellow ball radius " + BOUNCE_R + " bouncing at (350, ., 2950).\n")
                    .getBytes(StandardCharsets.UTF_8));
            recorder.addImuTrack();
            recorder.addCustomSubtitleTrack("GROUND_TRUTH", "S_K4A4J/JSON",
                    "{\"units\":\"mm\",\"frame\":\"depth camera\"}".getBytes(StandardCharsets.UTF_8), false);
            recorder.writeHeader();

            int imuIndex = 0;
            long imuPeriod = 1_000_000 / IMU_HZ;
            for (int f = 0; f < FRAMES; f++) {
                long t = frameTimestampUsec(f);
                // IMU samples up to this frame's time, so every track is written in time order
                for (long ts = START_USEC + imuIndex * imuPeriod; ts <= t; ts = START_USEC + (++imuIndex) * imuPeriod) {
                    recorder.writeImuSample(imuSample(ts));
                }
                double seconds = (t - FIRST_FRAME_USEC) / 1e6;
                scene.at(seconds);
                try (Capture capture = Capture.create();
                     Image depth = Image.create(ImageFormat.DEPTH16, DEPTH_W, DEPTH_H);
                     Image ir = Image.create(ImageFormat.IR16, DEPTH_W, DEPTH_H);
                     Image color = jpeg(scene, seconds, f)) {
                    renderDepthAndIr(scene, depth.getShortBuffer(), ir.getShortBuffer());
                    for (Image image : new Image[] {depth, ir, color}) {
                        image.setDeviceTimestampUsec(t);
                    }
                    color.setExposureUsec(8330);
                    color.setWhiteBalance(4500);
                    color.setIsoSpeed(400);
                    capture.setColorImage(color);
                    capture.setDepthImage(depth);
                    capture.setIrImage(ir);
                    capture.setTemperatureC(31.5f);
                    recorder.writeCapture(capture);
                }
                recorder.writeCustomTrackData("GROUND_TRUTH", t, scene.json(f, t).getBytes(StandardCharsets.UTF_8));
                if (progress != null) {
                    progress.accept(f + 1, FRAMES);
                }
            }
            long end = frameTimestampUsec(FRAMES - 1) + 1_000_000 / FPS;
            for (long ts = START_USEC + imuIndex * imuPeriod; ts < end; ts = START_USEC + (++imuIndex) * imuPeriod) {
                recorder.writeImuSample(imuSample(ts));
            }
        }
    }

    /**
     * A smooth synthetic IMU sample at device time ts: the camera sways slowly about its vertical and
     * horizontal axes; the accelerometer sees gravity (tilted by the sway) plus the sway's small accelerations.
     * Values are in the IMU's axes (the calibration's depth-to-IMU rotation).
     */
    static ImuSample imuSample(long ts) {
        double t = (ts - START_USEC) / 1e6;
        double yawAmp = 0.04;
        double pitchAmp = 0.025;
        double wy = 2 * Math.PI * 0.5;
        double wp = 2 * Math.PI * 0.3;
        double pitch = pitchAmp * Math.sin(wp * t + 1.0);
        // angular velocity in depth camera axes
        double gx = pitchAmp * wp * Math.cos(wp * t + 1.0);
        double gy = yawAmp * wy * Math.cos(wy * t);
        double gz = 0.01 * Math.sin(2 * Math.PI * 0.7 * t);
        // specific force in depth camera axes (y down): -g along "up", tilted by the pitch, plus a little sway
        double ax = -0.15 * Math.sin(wy * t);
        double ay = -9.81 * Math.cos(pitch);
        double az = 9.81 * Math.sin(pitch) + 0.05 * Math.sin(2 * Math.PI * 1.1 * t);
        // depth -> IMU rotation [[0,0,-1],[-1,0,0],[0,1,0]]
        Float3 acc = new Float3((float) -az, (float) -ax, (float) ay);
        Float3 gyro = new Float3((float) -gz, (float) -gx, (float) gy);
        return new ImuSample(Float.NaN, acc, ts, gyro, ts + 125);
    }

    /** Renders the colour image and encodes it as a JPEG in an MJPG image. */
    private static Image jpeg(Scene scene, double seconds, int frame) {
        byte[] bgr = new byte[COLOR_W * COLOR_H * 3];
        double c = Math.cos(TILT_RAD);
        double s = Math.sin(TILT_RAD);
        // the colour camera's centre in depth coordinates: -R^T t
        double ox = -COLOR_T_MM[0];
        double oy = -(c * COLOR_T_MM[1] - s * COLOR_T_MM[2]);
        double oz = -(s * COLOR_T_MM[1] + c * COLOR_T_MM[2]);
        IntStream.range(0, COLOR_H).parallel().forEach(v -> {
            Hit hit = new Hit();
            for (int u = 0; u < COLOR_W; u++) {
                double x = (u - C_CX) / C_FX;
                double y = (v - C_CY) / C_FY;
                // ray direction R^T (x, y, 1) in depth coordinates (R = rotation about x by the tilt)
                double dx = x;
                double dy = c * y - s;
                double dz = s * y + c;
                int o = (v * COLOR_W + u) * 3;
                if (scene.cast(ox, oy, oz, dx, dy, dz, hit)) {
                    shade(hit, bgr, o);
                } else {
                    bgr[o] = (byte) 40;
                    bgr[o + 1] = (byte) 40;
                    bgr[o + 2] = (byte) 40;
                }
            }
        });
        Mat mat = new Mat(COLOR_H, COLOR_W, CV_8UC3);
        mat.data().put(bgr);
        String label = String.format(Locale.ROOT, "k4a4j synthetic sample  frame %02d  t = %.3f s", frame, seconds);
        putText(mat, label, new Point(24, 44), FONT_HERSHEY_SIMPLEX, 0.9, new Scalar(0, 0, 0, 0), 5, LINE_AA, false);
        putText(mat, label, new Point(24, 44), FONT_HERSHEY_SIMPLEX, 0.9, new Scalar(255, 255, 255, 0), 2, LINE_AA, false);
        BytePointer encoded = new BytePointer();
        if (!imencode(".jpg", mat, encoded, new IntPointer(IMWRITE_JPEG_QUALITY, 90))) {
            throw new IllegalStateException("OpenCV could not encode a JPEG");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) encoded.limit());
        buffer.put(encoded.asBuffer()).flip();
        encoded.close();
        mat.close();
        return Image.wrap(ImageFormat.COLOR_MJPG, COLOR_W, COLOR_H, 0, buffer);
    }

    private static void renderDepthAndIr(Scene scene, ShortBuffer depth, ShortBuffer ir) {
        short[] d = new short[DEPTH_W * DEPTH_H];
        short[] r = new short[DEPTH_W * DEPTH_H];
        IntStream.range(0, DEPTH_H).parallel().forEach(v -> {
            Hit hit = new Hit();
            for (int u = 0; u < DEPTH_W; u++) {
                double x = (u - D_CX) / D_FX;
                double y = (v - D_CY) / D_FX;
                int i = v * DEPTH_W + u;
                if (!scene.cast(0, 0, 0, x, y, 1, hit) || hit.noReturn) {
                    continue;
                }
                double len = Math.sqrt(x * x + y * y + 1);
                double cos = -(hit.nx * x + hit.ny * y + hit.nz) / len;
                if (cos < 0.08 || hit.z > 5400) {
                    continue; // grazing surfaces and far points return too little light
                }
                double range = hit.t * len / 1000; // metres
                double noise = ((hash(u, v, (int) (hit.z)) & 1023) / 1023.0 - 0.5) * 0.02;
                double value = 3000 * hit.irAlbedo * cos / (range * range) * (1 + noise);
                d[i] = (short) Math.round(hit.z);
                r[i] = (short) Math.max(1, Math.min(65535, Math.round(value)));
            }
        });
        depth.put(d);
        ir.put(r);
    }

    private static int hash(int a, int b, int c) {
        int h = a * 73856093 ^ b * 19349663 ^ c * 83492791;
        h ^= h >>> 13;
        h *= 0x5bd1e995;
        return h ^ (h >>> 15);
    }

    /** Colour of a hit: Lambert shading under a light from the upper left, plus ambient light. */
    private static void shade(Hit hit, byte[] bgr, int o) {
        // the direction the light travels (camera coordinates): from the upper left, near the camera
        double lx = 0.45;
        double ly = 0.75;
        double lz = 0.48;
        double lambert = Math.max(0, -(hit.nx * lx + hit.ny * ly + hit.nz * lz));
        double k = 0.45 + 0.6 * lambert;
        bgr[o] = (byte) Math.min(255, Math.round(hit.b * k));
        bgr[o + 1] = (byte) Math.min(255, Math.round(hit.g * k));
        bgr[o + 2] = (byte) Math.min(255, Math.round(hit.r * k));
    }

    /** What a ray hits: distance along the ray, depth z, normal, colour, IR albedo. */
    static final class Hit {
        double t;
        double z;
        double nx;
        double ny;
        double nz;
        double r;
        double g;
        double b;
        double irAlbedo;
        boolean noReturn;
    }

    /** The scene at one moment. */
    static final class Scene {
        double rollX;
        double rollY;
        double rollZ;
        double bounceX;
        double bounceY;
        double bounceZ;

        void at(double seconds) {
            double phase = 2 * Math.PI * seconds / (FRAMES / (double) FPS);
            rollX = 650 * Math.sin(phase);
            rollY = FLOOR_Y - ROLL_R;
            rollZ = 2100 - 450 * Math.cos(phase);
            bounceX = 350;
            bounceZ = 2950;
            bounceY = FLOOR_Y - BOUNCE_R - 700 * Math.abs(Math.sin(Math.PI * seconds / 1.5 * 2));
        }

        String json(int frame, long t) {
            return String.format(Locale.ROOT, "{\"frame\":%d,\"device_timestamp_usec\":%d,\"red_ball\":[%.1f,%.1f,%.1f],"
                    + "\"yellow_ball\":[%.1f,%.1f,%.1f]}", frame, t, rollX, rollY, rollZ, bounceX, bounceY, bounceZ);
        }

        /**
         * The nearest hit of the ray o + t d (t > 0) given in depth camera coordinates, or false. The scene is
         * built in world coordinates (y down, floor and wall axis-aligned), which are the camera's turned down
         * by the pitch; hit.z and the normal are given back in camera coordinates.
         */
        boolean cast(double cox, double coy, double coz, double cdx, double cdy, double cdz, Hit hit) {
            double pc = Math.cos(PITCH_RAD);
            double ps = Math.sin(PITCH_RAD);
            // world = Rx(-pitch) camera: the optical axis (0, 0, 1) points down, at (0, sin, cos)
            double ox = cox;
            double oy = pc * coy + ps * coz;
            double oz = -ps * coy + pc * coz;
            double dx = cdx;
            double dy = pc * cdy + ps * cdz;
            double dz = -ps * cdy + pc * cdz;
            double best = Double.MAX_VALUE;
            int what = -1;
            // floor y = FLOOR_Y
            if (dy > 1e-9) {
                double t = (FLOOR_Y - oy) / dy;
                if (t > 0 && t < best && oz + t * dz < WALL_Z) {
                    best = t;
                    what = 0;
                }
            }
            // wall z = WALL_Z
            if (dz > 1e-9) {
                double t = (WALL_Z - oz) / dz;
                if (t > 0 && t < best) {
                    best = t;
                    what = 1;
                }
            }
            double t = sphere(ox, oy, oz, dx, dy, dz, rollX, rollY, rollZ, ROLL_R);
            if (t > 0 && t < best) {
                best = t;
                what = 2;
            }
            t = sphere(ox, oy, oz, dx, dy, dz, bounceX, bounceY, bounceZ, BOUNCE_R);
            if (t > 0 && t < best) {
                best = t;
                what = 3;
            }
            int[] face = new int[1];
            t = box(ox, oy, oz, dx, dy, dz, face);
            if (t > 0 && t < best) {
                best = t;
                what = 4;
            }
            if (what < 0) {
                return false;
            }
            double x = ox + best * dx;
            double y = oy + best * dy;
            double z = oz + best * dz;
            hit.t = best;
            hit.z = coz + best * cdz;
            hit.noReturn = false;
            hit.irAlbedo = 1;
            switch (what) {
                case 0: { // floor: checkerboard of 300 mm squares
                    hit.nx = 0;
                    hit.ny = -1;
                    hit.nz = 0;
                    boolean dark = ((int) Math.floor(x / 300) + (int) Math.floor(z / 300) & 1) == 0;
                    set(hit, dark ? 150 : 225, dark ? 115 : 195, dark ? 80 : 150);
                    hit.irAlbedo = dark ? 0.7 : 1.1;
                    break;
                }
                case 1: { // wall: warm grey, darker near the floor, with a window of dark glass
                    hit.nx = 0;
                    hit.ny = 0;
                    hit.nz = -1;
                    double k = 0.85 + 0.15 * Math.max(-1, Math.min(1, -y / 1500));
                    set(hit, 235 * k, 225 * k, 200 * k);
                    if (x > 500 && x < 1500 && y > -1300 && y < -350) {
                        set(hit, 150, 195, 235); // sky seen through the glass
                        hit.noReturn = true;
                    } else if (Math.abs(y - 400) < 25) {
                        set(hit, 90, 70, 60); // a dado rail
                    }
                    hit.irAlbedo = 0.9;
                    break;
                }
                case 2:
                case 3: {
                    double cx = what == 2 ? rollX : bounceX;
                    double cy = what == 2 ? rollY : bounceY;
                    double cz = what == 2 ? rollZ : bounceZ;
                    double rr = what == 2 ? ROLL_R : BOUNCE_R;
                    hit.nx = (x - cx) / rr;
                    hit.ny = (y - cy) / rr;
                    hit.nz = (z - cz) / rr;
                    if (what == 2) {
                        // a white stripe round the red ball shows it rolling
                        double angle = 2 * Math.PI * (rollX / 650);
                        double stripe = hit.nx * Math.cos(angle) + hit.ny * Math.sin(angle);
                        if (Math.abs(stripe) < 0.12) {
                            set(hit, 240, 240, 240);
                        } else {
                            set(hit, 220, 40, 35);
                        }
                    } else {
                        set(hit, 245, 205, 30);
                    }
                    hit.irAlbedo = 1.2;
                    break;
                }
                default: { // box: the same blue, told apart by shading
                    hit.nx = face[0] == 0 ? (dx > 0 ? -1 : 1) : 0;
                    hit.ny = face[0] == 1 ? (dy > 0 ? -1 : 1) : 0;
                    hit.nz = face[0] == 2 ? (dz > 0 ? -1 : 1) : 0;
                    set(hit, 45, 95, 200);
                    hit.irAlbedo = 0.8;
                }
            }
            // the normal back to camera coordinates
            double ny = hit.ny;
            double nz = hit.nz;
            hit.ny = pc * ny - ps * nz;
            hit.nz = ps * ny + pc * nz;
            return true;
        }

        private static void set(Hit hit, double r, double g, double b) {
            hit.r = r;
            hit.g = g;
            hit.b = b;
        }

        private static double sphere(double ox, double oy, double oz, double dx, double dy, double dz, double cx, double cy,
                double cz, double r) {
            double px = ox - cx;
            double py = oy - cy;
            double pz = oz - cz;
            double a = dx * dx + dy * dy + dz * dz;
            double b = 2 * (px * dx + py * dy + pz * dz);
            double c = px * px + py * py + pz * pz - r * r;
            double disc = b * b - 4 * a * c;
            if (disc < 0) {
                return -1;
            }
            return (-b - Math.sqrt(disc)) / (2 * a);
        }

        /** Slab test of the box; face[0] is the axis of the face hit. */
        private static double box(double ox, double oy, double oz, double dx, double dy, double dz, int[] face) {
            double[] o = {ox, oy, oz};
            double[] d = {dx, dy, dz};
            double near = -Double.MAX_VALUE;
            double far = Double.MAX_VALUE;
            for (int axis = 0; axis < 3; axis++) {
                if (Math.abs(d[axis]) < 1e-12) {
                    if (o[axis] < BOX_MIN[axis] || o[axis] > BOX_MAX[axis]) {
                        return -1;
                    }
                    continue;
                }
                double t1 = (BOX_MIN[axis] - o[axis]) / d[axis];
                double t2 = (BOX_MAX[axis] - o[axis]) / d[axis];
                if (t1 > t2) {
                    double tmp = t1;
                    t1 = t2;
                    t2 = tmp;
                }
                if (t1 > near) {
                    near = t1;
                    face[0] = axis;
                }
                far = Math.min(far, t2);
                if (near > far) {
                    return -1;
                }
            }
            return near;
        }
    }

    /** Little-endian check (k4a images are native order; every supported platform is little-endian). */
    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new ExceptionInInitializerError("the sample assumes a little-endian platform");
        }
    }
}
