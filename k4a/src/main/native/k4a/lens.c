/*
 * The lens models: set-up and iterative unprojection (the projection is inline in lens.h).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "lens.h"

#include <float.h>

bool k4a4j_lens_init(k4a4j_lens_t *lens, const k4a_calibration_camera_t *camera)
{
    const k4a_calibration_intrinsic_parameters_t *p = &camera->intrinsics.parameters;
    k4a_calibration_model_type_t model = camera->intrinsics.type;
    if (model != K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY &&
        model != K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT)
        return false;
    lens->cx = p->param.cx;
    lens->cy = p->param.cy;
    lens->fx = p->param.fx;
    lens->fy = p->param.fy;
    lens->k1 = p->param.k1;
    lens->k2 = p->param.k2;
    lens->k3 = p->param.k3;
    lens->k4 = p->param.k4;
    lens->k5 = p->param.k5;
    lens->k6 = p->param.k6;
    lens->codx = p->param.codx;
    lens->cody = p->param.cody;
    lens->p1 = p->param.p1;
    lens->p2 = p->param.p2;
    lens->tangential_xy = model == K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY ? 2.f : 1.f;
    /* The camera's own metric_radius field counts; the parameter of the same name in the union is
     * not filled by the calibration parser. */
    lens->max_radius_squared = camera->metric_radius * camera->metric_radius;
    lens->width = camera->resolution_width;
    lens->height = camera->resolution_height;
    return true;
}

/* First guess: undo the radial factor as if it were evaluated at the distorted radius, then take
 * off a first-order estimate of the tangential terms. */
static void first_guess(const k4a4j_lens_t *lens, float u, float v, float *x, float *y)
{
    float xd = (u - lens->cx) / lens->fx - lens->codx;
    float yd = (v - lens->cy) / lens->fy - lens->cody;
    float rs = xd * xd + yd * yd;
    float rss = rs * rs;
    float rsc = rss * rs;
    float a = 1.f + lens->k1 * rs + lens->k2 * rss + lens->k3 * rsc;
    float b = 1.f + lens->k4 * rs + lens->k5 * rss + lens->k6 * rsc;
    float ai = a != 0.f ? 1.f / a : 1.f;
    float di = ai * b;
    float xu = xd * di;
    float yu = yd * di;

    float two_xy = 2.f * xu * yu;
    float xx = xu * xu;
    float yy = yu * yu;
    xu -= (yy + 3.f * xx) * lens->p2 + two_xy * lens->p1;
    yu -= (xx + 3.f * yy) * lens->p1 + two_xy * lens->p2;

    *x = xu + lens->codx;
    *y = yu + lens->cody;
}

#define NEWTON_PASSES 20

int k4a4j_lens_unproject(const k4a4j_lens_t *lens, float u, float v, float good_enough, float *x, float *y)
{
    float cx, cy;
    first_guess(lens, u, v, &cx, &cy);

    float best_x = 0.f, best_y = 0.f;
    float best_err = FLT_MAX;
    for (int pass = 0; pass < NEWTON_PASSES; pass++)
    {
        float pu, pv, J[4];
        k4a4j_lens_eval_t e;
        if (!k4a4j_lens_eval(lens, cx, cy, &pu, &pv, &e))
        {
            /* left the metric radius: give up with the current point */
            *x = cx;
            *y = cy;
            return 0;
        }
        float eu = u - pu;
        float ev = v - pv;
        float err = eu * eu + ev * ev;
        if (err >= best_err)
        {
            cx = best_x;
            cy = best_y;
            break;
        }
        best_err = err;
        best_x = cx;
        best_y = cy;
        if (pass + 1 == NEWTON_PASSES || best_err < good_enough)
            break;

        /* Newton step: solve J·delta = error with the explicit 2×2 inverse (the Jacobian only
         * now: the last pass does not need it) */
        k4a4j_lens_jacobian(lens, &e, J);
        float det = J[0] * J[3] - J[1] * J[2];
        float inv = 1.f / det;
        float i0 = J[3] * inv;
        float i1 = -J[1] * inv;
        float i2 = -J[2] * inv;
        float i3 = J[0] * inv;
        cx += i0 * eu + i1 * ev;
        cy += i2 * eu + i3 * ev;
    }
    *x = cx;
    *y = cy;
    /* NaN errors compare false here and stay valid, as in the reference */
    return best_err > 1e-6f ? 0 : 1;
}
