/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.k4a.k4a_image_t;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/**
 * The bindings run on whichever libk4a.so.1.4 the Loader finds first. With
 * {@code -Dorg.bytedeco.javacpp.pathsFirst=true} and the library's directory on {@code java.library.path}
 * (how a user puts the vendor's SDK underneath for live cameras), the system's library replaces the one in
 * the jar. The stand-in built by the C tests reports 7 installed devices where the bundled core reports 0 (with no
 * K4A4J_VIRTUAL_DEVICES), and {@link Device} runs on both; its libk4arecord lacks k4a4j's private exports, so
 * {@link Playback#setDecodeThreads} and {@link Playback#setDecodeEnd} do nothing there (false) and the playback
 * reads the same.
 */
class VendorLibraryTest {
    /** Run in a child JVM: prints what the loaded libk4a says. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("installed=" + k4a_device_get_installed_count());
            k4a_image_t image = new k4a_image_t();
            System.out.println("create=" + k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 64, 48, 0, image));
            System.out.println("stride=" + k4a_image_get_stride_bytes(image));
            k4a_image_release(image);
            // the Java Device on whichever library: it opens what that library opens, and only k4a4j's adds recordings
            System.out.println("devices=" + Device.installedCount());
            try (Device device = Device.open(0)) {
                System.out.println("open=" + device);
            } catch (K4aException e) {
                System.out.println("open=refused");
            }
            try {
                K4a.addVirtualDevice(java.nio.file.Paths.get("no-such-recording.mkv"));
            } catch (K4aException e) {
                System.out.println("add=refused");
            } catch (UnsupportedOperationException e) {
                System.out.println("add=unsupported: " + e.getMessage());
            }
            // k4a4j's per-playback decode workers: set on its libk4arecord, a no-op (false) on another
            try (Playback playback = Playback.open(TestData.file("playback", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"))) {
                boolean set = playback.setDecodeThreads(1);
                boolean end = playback.setDecodeEnd(1);
                playback.setColorConversion(ImageFormat.COLOR_BGRA32);
                int captures = 0;
                for (java.util.Optional<Capture> c = playback.nextCapture(); c.isPresent(); c = playback.nextCapture()) {
                    try (Capture capture = c.get(); Image color = capture.getColorImage()) {
                        captures += color != null && color.getFormat() == ImageFormat.COLOR_BGRA32 ? 1 : 0;
                    }
                }
                System.out.println("decodeThreads=" + set + " decodeEnd=" + end + " colour=" + captures);
            }
        }
    }

    /** Run in a child JVM: with the log level OFF, prints what the listeners heard and a failure's message. */
    public static final class LogOffProbe {
        public static void main(String[] args) {
            java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
            K4a.addLogListener((level, file, line, message) -> heard.incrementAndGet());
            K4a.setLogLevel(LogLevel.OFF);
            k4a_image_get_width_pixels(null);
            try {
                Image.create(ImageFormat.CUSTOM, 1, 1, 0);
            } catch (K4aException e) {
                System.out.println("message=" + e.getMessage());
            }
            System.out.println("heard=" + heard.get());
        }
    }

    private static String runProbe(String... jvmOptions) throws Exception {
        return runProbe(Probe.class, jvmOptions);
    }

    private static String runProbe(Class<?> probe, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String option : jvmOptions) {
            command.add(option);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(probe.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LD_LIBRARY_PATH");
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM finished");
        String text = new String(out.toByteArray(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    @Test
    @DisplayName("by default the bindings load the libk4a.so.1.4 bundled in the jar (no devices)")
    void bundledLibraryByDefault() throws Exception {
        String out = runProbe();
        assertTrue(out.contains("installed=0"), out);
        assertTrue(out.contains("create=0") && out.contains("stride=128"), out);
        assertTrue(out.contains("devices=0") && out.contains("open=refused") && out.contains("add=refused"), out);
        assertTrue(out.contains("decodeThreads=true decodeEnd=true colour="), out);
    }

    @Test
    @DisplayName("under the vendor-lib profile, this JVM runs on the libk4a.so.1.4 (and libk4arecord.so.1.4) of k4a4j.vendorLib")
    void profileLoadsTheVendorLibrary() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("k4a4j.vendorProfile"), "only under -Pvendor-lib");
        String vendorLib = System.getProperty("k4a4j.vendorLib", "");
        assertTrue(new File(vendorLib, "libk4a.so.1.4").isFile(), "-Dk4a4j.vendorLib=" + vendorLib
                + " names the directory of a libk4a.so.1.4");
        K4a.load();
        org.bytedeco.javacpp.Loader.load(org.k4a4j.global.k4arecord.class);
        File maps = new File("/proc/self/maps");
        Assumptions.assumeTrue(maps.isFile(), "only where /proc/self/maps tells the mapped libraries");
        // libk4a, and libk4arecord when the directory has one too (the vendor's SDK, the stand-in)
        for (String library : new String[] {"libk4a.so.1.4", "libk4arecord.so.1.4"}) {
            if (!new File(vendorLib, library).isFile()) {
                continue;
            }
            String expected = new File(vendorLib, library).getCanonicalPath();
            boolean mapped = false;
            for (String line : java.nio.file.Files.readAllLines(maps.toPath(), StandardCharsets.UTF_8)) {
                mapped |= line.endsWith(expected);
            }
            assertTrue(mapped, library + " of " + vendorLib + " is the one loaded");
        }
    }

    @Test
    @DisplayName("with pathsFirst, a libk4a.so.1.4 on java.library.path is used in place of the bundled one")
    void systemLibraryUnderneath() throws Exception {
        String standin = System.getProperty("k4a4j.standin", "");
        assertTrue(new File(standin, "libk4a.so.1.4").isFile(), "the C build made the stand-in library in " + standin);
        String out = runProbe("-Dorg.bytedeco.javacpp.pathsFirst=true", "-Djava.library.path=" + standin);
        assertTrue(out.contains("installed=7"), "the stand-in answered: " + out);
        assertTrue(out.contains("create=0") && out.contains("stride=128"), out);
        assertTrue(out.contains("devices=7") && out.contains("open=refused"), "Device on the stand-in: " + out);
        assertTrue(out.contains("add=unsupported: the loaded libk4a is not k4a4j's"), out);
        // the stand-in's libk4arecord lacks k4a4j's private exports: the settings are no-ops, reading unchanged
        assertTrue(out.contains("decodeThreads=false decodeEnd=false colour="), out);
        assertEquals(colourCaptures(runProbe()), colourCaptures(out), out);
    }

    private static String colourCaptures(String probeOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("colour=(\\d+)").matcher(probeOutput);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, probeOutput);
        return m.group(1);
    }

    @Test
    @DisplayName("LogLevel.OFF silences the listeners and failures keep their message, on the bundled and on a system libk4a")
    void logLevelOffOnEitherLibrary() throws Exception {
        String standin = System.getProperty("k4a4j.standin", "");
        String bundled = runProbe(LogOffProbe.class);
        String system = runProbe(LogOffProbe.class, "-Dorg.bytedeco.javacpp.pathsFirst=true",
                "-Djava.library.path=" + standin);
        for (String out : new String[] {bundled, system}) {
            assertTrue(out.contains("heard=0"), out);
            // the library's own message, whatever its wording (the stand-in's is upper case)
            assertTrue(out.contains("message=") && out.toLowerCase(java.util.Locale.ROOT).contains("stride"), out);
        }
    }
}
