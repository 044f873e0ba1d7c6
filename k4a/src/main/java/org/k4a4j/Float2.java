/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * A 2D point or pixel coordinate ({@code k4a_float2_t}): an immutable value. Pixel coordinates follow k4a's
 * convention: (0, 0) is the centre of the top-left pixel.
 */
public final class Float2 {
    private final float x;
    private final float y;

    /**
     * A point.
     * @param x the first coordinate
     * @param y the second coordinate
     */
    public Float2(float x, float y) {
        this.x = x;
        this.y = y;
    }

    /** @return the first coordinate */
    public float x() {
        return x;
    }

    /** @return the second coordinate */
    public float y() {
        return y;
    }

    /** Equal when both coordinates have the same float bits (so NaN equals NaN, and 0 differs from -0). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Float2)) {
            return false;
        }
        Float2 p = (Float2) o;
        return Float.floatToIntBits(x) == Float.floatToIntBits(p.x) && Float.floatToIntBits(y) == Float.floatToIntBits(p.y);
    }

    @Override
    public int hashCode() {
        return 31 * Float.floatToIntBits(x) + Float.floatToIntBits(y);
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ")";
    }
}
