/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of the three formats, parsed once on the driver and shipped to the executors with each scan.
 *
 * <ul>
 *   <li>{@code path} / {@code paths}: recordings, directories (their {@code *.mkv}) or globs;</li>
 *   <li>{@code colorFormat}: {@code stored} (default: the colour image as recorded) or {@code bgra}
 *       (MJPG, NV12 and YUY2 decoded to BGRA32 on the executor);</li>
 *   <li>{@code alignDepthToColor}: {@code true} puts depth transformed to the colour camera in the depth column (a
 *       recording with no colour camera is refused when depth or the point cloud is read);</li>
 *   <li>{@code pointCloud}: {@code true} adds the column {@code point_cloud} (x, y, z int16 triples, mm);</li>
 *   <li>{@code columns}: a comma-separated list of the top-level columns the table has (default: all);</li>
 *   <li>{@code splitDuration}: time covered by one partition of a recording ({@code 10s}, {@code 500ms},
 *       {@code 33333us}, or microseconds as a plain number); default: sized so a partition holds at most
 *       {@code spark.sql.files.maxPartitionBytes} (128 MB) of the file, in whole waves of the session's default
 *       parallelism ({@link Splitter#defaultRanges});</li>
 *   <li>{@code ignoreCorruptFiles}: {@code true} skips recordings that cannot be opened, and the rest of those
 *       that cannot be read to the end, with a warning (default: the session's
 *       {@code spark.sql.files.ignoreCorruptFiles});</li>
 *   <li>{@code decodeThreads}: colour-decode workers per playback when {@code colorFormat=bgra} ({@code 0} to
 *       {@code 4}; {@code 0} decodes on the task's thread), default {@code 1}: each task reads one playback on one
 *       core, so one worker keeps the workers from outnumbering the cores; {@code library} keeps the native
 *       library's own default (one per core, or the executor's {@code K4A4J_PLAYBACK_DECODE_THREADS});</li>
 *   <li>{@code tags}: for {@code k4a-meta}, comma-separated names of user tags to read besides the standard
 *       {@code K4A_*} ones (the C API looks tags up by name; it cannot list them).</li>
 * </ul>
 *
 * <p>Values are plain data: this class holds no native resources.
 */
final class ReadOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<String> paths;
    final boolean colorBgra;
    final boolean alignDepthToColor;
    final boolean pointCloud;
    final List<String> columns; // null: all
    final long splitDurationUsec; // 0: default
    final Boolean ignoreCorruptFiles; // null: the session's setting
    final List<String> tags;
    final int decodeThreads; // LIBRARY_DEFAULT: not set

    /** {@link #decodeThreads} when the option says {@code library}: the playback keeps its own default. */
    static final int LIBRARY_DEFAULT = -1;
    /** The {@code decodeThreads} of a read that does not set it. */
    static final int DEFAULT_DECODE_THREADS = 1;

    ReadOptions(Map<String, String> options) {
        Map<String, String> o = lowerCaseKeys(options);
        paths = parsePaths(o);
        String color = o.getOrDefault("colorformat", "stored").trim().toLowerCase(Locale.ROOT);
        if (!color.equals("stored") && !color.equals("bgra")) {
            throw new IllegalArgumentException("option colorFormat: '" + color + "' is neither 'stored' nor 'bgra'");
        }
        colorBgra = color.equals("bgra");
        alignDepthToColor = bool(o, "aligndepthtocolor");
        pointCloud = bool(o, "pointcloud");
        columns = o.containsKey("columns") ? list(o.get("columns")) : null;
        splitDurationUsec = o.containsKey("splitduration") ? parseDurationUsec(o.get("splitduration")) : 0;
        ignoreCorruptFiles = o.containsKey("ignorecorruptfiles") ? bool(o, "ignorecorruptfiles") : null;
        tags = o.containsKey("tags") ? list(o.get("tags")) : Collections.emptyList();
        decodeThreads = parseDecodeThreads(o.get("decodethreads"));
    }

    /** {@code decodeThreads}: 0 to {@code Playback.MAX_DECODE_THREADS}, {@code library}, or unset (1). */
    static int parseDecodeThreads(String text) {
        if (text == null) {
            return DEFAULT_DECODE_THREADS;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("library")) {
            return LIBRARY_DEFAULT;
        }
        int max = org.k4a4j.Playback.MAX_DECODE_THREADS;
        try {
            int value = Integer.parseInt(t);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("option decodeThreads: '" + text + "' is neither a number of colour-decode"
                + " workers from 0 to " + max + " nor 'library'");
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> options) {
        Map<String, String> o = new java.util.HashMap<>();
        options.forEach((k, v) -> o.put(k.toLowerCase(Locale.ROOT), v));
        return o;
    }

    private static boolean bool(Map<String, String> o, String key) {
        String v = o.getOrDefault(key, "false").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("option " + key + ": '" + v + "' is neither 'true' nor 'false'");
        }
        return v.equals("true");
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code path} (one), or {@code paths} (a JSON array of strings, as DataFrameReader.load(String...) sets it). */
    private static List<String> parsePaths(Map<String, String> o) {
        List<String> out = new ArrayList<>();
        if (o.containsKey("path")) {
            out.add(o.get("path"));
        }
        String many = o.get("paths");
        if (many != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(many);
            while (m.find()) {
                out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code 10s}, {@code 500ms}, {@code 250us}, {@code 2min}, or a plain number of microseconds; must be > 0. */
    static long parseDurationUsec(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String number = t;
        String[][] units = {{"min", "60000000"}, {"ms", "1000"}, {"us", "1"}, {"s", "1000000"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                number = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        long value;
        try {
            value = Math.multiplyExact(Long.parseLong(number), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("option splitDuration: '" + text + "' is not a duration such as 10s, 500ms or 33333us");
        }
        if (value <= 0) {
            throw new IllegalArgumentException("option splitDuration: '" + text + "' is not positive");
        }
        return value;
    }
}
