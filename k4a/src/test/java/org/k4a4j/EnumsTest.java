/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java enums against the C enumerations, read from the generated bindings: every C value has a constant
 * ({@code of(value()).value()} is the value), {@code toString()} is the C name, every constant is a C value,
 * and a value outside the enumeration is refused with an exception naming it.
 */
class EnumsTest {
    /** The int constants of the bindings whose names start with {@code prefix} (and not with {@code except}). */
    private static Map<String, Integer> cValues(String prefix, String except) throws IllegalAccessException {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Field f : org.k4a4j.global.k4a.class.getFields()) {
            String name = f.getName();
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && name.startsWith(prefix)
                    && (except == null || !name.startsWith(except)) && !f.isAnnotationPresent(Deprecated.class)) {
                values.put(name, f.getInt(null));
            }
        }
        return values;
    }

    private static <E extends Enum<E>> void roundTrip(Class<E> type, String prefix, String except, String cType)
            throws Exception {
        Method of = type.getMethod("of", int.class);
        Method value = type.getMethod("value");
        IntFunction<E> byValue = v -> {
            try {
                return type.cast(of.invoke(null, v));
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw (RuntimeException) e.getCause();
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        };
        ToIntFunction<E> valueOf = e -> {
            try {
                return (Integer) value.invoke(e);
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(x);
            }
        };
        Map<String, Integer> c = cValues(prefix, except);
        assertFalse(c.isEmpty(), prefix + " constants in the bindings");
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (Map.Entry<String, Integer> entry : c.entrySet()) {
            int v = entry.getValue();
            E e = byValue.apply(v);
            assertEquals(v, valueOf.applyAsInt(byValue.apply(valueOf.applyAsInt(e))), entry.getKey() + " round trip");
            assertEquals(entry.getKey(), e.toString(), "toString is the C name");
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(c.size(), type.getEnumConstants().length, type.getSimpleName() + " has one constant per C value");
        for (E e : type.getEnumConstants()) {
            assertTrue(c.containsKey(e.toString()), e + " is a C name");
        }
        for (int bad : new int[] {max + 1, min - 1, 12345}) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> byValue.apply(bad));
            assertTrue(x.getMessage().startsWith(bad + " is not a " + cType), x.getMessage());
        }
    }

    @Test
    @DisplayName("every enum round-trips every value of its C enumeration, names it, and refuses other values")
    void everyEnum() throws Exception {
        roundTrip(ImageFormat.class, "K4A_IMAGE_FORMAT_", null, "k4a_image_format_t");
        roundTrip(DepthMode.class, "K4A_DEPTH_MODE_", null, "k4a_depth_mode_t");
        roundTrip(ColorResolution.class, "K4A_COLOR_RESOLUTION_", null, "k4a_color_resolution_t");
        roundTrip(Fps.class, "K4A_FRAMES_PER_SECOND_", null, "k4a_fps_t");
        roundTrip(WiredSyncMode.class, "K4A_WIRED_SYNC_MODE_", null, "k4a_wired_sync_mode_t");
        roundTrip(TransformationInterpolation.class, "K4A_TRANSFORMATION_INTERPOLATION_TYPE_", null,
                "k4a_transformation_interpolation_type_t");
        roundTrip(CalibrationType.class, "K4A_CALIBRATION_TYPE_", null, "k4a_calibration_type_t");
        roundTrip(ColorControlCommand.class, "K4A_COLOR_CONTROL_", "K4A_COLOR_CONTROL_MODE_",
                "k4a_color_control_command_t");
        roundTrip(ColorControlMode.class, "K4A_COLOR_CONTROL_MODE_", null, "k4a_color_control_mode_t");
    }

    @Test
    @DisplayName("sizes and rates that come with the modes")
    void sizesAndRates() {
        assertEquals(640, DepthMode.NFOV_UNBINNED.width());
        assertEquals(576, DepthMode.NFOV_UNBINNED.height());
        assertEquals(0, DepthMode.OFF.width());
        assertEquals(1280, ColorResolution.RES_720P.width());
        assertEquals(3072, ColorResolution.RES_3072P.height());
        assertEquals(30, Fps.FPS_30.framesPerSecond());
        assertTrue(ImageFormat.COLOR_NV12.isColor());
        assertFalse(ImageFormat.DEPTH16.isColor());
        assertEquals("K4A_COLOR_RESOLUTION_1080P", ColorResolution.RES_1080P.toString());
        assertEquals("K4A_FRAMES_PER_SECOND_15", Fps.FPS_15.toString());
    }
}
