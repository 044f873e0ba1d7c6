/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

/**
 * A native k4a call failed. The message is what the library logged about the failure on the calling
 * thread (it names the function and the bad argument), or says that nothing was logged.
 */
public final class K4aException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The k4a function that failed. */
    private final String function;
    /** What the library logged about the failure, or null. */
    private final String nativeMessage;

    /**
     * @param function      the native function that failed, e.g. {@code k4a_image_create}
     * @param nativeMessage what the library logged about it, or null when it logged nothing
     */
    public K4aException(String function, String nativeMessage) {
        super(nativeMessage != null && !nativeMessage.isEmpty() ? nativeMessage
                : function + " failed (the library logged no reason)");
        this.function = function;
        this.nativeMessage = nativeMessage;
    }

    /**
     * The native function that failed.
     *
     * @return the native function that failed
     */
    public String getFunction() {
        return function;
    }

    /**
     * The error message(s) the library logged during the failed call, or null when there were none.
     *
     * @return the error message(s) the library logged during the failed call, or null when there were none
     */
    public String getNativeMessage() {
        return nativeMessage;
    }
}
