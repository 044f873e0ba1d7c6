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
 *         .colorFormat(ImageFormat.COLOR_MJPG).colorResolution(ColorResolution.RES_720P)
 *         .depthMode(DepthMode.NFOV_UNBINNED).cameraFps(Fps.FPS_30)
 *         .build();
 * }</pre>
 *
 * Combinations are checked by the library where they are used, not here. A configuration read from a
 * native struct ({@link #of}) keeps its values as they are, even outside the enumerations (so a test can
 * record bad input); the getters of such a value throw {@link IllegalArgumentException}.
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

    /**
     * A builder starting from {@link #DISABLE_ALL}.
     *
     * @return a builder starting from {@link #DISABLE_ALL}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a builder starting from this configuration
     */
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
     * @param c the native struct (its bytes from the pointer's position on)
     * @return the configuration of a native struct
     * @throws IllegalArgumentException when the pointer's position is at or past its limit (no struct there)
     */
    public static DeviceConfiguration of(k4a_device_configuration_t c) {
        Checks.pointerBytes(c, Checks.notNull(c, "device configuration").sizeof(), "device configuration");
        Builder b = builder().synchronizedImagesOnly(c.synchronized_images_only())
                .depthDelayOffColorUsec(c.depth_delay_off_color_usec())
                .subordinateDelayOffMasterUsec(Integer.toUnsignedLong(c.subordinate_delay_off_master_usec()))
                .disableStreamingIndicator(c.disable_streaming_indicator());
        b.colorFormat = c.color_format();
        b.colorResolution = c.color_resolution();
        b.depthMode = c.depth_mode();
        b.cameraFps = c.camera_fps();
        b.wiredSyncMode = c.wired_sync_mode();
        return b.build();
    }

    /**
     * Writes this configuration into a native struct.
     *
     * @param c the native struct (its bytes from the pointer's position on)
     * @throws IllegalArgumentException when the pointer's position is at or past its limit (no struct there)
     */
    public void copyTo(k4a_device_configuration_t c) {
        Checks.pointerBytes(c, Checks.notNull(c, "device configuration struct").sizeof(), "device configuration struct");
        c.color_format(colorFormat).color_resolution(colorResolution).depth_mode(depthMode).camera_fps(cameraFps)
                .synchronized_images_only(synchronizedImagesOnly).depth_delay_off_color_usec(depthDelayOffColorUsec)
                .wired_sync_mode(wiredSyncMode).subordinate_delay_off_master_usec((int) subordinateDelayOffMasterUsec)
                .disable_streaming_indicator(disableStreamingIndicator);
    }

    /** @return the colour camera's format (MJPG, NV12, YUY2 or BGRA32) */
    public ImageFormat getColorFormat() {
        return ImageFormat.of(colorFormat);
    }

    /** @return the colour camera's resolution */
    public ColorResolution getColorResolution() {
        return ColorResolution.of(colorResolution);
    }

    /** @return the depth camera's mode */
    public DepthMode getDepthMode() {
        return DepthMode.of(depthMode);
    }

    /** @return the frame rate of both cameras */
    public Fps getCameraFps() {
        return Fps.of(cameraFps);
    }

    /** @return whether only captures with both colour and depth images are delivered */
    public boolean isSynchronizedImagesOnly() {
        return synchronizedImagesOnly;
    }

    /** @return the delay of the depth capture after the colour capture in microseconds (may be negative) */
    public int getDepthDelayOffColorUsec() {
        return depthDelayOffColorUsec;
    }

    /** @return the wired synchronisation role */
    public WiredSyncMode getWiredSyncMode() {
        return WiredSyncMode.of(wiredSyncMode);
    }

    /** @return the delay of a subordinate after the master in microseconds (unsigned 32-bit) */
    public long getSubordinateDelayOffMasterUsec() {
        return subordinateDelayOffMasterUsec;
    }

    /** @return whether the streaming LED stays off */
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

        /**
         * @param colorFormat the colour camera's format (MJPG, NV12, YUY2 or BGRA32)
         * @return this builder
         */
        public Builder colorFormat(ImageFormat colorFormat) {
            this.colorFormat = value(colorFormat, "colorFormat").value();
            return this;
        }

        /**
         * @param colorResolution the colour camera's resolution
         * @return this builder
         */
        public Builder colorResolution(ColorResolution colorResolution) {
            this.colorResolution = value(colorResolution, "colorResolution").value();
            return this;
        }

        /**
         * @param depthMode the depth camera's mode
         * @return this builder
         */
        public Builder depthMode(DepthMode depthMode) {
            this.depthMode = value(depthMode, "depthMode").value();
            return this;
        }

        /**
         * @param cameraFps the frame rate of both cameras
         * @return this builder
         */
        public Builder cameraFps(Fps cameraFps) {
            this.cameraFps = value(cameraFps, "cameraFps").value();
            return this;
        }

        /**
         * @param synchronizedImagesOnly deliver only captures with both colour and depth images
         * @return this builder
         */
        public Builder synchronizedImagesOnly(boolean synchronizedImagesOnly) {
            this.synchronizedImagesOnly = synchronizedImagesOnly;
            return this;
        }

        /**
         * @param depthDelayOffColorUsec delay of the depth capture after the colour capture (may be negative)
         * @return this builder
         */
        public Builder depthDelayOffColorUsec(int depthDelayOffColorUsec) {
            this.depthDelayOffColorUsec = depthDelayOffColorUsec;
            return this;
        }

        /**
         * @param wiredSyncMode the wired synchronisation role
         * @return this builder
         */
        public Builder wiredSyncMode(WiredSyncMode wiredSyncMode) {
            this.wiredSyncMode = value(wiredSyncMode, "wiredSyncMode").value();
            return this;
        }

        /**
         * @param subordinateDelayOffMasterUsec delay of a subordinate after the master, 0..2^32-1
         * @return this builder
         * @throws IllegalArgumentException outside 0..2^32-1
         */
        public Builder subordinateDelayOffMasterUsec(long subordinateDelayOffMasterUsec) {
            if (subordinateDelayOffMasterUsec < 0 || subordinateDelayOffMasterUsec > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("subordinateDelayOffMasterUsec " + subordinateDelayOffMasterUsec
                        + " is outside 0..4294967295 (uint32_t)");
            }
            this.subordinateDelayOffMasterUsec = subordinateDelayOffMasterUsec;
            return this;
        }

        /**
         * @param disableStreamingIndicator keep the streaming LED off
         * @return this builder
         */
        public Builder disableStreamingIndicator(boolean disableStreamingIndicator) {
            this.disableStreamingIndicator = disableStreamingIndicator;
            return this;
        }

        /** @return the configuration */
        public DeviceConfiguration build() {
            return new DeviceConfiguration(this);
        }

        private static <T> T value(T value, String name) {
            if (value == null) {
                throw new NullPointerException(name + " is null");
            }
            return value;
        }
    }
}
