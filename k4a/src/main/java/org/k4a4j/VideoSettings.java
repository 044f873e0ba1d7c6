/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * Size and frame rate of a video track ({@code k4a_record_video_settings_t}): an immutable value. The fields
 * are unsigned 64-bit in C; values up to {@link Long#MAX_VALUE} are accepted.
 */
public final class VideoSettings {
    private final long width;
    private final long height;
    private final long frameRate;

    /**
     * @param width the width
     * @param height the height
     * @param frameRate the frameRate
     * @throws IllegalArgumentException for a negative value
     */
    public VideoSettings(long width, long height, long frameRate) {
        if (width < 0 || height < 0 || frameRate < 0) {
            throw new IllegalArgumentException("video settings must not be negative: " + width + "x" + height + " at "
                    + frameRate + " fps");
        }
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
    }

    /** @return the width in pixels */
    public long getWidth() {
        return width;
    }

    /** @return the height in pixels */
    public long getHeight() {
        return height;
    }

    /**
     * Frames per second.
     *
     * @return frames per second
     */
    public long getFrameRate() {
        return frameRate;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VideoSettings)) {
            return false;
        }
        VideoSettings v = (VideoSettings) o;
        return width == v.width && height == v.height && frameRate == v.frameRate;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(width) * 31 + Long.hashCode(height)) * 31 + Long.hashCode(frameRate);
    }

    @Override
    public String toString() {
        return width + "x" + height + " at " + frameRate + " fps";
    }
}
