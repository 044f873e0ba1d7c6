/*
 * The stand-in for the vendor's libk4a.so.1.4 that the tests build from these same sources (the
 * target k4a_standin, compiled with K4A4J_STANDIN): everything in which it differs from k4a4j's own
 * libk4a is here. The Java layer's shared tests run on it (the Maven profile vendor-lib) to prove they
 * depend neither on k4a4j's extra checks nor on its wording:
 *   - k4a_device_get_installed_count() is 7 (k4a4j's libk4a has no USB driver: 0);
 *   - k4a_image_create_from_buffer accepts a buffer smaller than height x stride, as the reference
 *     does (../shared/testdata/README.md, "Where the reference is wrong"), so only the Java layer's
 *     own checks keep such a buffer from being read or written past its end;
 *   - log messages reach the handler worded otherwise (upper case, prefixed) and from a file named
 *     "standin", as another library's would not match k4a4j's text.
 * Limits: libk4a's stand-in is the one with differences; beside it, the tests build a libk4arecord
 * that is k4a4j's (logging through the stand-in's sink) without its private exports
 * k4a4j_internal_playback_set_decode_threads and _set_decode_end, as the vendor's libk4arecord lacks them (target
 * k4arecord_standin); everything else, the refusals included, is k4a4j's behaviour, which the
 * reference shares.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_STANDIN_H
#define K4A4J_STANDIN_H

#ifdef K4A4J_STANDIN
#define K4A4J_INSTALLED_COUNT 7u
#define K4A4J_CHECK_WRAPPED_BUFFER_SIZE 0
#define K4A4J_REWORD_LOG 1
#else
#define K4A4J_INSTALLED_COUNT 0u
#define K4A4J_CHECK_WRAPPED_BUFFER_SIZE 1
#define K4A4J_REWORD_LOG 0
#endif

#endif /* K4A4J_STANDIN_H */
