/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * A camera frame rate ({@code k4a_fps_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum Fps {
    /** 5 frames per second. */
    FPS_5(K4A_FRAMES_PER_SECOND_5, 5),
    /** 15 frames per second. */
    FPS_15(K4A_FRAMES_PER_SECOND_15, 15),
    /** 30 frames per second. */
    FPS_30(K4A_FRAMES_PER_SECOND_30, 30);

    private static final Fps[] VALUES = values();
    private final int value;
    private final int framesPerSecond;

    Fps(int value, int framesPerSecond) {
        this.value = value;
        this.framesPerSecond = framesPerSecond;
    }

    /** @return the {@code k4a_fps_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_fps_t} value.
     *
     * @param value a {@code k4a_fps_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_fps_t}
     */
    public static Fps of(int value) {
        return Enums.of(VALUES, value, Fps::value, "k4a_fps_t");
    }

    /** @return the rate as a number: 5, 15 or 30 */
    public int framesPerSecond() {
        return framesPerSecond;
    }

    /** @return the C name, e.g. {@code K4A_FRAMES_PER_SECOND_5} */
    @Override
    public String toString() {
        return "K4A_FRAMES_PER_SECOND_" + name().substring(4);
    }
}
