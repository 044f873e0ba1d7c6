/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.LongAdder;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.bytedeco.javacpp.BytePointer;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;

/**
 * Builds Spark's internal rows for exactly the columns a query reads (the pruned schema, nested fields
 * included), so what is not selected is never computed or copied: rows of the small tables ask for each value
 * by name ({@link #of}); the capture rows, built per capture, switch on positions resolved once per reader
 * ({@link #fields}, {@link #image}).
 */
final class Rows {
    private Rows() {
    }

    /** A row of the given schema whose value for each column is {@code values.apply(name)}. */
    static InternalRow of(StructType schema, Function<String, Object> values) {
        StructField[] fields = schema.fields();
        Object[] row = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            row[i] = values.apply(fields[i].name());
        }
        return new GenericInternalRow(row);
    }

    /**
     * Where each field of a (possibly pruned) struct comes from: the position of each of {@code schema}'s fields
     * in {@code names}, resolved once per reader so that building a row switches on ints, not on names.
     *
     * @throws IllegalArgumentException for a field that is not among {@code names}
     */
    static int[] fields(StructType schema, String[] names) {
        StructField[] fields = schema.fields();
        int[] out = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            out[i] = java.util.Arrays.asList(names).indexOf(fields[i].name());
            if (out[i] < 0) {
                throw new IllegalArgumentException("no field " + fields[i].name() + " in " + String.join(", ", names));
            }
        }
        return out;
    }

    /** The fields of {@link Schemas#IMAGE}, in its order (the positions {@link #image} switches on). */
    private static final String[] IMAGE_FIELDS = Schemas.IMAGE.fieldNames();
    /** {@code format} values, by {@link ImageFormat#ordinal()} (UTF8String is immutable: rows may share them). */
    private static final UTF8String[] FORMATS = java.util.Arrays.stream(ImageFormat.values())
            .map(f -> str(Schemas.imageFormat(f))).toArray(UTF8String[]::new);

    /** {@link #fields} of an image struct ({@link Schemas#IMAGE} or the part of it a query reads). */
    static int[] imageFields(StructType schema) {
        return fields(schema, IMAGE_FIELDS);
    }

    /**
     * An image struct ({@link Schemas#IMAGE}, or the part of it the query reads: {@code fields} from
     * {@link #imageFields}), or null for no image. The buffer is copied (and {@code copies} counted) only when
     * {@code data} is read.
     */
    static InternalRow image(int[] fields, Image image, LongAdder copies) {
        if (image == null) {
            return null;
        }
        Object[] row = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            row[i] = imageField(fields[i], image, copies);
        }
        return new GenericInternalRow(row);
    }

    /** Field {@code field} of {@link Schemas#IMAGE} (its position there) for an image. */
    private static Object imageField(int field, Image image, LongAdder copies) {
        switch (field) {
            case 0: // data
                copies.increment();
                return bytes(image);
            case 1: // format
                return FORMATS[image.getFormat().ordinal()];
            case 2: // width
                return image.getWidthPixels();
            case 3: // height
                return image.getHeightPixels();
            case 4: // stride
                return image.getStrideBytes();
            case 5: // device_timestamp
                return image.getDeviceTimestampUsec();
            case 6: // system_timestamp
                return image.getSystemTimestampNsec();
            case 7: // exposure
                return image.getExposureUsec();
            case 8: // white_balance
                return image.getWhiteBalance();
            case 9: // iso_speed
                return image.getIsoSpeed();
            default:
                throw new IllegalArgumentException("no image field " + field);
        }
    }

    /** The image's buffer, copied (16-bit pixels stay little-endian, as in memory on every supported platform). */
    static byte[] bytes(Image image) {
        try (BytePointer pixels = image.getBufferPointer()) {
            long size = pixels.limit();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("an image of " + size + " bytes does not fit in a binary value");
            }
            byte[] out = new byte[(int) size];
            pixels.get(out);
            return out;
        }
    }

    static UTF8String str(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }

    static ArrayData strings(List<String> values) {
        Object[] out = new Object[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = str(values.get(i));
        }
        return new GenericArrayData(out);
    }

    static MapData map(Map<String, String> values) {
        Object[] keys = new Object[values.size()];
        Object[] vals = new Object[values.size()];
        int i = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            keys[i] = str(e.getKey());
            vals[i++] = str(e.getValue());
        }
        return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(vals));
    }

    /** The struct type of a (possibly pruned) struct column, or null when the schema lacks the column. */
    static StructType struct(StructType schema, String column) {
        scala.Option<Object> i = schema.getFieldIndex(column);
        return i.isEmpty() ? null : (StructType) schema.fields()[(Integer) i.get()].dataType();
    }

    static boolean has(StructType schema, String column) {
        return schema.getFieldIndex(column).isDefined();
    }
}
