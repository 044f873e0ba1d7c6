/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A small JSON writer (the tool needs no JSON library for this): objects and arrays indented by two
 * spaces, arrays of numbers on one line. Numbers that are not finite are written as strings ("NaN",
 * "Infinity"), as in the project's test data.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One entry per open container: the number of members written so far; negative for a one-line array. */
    private final Deque<int[]> open = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter beginObject() {
        prefix();
        out.append('{');
        open.push(new int[] {0, 0});
        return this;
    }

    JsonWriter endObject() {
        int[] top = open.pop();
        if (top[0] > 0) {
            newline();
        }
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        prefix();
        out.append('[');
        open.push(new int[] {0, 0});
        return this;
    }

    /** An array whose values are written on one line (for numbers). */
    JsonWriter beginInlineArray() {
        prefix();
        out.append('[');
        open.push(new int[] {0, 1});
        return this;
    }

    JsonWriter endArray() {
        int[] top = open.pop();
        if (top[0] > 0 && top[1] == 0) {
            newline();
        }
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        prefix();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        prefix();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(long v) {
        prefix();
        out.append(v);
        return this;
    }

    JsonWriter value(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return value(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
        prefix();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            // 7 significant digits, no trailing zeros (BigDecimal's text is valid JSON: 0.001, 1.5E-7)
            out.append(new java.math.BigDecimal(v, new java.math.MathContext(7)).stripTrailingZeros().toString());
        }
        return this;
    }

    JsonWriter value(boolean v) {
        prefix();
        out.append(v);
        return this;
    }

    JsonWriter nullValue() {
        prefix();
        out.append("null");
        return this;
    }

    /** name: value shortcuts. */
    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    /** name: [x, y, z] */
    JsonWriter field(String name, double[] values) {
        name(name).beginInlineArray();
        for (double v : values) {
            value(v);
        }
        return endArray();
    }

    @Override
    public String toString() {
        return out.toString() + "\n";
    }

    /** A comma and a new line before a member, except the first and a value right after its name. */
    private void prefix() {
        if (afterName) {
            afterName = false;
            return;
        }
        int[] top = open.peek();
        if (top == null) {
            return;
        }
        if (top[0] > 0) {
            out.append(top[1] == 1 ? ", " : ",");
        }
        if (top[1] == 0) {
            newline();
        }
        top[0]++;
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < open.size(); i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
