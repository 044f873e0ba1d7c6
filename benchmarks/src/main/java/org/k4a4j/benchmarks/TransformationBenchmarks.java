/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.CalibrationType;
import org.k4a4j.Calibration;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.K4a;
import org.k4a4j.Playback;
import org.k4a4j.Transformation;
import org.k4a4j.opencv.TransformationMats;
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

import static org.k4a4j.global.k4a.*;

/**
 * {@link Transformation} through the Java layer on the first depth frame of {@link BenchRecording#file()}
 * (NFOV_UNBINNED 640x576 to 720p for the real recording), with its calibration: depth to colour into a new
 * image and into a reused one, the point cloud into a reused image and into a reused CV_16SC3 Mat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransformationBenchmarks {
    private Transformation transformation;
    private Image depth;
    private Image aligned;
    private Image cloud;
    private Mat cloudMat;

    @Setup(Level.Trial)
    public void setUp() {
        K4a.load();
        try (Playback playback = Playback.open(BenchRecording.file().toPath())) {
            Calibration calibration = playback.getCalibration();
            transformation = Transformation.create(calibration);
            try (Capture capture = playback.nextCapture().orElseThrow(() -> new IllegalStateException("no capture"))) {
                depth = capture.getDepthImage();
            }
        }
        if (depth == null) {
            throw new IllegalStateException("the recording's first capture has no depth image");
        }
        aligned = transformation.depthToColor(depth);
        cloud = transformation.pointCloud(depth, CalibrationType.DEPTH);
        cloudMat = new Mat();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cloudMat.close();
        cloud.close();
        aligned.close();
        depth.close();
        transformation.close();
    }

    /** depthToColor: a new DEPTH16 image of the colour camera's size, transformed into, closed. */
    @Benchmark
    public void depthToColorNewImage() {
        transformation.depthToColor(depth).close();
    }

    /** depthToColorInto a reused image: the transformation alone. */
    @Benchmark
    public void depthToColorInto() {
        transformation.depthToColorInto(depth, aligned);
    }

    /** pointCloudInto a reused CUSTOM image (depth camera). */
    @Benchmark
    public void pointCloudInto() {
        transformation.pointCloudInto(depth, CalibrationType.DEPTH, cloud);
    }

    /** The point cloud into a reused CV_16SC3 Mat (Mat wrapped as an image, transform, image released). */
    @Benchmark
    public Mat pointCloudIntoMat() {
        return TransformationMats.pointCloudInto(transformation, depth, CalibrationType.DEPTH, cloudMat);
    }
}
