/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** The Java layer's Image: creation, wrapping, metadata, views, close and bad input. */
@ExtendWith(CountingAllocatorExtension.class)
class ImageTest {
    private static void assertRefused(Executable call, String said) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(said), "message '" + e.getMessage() + "' should contain '" + said + "'");
    }

    private static K4aException assertK4aFailure(Executable call, String... said) {
        K4aException e = assertThrows(K4aException.class, call);
        for (String s : said) {
            assertTrue(e.getMessage().contains(s), "message '" + e.getMessage() + "' should contain '" + s + "'");
        }
        return e;
    }

    @Test
    @DisplayName("create gives the format, size, minimum stride and buffer size asked for")
    void createReportsLayout() {
        try (Image image = Image.create(ImageFormat.DEPTH16, 640, 576)) {
            assertEquals(ImageFormat.DEPTH16, image.getFormat());
            assertEquals(640, image.getWidthPixels());
            assertEquals(576, image.getHeightPixels());
            assertEquals(1280, image.getStrideBytes());
            assertEquals(1280L * 576, image.getSize());
            assertFalse(image.isClosed());
            assertTrue(image.toString().contains("640x576"), image.toString());
        }
        try (Image nv12 = Image.create(ImageFormat.COLOR_NV12, 64, 32, 80)) {
            assertEquals(80, nv12.getStrideBytes(), "a given stride is kept");
            assertEquals(80L * 48, nv12.getSize(), "NV12 holds luma and half-height chroma");
        }
    }

    @Test
    @DisplayName("create refuses what every 1.4 library refuses (MJPG, no width) with a K4aException")
    void createRefusesWithK4aException() {
        for (int[] bad : new int[][] {{K4A_IMAGE_FORMAT_COLOR_MJPG, 8, 8}, {K4A_IMAGE_FORMAT_DEPTH16, 0, 8}}) {
            K4aException e = assertThrows(K4aException.class, () -> Image.create(ImageFormat.of(bad[0]), bad[1], bad[2]));
            assertEquals("k4a_image_create", e.getFunction());
            assertNotNull(e.getMessage());
        }
    }

    @Tag("k4a4j-native") // k4a4j's limits and wording
    @Test
    @DisplayName("create refuses bad input with a K4aException carrying the library's message")
    void createRefusesBadInput() {
        K4aException e = assertK4aFailure(() -> Image.create(ImageFormat.CUSTOM, 8, 8, 0), "k4a_image_create", "stride");
        assertEquals("k4a_image_create", e.getFunction());
        assertNotNull(e.getNativeMessage());
        assertK4aFailure(() -> Image.create(ImageFormat.COLOR_MJPG, 8, 8), "MJPG");
        assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 0, 8), "width_pixels 0");
        assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 20001, 8), "width_pixels 20001");
        assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 8, 20001), "height_pixels 20001");
        assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 8, 8, 10), "stride_bytes 10");
        assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 8, 8, -1), "stride_bytes -1");
        assertK4aFailure(() -> Image.create(ImageFormat.COLOR_NV12, 8, 9), "height_pixels 9", "odd");
        assertK4aFailure(() -> Image.create(ImageFormat.CUSTOM, 8, 8), "stride_bytes must be given");
        // the message of one failure does not leak into the next
        K4aException second = assertK4aFailure(() -> Image.create(ImageFormat.DEPTH16, 0, 1));
        assertFalse(second.getMessage().contains("stride"), second.getMessage());
    }

    @Test
    @DisplayName("metadata setters and getters round-trip, unsigned values included; out-of-range 32-bit values are refused")
    void metadata() {
        try (Image image = Image.create(ImageFormat.COLOR_BGRA32, 4, 4)) {
            image.setDeviceTimestampUsec(1_000_000L);
            assertEquals(1_000_000L, image.getDeviceTimestampUsec());
            image.setDeviceTimestampUsec(-1L);
            assertEquals(-1L, image.getDeviceTimestampUsec(), "uint64 max as -1");
            image.setSystemTimestampNsec(987654321012345L);
            assertEquals(987654321012345L, image.getSystemTimestampNsec());
            image.setExposureUsec(33000);
            assertEquals(33000, image.getExposureUsec());
            image.setWhiteBalance(4200);
            assertEquals(4200, image.getWhiteBalance());
            image.setWhiteBalance(0xFFFFFFFFL);
            assertEquals(0xFFFFFFFFL, image.getWhiteBalance(), "uint32 max reads back unsigned");
            image.setIsoSpeed(1600);
            assertEquals(1600, image.getIsoSpeed());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> image.setIsoSpeed(-1));
            assertTrue(e.getMessage().contains("isoSpeed -1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> image.setWhiteBalance(1L << 32));
            assertTrue(e.getMessage().contains("whiteBalance"), e.getMessage());
            assertEquals(1600, image.getIsoSpeed(), "a refused value changes nothing");
        }
    }

    @Test
    @DisplayName("close releases once and is idempotent; every method of a closed image throws IllegalStateException")
    void closeAndUseAfterClose() {
        Image image = Image.create(ImageFormat.IR16, 8, 8);
        image.close();
        assertTrue(image.isClosed());
        image.close();
        image.close();
        assertEquals("Image[closed]", image.toString());
        List<Consumer<Image>> uses = Arrays.asList(Image::getFormat, Image::getWidthPixels, Image::getHeightPixels,
                Image::getStrideBytes, Image::getSize, Image::getBuffer, Image::getShortBuffer, Image::getBufferPointer,
                Image::getDeviceTimestampUsec, Image::getSystemTimestampNsec, Image::getExposureUsec,
                Image::getWhiteBalance, Image::getIsoSpeed, Image::handle, Image::reference,
                i -> i.setDeviceTimestampUsec(1), i -> i.setSystemTimestampNsec(1), i -> i.setExposureUsec(1),
                i -> i.setWhiteBalance(1), i -> i.setIsoSpeed(1));
        for (Consumer<Image> use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> use.accept(image));
            assertEquals("the Image is closed", e.getMessage());
        }
    }

    @Test
    @DisplayName("reference() shares the native image; each object releases its own reference")
    void referenceShares() {
        Image first = Image.create(ImageFormat.CUSTOM8, 8, 8);
        Image second = first.reference();
        assertEquals(first.handle().address(), second.handle().address(), "the same native image");
        try (BytePointer pixels = first.getBufferPointer()) {
            pixels.put(63, (byte) 42);
        }
        first.close();
        assertEquals(8, second.getWidthPixels(), "still alive through the second reference");
        try (BytePointer pixels = second.getBufferPointer()) {
            assertEquals(42, pixels.get(63), "with its pixels");
        }
        second.close();
        assertThrows(IllegalStateException.class, second::getWidthPixels);
    }

    @Test
    @DisplayName("adopt takes over a raw reference and refuses null")
    void adopt() {
        org.k4a4j.k4a.k4a_image_t raw = new org.k4a4j.k4a.k4a_image_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 0, raw));
        try (Image image = Image.adopt(raw)) {
            assertEquals(raw.address(), image.handle().address());
            assertEquals(4, image.getHeightPixels());
        }
        assertThrows(NullPointerException.class, () -> Image.adopt(null));
        assertThrows(NullPointerException.class, () -> Image.adopt(new org.k4a4j.k4a.k4a_image_t()));
    }

    /**
     * An image over memory of its own whose release libk4a reports by its destroy callback, which every 1.4
     * library calls on the last release: lifetimes seen from Java, on any libk4a.
     */
    static Image tracked(ImageFormat format, int width, int height, int stride, AtomicInteger released) {
        BytePointer memory = new BytePointer((long) height * stride);
        return Image.wrap(format, width, height, stride, memory, memory.capacity(), memory, released::incrementAndGet);
    }

    /** Runs the garbage collector until libk4a has released the image (or 10 s have passed), then asserts it. */
    private static void awaitReleased(AtomicInteger released, String what) {
        CountingAllocator.collectUntil(() -> released.get() != 0); // the collector alone: no allocator accounting
        assertEquals(1, released.get(), what);
    }

    @Test
    @DisplayName("buffer views are zero-copy, native-ordered, sized to the image, and outlive the Image object")
    void buffersAreZeroCopyViews() {
        AtomicInteger released = new AtomicInteger();
        Image image = tracked(ImageFormat.DEPTH16, 16, 4, 40, released);
        ByteBuffer bytes = image.getBuffer();
        ShortBuffer shorts = image.getShortBuffer();
        BytePointer pointer = image.getBufferPointer();
        assertEquals(160, bytes.capacity());
        assertEquals(80, shorts.capacity());
        assertEquals(160, pointer.limit());
        assertEquals(ByteOrder.nativeOrder(), bytes.order());
        assertEquals(k4a_image_get_buffer(image.handle()).address(), pointer.address(), "the pointer is the buffer");
        shorts.put(21, (short) 0x1234); // row 1 (stride 40 bytes = 20 shorts), column 1
        assertEquals((short) 0x1234, bytes.getShort(42), "a write through one view is seen through the other");
        assertEquals((byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0x34 : 0x12), pointer.get(42));
        pointer.put(0, (byte) 9);
        assertEquals(9, bytes.get(0));

        image.close();
        assertEquals(0, released.get(), "views keep the native image after close");
        bytes.put(159, (byte) 77); // still valid memory
        assertEquals(77, pointer.get(159));
        pointer.close(); // explicit release of the pointer's reference
        pointer.close(); // idempotent
        assertEquals((short) 0x1234, shorts.get(21), "the buffers still hold their own reference");
        assertEquals(0, released.get(), "the buffers still hold the image");
        bytes = null;
        shorts = null;
        awaitReleased(released, "the buffers' reference is released once they are collected");
    }

    @Test
    @DisplayName("a slice or typed view of getBuffer() alone keeps the image alive")
    void derivedBufferKeepsImage() {
        AtomicInteger released = new AtomicInteger();
        Image image = tracked(ImageFormat.CUSTOM8, 64, 64, 64, released);
        ByteBuffer slice = sliceOf(image.getBuffer(), 100);
        image.close();
        for (int i = 0; i < 5; i++) {
            System.gc();
            assertEquals(0, released.get(), "the root buffer is still reachable through the slice");
            slice.put(0, (byte) i);
            assertEquals(i, slice.get(0));
        }
        slice = null;
        awaitReleased(released, "released once the slice is gone");
    }

    private static ByteBuffer sliceOf(ByteBuffer buffer, int at) {
        buffer.position(at);
        return buffer.slice();
    }

    @Test
    @DisplayName("wrap(ByteBuffer) uses the caller's memory without copying and gives it back once, when released")
    void wrapDirectBuffer() {
        ByteBuffer memory = ByteBuffer.allocateDirect(8 * 8 * 2).order(ByteOrder.nativeOrder());
        memory.putShort(2, (short) 4321);
        int held = Image.wrappedBufferCount(); // other tests' images may await collection
        Image image = Image.wrap(ImageFormat.DEPTH16, 8, 8, 0, memory);
        assertEquals(held + 1, Image.wrappedBufferCount(), "held while libk4a uses it");
        assertEquals(16, image.getStrideBytes());
        try (BytePointer pixels = image.getBufferPointer()) { // closed at once, unlike a buffer view
            assertEquals(new BytePointer(memory).address(), pixels.address(), "no copy: the image's pixels are the caller's memory");
            assertEquals(4321, pixels.getShort(2), "the image shows the caller's bytes");
            pixels.putShort(4, (short) 99);
            assertEquals(99, memory.getShort(4), "and writes through the image reach the caller's buffer");
        }
        Image second = image.reference();
        image.close();
        assertEquals(held + 1, Image.wrappedBufferCount(), "still held by the second reference");
        second.close();
        assertEquals(held, Image.wrappedBufferCount(), "given back on the last release");
    }

    @Test
    @DisplayName("wrap(Pointer) runs onRelease exactly once: on the last release, or at once when wrapping fails")
    void wrapPointerOnRelease() {
        BytePointer memory = new BytePointer(4 * 4 * 4);
        AtomicInteger released = new AtomicInteger();
        Image image = Image.wrap(ImageFormat.COLOR_BGRA32, 4, 4, 0, memory, memory.capacity(), null,
                released::incrementAndGet);
        try (BytePointer pixels = image.getBufferPointer()) {
            assertEquals(memory.address(), pixels.address(), "the image's pixels are the caller's memory");
        }
        assertEquals(0, released.get());
        image.close();
        assertEquals(1, released.get());
        image.close();
        assertEquals(1, released.get(), "once");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Image.wrap(
                ImageFormat.COLOR_BGRA32, 4, 4, 0, memory, 63, null, released::incrementAndGet));
        assertTrue(e.getMessage().contains("bufferSize 63"), e.getMessage());
        assertEquals(2, released.get(), "a refused buffer is given back at once");
        // a pointer's position is honoured
        memory.put(20, (byte) 5);
        try (Image offset = Image.wrap(ImageFormat.CUSTOM8, 4, 4, 0, memory.position(20), 16, null, null)) {
            assertEquals(5, offset.getBuffer().get(0));
        }
        memory.close();
    }

    @Test
    @DisplayName("wrap refuses null, non-direct and too-small buffers and bad layouts in Java, before libk4a sees them")
    void wrapRefusesBadInput() {
        assertThrows(NullPointerException.class, () -> Image.wrap(ImageFormat.DEPTH16, 8, 8, 0, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Image.wrap(ImageFormat.DEPTH16, 8, 8, 0, ByteBuffer.allocate(128)));
        assertTrue(e.getMessage().contains("not direct"), e.getMessage());
        ByteBuffer small = ByteBuffer.allocateDirect(127);
        assertRefused(() -> Image.wrap(ImageFormat.DEPTH16, 8, 8, 0, small), "bufferSize 127");
        ByteBuffer memory = ByteBuffer.allocateDirect(4096);
        assertRefused(() -> Image.wrap(ImageFormat.COLOR_NV12, 8, 7, 0, memory), "odd");
        assertRefused(() -> Image.wrap(ImageFormat.DEPTH16, 8, 8, 8, memory), "strideBytes 8");
        assertRefused(() -> Image.wrap(ImageFormat.DEPTH16, 0, 8, 0, memory), "0x8");
        assertThrows(NullPointerException.class, () -> Image.wrap(null, 8, 8, 0, memory));
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> Image.wrap(ImageFormat.DEPTH16, 8, 8, 0, null, 128, null, null));
        assertTrue(n.getMessage().contains("buffer"), n.getMessage());
        ByteBuffer empty = ByteBuffer.allocateDirect(0);
        assertRefused(() -> Image.wrap(ImageFormat.COLOR_MJPG, 8, 8, 0, empty), "bufferSize 0");
        // MJPG takes the JPEG's bytes as they are
        try (Image jpeg = Image.wrap(ImageFormat.COLOR_MJPG, 1280, 720, 0, memory)) {
            assertEquals(4096, jpeg.getSize());
        }
    }
}
