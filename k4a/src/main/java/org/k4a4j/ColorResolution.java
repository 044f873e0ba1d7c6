/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * A colour camera resolution ({@code k4a_color_resolution_t}), with its image size.
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum ColorResolution {
    /** No colour camera. */
    OFF(K4A_COLOR_RESOLUTION_OFF, 0, 0),
    /** 1280 x 720, 16:9. */
    RES_720P(K4A_COLOR_RESOLUTION_720P, 1280, 720),
    /** 1920 x 1080, 16:9. */
    RES_1080P(K4A_COLOR_RESOLUTION_1080P, 1920, 1080),
    /** 2560 x 1440, 16:9. */
    RES_1440P(K4A_COLOR_RESOLUTION_1440P, 2560, 1440),
    /** 2048 x 1536, 4:3. */
    RES_1536P(K4A_COLOR_RESOLUTION_1536P, 2048, 1536),
    /** 3840 x 2160, 16:9. */
    RES_2160P(K4A_COLOR_RESOLUTION_2160P, 3840, 2160),
    /** 4096 x 3072, 4:3 (at most 15 fps). */
    RES_3072P(K4A_COLOR_RESOLUTION_3072P, 4096, 3072);

    private static final ColorResolution[] VALUES = values();
    private final int value;
    private final int width;
    private final int height;

    ColorResolution(int value, int width, int height) {
        this.value = value;
        this.width = width;
        this.height = height;
    }

    /** @return the {@code k4a_color_resolution_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_color_resolution_t} value.
     *
     * @param value a {@code k4a_color_resolution_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_color_resolution_t}
     */
    public static ColorResolution of(int value) {
        return Enums.of(VALUES, value, ColorResolution::value, "k4a_color_resolution_t");
    }

    /** @return the width in pixels of this resolution's colour images (0 for OFF) */
    public int width() {
        return width;
    }

    /** @return the height in pixels of this resolution's colour images (0 for OFF) */
    public int height() {
        return height;
    }

    /** @return the C name, e.g. {@code K4A_COLOR_RESOLUTION_OFF} */
    @Override
    public String toString() {
        return "K4A_COLOR_RESOLUTION_" + (this == OFF ? "OFF" : name().substring(4));
    }
}
