/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * A colour camera control ({@code k4a_color_control_command_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum ColorControlCommand {
    /** Exposure time in microseconds. */
    EXPOSURE_TIME_ABSOLUTE(K4A_COLOR_CONTROL_EXPOSURE_TIME_ABSOLUTE),
    /** Deprecated by the SDK: has no effect. */
    AUTO_EXPOSURE_PRIORITY(K4A_COLOR_CONTROL_AUTO_EXPOSURE_PRIORITY),
    /** Brightness, 0 .. 255. */
    BRIGHTNESS(K4A_COLOR_CONTROL_BRIGHTNESS),
    /** Contrast. */
    CONTRAST(K4A_COLOR_CONTROL_CONTRAST),
    /** Saturation. */
    SATURATION(K4A_COLOR_CONTROL_SATURATION),
    /** Sharpness. */
    SHARPNESS(K4A_COLOR_CONTROL_SHARPNESS),
    /** White balance in Kelvin. */
    WHITEBALANCE(K4A_COLOR_CONTROL_WHITEBALANCE),
    /** Backlight compensation, 0 or 1. */
    BACKLIGHT_COMPENSATION(K4A_COLOR_CONTROL_BACKLIGHT_COMPENSATION),
    /** Gain. */
    GAIN(K4A_COLOR_CONTROL_GAIN),
    /** Power-line frequency: 1 for 50 Hz, 2 for 60 Hz. */
    POWERLINE_FREQUENCY(K4A_COLOR_CONTROL_POWERLINE_FREQUENCY);

    private static final ColorControlCommand[] VALUES = values();
    private final int value;

    ColorControlCommand(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_color_control_command_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_color_control_command_t} value.
     *
     * @param value a {@code k4a_color_control_command_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_color_control_command_t}
     */
    public static ColorControlCommand of(int value) {
        return Enums.of(VALUES, value, ColorControlCommand::value, "k4a_color_control_command_t");
    }

    /** @return the C name, e.g. {@code K4A_COLOR_CONTROL_EXPOSURE_TIME_ABSOLUTE} */
    @Override
    public String toString() {
        return "K4A_COLOR_CONTROL_" + name();
    }
}
