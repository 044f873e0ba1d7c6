/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.k4a4j.opencv.ImageMats;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/**
 * Java under stress: several threads share one {@link Playback} and one {@link Transformation} for a few
 * seconds, reading captures, transforming their images, viewing them as Mats, putting them in captures of
 * their own and handing image references to another thread, closing some objects and dropping others for the garbage collector, which a further thread
 * runs all the time. Checked: no thread fails; an image handed over by reference keeps its pixels after every
 * other holder closed it (native reference counts); the transformation's outputs have the right sizes; and at
 * the end, with everything closed or collected, libk4a's allocator has no live allocation left and no wrapped
 * buffer is held (zero leaked, nothing freed twice).
 */
@Tag("k4a4j-native") // checks k4a4j's allocation accounting (CountingAllocator)
class StressTest {
    private static final int WORKERS = 4;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final int MIN_CAPTURES = 40;
    private static final int MIN_CHECKED = 10;

    @BeforeEach
    void countAllocations() {
        CountingAllocator.install();
    }

    @AfterEach
    void restoreAllocator() {
        CountingAllocator.uninstall();
    }

    /** An image reference handed from a worker to the checker, with what its pixels must hold. */
    private static final class Handoff {
        final Image image;
        final long checksum;

        Handoff(Image image, long checksum) {
            this.image = image;
            this.checksum = checksum;
        }
    }

    private static long checksum(Image depth) {
        ShortBuffer pixels = depth.getShortBuffer();
        long sum = 0;
        for (int i = 0; i < pixels.limit(); i += 61) {
            sum = sum * 31 + pixels.get(i);
        }
        return sum;
    }

    @Test
    @DisplayName("threads sharing a Playback and a Transformation while the GC runs leak nothing and free nothing early")
    void sharedPlaybackAndTransformationUnderGc() throws Exception {
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        BlockingQueue<Handoff> handoffs = new ArrayBlockingQueue<>(16);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong captures = new AtomicLong();
        AtomicLong transformed = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        long totalBefore = CountingAllocator.total();

        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            playback.setColorConversion(ImageFormat.COLOR_BGRA32);
            Calibration calibration = playback.getCalibration();
            int colorWidth = calibration.getColorCamera().getResolutionWidth();
            int colorHeight = calibration.getColorCamera().getResolutionHeight();
            try (Transformation transformation = Transformation.create(calibration)) {
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    threads.add(new Thread(() -> {
                        try {
                            work(playback, transformation, colorWidth, colorHeight, running, handoffs, captures,
                                    transformed);
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }, "stress worker " + w));
                }
                threads.add(new Thread(() -> {
                    try {
                        while (running.get() || !handoffs.isEmpty()) {
                            Handoff h = handoffs.poll(10, TimeUnit.MILLISECONDS);
                            if (h != null) {
                                try (Image image = h.image) {
                                    assertEquals(h.checksum, checksum(image),
                                            "pixels of an image whose other holders closed it");
                                }
                                checked.incrementAndGet();
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }, "stress checker"));
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        System.gc();
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "stress gc"));
                threads.forEach(Thread::start);
                // a few seconds, and at least some work of each kind however loaded the machine is
                long start = System.nanoTime();
                while (failures.isEmpty() && System.nanoTime() - start < MAX_NANOS
                        && (System.nanoTime() - start < RUN_NANOS || captures.get() < MIN_CAPTURES
                                || checked.get() < MIN_CHECKED)) {
                    Thread.sleep(10);
                }
                running.set(false);
                for (Thread t : threads) {
                    t.join(60_000);
                    assertFalse(t.isAlive(), t.getName() + " did not finish");
                }
                for (Handoff h; (h = handoffs.poll()) != null; ) { // offered after the checker stopped
                    h.image.close();
                }
            }
        }
        for (Throwable t : failures) {
            throw new AssertionError("a thread failed: " + t, t);
        }
        assertTrue(captures.get() >= MIN_CAPTURES, "captures read: " + captures.get());
        assertTrue(transformed.get() > 0, "images transformed: " + transformed.get());
        assertTrue(checked.get() >= MIN_CHECKED, "images handed over and checked: " + checked.get());
        assertTrue(CountingAllocator.total() > totalBefore, "libk4a allocated through the counting allocator");
        System.out.println("StressTest: " + WORKERS + " workers, " + captures.get() + " captures, " + transformed.get()
                + " transformed, " + checked.get() + " handed over, "
                + (CountingAllocator.total() - totalBefore) + " allocations by libk4a");
        CountingAllocator.awaitLive(0, "every allocation of libk4a freed once everything is closed or collected");
        assertEquals(0, Image.wrappedBufferCount(), "no wrapped buffer still held");
    }

    /** One worker: reads captures until told to stop, and does something different with each. */
    private static void work(Playback playback, Transformation transformation, int colorWidth, int colorHeight,
            AtomicBoolean running, BlockingQueue<Handoff> handoffs, AtomicLong captures, AtomicLong transformed)
            throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            Optional<Capture> next = playback.nextCapture();
            if (!next.isPresent()) {
                playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN); // the threads share one read position
                continue;
            }
            captures.incrementAndGet();
            Capture capture = next.get();
            Image depth = capture.getDepthImage();
            Image color = capture.getColorImage();
            if (random.nextInt(4) == 0) {
                capture.close(); // the images hold their own references
            }
            if (depth != null) {
                Image aligned = transformation.depthToColor(depth);
                assertEquals(colorWidth, aligned.getWidthPixels());
                assertEquals(colorHeight, aligned.getHeightPixels());
                Mat mat = ImageMats.asMat(aligned);
                assertEquals(colorHeight, mat.rows());
                switch (random.nextInt(3)) {
                    case 0: // image first: the Mat keeps the pixels
                        aligned.close();
                        mat.ptr(colorHeight - 1).getShort(2L * (colorWidth - 1));
                        mat.close();
                        break;
                    case 1: // Mat first
                        mat.close();
                        aligned.close();
                        break;
                    default: // both left to the garbage collector
                        break;
                }
                if (color != null && random.nextBoolean()) {
                    try (Image colorInDepth = transformation.colorToDepth(depth, color)) {
                        assertEquals(depth.getWidthPixels(), colorInDepth.getWidthPixels());
                    }
                }
                if (random.nextBoolean()) {
                    Image cloud = transformation.pointCloud(depth, CalibrationType.DEPTH);
                    assertEquals(6L * depth.getWidthPixels() * depth.getHeightPixels(), cloud.getSize());
                    if (random.nextBoolean()) {
                        cloud.close();
                    }
                }
                transformed.incrementAndGet();
                try (Capture own = Capture.create()) { // a capture of our own sharing the depth image
                    own.setDepthImage(depth);
                    try (Image back = own.getDepthImage()) {
                        assertEquals(depth.handle().address(), back.handle().address(), "the same native image");
                    }
                }
                Image shared = depth.reference();
                long sum = checksum(shared);
                if (!handoffs.offer(new Handoff(shared, sum), 100, TimeUnit.MILLISECONDS)) {
                    shared.close();
                }
                depth.close();
            }
            if (color != null && random.nextBoolean()) {
                color.close(); // else the collector's
            }
            if (random.nextBoolean()) {
                capture.close(); // idempotent when closed above
            }
        }
    }
}
