/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.k4a4j.ColorResolution;
import org.k4a4j.DepthMode;
import org.k4a4j.ImageFormat;
import org.k4a4j.WiredSyncMode;

/**
 * The schemas of the three formats ({@code k4a}, {@code k4a-imu}, {@code k4a-meta}) and the names of the k4a
 * enumerations as they appear in them. Timestamps are device times in microseconds, as the C API reports them.
 */
final class Schemas {
    private Schemas() {
    }

    /** One image: its buffer as stored (16-bit pixels little-endian), its size, format and per-image metadata. */
    static final StructType IMAGE = new StructType()
            .add("data", DataTypes.BinaryType, false)
            .add("format", DataTypes.StringType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("stride", DataTypes.IntegerType, false)
            .add("device_timestamp", DataTypes.LongType, false)
            .add("system_timestamp", DataTypes.LongType, false)
            .add("exposure", DataTypes.LongType, false)
            .add("white_balance", DataTypes.LongType, false)
            .add("iso_speed", DataTypes.LongType, false);

    /** {@code k4a}: one row per capture. */
    static StructType captures(ReadOptions options) {
        StructType s = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("index", DataTypes.LongType, false)
                .add("timestamp", DataTypes.LongType, false)
                .add("temperature", DataTypes.FloatType, false)
                .add("color", IMAGE, true)
                .add("depth", IMAGE, true)
                .add("ir", IMAGE, true);
        if (options.pointCloud) {
            s = s.add("point_cloud", IMAGE, true);
        }
        return select(s, options);
    }

    /** {@code k4a-imu}: one row per IMU sample. */
    static StructType imu(ReadOptions options) {
        StructType s = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("index", DataTypes.LongType, false)
                .add("acc_timestamp", DataTypes.LongType, false)
                .add("acc_x", DataTypes.FloatType, false)
                .add("acc_y", DataTypes.FloatType, false)
                .add("acc_z", DataTypes.FloatType, false)
                .add("gyro_timestamp", DataTypes.LongType, false)
                .add("gyro_x", DataTypes.FloatType, false)
                .add("gyro_y", DataTypes.FloatType, false)
                .add("gyro_z", DataTypes.FloatType, false)
                .add("temperature", DataTypes.FloatType, false);
        return select(s, options);
    }

    /** {@code k4a-meta}: one row per recording. */
    static StructType meta(ReadOptions options) {
        DataType strings = DataTypes.createArrayType(DataTypes.StringType, false);
        StructType s = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("size_bytes", DataTypes.LongType, false)
                .add("length_usec", DataTypes.LongType, false)
                .add("start_timestamp_offset", DataTypes.LongType, false)
                .add("color_format", DataTypes.StringType, false)
                .add("color_resolution", DataTypes.StringType, false)
                .add("depth_mode", DataTypes.StringType, false)
                .add("camera_fps", DataTypes.IntegerType, false)
                .add("color_track", DataTypes.BooleanType, false)
                .add("depth_track", DataTypes.BooleanType, false)
                .add("ir_track", DataTypes.BooleanType, false)
                .add("imu_track", DataTypes.BooleanType, false)
                .add("depth_delay_off_color_usec", DataTypes.IntegerType, false)
                .add("wired_sync_mode", DataTypes.StringType, false)
                .add("subordinate_delay_off_master_usec", DataTypes.LongType, false)
                .add("calibration_json", DataTypes.StringType, true)
                .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
                .add("tracks", strings, false);
        return select(s, options);
    }

    /** The schema restricted to the option {@code columns}, in that order. */
    private static StructType select(StructType all, ReadOptions options) {
        if (options.columns == null) {
            return all;
        }
        List<StructField> fields = new ArrayList<>();
        for (String name : options.columns) {
            scala.Option<Object> i = all.getFieldIndex(name);
            if (i.isEmpty()) {
                throw new IllegalArgumentException("option columns: no column '" + name + "'; the columns are "
                        + String.join(", ", all.fieldNames()));
            }
            fields.add(all.fields()[(Integer) i.get()]);
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** {@code K4A_IMAGE_FORMAT_COLOR_MJPG} → {@code COLOR_MJPG}. */
    static String imageFormat(ImageFormat format) {
        return format.name();
    }

    /** {@code K4A_COLOR_RESOLUTION_720P} → {@code 720P}. */
    static String colorResolution(ColorResolution resolution) {
        return resolution == ColorResolution.OFF ? "OFF" : resolution.name().substring("RES_".length());
    }

    /** {@code K4A_DEPTH_MODE_NFOV_UNBINNED} → {@code NFOV_UNBINNED}. */
    static String depthMode(DepthMode mode) {
        return mode.name();
    }

    /** {@code K4A_WIRED_SYNC_MODE_MASTER} → {@code MASTER}. */
    static String wiredSyncMode(WiredSyncMode mode) {
        return mode.name();
    }
}
