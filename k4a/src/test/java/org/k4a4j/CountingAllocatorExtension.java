/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code @ExtendWith(CountingAllocatorExtension.class)}: the test class runs with the {@link CountingAllocator}
 * installed as libk4a's allocator (from before the first test to after the last), and after each test (after
 * its own {@code @AfterEach} methods) every allocation of libk4a must have been freed, with no bad frees, and
 * every caller buffer wrapped into an image given back.
 */
public final class CountingAllocatorExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        CountingAllocator.install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CountingAllocator.awaitLive(0, "every allocation of libk4a freed at the end of " + context.getDisplayName());
        assertEquals(0, Image.wrappedBufferCount(), "every wrapped buffer given back");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        CountingAllocator.uninstall();
    }
}
