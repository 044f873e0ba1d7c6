/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** The shared handle plumbing (NativeHandle): close once, from any number of threads; no use after close. */
@ExtendWith(CountingAllocatorExtension.class)
class NativeHandleTest {
    @Test
    @DisplayName("close is idempotent and frees at once; every later use throws IllegalStateException naming the class")
    void closeOnce() {
        AtomicInteger released = new AtomicInteger(); // libk4a's destroy callback: seen on any libk4a
        Image image = ImageTest.tracked(ImageFormat.DEPTH16, 8, 8, 16, released);
        Capture capture = Capture.create();
        assertFalse(image.isClosed());
        assertFalse(image.handle().isNull());
        image.close();
        capture.close();
        image.close();
        capture.close();
        assertTrue(image.isClosed());
        assertEquals(1, released.get(), "closing released the only reference, once");
        IllegalStateException e = assertThrows(IllegalStateException.class, image::handle);
        assertEquals("the Image is closed", e.getMessage());
        e = assertThrows(IllegalStateException.class, capture::getTemperatureC);
        assertEquals("the Capture is closed", e.getMessage());
        assertEquals("Image[closed]", image.toString());
    }

    @Test
    @DisplayName("threads closing the same objects at once release each reference exactly once")
    void concurrentClose() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            AtomicInteger released = new AtomicInteger();
            Image image = ImageTest.tracked(ImageFormat.DEPTH16, 8, 8, 16, released);
            Image second = image.reference();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException ignored) {
                        return;
                    }
                    image.close();
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(0, released.get(), "the second reference still holds the buffer");
            second.close();
            assertEquals(1, released.get(), "round " + round);
        }
    }
}
