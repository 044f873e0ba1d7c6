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
 * the jar. The stand-in built by the C tests reports 7 installed devices where the bundled core reports 0.
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
        }
    }

    private static String runProbe(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String option : jvmOptions) {
            command.add(option);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
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
    }

    @Test
    @DisplayName("under the vendor-lib profile, this JVM runs on the libk4a.so.1.4 of k4a4j.vendorLib")
    void profileLoadsTheVendorLibrary() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("k4a4j.vendorProfile"), "only under -Pvendor-lib");
        String vendorLib = System.getProperty("k4a4j.vendorLib", "");
        assertTrue(new File(vendorLib, "libk4a.so.1.4").isFile(), "-Dk4a4j.vendorLib=" + vendorLib
                + " names the directory of a libk4a.so.1.4");
        K4a.load();
        File maps = new File("/proc/self/maps");
        Assumptions.assumeTrue(maps.isFile(), "only where /proc/self/maps tells the mapped libraries");
        String expected = new File(vendorLib, "libk4a.so.1.4").getCanonicalPath();
        boolean mapped = false;
        for (String line : java.nio.file.Files.readAllLines(maps.toPath(), StandardCharsets.UTF_8)) {
            mapped |= line.endsWith(expected);
        }
        assertTrue(mapped, "libk4a.so.1.4 of " + vendorLib + " is the one loaded");
    }

    @Test
    @DisplayName("with pathsFirst, a libk4a.so.1.4 on java.library.path is used in place of the bundled one")
    void systemLibraryUnderneath() throws Exception {
        String standin = System.getProperty("k4a4j.standin", "");
        assertTrue(new File(standin, "libk4a.so.1.4").isFile(), "the C build made the stand-in library in " + standin);
        String out = runProbe("-Dorg.bytedeco.javacpp.pathsFirst=true", "-Djava.library.path=" + standin);
        assertTrue(out.contains("installed=7"), "the stand-in answered: " + out);
        assertTrue(out.contains("create=0") && out.contains("stride=128"), out);
    }
}
