/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.k4a4j.k4a.k4a_memory_allocate_cb_t;
import org.k4a4j.k4a.k4a_memory_destroy_cb_t;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A k4a_set_allocator pair in Java that counts live allocations: every image buffer libk4a allocates while
 * it is installed goes through it (as in the reference, the library's own objects do not), a test helper.
 * Frees of addresses it never handed out are counted as bad frees.
 */
public final class CountingAllocator {
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong TOTAL = new AtomicLong();
    private static final AtomicLong BAD_FREES = new AtomicLong();
    private static final Set<Long> ADDRESSES = ConcurrentHashMap.newKeySet();
    private static final Allocate ALLOCATE = new Allocate();
    private static final Free FREE = new Free();

    private CountingAllocator() {
    }

    public static void install() {
        K4a.setAllocator(ALLOCATE, FREE);
    }

    public static void uninstall() {
        K4a.setAllocator(null, null);
    }

    /** Allocations made through this allocator and not yet freed. */
    public static long live() {
        return LIVE.get();
    }

    /** Allocations made through this allocator since the start. */
    public static long total() {
        return TOTAL.get();
    }

    public static long badFrees() {
        return BAD_FREES.get();
    }

    /**
     * Runs the garbage collector until the live count is {@code expected} (the deallocator and reclaimer threads
     * work after a collection) or 10 s have passed, then asserts it.
     */
    public static void awaitLive(long expected, String what) {
        collectUntil(() -> LIVE.get() == expected);
        assertEquals(expected, LIVE.get(), what);
        assertEquals(0, BAD_FREES.get(), "frees of addresses the allocator never handed out");
    }

    /**
     * Runs the garbage collector until no image buffer of this allocator is live and every caller buffer wrapped
     * into an image is given back ({@link Image#wrappedBufferCount()}; image objects are not the allocator's, so
     * the live count alone does not say that wrapped images are gone), or 10 s have passed, then asserts both.
     */
    public static void awaitAllReleased(String what) {
        collectUntil(() -> LIVE.get() == 0 && Image.wrappedBufferCount() == 0);
        assertEquals(0, LIVE.get(), what);
        assertEquals(0, Image.wrappedBufferCount(), what + ": every wrapped buffer given back");
        assertEquals(0, BAD_FREES.get(), "frees of addresses the allocator never handed out");
    }

    /** Runs the garbage collector until {@code done} or 10 s have passed (the reclaimer works after a collection). */
    static void collectUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private static final class Allocate extends k4a_memory_allocate_cb_t {
        @Override
        public BytePointer call(int size, PointerPointer context) {
            Pointer p = Pointer.malloc(size);
            if (p == null || p.isNull()) {
                return null;
            }
            ADDRESSES.add(p.address());
            LIVE.incrementAndGet();
            TOTAL.incrementAndGet();
            return new BytePointer(p);
        }
    }

    private static final class Free extends k4a_memory_destroy_cb_t {
        @Override
        public void call(Pointer buffer, Pointer context) {
            if (buffer == null || buffer.isNull()) {
                return;
            }
            if (ADDRESSES.remove(buffer.address())) {
                LIVE.decrementAndGet();
            } else {
                BAD_FREES.incrementAndGet();
            }
            Pointer.free(buffer);
        }
    }
}
