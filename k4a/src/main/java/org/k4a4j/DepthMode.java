/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * A depth camera mode ({@code k4a_depth_mode_t}), with the size of its images.
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum DepthMode {
    /** No depth camera. */
    OFF(K4A_DEPTH_MODE_OFF, 0, 0),
    /** Narrow field of view, 2x2 binned: 320 x 288. */
    NFOV_2X2BINNED(K4A_DEPTH_MODE_NFOV_2X2BINNED, 320, 288),
    /** Narrow field of view, unbinned: 640 x 576. */
    NFOV_UNBINNED(K4A_DEPTH_MODE_NFOV_UNBINNED, 640, 576),
    /** Wide field of view, 2x2 binned: 512 x 512. */
    WFOV_2X2BINNED(K4A_DEPTH_MODE_WFOV_2X2BINNED, 512, 512),
    /** Wide field of view, unbinned: 1024 x 1024 (at most 15 fps). */
    WFOV_UNBINNED(K4A_DEPTH_MODE_WFOV_UNBINNED, 1024, 1024),
    /** Passive IR only, no depth: 1024 x 1024. */
    PASSIVE_IR(K4A_DEPTH_MODE_PASSIVE_IR, 1024, 1024);

    private static final DepthMode[] VALUES = values();
    private final int value;
    private final int width;
    private final int height;

    DepthMode(int value, int width, int height) {
        this.value = value;
        this.width = width;
        this.height = height;
    }

    /** @return the {@code k4a_depth_mode_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_depth_mode_t} value.
     *
     * @param value a {@code k4a_depth_mode_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_depth_mode_t}
     */
    public static DepthMode of(int value) {
        return Enums.of(VALUES, value, DepthMode::value, "k4a_depth_mode_t");
    }

    /** @return the width in pixels of this mode's depth and IR images (0 for OFF) */
    public int width() {
        return width;
    }

    /** @return the height in pixels of this mode's depth and IR images (0 for OFF) */
    public int height() {
        return height;
    }

    /** @return the C name, e.g. {@code K4A_DEPTH_MODE_OFF} */
    @Override
    public String toString() {
        return "K4A_DEPTH_MODE_" + name();
    }
}
