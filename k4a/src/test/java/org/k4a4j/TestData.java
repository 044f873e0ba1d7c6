/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference vectors of ../shared/testdata (system property {@code k4a4j.testdata}) for the tests: manifests,
 * payloads, enum names, floats written as text, sha256 (a test helper).
 */
public final class TestData {
    private static final Map<String, Integer> CONSTANTS = new HashMap<>();
    private static final Map<String, JsonObject> MANIFESTS = new HashMap<>();

    static {
        for (Class<?> c : new Class<?>[] {org.k4a4j.global.k4a.class, org.k4a4j.global.k4arecord.class}) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                    try {
                        CONSTANTS.put(f.getName(), f.getInt(null));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    private TestData() {
    }

    /** The testdata root; the calling test is skipped when it is not there. */
    public static Path root() {
        String property = System.getProperty("k4a4j.testdata", "../../shared/testdata");
        Path root = Paths.get(property);
        assumeTrue(Files.isDirectory(root), "no reference test data at " + root.toAbsolutePath());
        return root;
    }

    /** A file of a set, e.g. file("playback", "pyk4a_recording.mkv"). */
    public static Path file(String set, String name) {
        return root().resolve(set).resolve(name);
    }

    /** The manifest of a set (parsed once). */
    public static synchronized JsonObject manifest(String set) {
        JsonObject m = MANIFESTS.get(set);
        if (m == null) {
            try (Reader r = Files.newBufferedReader(file(set, "manifest.json"), StandardCharsets.UTF_8)) {
                m = JsonParser.parseReader(r).getAsJsonObject();
            } catch (IOException e) {
                throw new AssertionError("cannot read the manifest of " + set, e);
            }
            MANIFESTS.put(set, m);
        }
        return m;
    }

    /** The uncompressed bytes of a payload (.bin.gz) of a set. */
    public static byte[] payload(String set, JsonObject descriptor) {
        Path path = file(set, descriptor.get("file").getAsString());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            byte[] bytes = in.readAllBytes();
            if (!sha256(bytes).equals(descriptor.get("sha256").getAsString())) {
                throw new AssertionError("payload " + path + " does not match its sha256");
            }
            return bytes;
        } catch (IOException e) {
            throw new AssertionError("cannot read payload " + path, e);
        }
    }

    /** A payload as a new k4a image of its format, size and stride. */
    public static Image image(String set, JsonObject descriptor) {
        return image(set, descriptor, constant(descriptor.get("format")));
    }

    /** A payload as a new k4a image of a given format. */
    public static Image image(String set, JsonObject descriptor, int format) {
        byte[] bytes = payload(set, descriptor);
        Image image = Image.create(ImageFormat.of(format), descriptor.get("width").getAsInt(), descriptor.get("height").getAsInt(),
                descriptor.get("stride_bytes").getAsInt());
        image.getBuffer().put(bytes);
        return image;
    }

    /** The value of a C enum name (e.g. "K4A_DEPTH_MODE_NFOV_UNBINNED"), or a plain integer. */
    public static int constant(JsonElement e) {
        if (e.getAsJsonPrimitive().isNumber()) {
            return e.getAsInt();
        }
        Integer v = CONSTANTS.get(e.getAsString());
        if (v == null) {
            throw new AssertionError("unknown constant " + e);
        }
        return v;
    }

    /** A float32 written as a number or as "NaN", "Infinity", "-Infinity". */
    public static float f32(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString()) {
                case "NaN":
                    return Float.NaN;
                case "Infinity":
                    return Float.POSITIVE_INFINITY;
                case "-Infinity":
                    return Float.NEGATIVE_INFINITY;
                default:
                    throw new AssertionError("not a float: " + e);
            }
        }
        return Float.parseFloat(e.getAsString());
    }

    public static float[] f32s(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = f32(a.get(i));
        }
        return f;
    }

    /** A column index of a table. */
    public static int column(JsonObject table, String name) {
        JsonArray columns = table.getAsJsonArray("columns");
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getAsString().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + columns);
    }

    public static String sha256(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return hex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** SHA-256 of an image's buffer (k4a_image_get_size bytes). */
    public static String sha256(Image image) {
        ByteBuffer buffer = image.getBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return sha256(bytes);
    }

    public static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return s.toString();
    }

    /** Float equality by bits, with -0 == -0 and NaN == NaN. */
    public static boolean sameBits(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b);
    }
}
