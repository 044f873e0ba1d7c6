/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scan of the {@code k4a} table, planned on the driver: each recording is opened once for its length and
 * frame rate and cut into time ranges ({@link Splitter}); time filters on {@code timestamp} (comparisons,
 * {@code BETWEEN}) are applied exactly by the readers, so they drop whole ranges and narrow the rest; the
 * columns the query reads decide what the readers decode. When a query reads {@code index} and a range starts
 * mid-file, the driver first counts the captures before it (one pass over that file, decoding nothing).
 */
final class CaptureScan implements Scan, Batch {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureScan.class);

    /** Collects the pruned columns and the time filters. */
    static final class Builder extends PrunedScanBuilder implements SupportsPushDownFilters {
        private long from = Long.MIN_VALUE;
        private long to = Long.MAX_VALUE;
        private final List<Filter> pushed = new ArrayList<>();

        Builder(ReadOptions options, StructType schema) {
            super(options, schema);
        }

        @Override
        public Filter[] pushFilters(Filter[] filters) {
            List<Filter> rest = new ArrayList<>();
            for (Filter f : filters) {
                if (narrow(f)) {
                    pushed.add(f);
                } else {
                    rest.add(f);
                }
            }
            return rest.toArray(new Filter[0]);
        }

        /** Narrows [from, to) by a comparison of {@code timestamp} with an integer; false for any other filter. */
        private boolean narrow(Filter f) {
            if (f instanceof GreaterThan g && isTime(g.attribute(), g.value())) {
                from = Math.max(from, plusOne(g.value()));
            } else if (f instanceof GreaterThanOrEqual g && isTime(g.attribute(), g.value())) {
                from = Math.max(from, ((Number) g.value()).longValue());
            } else if (f instanceof LessThan l && isTime(l.attribute(), l.value())) {
                to = Math.min(to, ((Number) l.value()).longValue());
            } else if (f instanceof LessThanOrEqual l && isTime(l.attribute(), l.value())) {
                to = Math.min(to, plusOne(l.value()));
            } else if (f instanceof EqualTo e && isTime(e.attribute(), e.value())) {
                from = Math.max(from, ((Number) e.value()).longValue());
                to = Math.min(to, plusOne(e.value()));
            } else {
                return false;
            }
            return true;
        }

        private static boolean isTime(String column, Object value) {
            return column.equals("timestamp")
                    && (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte);
        }

        private static long plusOne(Object value) {
            long v = ((Number) value).longValue();
            return v == Long.MAX_VALUE ? v : v + 1;
        }

        @Override
        public Filter[] pushedFilters() {
            return pushed.toArray(new Filter[0]);
        }

        @Override
        public Scan build() {
            return new CaptureScan(options, schema, from, to);
        }
    }

    private final ReadOptions options;
    private final StructType schema;
    private final long from;
    private final long to;
    private final boolean ignoreCorruptFiles;

    private CaptureScan(ReadOptions options, StructType schema, long from, long to) {
        this.options = options;
        this.schema = schema;
        this.from = from;
        this.to = to;
        this.ignoreCorruptFiles = Driver.ignoreCorruptFiles(options);
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return "k4a captures" + (from != Long.MIN_VALUE || to != Long.MAX_VALUE ? " with timestamp in [" + from + ", " + to + ")" : "")
                + ", columns " + Arrays.toString(schema.fieldNames());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<RecordingInfo> recordings = new ArrayList<>();
        for (String path : Driver.files(options)) {
            try {
                recordings.add(RecordingInfo.read(path));
            } catch (RuntimeException e) {
                String message = "k4a: cannot open recording " + path + ": " + e.getMessage();
                if (!ignoreCorruptFiles) {
                    throw new IllegalArgumentException(message, e);
                }
                LOG.warn("{} (ignoreCorruptFiles: skipped)", message);
            }
        }
        if (options.alignDepthToColor && (Rows.has(schema, "depth") || Rows.has(schema, "point_cloud"))) {
            // an option this recording cannot honour, not damage: refused whatever ignoreCorruptFiles says
            for (RecordingInfo info : recordings) {
                if (!info.colorCamera) {
                    throw new IllegalArgumentException("k4a: option alignDepthToColor: recording " + info.path
                            + " has no colour camera to align depth to (read it without the option)");
                }
            }
        }
        long[] counts = options.splitDurationUsec > 0 ? null
                : Splitter.defaultRanges(recordings, Driver.maxPartitionBytes(), Driver.parallelism());
        boolean needIndex = Rows.has(schema, "index");
        List<InputPartition> out = new ArrayList<>();
        for (int f = 0; f < recordings.size(); f++) {
            RecordingInfo info = recordings.get(f);
            List<CaptureRange> ranges = counts == null ? Splitter.split(info, options.splitDurationUsec, from, to)
                    : Splitter.splitInto(info, counts[f], from, to);
            if (needIndex && ranges.stream().anyMatch(CaptureRange::seeks)) {
                long[] keys = info.captureKeys();
                for (int i = 0; i < ranges.size(); i++) {
                    ranges.set(i, ranges.get(i).withBaseIndex(countBelow(keys, ranges.get(i).lo)));
                }
            }
            out.addAll(ranges);
        }
        return out.toArray(new InputPartition[0]);
    }

    /** How many keys (sorted, non-decreasing) are below {@code lo}. */
    private static long countBelow(long[] keys, long lo) {
        int a = 0;
        int b = keys.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (keys[m] < lo) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        final ReadOptions o = options;
        final StructType s = schema;
        final boolean ignore = ignoreCorruptFiles;
        return partition -> new CaptureReader((CaptureRange) partition, o, s, ignore);
    }
}
