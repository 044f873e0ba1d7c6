/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Recorder;

/**
 * OpenCV {@link Mat}s into a {@link Recorder}'s custom tracks. {@code Recorder.writeCustomTrackData(name, t,
 * mat)} comes here for a Mat, so either form may be used.
 */
public final class RecorderMats {
    private static volatile Object fence;

    private RecorderMats() {
    }

    /**
     * Writes the pixels of a Mat to a custom track, row after row without padding: rows x cols x elemSize bytes,
     * whatever the Mat's step (a non-continuous Mat, such as an ROI, is packed into a temporary copy first, freed
     * here). Pair it with a custom video track of the Mat's size to make a video track a player can show, or
     * read it back with {@code new Mat(rows, cols, type, new BytePointer(block.getData()))}. The Mat stays the
     * caller's.
     *
     * @param recorder            the recorder, which has the track (it stays the caller's, who closes it)
     * @param trackName           the name of a custom track added to the recorder
     * @param deviceTimestampUsec the block's device timestamp, in microseconds (in order along the track)
     * @param mat                 the pixels to write (copied: the Mat stays the caller's, who releases it)
     * @throws IllegalArgumentException for an empty (or released) Mat
     * @throws org.k4a4j.K4aException   for an unknown or built-in track, or a timestamp out of order
     */
    public static void writeCustomTrackData(Recorder recorder, String trackName, long deviceTimestampUsec, Mat mat) {
        if (recorder == null) {
            throw new NullPointerException("recorder is null");
        }
        if (mat == null) {
            throw new NullPointerException("mat is null");
        }
        if (mat.isNull() || mat.empty()) {
            throw new IllegalArgumentException("the Mat is empty (or released)");
        }
        if (mat.isContinuous()) {
            write(recorder, trackName, deviceTimestampUsec, mat);
            return;
        }
        Mat packed = mat.clone();
        try {
            write(recorder, trackName, deviceTimestampUsec, packed);
        } finally {
            packed.release();
            packed.close();
        }
    }

    /**
     * {@link #writeCustomTrackData} of a pointer that {@code Recorder} found to be a Mat (this signature keeps
     * OpenCV's types out of {@code Recorder}). Not for callers: use the Mat form.
     *
     * @param recorder            the recorder, which has the track (it stays the caller's, who closes it)
     * @param trackName           the name of a custom track added to the recorder
     * @param deviceTimestampUsec the block's device timestamp, in microseconds (in order along the track)
     * @param mat                 an OpenCV {@code Mat} (copied: it stays the caller's, who releases it)
     * @throws IllegalArgumentException when the pointer is not a Mat
     */
    public static void writeMat(Recorder recorder, String trackName, long deviceTimestampUsec, Pointer mat) {
        if (!(mat instanceof Mat)) {
            throw new IllegalArgumentException("not an OpenCV Mat: " + mat);
        }
        writeCustomTrackData(recorder, trackName, deviceTimestampUsec, (Mat) mat);
    }

    /** Writes the pixels of a continuous Mat, keeping it reachable while the recorder copies them. */
    private static void write(Recorder recorder, String trackName, long deviceTimestampUsec, Mat continuous) {
        long size = continuous.total() * continuous.elemSize();
        recorder.writeCustomTrackData(trackName, deviceTimestampUsec, continuous.data(), size);
        fence = continuous; // Java 8 has no Reference.reachabilityFence
        fence = null;
    }
}
