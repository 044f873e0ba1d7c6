/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.k4a4j.Playback;
import org.k4a4j.Transformation;

/**
 * Keeps the playbacks (and transformations) of finished {@link CaptureReader}s open in this JVM (an executor,
 * or the driver in local mode), so that a later partition of the same recording reuses one instead of opening
 * the file again; and when a partition starts where a parked playback's last partition ended, the reader goes
 * on from there without a seek (option {@code reusePlayback}, default true). Spark's task threads come and go,
 * so entries are not tied to a thread: a reader takes the one that ends where its range starts, else the one
 * of the same file parked last.
 *
 * <p><b>Who closes what.</b> A reader {@link #take takes} an {@link Entry} (a parked one or a new one) and then
 * owns it alone: it closes it when the recording fails, or gives it back with {@link #park} when it ends
 * normally or is closed early. A parked entry belongs to the cache, which closes it when more than
 * {@link #MAX_PARKED} are parked (the oldest first), when it has been idle for {@link #IDLE_SECONDS} seconds
 * (on a daemon thread that exists only while entries are parked), or at JVM shutdown. An entry is reused only
 * for the same file: same path, size, modification time and file key (a file replaced at the same path is
 * opened anew).
 */
final class PlaybackCache {
    /** Seconds a parked playback stays open unused before the cache closes it. */
    static final long IDLE_SECONDS = 10;
    /** At most this many playbacks are parked (one per core, at least 2). */
    static final int MAX_PARKED = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Deque<Entry> PARKED = new ArrayDeque<>(); // most recently parked first; guarded by itself
    private static final AtomicBoolean REAP_PENDING = new AtomicBoolean();
    private static final ScheduledThreadPoolExecutor REAPER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "k4a-playback-cache-reaper");
        t.setDaemon(true);
        return t;
    });

    static {
        REAPER.setKeepAliveTime(1, TimeUnit.SECONDS);
        REAPER.allowCoreThreadTimeOut(true);
        Runtime.getRuntime().addShutdownHook(new Thread(PlaybackCache::closeAll, "k4a-playback-cache-shutdown"));
    }

    private PlaybackCache() {
    }

    /**
     * An open recording between readers. Its owner (a reader, or the cache while parked) is the only one that
     * touches it; {@link #close()} closes the transformation and the playback.
     */
    static final class Entry implements AutoCloseable {
        final String path;
        final Playback playback;
        /** Created by the first reader that needs it, closed with the entry. */
        Transformation transformation;
        /**
         * When not {@link Long#MIN_VALUE}: the playback has just read the first capture whose key is at or
         * after this time (the end of the range its last reader read to the end), so a range starting there
         * goes on by stepping back one capture.
         */
        long resumeKey = Long.MIN_VALUE;
        /** With {@link #resumeKey}: the key of that first capture. */
        long nextKey;
        /** False until a reader has used the playback (a fresh one is at the recording's start). */
        boolean used;
        private final Object identity;
        private long parkedNanos;

        private Entry(String path, Object identity) {
            this.path = path;
            this.identity = identity;
            this.playback = Playback.open(path);
            Counters.PLAYBACKS_OPENED.increment();
        }

        @Override
        public void close() {
            try {
                if (transformation != null) {
                    transformation.close();
                }
            } finally {
                playback.close();
            }
        }
    }

    /** A new entry that the cache will never hand out again: the caller closes it. */
    static Entry open(String path) {
        return new Entry(path, new Object());
    }

    /**
     * A parked entry of this file, now owned by the caller: the one whose last range ended at {@code lo}, else
     * the one parked last; else a new one. The caller closes or {@link #park parks} it.
     */
    static Entry take(String path, long lo) {
        Object identity = identity(path);
        Entry found = null;
        synchronized (PARKED) {
            for (Entry e : PARKED) {
                if (e.path.equals(path) && e.identity.equals(identity)
                        && (found == null || (e.resumeKey == lo && found.resumeKey != lo))) {
                    found = e;
                }
            }
            if (found != null) {
                PARKED.remove(found);
            }
        }
        if (found != null) {
            Counters.PLAYBACKS_REUSED.increment();
            return found;
        }
        return new Entry(path, identity);
    }

    /** Gives an entry to the cache (closing the oldest parked one when there are too many). */
    static void park(Entry entry) {
        entry.used = true;
        entry.parkedNanos = System.nanoTime();
        Entry oldest = null;
        synchronized (PARKED) {
            PARKED.addFirst(entry);
            if (PARKED.size() > MAX_PARKED) {
                oldest = PARKED.removeLast();
            }
        }
        if (oldest != null) {
            oldest.close();
        }
        if (REAP_PENDING.compareAndSet(false, true)) {
            REAPER.schedule(PlaybackCache::reap, IDLE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** How many entries are parked (for tests). */
    static int parked() {
        synchronized (PARKED) {
            return PARKED.size();
        }
    }

    /** Closes every parked entry (JVM shutdown; tests). */
    static void closeAll() {
        closeIdle(Long.MIN_VALUE);
    }

    /** Closes the entries idle for {@link #IDLE_SECONDS}; runs again while others remain. */
    private static void reap() {
        REAP_PENDING.set(false);
        if (closeIdle(TimeUnit.SECONDS.toNanos(IDLE_SECONDS)) > 0 && REAP_PENDING.compareAndSet(false, true)) {
            REAPER.schedule(PlaybackCache::reap, 1, TimeUnit.SECONDS);
        }
    }

    /** Closes the entries parked at least {@code idleNanos} ago (all for Long.MIN_VALUE); returns how many remain. */
    private static int closeIdle(long idleNanos) {
        List<Entry> idle = new ArrayList<>();
        int left;
        synchronized (PARKED) {
            long now = System.nanoTime();
            for (Iterator<Entry> i = PARKED.iterator(); i.hasNext(); ) {
                Entry e = i.next();
                if (idleNanos == Long.MIN_VALUE || now - e.parkedNanos >= idleNanos) {
                    idle.add(e);
                    i.remove();
                }
            }
            left = PARKED.size();
        }
        for (Entry e : idle) {
            e.close();
        }
        return left;
    }

    /** What tells one file from another at the same path: size, modification time, file key. */
    private static Object identity(String path) {
        try {
            Path p = Paths.get(path);
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return java.util.Arrays.asList(a.size(), a.lastModifiedTime(), Objects.toString(a.fileKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + path, e);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("not a file path: " + path, e);
        }
    }
}
