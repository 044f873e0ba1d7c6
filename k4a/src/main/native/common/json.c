/*
 * A small JSON reader (RFC 8259): recursive descent into nodes taken from fixed blocks.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 512

/* The C library's heap, in libk4a too: the k4a_set_allocator callbacks are for image buffers only. */
#define json_alloc(n) calloc(1, (n))
#define json_release(p) free(p)

/* Nodes come from blocks that never move, so the tree's pointers stay valid as it grows. */
typedef struct node_block
{
    struct node_block *next;
    size_t used;
    json_value_t nodes[1024];
} node_block_t;

struct json_document
{
    json_value_t *root;
    node_block_t *blocks;
    char *strings;
};

typedef struct
{
    const char *p;
    const char *end;
    const char *start;
    node_block_t *blocks;
    char *strings;
    size_t string_used;
    char *error;
    size_t error_size;
    bool failed;
} parser_t;

static void fail(parser_t *ps, const char *why)
{
    if (!ps->failed && ps->error != NULL && ps->error_size > 0)
        snprintf(ps->error, ps->error_size, "JSON error at byte %zu: %s", (size_t)(ps->p - ps->start), why);
    ps->failed = true;
}

static void skip_space(parser_t *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static json_value_t *new_node(parser_t *ps, json_type_t type)
{
    if (ps->blocks == NULL || ps->blocks->used == sizeof(ps->blocks->nodes) / sizeof(ps->blocks->nodes[0]))
    {
        node_block_t *block = json_alloc(sizeof(node_block_t));
        if (block == NULL)
        {
            fail(ps, "no memory");
            return NULL;
        }
        block->next = ps->blocks;
        block->used = 0;
        ps->blocks = block;
    }
    json_value_t *v = &ps->blocks->nodes[ps->blocks->used++];
    memset(v, 0, sizeof(*v));
    v->type = type;
    return v;
}

static bool literal(parser_t *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return false;
    ps->p += n;
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool read_hex4(parser_t *ps, uint32_t *out)
{
    if (ps->end - ps->p < 4)
        return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
    {
        int h = hex_value(ps->p[i]);
        if (h < 0)
            return false;
        v = v * 16 + (uint32_t)h;
    }
    ps->p += 4;
    *out = v;
    return true;
}

static void put_utf8(char **dst, uint32_t cp)
{
    char *d = *dst;
    if (cp < 0x80)
        *d++ = (char)cp;
    else if (cp < 0x800)
    {
        *d++ = (char)(0xC0 | (cp >> 6));
        *d++ = (char)(0x80 | (cp & 0x3F));
    }
    else if (cp < 0x10000)
    {
        *d++ = (char)(0xE0 | (cp >> 12));
        *d++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *d++ = (char)(0x80 | (cp & 0x3F));
    }
    else
    {
        *d++ = (char)(0xF0 | (cp >> 18));
        *d++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *d++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *d++ = (char)(0x80 | (cp & 0x3F));
    }
    *dst = d;
}

/* Reads a string (the opening quote is at ps->p) into the string area; the decoded text is never
 * longer than its source, so the area (as large as the input) always has room. */
static const char *read_string(parser_t *ps, size_t *length)
{
    ps->p++; /* opening quote */
    char *out = ps->strings + ps->string_used;
    char *d = out;
    while (ps->p < ps->end && *ps->p != '"')
    {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20)
        {
            fail(ps, "control character in a string");
            return NULL;
        }
        if (c != '\\')
        {
            *d++ = (char)c;
            ps->p++;
            continue;
        }
        ps->p++;
        if (ps->p >= ps->end)
            break;
        char e = *ps->p++;
        switch (e)
        {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '/': *d++ = '/'; break;
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u':
        {
            uint32_t cp, low;
            if (!read_hex4(ps, &cp))
            {
                fail(ps, "bad \\u escape");
                return NULL;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u')
            {
                const char *save = ps->p;
                ps->p += 2;
                if (read_hex4(ps, &low) && low >= 0xDC00 && low <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                else
                    ps->p = save;
            }
            put_utf8(&d, cp);
            break;
        }
        default: fail(ps, "bad escape in a string"); return NULL;
        }
    }
    if (ps->p >= ps->end)
    {
        fail(ps, "unterminated string");
        return NULL;
    }
    ps->p++; /* closing quote */
    *d++ = '\0';
    *length = (size_t)(d - out - 1);
    ps->string_used += (size_t)(d - out);
    return out;
}

/* Converts the digits of a JSON number to a double without depending on the C locale: the text
 * is copied with the locale's decimal point in place of '.' before strtod. */
static double number_from_text(const char *text, size_t n)
{
    char small[128];
    char *buffer = small;
    if (n >= sizeof(small) && (buffer = json_alloc(n + 1)) == NULL) /* long numbers keep all their digits */
        return NAN;
    memcpy(buffer, text, n);
    buffer[n] = '\0';
    char probe[8];
    snprintf(probe, sizeof(probe), "%.1f", 1.5);
    char point = probe[1];
    if (point != '.')
        for (size_t i = 0; i < n; i++)
            if (buffer[i] == '.')
                buffer[i] = point;
    double value = strtod(buffer, NULL);
    if (buffer != small)
        json_release(buffer);
    return value;
}

static json_value_t *parse_value(parser_t *ps, int depth);

static json_value_t *parse_number(parser_t *ps)
{
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
    {
        fail(ps, "invalid value");
        return NULL;
    }
    if (*ps->p == '0')
        ps->p++;
    else
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    if (ps->p < ps->end && *ps->p == '.')
    {
        ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
        {
            fail(ps, "digit expected after '.'");
            return NULL;
        }
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
        {
            fail(ps, "digit expected in exponent");
            return NULL;
        }
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    json_value_t *v = new_node(ps, JSON_NUMBER);
    if (v != NULL)
        v->number = number_from_text(s, (size_t)(ps->p - s));
    return v;
}

static json_value_t *parse_container(parser_t *ps, int depth, bool object)
{
    json_value_t *v = new_node(ps, object ? JSON_OBJECT : JSON_ARRAY);
    if (v == NULL)
        return NULL;
    char close = object ? '}' : ']';
    ps->p++;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == close)
    {
        ps->p++;
        return v;
    }
    json_value_t **tail = &v->first;
    for (;;)
    {
        const char *key = NULL;
        size_t key_length = 0;
        skip_space(ps);
        if (object)
        {
            if (ps->p >= ps->end || *ps->p != '"')
            {
                fail(ps, "member name expected");
                return NULL;
            }
            key = read_string(ps, &key_length);
            if (key == NULL)
                return NULL;
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p != ':')
            {
                fail(ps, "':' expected");
                return NULL;
            }
            ps->p++;
        }
        json_value_t *child = parse_value(ps, depth + 1);
        if (child == NULL)
            return NULL;
        child->key = key;
        *tail = child;
        tail = &child->next;
        v->length++;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',')
        {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close)
        {
            ps->p++;
            return v;
        }
        fail(ps, object ? "',' or '}' expected" : "',' or ']' expected");
        return NULL;
    }
}

static json_value_t *parse_value(parser_t *ps, int depth)
{
    if (depth > JSON_MAX_DEPTH)
    {
        fail(ps, "nested too deeply");
        return NULL;
    }
    skip_space(ps);
    if (ps->p >= ps->end)
    {
        fail(ps, "value expected, text ended");
        return NULL;
    }
    switch (*ps->p)
    {
    case '{': return parse_container(ps, depth, true);
    case '[': return parse_container(ps, depth, false);
    case '"':
    {
        json_value_t *v = new_node(ps, JSON_STRING);
        if (v != NULL && (v->string = read_string(ps, &v->length)) == NULL)
            return NULL;
        return v;
    }
    case 't':
        if (literal(ps, "true"))
            return new_node(ps, JSON_TRUE);
        break;
    case 'f':
        if (literal(ps, "false"))
            return new_node(ps, JSON_FALSE);
        break;
    case 'n':
        if (literal(ps, "null"))
            return new_node(ps, JSON_NULL);
        break;
    default: return parse_number(ps);
    }
    fail(ps, "invalid literal");
    return NULL;
}

json_document_t *json_parse(const char *text, size_t size, char *error, size_t error_size)
{
    parser_t ps = { 0 };
    ps.error = error;
    ps.error_size = error_size;
    if (error != NULL && error_size > 0)
        error[0] = '\0';
    if (text == NULL)
    {
        if (error != NULL && error_size > 0)
            snprintf(error, error_size, "JSON error: no text");
        return NULL;
    }
    /* trailing NULs, then a byte-order mark */
    while (size > 0 && text[size - 1] == '\0')
        size--;
    if (size >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
    {
        text += 3;
        size -= 3;
    }
    json_document_t *doc = json_alloc(sizeof(*doc));
    ps.strings = doc != NULL && size < SIZE_MAX ? json_alloc(size + 1) : NULL; /* decoded strings never grow */
    if (ps.strings == NULL)
    {
        json_release(doc);
        if (error != NULL && error_size > 0)
            snprintf(error, error_size, "JSON error: no memory for %zu bytes of text", size);
        return NULL;
    }
    ps.start = ps.p = text;
    ps.end = text + size;
    json_value_t *root = parse_value(&ps, 0);
    if (root != NULL)
    {
        skip_space(&ps);
        if (ps.p != ps.end)
            fail(&ps, "text after the value");
    }
    doc->root = root;
    doc->blocks = ps.blocks;
    doc->strings = ps.strings;
    if (ps.failed || root == NULL)
    {
        json_free(doc);
        return NULL;
    }
    return doc;
}

void json_free(json_document_t *document)
{
    if (document == NULL)
        return;
    for (node_block_t *b = document->blocks, *next; b != NULL; b = next)
    {
        next = b->next;
        json_release(b);
    }
    json_release(document->strings);
    json_release(document);
}

const json_value_t *json_root(const json_document_t *document)
{
    return document ? document->root : NULL;
}

const json_value_t *json_member(const json_value_t *object, const char *key)
{
    if (object == NULL || object->type != JSON_OBJECT || key == NULL)
        return NULL;
    for (const json_value_t *c = object->first; c != NULL; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const json_value_t *json_item(const json_value_t *array, size_t index)
{
    if (array == NULL || (array->type != JSON_ARRAY && array->type != JSON_OBJECT) || index >= array->length)
        return NULL;
    const json_value_t *c = array->first;
    while (index-- > 0 && c != NULL)
        c = c->next;
    return c;
}

size_t json_count(const json_value_t *value)
{
    return value != NULL && (value->type == JSON_ARRAY || value->type == JSON_OBJECT) ? value->length : 0;
}

bool json_is(const json_value_t *value, json_type_t type)
{
    return value != NULL && value->type == type;
}

double json_number_or(const json_value_t *value, double fallback)
{
    return value != NULL && value->type == JSON_NUMBER ? value->number : fallback;
}

const char *json_string_or(const json_value_t *value, const char *fallback)
{
    return value != NULL && value->type == JSON_STRING ? value->string : fallback;
}
