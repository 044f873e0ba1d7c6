/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The k4a4j command line: its commands, exit codes and outputs. */
class K4a4jCommandTest {
    private static Path recording() {
        Path path = Paths.get(System.getProperty("k4a4j.testdata", "../../shared/testdata"), "playback",
                "pyk4a_recording.mkv");
        assumeTrue(Files.isRegularFile(path), "no reference recording at " + path.toAbsolutePath());
        return path;
    }

    /** Runs the command line with stdout captured; returns exit code and output. */
    private static Object[] run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            int code = K4a4jCommand.commandLine().execute(args);
            return new Object[] {code, new String(out.toByteArray(), StandardCharsets.UTF_8)};
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    @DisplayName("--help and each command's --help exit 0 and name the commands; bad arguments exit 2")
    void usage() {
        Object[] help = run("--help");
        assertEquals(0, help[0]);
        for (String command : new String[] {"export", "info", "sample"}) {
            assertTrue(((String) help[1]).contains(command), command);
            assertEquals(0, run(command, "--help")[0], command);
        }
        assertEquals(2, run("export")[0], "export needs a recording");
        assertEquals(2, run("nonsense")[0]);
        assertEquals(2, run("export", "--every", "0", "x.mkv")[0], "--every must be positive");
    }

    @Test
    @DisplayName("info prints the summary of a recording as JSON, writing no files; a missing file exits 1")
    void info() {
        Object[] result = run("info", recording().toString());
        assertEquals(0, result[0]);
        String json = (String) result[1];
        assertTrue(json.trim().startsWith("{") && json.trim().endsWith("}"), json);
        assertTrue(json.contains("\"K4A_DEPTH_MODE_NFOV_UNBINNED\""), json);
        assertTrue(json.contains("\"calibration.json\""), "the attachment is listed");
        assertFalse(json.contains("written_to"), "info writes nothing");
        assertEquals(1, run("info", "no-such-recording.mkv")[0]);
    }

    @Test
    @DisplayName("export writes pictures, the contact sheet, the attachments and summary.json")
    void export(@TempDir Path tmp) {
        File out = tmp.resolve("pyk4a").toFile();
        assertEquals(0, run("export", "--max-frames", "1", recording().toString(), out.getPath())[0]);
        for (String name : new String[] {"summary.json", "contact_sheet.png", "color/000000.png", "depth/000000.png",
            "ir/000000.png", "depth_on_color/000000.png", "attachments/calibration.json"}) {
            assertTrue(new File(out, name).isFile(), name);
        }
    }
}
