/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.k4a4j.k4a.k4a_device_configuration_t;

import static org.k4a4j.global.k4a.*;

/**
 * How the cameras run ({@code k4a_device_configuration_t}), e.g. for {@link Recorder#create}: an immutable
 * value made with a {@link Builder}. The defaults are those of {@code K4A_DEVICE_CONFIG_INIT_DISABLE_ALL}:
 * every camera off, MJPG colour, 30 fps, standalone, no delays.
 *
 * <pre>{@code
 * DeviceConfiguration config = DeviceConfiguration.builder()
 *         .colorFormat(K4A_IMAGE_FORMAT_COLOR_MJPG).colorResolution(K4A_COLOR_RESOLUTION_720P)
 *         .depthMode(K4A_DEPTH_MODE_NFOV_UNBINNED).cameraFps(K4A_FRAMES_PER_SECOND_30)
 *         .build();
 * }</pre>
 *
 * Values are checked by the library where they are used, not here (so a test can record bad input).
 */
public final class DeviceConfiguration {
    /** Every camera off: {@code K4A_DEVICE_CONFIG_INIT_DISABLE_ALL}. */
    public static final DeviceConfiguration DISABLE_ALL = new Builder().build();

    private final int colorFormat;
    private final int colorResolution;
    private final int depthMode;
    private final int cameraFps;
    private final boolean synchronizedImagesOnly;
    private final int depthDelayOffColorUsec;
    private final int wiredSyncMode;
    private final long subordinateDelayOffMasterUsec;
    private final boolean disableStreamingIndicator;

    private DeviceConfiguration(Builder b) {
        colorFormat = b.colorFormat;
        colorResolution = b.colorResolution;
        depthMode = b.depthMode;
        cameraFps = b.cameraFps;
        synchronizedImagesOnly = b.synchronizedImagesOnly;
        depthDelayOffColorUsec = b.depthDelayOffColorUsec;
        wiredSyncMode = b.wiredSyncMode;
        subordinateDelayOffMasterUsec = b.subordinateDelayOffMasterUsec;
        disableStreamingIndicator = b.disableStreamingIndicator;
    }

    /** A builder starting from {@link #DISABLE_ALL}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.colorFormat = colorFormat;
        b.colorResolution = colorResolution;
        b.depthMode = depthMode;
        b.cameraFps = cameraFps;
        b.synchronizedImagesOnly = synchronizedImagesOnly;
        b.depthDelayOffColorUsec = depthDelayOffColorUsec;
        b.wiredSyncMode = wiredSyncMode;
        b.subordinateDelayOffMasterUsec = subordinateDelayOffMasterUsec;
        b.disableStreamingIndicator = disableStreamingIndicator;
        return b;
    }

    /**
     * The configuration of a native struct.
     *
     * @throws IllegalArgumentException when the pointer's position is at or past its limit (no struct there)
     */
    public static DeviceConfiguration of(k4a_device_configuration_t c) {
        Checks.pointerBytes(c, Checks.notNull(c, "device configuration").sizeof(), "device configuration");
        return builder().colorFormat(c.color_format()).colorResolution(c.color_resolution()).depthMode(c.depth_mode())
                .cameraFps(c.camera_fps()).synchronizedImagesOnly(c.synchronized_images_only())
                .depthDelayOffColorUsec(c.depth_delay_off_color_usec()).wiredSyncMode(c.wired_sync_mode())
                .subordinateDelayOffMasterUsec(Integer.toUnsignedLong(c.subordinate_delay_off_master_usec()))
                .disableStreamingIndicator(c.disable_streaming_indicator()).build();
    }

    /**
     * Writes this configuration into a native struct.
     *
     * @throws IllegalArgumentException when the pointer's position is at or past its limit (no struct there)
     */
    public void copyTo(k4a_device_configuration_t c) {
        Checks.pointerBytes(c, Checks.notNull(c, "device configuration struct").sizeof(), "device configuration struct");
        c.color_format(colorFormat).color_resolution(colorResolution).depth_mode(depthMode).camera_fps(cameraFps)
                .synchronized_images_only(synchronizedImagesOnly).depth_delay_off_color_usec(depthDelayOffColorUsec)
                .wired_sync_mode(wiredSyncMode).subordinate_delay_off_master_usec((int) subordinateDelayOffMasterUsec)
                .disable_streaming_indicator(disableStreamingIndicator);
    }

    /** {@code K4A_IMAGE_FORMAT_*} of the colour camera (MJPG, NV12, YUY2 or BGRA32). */
    public int getColorFormat() {
        return colorFormat;
    }

    /** {@code K4A_COLOR_RESOLUTION_*}. */
    public int getColorResolution() {
        return colorResolution;
    }

    /** {@code K4A_DEPTH_MODE_*}. */
    public int getDepthMode() {
        return depthMode;
    }

    /** {@code K4A_FRAMES_PER_SECOND_*}. */
    public int getCameraFps() {
        return cameraFps;
    }

    public boolean isSynchronizedImagesOnly() {
        return synchronizedImagesOnly;
    }

    public int getDepthDelayOffColorUsec() {
        return depthDelayOffColorUsec;
    }

    /** {@code K4A_WIRED_SYNC_MODE_*}. */
    public int getWiredSyncMode() {
        return wiredSyncMode;
    }

    /** Unsigned 32-bit. */
    public long getSubordinateDelayOffMasterUsec() {
        return subordinateDelayOffMasterUsec;
    }

    public boolean isDisableStreamingIndicator() {
        return disableStreamingIndicator;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceConfiguration)) {
            return false;
        }
        DeviceConfiguration c = (DeviceConfiguration) o;
        return colorFormat == c.colorFormat && colorResolution == c.colorResolution && depthMode == c.depthMode
                && cameraFps == c.cameraFps && synchronizedImagesOnly == c.synchronizedImagesOnly
                && depthDelayOffColorUsec == c.depthDelayOffColorUsec && wiredSyncMode == c.wiredSyncMode
                && subordinateDelayOffMasterUsec == c.subordinateDelayOffMasterUsec
                && disableStreamingIndicator == c.disableStreamingIndicator;
    }

    @Override
    public int hashCode() {
        int h = colorFormat;
        h = h * 31 + colorResolution;
        h = h * 31 + depthMode;
        h = h * 31 + cameraFps;
        h = h * 31 + (synchronizedImagesOnly ? 1 : 0) + (disableStreamingIndicator ? 2 : 0);
        h = h * 31 + depthDelayOffColorUsec;
        h = h * 31 + wiredSyncMode;
        return h * 31 + Long.hashCode(subordinateDelayOffMasterUsec);
    }

    @Override
    public String toString() {
        return "DeviceConfiguration[color format " + colorFormat + ", color resolution " + colorResolution
                + ", depth mode " + depthMode + ", camera fps " + cameraFps + ", synchronized images only "
                + synchronizedImagesOnly + ", depth delay " + depthDelayOffColorUsec + " us, wired sync "
                + wiredSyncMode + ", subordinate delay " + subordinateDelayOffMasterUsec
                + " us, streaming indicator disabled " + disableStreamingIndicator + "]";
    }

    /** Builds a {@link DeviceConfiguration}; starts from {@link #DISABLE_ALL}. */
    public static final class Builder {
        private int colorFormat = K4A_IMAGE_FORMAT_COLOR_MJPG;
        private int colorResolution = K4A_COLOR_RESOLUTION_OFF;
        private int depthMode = K4A_DEPTH_MODE_OFF;
        private int cameraFps = K4A_FRAMES_PER_SECOND_30;
        private boolean synchronizedImagesOnly;
        private int depthDelayOffColorUsec;
        private int wiredSyncMode = K4A_WIRED_SYNC_MODE_STANDALONE;
        private long subordinateDelayOffMasterUsec;
        private boolean disableStreamingIndicator;

        private Builder() {
        }

        public Builder colorFormat(int colorFormat) {
            this.colorFormat = colorFormat;
            return this;
        }

        public Builder colorResolution(int colorResolution) {
            this.colorResolution = colorResolution;
            return this;
        }

        public Builder depthMode(int depthMode) {
            this.depthMode = depthMode;
            return this;
        }

        public Builder cameraFps(int cameraFps) {
            this.cameraFps = cameraFps;
            return this;
        }

        public Builder synchronizedImagesOnly(boolean synchronizedImagesOnly) {
            this.synchronizedImagesOnly = synchronizedImagesOnly;
            return this;
        }

        public Builder depthDelayOffColorUsec(int depthDelayOffColorUsec) {
            this.depthDelayOffColorUsec = depthDelayOffColorUsec;
            return this;
        }

        public Builder wiredSyncMode(int wiredSyncMode) {
            this.wiredSyncMode = wiredSyncMode;
            return this;
        }

        /** @throws IllegalArgumentException outside 0..2^32-1 */
        public Builder subordinateDelayOffMasterUsec(long subordinateDelayOffMasterUsec) {
            if (subordinateDelayOffMasterUsec < 0 || subordinateDelayOffMasterUsec > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("subordinateDelayOffMasterUsec " + subordinateDelayOffMasterUsec
                        + " is outside 0..4294967295 (uint32_t)");
            }
            this.subordinateDelayOffMasterUsec = subordinateDelayOffMasterUsec;
            return this;
        }

        public Builder disableStreamingIndicator(boolean disableStreamingIndicator) {
            this.disableStreamingIndicator = disableStreamingIndicator;
            return this;
        }

        public DeviceConfiguration build() {
            return new DeviceConfiguration(this);
        }
    }
}
