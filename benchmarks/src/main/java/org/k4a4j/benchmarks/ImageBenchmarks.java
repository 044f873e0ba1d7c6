/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.ImageFormat;
import org.k4a4j.Image;
import org.k4a4j.K4a;
import org.k4a4j.k4a.k4a_image_t;
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

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.k4a4j.global.k4a.*;

/**
 * The costs of the Java layer on a 640x576 DEPTH16 image (the NFOV unbinned depth frame): create/release,
 * one getter through JNI, and the zero-copy wraps between images and Mats.
 *
 * <p>Goals: a wrap takes at most 1 us (median), a getter at most 50 ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ImageBenchmarks {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 576;

    private Image image;
    private k4a_image_t rawImage;
    private Mat mat;
    private BytePointer plainPixels;

    @Setup(Level.Trial)
    public void setUp() {
        K4a.load();
        image = Image.create(ImageFormat.DEPTH16, WIDTH, HEIGHT);
        rawImage = new k4a_image_t();
        check(k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, WIDTH, HEIGHT, 0, rawImage) == K4A_RESULT_SUCCEEDED,
                "k4a_image_create");
        mat = new Mat(HEIGHT, WIDTH, CV_16UC1);
        plainPixels = k4a_image_get_buffer(rawImage);
        checkZeroCopy();
    }

    /** The wraps under test must not copy a byte: same addresses, and writes seen through both sides. */
    private void checkZeroCopy() {
        long pixels = k4a_image_get_buffer(image.handle()).address();
        Mat asMat = ImageMats.asMat(image);
        check(asMat.data().address() == pixels, "asMat shares the image's memory");
        asMat.ptr(HEIGHT - 1, WIDTH - 1).putShort(0, (short) 0x1234);
        try (BytePointer view = image.getBufferPointer()) {
            check(view.getShort(image.getSize() - 2) == 0x1234, "a write through the Mat is in the image");
        }
        asMat.close();
        try (Image wrapped = ImageMats.toImage(mat)) {
            check(k4a_image_get_buffer(wrapped.handle()).address() == mat.data().address(),
                    "toImage shares the Mat's memory");
            try (BytePointer view = wrapped.getBufferPointer()) {
                view.putShort(2, (short) 0x4321);
            }
            check(mat.ptr(0, 1).getShort(0) == 0x4321, "a write through the image is in the Mat");
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("zero-copy check failed: " + what);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        image.close();
        k4a_image_release(rawImage);
        mat.close();
    }

    /** k4a_image_create + k4a_image_release of 720 KiB through the raw bindings. */
    @Benchmark
    public void rawCreateRelease() {
        k4a_image_t created = new k4a_image_t();
        k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, WIDTH, HEIGHT, 0, created);
        k4a_image_release(created);
    }

    /** Image.create + close: the raw pair plus the Java object, its handle and its deallocator. */
    @Benchmark
    public void imageCreateClose() {
        Image.create(ImageFormat.DEPTH16, WIDTH, HEIGHT).close();
    }

    /** One getter through JNI on a raw handle. */
    @Benchmark
    public int rawGetWidth() {
        return k4a_image_get_width_pixels(rawImage);
    }

    /** The same getter through Image (closed check + JNI). */
    @Benchmark
    public int imageGetWidth() {
        return image.getWidthPixels();
    }

    /** Image -> Mat without copying: reference, pixel pointer, Mat header (an ImageMat: no JavaCPP deallocator registration). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Mat asMat() {
        Mat wrapped = ImageMats.asMat(image);
        wrapped.close(); // the Mat header and the image reference, now
        return wrapped;
    }

    /** Baseline: a bare Mat header over memory (JNI + the deallocator JavaCPP gives every Mat), no k4a work. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Mat matHeaderOnly() {
        Mat header = new Mat(HEIGHT, WIDTH, CV_16UC1, plainPixels, WIDTH * 2L);
        header.close();
        return header;
    }

    /** Mat -> Image without copying, then released: checks, Mat header copy, create_from_buffer, destroy callback. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void toImageClose() {
        ImageMats.toImage(mat).close();
    }
}
