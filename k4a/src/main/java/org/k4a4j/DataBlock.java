/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One block of a custom track of a recording ({@code k4a_playback_data_block_t}), <b>copied out</b>: a value
 * that owns no native memory and needs no closing. The native block is released before the
 * {@code DataBlock} is returned (custom tracks carry small blocks: labels, poses, sensor readings), so it stays
 * valid whatever happens to the playback.
 */
public final class DataBlock {
    private final long deviceTimestampUsec;
    private final byte[] data;

    DataBlock(long deviceTimestampUsec, byte[] data) {
        this.deviceTimestampUsec = deviceTimestampUsec;
        this.data = data;
    }

    /**
     * Device timestamp in microseconds (unsigned).
     *
     * @return device timestamp in microseconds (unsigned)
     */
    public long getDeviceTimestampUsec() {
        return deviceTimestampUsec;
    }

    /**
     * Bytes of the block.
     *
     * @return bytes of the block
     */
    public int size() {
        return data.length;
    }

    /**
     * A copy of the bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] getData() {
        return data.clone();
    }

    /**
     * The bytes as a read-only buffer (no copy).
     *
     * @return the bytes as a read-only buffer (no copy)
     */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataBlock)) {
            return false;
        }
        DataBlock b = (DataBlock) o;
        return deviceTimestampUsec == b.deviceTimestampUsec && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(deviceTimestampUsec) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DataBlock[" + data.length + " bytes at " + Long.toUnsignedString(deviceTimestampUsec) + " us]";
    }
}
