/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.k4a4j.CountingAllocator;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pixel views that can be closed give the image's memory back when closed, without waiting for the garbage
 * collector: the Mats of {@link ImageMats#asMat} (close, deallocate, PointerScope, retain/release) and the
 * pointers of {@link Image#getBufferPointer()}. A counting allocator sees libk4a free the image at once.
 */
class PromptReleaseTest {
    private static final int W = 640;
    private static final int H = 576;

    @BeforeAll
    static void countAllocations() {
        CountingAllocator.install();
    }

    @AfterAll
    static void restoreAllocator() {
        CountingAllocator.uninstall();
    }

    /** An image whose only remaining reference is the Mat's. */
    private static ImageMat matOfClosedImage() {
        try (Image image = Image.create(ImageFormat.DEPTH16, W, H)) {
            return ImageMats.asMat(image);
        }
    }

    @Test
    @DisplayName("closing the Mat of asMat frees the image at once, with no garbage collection")
    void closeReleases() {
        long before = CountingAllocator.live();
        ImageMat mat = matOfClosedImage();
        assertTrue(CountingAllocator.live() > before, "the Mat keeps the image alive");
        mat.ptr(10).putShort(0, (short) 1234);
        assertEquals(1234, mat.ptr(10).getShort(0));
        mat.close();
        assertEquals(before, CountingAllocator.live(), "freed when the Mat was closed");
        assertTrue(mat.isReleased());
        assertTrue(mat.isNull());
        mat.close(); // idempotent
        mat.deallocate();
        assertEquals(0, CountingAllocator.badFrees());
    }

    @Test
    @DisplayName("deallocate() frees at once; retainReference() keeps the Mat until the matching releaseReference()")
    void deallocateAndReferenceCounting() {
        long before = CountingAllocator.live();
        ImageMat mat = matOfClosedImage();
        mat.deallocate();
        assertEquals(before, CountingAllocator.live());

        ImageMat shared = matOfClosedImage();
        shared.retainReference();
        shared.retainReference();
        assertEquals(2, shared.referenceCount());
        assertFalse(shared.releaseReference(), "one reference left");
        assertFalse(shared.isReleased());
        assertTrue(CountingAllocator.live() > before);
        assertTrue(shared.releaseReference(), "the last one releases");
        assertEquals(before, CountingAllocator.live());
        assertEquals(-1, shared.referenceCount());
    }

    @Test
    @DisplayName("a PointerScope releases the Mats made in it when it closes, and tolerates Mats closed before")
    void pointerScope() {
        long before = CountingAllocator.live();
        ImageMat kept;
        ImageMat closedEarly;
        try (PointerScope scope = new PointerScope()) {
            kept = matOfClosedImage();
            closedEarly = matOfClosedImage();
            assertEquals(1, kept.referenceCount(), "the scope holds a reference");
            closedEarly.close(); // as for JavaCPP's Pointers, close() inside a scope releases at once
            assertTrue(closedEarly.isReleased());
            Mat converted = new Mat();
            kept.convertTo(converted, org.bytedeco.opencv.global.opencv_core.CV_32F);
            assertEquals(W, converted.cols());
        }
        assertTrue(kept.isReleased() && closedEarly.isReleased());
        assertEquals(before, CountingAllocator.live(), "the scope's end freed both images");
        assertEquals(0, CountingAllocator.badFrees());
    }

    @Test
    @DisplayName("a scope for other classes leaves the Mat to its owner")
    void scopeForOtherClasses() {
        long before = CountingAllocator.live();
        ImageMat mat;
        try (PointerScope scope = new PointerScope(BytePointer.class)) {
            mat = matOfClosedImage();
        }
        assertFalse(mat.isReleased());
        mat.close();
        assertEquals(before, CountingAllocator.live());
    }

    @Test
    @DisplayName("closing the pointer of getBufferPointer() frees the image at once")
    void bufferPointer() {
        long before = CountingAllocator.live();
        BytePointer pixels;
        try (Image image = Image.create(ImageFormat.DEPTH16, W, H)) {
            pixels = image.getBufferPointer();
        }
        assertTrue(CountingAllocator.live() > before);
        pixels.close();
        assertEquals(before, CountingAllocator.live());
    }

    @Test
    @DisplayName("a frame loop that closes its Mats holds one frame at a time")
    void frameLoop() {
        long before = CountingAllocator.live();
        for (int i = 0; i < 200; i++) {
            try (Image depth = Image.create(ImageFormat.DEPTH16, W, H);
                 ImageMat mat = ImageMats.asMat(depth)) {
                mat.ptr(0).putShort(0, (short) i);
                assertTrue(CountingAllocator.live() > before, "the frame is live while used");
            }
            assertEquals(before, CountingAllocator.live(), "frame " + i + " freed at the end of its iteration");
        }
    }
}
