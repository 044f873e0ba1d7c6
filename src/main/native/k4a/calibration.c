/* Placeholder until the calibration issue lands: every call fails with a message. */
#include "../common/log.h"
#include <k4a/k4a.h>

#define NOT_YET(f) LOG_ERROR("%s: not implemented yet", f)
k4a_result_t k4a_calibration_get_from_raw(char *r, size_t n, const k4a_depth_mode_t d, const k4a_color_resolution_t c, k4a_calibration_t *o)
{ (void)r; (void)n; (void)d; (void)c; (void)o; NOT_YET("k4a_calibration_get_from_raw"); return K4A_RESULT_FAILED; }
