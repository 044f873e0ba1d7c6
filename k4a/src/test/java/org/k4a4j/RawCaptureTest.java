/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.k4a4j.k4a.k4a_capture_t;
import org.k4a4j.k4a.k4a_image_t;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** Every k4a_capture_* function through the raw bindings, with good and bad input. */
@ExtendWith(CountingAllocatorExtension.class)
class RawCaptureTest {
    private LogCapture log;

    @BeforeEach
    void openLog() {
        log = new LogCapture();
    }

    @AfterEach
    void closeLogAndCheckLeaks() {
        log.close();
    }

    private static k4a_capture_t capture() {
        k4a_capture_t capture = new k4a_capture_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_capture_create(capture));
        assertFalse(capture.isNull());
        return capture;
    }

    private static k4a_image_t image(int format) {
        k4a_image_t image = new k4a_image_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_image_create(format, 8, 8, 0, image));
        return image;
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("a new capture is empty: no images, temperature NaN; the temperature setter stores any float")
    void newCaptureIsEmpty() {
        k4a_capture_t capture = capture();
        assertNull(k4a_capture_get_color_image(capture));
        assertNull(k4a_capture_get_depth_image(capture));
        assertNull(k4a_capture_get_ir_image(capture));
        assertTrue(Float.isNaN(k4a_capture_get_temperature_c(capture)));
        k4a_capture_set_temperature_c(capture, 31.5f);
        assertEquals(31.5f, k4a_capture_get_temperature_c(capture));
        k4a_capture_set_temperature_c(capture, Float.NEGATIVE_INFINITY);
        assertEquals(Float.NEGATIVE_INFINITY, k4a_capture_get_temperature_c(capture));
        k4a_capture_release(capture);
        assertTrue(log.messages().isEmpty(), "nothing logged for good input: " + log.messages());
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("each slot holds its own image; getters return it with a new reference; set replaces and releases; NULL empties")
    void slotsHoldReferences() {
        k4a_capture_t capture = capture();
        k4a_image_t color = image(K4A_IMAGE_FORMAT_COLOR_BGRA32);
        k4a_image_t depth = image(K4A_IMAGE_FORMAT_DEPTH16);
        k4a_image_t ir = image(K4A_IMAGE_FORMAT_IR16);
        k4a_capture_set_color_image(capture, color);
        k4a_capture_set_depth_image(capture, depth);
        k4a_capture_set_ir_image(capture, ir);
        long live = CountingAllocator.live();
        // the capture holds its own references: the caller's may go
        k4a_image_release(color);
        k4a_image_release(depth);
        k4a_image_release(ir);
        assertEquals(live, CountingAllocator.live(), "the capture keeps its images alive");

        k4a_image_t got = k4a_capture_get_color_image(capture);
        assertEquals(color.address(), got.address(), "the colour slot holds the colour image");
        assertEquals(K4A_IMAGE_FORMAT_COLOR_BGRA32, k4a_image_get_format(got));
        k4a_image_release(got);
        got = k4a_capture_get_depth_image(capture);
        assertEquals(depth.address(), got.address());
        k4a_image_release(got);
        got = k4a_capture_get_ir_image(capture);
        assertEquals(ir.address(), got.address());
        k4a_image_release(got);
        assertEquals(live, CountingAllocator.live(), "getter references were given back");

        // replacing releases the old image (the capture held the last reference: its buffer is freed)
        k4a_image_t other = image(K4A_IMAGE_FORMAT_DEPTH16);
        k4a_capture_set_depth_image(capture, other);
        k4a_image_release(other);
        assertEquals(live, CountingAllocator.live(), "old depth image freed, new one held");
        got = k4a_capture_get_depth_image(capture);
        assertEquals(other.address(), got.address());
        k4a_image_release(got);

        k4a_capture_set_ir_image(capture, null);
        assertNull(k4a_capture_get_ir_image(capture), "NULL empties the slot");
        assertEquals(live - 1, CountingAllocator.live(), "and releases the image (its buffer) there");

        // reference counting of the capture itself
        k4a_capture_reference(capture);
        k4a_capture_release(capture);
        assertEquals(live - 1, CountingAllocator.live(), "still referenced");
        k4a_capture_release(capture);
        assertEquals(live - 1 - 2, CountingAllocator.live(), "last release frees the capture and its two images' buffers");
        assertTrue(log.messages().isEmpty(), "nothing logged for good input: " + log.messages());
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("setting an image that is not an image leaves the capture unchanged and logs")
    void setRefusesBadImage() {
        k4a_capture_t capture = capture();
        k4a_image_t color = image(K4A_IMAGE_FORMAT_COLOR_BGRA32);
        k4a_capture_set_color_image(capture, color);
        k4a_capture_t other = capture();
        k4a_capture_set_color_image(capture, new k4a_image_t(other));
        log.assertSaid("k4a_capture_set_color_image", "not a valid k4a_image_t");
        k4a_capture_set_depth_image(capture, new k4a_image_t(other));
        log.assertSaid("k4a_capture_set_depth_image", "not a valid k4a_image_t");
        k4a_capture_set_ir_image(capture, new k4a_image_t(other));
        log.assertSaid("k4a_capture_set_ir_image", "not a valid k4a_image_t");
        k4a_image_t got = k4a_capture_get_color_image(capture);
        assertEquals(color.address(), got.address(), "the colour image is still there");
        assertNull(k4a_capture_get_depth_image(capture));
        k4a_image_release(got);
        k4a_image_release(color);
        k4a_capture_release(other);
        k4a_capture_release(capture);
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("every k4a_capture_* function given a NULL handle logs, returns its empty value (NULL, NaN), and does not crash")
    void nullHandle() {
        checkEmptyAnswers(new k4a_capture_t(), "is NULL");
    }

    @Tag("k4a4j-native") // k4a4j's log wording, allocation accounting, or garbage handles only k4a4j's type tags catch
    @Test
    @DisplayName("every k4a_capture_* function given a handle that is not a capture (an image, zeroed memory) refuses it")
    void wrongHandle() {
        Pointer zeros = Pointer.calloc(1, 256);
        checkEmptyAnswers(new k4a_capture_t(zeros), "not a valid k4a_capture_t");
        Pointer.free(zeros);
        k4a_image_t image = image(K4A_IMAGE_FORMAT_DEPTH16);
        checkEmptyAnswers(new k4a_capture_t(image), "not a valid k4a_capture_t");
        assertEquals(8, k4a_image_get_width_pixels(image), "the image was left alone");
        k4a_image_release(image);
    }

    private void checkEmptyAnswers(k4a_capture_t bad, String why) {
        k4a_image_t image = image(K4A_IMAGE_FORMAT_DEPTH16);
        assertNull(k4a_capture_get_color_image(bad));
        log.assertSaid("k4a_capture_get_color_image", why);
        assertNull(k4a_capture_get_depth_image(bad));
        log.assertSaid("k4a_capture_get_depth_image", why);
        assertNull(k4a_capture_get_ir_image(bad));
        log.assertSaid("k4a_capture_get_ir_image", why);
        k4a_capture_set_color_image(bad, image);
        log.assertSaid("k4a_capture_set_color_image", why);
        k4a_capture_set_depth_image(bad, image);
        log.assertSaid("k4a_capture_set_depth_image", why);
        k4a_capture_set_ir_image(bad, image);
        log.assertSaid("k4a_capture_set_ir_image", why);
        assertTrue(Float.isNaN(k4a_capture_get_temperature_c(bad)), "temperature of a bad handle: NaN");
        log.assertSaid("k4a_capture_get_temperature_c", why);
        k4a_capture_set_temperature_c(bad, 20f);
        log.assertSaid("k4a_capture_set_temperature_c", why);
        k4a_capture_reference(bad);
        log.assertSaid("k4a_capture_reference", why);
        k4a_capture_release(bad);
        log.assertSaid("k4a_capture_release", why);
        k4a_image_release(image); // the refused setters took no reference: this frees it
    }
}
