/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.Optional;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.k4a4j.CalibrationType;
import org.k4a4j.Capture;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;
import org.k4a4j.Transformation;

import static org.k4a4j.global.k4arecord.K4A_PLAYBACK_SEEK_DEVICE_TIME;

/**
 * Reads one {@link CaptureRange} on an executor: opens the recording (JavaCPP loads the natives from the
 * k4a-platform jar on first use), seeks, and returns the captures whose key lies in the range, building only
 * the columns the query reads: colour is decoded only when {@code colorFormat=bgra} and the colour column is
 * read, depth is transformed only when the depth or point-cloud column is read, and an image is copied only
 * when its {@code data} is. Owns its playback and transformation and closes them at the end of the range.
 * <p>
 * Colour is decoded only for the captures the range returns, not for those read past before it (the seek
 * lands a little early) or after it: reading starts with the playback's colour conversion off, and
 * conversion is switched off again as soon as the capture the frame rate says is the range's last is read,
 * before its row is copied, so that the capture read past the range's end is read as stored. When a capture
 * read as stored turns out to be in the range, the reader steps back one capture ({@code previousCapture}) and
 * reads it again with conversion on. The playback decodes a few frames ahead of its reader; on k4a4j's
 * libk4arecord the reader tells it where the range ends ({@link Playback#setDecodeEnd}: no colour frame of a
 * capture past the range is decoded ahead), elsewhere switching conversion off cancels the frames not yet
 * started (the vendor's libk4arecord decodes nothing ahead).
 * <p>
 * The playback decodes colour ahead on {@code decodeThreads} workers (default 1, see {@link ReadOptions}), set
 * before its conversion is first switched on.
 */
final class CaptureReader extends RecordingReader {
    private final CaptureRange range;
    private final ReadOptions options;
    private final int[] columns;      // the row's columns, as positions in COLUMNS
    private final int[] colorFields;  // the fields of each image struct read (Rows.imageFields), or null when unread
    private final int[] depthFields;
    private final int[] irFields;
    private final int[] cloudFields;
    private final boolean depthNeeded;
    private final UTF8String pathValue;
    private Playback playback;
    private Transformation transformation;
    private boolean decoding;       // the rows' colour is decoded to BGRA32 (colorFormat=bgra, a colour column read)
    private ImageFormat stored;     // the colour track's format
    private boolean converting;     // the playback's colour conversion is on
    private long read;     // captures read from the recording's start (when the range does not seek)
    private long emitted;  // captures returned

    /** Whether readers bound the playback's decoding ahead at the range's end (the tests and the benchmark turn it off). */
    static volatile boolean decodeEnd = true;

    CaptureReader(CaptureRange range, ReadOptions options, StructType schema, boolean ignoreCorruptFiles) {
        super(range.recording.path, ignoreCorruptFiles);
        this.range = range;
        this.options = options;
        this.columns = Rows.fields(schema, COLUMNS);
        this.colorFields = imageFields(schema, "color");
        this.depthFields = imageFields(schema, "depth");
        this.irFields = imageFields(schema, "ir");
        this.cloudFields = imageFields(schema, "point_cloud");
        this.depthNeeded = depthFields != null || cloudFields != null;
        this.pathValue = Rows.str(path);
    }

    /** The columns of {@code k4a} ({@link Schemas#captures}); a row's values switch on their positions here. */
    private static final String[] COLUMNS = {"path", "index", "timestamp", "temperature", "color", "depth", "ir",
        "point_cloud"};
    private static final int PATH = 0;
    private static final int INDEX = 1;
    private static final int TIMESTAMP = 2;
    private static final int TEMPERATURE = 3;
    private static final int COLOR = 4;
    private static final int DEPTH = 5;
    private static final int IR = 6;
    private static final int POINT_CLOUD = 7;

    private static int[] imageFields(StructType schema, String column) {
        StructType struct = Rows.struct(schema, column);
        return struct == null ? null : Rows.imageFields(struct);
    }

    private void open() {
        playback = Playback.open(path);
        RecordConfiguration c = playback.getRecordConfiguration();
        stored = c.getColorFormat();
        decoding = options.colorBgra && colorFields != null && c.isColorTrackEnabled()
                && stored != ImageFormat.COLOR_BGRA32;
        if (decoding && options.decodeThreads != ReadOptions.LIBRARY_DEFAULT) {
            // one worker by default: a task is one playback on one core (false on a libk4arecord without the
            // setting: it decodes as it does)
            playback.setDecodeThreads(options.decodeThreads);
        }
        if (decoding && decodeEnd && range.hi != Long.MAX_VALUE) {
            // a capture past the range has a key at or after hi, and so a colour frame at or after hi less the depth
            // delay (the key is at most the colour timestamp plus the delay): none of those is decoded ahead (false
            // on a libk4arecord without the setting: the conversion switched off before the range's end is all)
            playback.setDecodeEnd(range.hi - range.recording.depthDelayUsec);
        }
        if (cloudFields != null || (options.alignDepthToColor && depthFields != null)) {
            transformation = Transformation.create(playback.getCalibration());
        }
        if (range.seeks()) {
            playback.seek(range.seekUsec, K4A_PLAYBACK_SEEK_DEVICE_TIME);
        }
    }

    /** Switches the playback's colour conversion to BGRA32 or back to the stored format. */
    private void convert(boolean on) {
        if (on != converting) {
            playback.setColorConversion(on ? ImageFormat.COLOR_BGRA32 : stored);
            converting = on;
        }
    }

    @Override
    InternalRow read() {
        if (playback == null) {
            open();
        }
        while (true) {
            Optional<Capture> next = playback.nextCapture();
            if (!next.isPresent()) {
                return null;
            }
            // the images are taken once, for the key and for the row
            try (Capture capture = next.get(); Image color = capture.getColorImage(); Image depth = capture.getDepthImage();
                 Image ir = capture.getIrImage()) {
                Counters.CAPTURES_READ.increment();
                if (converting) {
                    Counters.CAPTURES_READ_DECODED.increment();
                }
                long key = RecordingInfo.captureKey(color, depth, ir, range.recording.depthDelayUsec);
                long ordinal = read++;
                if (key >= range.hi) {
                    return null;
                }
                if (key < range.lo) {
                    continue;
                }
                if (decoding && !converting) { // in the range but read as stored: again, decoded
                    playback.previousCapture().ifPresent(Capture::close);
                    convert(true);
                    read--;
                    continue;
                }
                long index = range.seeks() ? range.baseIndex + emitted : ordinal;
                emitted++;
                if (decoding && range.hi != Long.MAX_VALUE && key + range.recording.framePeriodUsec >= range.hi) {
                    // the next capture is most likely past the range: read it as stored (and without the decode end,
                    // stop decoding ahead now, before this row's images are copied; the capture keeps its decoded image)
                    convert(false);
                }
                return row(capture, color, depth, ir, key, index);
            }
        }
    }

    /** The row of a capture in the range, from its images (the caller closes them). */
    private InternalRow row(Capture capture, Image color, Image depth, Image ir, long key, long index) {
        try (Image aligned = depthNeeded && depth != null && options.alignDepthToColor ? aligned(depth) : null;
             Image cloud = cloudFields != null && depth != null ? pointCloud(aligned != null ? aligned : depth) : null) {
            if (color != null && decoding) { // decoding: the colour column is read
                Counters.COLOR_DECODED.increment();
            }
            Object[] row = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                switch (columns[i]) {
                    case PATH:
                        row[i] = pathValue;
                        break;
                    case INDEX:
                        row[i] = index;
                        break;
                    case TIMESTAMP:
                        row[i] = key;
                        break;
                    case TEMPERATURE:
                        row[i] = capture.getTemperatureC();
                        break;
                    case COLOR:
                        row[i] = Rows.image(colorFields, color, Counters.COLOR_IMAGES);
                        break;
                    case DEPTH:
                        row[i] = Rows.image(depthFields, aligned != null ? aligned : depth, Counters.DEPTH_IMAGES);
                        break;
                    case IR:
                        row[i] = Rows.image(irFields, ir, Counters.IR_IMAGES);
                        break;
                    case POINT_CLOUD:
                        row[i] = Rows.image(cloudFields, cloud, Counters.POINT_CLOUDS);
                        break;
                    default:
                        throw new IllegalStateException("column " + columns[i]);
                }
            }
            return new GenericInternalRow(row);
        }
    }

    /** The depth image transformed to the colour camera ({@code alignDepthToColor}). */
    private Image aligned(Image depth) {
        Counters.DEPTH_ALIGNED.increment();
        return transformation.depthToColor(depth);
    }

    private Image pointCloud(Image depth) {
        return transformation.pointCloud(depth, options.alignDepthToColor ? CalibrationType.COLOR : CalibrationType.DEPTH);
    }

    @Override
    void release() {
        if (transformation != null) {
            transformation.close();
            transformation = null;
        }
        if (playback != null) {
            playback.close();
            playback = null;
        }
    }
}
