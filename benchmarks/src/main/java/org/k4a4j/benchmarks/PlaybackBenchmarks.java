/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.benchmarks;

import java.io.File;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.k4a4j.ImageFormat;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.K4a;
import org.k4a4j.Playback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_BEGIN;

/**
 * Reading a recording through the Java layer ({@link Playback}): open + close, seek + next capture with the
 * colour frame as stored (raw) and converted to BGRA32, and a full pass over the captures through the stream.
 * The recording is {@link BenchRecording#file()} (system property {@code k4a4j.recording}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlaybackBenchmarks {
    private File file;
    private Playback raw;
    private Playback bgra;

    @Setup(Level.Trial)
    public void setUp() {
        K4a.load();
        file = BenchRecording.file();
        raw = Playback.open(file.toPath());
        bgra = Playback.open(file.toPath());
        bgra.setColorConversion(ImageFormat.COLOR_BGRA32);
        try (Capture c = bgra.nextCapture().orElseThrow(() -> new IllegalStateException("the recording has no capture"));
             Image color = c.getColorImage()) {
            if (color == null || color.getFormat() != ImageFormat.COLOR_BGRA32) {
                throw new IllegalStateException("the recording's first capture has no colour image to convert");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        raw.close();
        bgra.close();
    }

    /** Playback.open + close: reads the header, tracks, tags, attachments and cues. */
    @Benchmark
    public void openClose() {
        Playback.open(file.toPath()).close();
    }

    /** seek to the start + next capture as stored (MJPG colour, DEPTH16, IR16) + close. */
    @Benchmark
    public void seekNextCaptureRaw() {
        raw.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        raw.nextCapture().get().close();
    }

    /** The same with the colour frame converted to BGRA32 (a JPEG decode of 1280x720). */
    @Benchmark
    public void seekNextCaptureBgra() {
        bgra.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        bgra.nextCapture().get().close();
    }

    /** Every capture of the recording through Playback.captures(), colour as stored; returns the count. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int fullPassRaw() {
        raw.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        int n = 0;
        try (Stream<Capture> captures = raw.captures()) {
            for (Iterator<Capture> it = captures.iterator(); it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    /** Every capture with the colour converted to BGRA32; returns the count. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int fullPassBgra() {
        bgra.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        int n = 0;
        try (Stream<Capture> captures = bgra.captures()) {
            for (Iterator<Capture> it = captures.iterator(); it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
