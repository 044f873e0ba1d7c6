/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.internal;

/**
 * Not API: the one check of an image's rows that both {@code org.k4a4j} (its package-private {@code Checks})
 * and {@code org.k4a4j.opencv} make before native code reads or writes a whole image: rows wide enough for the
 * pixels and a buffer that holds every row. It owns nothing.
 */
public final class ImageLayout {
    private ImageLayout() {
    }

    /**
     * Checks that rows of {@code stride} bytes hold {@code width} pixels of {@code pixelBytes} bytes and that a
     * buffer of {@code size} bytes holds {@code height} such rows.
     *
     * @param name       what the image is, for the messages
     * @param width      pixels per row the call uses
     * @param height     rows the call uses
     * @param pixelBytes bytes per pixel the call uses
     * @param stride     the image's stride in bytes
     * @param size       the image's buffer size in bytes
     * @return {@code stride}
     * @throws IllegalArgumentException when the stride or the buffer is too small
     */
    public static int rows(String name, int width, int height, int pixelBytes, int stride, long size) {
        if (stride < (long) width * pixelBytes) {
            throw new IllegalArgumentException(name + " has a stride of " + stride + " bytes, less than a row of "
                    + width + " pixels of " + pixelBytes + " bytes");
        }
        if (size < (long) height * stride) {
            throw new IllegalArgumentException(name + " has a buffer of " + size + " bytes, less than its " + height
                    + " rows of " + stride + " bytes");
        }
        return stride;
    }
}
