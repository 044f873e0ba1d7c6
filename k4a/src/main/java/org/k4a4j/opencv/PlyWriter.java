/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * Writes coloured point clouds as PLY files (binary little-endian, the format MeshLab, Open3D, CloudCompare
 * and PCL read): one {@code vertex} element with {@code float x, y, z} and {@code uchar red, green, blue}.
 * Nothing here is kept open: each call writes a whole file and closes it.
 */
public final class PlyWriter {
    /** Bytes of one vertex: three floats and three bytes. */
    private static final int VERTEX_BYTES = 15;
    private static final int CHUNK_VERTICES = 1 << 16;

    private PlyWriter() {
    }

    /**
     * Writes {@code xyz} and {@code bgr} as the vertices of a PLY file, replacing any file at {@code path}.
     *
     * @param path    the file to write
     * @param xyz     N points as a continuous CV_32FC3 Mat of N elements (any shape, e.g. N x 1), in the unit
     *                the caller chose (k4a4j's clouds are in millimetres)
     * @param bgr     the N colours as a continuous CV_8UC3 Mat of N elements (OpenCV's order: blue, green, red)
     * @param comment a line for the header's {@code comment} (e.g. the units), or null for none
     * @throws IOException              when the file cannot be written
     * @throws IllegalArgumentException for Mats of other types or sizes, or a comment with a line break
     */
    public static void write(Path path, Mat xyz, Mat bgr, String comment) throws IOException {
        if (path == null || xyz == null || bgr == null) {
            throw new NullPointerException(path == null ? "path is null" : xyz == null ? "xyz is null" : "bgr is null");
        }
        long n = xyz.total();
        if (xyz.type() != CV_32FC3 || bgr.type() != CV_8UC3 || bgr.total() != n
                || !xyz.isContinuous() || !bgr.isContinuous()) {
            throw new IllegalArgumentException("xyz must be a continuous CV_32FC3 Mat and bgr a continuous CV_8UC3 Mat "
                    + "of as many elements (got types " + xyz.type() + " and " + bgr.type() + ", " + n + " and "
                    + bgr.total() + " elements)");
        }
        if (comment != null && (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("the comment must be one line");
        }
        String header = "ply\nformat binary_little_endian 1.0\n"
                + (comment == null ? "" : "comment " + comment + "\n")
                + "element vertex " + n + "\n"
                + "property float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                + "end_header\n";
        FloatBuffer points = n == 0 ? FloatBuffer.allocate(0)
                : xyz.data().capacity(n * 12).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        ByteBuffer colors = n == 0 ? ByteBuffer.allocate(0) : bgr.data().capacity(n * 3).asByteBuffer();
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_VERTICES * VERTEX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                chunk.putFloat(points.get(3 * i)).putFloat(points.get(3 * i + 1)).putFloat(points.get(3 * i + 2));
                chunk.put(colors.get(3 * i + 2)).put(colors.get(3 * i + 1)).put(colors.get(3 * i));
                if (!chunk.hasRemaining()) {
                    chunk.flip();
                    writeFully(out, chunk);
                    chunk.clear();
                }
            }
            chunk.flip();
            writeFully(out, chunk);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
