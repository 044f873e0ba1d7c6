/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * A 3D point or vector ({@code k4a_float3_t}): an immutable value. Points of the calibration functions are in
 * millimetres; IMU samples use it for m/s² (accelerometer) and rad/s (gyroscope).
 */
public final class Float3 {
    private final float x;
    private final float y;
    private final float z;

    /**
     * A point.
     * @param x the first coordinate
     * @param y the second coordinate
     * @param z the third coordinate
     */
    public Float3(float x, float y, float z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    /** @return the first coordinate */
    public float x() {
        return x;
    }

    /** @return the second coordinate */
    public float y() {
        return y;
    }

    /** @return the third coordinate */
    public float z() {
        return z;
    }

    /** Equal when all coordinates have the same float bits (so NaN equals NaN, and 0 differs from -0). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Float3)) {
            return false;
        }
        Float3 p = (Float3) o;
        return Float.floatToIntBits(x) == Float.floatToIntBits(p.x) && Float.floatToIntBits(y) == Float.floatToIntBits(p.y)
                && Float.floatToIntBits(z) == Float.floatToIntBits(p.z);
    }

    @Override
    public int hashCode() {
        return (31 * Float.floatToIntBits(x) + Float.floatToIntBits(y)) * 31 + Float.floatToIntBits(z);
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ", " + z + ")";
    }
}
