/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import static org.k4a4j.global.k4a.*;

/**
 * How a device takes part in wired synchronisation ({@code k4a_wired_sync_mode_t}).
 * {@link #value()} is the C value, {@link #of(int)} the constant of a C value, {@link #toString()} the C name.
 */
public enum WiredSyncMode {
    /** Neither drives nor follows the sync cable. */
    STANDALONE(K4A_WIRED_SYNC_MODE_STANDALONE),
    /** Drives the sync-out cable. */
    MASTER(K4A_WIRED_SYNC_MODE_MASTER),
    /** Follows the sync-in cable. */
    SUBORDINATE(K4A_WIRED_SYNC_MODE_SUBORDINATE);

    private static final WiredSyncMode[] VALUES = values();
    private final int value;

    WiredSyncMode(int value) {
        this.value = value;
    }

    /** @return the {@code k4a_wired_sync_mode_t} value */
    public int value() {
        return value;
    }

    /**
     * The constant of a {@code k4a_wired_sync_mode_t} value.
     *
     * @param value a {@code k4a_wired_sync_mode_t} value
     * @return its constant
     * @throws IllegalArgumentException when the value is not one of {@code k4a_wired_sync_mode_t}
     */
    public static WiredSyncMode of(int value) {
        return Enums.of(VALUES, value, WiredSyncMode::value, "k4a_wired_sync_mode_t");
    }

    /** @return the C name, e.g. {@code K4A_WIRED_SYNC_MODE_STANDALONE} */
    @Override
    public String toString() {
        return "K4A_WIRED_SYNC_MODE_" + name();
    }
}
