/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.internal;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Not API: the compaction loop of {@code org.k4a4j.opencv.ColoredPointCloud} in C ({@code k4a4j_cloud.h}, a
 * header of {@code static inline} helpers in {@code src/main/resources/org/k4a4j/include/}, which the pom adds to
 * JavaCPP's include path and the jar ships, compiled into the JNI library jnik4a beside the bindings, as
 * Bytedeco's presets compile their adapters). It calls nothing of libk4a, so the bindings
 * work on any libk4a 1.4. The native code trusts its arguments: the caller checks formats, sizes, strides and
 * capacities first (memory safety does not rely on native checks). Use {@code ColoredPointCloud}.
 */
@Properties(inherit = org.k4a4j.presets.k4a.class,
        value = @Platform(include = "k4a4j_cloud.h", library = "jnik4a"))
public final class CloudCompaction {
    static {
        Loader.load();
    }

    private CloudCompaction() {
    }

    /**
     * {@code k4a4j_cloud_compact}: x, y, z (as floats) and blue, green, red of every pixel whose z is not 0, in
     * row-major order, at most {@code capacity} points.
     *
     * @param points       {@code height} rows of {@code pointsStride} bytes, x, y, z as int16 per pixel
     * @param pointsStride bytes per row of {@code points}, at least 6 x width
     * @param bgra         {@code height} rows of {@code bgraStride} bytes, BGRA per pixel
     * @param bgraStride   bytes per row of {@code bgra}, at least 4 x width
     * @param width        pixels per row
     * @param height       rows
     * @param xyz          room for {@code capacity} x 3 floats
     * @param bgr          room for {@code capacity} x 3 bytes
     * @param capacity     the most points to write
     * @return the number of points written
     */
    @Name("k4a4j_cloud_compact")
    public static native int compact(@Cast("const uint8_t*") BytePointer points, int pointsStride,
            @Cast("const uint8_t*") BytePointer bgra, int bgraStride, int width, int height,
            @Cast("float*") BytePointer xyz, @Cast("uint8_t*") BytePointer bgr, int capacity);
}
