/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.k4a4j.k4a.k4a_calibration_t;
import org.k4a4j.k4a.k4a_float2_t;
import org.k4a4j.k4a.k4a_float3_t;
import org.k4a4j.k4a.k4a_image_t;

import static org.k4a4j.global.k4a.*;

/**
 * The calibration of a device for one depth mode and colour resolution ({@code k4a_calibration_t}): the
 * intrinsics and extrinsics of both cameras, the extrinsics between every pair of sensors, and the point
 * conversions between them.
 *
 * <p><b>A calibration is plain data, not a resource.</b> It is immutable and may be shared between threads.
 * It needs no {@code close()}: it owns only the 1032-byte native copy of the struct that the conversion
 * functions read, freed once the object is unreachable. Its accessors return immutable Java values read once
 * at construction; {@link #toNative()} gives the raw struct (a copy) to code that uses the bindings directly.
 *
 * <p>Sensors are the {@code K4A_CALIBRATION_TYPE_*} constants (DEPTH, COLOR, GYRO, ACCEL), modes the
 * {@code K4A_DEPTH_MODE_*} and {@code K4A_COLOR_RESOLUTION_*} constants of {@code org.k4a4j.global.k4a}. 3D
 * points are in millimetres; pixel coordinates have (0, 0) at the centre of the top-left pixel.
 *
 * <p>The conversions that report validity ({@code valid} in C) return {@code null} where the point has no
 * valid result (outside the lens model's range, behind the camera, depth 0, ...); a failed call (an invalid
 * sensor, a camera that is off in this mode, a bad depth image) throws {@link K4aException} with the library's
 * message.
 */
public final class Calibration {
    /** Byte offsets in the 1.4 ABI's k4a_calibration_t (x86_64 and every other supported platform). */
    private static final int CAMERA_SIZE = 128;
    private static final int EXTRINSICS_SIZE = 48;
    private static final int EXTRINSICS_TABLE = 256;
    private static final int DEPTH_MODE = 1024;
    private static final int COLOR_RESOLUTION = 1028;
    private static final int SIZE = 1032;

    private final Struct struct;
    private final int depthMode;
    private final int colorResolution;
    private final Camera depthCamera;
    private final Camera colorCamera;
    private final Extrinsics[][] extrinsics = new Extrinsics[4][4];

    static {
        K4a.load();
        if (Native.calibrationSize() != SIZE) {
            throw new ExceptionInInitializerError("k4a_calibration_t has " + Native.calibrationSize()
                    + " bytes; k4a4j expects the 1.4 ABI's " + SIZE);
        }
    }

    /** Takes over a filled native struct. */
    private Calibration(Struct struct) {
        this.struct = struct;
        byte[] bytes = new byte[SIZE];
        Native.bytesAt(struct.address(), SIZE).get(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        depthCamera = new Camera(b, 0);
        colorCamera = new Camera(b, CAMERA_SIZE);
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 4; t++) {
                extrinsics[s][t] = new Extrinsics(b, EXTRINSICS_TABLE + (s * 4 + t) * EXTRINSICS_SIZE);
            }
        }
        depthMode = b.getInt(DEPTH_MODE);
        colorResolution = b.getInt(COLOR_RESOLUTION);
    }

    /**
     * The calibration of a depth mode and colour resolution from raw calibration data
     * ({@code k4a_calibration_get_from_raw}): the JSON a device stores, as in a recording's calibration
     * attachment ({@link Playback#getRawCalibration()}). A terminating NUL is added when the data has none.
     *
     * @param raw             the JSON bytes
     * @param depthMode       the depth mode
     * @param colorResolution the colour resolution (not both OFF)
     * @return a new calibration (a value: nothing to close)
     * @throws K4aException when the data is not a calibration or a mode is invalid (the message says why)
     */
    public static Calibration fromRaw(byte[] raw, DepthMode depthMode, ColorResolution colorResolution) {
        if (raw == null) {
            throw new NullPointerException("raw calibration is null");
        }
        requireNonNull(depthMode, "depthMode");
        requireNonNull(colorResolution, "colorResolution");
        boolean terminated = raw.length > 0 && raw[raw.length - 1] == 0;
        long size = terminated ? raw.length : raw.length + 1L;
        long buffer = Native.calloc(size);
        Struct struct = Struct.allocate();
        try {
            BytePointer text = Native.bytesAt(buffer, size);
            text.put(raw, 0, raw.length);
            K4a.clearErrors();
            if (k4a_calibration_get_from_raw(text, size, depthMode.value(), colorResolution.value(), struct)
                    != K4A_RESULT_SUCCEEDED) {
                struct.free();
                throw K4a.error("k4a_calibration_get_from_raw");
            }
        } finally {
            Native.free(buffer);
        }
        return new Calibration(struct);
    }

    /**
     * {@link #fromRaw(byte[], DepthMode, ColorResolution)} of a JSON text (encoded as UTF-8).
     *
     * @param raw             the JSON text
     * @param depthMode       the depth mode
     * @param colorResolution the colour resolution (not both OFF)
     * @return a new calibration (a value: nothing to close)
     */
    public static Calibration fromRaw(String raw, DepthMode depthMode, ColorResolution colorResolution) {
        if (raw == null) {
            throw new NullPointerException("raw calibration is null");
        }
        return fromRaw(raw.getBytes(StandardCharsets.UTF_8), depthMode, colorResolution);
    }

    /**
     * A calibration holding a copy of a native struct (e.g. one filled by a raw {@code k4a_*} call).
     *
     * @param calibration a calibration
     * @return a new calibration (a value: nothing to close)
     */
    public static Calibration of(k4a_calibration_t calibration) {
        Checks.pointerBytes(calibration, SIZE, "calibration");
        Struct struct = Struct.allocate();
        Pointer.memcpy(struct, calibration, SIZE);
        return new Calibration(struct);
    }

    /** Takes over a struct filled by a native call of this package. */
    static Calibration adopt(Struct struct) {
        return new Calibration(struct);
    }

    /** The struct passed to native calls; valid while this object is reachable. Never written to. */
    k4a_calibration_t struct() {
        return struct;
    }

    /**
     * A new native struct holding a copy of this calibration (JavaCPP frees it when it is collected).
     *
     * @return a new native struct holding a copy of this calibration (JavaCPP frees it when it is collected)
     */
    public k4a_calibration_t toNative() {
        k4a_calibration_t copy = new k4a_calibration_t();
        Pointer.memcpy(copy, struct, SIZE);
        return copy;
    }

    /**
     * @return the depth mode this calibration is for
     * @throws IllegalArgumentException when the struct holds a value outside {@code k4a_depth_mode_t}
     */
    public DepthMode getDepthMode() {
        return DepthMode.of(depthMode);
    }

    /**
     * @return the colour resolution this calibration is for
     * @throws IllegalArgumentException when the struct holds a value outside {@code k4a_color_resolution_t}
     */
    public ColorResolution getColorResolution() {
        return ColorResolution.of(colorResolution);
    }

    /**
     * The depth camera (all zero when the depth mode is OFF).
     *
     * @return the depth camera (all zero when the depth mode is OFF)
     */
    public Camera getDepthCamera() {
        return depthCamera;
    }

    /**
     * The colour camera (all zero when the colour resolution is OFF).
     *
     * @return the colour camera (all zero when the colour resolution is OFF)
     */
    public Camera getColorCamera() {
        return colorCamera;
    }

    /**
     * {@code extrinsics[source][target]}: the rotation and translation (mm) that take a point from the source
     * sensor's coordinates into the target's.
     *
     * @param source DEPTH, COLOR, GYRO or ACCEL
     * @param target likewise
     * @return the extrinsics (a value)
     * @throws IllegalArgumentException for another value
     */
    public Extrinsics getExtrinsics(CalibrationType source, CalibrationType target) {
        return extrinsics[sensor("source", source)][sensor("target", target)];
    }

    /**
     * Moves a 3D point (mm) from one sensor's coordinates to another's ({@code k4a_calibration_3d_to_3d}).
     *
     * @param point  the point in the source's coordinates (mm)
     * @param source the sensor whose coordinates the point is in
     * @param target the sensor whose coordinates the result is in
     * @return the point in the target's coordinates
     * @throws IllegalArgumentException for a sensor type outside DEPTH..ACCEL, checked before the call
     */
    public Float3 convert3dTo3d(Float3 point, CalibrationType source, CalibrationType target) {
        requireNonNull(point, "point");
        requireTypes(source, target);
        Native.Scratch s = Native.scratch();
        put(s.float3In, point);
        K4a.clearErrors();
        if (k4a_calibration_3d_to_3d(struct, s.float3In, sensor("source", source), sensor("target", target),
                s.float3Out) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_calibration_3d_to_3d");
        }
        return get(s.float3Out);
    }

    /**
     * Unprojects a pixel of a camera at a depth (mm) and moves it to a target sensor's coordinates
     * ({@code k4a_calibration_2d_to_3d}).
     *
     * @param point   the pixel of the source camera
     * @param depthMm the depth of the pixel in mm
     * @param source  DEPTH or COLOR
     * @param target  the sensor whose coordinates the result is in
     * @return the 3D point in mm, or null when it is not valid (e.g. depth 0, or outside the lens model)
     * @throws IllegalArgumentException for a sensor type outside DEPTH..ACCEL (0..3), checked before the call
     * @throws K4aException for a sensor this conversion cannot use, or a camera that is off
     */
    public Float3 convert2dTo3d(Float2 point, float depthMm, CalibrationType source, CalibrationType target) {
        requireNonNull(point, "point");
        requireTypes(source, target);
        Native.Scratch s = Native.scratch();
        put(s.float2In, point);
        s.valid.put(0, 0);
        K4a.clearErrors();
        if (k4a_calibration_2d_to_3d(struct, s.float2In, depthMm, sensor("source", source),
                sensor("target", target), s.float3Out, s.valid)
                != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_calibration_2d_to_3d");
        }
        return s.valid.get(0) != 0 ? get(s.float3Out) : null;
    }

    /**
     * Projects a 3D point (mm) of a source sensor into a target camera's image
     * ({@code k4a_calibration_3d_to_2d}).
     *
     * @param point  the point in the source's coordinates (mm)
     * @param source the sensor whose coordinates the point is in
     * @param target DEPTH or COLOR
     * @return the pixel, or null when the point does not project validly (e.g. behind the camera)
     * @throws IllegalArgumentException for a sensor type outside DEPTH..ACCEL (0..3), checked before the call
     * @throws K4aException for a sensor this conversion cannot use, or a camera that is off
     */
    public Float2 convert3dTo2d(Float3 point, CalibrationType source, CalibrationType target) {
        requireNonNull(point, "point");
        requireTypes(source, target);
        Native.Scratch s = Native.scratch();
        put(s.float3In, point);
        s.valid.put(0, 0);
        K4a.clearErrors();
        if (k4a_calibration_3d_to_2d(struct, s.float3In, sensor("source", source), sensor("target", target),
                s.float2Out, s.valid) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_calibration_3d_to_2d");
        }
        return s.valid.get(0) != 0 ? get(s.float2Out) : null;
    }

    /**
     * Moves a pixel at a depth (mm) from one camera's image to another's ({@code k4a_calibration_2d_to_2d}).
     *
     * @param point   the pixel of the source camera
     * @param depthMm the depth of the pixel in mm
     * @param source  DEPTH or COLOR
     * @param target  DEPTH or COLOR
     * @return the pixel, or null when there is no valid result
     * @throws IllegalArgumentException for a sensor type outside DEPTH..ACCEL (0..3), checked before the call
     * @throws K4aException for a sensor that is not a camera, or a camera that is off
     */
    public Float2 convert2dTo2d(Float2 point, float depthMm, CalibrationType source, CalibrationType target) {
        requireNonNull(point, "point");
        requireTypes(source, target);
        Native.Scratch s = Native.scratch();
        put(s.float2In, point);
        s.valid.put(0, 0);
        K4a.clearErrors();
        if (source != target) { // one camera to itself is the identity, which reads no table (as in the reference)
            sensor("source", source);
            sensor("target", target);
        }
        if (k4a_calibration_2d_to_2d(struct, s.float2In, depthMm, source.value(), target.value(), s.float2Out, s.valid)
                != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_calibration_2d_to_2d");
        }
        return s.valid.get(0) != 0 ? get(s.float2Out) : null;
    }

    /**
     * The depth pixel that sees what a colour pixel sees, searched along its epipolar line in a depth image of
     * this calibration's depth mode ({@code k4a_calibration_color_2d_to_depth_2d}).
     *
     * @param point the point
     * @param depth a DEPTH16 image of the depth camera's size
     * @return the depth pixel, or null when none matches
     * @throws IllegalArgumentException for a depth image of the wrong format or size (checked before the call)
     * @throws K4aException for a camera that is off
     * @throws IllegalStateException when the image is closed, or the depth camera is off
     */
    public Float2 convertColor2dToDepth2d(Float2 point, Image depth) {
        requireNonNull(point, "point");
        k4a_image_t image = Checks.image(depth, "depth", depthCamera.getResolutionWidth(),
                depthCamera.getResolutionHeight(), "the depth camera", 2, K4A_IMAGE_FORMAT_DEPTH16);
        Native.Scratch s = Native.scratch();
        put(s.float2In, point);
        s.valid.put(0, 0);
        K4a.clearErrors();
        if (k4a_calibration_color_2d_to_depth_2d(struct, s.float2In, image, s.float2Out, s.valid)
                != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_calibration_color_2d_to_depth_2d");
        }
        return s.valid.get(0) != 0 ? get(s.float2Out) : null;
    }

    /**
     * Equal when every field that carries meaning is equal (floats bit for bit): the modes, both cameras and
     * the extrinsics table. Intrinsic parameters beyond a camera's parameter count are not compared: libraries
     * (the reference among them) leave them undefined.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Calibration)) {
            return false;
        }
        Calibration c = (Calibration) o;
        return depthMode == c.depthMode && colorResolution == c.colorResolution && depthCamera.equals(c.depthCamera)
                && colorCamera.equals(c.colorCamera) && Arrays.deepEquals(extrinsics, c.extrinsics);
    }

    @Override
    public int hashCode() {
        return ((depthMode * 31 + colorResolution) * 31 + depthCamera.hashCode()) * 31 + colorCamera.hashCode();
    }

    @Override
    public String toString() {
        return "Calibration[depth mode " + depthMode + " " + depthCamera.getResolutionWidth() + "x"
                + depthCamera.getResolutionHeight() + ", colour resolution " + colorResolution + " "
                + colorCamera.getResolutionWidth() + "x" + colorCamera.getResolutionHeight() + "]";
    }

    /** A sensor's type, checked (DEPTH..ACCEL) before it reaches native code. */
    private static int sensor(String name, CalibrationType sensor) {
        requireNonNull(sensor, name);
        return Checks.sensor(name, sensor.value());
    }

    private static void requireTypes(CalibrationType source, CalibrationType target) {
        requireNonNull(source, "source");
        requireNonNull(target, "target");
    }

    private static void requireNonNull(Object o, String name) {
        if (o == null) {
            throw new NullPointerException(name + " is null");
        }
    }

    private static void put(k4a_float2_t p, Float2 v) {
        p.v(0, v.x()).v(1, v.y());
    }

    private static void put(k4a_float3_t p, Float3 v) {
        p.v(0, v.x()).v(1, v.y()).v(2, v.z());
    }

    private static Float2 get(k4a_float2_t p) {
        return new Float2(p.v(0), p.v(1));
    }

    private static Float3 get(k4a_float3_t p) {
        return new Float3(p.v(0), p.v(1), p.v(2));
    }

    private static float[] floats(ByteBuffer b, int offset, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = b.getFloat(offset + 4 * i);
        }
        return f;
    }

    /** One camera of a calibration ({@code k4a_calibration_camera_t}): an immutable value. */
    public static final class Camera {
        private final Extrinsics extrinsics;
        private final Intrinsics intrinsics;
        private final int resolutionWidth;
        private final int resolutionHeight;
        private final float metricRadius;

        Camera(ByteBuffer b, int offset) {
            extrinsics = new Extrinsics(b, offset);
            intrinsics = new Intrinsics(b, offset + 48);
            resolutionWidth = b.getInt(offset + 116);
            resolutionHeight = b.getInt(offset + 120);
            metricRadius = b.getFloat(offset + 124);
        }

        /**
         * From the depth camera to this camera.
         *
         * @return the extrinsics from the depth camera to this camera
         */
        public Extrinsics getExtrinsics() {
            return extrinsics;
        }

        /** @return the camera's lens model and parameters */
        public Intrinsics getIntrinsics() {
            return intrinsics;
        }

        /**
         * Image width of the mode in pixels (0 when the camera is off).
         *
         * @return image width of the mode in pixels (0 when the camera is off)
         */
        public int getResolutionWidth() {
            return resolutionWidth;
        }

        /**
         * Image height of the mode in pixels (0 when the camera is off).
         *
         * @return image height of the mode in pixels (0 when the camera is off)
         */
        public int getResolutionHeight() {
            return resolutionHeight;
        }

        /**
         * The radius on the unit plane within which the lens model is valid.
         *
         * @return the radius on the unit plane within which the lens model is valid
         */
        public float getMetricRadius() {
            return metricRadius;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Camera)) {
                return false;
            }
            Camera c = (Camera) o;
            return extrinsics.equals(c.extrinsics) && intrinsics.equals(c.intrinsics)
                    && resolutionWidth == c.resolutionWidth && resolutionHeight == c.resolutionHeight
                    && Float.floatToIntBits(metricRadius) == Float.floatToIntBits(c.metricRadius);
        }

        @Override
        public int hashCode() {
            return (extrinsics.hashCode() * 31 + intrinsics.hashCode()) * 31 + resolutionWidth * 65537 + resolutionHeight;
        }

        @Override
        public String toString() {
            return "Camera[" + resolutionWidth + "x" + resolutionHeight + ", metric radius " + metricRadius + ", "
                    + intrinsics + ", " + extrinsics + "]";
        }
    }

    /**
     * The lens model of a camera ({@code k4a_calibration_intrinsics_t}): an immutable value. The parameters
     * are in the order of the C union: cx cy fx fy k1 k2 k3 k4 k5 k6 codx cody p2 p1 metric_radius; only the
     * first {@link #getParameterCount()} are meaningful.
     */
    public static final class Intrinsics {
        /** Number of parameters in the C union. */
        public static final int PARAMETER_SLOTS = 15;
        private final int type;
        private final int parameterCount;
        private final float[] parameters;

        Intrinsics(ByteBuffer b, int offset) {
            type = b.getInt(offset);
            parameterCount = b.getInt(offset + 4);
            parameters = floats(b, offset + 8, PARAMETER_SLOTS);
        }

        /**
         * The {@code K4A_CALIBRATION_LENS_DISTORTION_MODEL_*}.
         *
         * @return the {@code K4A_CALIBRATION_LENS_DISTORTION_MODEL_*}
         */
        public int getType() {
            return type;
        }

        /**
         * How many of the parameters are set (unsigned; 14 for the Azure Kinect's cameras). The slots from this
         * index on are undefined (the reference leaves whatever memory held); {@link #equals} ignores them.
         *
         * @return how many of the parameters are set
         */
        public int getParameterCount() {
            return parameterCount;
        }

        /**
         * A copy of all 15 parameter slots.
         *
         * @return a copy of all 15 parameter slots
         */
        public float[] getParameters() {
            return parameters.clone();
        }

        /**
         * Parameter slot i (0..14), as {@code v[i]} of the C union.
         *
         * @param i the index
         * @return parameter slot i (0..14), as {@code v[i]} of the C union
         */
        public float getParameter(int i) {
            if (i < 0 || i >= PARAMETER_SLOTS) {
                throw new IndexOutOfBoundsException("parameter " + i + " is outside 0..14");
            }
            return parameters[i];
        }

        /** @return the principal point's x in pixels (0 = centre of the first pixel) */
        public float cx() {
            return parameters[0];
        }

        /** @return the principal point's y in pixels */
        public float cy() {
            return parameters[1];
        }

        /** @return the focal length in pixels along x */
        public float fx() {
            return parameters[2];
        }

        /** @return the focal length in pixels along y */
        public float fy() {
            return parameters[3];
        }

        /**
         * Radial distortion coefficient k1..k6 (n = 1..6).
         *
         * @param n the index
         * @return radial distortion coefficient k1..k6 (n = 1..6)
         */
        public float k(int n) {
            if (n < 1 || n > 6) {
                throw new IndexOutOfBoundsException("k" + n + ": radial coefficients are k1..k6");
            }
            return parameters[3 + n];
        }

        /** @return the x of the centre of distortion (unit plane) */
        public float codx() {
            return parameters[10];
        }

        /** @return the y of the centre of distortion (unit plane) */
        public float cody() {
            return parameters[11];
        }

        /** @return the tangential coefficient p2 */
        public float p2() {
            return parameters[12];
        }

        /** @return the tangential coefficient p1 */
        public float p1() {
            return parameters[13];
        }

        /** @return the radius of the valid part of the unit plane */
        public float metricRadius() {
            return parameters[14];
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Intrinsics)) {
                return false;
            }
            Intrinsics i = (Intrinsics) o;
            return type == i.type && parameterCount == i.parameterCount
                    && Arrays.equals(meaningful(), i.meaningful());
        }

        @Override
        public int hashCode() {
            return (type * 31 + parameterCount) * 31 + Arrays.hashCode(meaningful());
        }

        /** The first {@link #getParameterCount()} slots (at most 15): the others are undefined in C. */
        private float[] meaningful() {
            return Arrays.copyOf(parameters, Math.max(0, Math.min(parameterCount, PARAMETER_SLOTS)));
        }

        @Override
        public String toString() {
            return "Intrinsics[model " + type + ", " + parameterCount + " parameters, cx " + cx() + ", cy " + cy()
                    + ", fx " + fx() + ", fy " + fy() + "]";
        }
    }

    /**
     * A rigid transform ({@code k4a_calibration_extrinsics_t}): a row-major 3x3 rotation and a translation in
     * millimetres. An immutable value.
     */
    public static final class Extrinsics {
        private final float[] rotation;
        private final float[] translation;

        Extrinsics(ByteBuffer b, int offset) {
            rotation = floats(b, offset, 9);
            translation = floats(b, offset + 36, 3);
        }

        /**
         * A copy of the 9 rotation values, row-major.
         *
         * @return a copy of the 9 rotation values, row-major
         */
        public float[] getRotation() {
            return rotation.clone();
        }

        /**
         * A copy of the 3 translation values (mm).
         *
         * @return a copy of the 3 translation values (mm)
         */
        public float[] getTranslation() {
            return translation.clone();
        }

        /**
         * Rotation value at row r, column c (0..2).
         *
         * @param r row 0..2
         * @param c column 0..2
         * @return rotation value at row r, column c (0..2)
         */
        public float rotation(int r, int c) {
            if (r < 0 || r > 2 || c < 0 || c > 2) {
                throw new IndexOutOfBoundsException("rotation (" + r + ", " + c + ") is outside the 3x3 matrix");
            }
            return rotation[r * 3 + c];
        }

        /**
         * Translation value i (0..2), mm.
         *
         * @param i the index
         * @return translation value i (0..2), mm
         */
        public float translation(int i) {
            return translation[i];
        }

        /**
         * Applies the transform to a point: R·p + t (float arithmetic in Java, for convenience).
         *
         * @param p the point
         * @return R p + t (float arithmetic in Java)
         */
        public Float3 apply(Float3 p) {
            float[] r = rotation;
            return new Float3(r[0] * p.x() + r[1] * p.y() + r[2] * p.z() + translation[0],
                    r[3] * p.x() + r[4] * p.y() + r[5] * p.z() + translation[1],
                    r[6] * p.x() + r[7] * p.y() + r[8] * p.z() + translation[2]);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Extrinsics)) {
                return false;
            }
            Extrinsics e = (Extrinsics) o;
            return Arrays.equals(rotation, e.rotation) && Arrays.equals(translation, e.translation);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rotation) * 31 + Arrays.hashCode(translation);
        }

        @Override
        public String toString() {
            return "Extrinsics[R " + Arrays.toString(rotation) + ", t " + Arrays.toString(translation) + " mm]";
        }
    }

    /** Native memory of one k4a_calibration_t, freed once unreachable (no JavaCPP deallocator). */
    static final class Struct extends k4a_calibration_t {
        private final Reclaimer.Cleanup cleanup;

        private Struct(long address) {
            this.address = address;
            final long owned = address;
            this.cleanup = Reclaimer.register(this, () -> Native.free(owned));
        }

        static Struct allocate() {
            return new Struct(Native.calloc(SIZE));
        }

        /** Frees the memory now (for a struct that never became a Calibration). */
        void free() {
            cleanup.run();
            address = 0;
        }
    }
}
