/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.k4a.k4a_calibration_t;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4a.*;

/**
 * Calibration through the Java layer against ../shared/testdata/calibration: a representative subset of the
 * modes of every input, each compared field by field (float bits); the C tests compare every item.
 */
class CalibrationTest {
    private static final String[] PARAMETER_NAMES = {"cx", "cy", "fx", "fy", "k1", "k2", "k3", "k4", "k5", "k6", "codx",
        "cody", "p2", "p1", "metric_radius"};
    /** depth mode x colour resolution pairs checked for every input (a subset of the 7 x 6 grid) */
    private static final List<String> MODES = Arrays.asList(
            "K4A_DEPTH_MODE_NFOV_UNBINNED/K4A_COLOR_RESOLUTION_720P",
            "K4A_DEPTH_MODE_NFOV_2X2BINNED/K4A_COLOR_RESOLUTION_1080P",
            "K4A_DEPTH_MODE_WFOV_2X2BINNED/K4A_COLOR_RESOLUTION_3072P",
            "K4A_DEPTH_MODE_WFOV_UNBINNED/K4A_COLOR_RESOLUTION_1536P",
            "K4A_DEPTH_MODE_PASSIVE_IR/K4A_COLOR_RESOLUTION_OFF",
            "K4A_DEPTH_MODE_OFF/K4A_COLOR_RESOLUTION_2160P",
            "K4A_DEPTH_MODE_NFOV_UNBINNED/K4A_COLOR_RESOLUTION_1440P",
            "K4A_DEPTH_MODE_OFF/K4A_COLOR_RESOLUTION_OFF",
            "6/K4A_COLOR_RESOLUTION_720P",
            "K4A_DEPTH_MODE_NFOV_UNBINNED/7");

    static byte[] rawInput(String id) {
        JsonObject manifest = manifest("calibration");
        for (JsonElement e : manifest.getAsJsonArray("inputs")) {
            JsonObject input = e.getAsJsonObject();
            if (input.get("id").getAsString().equals(id)) {
                try {
                    return Files.readAllBytes(file("calibration", input.get("file").getAsString()));
                } catch (IOException x) {
                    throw new AssertionError(x);
                }
            }
        }
        throw new AssertionError("no calibration input " + id);
    }

    private static String key(JsonElement e) {
        return e.getAsJsonPrimitive().isNumber() ? e.getAsString() : e.getAsString();
    }

    @Test
    @DisplayName("fromRaw gives every field of the reference calibration, bit for bit, for a subset of modes of every input")
    void fromRawMatchesReference() {
        int checked = 0;
        int refused = 0;
        for (JsonElement e : manifest("calibration").getAsJsonArray("items")) {
            JsonObject item = e.getAsJsonObject();
            String mode = key(item.get("depth_mode")) + "/" + key(item.get("color_resolution"));
            if (!MODES.contains(mode)) {
                continue;
            }
            byte[] raw = rawInput(item.get("input").getAsString());
            if (item.get("raw_variant").getAsString().equals("utf8_bom_removed")) {
                raw = Arrays.copyOfRange(raw, 3, raw.length);
            }
            int depthValue = constant(item.get("depth_mode"));
            int colorValue = constant(item.get("color_resolution"));
            String what = item.get("input").getAsString() + " " + item.get("raw_variant").getAsString() + " " + mode;
            DepthMode depthMode;
            ColorResolution colorResolution;
            try {
                depthMode = DepthMode.of(depthValue);
                colorResolution = ColorResolution.of(colorValue);
            } catch (IllegalArgumentException refusal) {
                // a mode outside the enumerations cannot even be passed in Java
                assertNotEquals(K4A_RESULT_SUCCEEDED, constant(item.get("result")), what);
                refused++;
                continue;
            }
            if (constant(item.get("result")) != K4A_RESULT_SUCCEEDED) {
                final byte[] input = raw;
                K4aException x = assertThrows(K4aException.class,
                        () -> Calibration.fromRaw(input, depthMode, colorResolution), what);
                assertEquals("k4a_calibration_get_from_raw", x.getFunction());
                assertNotNull(x.getNativeMessage(), what + ": the library says why");
                refused++;
                continue;
            }
            Calibration c = Calibration.fromRaw(raw, depthMode, colorResolution);
            assertCalibration(item.getAsJsonObject("calibration"), c, what);
            checked++;
        }
        assertTrue(checked >= 4 * 7, "checked " + checked + " successful items");
        assertTrue(refused >= 4 * 3, "checked " + refused + " refusals");
    }

    /** Every field of a reference calibration (parameters written as null are not compared). */
    static void assertCalibration(JsonObject want, Calibration c, String what) {
        assertEquals(constant(want.get("depth_mode")), c.getDepthMode().value(), what + " depth mode");
        assertEquals(constant(want.get("color_resolution")), c.getColorResolution().value(), what + " colour resolution");
        assertCamera(want.getAsJsonObject("depth_camera_calibration"), c.getDepthCamera(), what + " depth camera");
        assertCamera(want.getAsJsonObject("color_camera_calibration"), c.getColorCamera(), what + " colour camera");
        JsonArray table = want.getAsJsonArray("extrinsics");
        assertEquals(16, table.size());
        for (JsonElement e : table) {
            JsonObject x = e.getAsJsonObject();
            int s = constant(x.get("source"));
            int t = constant(x.get("target"));
            assertExtrinsics(x, c.getExtrinsics(CalibrationType.of(s), CalibrationType.of(t)), what + " extrinsics[" + s + "][" + t + "]");
        }
    }

    static void assertCamera(JsonObject want, Calibration.Camera camera, String what) {
        assertEquals(want.get("resolution_width").getAsInt(), camera.getResolutionWidth(), what + " width");
        assertEquals(want.get("resolution_height").getAsInt(), camera.getResolutionHeight(), what + " height");
        assertBits(f32(want.get("metric_radius")), camera.getMetricRadius(), what + " metric radius");
        assertExtrinsics(want.getAsJsonObject("extrinsics"), camera.getExtrinsics(), what + " extrinsics");
        JsonObject intrinsics = want.getAsJsonObject("intrinsics");
        Calibration.Intrinsics got = camera.getIntrinsics();
        assertEquals(constant(intrinsics.get("type")), got.getType(), what + " model");
        assertEquals(intrinsics.get("parameter_count").getAsInt(), got.getParameterCount(), what + " parameter count");
        JsonObject parameters = intrinsics.getAsJsonObject("parameters");
        for (int i = 0; i < PARAMETER_NAMES.length; i++) {
            JsonElement p = parameters.get(PARAMETER_NAMES[i]);
            if (p != null && !p.isJsonNull()) {
                assertBits(f32(p), got.getParameter(i), what + " " + PARAMETER_NAMES[i]);
            }
        }
        if (got.getParameterCount() >= 4) {
            assertBits(got.getParameter(0), got.cx(), "cx accessor");
            assertBits(got.getParameter(3), got.fy(), "fy accessor");
            assertBits(got.getParameter(13), got.p1(), "p1 accessor");
        }
    }

    static void assertExtrinsics(JsonObject want, Calibration.Extrinsics got, String what) {
        float[] r = f32s(want.getAsJsonArray("rotation"));
        float[] t = f32s(want.getAsJsonArray("translation"));
        for (int i = 0; i < 9; i++) {
            assertBits(r[i], got.getRotation()[i], what + " rotation[" + i + "]");
            assertBits(r[i], got.rotation(i / 3, i % 3), what + " rotation(" + i / 3 + ", " + i % 3 + ")");
        }
        for (int i = 0; i < 3; i++) {
            assertBits(t[i], got.translation(i), what + " translation[" + i + "]");
        }
    }

    static void assertBits(float want, float got, String what) {
        assertTrue(sameBits(want, got), what + ": want " + want + " got " + got);
    }

    @Test
    @DisplayName("a JSON String without NUL gives the same calibration as the NUL-terminated bytes")
    void stringAndBytesAgree() {
        byte[] raw = rawInput("pyk4a_recording");
        assertEquals(0, raw[raw.length - 1], "the input is NUL-terminated");
        String json = new String(raw, 0, raw.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        Calibration a = Calibration.fromRaw(raw, DepthMode.NFOV_UNBINNED, ColorResolution.RES_720P);
        Calibration b = Calibration.fromRaw(json, DepthMode.NFOV_UNBINNED, ColorResolution.RES_720P);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(640, a.getDepthCamera().getResolutionWidth());
        assertEquals(1280, a.getColorCamera().getResolutionWidth());
        assertTrue(a.toString().contains("640x576") && a.toString().contains("1280x720"), a.toString());
    }

    @Test
    @DisplayName("equals and hashCode compare what carries meaning: intrinsic parameters beyond the count are ignored")
    void equalityIgnoresUndefinedParameters() {
        Calibration a = Calibration.fromRaw(rawInput("pyk4a_recording"), DepthMode.NFOV_UNBINNED,
                ColorResolution.RES_720P);
        k4a_calibration_t raw = a.toNative();
        int count = raw.depth_camera_calibration().intrinsics().parameter_count();
        assertTrue(count < Calibration.Intrinsics.PARAMETER_SLOTS, "a slot beyond the count: " + count);
        // the reference leaves those slots holding whatever memory held
        raw.depth_camera_calibration().intrinsics().parameters().v(count, 12345f);
        raw.color_camera_calibration().intrinsics().parameters().v(Calibration.Intrinsics.PARAMETER_SLOTS - 1, Float.NaN);
        Calibration b = Calibration.of(raw);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.getDepthCamera().getIntrinsics(), b.getDepthCamera().getIntrinsics());
        // a slot within the count does count
        raw.depth_camera_calibration().intrinsics().parameters().v(0, raw.depth_camera_calibration().intrinsics()
                .parameters().v(0) + 1);
        Calibration c = Calibration.of(raw);
        assertNotEquals(a, c);
        assertNotEquals(a.getDepthCamera(), c.getDepthCamera());
    }

    @Test
    @DisplayName("toNative gives a copy of the struct that the raw bindings read, and of() reads it back")
    void rawStructRoundTrip() {
        Calibration c = Calibration.fromRaw(rawInput("sdk_ut"), DepthMode.WFOV_2X2BINNED, ColorResolution.RES_1080P);
        k4a_calibration_t raw = c.toNative();
        assertEquals(K4A_DEPTH_MODE_WFOV_2X2BINNED, raw.depth_mode());
        assertEquals(1920, raw.color_camera_calibration().resolution_width());
        assertBits(c.getColorCamera().getIntrinsics().fx(),
                raw.color_camera_calibration().intrinsics().parameters().param_fx(), "fx through the bindings");
        assertBits(c.getExtrinsics(CalibrationType.DEPTH, CalibrationType.COLOR).translation(1),
                raw.extrinsics(K4A_CALIBRATION_TYPE_DEPTH, K4A_CALIBRATION_TYPE_COLOR).translation(1), "extrinsics");
        raw.depth_mode(K4A_DEPTH_MODE_OFF); // the copy is the caller's: the Calibration does not change
        assertEquals(DepthMode.WFOV_2X2BINNED, c.getDepthMode());
        raw.depth_mode(K4A_DEPTH_MODE_WFOV_2X2BINNED);
        assertEquals(c, Calibration.of(raw));
        raw.close();
    }

    @Test
    @DisplayName("value accessors copy their arrays and check their indices")
    void accessorsAreValues() {
        Calibration c = Calibration.fromRaw(rawInput("pyk4a_recording"), DepthMode.NFOV_UNBINNED,
                ColorResolution.RES_720P);
        Calibration.Extrinsics e = c.getExtrinsics(CalibrationType.DEPTH, CalibrationType.COLOR);
        float[] r = e.getRotation();
        r[0] = 42;
        assertNotEquals(42f, e.getRotation()[0], "getRotation returns a copy");
        float[] p = c.getDepthCamera().getIntrinsics().getParameters();
        p[0] = -1;
        assertNotEquals(-1f, c.getDepthCamera().getIntrinsics().cx(), "getParameters returns a copy");
        assertThrows(IllegalArgumentException.class, () -> c.getExtrinsics(CalibrationType.UNKNOWN, CalibrationType.DEPTH));
        assertThrows(IllegalArgumentException.class, () -> c.getExtrinsics(CalibrationType.DEPTH, CalibrationType.NUM));
        assertThrows(NullPointerException.class, () -> c.getExtrinsics(null, CalibrationType.DEPTH));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getDepthCamera().getIntrinsics().getParameter(15));
        assertThrows(IndexOutOfBoundsException.class, () -> c.getDepthCamera().getIntrinsics().k(7));
        assertThrows(IndexOutOfBoundsException.class, () -> e.rotation(3, 0));
        // the extrinsics table agrees with the camera structs
        assertEquals(c.getColorCamera().getExtrinsics(), e);
        // applying depth->colour then colour->depth comes back to the point (float rounding only)
        Float3 p0 = new Float3(100, -50, 1500);
        Float3 back = c.getExtrinsics(CalibrationType.COLOR, CalibrationType.DEPTH).apply(e.apply(p0));
        assertEquals(p0.x(), back.x(), 1e-2);
        assertEquals(p0.z(), back.z(), 1e-2);
    }

    @Test
    @DisplayName("bad raw input throws K4aException or NullPointerException with a message, never crashes")
    void badInput() {
        assertThrows(NullPointerException.class,
                () -> Calibration.fromRaw((byte[]) null, DepthMode.NFOV_UNBINNED, ColorResolution.RES_720P));
        assertThrows(NullPointerException.class,
                () -> Calibration.fromRaw((String) null, DepthMode.NFOV_UNBINNED, ColorResolution.RES_720P));
        assertThrows(NullPointerException.class, () -> Calibration.of(null));
        assertThrows(NullPointerException.class, () -> Calibration.of(new k4a_calibration_t((org.bytedeco.javacpp.Pointer) null)));
        for (byte[] bad : new byte[][] {new byte[0], {0}, "{".getBytes(), "not json at all".getBytes(),
                "{\"CalibrationInformation\":{}}".getBytes(), Arrays.copyOf(rawInput("sdk_ut"), 3000)}) {
            K4aException x = assertThrows(K4aException.class,
                    () -> Calibration.fromRaw(bad, DepthMode.NFOV_UNBINNED, ColorResolution.RES_720P));
            assertEquals("k4a_calibration_get_from_raw", x.getFunction());
            assertNotNull(x.getMessage());
        }
        byte[] raw = rawInput("sdk_ut");
        assertThrows(K4aException.class, () -> Calibration.fromRaw(raw, DepthMode.OFF, ColorResolution.OFF));
        assertThrows(NullPointerException.class, () -> Calibration.fromRaw(raw, null, ColorResolution.RES_720P));
        assertThrows(NullPointerException.class, () -> Calibration.fromRaw(raw, DepthMode.NFOV_UNBINNED, null));
    }
}
