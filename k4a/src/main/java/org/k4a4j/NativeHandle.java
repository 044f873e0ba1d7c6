/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.LongConsumer;

import org.bytedeco.javacpp.Pointer;

/**
 * The plumbing every Java object over one native handle shares ({@link Image}, {@link Capture},
 * {@link Playback}, {@link Transformation}, {@link Recorder}): it owns one reference to the native object, gives
 * it back once, in {@link #release()} (through the subclass's {@code close()}) or, as a safety net, on the
 * {@link Reclaimer}'s thread once the handle object has become unreachable, and refuses use after close.
 *
 * <p>The handle object ({@code H}, e.g. a {@code k4a_image_t} at the native address) is what native calls get:
 * being an argument keeps it, and so its reference, alive for the length of each call even when the Java
 * object itself has become unreachable. After release its address is NULL, so a racing native call gets NULL
 * rather than a stale handle. The close flag is atomic: of two threads closing at once, one releases.
 *
 * @param <H> the JavaCPP type of the handle
 */
abstract class NativeHandle<H extends Pointer> implements AutoCloseable {
    private static final AtomicIntegerFieldUpdater<NativeHandle> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(NativeHandle.class, "closed");

    private final H handle;
    private final Reclaimer.Cleanup cleanup;
    private volatile int closed;

    /**
     * Takes over one reference to the native object at the handle's address.
     *
     * @param handle  a new handle object of this instance's own (never the caller's out-parameter)
     * @param release gives back the reference at an address; must not refer to this object or the handle
     */
    NativeHandle(H handle, LongConsumer release) {
        this.handle = handle;
        final long address = handle.address();
        this.cleanup = Reclaimer.register(handle, () -> release.accept(address));
    }

    /** True after {@code close()}. */
    public boolean isClosed() {
        return closed != 0;
    }

    /**
     * Gives the native reference back, once.
     *
     * @return true when this call released it, false when it was already closed
     */
    final boolean release() {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return false;
        }
        cleanup.run();
        handle.setNull();
        return true;
    }

    /**
     * The handle for a native call.
     *
     * @throws IllegalStateException when this object is closed
     */
    final H live() {
        if (closed != 0 || handle.isNull()) {
            throw new IllegalStateException("the " + getClass().getSimpleName() + " is closed");
        }
        return handle;
    }
}
