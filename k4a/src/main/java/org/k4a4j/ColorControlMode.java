/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * Whether a colour control is automatic or set by hand ({@code k4a_color_control_mode_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum ColorControlMode {
    /** The camera chooses the value. */
    AUTO(K4A_COLOR_CONTROL_MODE_AUTO),
    /** The value is set by hand. */
    MANUAL(K4A_COLOR_CONTROL_MODE_MANUAL);

    private static final ColorControlMode[] VALUES = values();
    private final int value;

    ColorControlMode(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_color_control_mode_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_color_control_mode_t} value.
     *
     * @param value a {@code k4a_color_control_mode_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_color_control_mode_t}
     */
    public static ColorControlMode of(int value) {
        return Enums.of(VALUES, value, ColorControlMode::value, "k4a_color_control_mode_t");
    }

    /** @return the C name, e.g. {@code K4A_COLOR_CONTROL_MODE_AUTO} */
    @Override
    public String toString() {
        return "K4A_COLOR_CONTROL_MODE_" + name();
    }
}
