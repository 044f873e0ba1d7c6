/*
 * The two lens models of the k4a calibration (Brown-Conrady and Rational 6KT) in single precision:
 * projection of a point of the unit plane (z = 1) to a pixel, with its Jacobian, and the iterative
 * unprojection of a pixel back to the unit plane. Shared by the point conversions (conversion.c)
 * and the image transformation (transformation.c), which inlines the projection in its loops.
 *
 * Pixels follow the calibration's convention: (0, 0) is the centre of the top-left pixel.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_LENS_H
#define K4A4J_LENS_H

#include <k4a/k4atypes.h>

#include <stdbool.h>

/* One camera's intrinsics, unpacked for the arithmetic below. */
typedef struct
{
    float cx, cy, fx, fy;
    float k1, k2, k3, k4, k5, k6;
    float codx, cody;
    float p1, p2;
    float tangential_xy;      /* factor of the mixed tangential terms: 2 (Brown-Conrady) or 1 (Rational 6KT) */
    float max_radius_squared; /* metric_radius²: unit-plane points farther from the distortion centre are invalid */
    int width, height;
} k4a4j_lens_t;

/* True when the camera's model is one we can compute (Brown-Conrady or Rational 6KT); fills *lens. */
bool k4a4j_lens_init(k4a4j_lens_t *lens, const k4a_calibration_camera_t *camera);

/* The intermediate values of one projection, kept for its Jacobian. */
typedef struct
{
    float xp, yp, rs, rss, a, b, bi, d;
} k4a4j_lens_eval_t;

/* Projects the unit-plane point (x, y) into *u, *v, keeping what the Jacobian needs in *e. Returns
 * 0 and writes nothing when the point lies outside the metric radius. NaN inputs are not refused:
 * they project to NaN, as in the reference. */
static inline int k4a4j_lens_eval(const k4a4j_lens_t *lens, float x, float y, float *u, float *v, k4a4j_lens_eval_t *e)
{
    float xp = x - lens->codx;
    float yp = y - lens->cody;
    float xp2 = xp * xp;
    float yp2 = yp * yp;
    float xyp = xp * yp;
    float rs = xp2 + yp2;
    if (rs > lens->max_radius_squared)
        return 0;
    float rss = rs * rs;
    float rsc = rss * rs;
    float a = 1.f + lens->k1 * rs + lens->k2 * rss + lens->k3 * rsc;
    float b = 1.f + lens->k4 * rs + lens->k5 * rss + lens->k6 * rsc;
    float bi = b != 0.f ? 1.f / b : 1.f;
    float d = a * bi;

    float t = lens->tangential_xy;
    float xd = xp * d + ((rs + 2.f * xp2) * lens->p2 + t * xyp * lens->p1);
    float yd = yp * d + ((rs + 2.f * yp2) * lens->p1 + t * xyp * lens->p2);

    *u = (xd + lens->codx) * lens->fx + lens->cx;
    *v = (yd + lens->cody) * lens->fy + lens->cy;
    e->xp = xp, e->yp = yp, e->rs = rs, e->rss = rss, e->a = a, e->b = b, e->bi = bi, e->d = d;
    return 1;
}

/* The Jacobian d(u,v)/d(x,y) (row-major) at the point k4a4j_lens_eval evaluated. */
static inline void k4a4j_lens_jacobian(const k4a4j_lens_t *lens, const k4a4j_lens_eval_t *e, float J[4])
{
    const float xp = e->xp, yp = e->yp, rs = e->rs, rss = e->rss, d = e->d, t = lens->tangential_xy;
    /* d(a/b)/d(r²), then the chain rule through r² = xp² + yp² */
    float da = lens->k1 + 2.f * lens->k2 * rs + 3.f * lens->k3 * rss;
    float db = lens->k4 + 2.f * lens->k5 * rs + 3.f * lens->k6 * rss;
    float dd = (da * e->b - e->a * db) * (e->bi * e->bi);
    float dd2 = dd * 2.f;
    float xp_dd2 = xp * dd2;
    float cross = yp * xp_dd2;
    J[0] = lens->fx * (d + xp * xp_dd2 + 6.f * xp * lens->p2 + t * yp * lens->p1);
    J[1] = lens->fx * (cross + 2.f * yp * lens->p2 + t * xp * lens->p1);
    J[2] = lens->fy * (cross + 2.f * xp * lens->p1 + t * yp * lens->p2);
    J[3] = lens->fy * (d + yp * yp * dd2 + 6.f * yp * lens->p1 + t * xp * lens->p2);
}

/*
 * Projects the unit-plane point (x, y). Returns 1 and writes *u, *v (and J, the Jacobian
 * d(u,v)/d(x,y) row-major, when J is not NULL); returns 0 and writes nothing when the point lies
 * outside the metric radius. NaN inputs are not refused: they project to NaN, as in the reference.
 */
static inline int k4a4j_lens_project(const k4a4j_lens_t *lens, float x, float y, float *u, float *v, float *J)
{
    k4a4j_lens_eval_t e;
    if (!k4a4j_lens_eval(lens, x, y, u, v, &e))
        return 0;
    if (J != NULL)
        k4a4j_lens_jacobian(lens, &e, J);
    return 1;
}

/*
 * The projection above without the metric-radius test and without branches, for loops the
 * compiler vectorises: writes *u, *v and returns r² (the point is valid when
 * r² <= max_radius_squared; NaN compares false). Same operations in the same order, so the same
 * bits as k4a4j_lens_project.
 */
static inline float k4a4j_lens_project_unchecked(const k4a4j_lens_t *lens, float x, float y, float *u, float *v)
{
    float xp = x - lens->codx;
    float yp = y - lens->cody;
    float xp2 = xp * xp;
    float yp2 = yp * yp;
    float xyp = xp * yp;
    float rs = xp2 + yp2;
    float rss = rs * rs;
    float rsc = rss * rs;
    float a = 1.f + lens->k1 * rs + lens->k2 * rss + lens->k3 * rsc;
    float b = 1.f + lens->k4 * rs + lens->k5 * rss + lens->k6 * rsc;
    float bi = 1.f / (b != 0.f ? b : 1.f); /* the same as above, without a conditional division */
    float d = a * bi;
    float t = lens->tangential_xy;
    float xd = xp * d + ((rs + 2.f * xp2) * lens->p2 + t * xyp * lens->p1);
    float yd = yp * d + ((rs + 2.f * yp2) * lens->p1 + t * xyp * lens->p2);
    *u = (xd + lens->codx) * lens->fx + lens->cx;
    *v = (yd + lens->cody) * lens->fy + lens->cy;
    return rs;
}

/* Moves a 3D point (mm) with a rotation (row-major) and translation: out = R·in + t. */
static inline void k4a4j_apply_extrinsics(const k4a_calibration_extrinsics_t *e, const float in[3], float out[3])
{
    const float *r = e->rotation;
    const float *t = e->translation;
    float x = in[0], y = in[1], z = in[2];
    out[0] = r[0] * x + r[1] * y + r[2] * z + t[0];
    out[1] = r[3] * x + r[4] * y + r[5] * z + t[1];
    out[2] = r[6] * x + r[7] * y + r[8] * z + t[2];
}

/*
 * Unprojects pixel (u, v) to the unit plane. Always writes *x, *y (the best point found, or the
 * first guess when the projection leaves the metric radius); returns 1 when the point is valid:
 * it projects back to within 1e-3 pixel (squared error <= 1e-6) and never left the metric radius.
 *
 * Newton passes go on while they reduce the reprojection error, until its square is below
 * good_enough. K4A4J_LENS_EXACT (the transformation's tables) practically never stops them early:
 * they go on until they stop reducing the error, which ends in float rounding noise, and so give
 * the reference's bits. K4A4J_LENS_GOOD_ENOUGH (the point conversions) is a 3e-5 pixel error, near
 * the float rounding of a pixel coordinate: what further passes would change is below 1e-3 of a
 * pixel or a millimetre on the reference vectors, and stopping there saves about one pass in four.
 */
#define K4A4J_LENS_EXACT 1e-22f
#define K4A4J_LENS_GOOD_ENOUGH 1e-9f
int k4a4j_lens_unproject(const k4a4j_lens_t *lens, float u, float v, float good_enough, float *x, float *y);

#endif /* K4A4J_LENS_H */
