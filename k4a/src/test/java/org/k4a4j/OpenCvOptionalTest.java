/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** OpenCV is optional for the k4a artifact: only org.k4a4j.opencv refers to its classes. */
class OpenCvOptionalTest {
    @Test
    @DisplayName("no compiled class outside org.k4a4j.opencv refers to an OpenCV class")
    void onlyTheOpenCvPackageRefersToOpenCv() throws Exception {
        Path classes = Paths.get(Image.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("org/k4a4j/opencv")), "compiled classes at " + classes);
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !classes.relativize(f).startsWith(Paths.get("org", "k4a4j", "opencv")))
                    .filter(OpenCvOptionalTest::refersToOpenCv)
                    .collect(Collectors.toList());
        }
        assertEquals("[]", offenders.toString(), "classes that would need OpenCV on the class path");
    }

    /** True when the class file's constant pool names a class of org.bytedeco.opencv. */
    private static boolean refersToOpenCv(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("org/bytedeco/opencv/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
