/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
final class Progress {
    private static final int WIDTH = 30;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;
    private int total;

    Progress(String label) {
        this.label = label;
    }

    void update(int done, int total) {
        this.done = done;
        this.total = total;
        long now = System.nanoTime();
        if (done == total || now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        if (total <= 0) {
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        StringBuilder bar = new StringBuilder(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : i == filled ? '>' : '.');
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, ", %.0f s left", (total - done) / rate) : "";
        System.err.printf(Locale.ROOT, "\r%-10s [%s] %d/%d  %.1f/s%s   ", label, bar, done, total, rate, eta);
        System.err.flush();
    }

    void done() {
        if (total > 0) {
            draw();
            System.err.println();
        }
    }
}
