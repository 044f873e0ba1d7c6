/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of the tags and attached files of a recording, read from its EBML structure, for
 * {@link Playback#getTagNames()} and {@link Playback#getAttachmentNames()} (the k4arecord API reads a tag or an
 * attachment by name, but cannot list them). Only the Segment's top-level elements are visited, and Clusters
 * are skipped by their size, so this reads a few bytes per cluster.
 *
 * <p>Written from the EBML and Matroska specifications (element IDs: Segment 0x18538067, Tags 0x1254C367, Tag
 * 0x7373, SimpleTag 0x67C8, TagName 0x45A3, Attachments 0x1941A469, AttachedFile 0x61A7, FileName 0x466E).
 * Limits: names only (values come from the library), and a walk that meets an element of unknown size or
 * damage stops there ({@link #complete} false); {@link Playback} then adds the names the format defines.
 */
final class MatroskaNames {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long TAGS = 0x1254C367L;
    private static final long TAG = 0x7373L;
    private static final long SIMPLE_TAG = 0x67C8L;
    private static final long TAG_NAME = 0x45A3L;
    private static final long ATTACHMENTS = 0x1941A469L;
    private static final long ATTACHED_FILE = 0x61A7L;
    private static final long FILE_NAME = 0x466EL;
    private static final long UNKNOWN = -1;

    final Set<String> tagNames = new LinkedHashSet<>();
    final List<String> attachmentNames = new ArrayList<>();
    /** False when the walk stopped early (an element of unknown size, or damage): the lists may be partial. */
    boolean complete = true;

    private final RandomAccessFile file;
    private long pos;

    private MatroskaNames(RandomAccessFile file) {
        this.file = file;
    }

    /** Reads the names; never throws for a damaged file (the result is then marked incomplete). */
    static MatroskaNames read(File path) {
        try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
            MatroskaNames names = new MatroskaNames(f);
            try {
                names.walk();
            } catch (IOException | RuntimeException e) {
                names.complete = false;
            }
            return names;
        } catch (IOException e) {
            MatroskaNames names = new MatroskaNames(null);
            names.complete = false;
            return names;
        }
    }

    private void walk() throws IOException {
        long length = file.length();
        pos = 0;
        long id = readId();
        long size = readSize();
        if (id != EBML || size == UNKNOWN) {
            complete = false;
            return;
        }
        pos += size;
        while (pos < length) {
            id = readId();
            size = readSize();
            if (id == SEGMENT) {
                long end = size == UNKNOWN ? length : Math.min(length, pos + size);
                segment(end);
                return;
            }
            if (size == UNKNOWN) {
                complete = false;
                return;
            }
            pos += size;
        }
    }

    private void segment(long end) throws IOException {
        while (pos < end) {
            long id = readId();
            long size = readSize();
            if (size == UNKNOWN) {
                complete = false; // a cluster still being written: what follows cannot be found by size
                return;
            }
            long next = pos + size;
            if (next > end) {
                complete = false;
            }
            if (id == TAGS) {
                children(Math.min(next, end), TAGS);
            } else if (id == ATTACHMENTS) {
                children(Math.min(next, end), ATTACHMENTS);
            }
            pos = next;
        }
    }

    /** Walks the children of a master element up to end, collecting names. */
    private void children(long end, long parent) throws IOException {
        while (pos < end) {
            long id = readId();
            long size = readSize();
            if (size == UNKNOWN || pos + size > end) {
                complete = false;
                pos = end;
                return;
            }
            long next = pos + size;
            if (id == TAG || id == SIMPLE_TAG || id == ATTACHED_FILE) {
                children(next, id);
            } else if (id == TAG_NAME && parent == SIMPLE_TAG) {
                tagNames.add(string(size));
            } else if (id == FILE_NAME && parent == ATTACHED_FILE) {
                attachmentNames.add(string(size));
            }
            pos = next;
        }
    }

    private String string(long size) throws IOException {
        if (size > 4096) {
            throw new IOException("a name of " + size + " bytes");
        }
        byte[] b = new byte[(int) size];
        file.seek(pos);
        file.readFully(b);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** An element ID: 1 to 4 bytes, marker bits kept. */
    private long readId() throws IOException {
        file.seek(pos);
        int first = file.read();
        if (first <= 0) {
            throw new IOException("no element ID at " + pos);
        }
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (length > 4) {
            throw new IOException("bad element ID at " + pos);
        }
        long id = first;
        for (int i = 1; i < length; i++) {
            id = (id << 8) | file.read();
        }
        pos += length;
        return id;
    }

    /** An element size: 1 to 8 bytes, marker bit removed; all value bits set means unknown. */
    private long readSize() throws IOException {
        file.seek(pos);
        int first = file.read();
        if (first <= 0) {
            throw new IOException("no element size at " + pos);
        }
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        long value = first & (0xFF >> length);
        boolean allOnes = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int b = file.read();
            if (b < 0) {
                throw new IOException("truncated element size at " + pos);
            }
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }
        pos += length;
        return allOnes ? UNKNOWN : value;
    }
}
