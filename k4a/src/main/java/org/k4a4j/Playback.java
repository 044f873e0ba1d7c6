/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.k4a4j.internal.DecodeEndFunction;
import org.k4a4j.internal.DecodeThreadsFunction;
import org.k4a4j.k4a.k4a_capture_t;
import org.k4a4j.k4arecord.k4a_playback_data_block_t;
import org.k4a4j.k4arecord.k4a_playback_t;

import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/**
 * A recording opened for reading ({@code k4a_playback_t}): its configuration, calibration, tags, tracks and
 * attachments, and its captures, IMU samples and custom-track data blocks, read forwards or backwards from a
 * position set by {@link #seek}.
 *
 * <pre>{@code
 * try (Playback playback = Playback.open(Paths.get("recording.mkv"));
 *      Stream<Capture> captures = playback.captures()) {
 *     playback.setColorConversion(ImageFormat.COLOR_BGRA32);
 *     captures.forEach(capture -> { ... });   // each capture is closed when the action returns
 * }
 * }</pre>
 *
 * <p><b>Ownership.</b> A {@code Playback} owns its native object and closes it in {@link #close()} (once;
 * idempotent) or, as a safety net, when collected; any use after close throws {@link IllegalStateException}.
 * The captures it returns are independent objects holding their own references (close them; they stay valid
 * after the playback is closed). IMU samples, configuration, calibration and data blocks are plain Java
 * values ({@link DataBlock}s are copied out of the native block, which is released at once).
 *
 * <p><b>Results.</b> The {@code next…}/{@code previous…} methods return an empty {@link Optional} at the end
 * (or start) of the stream ({@code K4A_STREAM_RESULT_EOF}) and throw {@link K4aException} when reading fails
 * ({@code K4A_STREAM_RESULT_FAILED}: a damaged file, an unknown or built-in track for data blocks). Getters of
 * optional things (tags, attachments) return an empty {@code Optional} when the recording has none of that
 * name; other failures throw {@link K4aException} with the library's message.
 *
 * <p>The library serialises calls on one playback, so it may be used from several threads, but they share
 * one read position; don't close it while another thread uses it.
 */
public final class Playback extends NativeHandle<k4a_playback_t> {
    /** The most colour-decode workers {@link #setDecodeThreads(int)} accepts. */
    public static final int MAX_DECODE_THREADS = 4;
    /** {@link #setDecodeEnd(long)}'s value for no end (the default: colour is decoded ahead to the recording's end). */
    public static final long NO_DECODE_END = Long.MAX_VALUE;

    private final String path;

    private Playback(long address, String path) {
        super(address, k4a_playback_t::new, h -> k4a_playback_close(h));
        this.path = path;
    }

    /**
     * Opens a recording ({@code k4a_playback_open}).
     *
     * @param path the file
     * @return a new playback the caller closes
     * @throws K4aException when the file cannot be opened or is not a recording (the message says why)
     */
    public static Playback open(Path path) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        return open(path.toString());
    }

    /**
     * {@link #open(Path)} of a path name (UTF-8 on the native side).
     *
     * @param path the file
     * @return a new playback the caller closes
     */
    public static Playback open(String path) {
        if (path == null) {
            throw new NullPointerException("path is null");
        }
        k4a_playback_t out = new k4a_playback_t();
        try (Native.Utf8 name = new Native.Utf8(path)) {
            K4a.clearErrors();
            if (k4a_playback_open(name, out) != K4A_RESULT_SUCCEEDED || out.isNull()) {
                throw K4a.error("k4a_playback_open");
            }
        }
        return new Playback(out.address(), path);
    }

    /**
     * The path the recording was opened from.
     *
     * @return the path the recording was opened from
     */
    public String getPath() {
        return path;
    }

    /**
     * How the recording was made ({@code k4a_playback_get_record_configuration}).
     *
     * @return how the recording was made ({@code k4a_playback_get_record_configuration})
     */
    public RecordConfiguration getRecordConfiguration() {
        k4a_playback_t h = live();
        Native.Scratch s = Native.scratch();
        K4a.clearErrors();
        if (k4a_playback_get_record_configuration(h, s.recordConfiguration) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_playback_get_record_configuration");
        }
        return new RecordConfiguration(s.recordConfiguration);
    }

    /**
     * The calibration for the recording's depth mode and colour resolution, from its calibration attachment
     * ({@code k4a_playback_get_calibration}).
     *
     * @return a new calibration (a value: nothing to close)
     * @throws K4aException when the recording has no (valid) calibration
     */
    public Calibration getCalibration() {
        k4a_playback_t h = live();
        Calibration.Struct struct = Calibration.Struct.allocate();
        K4a.clearErrors();
        if (k4a_playback_get_calibration(h, struct) != K4A_RESULT_SUCCEEDED) {
            struct.free();
            throw K4a.error("k4a_playback_get_calibration");
        }
        return Calibration.adopt(struct);
    }

    /**
     * The raw calibration stored in the recording, NUL-terminated as the library returns it
     * ({@code k4a_playback_get_raw_calibration}); {@link Calibration#fromRaw(byte[], DepthMode, ColorResolution)} takes it as is.
     *
     * @return the raw calibration JSON, NUL-terminated
     * @throws K4aException when the recording has no calibration attachment
     */
    public byte[] getRawCalibration() {
        final k4a_playback_t h = live();
        byte[] raw = readBuffer((buffer, size) -> k4a_playback_get_raw_calibration(h, buffer, size));
        if (raw == null) {
            throw K4a.error("k4a_playback_get_raw_calibration");
        }
        return raw;
    }

    /**
     * The value of a tag ({@code k4a_playback_get_tag}), e.g. {@code K4A_DEVICE_SERIAL_NUMBER}, or empty when
     * the recording has no such tag.
     * @param name the name
     * @return the tag's value, or empty
     */
    public Optional<String> getTag(String name) {
        requireName(name, "tag name");
        final k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(name)) {
            byte[] value = readBuffer((buffer, size) -> k4a_playback_get_tag(h, n, buffer, size));
            return value == null ? Optional.<String>empty() : Optional.of(text(value));
        }
    }

    /**
     * The number of tracks, built-in and custom ({@code k4a_playback_get_track_count}).
     *
     * @return the number of tracks, built-in and custom ({@code k4a_playback_get_track_count})
     */
    public int getTrackCount() {
        return (int) Math.min(Integer.MAX_VALUE, k4a_playback_get_track_count(live()));
    }

    /**
     * The name of track {@code index} ({@code k4a_playback_get_track_name}).
     *
     * @param index 0 .. count - 1
     * @return the name of track {@code index} ({@code k4a_playback_get_track_name})
     * @throws IndexOutOfBoundsException outside 0 .. {@link #getTrackCount()} - 1
     */
    public String getTrackName(int index) {
        final k4a_playback_t h = live();
        int count = getTrackCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("track " + index + " is outside 0.." + (count - 1));
        }
        byte[] name = readBuffer((buffer, size) -> k4a_playback_get_track_name(h, index, buffer, size));
        if (name == null) {
            throw K4a.error("k4a_playback_get_track_name");
        }
        return text(name);
    }

    /**
     * The names of all tracks, in the recording's order.
     *
     * @return the names of all tracks, in the recording's order
     */
    public List<String> getTrackNames() {
        int count = getTrackCount();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(getTrackName(i));
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Whether the recording has a track of this name ({@code k4a_playback_check_track_exists}).
     *
     * @param trackName the track's name
     * @return whether the recording has a track of this name ({@code k4a_playback_check_track_exists})
     */
    public boolean hasTrack(String trackName) {
        requireName(trackName, "track name");
        k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            return k4a_playback_check_track_exists(h, n);
        }
    }

    /**
     * Whether a track is one of the built-in COLOR, DEPTH, IR and IMU tracks ({@code k4a_playback_track_is_builtin});
     * false for custom and unknown tracks.
     * @param trackName the track's name
     * @return true for COLOR, DEPTH, IR and IMU; false for custom and unknown tracks
     */
    public boolean isBuiltinTrack(String trackName) {
        requireName(trackName, "track name");
        k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            return k4a_playback_track_is_builtin(h, n);
        }
    }

    /**
     * The Matroska codec id of a track, e.g. {@code V_MS/VFW/FOURCC} ({@code k4a_playback_track_get_codec_id}).
     *
     * @param trackName the track's name
     * @return the codec id
     * @throws K4aException for an unknown track
     */
    public String getTrackCodecId(String trackName) {
        requireName(trackName, "track name");
        final k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            return text(required(readBuffer((buffer, size) -> k4a_playback_track_get_codec_id(h, n, buffer, size)),
                    "k4a_playback_track_get_codec_id"));
        }
    }

    /**
     * The codec private data of a track (e.g. a BITMAPINFOHEADER for built-in video tracks), possibly empty
     * ({@code k4a_playback_track_get_codec_context}).
     *
     * @param trackName the track's name
     * @return the codec private data, possibly empty
     * @throws K4aException for an unknown track
     */
    public byte[] getTrackCodecContext(String trackName) {
        requireName(trackName, "track name");
        final k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            return required(readBuffer((buffer, size) -> k4a_playback_track_get_codec_context(h, n, buffer, size)),
                    "k4a_playback_track_get_codec_context");
        }
    }

    /**
     * Size and frame rate of a video track ({@code k4a_playback_track_get_video_settings}).
     *
     * @param trackName the track's name
     * @return size and frame rate of a video track
     * @throws K4aException for an unknown or non-video track
     */
    public VideoSettings getTrackVideoSettings(String trackName) {
        requireName(trackName, "track name");
        k4a_playback_t h = live();
        Native.Scratch s = Native.scratch();
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            K4a.clearErrors();
            if (k4a_playback_track_get_video_settings(h, n, s.videoSettings) != K4A_RESULT_SUCCEEDED) {
                throw K4a.error("k4a_playback_track_get_video_settings");
            }
            return new VideoSettings(s.videoSettings.width(), s.videoSettings.height(), s.videoSettings.frame_rate());
        }
    }

    /**
     * The contents of an attached file ({@code k4a_playback_get_attachment}), or empty when the recording has
     * no attachment of that name.
     * @param fileName the attachment's file name
     * @return the attachment's bytes, or empty when there is none
     */
    public Optional<byte[]> getAttachment(String fileName) {
        requireName(fileName, "attachment name");
        final k4a_playback_t h = live();
        try (Native.Utf8 n = new Native.Utf8(fileName)) {
            return Optional.ofNullable(readBuffer((buffer, size) -> k4a_playback_get_attachment(h, n, buffer, size)));
        }
    }

    /**
     * Converts colour images to {@code targetFormat} as they are read ({@code k4a_playback_set_color_conversion}),
     * e.g. {@link ImageFormat#COLOR_BGRA32} for MJPG, NV12 and YUY2 recordings.
     *
     * @param targetFormat the format colour images are given in
     * @throws K4aException when the recording has no colour track or cannot be converted to that format
     */
    public void setColorConversion(ImageFormat targetFormat) {
        if (targetFormat == null) {
            throw new NullPointerException("targetFormat is null");
        }
        k4a_playback_t h = live();
        K4a.clearErrors();
        if (k4a_playback_set_color_conversion(h, targetFormat.value()) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_playback_set_color_conversion");
        }
    }

    /**
     * Sets how many worker threads decode this playback's colour frames ahead of the reader while a
     * {@linkplain #setColorConversion colour conversion} is on: 0 converts each frame on the thread that reads the
     * capture (as the vendor's library does), 1 to {@link #MAX_DECODE_THREADS} convert the next frames meanwhile.
     * k4a4j's libk4arecord starts one worker per core by default (at most 4; the environment variable
     * {@code K4A4J_PLAYBACK_DECODE_THREADS}, read when a recording is opened, changes that default). When many
     * playbacks are read at once, one per core (e.g. Spark tasks), 1 keeps the workers from outnumbering the cores.
     *
     * <p>It may be called at any time, before or after {@link #setColorConversion}: while converting, the workers'
     * frames decoded ahead are dropped and decoded again (no capture is lost, repeated or changed); it only changes
     * speed, never what is read. It is k4a4j's own ({@code k4a4j_internal_playback_set_decode_threads}, which the
     * vendor's libk4arecord lacks): on another libk4arecord it does nothing and returns false.
     *
     * @param threads the number of decode workers, 0 to {@link #MAX_DECODE_THREADS}
     * @return true when set; false when the loaded libk4arecord is not k4a4j's (nothing changed)
     * @throws IllegalArgumentException when {@code threads} is outside 0..{@link #MAX_DECODE_THREADS}
     * @throws IllegalStateException    when this playback is closed
     * @throws K4aException             when the library refuses it (the message says why)
     */
    public boolean setDecodeThreads(int threads) {
        if (threads < 0 || threads > MAX_DECODE_THREADS) {
            throw new IllegalArgumentException("threads is " + threads + ", not 0.." + MAX_DECODE_THREADS);
        }
        DecodeThreadsFunction function = PrivateExports.DECODE_THREADS;
        return callPrivate(function, PrivateExports.DECODE_THREADS_SYMBOL, h -> function.call(h, threads));
    }

    /**
     * Sets where this playback's colour decoding ahead ends, for a reader that stops at a known time (a Spark
     * partition's end): while a {@linkplain #setColorConversion colour conversion} is on, the {@linkplain
     * #setDecodeThreads decode workers} convert ahead no colour frame whose device timestamp (its colour image's
     * {@link Image#getDeviceTimestampUsec()}) is at or after {@code deviceTimestampUsec}, so that none is decoded
     * in vain past the last capture read. It only changes what is decoded ahead, never what is read: a capture
     * read with such a frame still gets its colour converted (on the reading thread). {@link #NO_DECODE_END}, the
     * default, is no end; 0 or less decodes nothing ahead. It may be called at any time; seeks and colour
     * conversions keep it. It is k4a4j's own ({@code k4a4j_internal_playback_set_decode_end}, which the vendor's
     * libk4arecord lacks; that one decodes nothing ahead anyway): on another libk4arecord it does nothing and
     * returns false.
     *
     * @param deviceTimestampUsec the first device timestamp, in microseconds, whose colour frames are not decoded
     *                            ahead; {@link #NO_DECODE_END} for none
     * @return true when set; false when the loaded libk4arecord is not k4a4j's (nothing changed)
     * @throws IllegalStateException when this playback is closed
     * @throws K4aException          when the library refuses it (the message says why)
     */
    public boolean setDecodeEnd(long deviceTimestampUsec) {
        DecodeEndFunction function = PrivateExports.DECODE_END;
        return callPrivate(function, PrivateExports.DECODE_END_SYMBOL, h -> function.call(h, deviceTimestampUsec));
    }

    /**
     * Calls one of k4a4j's private exports on this playback: false, doing nothing, when the loaded libk4arecord
     * lacks it ({@code function} null).
     */
    private boolean callPrivate(Object function, String symbol, ToIntFunction<k4a_playback_t> call) {
        k4a_playback_t h = live();
        if (function == null) {
            return false;
        }
        K4a.clearErrors();
        if (call.applyAsInt(h) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error(symbol);
        }
        return true;
    }

    /** k4a4j's private exports behind {@link #setDecodeThreads} and {@link #setDecodeEnd}, found once; null on another libk4arecord. */
    private static final class PrivateExports {
        static final String DECODE_THREADS_SYMBOL = "k4a4j_internal_playback_set_decode_threads";
        static final String DECODE_END_SYMBOL = "k4a4j_internal_playback_set_decode_end";
        static final DecodeThreadsFunction DECODE_THREADS = find(DECODE_THREADS_SYMBOL, DecodeThreadsFunction::new);
        static final DecodeEndFunction DECODE_END = find(DECODE_END_SYMBOL, DecodeEndFunction::new);

        private static <F> F find(String symbol, Function<Pointer, F> function) {
            Pointer cell = Native.exportCell(symbol);
            return cell == null ? null : function.apply(cell);
        }
    }

    /**
     * Moves the read position ({@code k4a_playback_seek_timestamp}).
     *
     * @param offsetUsec microseconds from the origin: from the start ({@code K4A_PLAYBACK_SEEK_BEGIN}), before
     *                   the end ({@code K4A_PLAYBACK_SEEK_END}, usually 0 or negative), or a device timestamp
     *                   ({@code K4A_PLAYBACK_SEEK_DEVICE_TIME})
     * @param origin     a {@code K4A_PLAYBACK_SEEK_*} value
     * @throws K4aException for an invalid origin or a position outside the recording
     */
    public void seek(long offsetUsec, int origin) {
        k4a_playback_t h = live();
        K4a.clearErrors();
        if (k4a_playback_seek_timestamp(h, offsetUsec, origin) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_playback_seek_timestamp");
        }
    }

    /**
     * The length of the recording in microseconds: the last timestamp of any track ({@code k4a_playback_get_recording_length_usec}).
     *
     * @return the last timestamp of any track, in microseconds
     */
    public long getRecordingLengthUsec() {
        return k4a_playback_get_recording_length_usec(live());
    }

    /**
     * The next capture after the read position ({@code k4a_playback_get_next_capture}), or empty at the end.
     * The caller owns (and closes) the capture.
     *
     * @return the capture (the caller closes it), or empty at the end
     * @throws K4aException when the recording cannot be read there
     */
    public Optional<Capture> nextCapture() {
        return capture(true);
    }

    /**
     * The capture before the read position ({@code k4a_playback_get_previous_capture}), or empty at the start.
     *
     * @return the capture (the caller closes it), or empty at the start
     */
    public Optional<Capture> previousCapture() {
        return capture(false);
    }

    /**
     * The next IMU sample after the read position ({@code k4a_playback_get_next_imu_sample}), or empty at the end.
     *
     * @return the sample, or empty at the end
     */
    public Optional<ImuSample> nextImuSample() {
        return imuSample(true);
    }

    /**
     * The IMU sample before the read position ({@code k4a_playback_get_previous_imu_sample}), or empty at the start.
     *
     * @return the sample, or empty at the start
     */
    public Optional<ImuSample> previousImuSample() {
        return imuSample(false);
    }

    /**
     * The next block of a custom track after the read position ({@code k4a_playback_get_next_data_block}),
     * copied out, or empty at the end.
     *
     * @param trackName the track's name
     * @return a copy of the block, or empty at the end
     * @throws K4aException for an unknown or built-in track
     */
    public Optional<DataBlock> nextDataBlock(String trackName) {
        return dataBlock(trackName, true);
    }

    /**
     * The block of a custom track before the read position, or empty at the start. See {@link #nextDataBlock}.
     *
     * @param trackName the track's name
     * @return the block of a custom track before the read position, or empty at the start
     */
    public Optional<DataBlock> previousDataBlock(String trackName) {
        return dataBlock(trackName, false);
    }

    /**
     * The captures from the read position to the end, as a sequential stream that closes the captures it
     * hands out, at these moments exactly:
     * <ul>
     * <li>operations that consume every element ({@code forEach}, {@code forEachOrdered}, {@code collect},
     * {@code reduce}, {@code count}) close each capture as soon as the stream's pipeline has passed it on,
     * i.e. when the action or the downstream stage it was given to has returned;</li>
     * <li>the stream's {@link Stream#iterator() iterator} and short-circuiting operations ({@code limit},
     * {@code findFirst}, {@code anyMatch}, ...) read one capture ahead, so they close capture <i>n</i> only when
     * capture <i>n</i>+2 is read: the capture returned by {@code next()} stays open through the following
     * {@code hasNext()} and until the {@code hasNext()} after the next {@code next()}; at the end of the
     * stream the last capture stays open until the stream is closed;</li>
     * <li>closing the stream (try-with-resources) closes the captures still held; a stream left unclosed
     * leaves them to the garbage collector.</li>
     * </ul>
     * A capture is therefore valid only until the stream has moved on: keep one longer by taking
     * {@link Capture#reference()} (a new object the caller closes), e.g. {@code captures().map(Capture::reference)},
     * and don't use stream operations that hold elements back ({@code sorted}, {@code collect} of the captures
     * themselves) without such a reference.
     *
     * <p>The stream reads through this playback: it moves the read position, and reading elsewhere while it is
     * used interleaves with it. It is never parallel (splitting is refused).
     * @return a sequential stream, to be closed (try-with-resources)
     */
    public Stream<Capture> captures() {
        live();
        final CaptureSpliterator spliterator = new CaptureSpliterator(this::nextCapture);
        return StreamSupport.stream(spliterator, false).onClose(spliterator::closeCurrent);
    }

    /**
     * The IMU samples from the read position to the end, as a sequential stream of values.
     *
     * @return the IMU samples from the read position to the end, as a sequential stream of values
     */
    public Stream<ImuSample> imuSamples() {
        live();
        return StreamSupport.stream(new ValueSpliterator<>(this::nextImuSample), false);
    }

    /**
     * The blocks of a custom track from the read position to the end, as a sequential stream of copies.
     *
     * @param trackName the track's name
     * @return a sequential stream of copies
     */
    public Stream<DataBlock> dataBlocks(final String trackName) {
        requireName(trackName, "track name");
        live();
        return StreamSupport.stream(new ValueSpliterator<>(() -> nextDataBlock(trackName)), false);
    }

    /**
     * The names of the recording's tags, segment-wide and per track, in file order: those
     * {@link #getTag(String)} finds. They are read from the file's Matroska Tags (the k4arecord API cannot list
     * them); when the file cannot be walked to its end (damage, a cluster of unknown size), the names the
     * recording format defines, and {@code K4A_CUSTOM_TRACK_<track>}, are tried as well.
     *
     * @return an unmodifiable list of the tag names, in file order
     */
    public List<String> getTagNames() {
        live();
        MatroskaNames names = MatroskaNames.read(new java.io.File(path));
        Set<String> candidates = new LinkedHashSet<>(names.tagNames);
        if (!names.complete) {
            Collections.addAll(candidates, STANDARD_TAGS);
            for (String track : getTrackNames()) {
                candidates.add("K4A_CUSTOM_TRACK_" + track);
            }
        }
        List<String> present = new ArrayList<>();
        for (String name : candidates) {
            if (getTag(name).isPresent()) {
                present.add(name);
            }
        }
        return Collections.unmodifiableList(present);
    }

    /**
     * The names of the recording's attached files, in file order: those {@link #getAttachment(String)} finds.
     * They are read from the file's Matroska Attachments; when the file cannot be walked to its end, the
     * calibration file (the tag {@code K4A_CALIBRATION_FILE}, else {@code calibration.json}) is tried as well.
     *
     * @return an unmodifiable list of the attachment names, in file order
     */
    public List<String> getAttachmentNames() {
        live();
        MatroskaNames names = MatroskaNames.read(new java.io.File(path));
        Set<String> candidates = new LinkedHashSet<>(names.attachmentNames);
        if (!names.complete) {
            candidates.add(getTag("K4A_CALIBRATION_FILE").orElse("calibration.json"));
        }
        List<String> present = new ArrayList<>();
        for (String name : candidates) {
            if (getAttachment(name).isPresent()) {
                present.add(name);
            }
        }
        return Collections.unmodifiableList(present);
    }

    /** The tags the recording format defines (see the recording-format notes). */
    private static final String[] STANDARD_TAGS = {"K4A_COLOR_TRACK", "K4A_COLOR_MODE", "K4A_DEPTH_TRACK",
        "K4A_DEPTH_MODE", "K4A_IR_TRACK", "K4A_IR_MODE", "K4A_IMU_TRACK", "K4A_IMU_MODE", "K4A_DEPTH_DELAY_NS",
        "K4A_WIRED_SYNC_MODE", "K4A_SUBORDINATE_DELAY_NS", "K4A_COLOR_FIRMWARE_VERSION", "K4A_DEPTH_FIRMWARE_VERSION",
        "K4A_DEVICE_SERIAL_NUMBER", "K4A_START_OFFSET_NS", "K4A_CALIBRATION_FILE"};

    @Override
    public String toString() {
        return isClosed() ? "Playback[closed]" : "Playback[" + path + "]";
    }

    private Optional<Capture> capture(boolean forward) {
        k4a_playback_t h = live();
        k4a_capture_t out = new k4a_capture_t();
        K4a.clearErrors();
        int result = forward ? k4a_playback_get_next_capture(h, out) : k4a_playback_get_previous_capture(h, out);
        if (result == K4A_STREAM_RESULT_SUCCEEDED && !out.isNull()) {
            return Optional.of(Capture.adopt(out));
        }
        if (result == K4A_STREAM_RESULT_EOF) {
            return Optional.empty();
        }
        throw K4a.error(forward ? "k4a_playback_get_next_capture" : "k4a_playback_get_previous_capture");
    }

    private Optional<ImuSample> imuSample(boolean forward) {
        k4a_playback_t h = live();
        Native.Scratch s = Native.scratch();
        K4a.clearErrors();
        int result = forward ? k4a_playback_get_next_imu_sample(h, s.imu) : k4a_playback_get_previous_imu_sample(h, s.imu);
        if (result == K4A_STREAM_RESULT_SUCCEEDED) {
            return Optional.of(ImuSample.of(s.imu));
        }
        if (result == K4A_STREAM_RESULT_EOF) {
            return Optional.empty();
        }
        throw K4a.error(forward ? "k4a_playback_get_next_imu_sample" : "k4a_playback_get_previous_imu_sample");
    }

    private Optional<DataBlock> dataBlock(String trackName, boolean forward) {
        requireName(trackName, "track name");
        k4a_playback_t h = live();
        k4a_playback_data_block_t out = new k4a_playback_data_block_t();
        int result;
        try (Native.Utf8 n = new Native.Utf8(trackName)) {
            K4a.clearErrors();
            result = forward ? k4a_playback_get_next_data_block(h, n, out) : k4a_playback_get_previous_data_block(h, n, out);
        }
        if (result == K4A_STREAM_RESULT_SUCCEEDED && !out.isNull()) {
            try {
                long size = k4a_playback_data_block_get_buffer_size(out);
                if (size > Integer.MAX_VALUE - 8) {
                    throw new UnsupportedOperationException("a data block of " + size + " bytes does not fit a byte[]");
                }
                byte[] data = new byte[(int) size];
                if (size > 0) {
                    BytePointer buffer = k4a_playback_data_block_get_buffer(out);
                    buffer.get(data);
                }
                return Optional.of(new DataBlock(k4a_playback_data_block_get_device_timestamp_usec(out), data));
            } finally {
                k4a_playback_data_block_release(out);
            }
        }
        if (result == K4A_STREAM_RESULT_EOF) {
            return Optional.empty();
        }
        throw K4a.error(forward ? "k4a_playback_get_next_data_block" : "k4a_playback_get_previous_data_block");
    }

    /** One call of the buffer protocol: fill {@code buffer} (null for the size query) and set {@code size}. */
    private interface BufferCall {
        int call(byte[] buffer, SizeTPointer size);
    }

    /**
     * The buffer protocol: asks for the size with a NULL buffer, then reads into a buffer of exactly that
     * size. Returns null when the library reports failure (its messages are kept for {@link K4a#error}).
     */
    private static byte[] readBuffer(BufferCall call) {
        SizeTPointer size = Native.scratch().size;
        for (int attempt = 0; attempt < 4; attempt++) {
            size.put(0, 0);
            K4a.clearErrors();
            int result = call.call(null, size);
            if (result == K4A_BUFFER_RESULT_FAILED) {
                return null;
            }
            long needed = size.get(0);
            if (result == K4A_BUFFER_RESULT_SUCCEEDED || needed == 0) {
                return new byte[0];
            }
            if (needed > Integer.MAX_VALUE - 8) {
                throw new UnsupportedOperationException("a buffer of " + needed + " bytes does not fit a byte[]");
            }
            byte[] buffer = new byte[(int) needed];
            size.put(0, needed);
            result = call.call(buffer, size);
            if (result == K4A_BUFFER_RESULT_SUCCEEDED) {
                long got = size.get(0);
                return got == needed ? buffer : java.util.Arrays.copyOf(buffer, (int) Math.min(got, needed));
            }
            if (result == K4A_BUFFER_RESULT_FAILED) {
                return null;
            }
            // TOO_SMALL again: the value grew between the calls; ask again
        }
        throw new IllegalStateException("the library kept asking for a larger buffer");
    }

    /** Text of a NUL-terminated buffer (UTF-8), without the terminator. */
    private static String text(byte[] bytes) {
        int length = bytes.length;
        while (length > 0 && bytes[length - 1] == 0) {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static void requireName(String name, String what) {
        if (name == null) {
            throw new NullPointerException(what + " is null");
        }
    }

    /** The value a buffer call read, or the library's error when it read none. */
    private static byte[] required(byte[] value, String function) {
        if (value == null) {
            throw K4a.error(function);
        }
        return value;
    }

    /**
     * Captures forward. {@link #forEachRemaining} (forEach, collect, count, reduce) closes each capture as soon
     * as the action it was given to has returned. {@link #tryAdvance} (iterators, which read one ahead in
     * {@code hasNext()}, and short-circuiting operations) keeps the last two captures it handed out and closes
     * a capture when the one after its successor is read: by then the caller has asked for that successor.
     * Not splittable, so never parallel. (Also the stream of {@link Device#captures}.)
     */
    static final class CaptureSpliterator extends Forward<Capture> {
        private final java.util.function.Supplier<Optional<Capture>> reader;
        /** The capture handed out before {@link #current}, or null. */
        private Capture previous;
        /** The capture handed out last, or null. */
        private Capture current;
        private boolean done;

        CaptureSpliterator(java.util.function.Supplier<Optional<Capture>> reader) {
            this.reader = reader;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Capture> action) {
            Capture next = read();
            close(previous);
            if (next == null) {
                previous = null; // the last one stays with the caller until the stream is closed
                return false;
            }
            previous = current;
            current = next;
            action.accept(next);
            return true;
        }

        @Override
        public void forEachRemaining(Consumer<? super Capture> action) {
            closeCurrent(); // whoever asks for all the rest is done with what was handed out before
            for (Capture next; (next = read()) != null;) {
                try {
                    action.accept(next);
                } finally {
                    next.close();
                }
            }
        }

        /** The next capture, or null at the end (and from then on). */
        private Capture read() {
            if (done) {
                return null;
            }
            try {
                Optional<Capture> next = reader.get();
                done = !next.isPresent();
                return next.orElse(null);
            } catch (RuntimeException e) {
                done = true;
                throw e;
            }
        }

        /** Closes every capture still held (the stream's close). */
        void closeCurrent() {
            close(previous);
            close(current);
            previous = null;
            current = null;
        }

        private static void close(Capture c) {
            if (c != null) {
                c.close();
            }
        }

        @Override
        public int characteristics() {
            return ORDERED | NONNULL;
        }
    }

    /** Values forward until the reader returns empty. */
    private static final class ValueSpliterator<T> extends Forward<T> {
        private final java.util.function.Supplier<Optional<T>> reader;
        private boolean done;

        ValueSpliterator(java.util.function.Supplier<Optional<T>> reader) {
            this.reader = reader;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (done) {
                return false;
            }
            Optional<T> next = reader.get();
            if (!next.isPresent()) {
                done = true;
                return false;
            }
            action.accept(next.get());
            return true;
        }

        @Override
        public int characteristics() {
            return ORDERED | NONNULL | IMMUTABLE;
        }
    }

    /** A spliterator that reads forwards: of unknown size, never split (so never parallel). */
    abstract static class Forward<T> implements Spliterator<T> {
        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return Long.MAX_VALUE;
        }
    }
}
