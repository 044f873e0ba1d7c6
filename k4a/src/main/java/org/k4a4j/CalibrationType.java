/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * A sensor a calibration refers to, i.e. the coordinate system of a point ({@code k4a_calibration_type_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum CalibrationType {
    /** Unknown (invalid as an argument). */
    UNKNOWN(K4A_CALIBRATION_TYPE_UNKNOWN),
    /** The depth camera. */
    DEPTH(K4A_CALIBRATION_TYPE_DEPTH),
    /** The colour camera. */
    COLOR(K4A_CALIBRATION_TYPE_COLOR),
    /** The gyroscope. */
    GYRO(K4A_CALIBRATION_TYPE_GYRO),
    /** The accelerometer. */
    ACCEL(K4A_CALIBRATION_TYPE_ACCEL),
    /** The number of sensors, not a sensor (invalid as an argument). */
    NUM(K4A_CALIBRATION_TYPE_NUM);

    private static final CalibrationType[] VALUES = values();
    private final int value;

    CalibrationType(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_calibration_type_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_calibration_type_t} value.
     *
     * @param value a {@code k4a_calibration_type_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_calibration_type_t}
     */
    public static CalibrationType of(int value) {
        return Enums.of(VALUES, value, CalibrationType::value, "k4a_calibration_type_t");
    }

    /** @return the C name, e.g. {@code K4A_CALIBRATION_TYPE_UNKNOWN} */
    @Override
    public String toString() {
        return "K4A_CALIBRATION_TYPE_" + name();
    }
}
