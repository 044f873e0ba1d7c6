/*
 * A small JSON reader: parses a text into a tree (one allocation block per parse) that is walked
 * with the accessors below. Numbers keep their text's double value, parsed independently of the
 * C locale. Used by the raw calibration parser and by the C tests' reference manifests.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_JSON_H
#define K4A4J_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum
{
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type_t;

typedef struct json_value json_value_t;
struct json_value
{
    json_type_t type;
    double number;       /* JSON_NUMBER */
    const char *string;  /* JSON_STRING: NUL-terminated UTF-8 */
    size_t length;       /* JSON_STRING: bytes; JSON_ARRAY / JSON_OBJECT: number of children */
    const char *key;     /* a member of an object: its name */
    json_value_t *first; /* first child */
    json_value_t *next;  /* next sibling */
};

typedef struct json_document json_document_t;

/* Parses size bytes of text (a UTF-8 byte-order mark and trailing NULs and white space are allowed).
 * NULL on error, with a message (position and reason) in error[error_size]. Nesting is limited
 * to 512 levels. */
json_document_t *json_parse(const char *text, size_t size, char *error, size_t error_size);
void json_free(json_document_t *document);
const json_value_t *json_root(const json_document_t *document);

/* Accessors: each tolerates NULL and a value of the wrong type, answering NULL / false / fallback. */
const json_value_t *json_member(const json_value_t *object, const char *key);
const json_value_t *json_item(const json_value_t *array, size_t index);
size_t json_count(const json_value_t *value);
bool json_is(const json_value_t *value, json_type_t type);
double json_number_or(const json_value_t *value, double fallback);
const char *json_string_or(const json_value_t *value, const char *fallback);

#endif /* K4A4J_JSON_H */
