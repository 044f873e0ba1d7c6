/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.charset.StandardCharsets;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.k4a4j.k4a.k4a_calibration_t;
import org.k4a4j.k4a.k4a_device_configuration_t;
import org.k4a4j.k4a.k4a_float2_t;
import org.k4a4j.k4a.k4a_float3_t;
import org.k4a4j.k4a.k4a_imu_sample_t;
import org.k4a4j.k4arecord.k4a_record_configuration_t;
import org.k4a4j.k4arecord.k4a_record_subtitle_settings_t;
import org.k4a4j.k4arecord.k4a_record_video_settings_t;

/**
 * Native memory of the Java layer without JavaCPP deallocators (see the package conventions): plain
 * {@code calloc}/{@code free}, per-thread scratch structs for the small in/out arguments of native calls, and
 * NUL-terminated UTF-8 strings.
 */
final class Native {
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<Scratch>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    static {
        K4a.load();
        Loader.load(org.k4a4j.global.k4arecord.class);
    }

    private Native() {
    }

    /** Zeroed native memory that the caller frees with {@link #free}. */
    static long calloc(long size) {
        Pointer p = Pointer.calloc(1, size);
        if (p == null || p.isNull()) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
        return p.address();
    }

    static void free(long address) {
        if (address != 0) {
            Pointer.free(new Addr(address));
        }
    }

    /** This thread's scratch structs. Valid until the next call that uses them on this thread. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /**
     * A private export of k4a4j's libraries (e.g. {@code k4a4j_internal_add_virtual_device}) as the cell that a
     * JavaCPP {@code FunctionPointer} is called through: memory whose first word is the function (found by
     * {@link Loader#addressof} in the libraries loaded, never linked) and whose second is zero, kept for the life
     * of the process (call this once per function). Null when the loaded library lacks the symbol (the
     * vendor's): the bindings load on it all the same.
     */
    static Pointer exportCell(String symbol) {
        Pointer address = Loader.addressof(symbol);
        if (address == null || address.isNull()) {
            return null;
        }
        long cell = calloc(2L * Loader.sizeof(Pointer.class));
        new PointerPointer<Pointer>(new Addr(cell)).put(0, address);
        return new Addr(cell);
    }

    /** A Pointer at an address, owning nothing. */
    static final class Addr extends Pointer {
        Addr(long address) {
            this.address = address;
        }
    }

    /** A BytePointer at an address with a limit, owning nothing. */
    static BytePointer bytesAt(long address, long size) {
        BytePointer p = new BytePointer(new Addr(address));
        p.capacity(size);
        p.limit(size);
        return p;
    }

    /** A NUL-terminated UTF-8 copy of a string in native memory, freed by {@link #close()}. */
    static final class Utf8 extends BytePointer implements AutoCloseable {
        Utf8(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            this.address = Native.calloc(bytes.length + 1L);
            this.capacity = bytes.length + 1L;
            this.limit = capacity;
            put(bytes, 0, bytes.length);
        }

        @Override
        public void close() {
            Native.free(address);
            address = 0;
        }
    }

    /**
     * Small native structs for in/out arguments, one set per thread, freed once the thread (and so this object)
     * is gone. Using them costs no allocation per call.
     */
    static final class Scratch {
        final SizeTPointer size;
        final IntPointer valid;
        final k4a_float2_t float2In;
        final k4a_float2_t float2Out;
        final k4a_float3_t float3In;
        final k4a_float3_t float3Out;
        final k4a_imu_sample_t imu;
        final k4a_record_video_settings_t videoSettings;
        final k4a_record_subtitle_settings_t subtitleSettings;
        final k4a_record_configuration_t recordConfiguration;
        final k4a_device_configuration_t deviceConfiguration;
        private final long base;
        private long next;

        Scratch() {
            long[] sizes = {8, 4, Loader.sizeof(k4a_float2_t.class), Loader.sizeof(k4a_float2_t.class),
                    Loader.sizeof(k4a_float3_t.class), Loader.sizeof(k4a_float3_t.class),
                    Loader.sizeof(k4a_imu_sample_t.class), Loader.sizeof(k4a_record_video_settings_t.class),
                    Loader.sizeof(k4a_record_subtitle_settings_t.class),
                    Loader.sizeof(k4a_record_configuration_t.class),
                    Loader.sizeof(k4a_device_configuration_t.class)};
            long total = 0;
            for (long s : sizes) {
                total += (s + 15) & ~15L;
            }
            base = calloc(total);
            next = base;
            final long owned = base;
            Reclaimer.register(this, () -> free(owned));
            size = new SizeTPointer(take(sizes[0]));
            valid = new IntPointer(take(sizes[1]));
            float2In = new k4a_float2_t(take(sizes[2]));
            float2Out = new k4a_float2_t(take(sizes[3]));
            float3In = new k4a_float3_t(take(sizes[4]));
            float3Out = new k4a_float3_t(take(sizes[5]));
            imu = new k4a_imu_sample_t(take(sizes[6]));
            videoSettings = new k4a_record_video_settings_t(take(sizes[7]));
            subtitleSettings = new k4a_record_subtitle_settings_t(take(sizes[8]));
            recordConfiguration = new k4a_record_configuration_t(take(sizes[9]));
            deviceConfiguration = new k4a_device_configuration_t(take(sizes[10]));
        }

        private Pointer take(long bytes) {
            Pointer p = new Addr(next);
            next += (bytes + 15) & ~15L;
            return p;
        }
    }

    /** The size in bytes of a k4a_calibration_t. */
    static long calibrationSize() {
        return Loader.sizeof(k4a_calibration_t.class);
    }
}
