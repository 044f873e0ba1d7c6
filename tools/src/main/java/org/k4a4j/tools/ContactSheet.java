/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.*;

/** A grid of thumbnails: per capture, colour, depth, IR and (with a calibration) depth on colour. */
final class ContactSheet {
    private static final int GAP = 8;
    private static final int LABEL = 22;
    private static final int HEADER = 92;
    private static final Scalar BACKGROUND = new Scalar(34, 34, 34, 0);
    private static final Scalar TEXT = new Scalar(235, 235, 235, 0);
    private static final Scalar DIM = new Scalar(150, 150, 150, 0);
    private final String title;
    private final String subtitle;
    private final int columns;
    private final List<Mat[]> rows = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    ContactSheet(String title, String subtitle, boolean overlay) {
        this.title = title;
        this.subtitle = subtitle;
        this.columns = overlay ? 4 : 3;
    }

    void add(int index, long timestampUsec, Mat color, Mat depth, Mat ir, Mat overlay) {
        Mat[] cells = new Mat[columns];
        Mat[] sources = {color, depth, ir, overlay};
        for (int i = 0; i < columns; i++) {
            cells[i] = sources[i] == null ? null : thumbnail(sources[i]);
        }
        rows.add(cells);
        labels.add(String.format(Locale.ROOT, "#%d   %s", index,
                timestampUsec < 0 ? "" : String.format(Locale.ROOT, "%.3f s", timestampUsec / 1e6)));
    }

    private static Mat thumbnail(Mat source) {
        double scale = Math.min(ExportRecording.THUMB_W / (double) source.cols(), ExportRecording.THUMB_H / (double) source.rows());
        Mat small = new Mat();
        resize(source, small, new Size(Math.max(1, (int) Math.round(source.cols() * scale)),
                Math.max(1, (int) Math.round(source.rows() * scale))), 0, 0, INTER_AREA);
        return small;
    }

    Mat render() {
        int n = Math.max(1, rows.size());
        int blocks = n > 6 ? 2 : 1;
        int perBlock = (n + blocks - 1) / blocks;
        int blockW = columns * (ExportRecording.THUMB_W + GAP) - GAP;
        int width = 2 * GAP + blocks * blockW + (blocks - 1) * 3 * GAP;
        int columnTitles = 24;
        int height = HEADER + columnTitles + perBlock * (LABEL + ExportRecording.THUMB_H + GAP) + GAP;
        Mat sheet = new Mat(height, width, CV_8UC3, BACKGROUND);
        text(sheet, "k4a4j ExportRecording: " + title, 12, 30, 0.8, TEXT, 2);
        text(sheet, subtitle, 12, 58, 0.55, DIM, 1);
        text(sheet, "depth: TURBO " + ExportRecording.DEPTH_MIN_MM + "-" + ExportRecording.DEPTH_MAX_MM + " mm (blue near, red far)   IR: INFERNO 0-"
                + ExportRecording.IR_MAX + "   black = no data", 12, 82, 0.5, DIM, 1);
        String[] names = {"colour", "depth", "IR", "depth on colour"};
        for (int b = 0; b < blocks; b++) {
            int x0 = GAP + b * (blockW + 3 * GAP);
            for (int c = 0; c < columns; c++) {
                text(sheet, names[c], x0 + c * (ExportRecording.THUMB_W + GAP), HEADER + 16, 0.55, TEXT, 1);
            }
        }
        if (rows.isEmpty()) {
            text(sheet, "(no captures)", GAP, HEADER + columnTitles + 40, 0.7, TEXT, 1);
        }
        for (int r = 0; r < rows.size(); r++) {
            int b = r / perBlock;
            int x0 = GAP + b * (blockW + 3 * GAP);
            int y0 = HEADER + columnTitles + (r % perBlock) * (LABEL + ExportRecording.THUMB_H + GAP);
            text(sheet, labels.get(r), x0, y0 + 16, 0.5, DIM, 1);
            Mat[] cells = rows.get(r);
            for (int c = 0; c < columns; c++) {
                int x = x0 + c * (ExportRecording.THUMB_W + GAP);
                int y = y0 + LABEL;
                Mat cell = cells[c];
                if (cell == null) {
                    rectangle(sheet, new Rect(x, y, ExportRecording.THUMB_W, ExportRecording.THUMB_H), new Scalar(60, 60, 60, 0), 1, LINE_8, 0);
                    text(sheet, "none", x + ExportRecording.THUMB_W / 2 - 20, y + ExportRecording.THUMB_H / 2, 0.5, DIM, 1);
                    continue;
                }
                int dx = x + (ExportRecording.THUMB_W - cell.cols()) / 2;
                int dy = y + (ExportRecording.THUMB_H - cell.rows()) / 2;
                Mat roi = new Mat(sheet, new Rect(dx, dy, cell.cols(), cell.rows()));
                cell.copyTo(roi);
                roi.close();
                cell.close();
            }
        }
        return sheet;
    }

    private static void text(Mat m, String s, int x, int y, double scale, Scalar color, int thickness) {
        putText(m, s, new Point(x, y), FONT_HERSHEY_SIMPLEX, scale, color, thickness, LINE_AA, false);
    }
}
