/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * The firmware versions of a device ({@code k4a_hardware_version_t}): an immutable value. A virtual device
 * knows the colour and depth firmware versions its recording names (0.0.0 when it names none) and nothing of
 * the others (0.0.0).
 */
public final class HardwareVersion {
    private final Version rgb;
    private final Version depth;
    private final Version audio;
    private final Version depthSensor;
    private final int firmwareBuild;
    private final int firmwareSignature;

    HardwareVersion(Version rgb, Version depth, Version audio, Version depthSensor, int firmwareBuild,
            int firmwareSignature) {
        this.rgb = rgb;
        this.depth = depth;
        this.audio = audio;
        this.depthSensor = depthSensor;
        this.firmwareBuild = firmwareBuild;
        this.firmwareSignature = firmwareSignature;
    }

    /**
     * The colour camera's firmware.
     *
     * @return the colour camera's firmware version (a value: nothing to close)
     */
    public Version getRgb() {
        return rgb;
    }

    /**
     * The depth camera's firmware.
     *
     * @return the depth camera's firmware version (a value: nothing to close)
     */
    public Version getDepth() {
        return depth;
    }

    /**
     * The audio (microphone array) firmware.
     *
     * @return the audio firmware version (a value: nothing to close)
     */
    public Version getAudio() {
        return audio;
    }

    /**
     * The depth sensor's firmware.
     *
     * @return the depth sensor's firmware version (a value: nothing to close)
     */
    public Version getDepthSensor() {
        return depthSensor;
    }

    /**
     * {@code K4A_FIRMWARE_BUILD_*}.
     *
     * @return the firmware build, a {@code K4A_FIRMWARE_BUILD_*} value (release or debug)
     */
    public int getFirmwareBuild() {
        return firmwareBuild;
    }

    /**
     * {@code K4A_FIRMWARE_SIGNATURE_*}.
     *
     * @return the firmware signature, a {@code K4A_FIRMWARE_SIGNATURE_*} value (MSFT, test or unsigned)
     */
    public int getFirmwareSignature() {
        return firmwareSignature;
    }

    @Override
    public String toString() {
        return "HardwareVersion[rgb " + rgb + ", depth " + depth + ", audio " + audio + ", depth sensor " + depthSensor
                + ", build " + firmwareBuild + ", signature " + firmwareSignature + "]";
    }

    /** One version number ({@code k4a_version_t}): major.minor.iteration, each unsigned. */
    public static final class Version {
        private final int major;
        private final int minor;
        private final int iteration;

        Version(int major, int minor, int iteration) {
            this.major = major;
            this.minor = minor;
            this.iteration = iteration;
        }

        /**
         * The major number (unsigned).
         *
         * @return the major number, to read as unsigned ({@link Integer#toUnsignedLong})
         */
        public int getMajor() {
            return major;
        }

        /**
         * The minor number (unsigned).
         *
         * @return the minor number, to read as unsigned ({@link Integer#toUnsignedLong})
         */
        public int getMinor() {
            return minor;
        }

        /**
         * The iteration (unsigned).
         *
         * @return the iteration, to read as unsigned ({@link Integer#toUnsignedLong})
         */
        public int getIteration() {
            return iteration;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Version && ((Version) o).major == major && ((Version) o).minor == minor
                    && ((Version) o).iteration == iteration;
        }

        @Override
        public int hashCode() {
            return (major * 31 + minor) * 31 + iteration;
        }

        /** e.g. {@code "1.6.110"} */
        @Override
        public String toString() {
            return Integer.toUnsignedString(major) + "." + Integer.toUnsignedString(minor) + "."
                    + Integer.toUnsignedString(iteration);
        }
    }
}
