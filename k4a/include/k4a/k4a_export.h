/*
 * k4a4j: export macros of libk4a.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A_EXPORT_H
#define K4A_EXPORT_H

#if defined(K4A_STATIC_DEFINE)
#  define K4A_EXPORT
#  define K4A_NO_EXPORT
#elif defined(_WIN32)
#  if defined(k4a_EXPORTS)
#    define K4A_EXPORT __declspec(dllexport)
#  else
#    define K4A_EXPORT __declspec(dllimport)
#  endif
#  define K4A_NO_EXPORT
#else
#  define K4A_EXPORT __attribute__((visibility("default")))
#  define K4A_NO_EXPORT __attribute__((visibility("hidden")))
#endif

#ifndef K4A_DEPRECATED
#  if defined(_MSC_VER)
#    define K4A_DEPRECATED __declspec(deprecated)
#  else
#    define K4A_DEPRECATED __attribute__((__deprecated__))
#  endif
#endif

#ifndef K4A_DEPRECATED_EXPORT
#  define K4A_DEPRECATED_EXPORT K4A_EXPORT K4A_DEPRECATED
#endif

#endif /* K4A_EXPORT_H */
