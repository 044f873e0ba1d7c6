/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.Optional;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.k4a4j.ImuSample;
import org.k4a4j.Playback;

/** Reads the IMU samples of one recording, in order (none for a recording without an IMU track). Owns its playback. */
final class ImuReader extends RecordingReader {
    private final StructType schema;
    private Playback playback;
    private long index;

    ImuReader(String path, StructType schema, boolean ignoreCorruptFiles) {
        super(path, ignoreCorruptFiles);
        this.schema = schema;
    }

    @Override
    InternalRow read() {
        if (playback == null) {
            playback = Playback.open(path);
            if (!playback.getRecordConfiguration().isImuTrackEnabled()) {
                return null;
            }
        }
        Optional<ImuSample> next = playback.nextImuSample();
        if (!next.isPresent()) {
            return null;
        }
        ImuSample s = next.get();
        long i = index++;
        return Rows.of(schema, name -> {
            switch (name) {
                case "path":
                    return Rows.str(path);
                case "index":
                    return i;
                case "acc_timestamp":
                    return s.getAccTimestampUsec();
                case "acc_x":
                    return s.getAcc().x();
                case "acc_y":
                    return s.getAcc().y();
                case "acc_z":
                    return s.getAcc().z();
                case "gyro_timestamp":
                    return s.getGyroTimestampUsec();
                case "gyro_x":
                    return s.getGyro().x();
                case "gyro_y":
                    return s.getGyro().y();
                case "gyro_z":
                    return s.getGyro().z();
                case "temperature":
                    return s.getTemperatureC();
                default:
                    throw new IllegalArgumentException("no column " + name);
            }
        });
    }

    @Override
    void release() {
        if (playback != null) {
            playback.close();
            playback = null;
        }
    }
}
