/* Placeholder until the calibration issue lands: every call fails with a message. */
#include "../common/log.h"
#include <k4a/k4a.h>

#define NOT_YET(f) LOG_ERROR("%s: not implemented yet", f)

k4a_result_t k4a_calibration_3d_to_3d(const k4a_calibration_t *c, const k4a_float3_t *s, const k4a_calibration_type_t a, const k4a_calibration_type_t b, k4a_float3_t *t)
{ (void)c; (void)s; (void)a; (void)b; (void)t; NOT_YET("k4a_calibration_3d_to_3d"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_calibration_2d_to_3d(const k4a_calibration_t *c, const k4a_float2_t *s, const float d, const k4a_calibration_type_t a, const k4a_calibration_type_t b, k4a_float3_t *t, int *v)
{ (void)c; (void)s; (void)d; (void)a; (void)b; (void)t; (void)v; NOT_YET("k4a_calibration_2d_to_3d"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_calibration_3d_to_2d(const k4a_calibration_t *c, const k4a_float3_t *s, const k4a_calibration_type_t a, const k4a_calibration_type_t b, k4a_float2_t *t, int *v)
{ (void)c; (void)s; (void)a; (void)b; (void)t; (void)v; NOT_YET("k4a_calibration_3d_to_2d"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_calibration_2d_to_2d(const k4a_calibration_t *c, const k4a_float2_t *s, const float d, const k4a_calibration_type_t a, const k4a_calibration_type_t b, k4a_float2_t *t, int *v)
{ (void)c; (void)s; (void)d; (void)a; (void)b; (void)t; (void)v; NOT_YET("k4a_calibration_2d_to_2d"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_calibration_color_2d_to_depth_2d(const k4a_calibration_t *c, const k4a_float2_t *s, const k4a_image_t d, k4a_float2_t *t, int *v)
{ (void)c; (void)s; (void)d; (void)t; (void)v; NOT_YET("k4a_calibration_color_2d_to_depth_2d"); return K4A_RESULT_FAILED; }
