/*
 * EBML element writing into a growable memory buffer. See ebml_writer.h.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "ebml_writer.h"

#include <stdlib.h>
#include <string.h>

/* Master elements reserve the widest size while they are being built. */
#define MASTER_SIZE_WIDTH 8

void ebml_buffer_init(ebml_buffer_t *buffer)
{
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
    buffer->failed = false;
}

void ebml_buffer_free(ebml_buffer_t *buffer)
{
    free(buffer->data);
    ebml_buffer_init(buffer);
}

void ebml_buffer_reset(ebml_buffer_t *buffer)
{
    buffer->size = 0;
    buffer->failed = false;
}

/* Room for extra more bytes; false (and the buffer failed) when it cannot be had. */
static bool reserve(ebml_buffer_t *buffer, size_t extra)
{
    if (buffer->failed)
        return false;
    if (extra > SIZE_MAX / 2 - buffer->size)
    {
        buffer->failed = true;
        return false;
    }
    size_t need = buffer->size + extra;
    if (need <= buffer->capacity)
        return true;
    size_t capacity = buffer->capacity < 256 ? 256 : buffer->capacity;
    while (capacity < need)
        capacity *= 2;
    uint8_t *data = realloc(buffer->data, capacity);
    if (data == NULL)
    {
        buffer->failed = true;
        return false;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return true;
}

size_t ebml_id_length(uint32_t id)
{
    if (id >= 0x10000000u)
        return 4;
    if (id >= 0x200000u)
        return 3;
    if (id >= 0x4000u)
        return 2;
    return 1;
}

size_t ebml_size_length(uint64_t size)
{
    /* A width of w bytes carries 7w value bits; the all-ones value is reserved for "unknown". */
    size_t width = 1;
    while (width < 8 && size >= (UINT64_C(1) << (7 * width)) - 1)
        width++;
    return width;
}

size_t ebml_uint_length(uint64_t value)
{
    size_t length = 1;
    while (length < 8 && (value >> (8 * length)) != 0)
        length++;
    return length;
}

size_t ebml_sint_length(int64_t value)
{
    size_t length = 1;
    while (length < 8)
    {
        int64_t low = -(INT64_C(1) << (8 * length - 1));
        int64_t high = (INT64_C(1) << (8 * length - 1)) - 1;
        if (value >= low && value <= high)
            break;
        length++;
    }
    return length;
}

size_t ebml_encode_id(uint8_t *out, uint32_t id)
{
    size_t length = ebml_id_length(id);
    for (size_t i = 0; i < length; i++)
        out[i] = (uint8_t)(id >> (8 * (length - 1 - i)));
    return length;
}

size_t ebml_encode_size(uint8_t *out, uint64_t size, size_t width)
{
    if (width == 0)
        width = ebml_size_length(size);
    if (width > 8 || size > EBML_MAX_SIZE || ebml_size_length(size) > width)
        return 0;
    uint64_t coded = size | (UINT64_C(1) << (7 * width)); /* the length marker bit */
    for (size_t i = 0; i < width; i++)
        out[i] = (uint8_t)(coded >> (8 * (width - 1 - i)));
    return width;
}

size_t ebml_encode_unknown_size(uint8_t *out, size_t width)
{
    if (width < 1 || width > 8)
        return 0;
    out[0] = (uint8_t)(0xFFu >> (width - 1));
    for (size_t i = 1; i < width; i++)
        out[i] = 0xFF;
    return width;
}

void ebml_put_bytes(ebml_buffer_t *buffer, const void *data, size_t size)
{
    if (size == 0 || !reserve(buffer, size))
        return;
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

void ebml_put_id(ebml_buffer_t *buffer, uint32_t id)
{
    if (!reserve(buffer, 4))
        return;
    buffer->size += ebml_encode_id(buffer->data + buffer->size, id);
}

void ebml_put_size(ebml_buffer_t *buffer, uint64_t size, size_t width)
{
    if (!reserve(buffer, 8))
        return;
    size_t written = ebml_encode_size(buffer->data + buffer->size, size, width);
    if (written == 0)
        buffer->failed = true;
    buffer->size += written;
}

void ebml_put_head(ebml_buffer_t *buffer, uint32_t id, uint64_t size)
{
    ebml_put_id(buffer, id);
    ebml_put_size(buffer, size, 0);
}

void ebml_put_uint(ebml_buffer_t *buffer, uint32_t id, uint64_t value)
{
    size_t length = ebml_uint_length(value);
    uint8_t bytes[8];
    for (size_t i = 0; i < length; i++)
        bytes[i] = (uint8_t)(value >> (8 * (length - 1 - i)));
    ebml_put_head(buffer, id, length);
    ebml_put_bytes(buffer, bytes, length);
}

void ebml_put_sint(ebml_buffer_t *buffer, uint32_t id, int64_t value)
{
    size_t length = ebml_sint_length(value);
    uint64_t bits = (uint64_t)value;
    uint8_t bytes[8];
    for (size_t i = 0; i < length; i++)
        bytes[i] = (uint8_t)(bits >> (8 * (length - 1 - i)));
    ebml_put_head(buffer, id, length);
    ebml_put_bytes(buffer, bytes, length);
}

void ebml_put_float(ebml_buffer_t *buffer, uint32_t id, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof(bits));
    uint8_t bytes[8];
    for (size_t i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(bits >> (8 * (7 - i)));
    ebml_put_head(buffer, id, 8);
    ebml_put_bytes(buffer, bytes, 8);
}

void ebml_put_string(ebml_buffer_t *buffer, uint32_t id, const char *value)
{
    size_t length = strlen(value);
    ebml_put_head(buffer, id, length);
    ebml_put_bytes(buffer, value, length);
}

void ebml_put_binary(ebml_buffer_t *buffer, uint32_t id, const void *data, size_t size)
{
    ebml_put_head(buffer, id, size);
    ebml_put_bytes(buffer, data, size);
}

size_t ebml_encode_void_head(uint8_t *out, uint64_t total)
{
    if (total < 2)
        return 0;
    /* One id byte, a size of some width w, and total - 1 - w payload bytes that must fit w. */
    for (size_t width = 1; width <= 8; width++)
    {
        if (total < 1 + width)
            break;
        uint64_t payload = total - 1 - width;
        if (ebml_size_length(payload) <= width)
        {
            out[0] = 0xEC;
            ebml_encode_size(out + 1, payload, width);
            return 1 + width;
        }
    }
    return 0;
}

void ebml_put_void(ebml_buffer_t *buffer, uint64_t total)
{
    if (total < 2 || total > SIZE_MAX / 4)
    {
        buffer->failed = true;
        return;
    }
    if (!reserve(buffer, (size_t)total))
        return;
    uint8_t *out = buffer->data + buffer->size;
    size_t head = ebml_encode_void_head(out, total);
    if (head == 0)
    {
        buffer->failed = true;
        return;
    }
    memset(out + head, 0, (size_t)total - head);
    buffer->size += (size_t)total;
}

size_t ebml_master_open(ebml_buffer_t *buffer, uint32_t id)
{
    ebml_put_id(buffer, id);
    size_t mark = buffer->size;
    if (reserve(buffer, MASTER_SIZE_WIDTH))
        buffer->size += MASTER_SIZE_WIDTH;
    return mark;
}

void ebml_master_close(ebml_buffer_t *buffer, size_t mark)
{
    if (buffer->failed)
        return;
    size_t content_start = mark + MASTER_SIZE_WIDTH;
    size_t content = buffer->size - content_start;
    size_t width = ebml_size_length(content);
    if (ebml_encode_size(buffer->data + mark, content, width) == 0)
    {
        buffer->failed = true;
        return;
    }
    if (width < MASTER_SIZE_WIDTH)
    {
        memmove(buffer->data + mark + width, buffer->data + content_start, content);
        buffer->size -= MASTER_SIZE_WIDTH - width;
    }
}
