/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.k4a4j.k4a.k4a_image_t;

import static org.k4a4j.global.k4a.*;

/**
 * An image of libk4a ({@code k4a_image_t}): a pixel buffer with format, size, stride and metadata.
 *
 * <p>An {@code Image} holds one reference to the native image, released by {@link #close()} (once; closing
 * again does nothing) or, as a safety net, when the object is collected. Native images are shared: the
 * {@link Capture} that holds one, each {@code Image} object and each pixel view ({@link #getBuffer()},
 * {@link #getBufferPointer()}, and the OpenCV Mats of {@code org.k4a4j.opencv.ImageMats}) holds a reference
 * of its own, so the pixels stay valid for as long as any of them is in use, in whatever order they are
 * closed or collected. Any use of a closed {@code Image} throws {@link IllegalStateException}; a native
 * failure throws {@link K4aException} with the library's message. Formats are {@link ImageFormat}s.
 *
 * <p>Which views give their reference back when closed: {@link #getBufferPointer()} and the Mats of
 * {@code ImageMats.asMat} do, at once, on {@code close()}. {@link #getBuffer()} and {@link #getShortBuffer()}
 * cannot: an NIO buffer has no {@code close()}, and any slice or duplicate of it may still be reading the
 * pixels, so only the garbage collector can tell when none is left; in a frame loop prefer the closeable views.
 *
 * <p>Not for closing on one thread while another uses the same object; distinct objects (and views) of one
 * native image may be used on different threads.
 */
public final class Image extends NativeHandle<k4a_image_t> {
    private Image(long address) {
        super(address, k4a_image_t::new, h -> k4a_image_release(h));
    }

    /**
     * A new image with a buffer from libk4a's allocator ({@code k4a_image_create}).
     *
     * @param format       any format but MJPG (whose size is not fixed)
     * @param widthPixels  width in pixels
     * @param heightPixels height in pixels
     * @param strideBytes  bytes per row; 0 for the minimum (not allowed for CUSTOM)
     * @return a new image the caller closes
     * @throws K4aException for a bad format, size or stride, or when there is no memory
     */
    public static Image create(ImageFormat format, int widthPixels, int heightPixels, int strideBytes) {
        requireFormat(format);
        K4a.clearErrors();
        k4a_image_t out = new k4a_image_t();
        if (k4a_image_create(format.value(), widthPixels, heightPixels, strideBytes, out) != K4A_RESULT_SUCCEEDED
                || out.isNull()) {
            throw K4a.error("k4a_image_create");
        }
        return new Image(out.address());
    }

    /**
     * {@link #create(ImageFormat, int, int, int)} with the minimum stride.
     *
     * @param format       any format but MJPG and CUSTOM
     * @param widthPixels  width in pixels
     * @param heightPixels height in pixels
     * @return a new image the caller closes
     */
    public static Image create(ImageFormat format, int widthPixels, int heightPixels) {
        return create(format, widthPixels, heightPixels, 0);
    }

    /**
     * An image over the caller's memory ({@code k4a_image_create_from_buffer}), without copying.
     *
     * <p>{@code buffer} and {@code owner} are kept strongly reachable until libk4a no longer uses the memory
     * (the last reference to the image is released); then {@code onRelease} runs, once, on the thread that
     * released it. It also runs, before the exception, when the image cannot be made. Until then the caller
     * must not free or reuse the memory.
     *
     * <p>The layout is checked before libk4a sees it, since some libk4a builds (the vendor's) accept a buffer too
     * small for it and would then read or write past its end: the buffer must hold the whole image, and when
     * {@code buffer} knows its limit, {@code bufferSize} must not go past it. A stride of 0 is passed on as the
     * format's minimum (MJPG keeps 0).
     *
     * @param format       the pixel format
     * @param widthPixels  width in pixels
     * @param heightPixels height in pixels
     * @param strideBytes  bytes per row; 0 for the format's minimum
     * @param buffer       the first byte (its address plus position); not null
     * @param bufferSize   bytes at {@code buffer}; at least height x stride (x 1.5 for NV12) unless MJPG
     * @param owner        anything that must stay reachable while the memory is used (may be null)
     * @param onRelease    runs when the memory is no longer used (may be null); must not throw
     * @return a new image the caller closes
     * @throws NullPointerException     for a null format or a null (or NULL) buffer
     * @throws IllegalArgumentException for a size or stride that is not positive, a stride shorter than a row, a
     *                                  buffer smaller than the image or past the pointer's limit, an odd NV12
     *                                  height or YUY2 width, CUSTOM without a stride
     * @throws K4aException             for a layout libk4a refuses otherwise (e.g. sizes beyond its limits)
     */
    public static Image wrap(ImageFormat format, int widthPixels, int heightPixels, int strideBytes, Pointer buffer,
            long bufferSize, Object owner, Runnable onRelease) {
        Pointer key = BufferOwners.register(new Object[] {buffer, owner}, onRelease);
        k4a_image_t out = new k4a_image_t();
        try {
            requireFormat(format);
            int stride = Checks.wrappedLayout(format.value(), widthPixels, heightPixels, strideBytes, buffer, bufferSize);
            BytePointer start = new Address(buffer.address() + buffer.position() * (long) buffer.sizeof());
            K4a.clearErrors();
            if (k4a_image_create_from_buffer(format.value(), widthPixels, heightPixels, stride, start, bufferSize,
                    BufferOwners.CALLBACK, key, out) != K4A_RESULT_SUCCEEDED || out.isNull()) {
                throw K4a.error("k4a_image_create_from_buffer");
            }
        } catch (RuntimeException e) {
            BufferOwners.release(key.address()); // libk4a did not take the buffer
            throw e;
        }
        return new Image(out.address());
    }

    /**
     * An image over a direct buffer's remaining bytes, without copying; the buffer is kept reachable while
     * libk4a uses it. See {@link #wrap(ImageFormat, int, int, int, Pointer, long, Object, Runnable)}.
     *
     * @param format       the pixel format
     * @param widthPixels  width in pixels
     * @param heightPixels height in pixels
     * @param strideBytes  bytes per row
     * @param buffer       a direct buffer holding the pixels from its position on
     * @return a new image the caller closes
     * @throws IllegalArgumentException when the buffer is not direct, or as the other {@code wrap} says
     * @throws K4aException for a layout libk4a refuses
     */
    public static Image wrap(ImageFormat format, int widthPixels, int heightPixels, int strideBytes, ByteBuffer buffer) {
        if (buffer == null) {
            throw new NullPointerException("buffer is null");
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("buffer is not direct: libk4a needs memory that does not move");
        }
        return wrap(format, widthPixels, heightPixels, strideBytes, new BytePointer(buffer), buffer.remaining(),
                buffer, null);
    }

    /**
     * Takes over one reference to a native image (e.g. one returned by a raw {@code k4a_*} call): the new
     * object releases it. The handle object itself is left as it was.
     *
     * @param owned the handle whose reference is taken over
     * @return a new Image owning that reference, which the caller closes
     * @throws NullPointerException when the handle is null or NULL
     */
    public static Image adopt(k4a_image_t owned) {
        if (owned == null || owned.isNull()) {
            throw new NullPointerException("image handle is null");
        }
        return new Image(owned.address());
    }

    /**
     * How many wrapped caller buffers libk4a still holds (a diagnostic: 0 when every such image is released).
     *
     * @return how many wrapped caller buffers libk4a still holds (a diagnostic: 0 when every such image is released)
     */
    public static int wrappedBufferCount() {
        return BufferOwners.size();
    }

    /**
     * A new object sharing this native image, with a reference of its own ({@code k4a_image_reference}).
     *
     * @return a new object sharing this native image, with a reference of its own ({@code k4a_image_reference})
     */
    public Image reference() {
        k4a_image_t live = live();
        k4a_image_reference(live);
        return new Image(live.address());
    }

    /**
     * @return the pixel format
     * @throws IllegalArgumentException when a raw image has a format outside {@code k4a_image_format_t}
     */
    public ImageFormat getFormat() {
        return ImageFormat.of(k4a_image_get_format(live()));
    }

    /** @return the width in pixels */
    public int getWidthPixels() {
        return k4a_image_get_width_pixels(live());
    }

    /** @return the height in pixels */
    public int getHeightPixels() {
        return k4a_image_get_height_pixels(live());
    }

    /**
     * Bytes per row (0 for MJPG).
     *
     * @return bytes per row (0 for MJPG)
     */
    public int getStrideBytes() {
        return k4a_image_get_stride_bytes(live());
    }

    /**
     * Bytes of the buffer.
     *
     * @return bytes of the buffer
     */
    public long getSize() {
        return k4a_image_get_size(live());
    }

    /**
     * The pixels, without copying, as a BytePointer (capacity and limit = {@link #getSize()}) that holds a
     * reference to the native image: the memory stays valid while the pointer is reachable and not closed,
     * even after this {@code Image} is closed. Closing the pointer releases its reference at once.
     * @return a pointer holding its own image reference; close it to give that back
     */
    public BytePointer getBufferPointer() {
        k4a_image_t live = live();
        long size = k4a_image_get_size(live);
        long pixels = k4a_image_get_buffer(live).address();
        k4a_image_reference(live);
        return new Pixels(live.address(), pixels, size);
    }

    /**
     * The pixels, without copying, as a direct ByteBuffer in native byte order, which keeps the native image
     * alive for as long as it (or any buffer derived from it: slices, duplicates, typed views) is reachable.
     *
     * @return a direct buffer that keeps the image alive until it and its derived buffers are unreachable
     * @throws UnsupportedOperationException when the image is larger than a ByteBuffer can address (2 GiB)
     */
    public ByteBuffer getBuffer() {
        long size = getSize();
        if (size > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("the image has " + size
                    + " bytes, more than a ByteBuffer can address; use getBufferPointer()");
        }
        BytePointer pixels = getBufferPointer();
        ByteBuffer view = pixels.asByteBuffer();
        Reclaimer.register(view, pixels::close); // the buffer, and whatever derives from it, holds the pixels
        return view;
    }

    /**
     * {@link #getBuffer()} as 16-bit values (DEPTH16, IR16, CUSTOM16 pixels; points of CUSTOM clouds).
     *
     * @return a new Mat the caller closes
     */
    public ShortBuffer getShortBuffer() {
        return getBuffer().asShortBuffer();
    }

    /**
     * Device timestamp in microseconds (unsigned).
     *
     * @return device timestamp in microseconds (unsigned)
     */
    public long getDeviceTimestampUsec() {
        return k4a_image_get_device_timestamp_usec(live());
    }

    /**
     * Sets the device timestamp.
     * @param timestampUsec microseconds (unsigned)
     */
    public void setDeviceTimestampUsec(long timestampUsec) {
        k4a_image_set_device_timestamp_usec(live(), timestampUsec);
    }

    /**
     * Host (system) timestamp in nanoseconds (unsigned).
     *
     * @return host (system) timestamp in nanoseconds (unsigned)
     */
    public long getSystemTimestampNsec() {
        return k4a_image_get_system_timestamp_nsec(live());
    }

    /**
     * Sets the host timestamp.
     * @param timestampNsec nanoseconds (unsigned)
     */
    public void setSystemTimestampNsec(long timestampNsec) {
        k4a_image_set_system_timestamp_nsec(live(), timestampNsec);
    }

    /**
     * Exposure time in microseconds (unsigned).
     *
     * @return exposure time in microseconds (unsigned)
     */
    public long getExposureUsec() {
        return k4a_image_get_exposure_usec(live());
    }

    /**
     * Sets the exposure time.
     * @param exposureUsec microseconds (unsigned)
     */
    public void setExposureUsec(long exposureUsec) {
        k4a_image_set_exposure_usec(live(), exposureUsec);
    }

    /**
     * White balance in Kelvin (0 when unknown), 0 .. 2^32-1.
     *
     * @return white balance in Kelvin (0 when unknown), 0 .. 2^32-1
     */
    public long getWhiteBalance() {
        return Integer.toUnsignedLong(k4a_image_get_white_balance(live()));
    }

    /**
     * @throws IllegalArgumentException when the value does not fit in 32 unsigned bits
     *
     * @param whiteBalance Kelvin
     */
    public void setWhiteBalance(long whiteBalance) {
        k4a_image_set_white_balance(live(), uint32("whiteBalance", whiteBalance));
    }

    /**
     * ISO speed (0 when unknown), 0 .. 2^32-1.
     *
     * @return iSO speed (0 when unknown), 0 .. 2^32-1
     */
    public long getIsoSpeed() {
        return Integer.toUnsignedLong(k4a_image_get_iso_speed(live()));
    }

    /**
     * @throws IllegalArgumentException when the value does not fit in 32 unsigned bits
     *
     * @param isoSpeed the ISO speed
     */
    public void setIsoSpeed(long isoSpeed) {
        k4a_image_set_iso_speed(live(), uint32("isoSpeed", isoSpeed));
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "Image[closed]";
        }
        return "Image[format " + getFormat() + ", " + getWidthPixels() + "x" + getHeightPixels() + ", stride "
                + getStrideBytes() + ", " + getSize() + " bytes]";
    }

    private static void requireFormat(ImageFormat format) {
        if (format == null) {
            throw new NullPointerException("format is null");
        }
    }

    private static int uint32(String name, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(name + " " + value + " is outside 0..4294967295 (uint32_t)");
        }
        return (int) value;
    }

    /** Pixels that hold a reference to their image, given back by close() or once unreachable. */
    private static final class Pixels extends BytePointer {
        private final Reclaimer.Cleanup cleanup;

        Pixels(long image, long pixels, long size) {
            this.address = pixels;
            this.capacity = size;
            this.limit = size;
            this.cleanup = Reclaimer.register(this, releaser(image, k4a_image_t::new, h -> k4a_image_release(h)));
        }

        @Override
        public void close() {
            deallocate();
        }

        @Override
        public void deallocate() {
            cleanup.run();
            address = 0;
        }
    }

    /** A BytePointer at an address, nothing more. */
    private static final class Address extends BytePointer {
        Address(long address) {
            this.address = address;
        }
    }
}
