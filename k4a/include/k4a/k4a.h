/*
 * k4a4j: the k4a 1.4 C API (libk4a.so.1.4).
 *
 * Every function that fails returns a failure value and reports why through the debug message
 * handler (k4a_set_debug_message_handler) or the K4A_LOG_LEVEL / K4A_ENABLE_LOG_TO_* variables.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A_H
#define K4A_H

#ifdef __cplusplus
#include <cinttypes>
#else
#include <stdint.h>
#endif
#include <k4a/k4aversion.h>
#include <k4a/k4atypes.h>
#include <k4a/k4a_export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- devices -------------------------------------------------------------------------------- */

/** Number of devices that k4a_device_open can open. */
K4A_EXPORT uint32_t k4a_device_get_installed_count(void);

/** Sets the callback that receives log messages at or above min_level; NULL restores the default. */
K4A_EXPORT k4a_result_t k4a_set_debug_message_handler(k4a_logging_message_cb_t *message_cb,
                                                      void *message_cb_context,
                                                      k4a_log_level_t min_level);

/** Sets the allocator for the library's memory; both callbacks, or both NULL for the default. */
K4A_EXPORT k4a_result_t k4a_set_allocator(k4a_memory_allocate_cb_t *allocate, k4a_memory_destroy_cb_t *free);

/** Opens device number index. */
K4A_EXPORT k4a_result_t k4a_device_open(uint32_t index, k4a_device_t *device_handle);

/** Closes a device. */
K4A_EXPORT void k4a_device_close(k4a_device_t device_handle);

/** Waits up to timeout_in_ms for the next capture. */
K4A_EXPORT k4a_wait_result_t k4a_device_get_capture(k4a_device_t device_handle,
                                                    k4a_capture_t *capture_handle,
                                                    int32_t timeout_in_ms);

/** Waits up to timeout_in_ms for the next IMU sample. */
K4A_EXPORT k4a_wait_result_t k4a_device_get_imu_sample(k4a_device_t device_handle,
                                                       k4a_imu_sample_t *imu_sample,
                                                       int32_t timeout_in_ms);

/* ---- captures ------------------------------------------------------------------------------- */

/** Creates an empty capture. */
K4A_EXPORT k4a_result_t k4a_capture_create(k4a_capture_t *capture_handle);

/** Drops one reference to a capture; the last one frees it and its references to images. */
K4A_EXPORT void k4a_capture_release(k4a_capture_t capture_handle);

/** Adds a reference to a capture. */
K4A_EXPORT void k4a_capture_reference(k4a_capture_t capture_handle);

/** The colour image of a capture, with a new reference the caller releases; NULL if none. */
K4A_EXPORT k4a_image_t k4a_capture_get_color_image(k4a_capture_t capture_handle);

/** The depth image of a capture, with a new reference the caller releases; NULL if none. */
K4A_EXPORT k4a_image_t k4a_capture_get_depth_image(k4a_capture_t capture_handle);

/** The IR image of a capture, with a new reference the caller releases; NULL if none. */
K4A_EXPORT k4a_image_t k4a_capture_get_ir_image(k4a_capture_t capture_handle);

/** Sets (or with NULL removes) the colour image; the capture takes its own reference. */
K4A_EXPORT void k4a_capture_set_color_image(k4a_capture_t capture_handle, k4a_image_t image_handle);

/** Sets (or with NULL removes) the depth image; the capture takes its own reference. */
K4A_EXPORT void k4a_capture_set_depth_image(k4a_capture_t capture_handle, k4a_image_t image_handle);

/** Sets (or with NULL removes) the IR image; the capture takes its own reference. */
K4A_EXPORT void k4a_capture_set_ir_image(k4a_capture_t capture_handle, k4a_image_t image_handle);

/** Sets the device temperature of a capture, in degrees Celsius. */
K4A_EXPORT void k4a_capture_set_temperature_c(k4a_capture_t capture_handle, float temperature_c);

/** The device temperature of a capture, or NaN when unknown. */
K4A_EXPORT float k4a_capture_get_temperature_c(k4a_capture_t capture_handle);

/* ---- images --------------------------------------------------------------------------------- */

/** Creates an image with a buffer of its own; stride_bytes 0 means the smallest stride for the format. */
K4A_EXPORT k4a_result_t k4a_image_create(k4a_image_format_t format,
                                         int width_pixels,
                                         int height_pixels,
                                         int stride_bytes,
                                         k4a_image_t *image_handle);

/** Creates an image over a caller's buffer; buffer_release_cb (may be NULL) is called once, at the last release. */
K4A_EXPORT k4a_result_t k4a_image_create_from_buffer(k4a_image_format_t format,
                                                     int width_pixels,
                                                     int height_pixels,
                                                     int stride_bytes,
                                                     uint8_t *buffer,
                                                     size_t buffer_size,
                                                     k4a_memory_destroy_cb_t *buffer_release_cb,
                                                     void *buffer_release_cb_context,
                                                     k4a_image_t *image_handle);

/** The image's pixel buffer. */
K4A_EXPORT uint8_t *k4a_image_get_buffer(k4a_image_t image_handle);

/** Size of the image's buffer in bytes. */
K4A_EXPORT size_t k4a_image_get_size(k4a_image_t image_handle);

/** The image's pixel format. */
K4A_EXPORT k4a_image_format_t k4a_image_get_format(k4a_image_t image_handle);

/** Width in pixels. */
K4A_EXPORT int k4a_image_get_width_pixels(k4a_image_t image_handle);

/** Height in pixels. */
K4A_EXPORT int k4a_image_get_height_pixels(k4a_image_t image_handle);

/** Bytes from the start of one row to the start of the next (0 for compressed formats). */
K4A_EXPORT int k4a_image_get_stride_bytes(k4a_image_t image_handle);

/** Deprecated name of k4a_image_get_device_timestamp_usec. */
K4A_DEPRECATED_EXPORT uint64_t k4a_image_get_timestamp_usec(k4a_image_t image_handle);

/** Device timestamp of the image, in microseconds. */
K4A_EXPORT uint64_t k4a_image_get_device_timestamp_usec(k4a_image_t image_handle);

/** Host timestamp of the image, in nanoseconds. */
K4A_EXPORT uint64_t k4a_image_get_system_timestamp_nsec(k4a_image_t image_handle);

/** Exposure time, in microseconds. */
K4A_EXPORT uint64_t k4a_image_get_exposure_usec(k4a_image_t image_handle);

/** White balance, in degrees Kelvin. */
K4A_EXPORT uint32_t k4a_image_get_white_balance(k4a_image_t image_handle);

/** ISO speed. */
K4A_EXPORT uint32_t k4a_image_get_iso_speed(k4a_image_t image_handle);

/** Sets the device timestamp, in microseconds. */
K4A_EXPORT void k4a_image_set_device_timestamp_usec(k4a_image_t image_handle, uint64_t timestamp_usec);

/** Deprecated name of k4a_image_set_device_timestamp_usec. */
K4A_DEPRECATED_EXPORT void k4a_image_set_timestamp_usec(k4a_image_t image_handle, uint64_t timestamp_usec);

/** Sets the host timestamp, in nanoseconds. */
K4A_EXPORT void k4a_image_set_system_timestamp_nsec(k4a_image_t image_handle, uint64_t timestamp_nsec);

/** Sets the exposure time, in microseconds. */
K4A_EXPORT void k4a_image_set_exposure_usec(k4a_image_t image_handle, uint64_t exposure_usec);

/** Deprecated name of k4a_image_set_exposure_usec. */
K4A_DEPRECATED_EXPORT void k4a_image_set_exposure_time_usec(k4a_image_t image_handle, uint64_t exposure_usec);

/** Sets the white balance, in degrees Kelvin. */
K4A_EXPORT void k4a_image_set_white_balance(k4a_image_t image_handle, uint32_t white_balance);

/** Sets the ISO speed. */
K4A_EXPORT void k4a_image_set_iso_speed(k4a_image_t image_handle, uint32_t iso_speed);

/** Adds a reference to an image. */
K4A_EXPORT void k4a_image_reference(k4a_image_t image_handle);

/** Drops one reference to an image; the last one frees it. */
K4A_EXPORT void k4a_image_release(k4a_image_t image_handle);

/* ---- device control ------------------------------------------------------------------------- */

/** Starts the cameras with a configuration. */
K4A_EXPORT k4a_result_t k4a_device_start_cameras(k4a_device_t device_handle, const k4a_device_configuration_t *config);

/** Stops the cameras. */
K4A_EXPORT void k4a_device_stop_cameras(k4a_device_t device_handle);

/** Starts the IMU (the cameras must be running). */
K4A_EXPORT k4a_result_t k4a_device_start_imu(k4a_device_t device_handle);

/** Stops the IMU. */
K4A_EXPORT void k4a_device_stop_imu(k4a_device_t device_handle);

/** The device's serial number as text, by the buffer protocol. */
K4A_EXPORT k4a_buffer_result_t k4a_device_get_serialnum(k4a_device_t device_handle,
                                                        char *serial_number,
                                                        size_t *serial_number_size);

/** The device's firmware versions. */
K4A_EXPORT k4a_result_t k4a_device_get_version(k4a_device_t device_handle, k4a_hardware_version_t *version);

/** Range, step and default of a colour control. */
K4A_EXPORT k4a_result_t k4a_device_get_color_control_capabilities(k4a_device_t device_handle,
                                                                  k4a_color_control_command_t command,
                                                                  bool *supports_auto,
                                                                  int32_t *min_value,
                                                                  int32_t *max_value,
                                                                  int32_t *step_value,
                                                                  int32_t *default_value,
                                                                  k4a_color_control_mode_t *default_mode);

/** Current mode and value of a colour control. */
K4A_EXPORT k4a_result_t k4a_device_get_color_control(k4a_device_t device_handle,
                                                     k4a_color_control_command_t command,
                                                     k4a_color_control_mode_t *mode,
                                                     int32_t *value);

/** Sets a colour control. */
K4A_EXPORT k4a_result_t k4a_device_set_color_control(k4a_device_t device_handle,
                                                     k4a_color_control_command_t command,
                                                     k4a_color_control_mode_t mode,
                                                     int32_t value);

/** The device's raw calibration (JSON text), by the buffer protocol. */
K4A_EXPORT k4a_buffer_result_t k4a_device_get_raw_calibration(k4a_device_t device_handle,
                                                              uint8_t *data,
                                                              size_t *data_size);

/** The device's calibration for a depth mode and colour resolution. */
K4A_EXPORT k4a_result_t k4a_device_get_calibration(k4a_device_t device_handle,
                                                   const k4a_depth_mode_t depth_mode,
                                                   const k4a_color_resolution_t color_resolution,
                                                   k4a_calibration_t *calibration);

/** State of the sync-in and sync-out jacks. */
K4A_EXPORT k4a_result_t k4a_device_get_sync_jack(k4a_device_t device_handle,
                                                 bool *sync_in_jack_connected,
                                                 bool *sync_out_jack_connected);

/* ---- calibration ---------------------------------------------------------------------------- */

/** Parses raw calibration JSON into the calibration for a depth mode and colour resolution. */
K4A_EXPORT k4a_result_t k4a_calibration_get_from_raw(char *raw_calibration,
                                                     size_t raw_calibration_size,
                                                     const k4a_depth_mode_t depth_mode,
                                                     const k4a_color_resolution_t color_resolution,
                                                     k4a_calibration_t *calibration);

/** Moves a 3D point (mm) from one sensor's coordinates to another's. */
K4A_EXPORT k4a_result_t k4a_calibration_3d_to_3d(const k4a_calibration_t *calibration,
                                                 const k4a_float3_t *source_point3d_mm,
                                                 const k4a_calibration_type_t source_camera,
                                                 const k4a_calibration_type_t target_camera,
                                                 k4a_float3_t *target_point3d_mm);

/** Unprojects a pixel at a depth (mm) to a 3D point in a target sensor's coordinates. */
K4A_EXPORT k4a_result_t k4a_calibration_2d_to_3d(const k4a_calibration_t *calibration,
                                                 const k4a_float2_t *source_point2d,
                                                 const float source_depth_mm,
                                                 const k4a_calibration_type_t source_camera,
                                                 const k4a_calibration_type_t target_camera,
                                                 k4a_float3_t *target_point3d_mm,
                                                 int *valid);

/** Projects a 3D point (mm) into a target camera's image. */
K4A_EXPORT k4a_result_t k4a_calibration_3d_to_2d(const k4a_calibration_t *calibration,
                                                 const k4a_float3_t *source_point3d_mm,
                                                 const k4a_calibration_type_t source_camera,
                                                 const k4a_calibration_type_t target_camera,
                                                 k4a_float2_t *target_point2d,
                                                 int *valid);

/** Moves a pixel at a depth (mm) from one camera's image to another's. */
K4A_EXPORT k4a_result_t k4a_calibration_2d_to_2d(const k4a_calibration_t *calibration,
                                                 const k4a_float2_t *source_point2d,
                                                 const float source_depth_mm,
                                                 const k4a_calibration_type_t source_camera,
                                                 const k4a_calibration_type_t target_camera,
                                                 k4a_float2_t *target_point2d,
                                                 int *valid);

/** Finds the depth pixel that sees the same point as a colour pixel, searching along its epipolar line. */
K4A_EXPORT k4a_result_t k4a_calibration_color_2d_to_depth_2d(const k4a_calibration_t *calibration,
                                                             const k4a_float2_t *source_point2d,
                                                             const k4a_image_t depth_image,
                                                             k4a_float2_t *target_point2d,
                                                             int *valid);

/* ---- transformation ------------------------------------------------------------------------- */

/** Creates a transformation for a calibration; NULL on failure. */
K4A_EXPORT k4a_transformation_t k4a_transformation_create(const k4a_calibration_t *calibration);

/** Destroys a transformation. */
K4A_EXPORT void k4a_transformation_destroy(k4a_transformation_t transformation_handle);

/** Renders a depth image from the colour camera's point of view. */
K4A_EXPORT k4a_result_t k4a_transformation_depth_image_to_color_camera(k4a_transformation_t transformation_handle,
                                                                      const k4a_image_t depth_image,
                                                                      k4a_image_t transformed_depth_image);

/** Renders a depth image and a custom image aligned with it from the colour camera's point of view. */
K4A_EXPORT k4a_result_t
k4a_transformation_depth_image_to_color_camera_custom(k4a_transformation_t transformation_handle,
                                                      const k4a_image_t depth_image,
                                                      const k4a_image_t custom_image,
                                                      k4a_image_t transformed_depth_image,
                                                      k4a_image_t transformed_custom_image,
                                                      k4a_transformation_interpolation_type_t interpolation_type,
                                                      uint32_t invalid_custom_value);

/** Samples a BGRA32 colour image at the depth camera's pixels. */
K4A_EXPORT k4a_result_t k4a_transformation_color_image_to_depth_camera(k4a_transformation_t transformation_handle,
                                                                      const k4a_image_t depth_image,
                                                                      const k4a_image_t color_image,
                                                                      k4a_image_t transformed_color_image);

/** Turns a depth image into a point cloud (int16 x, y, z in mm) in the given camera's coordinates. */
K4A_EXPORT k4a_result_t k4a_transformation_depth_image_to_point_cloud(k4a_transformation_t transformation_handle,
                                                                     const k4a_image_t depth_image,
                                                                     const k4a_calibration_type_t camera,
                                                                     k4a_image_t xyz_image);

#ifdef __cplusplus
}
#endif

#endif /* K4A_H */
