/*
 * k4a4j: export macros of libk4arecord.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4ARECORD_EXPORT_H
#define K4ARECORD_EXPORT_H

#if defined(K4ARECORD_STATIC_DEFINE)
#  define K4ARECORD_EXPORT
#  define K4ARECORD_NO_EXPORT
#elif defined(_WIN32)
#  if defined(k4arecord_EXPORTS)
#    define K4ARECORD_EXPORT __declspec(dllexport)
#  else
#    define K4ARECORD_EXPORT __declspec(dllimport)
#  endif
#  define K4ARECORD_NO_EXPORT
#else
#  define K4ARECORD_EXPORT __attribute__((visibility("default")))
#  define K4ARECORD_NO_EXPORT __attribute__((visibility("hidden")))
#endif

#ifndef K4ARECORD_DEPRECATED
#  if defined(_MSC_VER)
#    define K4ARECORD_DEPRECATED __declspec(deprecated)
#  else
#    define K4ARECORD_DEPRECATED __attribute__((__deprecated__))
#  endif
#endif

#ifndef K4ARECORD_DEPRECATED_EXPORT
#  define K4ARECORD_DEPRECATED_EXPORT K4ARECORD_EXPORT K4ARECORD_DEPRECATED
#endif

#endif /* K4ARECORD_EXPORT_H */
