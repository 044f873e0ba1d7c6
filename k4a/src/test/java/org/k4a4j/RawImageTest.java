/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.k4a4j.k4a.k4a_capture_t;
import org.k4a4j.k4a.k4a_image_t;
import org.k4a4j.k4a.k4a_memory_destroy_cb_t;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** Every k4a_image_* function through the raw bindings, with good and bad input. */
@ExtendWith(CountingAllocatorExtension.class)
@SuppressWarnings("deprecation") // the deprecated 1.4 names are part of the API under test
class RawImageTest {
    private LogCapture log;

    /** Records the destroy callbacks libk4a makes for wrapped buffers. */
    static final class Destroyed extends k4a_memory_destroy_cb_t {
        final List<long[]> calls = new ArrayList<>(); // {buffer, context}

        @Override
        public void call(Pointer buffer, Pointer context) {
            synchronized (calls) {
                calls.add(new long[] {buffer == null ? 0 : buffer.address(), context == null ? 0 : context.address()});
            }
        }
    }

    private static final Destroyed DESTROYED = new Destroyed();

    @BeforeEach
    void openLog() {
        log = new LogCapture();
        synchronized (DESTROYED.calls) {
            DESTROYED.calls.clear();
        }
    }

    @AfterEach
    void closeLogAndCheckLeaks() {
        log.close();
    }

    private static k4a_image_t create(int format, int width, int height, int stride) {
        k4a_image_t image = new k4a_image_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_image_create(format, width, height, stride, image),
                "k4a_image_create(" + format + ", " + width + ", " + height + ", " + stride + ")");
        assertFalse(image.isNull());
        return image;
    }

    private void assertCreateFails(int format, int width, int height, int stride, String... said) {
        k4a_image_t image = new k4a_image_t();
        assertEquals(K4A_RESULT_FAILED, k4a_image_create(format, width, height, stride, image));
        assertTrue(image.isNull(), "no handle on failure");
        log.assertSaid(said);
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("k4a_image_create makes every uncompressed format with the minimum stride and the size it implies")
    void createEveryFormat() {
        int[][] cases = { // format, width, height, stride wanted, size
            {K4A_IMAGE_FORMAT_COLOR_NV12, 64, 48, 64, 64 * 48 * 3 / 2},
            {K4A_IMAGE_FORMAT_COLOR_YUY2, 64, 48, 128, 128 * 48},
            {K4A_IMAGE_FORMAT_COLOR_BGRA32, 64, 48, 256, 256 * 48},
            {K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 1280, 1280 * 576},
            {K4A_IMAGE_FORMAT_IR16, 640, 576, 1280, 1280 * 576},
            {K4A_IMAGE_FORMAT_CUSTOM8, 33, 7, 33, 33 * 7},
            {K4A_IMAGE_FORMAT_CUSTOM16, 33, 7, 66, 66 * 7},
        };
        for (int[] c : cases) {
            k4a_image_t image = create(c[0], c[1], c[2], 0);
            assertEquals(c[0], k4a_image_get_format(image));
            assertEquals(c[1], k4a_image_get_width_pixels(image));
            assertEquals(c[2], k4a_image_get_height_pixels(image));
            assertEquals(c[3], k4a_image_get_stride_bytes(image));
            assertEquals(c[4], k4a_image_get_size(image));
            BytePointer buffer = k4a_image_get_buffer(image);
            assertFalse(buffer == null || buffer.isNull(), "an image has a buffer");
            buffer.capacity(c[4]).put(c[4] - 1, (byte) 7); // the whole buffer is writable
            assertEquals(7, buffer.get(c[4] - 1));
            k4a_image_release(image);
        }
        // CUSTOM has no fixed pixel size: it needs a stride; a padded stride is kept as given
        k4a_image_t custom = create(K4A_IMAGE_FORMAT_CUSTOM, 10, 4, 60);
        assertEquals(60, k4a_image_get_stride_bytes(custom));
        assertEquals(240, k4a_image_get_size(custom));
        k4a_image_release(custom);
        k4a_image_t padded = create(K4A_IMAGE_FORMAT_DEPTH16, 10, 4, 32);
        assertEquals(32, k4a_image_get_stride_bytes(padded));
        assertEquals(128, k4a_image_get_size(padded));
        k4a_image_release(padded);
        assertTrue(log.messages().isEmpty(), "nothing logged for good input: " + log.messages());
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("k4a_image_create refuses bad formats, sizes, strides and odd NV12 heights with FAILED and a message")
    void createRefusesBadInput() {
        assertCreateFails(-1, 8, 8, 0, "k4a_image_create", "format -1");
        assertCreateFails(9, 8, 8, 0, "k4a_image_create", "format 9");
        assertCreateFails(99, 8, 8, 0, "format 99");
        assertCreateFails(K4A_IMAGE_FORMAT_COLOR_MJPG, 8, 8, 0, "k4a_image_create", "MJPG");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 0, 8, 0, "width_pixels 0");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, -5, 8, 0, "width_pixels -5");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 20001, 8, 0, "width_pixels 20001");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 8, 0, 0, "height_pixels 0");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 8, 20001, 0, "height_pixels 20001");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 8, 8, -2, "stride_bytes -2");
        assertCreateFails(K4A_IMAGE_FORMAT_DEPTH16, 8, 8, 15, "stride_bytes 15");
        assertCreateFails(K4A_IMAGE_FORMAT_COLOR_BGRA32, 8, 8, 31, "stride_bytes 31");
        assertCreateFails(K4A_IMAGE_FORMAT_COLOR_NV12, 8, 7, 0, "height_pixels 7", "odd");
        assertCreateFails(K4A_IMAGE_FORMAT_CUSTOM, 8, 8, 0, "stride_bytes must be given");
        // the largest side is allowed
        k4a_image_t tall = create(K4A_IMAGE_FORMAT_CUSTOM8, 1, 20000, 0);
        assertEquals(20000, k4a_image_get_height_pixels(tall));
        k4a_image_release(tall);
    }

    @Test
    @DisplayName("k4a_image_create_from_buffer wraps memory without copying and calls the destroy callback once, on the last release")
    void createFromBufferWrapsAndDestroysOnce() {
        BytePointer memory = new BytePointer(64 * 48 * 4);
        Pointer context = new BytePointer(1);
        k4a_image_t image = new k4a_image_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_BGRA32, 64, 48, 0,
                memory, memory.capacity(), DESTROYED, context, image));
        assertEquals(memory.address(), k4a_image_get_buffer(image).address(), "the image uses the caller's memory");
        assertEquals(256, k4a_image_get_stride_bytes(image));
        assertEquals(memory.capacity(), k4a_image_get_size(image));
        memory.put(100, (byte) 42);
        assertEquals(42, k4a_image_get_buffer(image).get(100), "a write by the caller is seen through the image");

        k4a_image_reference(image);
        k4a_image_release(image);
        assertTrue(DESTROYED.calls.isEmpty(), "not destroyed while a reference remains");
        k4a_image_release(image);
        assertEquals(1, DESTROYED.calls.size(), "destroyed exactly once");
        assertEquals(memory.address(), DESTROYED.calls.get(0)[0], "the callback gets the buffer");
        assertEquals(context.address(), DESTROYED.calls.get(0)[1], "the callback gets the context");

        // MJPG has no layout: any size is accepted and kept
        k4a_image_t jpeg = new k4a_image_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_MJPG, 1280, 720, 0,
                memory, 1234, null, null, jpeg));
        assertEquals(1234, k4a_image_get_size(jpeg));
        assertEquals(K4A_IMAGE_FORMAT_COLOR_MJPG, k4a_image_get_format(jpeg));
        k4a_image_release(jpeg); // no callback: nothing to call
        assertEquals(1, DESTROYED.calls.size());
        memory.close();
        context.close();
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("k4a_image_create_from_buffer refuses NULL or small buffers and bad layouts, without calling the destroy callback")
    void createFromBufferRefusesBadInput() {
        BytePointer memory = new BytePointer(4096);
        long[][] cases = { // format, width, height, stride, size
            {K4A_IMAGE_FORMAT_DEPTH16, 32, 32, 0, 0},
            {K4A_IMAGE_FORMAT_DEPTH16, 32, 32, 0, 2047},             // needs 32 x 64 = 2048
            {K4A_IMAGE_FORMAT_DEPTH16, 32, 32, 128, 4095},           // needs 32 x 128 = 4096
            {K4A_IMAGE_FORMAT_COLOR_NV12, 32, 32, 0, 32 * 32},       // needs 32 x 32 x 3/2
            {K4A_IMAGE_FORMAT_COLOR_NV12, 32, 31, 0, 4096},          // odd height
            {K4A_IMAGE_FORMAT_DEPTH16, 32, 32, 63, 4096},            // stride below a row
            {K4A_IMAGE_FORMAT_DEPTH16, 0, 32, 0, 4096},
            {K4A_IMAGE_FORMAT_DEPTH16, 20001, 1, 0, 4096},
            {42, 32, 32, 0, 4096},
            {K4A_IMAGE_FORMAT_CUSTOM, 32, 32, 0, 4096},               // CUSTOM needs a stride
        };
        String[] said = {"buffer_size is 0", "buffer_size 2047", "buffer_size 4095", "buffer_size 1024",
            "height_pixels 31", "stride_bytes 63", "width_pixels 0", "width_pixels 20001", "format 42",
            "stride_bytes must be given"};
        for (int i = 0; i < cases.length; i++) {
            long[] c = cases[i];
            k4a_image_t image = new k4a_image_t();
            assertEquals(K4A_RESULT_FAILED, k4a_image_create_from_buffer((int) c[0], (int) c[1], (int) c[2],
                    (int) c[3], memory, c[4], DESTROYED, null, image), "case " + i);
            assertTrue(image.isNull(), "no handle on failure, case " + i);
            log.assertSaid("k4a_image_create_from_buffer", said[i]);
        }
        k4a_image_t image = new k4a_image_t();
        assertEquals(K4A_RESULT_FAILED, k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_DEPTH16, 8, 8, 0,
                new BytePointer(), 4096, DESTROYED, null, image));
        log.assertSaid("k4a_image_create_from_buffer", "buffer is NULL");
        assertTrue(DESTROYED.calls.isEmpty(), "a refused buffer stays the caller's: no destroy callback");
        memory.close();
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("every metadata setter stores its value, full 64/32-bit unsigned range, and the deprecated names alias the new ones")
    void metadataRoundTrips() {
        k4a_image_t image = create(K4A_IMAGE_FORMAT_DEPTH16, 4, 4, 0);
        assertEquals(0, k4a_image_get_device_timestamp_usec(image), "fresh metadata is 0");
        assertEquals(0, k4a_image_get_system_timestamp_nsec(image));
        assertEquals(0, k4a_image_get_exposure_usec(image));
        assertEquals(0, k4a_image_get_white_balance(image));
        assertEquals(0, k4a_image_get_iso_speed(image));

        k4a_image_set_device_timestamp_usec(image, 123456789L);
        assertEquals(123456789L, k4a_image_get_device_timestamp_usec(image));
        assertEquals(123456789L, k4a_image_get_timestamp_usec(image), "deprecated getter reads the device timestamp");
        k4a_image_set_timestamp_usec(image, -1L); // UINT64_MAX
        assertEquals(-1L, k4a_image_get_device_timestamp_usec(image), "deprecated setter writes the device timestamp");
        k4a_image_set_system_timestamp_nsec(image, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, k4a_image_get_system_timestamp_nsec(image));
        k4a_image_set_exposure_usec(image, 33333);
        assertEquals(33333, k4a_image_get_exposure_usec(image));
        k4a_image_set_exposure_time_usec(image, 8000);
        assertEquals(8000, k4a_image_get_exposure_usec(image), "deprecated exposure setter writes the exposure");
        k4a_image_set_white_balance(image, 4500);
        assertEquals(4500, k4a_image_get_white_balance(image));
        k4a_image_set_white_balance(image, 0xFFFFFFFF);
        assertEquals(0xFFFFFFFF, k4a_image_get_white_balance(image), "uint32 max survives");
        k4a_image_set_iso_speed(image, 800);
        assertEquals(800, k4a_image_get_iso_speed(image));
        k4a_image_release(image);
        assertTrue(log.messages().isEmpty(), "nothing logged for good input: " + log.messages());
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("a reference keeps the image alive; only the last release frees its buffer")
    void referenceCounting() {
        long before = CountingAllocator.live();
        k4a_image_t image = create(K4A_IMAGE_FORMAT_IR16, 16, 16, 0);
        assertEquals(before + 1, CountingAllocator.live(), "one buffer (the allocator is for image buffers only)");
        k4a_image_reference(image);
        k4a_image_reference(image);
        k4a_image_release(image);
        k4a_image_release(image);
        assertEquals(before + 1, CountingAllocator.live(), "still referenced");
        assertEquals(16, k4a_image_get_width_pixels(image), "still usable");
        k4a_image_release(image);
        assertEquals(before, CountingAllocator.live(), "the last release frees it");
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("every k4a_image_* function given a NULL handle logs, returns its empty value, and does not crash")
    void nullHandle() {
        k4a_image_t none = new k4a_image_t();
        checkEmptyAnswers(none, "is NULL");
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("every k4a_image_* function given a handle that is not an image (a capture, zeroed memory) refuses it")
    void wrongHandle() {
        Pointer zeros = Pointer.calloc(1, 256);
        checkEmptyAnswers(new k4a_image_t(zeros), "not a valid k4a_image_t");
        Pointer.free(zeros);
        k4a_capture_t capture = new k4a_capture_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_capture_create(capture));
        checkEmptyAnswers(new k4a_image_t(capture), "not a valid k4a_image_t");
        assertTrue(Float.isNaN(k4a_capture_get_temperature_c(capture)), "the capture was left alone");
        k4a_capture_release(capture);
    }

    private void checkEmptyAnswers(k4a_image_t bad, String why) {
        BytePointer buffer = k4a_image_get_buffer(bad);
        assertTrue(buffer == null || buffer.isNull(), "get_buffer: NULL");
        log.assertSaid("k4a_image_get_buffer", why);
        assertEquals(0, k4a_image_get_size(bad));
        log.assertSaid("k4a_image_get_size", why);
        assertEquals(K4A_IMAGE_FORMAT_CUSTOM, k4a_image_get_format(bad), "get_format: CUSTOM");
        log.assertSaid("k4a_image_get_format", why);
        assertEquals(0, k4a_image_get_width_pixels(bad));
        log.assertSaid("k4a_image_get_width_pixels", why);
        assertEquals(0, k4a_image_get_height_pixels(bad));
        log.assertSaid("k4a_image_get_height_pixels", why);
        assertEquals(0, k4a_image_get_stride_bytes(bad));
        log.assertSaid("k4a_image_get_stride_bytes", why);
        assertEquals(0, k4a_image_get_device_timestamp_usec(bad));
        log.assertSaid("k4a_image_get_device_timestamp_usec", why);
        assertEquals(0, k4a_image_get_timestamp_usec(bad));
        log.assertSaid("k4a_image_get_timestamp_usec", why);
        assertEquals(0, k4a_image_get_system_timestamp_nsec(bad));
        log.assertSaid("k4a_image_get_system_timestamp_nsec", why);
        assertEquals(0, k4a_image_get_exposure_usec(bad));
        log.assertSaid("k4a_image_get_exposure_usec", why);
        assertEquals(0, k4a_image_get_white_balance(bad));
        log.assertSaid("k4a_image_get_white_balance", why);
        assertEquals(0, k4a_image_get_iso_speed(bad));
        log.assertSaid("k4a_image_get_iso_speed", why);
        k4a_image_set_device_timestamp_usec(bad, 1);
        log.assertSaid("k4a_image_set_device_timestamp_usec", why);
        k4a_image_set_timestamp_usec(bad, 1);
        log.assertSaid("k4a_image_set_timestamp_usec", why);
        k4a_image_set_system_timestamp_nsec(bad, 1);
        log.assertSaid("k4a_image_set_system_timestamp_nsec", why);
        k4a_image_set_exposure_usec(bad, 1);
        log.assertSaid("k4a_image_set_exposure_usec", why);
        k4a_image_set_exposure_time_usec(bad, 1);
        log.assertSaid("k4a_image_set_exposure_time_usec", why);
        k4a_image_set_white_balance(bad, 1);
        log.assertSaid("k4a_image_set_white_balance", why);
        k4a_image_set_iso_speed(bad, 1);
        log.assertSaid("k4a_image_set_iso_speed", why);
        k4a_image_reference(bad);
        log.assertSaid("k4a_image_reference", why);
        k4a_image_release(bad);
        log.assertSaid("k4a_image_release", why);
    }
}
