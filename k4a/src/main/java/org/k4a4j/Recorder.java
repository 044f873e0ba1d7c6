/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.k4a4j.k4a.k4a_device_t;
import org.k4a4j.k4arecord.k4a_record_t;

import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/**
 * Writes a recording (.mkv) in the Azure Kinect format ({@code k4a_record_t}), readable by {@link Playback}
 * and by the vendor's tools.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.create(Paths.get("out.mkv"), config)) {
 *     recorder.addTag("SCENE", "kitchen");
 *     recorder.addImuTrack();
 *     recorder.writeHeader();
 *     recorder.writeCapture(capture);     // images of the formats and sizes the configuration says
 *     recorder.writeImuSample(sample);
 * }                                       // close() finishes the file
 * }</pre>
 *
 * <p>The order is the library's: tags, tracks and attachments first, then {@link #writeHeader()}, then data in
 * increasing timestamp order per track. A recording made here has no device, so it has no calibration unless
 * one is attached: add the raw calibration JSON as an attachment named {@code calibration.json} (optionally
 * with the tag {@code K4A_CALIBRATION_FILE} naming it) and {@link Playback#getCalibration()} finds it.
 *
 * <p>A {@code Recorder} owns its native object; {@link #close()} finishes the file (writes what is buffered,
 * the cues and the final sizes) and releases it, once. If finishing fails, close still releases everything and
 * then throws {@link K4aException} with the reason. The garbage collector finishes and releases a recorder that
 * was not closed, as a safety net only. Any use after close throws {@link IllegalStateException}; a failed
 * call throws {@link K4aException} with the library's message. Data is copied by every write, so buffers may
 * be reused as soon as a write returns.
 */
public final class Recorder extends NativeHandle<k4a_record_t> {
    private final String path;

    private Recorder(long address, String path) {
        super(address, k4a_record_t::new, h -> k4a_record_close(h));
        this.path = path;
    }

    /**
     * Creates a recording file for a device configuration, without a device ({@code k4a_record_create} with a
     * NULL device): the tracks are those the configuration turns on (COLOR for a colour resolution, DEPTH and
     * IR for a depth mode, IR only for PASSIVE_IR).
     *
     * @param path the file
     * @param configuration the device configuration
     * @return a new recorder the caller closes
     * @throws K4aException for an invalid configuration or a file that cannot be created
     */
    public static Recorder create(Path path, DeviceConfiguration configuration) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        return create(path.toString(), configuration);
    }

    /**
     * {@link #create(Path, DeviceConfiguration)} of a path name (UTF-8 on the native side).
     *
     * @param path the file
     * @param configuration the device configuration
     * @return a new recorder the caller closes
     */
    public static Recorder create(String path, DeviceConfiguration configuration) {
        return create(path, (k4a_device_t) null, configuration);
    }

    /**
     * Creates a recording file of what a device captures ({@code k4a_record_create} with the device): besides
     * the tracks of the configuration (which should be the one the cameras were started with), the file gets the
     * device's calibration (attachment {@code calibration.json}), serial number and firmware versions. Write the
     * captures of {@link Device#getCapture} with {@link #writeCapture}. The device stays the caller's.
     *
     * @param path the file
     * @param device the open device whose captures are recorded (it stays the caller's, who closes it)
     * @param configuration the device configuration the cameras were started with
     * @return a new recorder the caller closes
     * @throws K4aException for an invalid configuration, a device that cannot tell its calibration, or a file
     *                      that cannot be created
     */
    public static Recorder create(Path path, Device device, DeviceConfiguration configuration) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        return create(path.toString(), device, configuration);
    }

    /**
     * {@link #create(Path, Device, DeviceConfiguration)} of a path name (UTF-8 on the native side).
     *
     * @param path the file's path name
     * @param device the open device whose captures are recorded (it stays the caller's, who closes it)
     * @param configuration the device configuration the cameras were started with
     * @return a new recorder the caller closes
     * @throws K4aException for an invalid configuration, a device that cannot tell its calibration, or a file
     *                      that cannot be created
     */
    public static Recorder create(String path, Device device, DeviceConfiguration configuration) {
        if (device == null) {
            throw new NullPointerException("device is null");
        }
        return device.call(handle -> create(path, handle, configuration));
    }

    private static Recorder create(String path, k4a_device_t device, DeviceConfiguration configuration) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        if (configuration == null) {
            throw new NullPointerException("configuration is null");
        }
        Native.Scratch s = Native.scratch();
        configuration.copyTo(s.deviceConfiguration);
        k4a_record_t out = new k4a_record_t();
        try (Native.Utf8 name = new Native.Utf8(path)) {
            K4a.clearErrors();
            if (k4a_record_create(name, device, s.deviceConfiguration, out) != K4A_RESULT_SUCCEEDED
                    || out.isNull()) {
                throw K4a.error("k4a_record_create");
            }
        }
        return new Recorder(out.address(), path);
    }

    /** The tags a device writes into its recordings, which {@link #create(Path, Playback, String...)} copies. */
    private static final String[] DEVICE_TAGS = {"K4A_DEVICE_SERIAL_NUMBER", "K4A_COLOR_FIRMWARE_VERSION",
        "K4A_DEPTH_FIRMWARE_VERSION"};

    /**
     * Creates a recording made like an existing one, for re-recording or trimming it: the same device
     * configuration ({@link RecordConfiguration#toDeviceConfiguration()}), the IMU track if it has one, its raw
     * calibration attached under the same name (the {@code K4A_CALIBRATION_FILE} tag, else
     * {@code calibration.json}), and its device tags ({@code K4A_DEVICE_SERIAL_NUMBER},
     * {@code K4A_COLOR_FIRMWARE_VERSION}, {@code K4A_DEPTH_FIRMWARE_VERSION}) plus the tags named in
     * {@code tagNames} that it has (other tags are copied only when named). The tags the recorder writes itself
     * (track and mode tags) follow from the configuration. Custom
     * tracks and other attachments are not copied. The header is not written yet: add more, then call
     * {@link #writeHeader()}.
     *
     * <p>Write the source's captures as it stores them: a colour conversion set on the source
     * ({@link Playback#setColorConversion}) changes the colour format the new recording does not expect.
     *
     * @param path     the file to create
     * @param source   an open recording (only read here; it stays the caller's to close)
     * @param tagNames more tags to copy when the source has them
     * @return a new recorder the caller closes
     * @throws K4aException when the file cannot be created or a tag cannot be copied
     */
    public static Recorder create(Path path, Playback source, String... tagNames) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        if (source == null) {
            throw new NullPointerException("source playback is null");
        }
        RecordConfiguration config = source.getRecordConfiguration();
        Recorder recorder = create(path, config.toDeviceConfiguration());
        try {
            // the device tags the source lists (asking the library for an absent tag logs an error), then those named
            java.util.List<String> listed = source.getTagNames();
            java.util.Set<String> names = new java.util.LinkedHashSet<>(listed);
            names.retainAll(java.util.Arrays.asList(DEVICE_TAGS));
            if (tagNames != null) {
                names.addAll(java.util.Arrays.asList(tagNames));
            }
            for (String name : names) {
                java.util.Optional<String> value = source.getTag(name);
                if (value.isPresent()) {
                    recorder.addTag(name, value.get());
                }
            }
            if (config.isImuTrackEnabled()) {
                recorder.addImuTrack();
            }
            byte[] calibration = rawCalibrationOrNull(source);
            if (calibration != null) {
                java.util.Optional<String> tag = listed.contains("K4A_CALIBRATION_FILE")
                        ? source.getTag("K4A_CALIBRATION_FILE") : java.util.Optional.empty();
                recorder.addAttachment(tag.orElse("calibration.json"), calibration);
                if (tag.isPresent()) {
                    recorder.addTag("K4A_CALIBRATION_FILE", tag.get());
                }
            }
            return recorder;
        } catch (RuntimeException e) {
            recorder.closeQuietly();
            throw e;
        }
    }

    private static byte[] rawCalibrationOrNull(Playback source) {
        try {
            byte[] raw = source.getRawCalibration();
            int length = raw.length;
            while (length > 0 && raw[length - 1] == 0) {
                length--; // the attachment is the JSON text, without the NUL the API adds
            }
            return java.util.Arrays.copyOf(raw, length);
        } catch (K4aException e) {
            return null; // the source has no calibration to copy
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // the first failure is the one to report
        }
    }

    /**
     * The path of the file being written.
     *
     * @return the path of the file being written
     */
    public String getPath() {
        return path;
    }

    /**
     * Adds a tag to the recording ({@code k4a_record_add_tag}), before the header. Names are upper-case
     * letters, digits and '_'; values are UTF-8 text.
     *
     * @param name the name
     * @param value the value
     * @throws K4aException after the header, for an invalid name, or a name the recorder writes itself
     */
    public void addTag(String name, String value) {
        requireNonNull(name, "tag name");
        requireNonNull(value, "tag value");
        k4a_record_t h = live();
        try (Native.Utf8 n = new Native.Utf8(name); Native.Utf8 v = new Native.Utf8(value)) {
            K4a.clearErrors();
            check(k4a_record_add_tag(h, n, v), "k4a_record_add_tag");
        }
    }

    /** Adds the IMU track ({@code k4a_record_add_imu_track}), before the header. */
    public void addImuTrack() {
        k4a_record_t h = live();
        K4a.clearErrors();
        check(k4a_record_add_imu_track(h), "k4a_record_add_imu_track");
    }

    /**
     * Attaches a file ({@code k4a_record_add_attachment}), before the header; e.g. {@code calibration.json}.
     *
     * @param fileName the attachment's file name
     * @param data the data
     * @throws K4aException after the header, for an empty or duplicate name
     */
    public void addAttachment(String fileName, byte[] data) {
        requireNonNull(fileName, "attachment name");
        requireNonNull(data, "attachment data");
        k4a_record_t h = live();
        try (Native.Utf8 n = new Native.Utf8(fileName)) {
            K4a.clearErrors();
            check(k4a_record_add_attachment(h, n, data, data.length), "k4a_record_add_attachment");
        }
    }

    /**
     * Adds a custom video track ({@code k4a_record_add_custom_video_track}), before the header.
     *
     * @param trackName    upper-case letters, digits, '-' and '_'; not a built-in name
     * @param codecId      the Matroska codec id, e.g. {@code V_MS/VFW/FOURCC}
     * @param codecContext the codec private data (may be null or empty)
     * @param settings     width and height (positive) and frame rate
     */
    public void addCustomVideoTrack(String trackName, String codecId, byte[] codecContext, VideoSettings settings) {
        requireNonNull(trackName, "track name");
        requireNonNull(codecId, "codec id");
        requireNonNull(settings, "video settings");
        k4a_record_t h = live();
        Native.Scratch s = Native.scratch();
        s.videoSettings.width(settings.getWidth()).height(settings.getHeight()).frame_rate(settings.getFrameRate());
        byte[] context = codecContext == null ? new byte[0] : codecContext;
        try (Native.Utf8 n = new Native.Utf8(trackName); Native.Utf8 c = new Native.Utf8(codecId)) {
            K4a.clearErrors();
            check(k4a_record_add_custom_video_track(h, n, c, context, context.length, s.videoSettings),
                    "k4a_record_add_custom_video_track");
        }
    }

    /**
     * Adds a custom subtitle (data) track ({@code k4a_record_add_custom_subtitle_track}), before the header.
     *
     * @param codecId       the Matroska codec id, e.g. {@code S_K4A/LABELS}
     * @param codecContext  the codec private data (may be null or empty)
     * @param highFreqData  true to pack many small blocks together (for data at more than ~100 Hz)
     * @param trackName the track's name
     */
    public void addCustomSubtitleTrack(String trackName, String codecId, byte[] codecContext, boolean highFreqData) {
        requireNonNull(trackName, "track name");
        requireNonNull(codecId, "codec id");
        k4a_record_t h = live();
        Native.Scratch s = Native.scratch();
        s.subtitleSettings.high_freq_data(highFreqData);
        byte[] context = codecContext == null ? new byte[0] : codecContext;
        try (Native.Utf8 n = new Native.Utf8(trackName); Native.Utf8 c = new Native.Utf8(codecId)) {
            K4a.clearErrors();
            check(k4a_record_add_custom_subtitle_track(h, n, c, context, context.length, s.subtitleSettings),
                    "k4a_record_add_custom_subtitle_track");
        }
    }

    /** Writes the file header ({@code k4a_record_write_header}); tags, tracks and attachments are then fixed. */
    public void writeHeader() {
        k4a_record_t h = live();
        K4a.clearErrors();
        check(k4a_record_write_header(h), "k4a_record_write_header");
    }

    /**
     * Writes the images of a capture ({@code k4a_record_write_capture}) at their device timestamps; the images
     * must have the formats and sizes of the configuration.
     *
     * @param capture an open capture
     * @throws K4aException before the header, or for an image the recording cannot hold
     */
    public void writeCapture(Capture capture) {
        requireNonNull(capture, "capture");
        k4a_record_t h = live();
        K4a.clearErrors();
        check(k4a_record_write_capture(h, capture.handle()), "k4a_record_write_capture");
    }

    /**
     * Writes an IMU sample ({@code k4a_record_write_imu_sample}); needs {@link #addImuTrack()}. The temperature
     * is not stored by the format.
     * @param sample the sample
     */
    public void writeImuSample(ImuSample sample) {
        requireNonNull(sample, "IMU sample");
        k4a_record_t h = live();
        Native.Scratch s = Native.scratch();
        sample.copyTo(s.imu);
        K4a.clearErrors();
        check(k4a_record_write_imu_sample(h, s.imu), "k4a_record_write_imu_sample");
    }

    /**
     * Writes a block of data to a custom track ({@code k4a_record_write_custom_track_data}).
     *
     * @param deviceTimestampUsec device time in microseconds (unsigned), not before the track's previous block
     * @param data                the block (not empty)
     * @param trackName the track's name
     * @throws K4aException for an unknown or built-in track, empty data, or a timestamp out of order
     */
    public void writeCustomTrackData(String trackName, long deviceTimestampUsec, byte[] data) {
        requireNonNull(trackName, "track name");
        requireNonNull(data, "data");
        k4a_record_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            K4a.clearErrors();
            check(k4a_record_write_custom_track_data(h, n, deviceTimestampUsec, data, data.length),
                    "k4a_record_write_custom_track_data");
        }
    }

    /**
     * {@link #writeCustomTrackData(String, long, byte[])} of a buffer's remaining bytes (direct buffers without
     * a copy on the Java side). The buffer's position is not changed.
     * @param trackName the track's name
     * @param deviceTimestampUsec the device timestamp in microseconds
     * @param data the data
     */
    public void writeCustomTrackData(String trackName, long deviceTimestampUsec, ByteBuffer data) {
        requireNonNull(data, "data");
        if (!data.isDirect()) {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            writeCustomTrackData(trackName, deviceTimestampUsec, copy);
            return;
        }
        write(trackName, deviceTimestampUsec, new BytePointer(data), data.remaining(), data);
    }

    /**
     * {@link #writeCustomTrackData(String, long, byte[])} of {@code size} bytes at a pointer (its address plus
     * position).
     * @param trackName           the track's name
     * @param deviceTimestampUsec the device timestamp in microseconds
     * @param data                the data
     * @param size                bytes at data
     * @throws NullPointerException     for a null or NULL pointer
     * @throws IllegalArgumentException for a negative size, or one past the pointer's limit when it has one
     */
    public void writeCustomTrackData(String trackName, long deviceTimestampUsec, Pointer data, long size) {
        Checks.pointerBytes(data, size, "data");
        long address = data.address() + data.position() * (long) data.sizeof();
        write(trackName, deviceTimestampUsec, Native.bytesAt(address, size), size, data);
    }

    /**
     * Writes a block from native memory to a custom track: for an OpenCV {@code Mat} (of Bytedeco's
     * {@code org.bytedeco.opencv.opencv_core}), its pixels, row after row without padding, as
     * {@link org.k4a4j.opencv.RecorderMats#writeCustomTrackData} writes them; for any other pointer, the
     * bytes from its position to its limit ({@code (limit - position) x sizeof()}). The {@code Mat} case is
     * reached by the class's name, so this class needs no OpenCV on the class path.
     *
     * @param trackName           the track's name
     * @param deviceTimestampUsec the device timestamp in microseconds
     * @param data                a Mat, or any pointer to the bytes from its position to its limit
     * @throws IllegalArgumentException for an empty Mat, or another pointer without bytes before its limit
     */
    public void writeCustomTrackData(String trackName, long deviceTimestampUsec, Pointer data) {
        requireNonNull(data, "data");
        if (isOpenCvMat(data)) {
            org.k4a4j.opencv.RecorderMats.writeMat(this, trackName, deviceTimestampUsec, data);
            return;
        }
        if (data.limit() <= data.position()) {
            throw new IllegalArgumentException("the pointer has no bytes between its position and its limit; "
                    + "give the size with writeCustomTrackData(trackName, timestamp, data, size)");
        }
        writeCustomTrackData(trackName, deviceTimestampUsec, data, (data.limit() - data.position()) * data.sizeof());
    }

    /** True for Bytedeco's {@code Mat} and its subclasses, found by name (OpenCV may be absent). */
    private static boolean isOpenCvMat(Pointer p) {
        for (Class<?> c = p.getClass(); c != Pointer.class && c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.bytedeco.opencv.opencv_core.Mat")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes everything buffered so far to the file ({@code k4a_record_flush}), so that it can be played even
     * if the process dies.
     */
    public void flush() {
        k4a_record_t h = live();
        K4a.clearErrors();
        check(k4a_record_flush(h), "k4a_record_flush");
    }

    /**
     * Finishes the file and releases the recorder ({@code k4a_record_close}); does nothing when already closed.
     *
     * @throws K4aException when finishing the file failed (the recorder is released all the same; the file
     *                      keeps what was written before)
     */
    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        K4a.clearErrors();
        if (release() && K4a.isLogHandlerInstalled()) {
            String errors = K4a.takeErrors();
            if (errors != null) {
                throw new K4aException("k4a_record_close", errors);
            }
        }
    }

    @Override
    public String toString() {
        return isClosed() ? "Recorder[closed]" : "Recorder[" + path + "]";
    }

    /** Writes {@code size} bytes at {@code data}; {@code owner} keeps the memory reachable during the call. */
    private void write(String trackName, long deviceTimestampUsec, BytePointer data, long size, Object owner) {
        requireNonNull(trackName, "track name");
        k4a_record_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            K4a.clearErrors();
            int result = k4a_record_write_custom_track_data(h, n, deviceTimestampUsec, data, size);
            reachabilityFence(owner);
            check(result, "k4a_record_write_custom_track_data");
        }
    }

    /** Keeps o reachable up to this point (Java 8 has no Reference.reachabilityFence). */
    private static volatile Object fence;

    private static void reachabilityFence(Object o) {
        fence = o;
        fence = null;
    }

    /** Throws the library's error for a failed call (after {@code K4a.clearErrors()} before it). */
    private static void check(int result, String function) {
        if (result != K4A_RESULT_SUCCEEDED) {
            throw K4a.error(function);
        }
    }

    private static void requireNonNull(Object o, String name) {
        if (o == null) {
            throw new NullPointerException(name + " is null");
        }
    }
}
