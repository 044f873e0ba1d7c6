/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.internal;

import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Not API: a call of k4a4j's private export {@code k4a_result_t k4a4j_internal_playback_set_decode_end(
 * k4a_playback_t playback_handle, int64_t end_device_usec)}, which only k4a4j's libk4arecord has; found and called
 * as {@link DecodeThreadsFunction} is (a class of its own: JavaCPP types a function pointer by its one
 * {@code call}). On the vendor's libk4arecord {@code org.k4a4j.Playback.setDecodeEnd} does nothing. Use that
 * method.
 */
@Properties(inherit = org.k4a4j.presets.k4arecord.class)
public final class DecodeEndFunction extends FunctionPointer {
    static {
        Loader.load();
    }

    /**
     * The function held by a cell (see {@link VirtualDeviceFunction#VirtualDeviceFunction(Pointer)}), here the
     * one {@code Loader.addressof("k4a4j_internal_playback_set_decode_end")} found.
     *
     * @param cell memory whose first word is the function's address and whose second is zero; the caller keeps
     *             it for the life of this object
     */
    public DecodeEndFunction(Pointer cell) {
        super(cell);
    }

    /**
     * Calls the function.
     *
     * @param playback      an open {@code k4a_playback_t}
     * @param endDeviceUsec the device timestamp from which colour frames are not decoded ahead
     * @return {@code K4A_RESULT_SUCCEEDED} or {@code K4A_RESULT_FAILED}
     */
    public native @Cast("k4a_result_t") int call(@Cast("k4a_playback_t") Pointer playback,
            @Cast("int64_t") long endDeviceUsec);
}
