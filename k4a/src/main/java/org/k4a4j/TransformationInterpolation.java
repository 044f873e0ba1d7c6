/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * How custom images are interpolated when transformed ({@code k4a_transformation_interpolation_type_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum TransformationInterpolation {
    /** The value of the nearest pixel. */
    NEAREST(K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST),
    /** Linear interpolation (weighted by depth). */
    LINEAR(K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR);

    private static final TransformationInterpolation[] VALUES = values();
    private final int value;

    TransformationInterpolation(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_transformation_interpolation_type_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_transformation_interpolation_type_t} value.
     *
     * @param value a {@code k4a_transformation_interpolation_type_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_transformation_interpolation_type_t}
     */
    public static TransformationInterpolation of(int value) {
        return Enums.of(VALUES, value, TransformationInterpolation::value, "k4a_transformation_interpolation_type_t");
    }

    /** @return the C name, e.g. {@code K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST} */
    @Override
    public String toString() {
        return "K4A_TRANSFORMATION_INTERPOLATION_TYPE_" + name();
    }
}
