/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.k4a4j.K4aException;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;

/**
 * Reads the one row of a recording's metadata: its record configuration, raw calibration JSON, tags (the
 * standard {@code K4A_*} tags the file has, as {@link Playback#getTagNames()} lists them, plus the user tags
 * named by the option {@code tags}) and track names. Owns its playback for the duration of {@link #read()}.
 */
final class MetaReader extends RecordingReader {
    /** The tags the Azure Kinect recorder writes (see the recording format). */
    static final List<String> STANDARD_TAGS = Arrays.asList("K4A_COLOR_TRACK", "K4A_DEPTH_TRACK", "K4A_IR_TRACK",
            "K4A_IMU_TRACK", "K4A_COLOR_MODE", "K4A_DEPTH_MODE", "K4A_IR_MODE", "K4A_IMU_MODE", "K4A_DEPTH_DELAY_NS",
            "K4A_WIRED_SYNC_MODE", "K4A_SUBORDINATE_DELAY_NS", "K4A_COLOR_FIRMWARE_VERSION",
            "K4A_DEPTH_FIRMWARE_VERSION", "K4A_DEVICE_SERIAL_NUMBER", "K4A_START_OFFSET_NS", "K4A_CALIBRATION_FILE");

    private final ReadOptions options;
    private final StructType schema;
    private boolean returned;

    MetaReader(String path, ReadOptions options, StructType schema, boolean ignoreCorruptFiles) {
        super(path, ignoreCorruptFiles);
        this.options = options;
        this.schema = schema;
    }

    @Override
    InternalRow read() {
        if (returned) {
            return null;
        }
        returned = true;
        try (Playback p = Playback.open(path)) {
            RecordConfiguration c = p.getRecordConfiguration();
            Map<String, String> tags = new LinkedHashMap<>();
            // the standard tags the file lists (asking for an absent one would log an error per tag and recording),
            // then the ones the user named
            List<String> names = new ArrayList<>(p.getTagNames());
            names.retainAll(STANDARD_TAGS);
            names.addAll(options.tags);
            for (String name : names) {
                p.getTag(name).ifPresent(v -> tags.put(name, v));
            }
            String calibration = calibration(p);
            List<String> tracks = p.getTrackNames();
            long length = p.getRecordingLengthUsec();
            return Rows.of(schema, name -> {
                switch (name) {
                    case "path":
                        return Rows.str(path);
                    case "size_bytes":
                        return new File(path).length();
                    case "length_usec":
                        return length;
                    case "start_timestamp_offset":
                        return c.getStartTimestampOffsetUsec();
                    case "color_format":
                        return Rows.str(Schemas.imageFormat(c.getColorFormat()));
                    case "color_resolution":
                        return Rows.str(Schemas.colorResolution(c.getColorResolution()));
                    case "depth_mode":
                        return Rows.str(Schemas.depthMode(c.getDepthMode()));
                    case "camera_fps":
                        return c.getFramesPerSecond();
                    case "color_track":
                        return c.isColorTrackEnabled();
                    case "depth_track":
                        return c.isDepthTrackEnabled();
                    case "ir_track":
                        return c.isIrTrackEnabled();
                    case "imu_track":
                        return c.isImuTrackEnabled();
                    case "depth_delay_off_color_usec":
                        return c.getDepthDelayOffColorUsec();
                    case "wired_sync_mode":
                        return Rows.str(Schemas.wiredSyncMode(c.getWiredSyncMode()));
                    case "subordinate_delay_off_master_usec":
                        return c.getSubordinateDelayOffMasterUsec();
                    case "calibration_json":
                        return Rows.str(calibration);
                    case "tags":
                        return Rows.map(tags);
                    case "tracks":
                        return Rows.strings(tracks);
                    default:
                        throw new IllegalArgumentException("no column " + name);
                }
            });
        }
    }

    /** The raw calibration as text without its terminating NULs, or null when the recording has none. */
    private static String calibration(Playback p) {
        byte[] raw;
        try {
            raw = p.getRawCalibration();
        } catch (K4aException none) {
            return null;
        }
        int n = raw.length;
        while (n > 0 && raw[n - 1] == 0) {
            n--;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    void release() {
        // the playback is closed within read()
    }
}
