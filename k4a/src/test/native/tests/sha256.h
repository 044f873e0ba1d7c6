/*
 * SHA-256 (FIPS 180-4) for the tests, which compare buffers with the hashes the reference
 * manifests give.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_SHA256_H
#define K4A4J_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct
{
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    uint8_t block[64];
    size_t used; /* bytes waiting in block */
} sha256_t;

void sha256_init(sha256_t *s);
void sha256_update(sha256_t *s, const void *data, size_t size);
void sha256_final(sha256_t *s, uint8_t digest[32]);

/* The hash of size bytes as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t size, char hex[65]);

#endif /* K4A4J_SHA256_H */
