/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.k4a4j.internal.VirtualDeviceFunction;
import org.k4a4j.k4a.k4a_logging_message_cb_t;
import org.k4a4j.k4a.k4a_memory_allocate_cb_t;
import org.k4a4j.k4a.k4a_memory_destroy_cb_t;

import static org.k4a4j.global.k4a.*;

/**
 * The library as a whole: version, installed devices, allocator, and its log.
 *
 * <p>Loading this class loads libk4a and installs the one native log handler of k4a4j
 * ({@code k4a_set_debug_message_handler}). The handler remembers, per thread, the errors a call logs, so
 * that a failed call becomes a {@link K4aException} that says why, and passes every message to the
 * {@linkplain #addLogListener listeners}. Since libk4a accepts only one handler, use a listener rather than
 * setting a handler of your own through the raw bindings.
 */
public final class K4a {
    /** Version of the k4a API these bindings were built for. */
    public static final int VERSION_MAJOR = K4A_VERSION_MAJOR;
    /** Minor version of the k4a API these bindings were built for. */
    public static final int VERSION_MINOR = K4A_VERSION_MINOR;
    /** Patch version of the k4a API these bindings were built for. */
    public static final int VERSION_PATCH = K4A_VERSION_PATCH;
    /** e.g. {@code "1.4.1"} */
    public static final String VERSION = K4A_VERSION_STR;

    /** At most this many error messages are kept per thread and call. */
    private static final int MAX_ERRORS = 4;

    private static final ThreadLocal<List<String>> ERRORS = new ThreadLocal<List<String>>() {
        @Override
        protected List<String> initialValue() {
            return new ArrayList<>(MAX_ERRORS);
        }
    };
    private static final CopyOnWriteArrayList<LogListener> LISTENERS = new CopyOnWriteArrayList<>();
    /** Native callbacks must outlive every call into them: these references are never dropped. */
    private static final LogHandler LOG_HANDLER;
    private static final List<Pointer> ALLOCATORS = new ArrayList<>();
    private static volatile LogLevel listenerLevel = LogLevel.WARNING;
    private static final boolean LOG_HANDLER_INSTALLED;

    static {
        Loader.load(org.k4a4j.global.k4a.class);
        LOG_HANDLER = new LogHandler();
        LOG_HANDLER_INSTALLED =
                k4a_set_debug_message_handler(LOG_HANDLER, null, handlerLevel(listenerLevel)) == K4A_RESULT_SUCCEEDED;
    }

    private K4a() {
    }

    /** Loads the native libraries and installs the log handler (which using any class of k4a4j also does). */
    public static void load() {
        // the static initializer did the work
    }

    /**
     * The number of devices: cameras connected, or with k4a4j's libk4a the virtual devices (see {@link Device}).
     *
     * @return the number of devices
     */
    public static int installedDeviceCount() {
        return k4a_device_get_installed_count();
    }

    /**
     * How a virtual device replays its recording: {@link #REALTIME} at the pace it was recorded (device
     * timestamps against the clock; a slow caller loses the oldest captures, as with a camera), or {@link #MAX}
     * as fast as the caller reads (nothing read is dropped). The environment variable
     * {@code K4A4J_VIRTUAL_DEVICE_PACE=realtime|max} sets it for the devices of {@code K4A4J_VIRTUAL_DEVICES}.
     */
    public enum Pace {
        /** At the pace of the device timestamps; a slow caller loses the oldest captures. */
        REALTIME,
        /** As fast as the caller reads; nothing it reads is dropped. */
        MAX
    }

    private static VirtualDeviceFunction addVirtualDevice;

    /**
     * {@link #addVirtualDevice(Path, Pace)} in real time.
     *
     * @param recording the recording (.mkv) to replay
     * @return the device index of the recording, for {@link Device#open(int)}
     * @throws K4aException                  when the file is not a recording (the message says why)
     * @throws UnsupportedOperationException when the loaded libk4a is not k4a4j's, which has no virtual devices
     */
    public static int addVirtualDevice(Path recording) {
        return addVirtualDevice(recording, Pace.REALTIME);
    }

    /**
     * Makes a recording (.mkv) the next device of k4a4j's libk4a: {@link Device#open(int)} of the returned
     * index replays it through the whole device API. Devices are added for the life of the process, after those
     * of the environment variable {@code K4A4J_VIRTUAL_DEVICES} (paths joined by the platform's path separator);
     * {@link Device#installedCount()} counts both.
     *
     * @param recording the recording (.mkv) to replay; the file is read by each device opened at the index
     * @param pace      how fast the recording is replayed
     * @return the device index of the recording
     * @throws K4aException                  when the file is not a recording (the message says why)
     * @throws UnsupportedOperationException when the loaded libk4a is not k4a4j's (e.g. the vendor's, for live
     *                                       cameras), which has no virtual devices
     */
    public static synchronized int addVirtualDevice(Path recording, Pace pace) {
        if (recording == null || pace == null) {
            throw new NullPointerException(recording == null ? "recording is null" : "pace is null");
        }
        if (addVirtualDevice == null) {
            Pointer cell = Native.exportCell("k4a4j_internal_add_virtual_device");
            if (cell == null) {
                throw new UnsupportedOperationException("the loaded libk4a is not k4a4j's (the vendor's?): it has no "
                        + "virtual devices, so " + recording + " cannot be added as a device");
            }
            addVirtualDevice = new VirtualDeviceFunction(cell);
        }
        org.bytedeco.javacpp.IntPointer index = Native.scratch().valid;
        try (Native.Utf8 path = new Native.Utf8(recording.toString())) {
            clearErrors();
            if (addVirtualDevice.call(path, pace.ordinal(), index) != K4A_RESULT_SUCCEEDED) {
                throw error("k4a4j_internal_add_virtual_device");
            }
            return index.get(0);
        }
    }

    /**
     * True when k4a4j's log handler is installed (false when another handler was set before k4a4j loaded).
     *
     * @return true when k4a4j's log handler is installed (false when another handler was set before k4a4j loaded)
     */
    public static boolean isLogHandlerInstalled() {
        return LOG_HANDLER_INSTALLED;
    }

    /**
     * Adds a listener for the library's log messages at {@link #getLogLevel()} or more severe.
     *
     * @param listener the listener
     */
    public static void addLogListener(LogListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener is null");
        }
        LISTENERS.addIfAbsent(listener);
    }

    /**
     * Removes a listener added with {@link #addLogListener}; true when it was there.
     *
     * @param listener the listener
     * @return true when the listener was there
     */
    public static boolean removeLogListener(LogListener listener) {
        return LISTENERS.remove(listener);
    }

    /**
     * The least severe level passed to the listeners (default {@link LogLevel#WARNING}); {@link LogLevel#OFF}
     * when they get nothing.
     * @return the least severe level the listeners get; OFF when they get nothing
     */
    public static LogLevel getLogLevel() {
        return listenerLevel;
    }

    /**
     * Sets the least severe level passed to the listeners; {@link LogLevel#OFF} passes them nothing. Errors are
     * captured for exceptions whatever the level (OFF included), under k4a4j's libk4a and under the vendor's.
     * Do not call this from a listener.
     * @param level the level
     */
    public static synchronized void setLogLevel(LogLevel level) {
        if (level == null) {
            throw new NullPointerException("level is null");
        }
        if (LOG_HANDLER_INSTALLED) {
            clearErrors();
            if (k4a_set_debug_message_handler(LOG_HANDLER, null, handlerLevel(level)) != K4A_RESULT_SUCCEEDED) {
                throw error("k4a_set_debug_message_handler");
            }
        }
        listenerLevel = level;
    }

    /**
     * Makes libk4a allocate image buffers through these callbacks ({@code k4a_set_allocator}), as the reference
     * does: the library's own objects (images, captures, transformation handles) stay on its default heap. Both
     * null restore the default. Memory allocated before keeps the free callback it was allocated with, so
     * k4a4j keeps a strong reference to every callback ever set here, for the life of the process. The
     * callbacks may run on any thread.
     *
     * @param allocate the allocation callback
     * @param free the free callback
     * @throws IllegalArgumentException when only one of the two is given (checked here: some libk4a builds
     *                                  would accept it and later free memory through a NULL callback)
     * @throws K4aException when libk4a refuses them
     */
    public static synchronized void setAllocator(k4a_memory_allocate_cb_t allocate, k4a_memory_destroy_cb_t free) {
        Checks.allocatorPair(allocate, free);
        clearErrors();
        if (k4a_set_allocator(allocate, free) != K4A_RESULT_SUCCEEDED) {
            throw error("k4a_set_allocator");
        }
        if (allocate != null) {
            ALLOCATORS.add(allocate);
        }
        if (free != null) {
            ALLOCATORS.add(free);
        }
    }

    /**
     * The level the native handler is set to: what the listeners want, but never less than WARNING; for
     * {@link LogLevel#OFF} only the errors, which exceptions need ({@code K4A_LOG_LEVEL_OFF} is numerically
     * above TRACE, so it must never reach the handler as a threshold).
     */
    private static int handlerLevel(LogLevel level) {
        return level == LogLevel.OFF ? K4A_LOG_LEVEL_ERROR : Math.max(level.value(), K4A_LOG_LEVEL_WARNING);
    }

    /** Whether a message of this {@code k4a_log_level_t} goes to listeners that want {@code wanted} or more severe. */
    static boolean passes(int level, LogLevel wanted) {
        return wanted != LogLevel.OFF && level <= wanted.value();
    }

    /** Forgets the errors logged so far on this thread; call before a native call that may fail. */
    static void clearErrors() {
        ERRORS.get().clear();
    }

    /** The errors logged on this thread since {@link #clearErrors()}, joined, or null when there were none. */
    static String takeErrors() {
        List<String> errors = ERRORS.get();
        if (errors.isEmpty()) {
            return LOG_HANDLER_INSTALLED ? null
                    : "(no message: another k4a log handler was set before k4a4j loaded, so k4a4j cannot see why)";
        }
        String joined = String.join("; ", errors);
        errors.clear();
        return joined;
    }

    /** The exception for a failed native call, carrying what the library logged about it on this thread. */
    static K4aException error(String function) {
        return new K4aException(function, takeErrors());
    }

    private static final class LogHandler extends k4a_logging_message_cb_t {
        @Override
        public void call(Pointer context, int level, BytePointer file, int line, BytePointer message) {
            try {
                String text = message == null || message.isNull() ? "" : message.getString(StandardCharsets.UTF_8);
                if (level <= K4A_LOG_LEVEL_ERROR) {
                    List<String> errors = ERRORS.get();
                    if (errors.size() == MAX_ERRORS) {
                        errors.remove(0);
                    }
                    errors.add(text);
                }
                if (passes(level, listenerLevel) && !LISTENERS.isEmpty()) {
                    String where = file == null || file.isNull() ? "" : file.getString(StandardCharsets.UTF_8);
                    LogLevel logLevel = LogLevel.of(level);
                    for (LogListener listener : LISTENERS) {
                        try {
                            listener.onMessage(logLevel, where, line, text);
                        } catch (Throwable t) {
                            // a listener's failure must not reach native code, nor stop the other listeners
                        }
                    }
                }
            } catch (Throwable t) {
                // never let an exception cross into native code
            }
        }
    }
}
