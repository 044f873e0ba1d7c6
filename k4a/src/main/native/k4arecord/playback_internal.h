/*
 * Playback over any source of bytes (not exported): the tests and the fuzz target open
 * recordings held in memory through it.
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

/* Colour frames are converted ahead of the caller by worker threads (one per core, at most 4).
 * The environment variable K4A4J_PLAYBACK_DECODE_THREADS, read when a recording is opened, sets
 * their number; 0 converts on the caller's thread, as the vendor's reader does. */

#endif /* K4A4J_PLAYBACK_INTERNAL_H */
