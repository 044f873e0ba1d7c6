/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_BEGIN;

/**
 * {@link Playback#setDecodeThreads}: the number of colour-decode workers changes nothing that is read (set before
 * the colour conversion, or changed between captures, forwards and backwards), bad arguments and closed playbacks
 * throw, and the result says whether the library has the setting (k4a4j's does; on another libk4arecord, such as
 * the stand-in of VendorLibraryTest under the vendor-lib profile, the call is a no-op that returns false).
 * {@link Playback#setDecodeEnd}, where the decoding ahead ends, likewise: it changes nothing that is read (the
 * frames it keeps from being decoded ahead are counted by the C tests, playback_decode_test).
 */
class PlaybackDecodeThreadsTest {
    private static final String RECORDING = "synthetic_a_mjpg720p_nfov2x2_15fps.mkv";

    private static Playback open() {
        return Playback.open(file("playback", RECORDING));
    }

    /** Device timestamp and sha256 of a capture's colour image (as BGRA32) and of its depth image. */
    private static String describe(Capture capture) {
        try (Image color = capture.getColorImage(); Image depth = capture.getDepthImage()) {
            return (color == null ? "-" : color.getFormat() + "@" + color.getDeviceTimestampUsec() + ":" + sha256(color))
                    + " " + (depth == null ? "-" : depth.getDeviceTimestampUsec() + ":" + sha256(depth));
        }
    }

    private static String next(Playback p) {
        return describe(p.nextCapture(), "end");
    }

    private static String previous(Playback p) {
        return describe(p.previousCapture(), "start");
    }

    /** {@link #describe(Capture)} of a capture read (closed here), or {@code none} at the end. */
    private static String describe(Optional<Capture> read, String none) {
        if (!read.isPresent()) {
            return none;
        }
        try (Capture capture = read.get()) {
            return describe(capture);
        }
    }

    /** Every capture forwards, with a setting (its result added to results; none for null) before the conversion to BGRA32. */
    private static List<String> readAll(Predicate<Playback> setting, List<Boolean> results) {
        try (Playback p = open()) {
            if (setting != null) {
                results.add(setting.test(p));
            }
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            List<String> all = new ArrayList<>();
            for (String s = next(p); !s.equals("end"); s = next(p)) {
                all.add(s);
            }
            return all;
        }
    }

    @Test
    @DisplayName("0, 1 and 4 decode workers, set before or between captures, read the same captures and bytes")
    void sameCapturesWhateverTheWorkers() {
        List<Boolean> results = new ArrayList<>();
        List<String> reference = readAll(null, results);
        assertTrue(reference.size() > 8, "the recording has captures");
        for (int threads : new int[] {0, 1, 4}) {
            assertEquals(reference, readAll(p -> p.setDecodeThreads(threads), results), threads + " decode workers");
        }
        // changed while converting, every other capture, and around a step back
        try (Playback p = open()) {
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            int[] counts = {4, 0, 1, 2, 1, 3, 0};
            for (int i = 0; i < reference.size(); i++) {
                if (i % 2 == 1) {
                    results.add(p.setDecodeThreads(counts[(i / 2) % counts.length]));
                }
                assertEquals(reference.get(i), next(p), "capture " + i);
                if (i == reference.size() / 2) {
                    assertEquals(reference.get(i - 1), previous(p), "capture " + (i - 1) + " backwards");
                    results.add(p.setDecodeThreads(2));
                    assertEquals(reference.get(i), next(p), "capture " + i + " again");
                }
            }
            assertEquals("end", next(p));
        }
        // the library has the setting or not: every call says the same
        assertTrue(results.stream().allMatch(results.get(0)::equals), "the same answer every time: " + results);
    }

    @Test
    @DisplayName("out-of-range numbers throw IllegalArgumentException, a closed playback IllegalStateException")
    void badArgumentsAndClosed() {
        Playback p = open();
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> p.setDecodeThreads(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.setDecodeThreads(Playback.MAX_DECODE_THREADS + 1));
        assertThrows(IllegalArgumentException.class, () -> p.setDecodeThreads(Integer.MIN_VALUE));
        p.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> p.setDecodeThreads(1));
        assertTrue(closed.getMessage().contains("Playback"), closed.getMessage());
    }

    @Test
    @Tag("k4a4j-native") // k4a4j's libk4arecord has the setting
    @DisplayName("on k4a4j's libk4arecord the setting is there: true for 0 to 4, before and after the conversion")
    void k4a4jLibraryHasTheSetting() {
        try (Playback p = open()) {
            for (int threads = 0; threads <= Playback.MAX_DECODE_THREADS; threads++) {
                assertTrue(p.setDecodeThreads(threads), threads + " before the conversion");
            }
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            for (int threads = Playback.MAX_DECODE_THREADS; threads >= 0; threads--) {
                assertTrue(p.setDecodeThreads(threads), threads + " while converting");
                assertNotEquals("end", next(p));
            }
        }
    }

    @Test
    @DisplayName("setDecodeEnd: an end in the middle, at 0, before it or none read the same captures and bytes, set "
            + "before or while converting, forwards, backwards across the end and after a seek; closed: IllegalStateException")
    void sameCapturesWhateverTheDecodeEnd() {
        List<Boolean> results = new ArrayList<>();
        List<String> reference = readAll(null, results);
        int middle = reference.size() / 2;
        while (reference.get(middle).startsWith("-")) {
            middle++;
        }
        String colour = reference.get(middle);
        long end = Long.parseLong(colour.substring(colour.indexOf('@') + 1, colour.indexOf(':')));
        for (long e : new long[] {end, 0, -1, Playback.NO_DECODE_END}) {
            assertEquals(reference, readAll(p -> p.setDecodeEnd(e), results), "decode end " + e);
        }
        try (Playback p = open()) {
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            results.add(p.setDecodeEnd(end));
            for (int i = 0; i < middle + 3; i++) {
                assertEquals(reference.get(i), next(p), "capture " + i);
            }
            for (int i = middle + 1; i >= middle - 2; i--) {
                assertEquals(reference.get(i), previous(p), "capture " + i + " backwards");
            }
            p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            for (String expected : reference) {
                assertEquals(expected, next(p));
            }
            assertEquals("end", next(p));
        }
        assertTrue(results.stream().allMatch(results.get(0)::equals), "the same answer every time: " + results);
        Playback closed = open();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.setDecodeEnd(end));
    }

    @Test
    @Tag("k4a4j-native") // k4a4j's libk4arecord has the setting
    @DisplayName("on k4a4j's libk4arecord setDecodeEnd is there: true before and after the conversion, for any time")
    void k4a4jLibraryHasTheDecodeEnd() {
        try (Playback p = open()) {
            assertTrue(p.setDecodeEnd(0));
            p.setColorConversion(ImageFormat.COLOR_BGRA32);
            for (long end : new long[] {Long.MIN_VALUE, -1, 1_000_000, Playback.NO_DECODE_END}) {
                assertTrue(p.setDecodeEnd(end), "end " + end);
                assertNotEquals("end", next(p));
            }
        }
    }
}
