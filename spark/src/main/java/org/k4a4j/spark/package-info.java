/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Azure Kinect recordings as Spark tables (DataSource V2): {@code format("k4a")} (captures),
 * {@code format("k4a-imu")} (IMU samples) and {@code format("k4a-meta")} (one row per recording); the README's
 * "Spark" section lists their schemas and options.
 *
 * <p>The path of a query: {@link org.k4a4j.spark.K4aSource} and its siblings give a {@code RecordingTable};
 * its scan builder takes the pruned columns and, for captures, the time filters; the scan, on the driver,
 * expands the paths ({@code RecordingFiles}), opens each recording once ({@code RecordingInfo}) and cuts it
 * into time ranges ({@code Splitter}); each range is read on an executor by a {@code CaptureReader}, which
 * seeks and keeps exactly the captures whose key lies in its range. Readers own their native objects and
 * release them when the partition ends; nothing native crosses a JVM boundary.
 */
package org.k4a4j.spark;
