/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4a.*;

/**
 * The point conversions of {@link Calibration} against ../shared/testdata/conversions: every grid and special
 * row of every case through the Java layer; outputs within the README's tolerance (1e-3 absolute or 2e-6
 * relative), valid flags (null results) and failures identical.
 */
class ConversionsTest {
    private static boolean closeEnough(float got, float want) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) && Float.isNaN(got);
        }
        if (Float.isInfinite(want) || Float.isInfinite(got)) {
            return got == want;
        }
        double diff = Math.abs((double) got - (double) want);
        return diff <= 1e-3 || diff <= 2e-6 * Math.abs((double) want);
    }

    private static Calibration calibrationOf(JsonObject c) {
        try {
            byte[] raw = Files.readAllBytes(file("conversions", c.get("raw_calibration_file").getAsString()));
            Calibration calibration = Calibration.fromRaw(raw, DepthMode.of(constant(c.get("depth_mode"))),
                    ColorResolution.of(constant(c.get("color_resolution"))));
            CalibrationTest.assertCalibration(c.getAsJsonObject("calibration"), calibration,
                    c.get("calibration_id").getAsString());
            return calibration;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A case's grid tables ("functions") followed by its "special_cases". */
    private static JsonArray gridAndSpecialTables(JsonObject c) {
        JsonArray tables = new JsonArray();
        tables.addAll(c.getAsJsonArray("functions"));
        tables.addAll(c.getAsJsonArray("special_cases"));
        return tables;
    }

    @Test
    @DisplayName("2d_to_3d, 3d_to_2d, 2d_to_2d and 3d_to_3d agree with the reference on every grid and special row")
    void pointConversionsMatchReference() {
        int rows = 0;
        int invalid = 0;
        int failed = 0;
        for (JsonElement ce : manifest("conversions").getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            Calibration calibration = calibrationOf(c);
            for (JsonElement te : gridAndSpecialTables(c)) {
                JsonObject table = te.getAsJsonObject();
                String function = table.get("function").getAsString();
                if (function.equals("k4a_calibration_color_2d_to_depth_2d")) {
                    continue; // colorToDepthMatchesReference
                }
                boolean hasZ = has(table, "z");
                boolean hasDepth = has(table, "depth_mm");
                boolean hasValid = has(table, "valid");
                int cs = column(table, "source_camera");
                int ct = column(table, "target_camera");
                int cx = column(table, "x");
                int cy = column(table, "y");
                int cox = column(table, "out_x");
                int coy = column(table, "out_y");
                int cr = column(table, "result");
                for (JsonElement re : table.getAsJsonArray("rows")) {
                    JsonArray row = re.getAsJsonArray();
                    String what = c.get("calibration_id").getAsString() + " " + function + " " + row;
                    int source = row.get(cs).getAsInt();
                    int target = row.get(ct).getAsInt();
                    float x = f32(row.get(cx));
                    float y = f32(row.get(cy));
                    float z = hasZ ? f32(row.get(column(table, "z"))) : 0;
                    float depth = hasDepth ? f32(row.get(column(table, "depth_mm"))) : 0;
                    boolean succeeds = row.get(cr).getAsInt() == K4A_RESULT_SUCCEEDED;
                    int wantValid = hasValid ? row.get(column(table, "valid")).getAsInt() : 1;
                    float[] want = {f32(row.get(cox)), f32(row.get(coy)),
                        has(table, "out_z") ? f32(row.get(column(table, "out_z"))) : 0};
                    rows++;
                    float[] got;
                    try {
                        switch (function) {
                            case "k4a_calibration_2d_to_3d": {
                                Float3 p = calibration.convert2dTo3d(new Float2(x, y), depth, CalibrationType.of(source), CalibrationType.of(target));
                                got = p == null ? null : new float[] {p.x(), p.y(), p.z()};
                                break;
                            }
                            case "k4a_calibration_3d_to_2d": {
                                Float2 p = calibration.convert3dTo2d(new Float3(x, y, z), CalibrationType.of(source), CalibrationType.of(target));
                                got = p == null ? null : new float[] {p.x(), p.y(), 0};
                                break;
                            }
                            case "k4a_calibration_2d_to_2d": {
                                Float2 p = calibration.convert2dTo2d(new Float2(x, y), depth, CalibrationType.of(source), CalibrationType.of(target));
                                got = p == null ? null : new float[] {p.x(), p.y(), 0};
                                break;
                            }
                            case "k4a_calibration_3d_to_3d": {
                                Float3 p = calibration.convert3dTo3d(new Float3(x, y, z), CalibrationType.of(source), CalibrationType.of(target));
                                got = new float[] {p.x(), p.y(), p.z()};
                                break;
                            }
                            default:
                                throw new AssertionError("unknown function " + function);
                        }
                    } catch (K4aException e) {
                        assertFalse(succeeds, what + ": unexpected failure " + e.getMessage());
                        assertEquals(function, e.getFunction(), what);
                        failed++;
                        continue;
                    } catch (IllegalArgumentException e) {
                        // a sensor type outside DEPTH..ACCEL never reaches the library (it would index its tables)
                        assertFalse(succeeds, what + ": unexpected refusal " + e.getMessage());
                        assertTrue(source < 0 || source > 3 || target < 0 || target > 3, what + ": " + e.getMessage());
                        failed++;
                        continue;
                    }
                    assertTrue(succeeds, what + ": the reference fails this call");
                    if (wantValid == 0) {
                        assertNull(got, what + ": the reference says invalid");
                        invalid++;
                        continue;
                    }
                    assertNotNull(got, what + ": the reference says valid");
                    for (int i = 0; i < 3; i++) {
                        assertTrue(closeEnough(got[i], want[i]), what + ": output " + i + " is " + got[i]);
                    }
                }
            }
        }
        assertTrue(rows > 10000, rows + " rows");
        assertTrue(invalid > 100 && failed > 10, invalid + " invalid, " + failed + " failed rows");
    }

    private static boolean has(JsonObject table, String column) {
        for (JsonElement e : table.getAsJsonArray("columns")) {
            if (e.getAsString().equals(column)) {
                return true;
            }
        }
        return false;
    }

    /** Steep epipolar line in the depth image (see the README): the reference leaves such lines. */
    private static boolean steep(Calibration c, Float2 p) {
        Float3 a = c.convert2dTo3d(p, 50f, CalibrationType.COLOR, CalibrationType.DEPTH);
        Float3 b = c.convert2dTo3d(p, 14000f, CalibrationType.COLOR, CalibrationType.DEPTH);
        if (a == null || b == null) {
            return false;
        }
        DepthMode mode = c.getDepthMode();
        boolean narrow = mode == DepthMode.NFOV_2X2BINNED || mode == DepthMode.NFOV_UNBINNED;
        double fx = 0.5 / Math.tan(Math.toRadians(narrow ? 75.0 : 120.0) / 2) * c.getDepthCamera().getResolutionWidth();
        double fy = 0.5 / Math.tan(Math.toRadians(narrow ? 65.0 : 120.0) / 2) * c.getDepthCamera().getResolutionHeight();
        double dx = (b.x() / b.z() - a.x() / a.z()) * fx;
        double dy = (b.y() / b.z() - a.y() / a.z()) * fy;
        return Math.abs(dy) >= Math.abs(dx);
    }

    /** The depth pixel found sees the colour pixel: its depth, reprojected, lands within 10 px of it. */
    private static boolean reprojects(Calibration c, Image depth, Float2 colour, Float2 found) {
        int ix = (int) Math.floor(found.x() + 0.5f);
        int iy = (int) Math.floor(found.y() + 0.5f);
        if (ix < 0 || iy < 0 || ix >= depth.getWidthPixels() || iy >= depth.getHeightPixels()) {
            return false;
        }
        ShortBuffer d = depth.getShortBuffer();
        int mm = d.get(iy * depth.getStrideBytes() / 2 + ix) & 0xFFFF;
        if (mm == 0) {
            return false;
        }
        Float2 back = c.convert2dTo2d(found, mm, CalibrationType.DEPTH, CalibrationType.COLOR);
        return back != null && Math.hypot(back.x() - colour.x(), back.y() - colour.y()) <= 10;
    }

    @Test
    @DisplayName("color_2d_to_depth_2d agrees with the reference off steep epipolar lines and finds a true match on them")
    void colorToDepthMatchesReference() {
        int same = 0;
        int steepRows = 0;
        for (JsonElement ce : manifest("conversions").getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            Calibration calibration = calibrationOf(c);
            for (JsonElement te : gridAndSpecialTables(c)) {
                JsonObject table = te.getAsJsonObject();
                if (!table.get("function").getAsString().equals("k4a_calibration_color_2d_to_depth_2d")) {
                    continue;
                }
                try (Image depth = image("conversions", table.getAsJsonObject("depth_image"))) {
                    for (JsonElement re : table.getAsJsonArray("rows")) {
                        JsonArray row = re.getAsJsonArray();
                        String what = c.get("calibration_id").getAsString() + " color_2d_to_depth_2d " + row;
                        Float2 p = new Float2(f32(row.get(column(table, "x"))), f32(row.get(column(table, "y"))));
                        boolean succeeds = row.get(column(table, "result")).getAsInt() == K4A_RESULT_SUCCEEDED;
                        Float2 got;
                        try {
                            got = calibration.convertColor2dToDepth2d(p, depth);
                        } catch (K4aException e) {
                            assertFalse(succeeds, what + ": " + e.getMessage());
                            continue;
                        }
                        assertTrue(succeeds, what);
                        if (steep(calibration, p)) {
                            steepRows++;
                            assertTrue(got == null || reprojects(calibration, depth, p, got), what + ": found " + got);
                            continue;
                        }
                        int valid = row.get(column(table, "valid")).getAsInt();
                        if (valid == 0) {
                            assertNull(got, what);
                        } else {
                            assertNotNull(got, what);
                            assertTrue(closeEnough(got.x(), f32(row.get(column(table, "out_x"))))
                                    && closeEnough(got.y(), f32(row.get(column(table, "out_y")))), what + ": " + got);
                            assertTrue(reprojects(calibration, depth, p, got), what);
                        }
                        same++;
                    }
                }
            }
        }
        assertTrue(same > 50, same + " rows compared, " + steepRows + " steep");
    }

    @Test
    @DisplayName("conversions refuse null points and closed or wrong depth images")
    void badInput() {
        Calibration c = Calibration.fromRaw(CalibrationTest.rawInput("pyk4a_recording"), DepthMode.NFOV_UNBINNED,
                ColorResolution.RES_720P);
        assertThrows(NullPointerException.class, () -> c.convert2dTo3d(null, 1000, CalibrationType.DEPTH, CalibrationType.DEPTH));
        assertThrows(NullPointerException.class, () -> c.convert3dTo2d(null, CalibrationType.DEPTH, CalibrationType.DEPTH));
        assertThrows(NullPointerException.class, () -> c.convert2dTo2d(null, 1000, CalibrationType.DEPTH, CalibrationType.DEPTH));
        assertThrows(NullPointerException.class, () -> c.convert3dTo3d(null, CalibrationType.DEPTH, CalibrationType.DEPTH));
        assertThrows(NullPointerException.class, () -> c.convertColor2dToDepth2d(new Float2(1, 1), null));
        K4aException e = assertThrows(K4aException.class, () -> c.convert2dTo3d(new Float2(1, 1), 1000,
                CalibrationType.GYRO, CalibrationType.DEPTH)); // a valid sensor, but not a camera
        assertEquals("k4a_calibration_2d_to_3d", e.getFunction());
        assertThrows(IllegalArgumentException.class,
                () -> c.convert3dTo3d(new Float3(1, 1, 1), CalibrationType.UNKNOWN, CalibrationType.DEPTH));
        Image depth = Image.create(ImageFormat.DEPTH16, 640, 576);
        depth.close();
        assertThrows(IllegalStateException.class, () -> c.convertColor2dToDepth2d(new Float2(640, 360), depth));
        try (Image wrongSize = Image.create(ImageFormat.DEPTH16, 320, 288);
             Image wrongFormat = Image.create(ImageFormat.IR16, 640, 576)) {
            assertThrows(IllegalArgumentException.class, () -> c.convertColor2dToDepth2d(new Float2(640, 360), wrongSize));
            assertThrows(IllegalArgumentException.class, () -> c.convertColor2dToDepth2d(new Float2(640, 360), wrongFormat));
        }
        // a calibration with the colour camera off cannot convert to it
        Calibration depthOnly = Calibration.fromRaw(CalibrationTest.rawInput("pyk4a_recording"),
                DepthMode.NFOV_UNBINNED, ColorResolution.OFF);
        assertThrows(K4aException.class, () -> depthOnly.convert2dTo2d(new Float2(320, 288), 1000,
                CalibrationType.DEPTH, CalibrationType.COLOR));
        // the same point in both directions through the Java values
        Float2 colour = c.convert2dTo2d(new Float2(320, 288), 1000, CalibrationType.DEPTH, CalibrationType.COLOR);
        assertNotNull(colour);
        Float2 back = c.convert2dTo2d(colour, c.convert2dTo3d(new Float2(320, 288), 1000, CalibrationType.DEPTH,
                CalibrationType.COLOR).z(), CalibrationType.COLOR, CalibrationType.DEPTH);
        assertNotNull(back);
        assertEquals(320, back.x(), 0.01);
        assertEquals(288, back.y(), 0.01);
    }
}
