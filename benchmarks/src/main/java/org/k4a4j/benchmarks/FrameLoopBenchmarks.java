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
import org.k4a4j.CalibrationType;
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

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_BEGIN;

/**
 * The loop of a vision pipeline over {@link BenchRecording#file()} (NFOV unbinned depth, 720p colour converted
 * to BGRA32): {@code frameLoop} reads the next capture, views depth and colour as Mats, touches a pixel of each
 * and closes everything; {@code coloredPointCloud} makes the coloured point cloud of one NFOV unbinned frame
 * as a new cloud ({@code ColoredPointCloud.of}), {@code coloredPointCloudReused} refills one cloud
 * ({@code update}: the way of a loop), and the three {@code cloudPart*} benchmarks time its steps alone.
 * At the end of every iteration the forked JVM prints its resident memory and how many garbage collections
 * ran: with prompt release (closing the Mats gives the frames back) the resident size stays flat whether or
 * not a collection happens. It also prints the process's CPU time per operation (all threads: the caller and
 * libk4a's transformation pool), a cost that other processes on the machine inflate far less than the wall
 * time.
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
    /** The reused cloud and the outputs of the steps timed alone. */
    private ColoredPointCloud cloud;
    private Image colorInDepth;
    private Image points;
    private Mat xyz;
    private Mat bgr;
    /** Operations and process CPU time (ns) at the start of the iteration. */
    private long ops;
    private long cpuAtStart;

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
        cloud = ColoredPointCloud.create(transformation);
        int w = depth.getWidthPixels();
        int h = depth.getHeightPixels();
        colorInDepth = transformation.colorToDepth(depth, color);
        points = transformation.pointCloud(depth, CalibrationType.DEPTH);
        xyz = new Mat(w * h, 1, CV_32FC3);
        bgr = new Mat(w * h, 1, CV_8UC3);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        ops = 0;
        cpuAtStart = processCpuNanos();
    }

    /** CPU time of the whole process (all threads) in ns, or -1 where the JVM does not say. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
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
        long cpu = processCpuNanos() - cpuAtStart;
        System.out.printf("%n[frames %d, resident %.1f MiB, garbage collections so far %d, process CPU %.1f us/op"
                + " over %d ops]%n", frames, residentBytes() / 1048576.0, gcs, ops == 0 ? 0.0 : cpu / 1e3 / ops, ops);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cloud.close();
        colorInDepth.close();
        points.close();
        xyz.close();
        bgr.close();
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
        ops++;
        return sum;
    }

    /**
     * The coloured point cloud (XYZ + BGR of every valid depth pixel) of one NFOV unbinned frame with BGRA colour,
     * as a new cloud: new Mats and intermediate images each time.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int coloredPointCloud() {
        ops++;
        try (ColoredPointCloud c = ColoredPointCloud.of(transformation, depth, color)) {
            return c.size();
        }
    }

    /** The same frame's coloured point cloud into a cloud made once ({@code update}): the way of a frame loop. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int coloredPointCloudReused() {
        ops++;
        return cloud.update(depth, color).size();
    }

    /** Step 1 of the cloud alone: the colour image seen by the depth camera, into an image made once (native). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void cloudPartColorToDepth() {
        ops++;
        transformation.colorToDepthInto(depth, color, colorInDepth);
    }

    /** Step 2 alone: the depth camera's point cloud, into an image made once (native). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void cloudPartPointCloud() {
        ops++;
        transformation.pointCloudInto(depth, CalibrationType.DEPTH, points);
    }

    /** Step 3 alone: the compaction of the valid pixels' XYZ and BGR into Mats made once (C, in the JNI library). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int cloudPartCompact() {
        ops++;
        return ColoredPointCloud.compact(points, colorInDepth, xyz, bgr);
    }

    /** For comparison: asMat alone of the frame's depth image (+ close, which gives the reference back). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Mat asMatClose() {
        ops++;
        ImageMat m = ImageMats.asMat(depth);
        m.close();
        return m;
    }
}
