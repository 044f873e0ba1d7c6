/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.internal;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Not API: a call of k4a4j's private export {@code k4a_result_t k4a4j_internal_add_virtual_device(const char
 * *path, int pace, uint32_t *index)}, which only k4a4j's libk4a has. The JNI code calls it through the
 * address {@link Loader#addressof} finds, never by linking it, so the bindings still load on the vendor's
 * libk4a (where the symbol is absent and {@code org.k4a4j.K4a.addVirtualDevice} says so). Use that method.
 */
@Properties(inherit = org.k4a4j.presets.k4a.class)
public final class VirtualDeviceFunction extends FunctionPointer {
    static {
        Loader.load();
    }

    /**
     * The function held by a cell: JavaCPP's code calls a FunctionPointer through memory whose first word is the
     * function's address (here the one {@code Loader.addressof("k4a4j_internal_add_virtual_device")} found) and
     * whose second is zero.
     *
     * @param cell memory whose first word is the function's address and whose second is zero (made by the
     *             Java layer for the life of the process)
     */
    public VirtualDeviceFunction(Pointer cell) {
        super(cell);
    }

    public native @Cast("k4a_result_t") int call(@Cast("const char*") BytePointer path, int pace,
            @Cast("uint32_t*") IntPointer index);
}
