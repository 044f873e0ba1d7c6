/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives native references back: each {@link Cleanup} runs its action exactly once, either when called
 * (close) or, on the one "k4a4j reclaimer" daemon thread, after its referent has become unreachable.
 *
 * <p>k4a4j's handles and pixel views use this rather than JavaCPP deallocators: they own no memory for
 * JavaCPP to count and must stay out of PointerScopes, and a JavaCPP deallocator costs a read of
 * /proc/self/statm per object under its default physical-memory accounting, several times the cost of the
 * native call itself. NIO buffer views need it anyway: a direct buffer made by JNI refers to no Pointer.
 */
final class Reclaimer {
    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    /** Keeps the phantom references themselves reachable until they have run. */
    private static final Set<Cleanup> PENDING = Collections.newSetFromMap(new ConcurrentHashMap<Cleanup, Boolean>());

    static {
        Thread thread = new Thread(Reclaimer::run, "k4a4j reclaimer");
        thread.setDaemon(true);
        thread.start();
    }

    private Reclaimer() {
    }

    /**
     * Runs {@code action} once: at {@link Cleanup#run()}, or after {@code referent} has become unreachable.
     * The action must not refer to the referent (it would never become unreachable).
     */
    static Cleanup register(Object referent, Runnable action) {
        Cleanup cleanup = new Cleanup(referent, action);
        PENDING.add(cleanup);
        return cleanup;
    }

    private static void run() {
        while (true) {
            try {
                ((Cleanup) QUEUE.remove()).run();
            } catch (InterruptedException e) {
                // keep serving: references still need giving back
            } catch (Throwable t) {
                // one failed action must not stop the others
            }
        }
    }

    /** A registered action; see {@link #register}. */
    static final class Cleanup extends PhantomReference<Object> {
        private final Runnable action;
        private final AtomicBoolean done = new AtomicBoolean();

        private Cleanup(Object referent, Runnable action) {
            super(referent, QUEUE);
            this.action = action;
        }

        /** Runs the action if it has not run yet. */
        void run() {
            if (done.compareAndSet(false, true)) {
                PENDING.remove(this);
                clear();
                action.run();
            }
        }
    }
}
