/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.k4a4j.k4arecord.k4a_record_configuration_t;

/**
 * How a recording was made ({@code k4a_record_configuration_t}, from {@link Playback#getRecordConfiguration()}):
 * an immutable value. Formats, modes and rates are the enums of {@code org.k4a4j}; unsigned 32-bit fields
 * are {@code long}s. {@link #toDeviceConfiguration()} gives the configuration to record the same way again.
 */
public final class RecordConfiguration {
    private final int colorFormat;
    private final int colorResolution;
    private final int depthMode;
    private final int cameraFps;
    private final boolean colorTrackEnabled;
    private final boolean depthTrackEnabled;
    private final boolean irTrackEnabled;
    private final boolean imuTrackEnabled;
    private final int depthDelayOffColorUsec;
    private final int wiredSyncMode;
    private final long subordinateDelayOffMasterUsec;
    private final long startTimestampOffsetUsec;

    RecordConfiguration(k4a_record_configuration_t c) {
        colorFormat = c.color_format();
        colorResolution = c.color_resolution();
        depthMode = c.depth_mode();
        cameraFps = c.camera_fps();
        colorTrackEnabled = c.color_track_enabled();
        depthTrackEnabled = c.depth_track_enabled();
        irTrackEnabled = c.ir_track_enabled();
        imuTrackEnabled = c.imu_track_enabled();
        depthDelayOffColorUsec = c.depth_delay_off_color_usec();
        wiredSyncMode = c.wired_sync_mode();
        subordinateDelayOffMasterUsec = Integer.toUnsignedLong(c.subordinate_delay_off_master_usec());
        startTimestampOffsetUsec = Integer.toUnsignedLong(c.start_timestamp_offset_usec());
    }

    /**
     * The format of the colour track as stored.
     *
     * @return the format of the colour track as stored (MJPG, NV12, YUY2 or BGRA32); CUSTOM without one
     */
    public ImageFormat getColorFormat() {
        return ImageFormat.of(colorFormat);
    }

    /** @return the colour resolution; OFF without a colour track */
    public ColorResolution getColorResolution() {
        return ColorResolution.of(colorResolution);
    }

    /** @return the depth mode; OFF without depth and IR tracks */
    public DepthMode getDepthMode() {
        return DepthMode.of(depthMode);
    }

    /** @return the camera frame rate */
    public Fps getCameraFps() {
        return Fps.of(cameraFps);
    }

    /** @return the camera frame rate in frames per second (5, 15 or 30) */
    public int getFramesPerSecond() {
        return getCameraFps().framesPerSecond();
    }

    /** @return whether the recording has a colour track */
    public boolean isColorTrackEnabled() {
        return colorTrackEnabled;
    }

    /** @return whether the recording has a depth track */
    public boolean isDepthTrackEnabled() {
        return depthTrackEnabled;
    }

    /** @return whether the recording has an IR track */
    public boolean isIrTrackEnabled() {
        return irTrackEnabled;
    }

    /** @return whether the recording has an IMU track */
    public boolean isImuTrackEnabled() {
        return imuTrackEnabled;
    }

    /**
     * Delay of the depth capture after the colour capture in microseconds (may be negative).
     *
     * @return delay of the depth capture after the colour capture in microseconds (may be negative)
     */
    public int getDepthDelayOffColorUsec() {
        return depthDelayOffColorUsec;
    }

    /** @return the wired synchronisation role of the recording device */
    public WiredSyncMode getWiredSyncMode() {
        return WiredSyncMode.of(wiredSyncMode);
    }

    /**
     * The device configuration that records the same way: the same colour format, resolution, depth mode, frame
     * rate, delays and sync mode, with {@code synchronizedImagesOnly} set when both colour and depth were
     * recorded. The stored colour format is taken as is. A recording with IR but no depth track (passive IR)
     * keeps its depth mode; the track flags themselves are not part of a device configuration.
     *
     * @return a new configuration (a value: nothing to close)
     */
    public DeviceConfiguration toDeviceConfiguration() {
        return DeviceConfiguration.builder().colorFormat(getColorFormat()).colorResolution(getColorResolution())
                .depthMode(getDepthMode()).cameraFps(getCameraFps())
                .synchronizedImagesOnly(colorTrackEnabled && depthTrackEnabled)
                .depthDelayOffColorUsec(depthDelayOffColorUsec).wiredSyncMode(getWiredSyncMode())
                .subordinateDelayOffMasterUsec(subordinateDelayOffMasterUsec).build();
    }

    /**
     * Delay of a subordinate after the master in microseconds (unsigned 32-bit).
     *
     * @return delay of a subordinate after the master in microseconds (unsigned 32-bit)
     */
    public long getSubordinateDelayOffMasterUsec() {
        return subordinateDelayOffMasterUsec;
    }

    /**
     * Device time of the recording's start (timestamp 0 of seeks) in microseconds (unsigned 32-bit).
     *
     * @return device time of the recording's start (timestamp 0 of seeks) in microseconds (unsigned 32-bit)
     */
    public long getStartTimestampOffsetUsec() {
        return startTimestampOffsetUsec;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordConfiguration)) {
            return false;
        }
        RecordConfiguration c = (RecordConfiguration) o;
        return colorFormat == c.colorFormat && colorResolution == c.colorResolution && depthMode == c.depthMode
                && cameraFps == c.cameraFps && colorTrackEnabled == c.colorTrackEnabled
                && depthTrackEnabled == c.depthTrackEnabled && irTrackEnabled == c.irTrackEnabled
                && imuTrackEnabled == c.imuTrackEnabled && depthDelayOffColorUsec == c.depthDelayOffColorUsec
                && wiredSyncMode == c.wiredSyncMode && subordinateDelayOffMasterUsec == c.subordinateDelayOffMasterUsec
                && startTimestampOffsetUsec == c.startTimestampOffsetUsec;
    }

    @Override
    public int hashCode() {
        int h = colorFormat;
        h = h * 31 + colorResolution;
        h = h * 31 + depthMode;
        h = h * 31 + cameraFps;
        h = h * 31 + (colorTrackEnabled ? 1 : 0) + (depthTrackEnabled ? 2 : 0) + (irTrackEnabled ? 4 : 0)
                + (imuTrackEnabled ? 8 : 0);
        h = h * 31 + depthDelayOffColorUsec;
        h = h * 31 + wiredSyncMode;
        h = h * 31 + Long.hashCode(subordinateDelayOffMasterUsec);
        return h * 31 + Long.hashCode(startTimestampOffsetUsec);
    }

    @Override
    public String toString() {
        return "RecordConfiguration[color format " + colorFormat + ", color resolution " + colorResolution
                + ", depth mode " + depthMode + ", fps " + getFramesPerSecond() + ", tracks" + (colorTrackEnabled ? " COLOR" : "")
                + (depthTrackEnabled ? " DEPTH" : "") + (irTrackEnabled ? " IR" : "") + (imuTrackEnabled ? " IMU" : "")
                + ", depth delay " + depthDelayOffColorUsec + " us, wired sync " + wiredSyncMode
                + ", subordinate delay " + subordinateDelayOffMasterUsec + " us, start offset "
                + startTimestampOffsetUsec + " us]";
    }
}
