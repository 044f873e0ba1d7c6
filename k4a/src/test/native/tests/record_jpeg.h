/*
 * Synthetic MJPG frames for the record tests and benchmark: a valid baseline greyscale JPEG of any
 * size (multiples of 8), decodable by libjpeg-turbo and ffmpeg, padded with APP1 segments of
 * pseudo-random bytes to a wanted file size so that frames differ and weigh what camera frames do.
 *
 * The image is vertical stripes: every block has only a DC coefficient, alternately +255 and -255
 * from its neighbour, coded with two-symbol Huffman tables (DC: category 0 "0", category 8 "10";
 * AC: end-of-block "0"). The runs of eight 1-bits make the coder stuff 0xFF 0x00 pairs, as real
 * frames have.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_RECORD_JPEG_H
#define K4A4J_RECORD_JPEG_H

#include <stddef.h>
#include <stdint.h>

typedef struct
{
    uint8_t *out;
    size_t size, capacity;
    uint32_t bits;
    int count;
    int ok;
} record_jpeg_writer_t;

static void record_jpeg_byte(record_jpeg_writer_t *w, uint8_t b)
{
    if (w->size < w->capacity)
        w->out[w->size++] = b;
    else
        w->ok = 0;
}

static void record_jpeg_segment(record_jpeg_writer_t *w, uint8_t marker, const uint8_t *payload, size_t length)
{
    record_jpeg_byte(w, 0xFF);
    record_jpeg_byte(w, marker);
    record_jpeg_byte(w, (uint8_t)((length + 2) >> 8));
    record_jpeg_byte(w, (uint8_t)(length + 2));
    for (size_t i = 0; i < length; i++)
        record_jpeg_byte(w, payload[i]);
}

static void record_jpeg_put_bits(record_jpeg_writer_t *w, uint32_t value, int n)
{
    for (int i = n - 1; i >= 0; i--)
    {
        w->bits = (w->bits << 1) | ((value >> i) & 1u);
        if (++w->count == 8)
        {
            uint8_t b = (uint8_t)w->bits;
            record_jpeg_byte(w, b);
            if (b == 0xFF)
                record_jpeg_byte(w, 0x00); /* byte stuffing */
            w->bits = 0;
            w->count = 0;
        }
    }
}

/* Writes a width x height JPEG of about target_size bytes (at least its natural size, ~11 bits per
 * 8x8 block) into out. Returns its size, or 0 when it does not fit in capacity or the size is not
 * a multiple of 8. seed varies the padding bytes. */
static size_t record_jpeg_make(uint8_t *out, size_t capacity, int width, int height, uint32_t seed, size_t target_size)
{
    record_jpeg_writer_t w = { out, 0, capacity, 0, 0, 1 };
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0 || width > 65535 || height > 65535)
        return 0;
    record_jpeg_byte(&w, 0xFF);
    record_jpeg_byte(&w, 0xD8);

    uint8_t dqt[65];
    dqt[0] = 0; /* 8-bit table 0 */
    for (int i = 1; i < 65; i++)
        dqt[i] = 1;
    record_jpeg_segment(&w, 0xDB, dqt, sizeof(dqt));
    const uint8_t sof[] = {
        8, (uint8_t)(height >> 8), (uint8_t)height, (uint8_t)(width >> 8), (uint8_t)width, 1, 1, 0x11, 0
    };
    record_jpeg_segment(&w, 0xC0, sof, sizeof(sof));
    uint8_t dht_dc[1 + 16 + 2] = { 0x00, 1, 1 };
    dht_dc[17] = 0; /* category 0: "0" */
    dht_dc[18] = 8; /* category 8: "10" */
    record_jpeg_segment(&w, 0xC4, dht_dc, sizeof(dht_dc));
    uint8_t dht_ac[1 + 16 + 1] = { 0x10, 1 };
    dht_ac[17] = 0x00; /* end of block: "0" */
    record_jpeg_segment(&w, 0xC4, dht_ac, sizeof(dht_ac));

    /* Padding: APP1 segments of pseudo-random bytes up to the target size. */
    size_t blocks = (size_t)(width / 8) * (size_t)(height / 8);
    size_t natural = w.size + 14 + blocks * 11 / 8 + blocks / 64 + 2;
    uint32_t state = seed * 2654435761u + 1u;
    uint8_t chunk[65533];
    while (target_size > natural + 4 + 16)
    {
        size_t length = target_size - natural - 4;
        if (length > sizeof(chunk))
            length = sizeof(chunk);
        for (size_t i = 0; i < length; i++)
        {
            state = state * 1664525u + 1013904223u;
            chunk[i] = (uint8_t)(state >> 24);
        }
        record_jpeg_segment(&w, 0xE1, chunk, length);
        natural += length + 4;
    }

    const uint8_t sos[] = { 1, 1, 0x00, 0, 63, 0 };
    record_jpeg_segment(&w, 0xDA, sos, sizeof(sos));
    for (size_t i = 0; i < blocks; i++)
    {
        record_jpeg_put_bits(&w, 2, 2);                        /* DC category 8 */
        record_jpeg_put_bits(&w, i % 2 == 0 ? 0xFF : 0x00, 8); /* +255, then -255 */
        record_jpeg_put_bits(&w, 0, 1);                        /* end of block */
    }
    if (w.count > 0)
        record_jpeg_put_bits(&w, 0x7F, 8 - w.count); /* pad with 1-bits */
    record_jpeg_byte(&w, 0xFF);
    record_jpeg_byte(&w, 0xD9);
    return w.ok ? w.size : 0;
}

#endif /* K4A4J_RECORD_JPEG_H */
