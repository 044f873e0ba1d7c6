/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the readers of this JVM (an executor, or the driver in local mode) have done since it started, or since
 * {@link #reset()}: images copied into rows per camera, colour images decoded, depth images transformed, point
 * clouds computed. Column pruning is visible here: a camera that no query selects is neither copied nor
 * decoded. Counters only: they hold no resources.
 */
public final class Counters {
    private Counters() {
    }

    /** Colour images copied into rows (as stored or decoded). */
    public static final LongAdder COLOR_IMAGES = new LongAdder();
    /** Colour images decoded to BGRA32 ({@code colorFormat=bgra}) by the reader. */
    public static final LongAdder COLOR_DECODED = new LongAdder();
    /** Depth images copied into rows. */
    public static final LongAdder DEPTH_IMAGES = new LongAdder();
    /** Depth images transformed to the colour camera ({@code alignDepthToColor=true}). */
    public static final LongAdder DEPTH_ALIGNED = new LongAdder();
    /** IR images copied into rows. */
    public static final LongAdder IR_IMAGES = new LongAdder();
    /** Point clouds ({@code pointCloud=true}) copied into rows. */
    public static final LongAdder POINT_CLOUDS = new LongAdder();
    /** Captures read from recordings, including those read past at a partition's edges. */
    public static final LongAdder CAPTURES_READ = new LongAdder();
    /** Captures read with the playback's colour conversion on (their colour decoded), returned or not. */
    public static final LongAdder CAPTURES_READ_DECODED = new LongAdder();

    /** Sets every counter to zero. */
    public static void reset() {
        for (LongAdder a : new LongAdder[] {COLOR_IMAGES, COLOR_DECODED, DEPTH_IMAGES, DEPTH_ALIGNED, IR_IMAGES,
            POINT_CLOUDS, CAPTURES_READ, CAPTURES_READ_DECODED}) {
            a.reset();
        }
    }
}
