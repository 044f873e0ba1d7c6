/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * The pixel format of an image ({@code k4a_image_format_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum ImageFormat {
    /** Motion JPEG: each image a JPEG file (no fixed size or stride). */
    COLOR_MJPG(K4A_IMAGE_FORMAT_COLOR_MJPG),
    /** NV12: a luma plane, then a half-height plane of interleaved U and V. */
    COLOR_NV12(K4A_IMAGE_FORMAT_COLOR_NV12),
    /** YUY2: Y0 U Y1 V per two pixels. */
    COLOR_YUY2(K4A_IMAGE_FORMAT_COLOR_YUY2),
    /** Four bytes per pixel: blue, green, red, alpha. */
    COLOR_BGRA32(K4A_IMAGE_FORMAT_COLOR_BGRA32),
    /** Depth in millimetres, one uint16 per pixel (0: no depth). */
    DEPTH16(K4A_IMAGE_FORMAT_DEPTH16),
    /** Infrared brightness, one uint16 per pixel. */
    IR16(K4A_IMAGE_FORMAT_IR16),
    /** One byte per pixel, any meaning (e.g. the colour-to-depth custom channel). */
    CUSTOM8(K4A_IMAGE_FORMAT_CUSTOM8),
    /** One uint16 per pixel, any meaning. */
    CUSTOM16(K4A_IMAGE_FORMAT_CUSTOM16),
    /** Any layout: the stride says how many bytes a row has (point clouds: x, y, z as int16). */
    CUSTOM(K4A_IMAGE_FORMAT_CUSTOM);

    private static final ImageFormat[] VALUES = values();
    private final int value;

    ImageFormat(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_image_format_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_image_format_t} value.
     *
     * @param value a {@code k4a_image_format_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_image_format_t}
     */
    public static ImageFormat of(int value) {
        return Enums.of(VALUES, value, ImageFormat::value, "k4a_image_format_t");
    }

    /** @return true for the four colour formats (MJPG, NV12, YUY2, BGRA32) */
    public boolean isColor() {
        return value <= K4A_IMAGE_FORMAT_COLOR_BGRA32;
    }

    /** @return the C name, e.g. {@code K4A_IMAGE_FORMAT_COLOR_MJPG} */
    @Override
    public String toString() {
        return "K4A_IMAGE_FORMAT_" + name();
    }
}
