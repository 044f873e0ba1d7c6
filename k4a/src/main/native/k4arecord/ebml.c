/*
 * Reading EBML (see ebml.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "ebml.h"

#include <stdlib.h>
#include <string.h>

void ebml_reader_init(ebml_reader_t *reader, k4a4j_io_t *io)
{
    reader->io = io;
    reader->cache_offset = 0;
    reader->cache_length = 0;
}

size_t ebml_reader_peek(ebml_reader_t *reader, uint64_t offset, void *buffer, size_t size)
{
    uint64_t total = reader->io->size;
    if (offset >= total)
        return 0;
    if (size > total - offset)
        size = (size_t)(total - offset);
    if (ebml_reader_read(reader, offset, buffer, size))
        return size;
    return 0;
}

bool ebml_reader_read(ebml_reader_t *reader, uint64_t offset, void *buffer, size_t size)
{
    uint64_t total = reader->io->size;
    if (offset > total || size > total - offset)
        return false;
    /* served from the cache */
    if (offset >= reader->cache_offset && offset - reader->cache_offset <= reader->cache_length &&
        size <= reader->cache_length - (offset - reader->cache_offset))
    {
        memcpy(buffer, reader->cache + (offset - reader->cache_offset), size);
        return true;
    }
    if (size > sizeof(reader->cache) / 2)
        return k4a4j_io_read(reader->io, offset, buffer, size);
    /* refill the cache with what follows offset */
    size_t fill = sizeof(reader->cache);
    if (fill > total - offset)
        fill = (size_t)(total - offset);
    reader->cache_length = 0;
    if (!k4a4j_io_read(reader->io, offset, reader->cache, fill))
        return false;
    reader->cache_offset = offset;
    reader->cache_length = fill;
    memcpy(buffer, reader->cache, size);
    return true;
}

/* Number of bytes a variable-length integer occupies, from its first byte (0 when invalid). */
static size_t vint_length(uint8_t first)
{
    if (first == 0)
        return 0;
    size_t length = 1;
    while ((first & 0x80u) == 0)
    {
        first = (uint8_t)(first << 1);
        length++;
    }
    return length;
}

size_t ebml_decode_id(const uint8_t *bytes, size_t available, uint32_t *id)
{
    if (available == 0)
        return 0;
    size_t length = vint_length(bytes[0]);
    if (length == 0 || length > 4 || length > available)
        return 0;
    uint32_t value = 0;
    uint32_t data = bytes[0] & (0xFFu >> length);
    bool all_ones = data == (0xFFu >> length);
    bool all_zeros = data == 0;
    for (size_t i = 0; i < length; i++)
    {
        value = (value << 8) | bytes[i];
        if (i > 0)
        {
            all_ones = all_ones && bytes[i] == 0xFF;
            all_zeros = all_zeros && bytes[i] == 0;
        }
    }
    if (all_ones || all_zeros)
        return 0; /* reserved */
    *id = value;
    return length;
}

size_t ebml_decode_vint(const uint8_t *bytes, size_t available, uint64_t *value)
{
    if (available == 0)
        return 0;
    size_t length = vint_length(bytes[0]);
    if (length == 0 || length > 8 || length > available)
        return 0;
    uint64_t v = bytes[0] & (0xFFu >> length);
    for (size_t i = 1; i < length; i++)
        v = (v << 8) | bytes[i];
    uint64_t all_ones = (UINT64_C(1) << (7 * length)) - 1;
    *value = v == all_ones ? EBML_UNKNOWN_SIZE : v;
    return length;
}

size_t ebml_decode_svint(const uint8_t *bytes, size_t available, int64_t *value)
{
    if (available == 0)
        return 0;
    size_t length = vint_length(bytes[0]);
    if (length == 0 || length > 8 || length > available)
        return 0;
    uint64_t v = bytes[0] & (0xFFu >> length);
    for (size_t i = 1; i < length; i++)
        v = (v << 8) | bytes[i];
    /* the range is centred on zero: subtract 2^(7n-1) - 1 */
    int64_t bias = (int64_t)((UINT64_C(1) << (7 * length - 1)) - 1);
    *value = (int64_t)v - bias;
    return length;
}

ebml_status_t ebml_read_element(ebml_reader_t *reader, uint64_t offset, uint64_t limit, bool allow_truncated,
                                ebml_element_t *element)
{
    uint8_t head[12];
    if (offset >= limit)
        return offset == limit ? EBML_END : EBML_ERROR;
    size_t want = limit - offset < sizeof(head) ? (size_t)(limit - offset) : sizeof(head);
    size_t got = ebml_reader_peek(reader, offset, head, want);
    if (got == 0)
        return EBML_ERROR;
    uint32_t id;
    size_t id_length = ebml_decode_id(head, got, &id);
    if (id_length == 0)
        return EBML_ERROR;
    uint64_t size;
    size_t size_length = ebml_decode_vint(head + id_length, got - id_length, &size);
    if (size_length == 0)
        return EBML_ERROR;
    uint64_t data = offset + id_length + size_length;
    if (data > limit)
        return EBML_ERROR;
    element->id = id;
    element->offset = offset;
    element->data = data;
    element->unknown_size = size == EBML_UNKNOWN_SIZE;
    element->truncated = false;
    if (element->unknown_size)
        element->end = limit;
    else if (size > limit - data)
    {
        if (!allow_truncated)
            return EBML_ERROR;
        element->end = limit;
        element->truncated = true;
    }
    else
        element->end = data + size;
    return EBML_OK;
}

void ebml_iterator_init(ebml_iterator_t *it, ebml_reader_t *reader, const ebml_element_t *parent)
{
    it->reader = reader;
    it->position = parent->data;
    it->end = parent->end;
}

ebml_status_t ebml_iterator_next(ebml_iterator_t *it, ebml_element_t *child)
{
    ebml_status_t status = ebml_read_element(it->reader, it->position, it->end, false, child);
    if (status != EBML_OK)
        return status;
    if (child->unknown_size)
        return EBML_ERROR;
    it->position = child->end;
    return EBML_OK;
}

bool ebml_read_uint(ebml_reader_t *reader, const ebml_element_t *element, uint64_t *value)
{
    uint8_t bytes[8];
    uint64_t size = ebml_size(element);
    if (size > 8 || !ebml_reader_read(reader, element->data, bytes, (size_t)size))
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++)
        v = (v << 8) | bytes[i];
    *value = v;
    return true;
}

char *ebml_read_string(ebml_reader_t *reader, const ebml_element_t *element, size_t max_length)
{
    uint64_t size = ebml_size(element);
    if (size > max_length)
        return NULL;
    char *text = malloc((size_t)size + 1);
    if (text == NULL)
        return NULL;
    if (!ebml_reader_read(reader, element->data, text, (size_t)size))
    {
        free(text);
        return NULL;
    }
    text[size] = '\0';
    return text; /* a NUL inside ends the C string, which is what EBML padding means */
}

uint8_t *ebml_read_binary(ebml_reader_t *reader, const ebml_element_t *element, size_t max_size, size_t *size)
{
    uint64_t length = ebml_size(element);
    if (length > max_size)
        return NULL;
    uint8_t *data = malloc(length > 0 ? (size_t)length : 1);
    if (data == NULL)
        return NULL;
    if (!ebml_reader_read(reader, element->data, data, (size_t)length))
    {
        free(data);
        return NULL;
    }
    *size = (size_t)length;
    return data;
}
