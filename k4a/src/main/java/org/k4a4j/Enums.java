/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.util.function.ToIntFunction;

/** The lookup shared by the Java enums of the k4a enumerations. */
final class Enums {
    private Enums() {
    }

    /** The constant of {@code values} whose value is {@code value}, or an exception naming it and the type. */
    static <E extends Enum<E>> E of(E[] values, int value, ToIntFunction<E> valueOf, String cType) {
        for (E e : values) {
            if (valueOf.applyAsInt(e) == value) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E e : values) {
            known.append(known.length() == 0 ? "" : ", ").append(e).append(" = ").append(valueOf.applyAsInt(e));
        }
        throw new IllegalArgumentException(value + " is not a " + cType + " value (" + known + ")");
    }
}
