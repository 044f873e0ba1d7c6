/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.k4a4j.k4a.k4a_float3_t;
import org.k4a4j.k4a.k4a_imu_sample_t;

/**
 * One sample of the inertial sensors ({@code k4a_imu_sample_t}): an immutable value. Accelerometer in m/s²,
 * gyroscope in rad/s, each in its own sensor's coordinates (see {@link Calibration#getExtrinsics}), with device
 * timestamps in microseconds (unsigned) and the sensor temperature in °C (NaN when unknown: recordings do not
 * store it).
 */
public final class ImuSample {
    private final float temperatureC;
    private final Float3 acc;
    private final long accTimestampUsec;
    private final Float3 gyro;
    private final long gyroTimestampUsec;

    /**
     * A sample.
     * @param temperatureC sensor temperature in degrees Celsius
     * @param acc acceleration in m/s^2 (x, y, z)
     * @param accTimestampUsec device timestamp of the acceleration in microseconds
     * @param gyro angular velocity in rad/s (x, y, z)
     * @param gyroTimestampUsec device timestamp of the angular velocity in microseconds
     */
    public ImuSample(float temperatureC, Float3 acc, long accTimestampUsec, Float3 gyro, long gyroTimestampUsec) {
        if (acc == null || gyro == null) {
            throw new NullPointerException(acc == null ? "acc is null" : "gyro is null");
        }
        this.temperatureC = temperatureC;
        this.acc = acc;
        this.accTimestampUsec = accTimestampUsec;
        this.gyro = gyro;
        this.gyroTimestampUsec = gyroTimestampUsec;
    }

    static ImuSample of(k4a_imu_sample_t s) {
        k4a_float3_t a = s.acc_sample();
        k4a_float3_t g = s.gyro_sample();
        return new ImuSample(s.temperature(), new Float3(a.v(0), a.v(1), a.v(2)), s.acc_timestamp_usec(),
                new Float3(g.v(0), g.v(1), g.v(2)), s.gyro_timestamp_usec());
    }

    void copyTo(k4a_imu_sample_t s) {
        s.temperature(temperatureC);
        s.acc_sample().v(0, acc.x()).v(1, acc.y()).v(2, acc.z());
        s.acc_timestamp_usec(accTimestampUsec);
        s.gyro_sample().v(0, gyro.x()).v(1, gyro.y()).v(2, gyro.z());
        s.gyro_timestamp_usec(gyroTimestampUsec);
    }

    /**
     * Sensor temperature in °C; NaN when unknown.
     *
     * @return sensor temperature in °C; NaN when unknown
     */
    public float getTemperatureC() {
        return temperatureC;
    }

    /**
     * Acceleration in m/s² (x, y, z in the accelerometer's coordinates).
     *
     * @return acceleration in m/s² (x, y, z in the accelerometer's coordinates)
     */
    public Float3 getAcc() {
        return acc;
    }

    /**
     * Device timestamp of the accelerometer reading in microseconds (unsigned).
     *
     * @return device timestamp of the accelerometer reading in microseconds (unsigned)
     */
    public long getAccTimestampUsec() {
        return accTimestampUsec;
    }

    /**
     * Angular velocity in rad/s (x, y, z in the gyroscope's coordinates).
     *
     * @return angular velocity in rad/s (x, y, z in the gyroscope's coordinates)
     */
    public Float3 getGyro() {
        return gyro;
    }

    /**
     * Device timestamp of the gyroscope reading in microseconds (unsigned).
     *
     * @return device timestamp of the gyroscope reading in microseconds (unsigned)
     */
    public long getGyroTimestampUsec() {
        return gyroTimestampUsec;
    }

    /** Equal when every field is equal (floats by their bits, so NaN temperatures are equal). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImuSample)) {
            return false;
        }
        ImuSample s = (ImuSample) o;
        return Float.floatToIntBits(temperatureC) == Float.floatToIntBits(s.temperatureC) && acc.equals(s.acc)
                && accTimestampUsec == s.accTimestampUsec && gyro.equals(s.gyro)
                && gyroTimestampUsec == s.gyroTimestampUsec;
    }

    @Override
    public int hashCode() {
        return ((acc.hashCode() * 31 + gyro.hashCode()) * 31 + Long.hashCode(accTimestampUsec)) * 31
                + Long.hashCode(gyroTimestampUsec);
    }

    @Override
    public String toString() {
        return "ImuSample[acc " + acc + " m/s² at " + Long.toUnsignedString(accTimestampUsec) + " us, gyro " + gyro
                + " rad/s at " + Long.toUnsignedString(gyroTimestampUsec) + " us, " + temperatureC + " C]";
    }
}
