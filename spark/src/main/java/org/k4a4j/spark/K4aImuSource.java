/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

/** {@code spark.read.format("k4a-imu")}: one row per IMU sample of Azure Kinect recordings (see the README's "Spark" section). */
public final class K4aImuSource extends RecordingSource {
    @Override
    RecordingTable.Kind kind() {
        return RecordingTable.Kind.IMU;
    }
}
