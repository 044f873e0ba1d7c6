/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;
import org.k4a4j.k4a.k4a_memory_destroy_cb_t;

/**
 * The owners of caller buffers wrapped into images ({@code k4a_image_create_from_buffer}). Each is held
 * here, strongly, under a key that is the callback context, until libk4a calls {@link #CALLBACK} for it:
 * then the owner is dropped and its release action runs.
 */
final class BufferOwners {
    private static final ConcurrentHashMap<Long, Owner> OWNERS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_KEY = new AtomicLong();
    /** The one destroy callback of wrapped buffers; never dropped, since native images may call it any time. */
    static final k4a_memory_destroy_cb_t CALLBACK = new DestroyCallback();

    private BufferOwners() {
    }

    /** Holds {@code owner} until {@link #release} of the returned key; the key is the callback context. */
    static Pointer register(Object owner, Runnable onRelease) {
        long key = NEXT_KEY.incrementAndGet();
        OWNERS.put(key, new Owner(owner, onRelease));
        return new Key(key);
    }

    /** Drops the owner under {@code key} and runs its release action, once. */
    static void release(long key) {
        Owner owner = OWNERS.remove(key);
        if (owner != null && owner.onRelease != null) {
            try {
                owner.onRelease.run();
            } catch (Throwable t) {
                // the release action is the caller's; it must not break the native caller
            }
        }
    }

    /** How many wrapped buffers libk4a still holds. */
    static int size() {
        return OWNERS.size();
    }

    private static final class Owner {
        final Object owner;
        final Runnable onRelease;

        Owner(Object owner, Runnable onRelease) {
            this.owner = owner;
            this.onRelease = onRelease;
        }
    }

    /** A context pointer whose address is a key. */
    private static final class Key extends Pointer {
        Key(long key) {
            address = key;
        }
    }

    private static final class DestroyCallback extends k4a_memory_destroy_cb_t {
        @Override
        public void call(Pointer buffer, Pointer context) {
            try {
                if (context != null) {
                    release(context.address());
                }
            } catch (Throwable t) {
                // never let an exception cross into native code
            }
        }
    }
}
