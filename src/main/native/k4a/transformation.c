/* Placeholder until the calibration issue lands: every call fails with a message. */
#include "../common/log.h"
#include <k4a/k4a.h>

#define NOT_YET(f) LOG_ERROR("%s: not implemented yet", f)

k4a_transformation_t k4a_transformation_create(const k4a_calibration_t *c)
{ (void)c; NOT_YET("k4a_transformation_create"); return NULL; }
void k4a_transformation_destroy(k4a_transformation_t t)
{ (void)t; NOT_YET("k4a_transformation_destroy"); }
k4a_result_t k4a_transformation_depth_image_to_color_camera(k4a_transformation_t t, const k4a_image_t d, k4a_image_t o)
{ (void)t; (void)d; (void)o; NOT_YET("k4a_transformation_depth_image_to_color_camera"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_transformation_depth_image_to_color_camera_custom(k4a_transformation_t t, const k4a_image_t d, const k4a_image_t c, k4a_image_t od, k4a_image_t oc, k4a_transformation_interpolation_type_t i, uint32_t v)
{ (void)t; (void)d; (void)c; (void)od; (void)oc; (void)i; (void)v; NOT_YET("k4a_transformation_depth_image_to_color_camera_custom"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_transformation_color_image_to_depth_camera(k4a_transformation_t t, const k4a_image_t d, const k4a_image_t c, k4a_image_t o)
{ (void)t; (void)d; (void)c; (void)o; NOT_YET("k4a_transformation_color_image_to_depth_camera"); return K4A_RESULT_FAILED; }
k4a_result_t k4a_transformation_depth_image_to_point_cloud(k4a_transformation_t t, const k4a_image_t d, const k4a_calibration_type_t c, k4a_image_t o)
{ (void)t; (void)d; (void)c; (void)o; NOT_YET("k4a_transformation_depth_image_to_point_cloud"); return K4A_RESULT_FAILED; }
