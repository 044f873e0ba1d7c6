/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.k4a4j.ImageFormat;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.k4a4j.Capture;
import org.k4a4j.CountingAllocator;
import org.k4a4j.CountingAllocatorExtension;
import org.k4a4j.Image;

import static org.bytedeco.opencv.global.opencv_core.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.global.k4a.*;

/**
 * Release orders and garbage collection of images, Mats and buffer views: memory in use is never freed,
 * and everything is freed in the end (a counting allocator sees every image buffer of libk4a).
 */
@Tag("k4a4j-native") // k4a4j's allocation accounting tells when buffers are freed
@ExtendWith(CountingAllocatorExtension.class)
class LifetimeTest {
    /** Fills a DEPTH16 Mat with value + row + col, so that any corruption shows. */
    private static void fill(Mat mat, int value) {
        for (int r = 0; r < mat.rows(); r++) {
            BytePointer row = mat.ptr(r);
            for (int c = 0; c < mat.cols(); c++) {
                row.putShort(2L * c, (short) (value + r + c));
            }
        }
    }

    private static void assertFilled(Mat mat, int value, String what) {
        for (int r = 0; r < mat.rows(); r++) {
            BytePointer row = mat.ptr(r);
            for (int c = 0; c < mat.cols(); c++) {
                if (row.getShort(2L * c) != (short) (value + r + c)) {
                    fail(what + ": pixel (" + r + ", " + c + ") is " + row.getShort(2L * c) + ", not " + (value + r + c));
                }
            }
        }
    }

    private static void collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @DisplayName("image closed first: the Mat keeps the native image (buffer and object) alive and usable")
    void imageFirst() {
        Image image = Image.create(ImageFormat.DEPTH16, 64, 48);
        Mat mat = ImageMats.asMat(image);
        fill(mat, 100);
        image.close();
        collect();
        assertEquals(1, CountingAllocator.live(), "the buffer still allocated after the image is closed");
        assertFilled(mat, 100, "after the image was closed and the GC ran");
        fill(mat, 200);
        assertFilled(mat, 200, "writable too");
        mat.close(); // the native header; the data pointer goes with the Java object
        mat = null;
        CountingAllocator.awaitLive(0, "freed once the Mat is collected");
    }

    @Test
    @DisplayName("Mat closed and dropped first: the image is unaffected; closing it frees everything")
    void matFirst() {
        Image image = Image.create(ImageFormat.DEPTH16, 64, 48);
        Mat mat = ImageMats.asMat(image);
        fill(mat, 7);
        mat.close();
        mat = null;
        collect();
        assertEquals(1, CountingAllocator.live(), "the image's buffer");
        Mat again = ImageMats.asMat(image);
        assertFilled(again, 7, "the image's pixels after the first Mat was collected");
        again = null;
        image.close();
        CountingAllocator.awaitLive(0, "freed once both are gone");
    }

    @Test
    @DisplayName("buffer views, pointers and Mats of one image, released in every order, keep it exactly as long as needed")
    void viewsInEveryOrder() {
        for (int order = 0; order < 6; order++) {
            Image image = Image.create(ImageFormat.IR16, 32, 32);
            Object[] holders = {image.getShortBuffer(), image.getBufferPointer(), ImageMats.asMat(image)};
            fill((Mat) holders[2], order);
            image.close();
            int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            for (int k = 0; k < 3; k++) {
                collect();
                assertEquals(1, CountingAllocator.live(), "order " + order + ", step " + k + ": a holder remains");
                for (Object h : holders) { // every remaining holder still sees the pixels
                    if (h instanceof ShortBuffer) {
                        assertEquals((short) (order + 1 + 2), ((ShortBuffer) h).get(32 * 1 + 2), "buffer, order " + order);
                    } else if (h instanceof BytePointer) {
                        assertEquals((short) (order + 1 + 2), ((BytePointer) h).getShort(2 * (32 + 2)), "pointer");
                    } else if (h instanceof Mat) {
                        assertFilled((Mat) h, order, "Mat, order " + order);
                    }
                }
                holders[orders[order][k]] = null;
            }
            CountingAllocator.awaitLive(0, "order " + order + ": freed when the last holder goes");
        }
    }

    @Test
    @DisplayName("views made inside a PointerScope survive it; an image wrapping a Mat of the scope keeps the Mat's memory")
    void pointerScopeDoesNotFreeViews() {
        Image image = Image.create(ImageFormat.CUSTOM8, 16, 16);
        BytePointer pixels;
        Mat scoped;
        Image wrapped;
        try (PointerScope scope = new PointerScope()) {
            pixels = image.getBufferPointer();
            scoped = new Mat(16, 16, CV_16UC1, new Scalar(0.0));
            fill(scoped, 9);
            wrapped = ImageMats.toImage(scoped);
        }
        assertTrue(scoped.isNull(), "the scope released its own Mat");
        assertFalse(pixels.isNull(), "but not the view");
        image.close();
        assertEquals(1, CountingAllocator.live(), "the image's buffer (image objects are not the allocator's)");
        pixels.put(255, (byte) 1);
        assertEquals(1, pixels.get(255));
        pixels.close();
        assertEquals(0, CountingAllocator.live(), "closing the view releases at once");
        assertEquals(1, Image.wrappedBufferCount());
        assertFilled(ImageMats.asMat(wrapped), 9, "the scoped Mat's memory through the image");
        wrapped.close();
    }

    @Test
    @DisplayName("toImage, Mat released first: the image keeps the Mat's memory until its last release")
    void wrappedMatReleasedFirst() {
        Mat mat = new Mat(48, 64, CV_16UC1, new Scalar(0.0));
        fill(mat, 3);
        Image image = ImageMats.toImage(mat);
        long data = mat.data().address();
        mat.release(); // drops the caller's hold on the data
        mat.close();
        mat = null;
        collect();
        assertEquals(1, Image.wrappedBufferCount(), "the image still holds the Mat's memory");
        Mat view = ImageMats.asMat(image);
        assertEquals(data, view.data().address(), "the same memory");
        assertFilled(view, 3, "the Mat's pixels through the image after the Mat was released");
        image.close();
        assertEquals(1, Image.wrappedBufferCount(), "the view still holds the image");
        assertFilled(view, 3, "through the view after the image was closed");
        view = null;
        CountingAllocator.awaitAllReleased("the image released once the view is gone, its memory given back to OpenCV");
    }

    @Test
    @DisplayName("toImage, image closed first: the Mat is unaffected")
    void wrappedImageClosedFirst() {
        Mat mat = new Mat(10, 10, CV_16UC1, new Scalar(0.0));
        Image image = ImageMats.toImage(mat);
        image.close();
        assertEquals(0, Image.wrappedBufferCount(), "given back at once");
        fill(mat, 11);
        assertFilled(mat, 11, "the Mat still owns its memory");
        mat.close();
    }

    @Test
    @DisplayName("a chain image -> Mat -> image -> capture keeps the first image's memory alive to the end")
    void chain() {
        Image first = Image.create(ImageFormat.DEPTH16, 20, 10);
        Mat mat = ImageMats.asMat(first);
        fill(mat, 50);
        Image second = ImageMats.toImage(mat, ImageFormat.DEPTH16);
        Capture capture = Capture.create();
        capture.setDepthImage(second);
        first.close();
        second.close();
        mat = null;
        collect();
        assertEquals(1, CountingAllocator.live(), "the first image's buffer (objects are not the allocator's)");
        try (Image depth = capture.getDepthImage()) {
            assertFilled(ImageMats.asMat(depth), 50, "through the capture");
        }
        capture.close();
        CountingAllocator.awaitLive(0, "all freed when the capture goes");
    }

    @Test
    @DisplayName("threads making, viewing, wrapping and dropping images while the GC releases others: no corruption, nothing leaks")
    void concurrentThreads() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            final int seed = 1000 * t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    Image image = Image.create(ImageFormat.DEPTH16, 16, 16);
                    Mat mat = ImageMats.asMat(image);
                    fill(mat, seed + i);
                    Image wrapped = ImageMats.toImage(mat);
                    if (i % 2 == 0) {
                        image.close();
                    }
                    Mat back = ImageMats.asMat(wrapped);
                    assertFilled(back, seed + i, "thread " + seed / 1000 + ", iteration " + i);
                    if (i % 3 == 0) {
                        wrapped.close();
                    }
                    if (i % 25 == 0) {
                        System.gc();
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(); // rethrows any assertion failure of a thread
        }
        pool.shutdown();
        CountingAllocator.awaitLive(0, "everything freed once the threads' objects are unreachable");
    }

    @Test
    @DisplayName("many images with live Mats and views under repeated garbage collection: no pixel changes, nothing leaks")
    void gcLoop() {
        Deque<Mat> mats = new ArrayDeque<>();
        Deque<Integer> values = new ArrayDeque<>();
        Deque<ByteBuffer> buffers = new ArrayDeque<>();
        Deque<Image> images = new ArrayDeque<>();
        for (int i = 0; i < 300; i++) {
            Image image = Image.create(ImageFormat.DEPTH16, 40, 30);
            Mat mat = ImageMats.asMat(image);
            fill(mat, i);
            if (i % 3 == 0) {
                image.close(); // the Mat alone keeps it
            } else {
                images.add(image); // left to the GC, never closed
            }
            if (i % 2 == 0) {
                buffers.add(image.isClosed() ? ByteBuffer.allocate(0) : image.getBuffer());
            }
            // wrapped OpenCV memory too
            Mat owned = new Mat(8, 8, CV_16UC1, new Scalar((double) i));
            Image wrapped = ImageMats.toImage(owned);
            owned.close();
            if (i % 4 == 0) {
                wrapped.close();
            }
            mats.add(mat);
            values.add(i);
            if (mats.size() > 25) {
                mats.removeFirst();
                values.removeFirst();
            }
            if (buffers.size() > 10) {
                buffers.removeFirst();
            }
            if (images.size() > 15) {
                images.removeFirst();
            }
            if (i % 10 == 0) {
                System.gc();
                Integer[] v = values.toArray(new Integer[0]);
                int k = 0;
                for (Mat m : mats) {
                    assertFilled(m, v[k++], "iteration " + i);
                }
                for (ByteBuffer b : buffers) {
                    assertTrue(b.capacity() == 0 || b.capacity() == 40 * 30 * 2, "buffer views keep their size");
                }
            }
        }
        mats.clear();
        buffers.clear();
        images.clear();
        CountingAllocator.awaitLive(0, "everything freed once nothing refers to it");
    }
}
