/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.bytedeco.javacpp.Pointer;
import org.k4a4j.internal.ImageLayout;
import org.k4a4j.k4a.k4a_image_t;

import static org.k4a4j.global.k4a.*;

/**
 * What memory safety depends on, checked in Java before native code runs. The Java layer may run on any
 * libk4a.so.1.4 (k4a4j's own, or the vendor's, put underneath with {@code pathsFirst}), and the vendor's
 * accepts some arguments k4a4j's refuses (e.g. a wrapped buffer smaller than height x stride), then reads or
 * writes out of bounds. So every Java call that hands native code memory, an image layout or an index into a
 * struct checks it here first: no Java call passes native code a pointer with fewer bytes than the call uses.
 *
 * <p>Each check throws {@link NullPointerException} or {@link IllegalArgumentException} (or
 * {@link IllegalStateException} for a camera that is off) with a message naming the argument. What does not
 * touch memory (e.g. a padded stride the transformation does not support, an interpolation type) is left to the
 * library, which refuses it with a {@link K4aException}.
 */
final class Checks {
    private Checks() {
    }

    /** {@code o}, or a NullPointerException saying that {@code name} is null. */
    static <T> T notNull(T o, String name) {
        if (o == null) {
            throw new NullPointerException(name + " is null");
        }
        return o;
    }

    /** Bytes per pixel of the first plane of a format; 0 for MJPG and CUSTOM, whose pixels have no fixed size. */
    static int bytesPerPixel(int format) {
        switch (format) {
            case K4A_IMAGE_FORMAT_COLOR_NV12:
            case K4A_IMAGE_FORMAT_CUSTOM8:
                return 1;
            case K4A_IMAGE_FORMAT_COLOR_YUY2:
            case K4A_IMAGE_FORMAT_DEPTH16:
            case K4A_IMAGE_FORMAT_IR16:
            case K4A_IMAGE_FORMAT_CUSTOM16:
                return 2;
            case K4A_IMAGE_FORMAT_COLOR_BGRA32:
                return 4;
            default:
                return 0;
        }
    }

    /** Bytes an image of this layout occupies: height x stride, x 1.5 for NV12 (luma and half-height chroma). */
    static long imageBytes(int format, int height, int stride) {
        long rows = format == K4A_IMAGE_FORMAT_COLOR_NV12 ? height + height / 2L : height;
        return rows * stride;
    }

    /**
     * Checks a caller buffer about to be wrapped into an image ({@code k4a_image_create_from_buffer}) and returns
     * the stride to pass: the given one, or for 0 the minimum of the format (so that no library has to compute
     * it). The buffer must hold the whole image: at least height x stride bytes (x 1.5 for NV12), and no more than
     * the pointer's own limit when it has one; the stride at least width x bytes per pixel.
     */
    static int wrappedLayout(int format, int width, int height, int stride, Pointer buffer, long bufferSize) {
        if (buffer == null || buffer.isNull()) {
            throw new NullPointerException("buffer is null");
        }
        if (format < K4A_IMAGE_FORMAT_COLOR_MJPG || format > K4A_IMAGE_FORMAT_CUSTOM) {
            throw new IllegalArgumentException("format " + format + " is not a k4a_image_format_t (0..8)");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("the size " + width + "x" + height + " is not positive");
        }
        if (stride < 0) {
            throw new IllegalArgumentException("strideBytes " + stride + " is negative");
        }
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + " is not positive");
        }
        pointerBytes(buffer, bufferSize, "buffer");
        if (format == K4A_IMAGE_FORMAT_COLOR_MJPG) {
            return stride; // compressed: the bytes are the JPEG, whatever their number
        }
        if (format == K4A_IMAGE_FORMAT_COLOR_NV12 && height % 2 != 0) {
            throw new IllegalArgumentException("heightPixels " + height + " is odd, which NV12 (half-height chroma) does not allow");
        }
        if (format == K4A_IMAGE_FORMAT_COLOR_YUY2 && width % 2 != 0) {
            throw new IllegalArgumentException("widthPixels " + width + " is odd, which YUY2 (two pixels per macropixel) does not allow");
        }
        long minStride = (long) width * bytesPerPixel(format);
        if (stride == 0) {
            if (format == K4A_IMAGE_FORMAT_CUSTOM) {
                throw new IllegalArgumentException("strideBytes must be given for CUSTOM images (their pixel size is not known)");
            }
            if (minStride > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a row of " + width + " pixels has " + minStride + " bytes, more than a stride can say");
            }
            stride = (int) minStride;
        }
        if (stride < minStride) {
            throw new IllegalArgumentException("strideBytes " + stride + " is less than the " + minStride + " bytes of a row of "
                    + width + " pixels of format " + format);
        }
        long needed = imageBytes(format, height, stride);
        if (bufferSize < needed) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + " is less than the " + needed + " bytes a " + width
                    + "x" + height + " image of format " + format + " with stride " + stride + " needs");
        }
        return stride;
    }

    /**
     * Checks that {@code size} bytes at a pointer's position are the caller's to give: a non-NULL pointer, a size
     * not negative, and, when the pointer knows its limit, no more bytes than lie between its position and limit.
     */
    static void pointerBytes(Pointer p, long size, String name) {
        if (p == null || p.isNull()) {
            throw new NullPointerException(name + " is null");
        }
        if (size < 0) {
            throw new IllegalArgumentException(name + ": size " + size + " is negative");
        }
        if (p.limit() > 0) {
            long available = (p.limit() - p.position()) * (long) p.sizeof();
            if (size > available) {
                throw new IllegalArgumentException(name + ": size " + size + " is more than the " + Math.max(available, 0)
                        + " bytes between the pointer's position and its limit");
            }
        }
    }

    /**
     * Checks an image a native call reads or writes as a whole: open, of one of {@code formats}, of exactly
     * {@code width} x {@code height} pixels (the camera's size), with rows of at least {@code pixelBytes} per
     * pixel and a buffer that holds them all. Returns its handle for the call.
     *
     * @param camera what the size belongs to, for the messages (e.g. "the depth camera")
     */
    static k4a_image_t image(Image image, String name, int width, int height, String camera, int pixelBytes,
            int... formats) {
        notNull(image, name + " image");
        k4a_image_t handle = image.handle();
        if (width <= 0 || height <= 0) {
            throw new IllegalStateException(camera + " has size " + width + "x" + height
                    + " (is it off in this calibration?)");
        }
        int format = k4a_image_get_format(handle);
        boolean known = false;
        for (int f : formats) {
            known |= f == format;
        }
        if (!known) {
            throw new IllegalArgumentException(name + " image has format " + format + "; it must be "
                    + java.util.Arrays.toString(formats) + " (K4A_IMAGE_FORMAT_*)");
        }
        int w = k4a_image_get_width_pixels(handle);
        int h = k4a_image_get_height_pixels(handle);
        if (w != width || h != height) {
            throw new IllegalArgumentException(name + " image is " + w + "x" + h + "; it must have the size of " + camera
                    + ", " + width + "x" + height);
        }
        int stride = k4a_image_get_stride_bytes(handle);
        ImageLayout.rows(name + " image", width, height, pixelBytes, stride, k4a_image_get_size(handle));
        org.bytedeco.javacpp.BytePointer pixels = k4a_image_get_buffer(handle);
        if (pixels == null || pixels.isNull()) {
            throw new IllegalArgumentException(name + " image has no buffer");
        }
        return handle;
    }

    /** A {@code K4A_CALIBRATION_TYPE_*} that indexes the calibration's tables: DEPTH, COLOR, GYRO or ACCEL. */
    static int sensor(String name, int type) {
        if (type < K4A_CALIBRATION_TYPE_DEPTH || type > K4A_CALIBRATION_TYPE_ACCEL) {
            throw new IllegalArgumentException(name + " sensor " + type
                    + " is not K4A_CALIBRATION_TYPE_DEPTH, _COLOR, _GYRO or _ACCEL (0..3)");
        }
        return type;
    }

    /** A camera of a calibration: {@code K4A_CALIBRATION_TYPE_DEPTH} or {@code _COLOR}. */
    static int camera(String name, int type) {
        if (type != K4A_CALIBRATION_TYPE_DEPTH && type != K4A_CALIBRATION_TYPE_COLOR) {
            throw new IllegalArgumentException(name + " " + type
                    + " is not a camera: K4A_CALIBRATION_TYPE_DEPTH (0) or K4A_CALIBRATION_TYPE_COLOR (1)");
        }
        return type;
    }

    /** An allocator pair ({@code k4a_set_allocator}): both callbacks, or neither (the default allocator). */
    static void allocatorPair(Object allocate, Object free) {
        if ((allocate == null) != (free == null)) {
            throw new IllegalArgumentException("allocate and free must be given together (or both null for the default "
                    + "allocator); " + (allocate == null ? "allocate" : "free") + " is null");
        }
    }
}
