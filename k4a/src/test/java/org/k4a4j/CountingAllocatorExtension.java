/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(CountingAllocatorExtension.class)}: the test class runs with the {@link CountingAllocator}
 * installed as libk4a's allocator (from before the first test to after the last), and after each test (after
 * its own {@code @AfterEach} methods) every image buffer of libk4a must have been freed, with no bad frees, and
 * every caller buffer wrapped into an image given back.
 *
 * <p>That accounting is k4a4j's own: under another libk4a (the vendor-lib profile, which sets
 * {@code k4a4j.vendorProfile}) the extension stands aside, and the tests that read the counts are tagged
 * {@code k4a4j-native}.
 */
public final class CountingAllocatorExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** False under another libk4a (the vendor-lib profile). */
    static boolean active() {
        return !Boolean.getBoolean("k4a4j.vendorProfile");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (active()) {
            CountingAllocator.install();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!active()) {
            return;
        }
        CountingAllocator.awaitAllReleased("every image buffer of libk4a freed and every wrapped buffer given back at the end of "
                + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (active()) {
            CountingAllocator.uninstall();
        }
    }
}
