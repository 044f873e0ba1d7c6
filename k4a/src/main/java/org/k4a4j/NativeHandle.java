/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bytedeco.javacpp.Pointer;

/**
 * The plumbing every Java object over one native handle shares ({@link Image}, {@link Capture},
 * {@link Playback}, {@link Transformation}, {@link Recorder}, {@link Device}): it owns one reference to the native object, gives
 * it back once, in {@link #release()} (through the subclass's {@code close()}) or, as a safety net, on the
 * {@link Reclaimer}'s thread once the handle object has become unreachable, and refuses use after close.
 *
 * <p>The handle object ({@code H}, e.g. a {@code k4a_image_t} at the native address) is what native calls get:
 * being an argument keeps it, and so its reference, alive for the length of each call even when the Java
 * object itself has become unreachable. After release its address is NULL, so a racing native call gets NULL
 * rather than a stale handle. The close flag is atomic: of two threads closing at once, one releases.
 *
 * <p>A new handle class (e.g. a {@code Device} over {@code k4a_device_t}) extends this with one constructor line,
 * {@code super(address, k4a_device_t::new, h -> k4a_device_close(h))}, and calls {@link #live()} for every
 * native call.
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
     * Takes over one reference to the native object at an address.
     *
     * @param address the native object
     * @param type    makes a handle object at an address: the generated class's cast constructor
     *                ({@code k4a_image_t::new}); this object gets one of its own
     * @param release gives the reference back ({@code k4a_image_release}); it gets a handle object of its own, so
     *                it refers to neither this object nor its handle
     */
    NativeHandle(long address, Function<Pointer, H> type, Consumer<H> release) {
        this.handle = type.apply(new Native.Addr(address));
        this.cleanup = Reclaimer.register(handle, releaser(address, type, release));
    }

    /** An action that gives back the reference at an address (refers to no Java object of that reference). */
    static <H extends Pointer> Runnable releaser(long address, Function<Pointer, H> type, Consumer<H> release) {
        return () -> release.accept(type.apply(new Native.Addr(address)));
    }

    /**
     * The native handle, for the raw bindings. It is borrowed: do not release, close or destroy it, and do not
     * use it after {@link #close()}.
     *
     * @return the native handle, borrowed: this object keeps it and releases it on {@link #close()}
     * @throws IllegalStateException when this object is closed
     */
    public H handle() {
        return live();
    }

    /**
     * True after {@link #close()}.
     *
     * @return whether {@link #close()} was called
     */
    public boolean isClosed() {
        return closed != 0;
    }

    /**
     * Gives this object's reference to the native object back (for a {@link Playback}, closes it; for a
     * {@link Transformation}, destroys it); does nothing when already closed. Other Java objects holding
     * references of their own (an {@link Image#reference()}, the images of a {@link Capture}, pixel views) stay
     * valid.
     */
    @Override
    public void close() {
        release();
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
