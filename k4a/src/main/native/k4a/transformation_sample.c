/*
 * Colour images sampled into the depth camera (k4a_transformation_color_image_to_depth_camera):
 * every depth pixel with a depth is projected into the colour camera (project_run, as for the
 * raster) and takes the colour there, interpolated bilinearly between the four neighbouring pixels;
 * pixels without a position, or whose neighbourhood leaves the image, are (0, 0, 0, 0).
 *
 * The sampling has two forms with the same bits: plain C for any compiler and CPU (sample_run), and
 * on x86-64 CPUs with AVX2 (GCC and Clang, not in sanitizer builds) an explicit 8-pixel form
 * (sample_run_avx2) whose neighbours are fetched as two 8-byte loads per pixel instead of the four
 * 32-bit lane-by-lane gathers the compiler makes of sample_run, and that skips runs of 8 pixels
 * without a colour. Both give the same bits: the same IEEE operations in the same order (no fused
 * multiply-add), less two that provably change nothing (see sample_run_avx2).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "transformation_internal.h"

#include <string.h>

/* the AVX2 form: where the clones are (x86-64 ELF, GCC or Clang, not sanitized), so that the
 * SSE2-only build (-DK4A4J_SANITIZED=1) tests the plain form; 64-bit only */
#if defined(HOT_LOOP_CLONED) && defined(__x86_64__)
#define SAMPLE_AVX2 1
#include <immintrin.h>
#endif

typedef struct
{
    projection_t projection;
    const uint8_t *color; /* BGRA, cw x ch */
    uint8_t *out;         /* BGRA, dw x dh */
    bool avx2;            /* sample_run_avx2 (the CPU has AVX2) */
} color_job_t;

/* 32-bit words of byte buffers (BGRA pixels), at any alignment. GCC and Clang are told that such
 * a word may alias the bytes, which lets them vectorise the access; elsewhere memcpy does it. */
#if defined(__GNUC__)
typedef uint32_t __attribute__((may_alias, aligned(1))) byte_word_t;
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    return ((const byte_word_t *)(const void *)bytes)[index];
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    ((byte_word_t *)(void *)bytes)[index] = value;
}
#else
static inline uint32_t load_word(const uint8_t *bytes, int index)
{
    uint32_t value;
    memcpy(&value, bytes + 4 * (size_t)index, 4);
    return value;
}
static inline void store_word(uint8_t *bytes, int index, uint32_t value)
{
    memcpy(bytes + 4 * (size_t)index, &value, 4);
}
#endif

/* One channel (the byte at shift) of the four neighbours, interpolated across then down, rounded
 * and put back at its place. */
INLINE_IN_HOT_LOOP uint32_t bilinear_channel(uint32_t p00, uint32_t p10, uint32_t p01, uint32_t p11, int shift,
                                             float ax, float ay)
{
    const float c00 = (float)((p00 >> shift) & 255u), c10 = (float)((p10 >> shift) & 255u);
    const float c01 = (float)((p01 >> shift) & 255u), c11 = (float)((p11 >> shift) & 255u);
    const float top = (1.f - ax) * c00 + ax * c10;
    const float low = (1.f - ax) * c01 + ax * c11;
    return (uint32_t)(int)((1.f - ay) * top + ay * low + 0.5f) << shift;
}

/* Samples the colour image at n positions (u, v) (z = 0: none): BGRA pixels as little-endian
 * 32-bit words. Written for the vectoriser: the four neighbours are gathered as words, the channels
 * taken apart with shifts. (A function of its own: inlined into color_rows, GCC 12 no longer
 * vectorises it.) */
HOT_LOOP static void sample_run(const uint8_t *restrict color, int cw, int ch, int n, const float *restrict u,
                                const float *restrict v, const float *restrict z, uint8_t *restrict out)
{
    const float right = (float)(cw - 1), bottom = (float)(ch - 1);
    for (int i = 0; i < n; i++)
    {
        /* a position with its 2×2 neighbourhood inside the image: 0 <= floor(u) <= cw - 2 (the
         * masks are arithmetic, and the address is clamped into the image for every lane, so that
         * the loop has no branches) */
        const int ok = (z[i] > 0.f) & (u[i] >= 0.f) & (v[i] >= 0.f) & (u[i] < right) & (v[i] < bottom);
        const float su = min2(max2(u[i], 0.f), right), sv = min2(max2(v[i], 0.f), bottom);
        const int tx = (int)su, ty = (int)sv; /* non-negative: truncation is floor */
        const int cx = tx < cw - 2 ? tx : cw - 2, cy = ty < ch - 2 ? ty : ch - 2;
        const float ax = su - (float)cx, ay = sv - (float)cy;
        const int at = cy * cw + cx; /* < 2^31: sides are at most MAX_SIDE */
        const uint32_t p00 = load_word(color, at), p10 = load_word(color, at + 1);
        const uint32_t p01 = load_word(color, at + cw), p11 = load_word(color, at + cw + 1);
        uint32_t pixel =
            bilinear_channel(p00, p10, p01, p11, 0, ax, ay) | bilinear_channel(p00, p10, p01, p11, 8, ax, ay) |
            bilinear_channel(p00, p10, p01, p11, 16, ax, ay) | bilinear_channel(p00, p10, p01, p11, 24, ax, ay);
        /* (0,0,0,0) means "no colour": a black transparent pixel becomes (1,0,0,0) */
        pixel += pixel == 0u;
        pixel &= (uint32_t)-ok;
        store_word(out, i, pixel);
    }
}

#if defined(SAMPLE_AVX2)
/* Channel k (0 = blue ... 3 = alpha) of eight BGRA words, as floats. */
__attribute__((target("avx2"))) static inline __m256 avx2_channel(__m256i words, int k)
{
    const __m256i mask = _mm256_setr_epi8(k, -1, -1, -1, 4 + k, -1, -1, -1, 8 + k, -1, -1, -1, 12 + k, -1, -1, -1, k,
                                          -1, -1, -1, 4 + k, -1, -1, -1, 8 + k, -1, -1, -1, 12 + k, -1, -1, -1);
    return _mm256_cvtepi32_ps(_mm256_shuffle_epi8(words, mask));
}

/* The left and right neighbours (p00/p10 or p01/p11) of eight pixels, each pair one 8-byte load
 * at color + 4 at[j], taken apart into a vector of the eight left and one of the eight right words. */
__attribute__((target("avx2"))) static inline void avx2_pairs(const uint8_t *color, const size_t at[8],
                                                              __m256i *left, __m256i *right)
{
    /* [p0 p1 | p4 p5] and [p2 p3 | p6 p7], each pixel's pair as one double */
    __m256d lo = _mm256_set_m128d(
        _mm_loadh_pd(_mm_load_sd((const double *)(const void *)(color + 4 * at[4])),
                     (const double *)(const void *)(color + 4 * at[5])),
        _mm_loadh_pd(_mm_load_sd((const double *)(const void *)(color + 4 * at[0])),
                     (const double *)(const void *)(color + 4 * at[1])));
    __m256d hi = _mm256_set_m128d(
        _mm_loadh_pd(_mm_load_sd((const double *)(const void *)(color + 4 * at[6])),
                     (const double *)(const void *)(color + 4 * at[7])),
        _mm_loadh_pd(_mm_load_sd((const double *)(const void *)(color + 4 * at[2])),
                     (const double *)(const void *)(color + 4 * at[3])));
    /* as floats: [L0 R0 L1 R1 L2 R2 L3 R3 | L4 R4 ...]: even floats are the left words, odd the right */
    __m256 a = _mm256_castpd_ps(lo), c = _mm256_castpd_ps(hi);
    *left = _mm256_castps_si256(_mm256_shuffle_ps(a, c, _MM_SHUFFLE(2, 0, 2, 0)));
    *right = _mm256_castps_si256(_mm256_shuffle_ps(a, c, _MM_SHUFFLE(3, 1, 3, 1)));
}

/* sample_run for eight pixels at a time (n a multiple of 8 or the rest done by sample_run): the same
 * masks, positions, weights and arithmetic, lane for lane, for every pixel with a colour (the two
 * shortcuts below give the same bits); the other lanes are cleared. */
__attribute__((target("avx2"))) static void sample_run_avx2(const uint8_t *restrict color, int cw, int ch, int n,
                                                            const float *restrict u, const float *restrict v,
                                                            const float *restrict z, uint8_t *restrict out)
{
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.f), half = _mm256_set1_ps(0.5f);
    const __m256 right = _mm256_set1_ps((float)(cw - 1)), bottom = _mm256_set1_ps((float)(ch - 1));
    const __m256i last_x = _mm256_set1_epi32(cw - 2), last_y = _mm256_set1_epi32(ch - 2);
    const __m256i width = _mm256_set1_epi32(cw);
    const uint8_t *below = color + 4 * (size_t)cw;
    int i = 0;
    for (; i + 8 <= n; i += 8)
    {
        const __m256 uu = _mm256_loadu_ps(u + i), vv = _mm256_loadu_ps(v + i), zz = _mm256_loadu_ps(z + i);
        const __m256 ok = _mm256_and_ps(
            _mm256_and_ps(_mm256_and_ps(_mm256_cmp_ps(zz, zero, _CMP_GT_OQ), _mm256_cmp_ps(uu, zero, _CMP_GE_OQ)),
                          _mm256_and_ps(_mm256_cmp_ps(vv, zero, _CMP_GE_OQ), _mm256_cmp_ps(uu, right, _CMP_LT_OQ))),
            _mm256_cmp_ps(vv, bottom, _CMP_LT_OQ));
        if (_mm256_movemask_ps(ok) == 0)
        {
            _mm256_storeu_si256((__m256i *)(void *)(out + 4 * (size_t)i), _mm256_setzero_si256());
            continue;
        }
        /* For a pixel with a colour (0 <= u < cw - 1) sample_run's clamps change nothing (but -0 to +0,
         * which gives the same sums): the column is floor(u) and ax = u - floor(u). Here the clamps are on
         * the integers only, to keep every lane's address in the image (NaN and overflow give INT_MIN, so
         * 0); the other lanes' weights are not used. The same for v. */
        const __m256i zero_i = _mm256_setzero_si256();
        const __m256i cx = _mm256_max_epi32(_mm256_min_epi32(_mm256_cvttps_epi32(uu), last_x), zero_i);
        const __m256i cy = _mm256_max_epi32(_mm256_min_epi32(_mm256_cvttps_epi32(vv), last_y), zero_i);
        const __m256 ax = _mm256_sub_ps(uu, _mm256_cvtepi32_ps(cx)), ay = _mm256_sub_ps(vv, _mm256_cvtepi32_ps(cy));
        const __m256 bx = _mm256_sub_ps(one, ax), by = _mm256_sub_ps(one, ay);
        /* the eight indices (non-negative) taken out two at a time */
        const __m256i index = _mm256_add_epi32(_mm256_mullo_epi32(cy, width), cx);
        const __m128i low_half = _mm256_castsi256_si128(index), high_half = _mm256_extracti128_si256(index, 1);
        const uint64_t q0 = (uint64_t)_mm_cvtsi128_si64(low_half), q1 = (uint64_t)_mm_extract_epi64(low_half, 1);
        const uint64_t q2 = (uint64_t)_mm_cvtsi128_si64(high_half), q3 = (uint64_t)_mm_extract_epi64(high_half, 1);
        const size_t at[8] = { (uint32_t)q0, (size_t)(q0 >> 32), (uint32_t)q1, (size_t)(q1 >> 32),
                               (uint32_t)q2, (size_t)(q2 >> 32), (uint32_t)q3, (size_t)(q3 >> 32) };
        __m256i p00, p10, p01, p11;
        avx2_pairs(color, at, &p00, &p10);
        avx2_pairs(below, at, &p01, &p11);
        /* Where all 32 neighbours are opaque (alpha 255, as in every colour image the playback decodes),
         * the interpolated alpha of a pixel with a colour is 255: each weighted sum is 255 within a few
         * float roundings (the weights sum to 1 within 2^-24), so value is 255.5 within 1e-4 and its
         * truncation 255. Alpha is then not computed. */
        const __m256i all = _mm256_and_si256(_mm256_and_si256(p00, p10), _mm256_and_si256(p01, p11));
        const bool opaque = _mm256_movemask_epi8(_mm256_cmpeq_epi32(_mm256_or_si256(all, _mm256_set1_epi32(0x00FFFFFF)),
                                                                    _mm256_set1_epi32(-1))) == -1;
        __m256i pixel = opaque ? _mm256_set1_epi32((int32_t)0xFF000000u) : _mm256_setzero_si256();
        for (int k = 0; k < (opaque ? 3 : 4); k++)
        {
            const __m256 top = _mm256_add_ps(_mm256_mul_ps(bx, avx2_channel(p00, k)), _mm256_mul_ps(ax, avx2_channel(p10, k)));
            const __m256 low = _mm256_add_ps(_mm256_mul_ps(bx, avx2_channel(p01, k)), _mm256_mul_ps(ax, avx2_channel(p11, k)));
            const __m256 value = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(by, top), _mm256_mul_ps(ay, low)), half);
            pixel = _mm256_or_si256(pixel, _mm256_slli_epi32(_mm256_cvttps_epi32(value), 8 * k));
        }
        /* (0,0,0,0) means "no colour": a black transparent pixel becomes (1,0,0,0) */
        pixel = _mm256_sub_epi32(pixel, _mm256_cmpeq_epi32(pixel, _mm256_setzero_si256()));
        pixel = _mm256_and_si256(pixel, _mm256_castps_si256(ok));
        _mm256_storeu_si256((__m256i *)(void *)(out + 4 * (size_t)i), pixel);
    }
    if (i < n)
        sample_run(color, cw, ch, n - i, u + i, v + i, z + i, out + 4 * (size_t)i);
}
#endif

/* Pixels projected, then sampled, at a time: a whole row of any depth mode (the widest, WFOV
 * unbinned, is 1024), 12 KB of stack (runs of 256 pixels cost about 2 % more). */
#define ROW_CHUNK 1024

/* Each row is projected and sampled only between its first and last pixel with a depth (rounded out
 * to multiples of 8 pixels): the invalid border of the depth modes costs only its clearing. */
HOT_LOOP static void color_rows(void *context, int begin, int end)
{
    const color_job_t *job = context;
    const transformation_t *t = job->projection.t;
    float u[ROW_CHUNK], v[ROW_CHUNK], z[ROW_CHUNK];
    for (int y = begin; y < end; y++)
    {
        const uint16_t *depth = job->projection.depth + (size_t)y * (size_t)t->dw;
        uint8_t *row = job->out + 4 * (size_t)y * (size_t)t->dw;
        int first, last;
        depth_span(depth, t->dw, &first, &last);
        memset(row, 0, 4 * (size_t)first);
        memset(row + 4 * (size_t)last, 0, 4 * (size_t)(t->dw - last));
        for (int x0 = first; x0 < last; x0 += ROW_CHUNK)
        {
            int n = last - x0 < ROW_CHUNK ? last - x0 : ROW_CHUNK;
            project_run(&job->projection, y, x0, n, u, v, z);
            uint8_t *out = row + 4 * (size_t)x0;
#if defined(SAMPLE_AVX2)
            if (job->avx2)
            {
                sample_run_avx2(job->color, t->cw, t->ch, n, u, v, z, out);
                continue;
            }
#endif
            sample_run(job->color, t->cw, t->ch, n, u, v, z, out);
        }
    }
}

void k4a4j_transformation_color_to_depth(transformation_t *t, const uint16_t *depth, const uint8_t *color, uint8_t *out)
{
    color_job_t job = { { t, depth }, color, out, false };
#if defined(SAMPLE_AVX2)
    __builtin_cpu_init();
    job.avx2 = __builtin_cpu_supports("avx2");
#endif
    k4a4j_threadpool_run(t->pool, t->dh, claim_rows(t->dw), color_rows, &job);
}
