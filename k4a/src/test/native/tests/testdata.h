/*
 * Helpers for the tests that compare with the reference vectors in ../shared/testdata: reading
 * files and gzip payloads (zlib), loading manifests (common/json.h) and turning their values
 * (enum names, special floats, complete calibrations) into C values.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_TESTDATA_H
#define K4A4J_TESTDATA_H

#include "common/json.h"

#include <k4a/k4a.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "<K4A4J_TESTDATA>/<set>/<file>" in a static buffer (overwritten by the next call). */
const char *td_path(const char *set, const char *file);

/* The whole file, NUL-terminated (malloc; free it); NULL when it cannot be read. */
char *td_read_file(const char *path, size_t *size);

/* A gzip file decompressed (malloc; free it); NULL on error. */
uint8_t *td_gunzip_file(const char *path, size_t *size);

/* The payload a descriptor names (file in set), decompressed and checked against size_bytes. */
uint8_t *td_load_payload(const char *set, const json_value_t *descriptor, size_t *size);

/* The manifest of a set, parsed; NULL (with a message on stderr) when missing. */
json_document_t *td_load_manifest(const char *set);

/* A float from a manifest number or "NaN" / "Infinity" / "-Infinity" (single precision). */
float td_float(const json_value_t *value);

/* An enumeration value from its C name (any k4a enum used in the manifests) or a plain integer;
 * -1000 when unknown. */
int td_enum(const json_value_t *value);

/* A k4a_calibration_t from a manifest `calibration` object (null parameters become 0). */
bool td_calibration(const json_value_t *object, k4a_calibration_t *calibration);

/* Column index of name in a table's `columns`, or -1. */
int td_column(const json_value_t *table, const char *name);

/* An image of the payload's format, size and stride holding its bytes (caller releases). */
k4a_image_t td_image_from_payload(const char *set, const json_value_t *descriptor);

#endif /* K4A4J_TESTDATA_H */
