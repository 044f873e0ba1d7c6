/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.k4a4j.k4a.k4a_memory_allocate_cb_t;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/** The library class: version, devices, log handler and listeners, allocator. */
class K4aTest {
    /** An allocate callback that always fails, and a free callback that has nothing to free. */
    private static final k4a_memory_allocate_cb_t FAILING = new k4a_memory_allocate_cb_t() {
        @Override
        public BytePointer call(int size, PointerPointer context) {
            return null;
        }
    };
    private static final org.k4a4j.k4a.k4a_memory_destroy_cb_t IGNORING = new org.k4a4j.k4a.k4a_memory_destroy_cb_t() {
        @Override
        public void call(org.bytedeco.javacpp.Pointer buffer, org.bytedeco.javacpp.Pointer context) {
        }
    };

    @Test
    @DisplayName("the version is the 1.4 API's, and k4a4j's handler is the library's log handler")
    void version() {
        assertEquals(1, K4a.VERSION_MAJOR);
        assertEquals(4, K4a.VERSION_MINOR);
        assertEquals("1.4.1", K4a.VERSION);
        assertTrue(K4a.installedDeviceCount() >= 0);
        assertTrue(K4a.isLogHandlerInstalled(), "k4a4j's handler is the library's handler");
    }

    @Tag("k4a4j-native") // k4a4j's libk4a has no USB driver
    @Test
    @DisplayName("the open core has no installed devices")
    void noDevices() {
        assertEquals(0, K4a.installedDeviceCount());
    }

    @Tag("k4a4j-native") // k4a4j's file names, wording and one message per failure
    @Test
    @DisplayName("listeners receive the library's messages with level, file and line; removed listeners do not")
    void listeners() {
        List<String> got = new ArrayList<>();
        LogListener listener = (level, file, line, message) -> {
            synchronized (got) {
                got.add(level + "|" + file + "|" + line + "|" + message);
            }
        };
        K4a.addLogListener(listener);
        try {
            k4a_image_get_width_pixels(null);
        } finally {
            assertTrue(K4a.removeLogListener(listener));
        }
        assertEquals(1, got.size(), got.toString());
        String[] parts = got.get(0).split("\\|");
        assertEquals("ERROR", parts[0]);
        assertEquals("image.c", parts[1]);
        assertTrue(Integer.parseInt(parts[2]) > 0);
        assertTrue(parts[3].contains("k4a_image_get_width_pixels"), parts[3]);
        k4a_image_get_height_pixels(null);
        assertEquals(1, got.size(), "nothing after removal");
        assertFalse(K4a.removeLogListener(listener));
    }

    @Test
    @DisplayName("a throwing listener neither breaks the native caller nor the other listeners")
    void throwingListener() {
        List<String> got = new ArrayList<>();
        LogListener bad = (level, file, line, message) -> {
            throw new RuntimeException("listener failure");
        };
        LogListener good = (level, file, line, message) -> got.add(message);
        K4a.addLogListener(bad);
        K4a.addLogListener(good);
        try {
            assertThrows(K4aException.class, () -> Image.create(ImageFormat.DEPTH16, 0, 1));
        } finally {
            K4a.removeLogListener(bad);
            K4a.removeLogListener(good);
        }
        assertFalse(got.isEmpty(), "the good listener heard the failure");
    }

    @Tag("k4a4j-native") // k4a4j's wording and one message per failure
    @Test
    @DisplayName("the log level filters what listeners get, but failures are explained whatever the level")
    void logLevel() {
        assertEquals(LogLevel.WARNING, K4a.getLogLevel());
        List<String> got = new ArrayList<>();
        LogListener listener = (level, file, line, message) -> got.add(message);
        K4a.addLogListener(listener);
        try {
            K4a.setLogLevel(LogLevel.CRITICAL);
            k4a_image_get_width_pixels(null);
            assertTrue(got.isEmpty(), "an error is below CRITICAL");
            K4aException e = assertThrows(K4aException.class, () -> Image.create(ImageFormat.CUSTOM, 1, 1, 0));
            assertTrue(e.getMessage().contains("stride"), e.getMessage());
            K4a.setLogLevel(LogLevel.TRACE);
            k4a_image_get_width_pixels(null);
            assertEquals(1, got.size());
        } finally {
            K4a.setLogLevel(LogLevel.WARNING);
            K4a.removeLogListener(listener);
        }
        assertThrows(NullPointerException.class, () -> K4a.setLogLevel(null));
        assertThrows(NullPointerException.class, () -> K4a.addLogListener(null));
    }

    @Tag("k4a4j-native") // k4a4j's sink logs on the failing thread, with its wording
    @Test
    @DisplayName("LogLevel.OFF silences the listeners (OFF is numerically above TRACE), while failures are still explained")
    void logLevelOff() {
        List<String> got = new ArrayList<>();
        LogListener listener = (level, file, line, message) -> got.add(level + " " + message);
        K4a.addLogListener(listener);
        try {
            K4a.setLogLevel(LogLevel.OFF);
            assertEquals(LogLevel.OFF, K4a.getLogLevel());
            k4a_image_get_width_pixels(null); // logs an error
            K4aException e = assertThrows(K4aException.class, () -> Image.create(ImageFormat.CUSTOM, 1, 1, 0));
            assertTrue(e.getMessage().contains("stride"), e.getMessage());
            assertEquals(new ArrayList<String>(), got, "OFF passes nothing to the listeners");
            K4a.setLogLevel(LogLevel.ERROR);
            k4a_image_get_width_pixels(null);
            assertEquals(1, got.size(), "back at ERROR the listener hears the error: " + got);
        } finally {
            K4a.setLogLevel(LogLevel.WARNING);
            K4a.removeLogListener(listener);
        }
    }

    @Test
    @DisplayName("errors are kept per thread: another thread's failure does not explain this thread's")
    void errorsArePerThread() throws Exception {
        K4a.clearErrors();
        Thread other = new Thread(() -> k4a_image_get_format(null));
        other.start();
        other.join();
        assertNull(K4a.takeErrors(), "nothing logged on this thread");
        k4a_image_get_format(null);
        assertNotNull(K4a.takeErrors(), "this thread's own failure is kept (in the library's wording)");
    }

    @Test
    @DisplayName("setAllocator refuses one callback without the other in Java, before libk4a sees the pair")
    void allocatorPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> K4a.setAllocator(FAILING, null));
        assertTrue(e.getMessage().contains("free is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> K4a.setAllocator(null, IGNORING));
        assertTrue(e.getMessage().contains("allocate is null"), e.getMessage());
        K4a.setAllocator(null, null); // the default again, accepted
        try (Image image = Image.create(ImageFormat.DEPTH16, 8, 8)) {
            assertEquals(8, image.getWidthPixels(), "images are still made, by the default allocator");
        }
    }

    @Test
    @DisplayName("an allocator that fails makes create fail with the library's message, not crash")
    void failingAllocator() {
        K4a.setAllocator(FAILING, IGNORING);
        try {
            K4aException e = assertThrows(K4aException.class, () -> Image.create(ImageFormat.DEPTH16, 8, 8));
            assertEquals("k4a_image_create", e.getFunction());
        } finally {
            K4a.setAllocator(null, null);
        }
        try (Image image = Image.create(ImageFormat.DEPTH16, 8, 8)) {
            assertEquals(8, image.getWidthPixels(), "the default allocator works again");
        }
    }

    @Tag("k4a4j-native") // k4a4j's wording, and its objects' memory
    @Test
    @DisplayName("an allocator that fails is named in the message; the library's own objects do not need it")
    void failingAllocatorMessage() {
        K4a.setAllocator(FAILING, IGNORING);
        try {
            K4aException e = assertThrows(K4aException.class, () -> Image.create(ImageFormat.DEPTH16, 8, 8));
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
            // the allocator is for image buffers only: the library's own objects do not need it
            try (Capture capture = Capture.create()) {
                assertNotNull(capture.handle());
            }
        } finally {
            K4a.setAllocator(null, null);
        }
        try (Image image = Image.create(ImageFormat.DEPTH16, 8, 8)) {
            assertEquals(8, image.getWidthPixels(), "the default allocator works again");
        }
    }
}
