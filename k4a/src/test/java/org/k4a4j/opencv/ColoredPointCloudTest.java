/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;
import org.k4a4j.TestData;
import org.k4a4j.Transformation;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coloured point clouds of a real recording (pyk4a_recording.mkv, MJPG colour): one point per valid depth
 * pixel with the coordinates of the point cloud, colours from the colour image seen by the depth camera, and
 * a PLY file a PLY reader parses back to the same vertices.
 */
class ColoredPointCloudTest {
    /** A parsed PLY: header lines, vertex count, then x, y, z floats and r, g, b bytes per vertex. */
    static final class Ply {
        final List<String> header = new ArrayList<>();
        int vertices;
        float[] xyz;
        byte[] rgb;
    }

    /** A minimal PLY reader for the binary little-endian vertex layout the writer declares (checked here). */
    static Ply read(Path path) throws IOException {
        Ply ply = new Ply();
        try (InputStream in = Files.newInputStream(path); DataInputStream data = new DataInputStream(in)) {
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = data.read();
                assertTrue(c >= 0, "the header ends with end_header");
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                String l = line.toString();
                line.setLength(0);
                ply.header.add(l);
                if (l.startsWith("element vertex ")) {
                    ply.vertices = Integer.parseInt(l.substring("element vertex ".length()));
                }
                if (l.equals("end_header")) {
                    break;
                }
            }
            assertEquals("ply", ply.header.get(0));
            assertEquals("format binary_little_endian 1.0", ply.header.get(1));
            List<String> properties = new ArrayList<>();
            for (String l : ply.header) {
                if (l.startsWith("property ")) {
                    properties.add(l);
                }
            }
            assertEquals(List.of("property float x", "property float y", "property float z", "property uchar red",
                    "property uchar green", "property uchar blue"), properties);
            byte[] body = data.readAllBytes();
            assertEquals(15L * ply.vertices, body.length, "15 bytes per vertex, nothing more");
            ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            ply.xyz = new float[3 * ply.vertices];
            ply.rgb = new byte[3 * ply.vertices];
            for (int i = 0; i < ply.vertices; i++) {
                ply.xyz[3 * i] = b.getFloat();
                ply.xyz[3 * i + 1] = b.getFloat();
                ply.xyz[3 * i + 2] = b.getFloat();
                b.get(ply.rgb, 3 * i, 3);
            }
        }
        return ply;
    }

    @Test
    @DisplayName("the PLY of pyk4a_recording.mkv: one vertex per valid depth pixel, the point cloud's coordinates, colour")
    void plyOfRecording(@TempDir Path tmp) throws IOException {
        Path mkv = TestData.file("playback", "pyk4a_recording.mkv");
        try (Playback playback = Playback.open(mkv);
             Transformation t = Transformation.create(playback.getCalibration())) {
            Capture capture = null;
            while (capture == null) {
                Capture c = playback.nextCapture().orElseThrow(() -> new AssertionError("a capture with both images"));
                try (Image d = c.getDepthImage(); Image col = c.getColorImage()) {
                    if (d != null && col != null) {
                        capture = c;
                        continue;
                    }
                }
                c.close();
            }
            try (Capture c = capture;
                 ColoredPointCloud cloud = ColoredPointCloud.of(t, c);
                 Image xyz = t.pointCloud(c);
                 BytePointer pixels = xyz.getBufferPointer()) {
                ShortBuffer points = pixels.asByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
                int pixelCount = xyz.getWidthPixels() * xyz.getHeightPixels();
                List<short[]> valid = new ArrayList<>();
                for (int i = 0; i < pixelCount; i++) {
                    if (points.get(3 * i + 2) != 0) {
                        valid.add(new short[] {points.get(3 * i), points.get(3 * i + 1), points.get(3 * i + 2)});
                    }
                }
                assertTrue(valid.size() > pixelCount / 4, "a real depth frame has many valid pixels: " + valid.size());
                assertEquals(valid.size(), cloud.size());

                Path file = tmp.resolve("cloud.ply");
                cloud.writePly(file);
                Ply ply = read(file);
                assertEquals(valid.size(), ply.vertices, "vertex count = valid depth pixels");
                int coloured = 0;
                for (int i = 0; i < ply.vertices; i++) {
                    short[] p = valid.get(i);
                    for (int k = 0; k < 3; k++) {
                        if (ply.xyz[3 * i + k] != p[k]) {
                            fail("vertex " + i + " coordinate " + k + " is " + ply.xyz[3 * i + k] + ", not " + p[k]);
                        }
                    }
                    if (ply.rgb[3 * i] != 0 || ply.rgb[3 * i + 1] != 0 || ply.rgb[3 * i + 2] != 0) {
                        coloured++;
                    }
                }
                assertTrue(coloured > ply.vertices / 2, "most points see colour: " + coloured + " of " + ply.vertices);
                // the colours are those of the colour image seen by the depth camera, red/blue in PLY order
                ByteBuffer bgr = cloud.bgr().data().capacity(3L * cloud.size()).asByteBuffer();
                for (int i = 0; i < ply.vertices; i += 997) {
                    assertEquals(bgr.get(3 * i + 2), ply.rgb[3 * i], "red of vertex " + i);
                    assertEquals(bgr.get(3 * i), ply.rgb[3 * i + 2], "blue of vertex " + i);
                }
            }
        }
    }

    @Test
    @DisplayName("a capture without colour, null arguments and bad Mats are refused with messages")
    void badInput(@TempDir Path tmp) {
        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"));
             Transformation t = Transformation.create(playback.getCalibration());
             Capture empty = Capture.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColoredPointCloud.of(t, empty));
            assertTrue(e.getMessage().contains("no depth"), e.getMessage());
            assertThrows(NullPointerException.class, () -> ColoredPointCloud.of(t, (Capture) null));
            assertThrows(IllegalArgumentException.class, () -> t.pointCloud(empty));
        }
        try (org.bytedeco.opencv.opencv_core.Mat a = new org.bytedeco.opencv.opencv_core.Mat(3, 1,
                org.bytedeco.opencv.global.opencv_core.CV_32FC3);
             org.bytedeco.opencv.opencv_core.Mat b = new org.bytedeco.opencv.opencv_core.Mat(2, 1,
                     org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            assertThrows(IllegalArgumentException.class, () -> PlyWriter.write(tmp.resolve("x.ply"), a, b, null));
        }
    }
}
