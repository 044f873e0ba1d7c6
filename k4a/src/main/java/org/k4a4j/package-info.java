/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The Java layer of k4a4j: small final {@link java.lang.AutoCloseable} classes over the raw bindings
 * ({@code org.k4a4j.global.k4a}, {@code org.k4a4j.k4a}), for people who don't want raw handles.
 *
 * <h2>Conventions (new classes follow them)</h2>
 * <ul>
 * <li><b>Ownership.</b> An object owns one reference to its native object (or the object itself, for
 * things that are not reference counted) and gives it back in {@code close()}. The native handle lives in a
 * private subclass of the generated handle class, registered with the package's reclaimer (a phantom
 * reference: exactly one release, by {@code close()} or after the handle became unreachable); the object
 * passes that subclass to every native call, so the handle cannot be collected during a call. k4a4j's own
 * Pointers use no JavaCPP deallocators: they own no memory for JavaCPP to count, stay out of PointerScopes,
 * and avoid the per-object cost of JavaCPP's physical-memory check. Getters that return native objects return
 * new Java objects holding references of their own ({@link org.k4a4j.Capture#getDepthImage()}), which the
 * caller closes. {@code adopt(handle)} takes over a reference from raw code; {@code handle()} lends the raw
 * handle back (borrowed: never release it).</li>
 * <li><b>Close.</b> {@code close()} releases once and is idempotent; the garbage collector releases what was
 * not closed, as a safety net only. Any use after {@code close()} throws {@link java.lang.IllegalStateException}
 * naming the class. Objects may be used from several threads, but not closed while another thread uses them
 * (except a {@link org.k4a4j.Device}, whose close wakes the callers waiting for captures and waits for them).</li>
 * <li><b>Exceptions.</b> A failed native call throws the unchecked {@link org.k4a4j.K4aException}, whose message
 * is what libk4a logged on the calling thread about the failure (it names the function and the bad argument).
 * Classes call {@code K4a.clearErrors()} before a native call that may fail and {@code throw K4a.error("k4a_...")}
 * after it fails. Arguments Java can judge alone (null, unsigned ranges, non-direct buffers) throw
 * {@link java.lang.NullPointerException} / {@link java.lang.IllegalArgumentException} with a message, and so does
 * everything memory safety depends on (buffer sizes and limits, strides, image formats and sizes, sensor types,
 * allocator pairs), checked in the package's {@code Checks} before the native call: the Java layer must be safe on
 * any libk4a.so.1.4, and the vendor's accepts some of these. Log
 * messages reach users through {@link org.k4a4j.K4a#addLogListener}: k4a4j owns the one native log handler.</li>
 * <li><b>Views.</b> Pixel views never copy and keep what they show alive: {@link org.k4a4j.Image#getBufferPointer()}
 * and the Mats of {@code org.k4a4j.opencv.ImageMats.asMat} hold a reference to the native image that their
 * {@code close()} gives back at once (the garbage collector only as a safety net); {@link org.k4a4j.Image#getBuffer()}
 * holds one until the buffer and everything derived from it is unreachable, since an NIO buffer cannot be
 * closed (prefer the closeable views in frame loops). Wrapped caller memory ({@link org.k4a4j.Image#wrap}) is
 * kept reachable until libk4a's destroy callback runs. So the order in which images, captures and views are
 * closed or collected never matters.</li>
 * <li><b>Values.</b> Formats, modes, resolutions, rates, sync modes, interpolations, sensors and colour controls
 * are the enums of this package ({@link org.k4a4j.ImageFormat}, {@link org.k4a4j.DepthMode}, ...: {@code value()}
 * is the C value, {@code of(int)} refuses other values with an {@link java.lang.IllegalArgumentException}
 * naming them); the {@code int} constants of {@code org.k4a4j.global.k4a} stay for the raw bindings;
 * unsigned 64-bit values (timestamps) are {@code long}s read as unsigned; unsigned 32-bit values are
 * {@code long}s checked on the way in.</li>
 * <li><b>Callbacks.</b> A FunctionPointer given to native code is held in a static field for the life of
 * the process: native code may call it at any time.</li>
 * </ul>
 */
package org.k4a4j;
