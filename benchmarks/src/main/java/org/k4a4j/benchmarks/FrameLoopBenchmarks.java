/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Calibration;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.K4a;
import org.k4a4j.Playback;
import org.k4a4j.Transformation;
import org.k4a4j.opencv.ColoredPointCloud;
import org.k4a4j.opencv.ImageMat;
import org.k4a4j.opencv.ImageMats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_BEGIN;

/**
 * The loop of a vision pipeline over {@link BenchRecording#file()} (NFOV unbinned depth, 720p colour converted
 * to BGRA32): {@code frameLoop} reads the next capture, views depth and colour as Mats, touches a pixel of each
 * and closes everything; {@code coloredPointCloud} makes the coloured point cloud of one NFOV unbinned frame.
 * At the end of every iteration the forked JVM prints its resident memory and how many garbage collections
 * ran: with prompt release (closing the Mats gives the frames back) the resident size stays flat whether or
 * not a collection happens.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameLoopBenchmarks {
    private Playback playback;
    private Transformation transformation;
    private Capture frame;
    private Image depth;
    private Image color;
    private long frames;

    @Setup(Level.Trial)
    public void setUp() {
        K4a.load();
        playback = Playback.open(BenchRecording.file().toPath());
        playback.setColorConversion(ImageFormat.COLOR_BGRA32);
        Calibration calibration = playback.getCalibration();
        transformation = Transformation.create(calibration);
        while (depth == null || color == null) {
            if (frame != null) {
                close();
            }
            frame = playback.nextCapture().orElseThrow(() -> new IllegalStateException("no capture with both images"));
            depth = frame.getDepthImage();
            color = frame.getColorImage();
        }
        playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
    }

    private void close() {
        if (depth != null) {
            depth.close();
        }
        if (color != null) {
            color.close();
        }
        frame.close();
    }

    @TearDown(Level.Iteration)
    public void report() {
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        System.out.printf("%n[frames %d, resident %.1f MiB, garbage collections so far %d]%n", frames,
                residentBytes() / 1048576.0, gcs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        close();
        transformation.close();
        playback.close();
    }

    /** Resident set size from /proc/self/statm (pages x 4 KiB), or -1 where there is none. */
    static long residentBytes() {
        try {
            String[] fields = new String(Files.readAllBytes(Paths.get("/proc/self/statm")), StandardCharsets.US_ASCII)
                    .trim().split(" ");
            return Long.parseLong(fields[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Next capture (from the start again at the end), asMat of depth and colour, a pixel of each, close all. */
    @Benchmark
    public int frameLoop() {
        Capture capture = playback.nextCapture().orElse(null);
        if (capture == null) {
            playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            capture = playback.nextCapture().get();
        }
        int sum = 0;
        try (Capture c = capture; Image d = c.getDepthImage(); Image col = c.getColorImage()) {
            if (d != null) {
                try (ImageMat m = ImageMats.asMat(d)) {
                    sum += m.ptr(m.rows() / 2, m.cols() / 2).getShort(0);
                }
            }
            if (col != null) {
                try (ImageMat m = ImageMats.asMat(col)) {
                    sum += m.ptr(m.rows() / 2, m.cols() / 2).get(0);
                }
            }
        }
        frames++;
        return sum;
    }

    /** The coloured point cloud (XYZ + BGR of every valid depth pixel) of one NFOV unbinned frame with BGRA colour. */
    @Benchmark
    public int coloredPointCloud() {
        try (ColoredPointCloud cloud = ColoredPointCloud.of(transformation, depth, color)) {
            return cloud.size();
        }
    }

    /** For comparison: asMat alone of the frame's depth image (+ close, which gives the reference back). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Mat asMatClose() {
        ImageMat m = ImageMats.asMat(depth);
        m.close();
        return m;
    }
}
