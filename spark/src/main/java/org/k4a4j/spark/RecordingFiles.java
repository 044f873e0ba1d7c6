/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Turns the paths given to {@code load(...)} into the recordings to read, on the driver: files as they are,
 * directories as their {@code *.mkv} files, globs through Hadoop's globbing ({@code recordings/*.mkv},
 * {@code {a,b}.mkv}). The native reader opens files by name, so every recording must be on a file system that
 * the executors see under the same path ({@code file:}: local mode, or a shared mount such as NFS); other
 * schemes are refused with a message.
 */
final class RecordingFiles {
    private RecordingFiles() {
    }

    /** The local paths, sorted and without duplicates; fails when a pattern matches nothing. */
    static List<String> expand(List<String> patterns, Configuration conf) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no path: use load(\"recordings/*.mkv\") or option(\"path\", ...)");
        }
        TreeSet<String> out = new TreeSet<>();
        for (String pattern : patterns) {
            Path p = new Path(pattern);
            try {
                FileSystem fs = p.getFileSystem(conf);
                String scheme = fs.getUri().getScheme();
                if (!"file".equals(scheme)) {
                    throw new IllegalArgumentException("path " + pattern + ": the k4a formats read recordings by file"
                            + " name, so they must be on a file system every executor mounts (file:), not " + scheme + ":");
                }
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    throw new IllegalArgumentException("path " + pattern + ": no such recording");
                }
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        for (FileStatus child : fs.listStatus(m.getPath())) {
                            if (child.isFile() && child.getPath().getName().toLowerCase(java.util.Locale.ROOT).endsWith(".mkv")) {
                                out.add(child.getPath().toUri().getPath());
                            }
                        }
                    } else {
                        out.add(m.getPath().toUri().getPath());
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("path " + pattern + ": " + e.getMessage(), e);
            }
        }
        return new ArrayList<>(out);
    }
}
