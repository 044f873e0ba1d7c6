/*
 * What k4a4j's playback has beyond the 1.4 API (none of it in the public headers, which stay the
 * vendor's): playback over any source of bytes (not exported; the tests and the fuzz target open
 * recordings held in memory through it), and the private exports that set a playback's number of
 * colour-decode workers and where its decoding ahead ends.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_PLAYBACK_INTERNAL_H
#define K4A4J_PLAYBACK_INTERNAL_H

#include "io.h"

#include <k4arecord/playback.h>

/* Like k4a_playback_open, reading from io, which the playback owns from then on (it is closed
 * with the playback, or here when opening fails). */
k4a_result_t k4a4j_playback_open_io(k4a4j_io_t *io, const char *name, k4a_playback_t *playback_handle);

/* Colour frames are converted ahead of the caller by worker threads, by default one per core, at
 * most 4 (DECODE_MAX_THREADS). The environment variable K4A4J_PLAYBACK_DECODE_THREADS, read when a
 * recording is opened, changes that default for the playbacks that never call the function below;
 * 0 converts on the caller's thread, as the vendor's reader does. */

/* Private export, k4a4j's own (absent from the vendor's libk4arecord; the Java layer's
 * Playback.setDecodeThreads finds it by name): the number of colour-decode workers of this playback,
 * 0 (convert on the reader's thread) to 4, in place of the default above. It may be called at any
 * time, from any thread (it takes the playback's lock): before the colour conversion is set, it
 * sizes the pool that k4a_playback_set_color_conversion starts; while converting, a pool of another
 * size is stopped and replaced by one of the new size (the frames it had decoded ahead are dropped
 * and converted again when read: no capture is lost, repeated or changed). K4A_RESULT_FAILED, with a
 * message, for an invalid handle or a number outside 0..4. */
K4ARECORD_EXPORT k4a_result_t k4a4j_internal_playback_set_decode_threads(k4a_playback_t playback_handle,
                                                                         int threads);

/* Private export, k4a4j's own (absent from the vendor's libk4arecord; the Java layer's
 * Playback.setDecodeEnd finds it by name), for a reader that stops at a known time (a Spark partition's
 * end): while converting colour, the workers decode ahead no colour frame whose device timestamp (the
 * colour image's k4a_image_get_device_timestamp_usec) is at or after end_device_usec. Only what is decoded
 * ahead changes, never what is read: a capture read with such a frame still gets it converted, on the
 * reader's thread or in parts (the frame of the capture being read is never held back). INT64_MAX, the
 * default, is no end; 0 or less: no frame is decoded ahead. It may be called at any time, from any thread
 * (it takes the playback's lock); seeks and colour conversions keep it, and frames already asked for past a
 * new end are dropped at the next capture. K4A_RESULT_FAILED, with a message, for an invalid handle. */
K4ARECORD_EXPORT k4a_result_t k4a4j_internal_playback_set_decode_end(k4a_playback_t playback_handle,
                                                                     int64_t end_device_usec);

#endif /* K4A4J_PLAYBACK_INTERNAL_H */
