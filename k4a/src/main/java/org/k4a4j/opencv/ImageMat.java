/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A {@link Mat} over the pixels of a k4a image, made by {@link ImageMats#asMat}: it holds one reference to
 * the native image, which {@link #close()} gives back at once, so a frame loop that closes its Mats frees each
 * frame as soon as it is done with it.
 *
 * <p><b>Ownership.</b> The caller closes the Mat (try-with-resources), or a {@link PointerScope} open on the
 * thread when the Mat was made does (as for any JavaCPP Pointer: the scope takes a reference with
 * {@link #retainReference()} and gives it back when it closes; {@link #close()} and {@link #releaseReference()}
 * give back one reference; when none is left, or on {@link #deallocate()}, the image reference and the
 * cv::Mat header are released). Closing the {@code Image} the Mat was made from does not invalidate it.
 * A Mat that is neither closed nor in a scope is released after it becomes unreachable, as a safety net: its
 * image reference on k4a4j's reclaimer thread, its small header on JavaCPP's deallocator thread.
 *
 * <p>Mats that OpenCV derives from this one (ROIs, {@code row()}, {@code reshape()}, the Mats of
 * {@code Mat(Mat)}) share the pixels without holding the image: use them only while this Mat is open, or
 * {@code clone()} them.
 *
 * <p>Why this class: JavaCPP registers a deallocator for every Pointer it allocates, and under its default
 * settings each registration reads the process's resident size ({@code /proc/self/statm}), which costs more
 * than everything else {@code asMat} does. This Mat keeps the deallocator JavaCPP gives it for itself, so
 * {@code asMat} needs no {@code org.bytedeco.javacpp.maxPhysicalBytes} setting to be fast, and counts its own
 * references in the way JavaCPP's Pointers do. The deallocator is still JavaCPP's own phantom reference to this
 * Mat: held strongly here until the Mat is released, it makes JavaCPP's thread free the header of a Mat that
 * was left to the garbage collector.
 */
public final class ImageMat extends Mat {
    /** ImageMats that became unreachable without being released (their headers are JavaCPP's to free). */
    private static final ReferenceQueue<ImageMat> QUEUE = new ReferenceQueue<>();
    /** Keeps the deallocators of unreleased ImageMats reachable, so that JavaCPP's thread sees them. */
    private static final Set<Header> HEADERS = Collections.newSetFromMap(new ConcurrentHashMap<Header, Boolean>());

    /** Set during the super constructor (by JavaCPP's call of {@link #deallocator(Deallocator)}). */
    private Header header;
    private final BytePointer pixels;
    private final AtomicInteger references;
    private final AtomicBoolean released;

    /** Takes over {@code pixels} (a pointer holding an image reference, given back when the Mat is released). */
    ImageMat(int rows, int cols, int type, BytePointer pixels, long step) {
        super(rows, cols, type, pixels, step);
        this.pixels = pixels;
        this.references = new AtomicInteger();
        this.released = new AtomicBoolean();
        expunge();
        attachToScope();
    }

    /**
     * Called by JavaCPP while the super constructor allocates the cv::Mat header: keeps the header's
     * deallocator here rather than in JavaCPP's registry (see the class comment).
     */
    @Override
    @SuppressWarnings("unchecked")
    protected <P extends Pointer> P deallocator(Deallocator deallocator) {
        if (deallocator == null) {
            return (P) this;
        }
        header = new Header(this, deallocator); // (clearing JavaCPP's reference would run it)
        return (P) this;
    }

    /** Takes one more reference (as {@link PointerScope#attach} does); released by {@link #releaseReference()}. */
    @Override
    @SuppressWarnings("unchecked")
    public <P extends Pointer> P retainReference() {
        references.incrementAndGet();
        return (P) this;
    }

    /**
     * Gives back one reference ({@link #close()} does this); when none is left, releases the image reference
     * and the header. True when this call released them.
     */
    @Override
    public boolean releaseReference() {
        return references.decrementAndGet() <= 0 && releaseNow();
    }

    /** The references taken by {@link #retainReference()} and not given back; -1 once released. */
    @Override
    public int referenceCount() {
        return released.get() ? -1 : references.get();
    }

    /**
     * Releases the image reference and the header now, whatever the reference count ({@code really});
     * {@code deallocate(false)} hands both to the caller, who takes over the native header and must keep the
     * image alive: k4a4j then releases neither.
     */
    @Override
    public void deallocate(boolean really) {
        if (really) {
            releaseNow();
        } else if (released.compareAndSet(false, true)) {
            Header h = header;
            if (h != null) {
                h.forget();
            }
        }
    }

    /**
     * True once the image reference and the header have been released.
     *
     * @return true once the image reference and the header have been released
     */
    public boolean isReleased() {
        return released.get();
    }

    private boolean releaseNow() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        Header h = header;
        address = 0;
        if (h != null) {
            h.run();
        }
        pixels.close();
        return true;
    }

    /** Joins the innermost PointerScope of this thread that takes Mats, as JavaCPP's own Pointers do. */
    private void attachToScope() {
        for (Iterator<PointerScope> it = PointerScope.getScopeIterator(); it != null && it.hasNext();) {
            try {
                it.next().attach(this);
                return;
            } catch (IllegalArgumentException e) {
                // that scope is for other classes; try the next one out
            }
        }
    }

    /** Forgets the ImageMats collected without being released (JavaCPP's thread frees their headers). */
    private static void expunge() {
        for (Reference<?> r; (r = QUEUE.poll()) != null;) {
            ((Header) r).forget();
        }
    }

    /**
     * The cv::Mat header of one ImageMat: freed by {@link #run()} on release, or by JavaCPP's thread (through the
     * deallocator held here) after the Mat became unreachable; {@link #forget()} lets go of the deallocator.
     */
    private static final class Header extends PhantomReference<ImageMat> {
        private final Deallocator deallocator;
        private final AtomicBoolean done = new AtomicBoolean();

        Header(ImageMat mat, Deallocator deallocator) {
            super(mat, QUEUE);
            this.deallocator = deallocator;
            HEADERS.add(this);
        }

        void run() {
            if (done.compareAndSet(false, true)) {
                HEADERS.remove(this);
                clear();
                deallocator.deallocate();
            }
        }

        void forget() {
            if (done.compareAndSet(false, true)) {
                HEADERS.remove(this);
                clear();
            }
        }
    }
}
