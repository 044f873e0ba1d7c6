/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** The Java layer's Capture: slots, temperature, references, close and bad input. */
@ExtendWith(CountingAllocatorExtension.class)
class CaptureTest {
    @Test
    @DisplayName("a new capture has no images and a NaN temperature; the temperature round-trips")
    void newCapture() {
        try (Capture capture = Capture.create()) {
            assertNull(capture.getColorImage());
            assertNull(capture.getDepthImage());
            assertNull(capture.getIrImage());
            assertTrue(Float.isNaN(capture.getTemperatureC()));
            capture.setTemperatureC(36.6f);
            assertEquals(36.6f, capture.getTemperatureC());
        }
    }

    @Test
    @DisplayName("set stores the image in its slot; get returns a new Image over the same native image, to be closed by the caller")
    void slots() {
        try (Capture capture = Capture.create();
             Image color = Image.create(ImageFormat.COLOR_BGRA32, 8, 8);
             Image depth = Image.create(ImageFormat.DEPTH16, 8, 8);
             Image ir = Image.create(ImageFormat.IR16, 8, 8)) {
            capture.setColorImage(color);
            capture.setDepthImage(depth);
            capture.setIrImage(ir);
            try (Image c = capture.getColorImage(); Image d = capture.getDepthImage(); Image i = capture.getIrImage()) {
                assertNotSame(color, c);
                assertEquals(color.handle().address(), c.handle().address());
                assertEquals(depth.handle().address(), d.handle().address());
                assertEquals(ir.handle().address(), i.handle().address());
                assertEquals(K4A_IMAGE_FORMAT_IR16, i.getFormat().value());
            }
            capture.setIrImage(null);
            assertNull(capture.getIrImage(), "null empties the slot");
        }
    }

    @Test
    @DisplayName("the capture keeps its images alive after their Image objects are closed, and frees them when closed itself")
    void captureOwnsItsImages() {
        Capture capture = Capture.create();
        AtomicInteger released = new AtomicInteger(); // libk4a's destroy callback: seen on any libk4a
        Image depth = ImageTest.tracked(ImageFormat.DEPTH16, 32, 32, 64, released);
        try (org.bytedeco.javacpp.BytePointer pixels = depth.getBufferPointer()) {
            pixels.putShort(0, (short) 1234);
        }
        capture.setDepthImage(depth);
        depth.close();
        assertEquals(0, released.get(), "the capture holds the depth image");
        try (Image again = capture.getDepthImage()) {
            try (org.bytedeco.javacpp.BytePointer pixels = again.getBufferPointer()) {
                assertEquals(1234, pixels.getShort(0), "the pixels survived");
            }
        }
        Capture shared = capture.reference();
        capture.close();
        capture.close();
        assertEquals(0, released.get(), "still held by the second reference");
        shared.close();
        assertEquals(1, released.get(), "released with the last reference to the capture");
    }

    @Test
    @DisplayName("a closed capture throws IllegalStateException on every use; setting a closed image throws too")
    void closedUse() {
        Capture capture = Capture.create();
        Image image = Image.create(ImageFormat.DEPTH16, 4, 4);
        image.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> capture.setDepthImage(image));
        assertEquals("the Image is closed", e.getMessage());
        assertNull(capture.getDepthImage(), "nothing was set");
        capture.close();
        assertEquals("Capture[closed]", capture.toString());
        List<Consumer<Capture>> uses = Arrays.asList(Capture::getColorImage, Capture::getDepthImage,
                Capture::getIrImage, Capture::getTemperatureC, Capture::handle, Capture::reference,
                c -> c.setColorImage(null), c -> c.setDepthImage(null), c -> c.setIrImage(null),
                c -> c.setTemperatureC(1));
        for (Consumer<Capture> use : uses) {
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> use.accept(capture));
            assertEquals("the Capture is closed", x.getMessage());
        }
        assertThrows(NullPointerException.class, () -> Capture.adopt(null));
    }

    @Test
    @DisplayName("adopt takes over a raw capture reference")
    void adopt() {
        org.k4a4j.k4a.k4a_capture_t raw = new org.k4a4j.k4a.k4a_capture_t();
        assertEquals(K4A_RESULT_SUCCEEDED, k4a_capture_create(raw));
        k4a_capture_set_temperature_c(raw, 12f);
        try (Capture capture = Capture.adopt(raw)) {
            assertEquals(12f, capture.getTemperatureC());
        }
    }
}
