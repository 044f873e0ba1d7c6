/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;
import org.k4a4j.k4a.k4a_capture_t;
import org.k4a4j.k4a.k4a_device_t;
import org.k4a4j.k4a.k4a_hardware_version_t;
import org.k4a4j.k4a.k4a_version_t;

import static org.k4a4j.global.k4a.*;

/**
 * A device ({@code k4a_device_t}): a camera under the vendor's libk4a, or with k4a4j's own libk4a a
 * <b>virtual device</b> that replays a recording through the same API (see {@link K4a#addVirtualDevice} and the
 * environment variable {@code K4A4J_VIRTUAL_DEVICES}).
 *
 * <pre>{@code
 * try (Device device = Device.open(0)) {
 *     device.startCameras(DeviceConfiguration.builder().colorFormat(K4A_IMAGE_FORMAT_COLOR_BGRA32)
 *             .colorResolution(K4A_COLOR_RESOLUTION_720P).depthMode(K4A_DEPTH_MODE_NFOV_2X2BINNED)
 *             .cameraFps(K4A_FRAMES_PER_SECOND_15).build());
 *     try (Capture capture = device.getCapture(Duration.ofSeconds(1)).orElseThrow(IllegalStateException::new)) {
 *         ...
 *     }
 * }   // close() stops the cameras
 * }</pre>
 *
 * <p><b>Ownership.</b> A {@code Device} owns its native handle and closes it in {@link #close()} (once;
 * idempotent) or, as a safety net, when collected; any use after close throws {@link IllegalStateException}.
 * Captures it returns are the caller's to close (they stay valid after the device is closed); IMU samples,
 * calibrations, versions and control values are plain Java values.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. {@link #stopCameras()} or {@link #close()}
 * on one thread makes a {@link #getCapture} or {@link #getImuSample} waiting on another return promptly with a
 * {@link K4aException}; close waits for calls under way to leave the native library before releasing it.
 */
public final class Device extends NativeHandle<k4a_device_t> {
    private final int index;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Set first by close, so that no call starts while close stops the device and waits for calls under way. */
    private final AtomicBoolean closing = new AtomicBoolean();

    private Device(long address, int index) {
        super(address, k4a_device_t::new, h -> k4a_device_close(h));
        this.index = index;
    }

    /**
     * The number of devices ({@code k4a_device_get_installed_count}): cameras, or k4a4j's virtual devices.
     *
     * @return the number of devices that {@link #open(int)} can open, indexes 0 .. count - 1
     */
    public static int installedCount() {
        K4a.load();
        return k4a_device_get_installed_count();
    }

    /**
     * {@link #open(int)} of the default device, 0.
     *
     * @return the default device, newly opened: the caller closes it
     * @throws K4aException when there is no device or it is already open (the message says why)
     */
    public static Device open() {
        return open(K4A_DEVICE_DEFAULT);
    }

    /**
     * Opens a device ({@code k4a_device_open}); the caller closes it.
     *
     * @param index the device's index, 0 .. {@link #installedCount()} - 1
     * @return the device, newly opened: the caller closes it
     * @throws IllegalArgumentException for a negative index
     * @throws K4aException             when there is no such device or it is already open (the message says why)
     */
    public static Device open(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("device index " + index + " is negative");
        }
        K4a.load();
        k4a_device_t out = new k4a_device_t();
        K4a.clearErrors();
        if (k4a_device_open(index, out) != K4A_RESULT_SUCCEEDED || out.isNull()) {
            throw K4a.error("k4a_device_open");
        }
        return new Device(out.address(), index);
    }

    /**
     * The index this device was opened at.
     *
     * @return the index given to {@link #open(int)}
     */
    public int getIndex() {
        return index;
    }

    /** True once {@link #close()} was called. */
    @Override
    public boolean isClosed() {
        return closing.get();
    }

    /**
     * Stops the cameras and the IMU (waking callers that wait for them) and closes the device
     * ({@code k4a_device_close}); does nothing when already closed.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        lock.readLock().lock();
        try {
            k4a_device_t h = live();
            k4a_device_stop_imu(h); // wakes the waiters, so that the write lock below can be had
            k4a_device_stop_cameras(h);
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            release();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Starts the cameras ({@code k4a_device_start_cameras}). A virtual device accepts the configuration of its
     * recording (the modes and rate it was made with; a camera it has may be left off; BGRA32 colour from an
     * MJPG recording is decoded).
     *
     * @param configuration the modes and rate to start with (copied: it stays the caller's)
     * @throws K4aException for a configuration the device refuses (the message names the field and the values)
     */
    public void startCameras(DeviceConfiguration configuration) {
        if (configuration == null) {
            throw new NullPointerException("configuration is null");
        }
        Native.Scratch s = Native.scratch();
        configuration.copyTo(s.deviceConfiguration);
        succeed("k4a_device_start_cameras", h -> k4a_device_start_cameras(h, s.deviceConfiguration));
    }

    /** Stops the cameras ({@code k4a_device_stop_cameras}); callers waiting for a capture get a {@link K4aException}. */
    public void stopCameras() {
        call(h -> {
            k4a_device_stop_cameras(h);
            return null;
        });
    }

    /**
     * The next capture ({@code k4a_device_get_capture}), waiting at most {@code timeout} ({@link Duration#ZERO}
     * polls), or empty when none came in time. The caller closes the capture.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} polls, null waits as long as it takes
     * @return a new capture the caller closes, or empty when none came in time
     * @throws IllegalArgumentException for a negative timeout
     * @throws K4aException when the cameras are not started, were stopped meanwhile, or the device failed
     */
    public Optional<Capture> getCapture(Duration timeout) {
        int ms = timeoutMs(timeout);
        k4a_capture_t out = new k4a_capture_t();
        return await("k4a_device_get_capture", h -> k4a_device_get_capture(h, out, ms), () -> Capture.adopt(out));
    }

    /**
     * The next capture, waiting as long as it takes ({@code K4A_WAIT_INFINITE}); see {@link #getCapture(Duration)}.
     *
     * @return a new capture the caller closes (empty only if the wait ends without one)
     * @throws K4aException when the cameras are not started, were stopped meanwhile, or the device failed
     */
    public Optional<Capture> getCapture() {
        return getCapture(null);
    }

    /**
     * The captures as a sequential stream that releases them as {@link Playback#captures()} does (its Javadoc
     * says exactly when; take {@link Capture#reference()} to keep one), waiting at most
     * {@code timeout} for each; it ends at the first timeout and never ends by itself with a null timeout (use
     * {@code limit}). A failure (e.g. the cameras stopped) is thrown as a {@link K4aException} from the stream.
     *
     * @param timeout how long to wait at most for each capture; null waits as long as it takes
     * @return a sequential stream that closes the captures it hands out; the caller closes the stream
     *         (try-with-resources), and closes any {@link Capture#reference()} it takes
     * @throws IllegalArgumentException for a negative timeout
     */
    public Stream<Capture> captures(Duration timeout) {
        if (timeout != null) {
            timeoutMs(timeout);
        }
        live();
        Playback.CaptureSpliterator spliterator = new Playback.CaptureSpliterator(() -> getCapture(timeout));
        return StreamSupport.stream(spliterator, false).onClose(spliterator::closeCurrent);
    }

    /** Starts the IMU ({@code k4a_device_start_imu}), which needs the cameras running. */
    public void startImu() {
        succeed("k4a_device_start_imu", h -> k4a_device_start_imu(h));
    }

    /** Stops the IMU ({@code k4a_device_stop_imu}). */
    public void stopImu() {
        call(h -> {
            k4a_device_stop_imu(h);
            return null;
        });
    }

    /**
     * The next IMU sample ({@code k4a_device_get_imu_sample}), waiting at most {@code timeout} (null: as long as
     * it takes), or empty when none came in time.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} polls, null waits as long as it takes
     * @return the sample (a value: nothing to close), or empty when none came in time
     * @throws IllegalArgumentException for a negative timeout
     * @throws K4aException when the IMU is not started, was stopped meanwhile, or the device failed
     */
    public Optional<ImuSample> getImuSample(Duration timeout) {
        int ms = timeoutMs(timeout);
        Native.Scratch s = Native.scratch();
        return await("k4a_device_get_imu_sample", h -> k4a_device_get_imu_sample(h, s.imu, ms),
                () -> ImuSample.of(s.imu));
    }

    /**
     * The calibration for a depth mode and colour resolution ({@code k4a_device_get_calibration}), whatever the
     * cameras run at.
     *
     * @param depthMode       the depth camera's mode
     * @param colorResolution the colour camera's resolution
     * @return a new calibration (a value: nothing to close)
     * @throws K4aException for invalid modes (or both off)
     */
    public Calibration getCalibration(DepthMode depthMode, ColorResolution colorResolution) {
        if (depthMode == null || colorResolution == null) {
            throw new NullPointerException(depthMode == null ? "depthMode is null" : "colorResolution is null");
        }
        return call(h -> {
            Calibration.Struct struct = Calibration.Struct.allocate();
            K4a.clearErrors();
            if (k4a_device_get_calibration(h, depthMode.value(), colorResolution.value(), struct) != K4A_RESULT_SUCCEEDED) {
                struct.free();
                throw K4a.error("k4a_device_get_calibration");
            }
            return Calibration.adopt(struct);
        });
    }

    /**
     * The raw calibration JSON as the device stores it ({@code k4a_device_get_raw_calibration}).
     *
     * @return a new array of the calibration JSON's bytes (UTF-8, as the device stores it)
     */
    public byte[] getRawCalibration() {
        return call(h -> readBuffer("k4a_device_get_raw_calibration",
                (buffer, size) -> k4a_device_get_raw_calibration(h, buffer, size)));
    }

    /**
     * The serial number ({@code k4a_device_get_serialnum}); for a virtual device the recording's (or its file name).
     *
     * @return the serial number, without the terminating NULs
     */
    public String getSerialNumber() {
        byte[] bytes = call(h -> readBuffer("k4a_device_get_serialnum",
                (buffer, size) -> k4a_device_get_serialnum(h, buffer, size)));
        int length = bytes.length;
        while (length > 0 && bytes[length - 1] == 0) {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The firmware versions ({@code k4a_device_get_version}).
     *
     * @return the versions (a value: nothing to close)
     */
    public HardwareVersion getVersion() {
        return call(h -> {
            long memory = Native.calloc(Loader.sizeof(k4a_hardware_version_t.class));
            k4a_hardware_version_t v = new k4a_hardware_version_t(new Native.Addr(memory));
            try {
                K4a.clearErrors();
                if (k4a_device_get_version(h, v) != K4A_RESULT_SUCCEEDED) {
                    throw K4a.error("k4a_device_get_version");
                }
                return new HardwareVersion(version(v.rgb()), version(v.depth()), version(v.audio()),
                        version(v.depth_sensor()), v.firmware_build(), v.firmware_signature());
            } finally {
                Native.free(memory);
            }
        });
    }

    /**
     * Whether the sync in and sync out jacks are connected ({@code k4a_device_get_sync_jack}).
     *
     * @return the state of both jacks (a value: nothing to close)
     */
    public SyncJacks getSyncJacks() {
        return call(h -> {
            boolean[] in = new boolean[1];
            boolean[] out = new boolean[1];
            K4a.clearErrors();
            if (k4a_device_get_sync_jack(h, in, out) != K4A_RESULT_SUCCEEDED) {
                throw K4a.error("k4a_device_get_sync_jack");
            }
            return new SyncJacks(in[0], out[0]);
        });
    }

    /**
     * The range, step and default of a colour control ({@code k4a_device_get_color_control_capabilities}).
     *
     * @param command the control
     * @return the control's capabilities
     * @throws K4aException when the device does not have the control
     */
    public ColorControlCapabilities getColorControlCapabilities(ColorControlCommand command) {
        requireCommand(command);
        return call(h -> {
            boolean[] auto = new boolean[1];
            int[] min = new int[1], max = new int[1], step = new int[1], value = new int[1], mode = new int[1];
            K4a.clearErrors();
            if (k4a_device_get_color_control_capabilities(h, command.value(), auto, min, max, step, value, mode)
                    != K4A_RESULT_SUCCEEDED) {
                throw K4a.error("k4a_device_get_color_control_capabilities");
            }
            return new ColorControlCapabilities(auto[0], min[0], max[0], step[0], value[0],
                    mode[0] == K4A_COLOR_CONTROL_MODE_AUTO);
        });
    }

    /**
     * The mode and value of a colour control ({@code k4a_device_get_color_control}).
     *
     * @param command the control
     * @return the control's mode and value now
     * @throws K4aException when the device does not have the control
     */
    public ColorControl getColorControl(ColorControlCommand command) {
        requireCommand(command);
        return call(h -> {
            int[] mode = new int[1], value = new int[1];
            K4a.clearErrors();
            if (k4a_device_get_color_control(h, command.value(), mode, value) != K4A_RESULT_SUCCEEDED) {
                throw K4a.error("k4a_device_get_color_control");
            }
            return new ColorControl(mode[0] == K4A_COLOR_CONTROL_MODE_AUTO, value[0]);
        });
    }

    /**
     * Sets a colour control ({@code k4a_device_set_color_control}): {@link ColorControlMode#MANUAL} with a
     * value in the control's range, or {@link ColorControlMode#AUTO} (value ignored) where it has one.
     *
     * @param command the control
     * @param mode    manual or automatic
     * @param value   the value in manual mode
     * @throws K4aException for a value out of range, or auto where there is none
     */
    public void setColorControl(ColorControlCommand command, ColorControlMode mode, int value) {
        requireCommand(command);
        if (mode == null) {
            throw new NullPointerException("mode is null");
        }
        succeed("k4a_device_set_color_control", h -> k4a_device_set_color_control(h, command.value(), mode.value(), value));
    }

    private static void requireCommand(ColorControlCommand command) {
        if (command == null) {
            throw new NullPointerException("command is null");
        }
    }

    @Override
    public String toString() {
        return isClosed() ? "Device[closed]" : "Device[" + index + "]";
    }

    /** Runs a native call that returns a {@code k4a_result_t}; a failure throws the library's error. */
    private void succeed(String function, java.util.function.ToIntFunction<k4a_device_t> body) {
        call(h -> {
            K4a.clearErrors();
            if (body.applyAsInt(h) != K4A_RESULT_SUCCEEDED) {
                throw K4a.error(function);
            }
            return null;
        });
    }

    /** Runs a native wait that returns a {@code k4a_wait_result_t}: the result, empty on timeout, else the error. */
    private <T> Optional<T> await(String function, java.util.function.ToIntFunction<k4a_device_t> wait,
            java.util.function.Supplier<T> result) {
        return call(h -> {
            K4a.clearErrors();
            int waited = wait.applyAsInt(h);
            if (waited == K4A_WAIT_RESULT_SUCCEEDED) {
                return Optional.of(result.get());
            }
            if (waited == K4A_WAIT_RESULT_TIMEOUT) {
                return Optional.<T>empty();
            }
            throw K4a.error(function);
        });
    }

    /** Runs a native call with the handle, which close waits for before releasing it. */
    <T> T call(Function<k4a_device_t, T> body) {
        lock.readLock().lock();
        try {
            if (closing.get()) {
                throw new IllegalStateException("the Device is closed");
            }
            return body.apply(live());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Milliseconds for the native timeout: null is K4A_WAIT_INFINITE; at most Integer.MAX_VALUE. */
    private static int timeoutMs(Duration timeout) {
        if (timeout == null) {
            return K4A_WAIT_INFINITE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout + " is negative");
        }
        long ms = timeout.toMillis();
        return ms >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }

    private static HardwareVersion.Version version(k4a_version_t v) {
        return new HardwareVersion.Version(v.major(), v.minor(), v.iteration());
    }

    private interface BufferCall {
        int call(byte[] buffer, SizeTPointer size);
    }

    /** The buffer protocol: the size first (a null buffer), then the bytes. */
    private static byte[] readBuffer(String function, BufferCall call) {
        SizeTPointer size = Native.scratch().size;
        size.put(0, 0);
        K4a.clearErrors();
        if (call.call(null, size) == K4A_BUFFER_RESULT_FAILED) {
            throw K4a.error(function);
        }
        long needed = size.get(0);
        if (needed > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("a buffer of " + needed + " bytes does not fit a byte[]");
        }
        byte[] buffer = new byte[(int) needed];
        K4a.clearErrors();
        if (call.call(buffer, size) != K4A_BUFFER_RESULT_SUCCEEDED) {
            throw K4a.error(function);
        }
        return size.get(0) == needed ? buffer : java.util.Arrays.copyOf(buffer, (int) Math.min(size.get(0), needed));
    }

    /** Whether the sync jacks are connected: an immutable value. */
    public static final class SyncJacks {
        private final boolean in;
        private final boolean out;

        SyncJacks(boolean in, boolean out) {
            this.in = in;
            this.out = out;
        }

        /**
         * Sync in: this device can be a subordinate.
         *
         * @return true when a cable is plugged into the sync in jack
         */
        public boolean isSyncInConnected() {
            return in;
        }

        /**
         * Sync out: this device can be the master.
         *
         * @return true when a cable is plugged into the sync out jack
         */
        public boolean isSyncOutConnected() {
            return out;
        }

        @Override
        public String toString() {
            return "SyncJacks[in " + in + ", out " + out + "]";
        }
    }

    /** The mode and value of a colour control: an immutable value. */
    public static final class ColorControl {
        private final boolean auto;
        private final int value;

        ColorControl(boolean auto, int value) {
            this.auto = auto;
            this.value = value;
        }

        /**
         * True in {@code K4A_COLOR_CONTROL_MODE_AUTO}.
         *
         * @return true in automatic mode, false in manual mode
         */
        public boolean isAuto() {
            return auto;
        }

        /**
         * The value (meaningful in manual mode).
         *
         * @return the control's value, in the control's unit
         */
        public int getValue() {
            return value;
        }

        @Override
        public String toString() {
            return auto ? "ColorControl[auto]" : "ColorControl[" + value + "]";
        }
    }

    /** The range, step and default of a colour control: an immutable value. */
    public static final class ColorControlCapabilities {
        private final boolean supportsAuto;
        private final int min;
        private final int max;
        private final int step;
        private final int defaultValue;
        private final boolean defaultAuto;

        ColorControlCapabilities(boolean supportsAuto, int min, int max, int step, int defaultValue, boolean defaultAuto) {
            this.supportsAuto = supportsAuto;
            this.min = min;
            this.max = max;
            this.step = step;
            this.defaultValue = defaultValue;
            this.defaultAuto = defaultAuto;
        }

        /**
         * True when the control has an automatic mode.
         *
         * @return whether {@code K4A_COLOR_CONTROL_MODE_AUTO} can be set
         */
        public boolean supportsAuto() {
            return supportsAuto;
        }

        /**
         * The smallest manual value.
         *
         * @return the minimum, in the control's unit
         */
        public int getMin() {
            return min;
        }

        /**
         * The largest manual value.
         *
         * @return the maximum, in the control's unit
         */
        public int getMax() {
            return max;
        }

        /**
         * Manual values are the minimum plus a multiple of this.
         *
         * @return the step between manual values, in the control's unit
         */
        public int getStep() {
            return step;
        }

        /**
         * The value the control starts with.
         *
         * @return the default manual value, in the control's unit
         */
        public int getDefaultValue() {
            return defaultValue;
        }

        /**
         * True when the control starts in automatic mode.
         *
         * @return whether the default mode is {@code K4A_COLOR_CONTROL_MODE_AUTO}
         */
        public boolean isDefaultAuto() {
            return defaultAuto;
        }

        @Override
        public String toString() {
            return "ColorControlCapabilities[" + min + ".." + max + " step " + step + ", default " + defaultValue
                    + (defaultAuto ? " (auto)" : "") + (supportsAuto ? ", supports auto" : "") + "]";
        }
    }
}
