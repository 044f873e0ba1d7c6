/*
 * k4a4j: types of the k4a 1.4 C API.
 *
 * Names, values and layouts are those of the Azure Kinect Sensor SDK 1.4 ABI, so that programs
 * and bindings built against either set of headers work with either library.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4ATYPES_H
#define K4ATYPES_H

#ifdef __cplusplus
#include <cinttypes>
#include <cstddef>
#include <cstring>
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A handle is a pointer to a struct of its own, so that handles of different kinds do not mix.
 * Callers never look inside. */
#define K4A_DECLARE_HANDLE(_handle_name_) \
    typedef struct _##_handle_name_ { size_t _rsvd; } * _handle_name_;

/** A device (in k4a4j: a virtual device; the vendor's library serves real hardware). Owned by whoever opened it
 * (k4a_device_open), who closes it once with k4a_device_close. */
K4A_DECLARE_HANDLE(k4a_device_t)
/** A set of images taken at about the same time. Reference counted: each handle returned by k4a_capture_create,
 * k4a_device_get_capture or k4a_playback_get_next/previous_capture is one reference, which its receiver gives
 * back with k4a_capture_release; k4a_capture_reference adds one. */
K4A_DECLARE_HANDLE(k4a_capture_t)
/** An image buffer with its format, size and metadata. Reference counted: each handle returned by k4a_image_create,
 * k4a_image_create_from_buffer or a k4a_capture_get_*_image call is one reference, which its receiver gives back
 * with k4a_image_release; k4a_image_reference adds one. A capture holds references of its own to its images. */
K4A_DECLARE_HANDLE(k4a_image_t)
/** Precomputed state for moving images between the depth and colour cameras. Owned by whoever created it
 * (k4a_transformation_create), who destroys it once with k4a_transformation_destroy. */
K4A_DECLARE_HANDLE(k4a_transformation_t)

/** Result of most calls. */
typedef enum
{
    K4A_RESULT_SUCCEEDED = 0,
    K4A_RESULT_FAILED,
} k4a_result_t;

/** Result of calls that fill a caller's buffer. */
typedef enum
{
    K4A_BUFFER_RESULT_SUCCEEDED = 0,
    K4A_BUFFER_RESULT_FAILED,
    K4A_BUFFER_RESULT_TOO_SMALL,
} k4a_buffer_result_t;

/** Result of calls that wait for data. */
typedef enum
{
    K4A_WAIT_RESULT_SUCCEEDED = 0,
    K4A_WAIT_RESULT_FAILED,
    K4A_WAIT_RESULT_TIMEOUT,
} k4a_wait_result_t;

/** Severity of a log message. */
typedef enum
{
    K4A_LOG_LEVEL_CRITICAL = 0,
    K4A_LOG_LEVEL_ERROR,
    K4A_LOG_LEVEL_WARNING,
    K4A_LOG_LEVEL_INFO,
    K4A_LOG_LEVEL_TRACE,
    K4A_LOG_LEVEL_OFF,
} k4a_log_level_t;

/** Depth sensing mode. */
typedef enum
{
    K4A_DEPTH_MODE_OFF = 0,
    K4A_DEPTH_MODE_NFOV_2X2BINNED,
    K4A_DEPTH_MODE_NFOV_UNBINNED,
    K4A_DEPTH_MODE_WFOV_2X2BINNED,
    K4A_DEPTH_MODE_WFOV_UNBINNED,
    K4A_DEPTH_MODE_PASSIVE_IR,
} k4a_depth_mode_t;

/** Colour camera resolution. */
typedef enum
{
    K4A_COLOR_RESOLUTION_OFF = 0,
    K4A_COLOR_RESOLUTION_720P,
    K4A_COLOR_RESOLUTION_1080P,
    K4A_COLOR_RESOLUTION_1440P,
    K4A_COLOR_RESOLUTION_1536P,
    K4A_COLOR_RESOLUTION_2160P,
    K4A_COLOR_RESOLUTION_3072P,
} k4a_color_resolution_t;

/** Pixel format of an image. */
typedef enum
{
    K4A_IMAGE_FORMAT_COLOR_MJPG = 0,
    K4A_IMAGE_FORMAT_COLOR_NV12,
    K4A_IMAGE_FORMAT_COLOR_YUY2,
    K4A_IMAGE_FORMAT_COLOR_BGRA32,
    K4A_IMAGE_FORMAT_DEPTH16,
    K4A_IMAGE_FORMAT_IR16,
    K4A_IMAGE_FORMAT_CUSTOM8,
    K4A_IMAGE_FORMAT_CUSTOM16,
    K4A_IMAGE_FORMAT_CUSTOM,
} k4a_image_format_t;

/** How values are resampled by the custom depth-to-colour transformation. */
typedef enum
{
    K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST = 0,
    K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR,
} k4a_transformation_interpolation_type_t;

/** Camera frame rate. */
typedef enum
{
    K4A_FRAMES_PER_SECOND_5 = 0,
    K4A_FRAMES_PER_SECOND_15,
    K4A_FRAMES_PER_SECOND_30,
} k4a_fps_t;

/** Colour camera controls. */
typedef enum
{
    K4A_COLOR_CONTROL_EXPOSURE_TIME_ABSOLUTE = 0,
    K4A_COLOR_CONTROL_AUTO_EXPOSURE_PRIORITY,
    K4A_COLOR_CONTROL_BRIGHTNESS,
    K4A_COLOR_CONTROL_CONTRAST,
    K4A_COLOR_CONTROL_SATURATION,
    K4A_COLOR_CONTROL_SHARPNESS,
    K4A_COLOR_CONTROL_WHITEBALANCE,
    K4A_COLOR_CONTROL_BACKLIGHT_COMPENSATION,
    K4A_COLOR_CONTROL_GAIN,
    K4A_COLOR_CONTROL_POWERLINE_FREQUENCY,
} k4a_color_control_command_t;

/** Whether a colour control is automatic or set by hand. */
typedef enum
{
    K4A_COLOR_CONTROL_MODE_AUTO = 0,
    K4A_COLOR_CONTROL_MODE_MANUAL,
} k4a_color_control_mode_t;

/** Role of a device in a wired synchronisation chain. */
typedef enum
{
    K4A_WIRED_SYNC_MODE_STANDALONE,
    K4A_WIRED_SYNC_MODE_MASTER,
    K4A_WIRED_SYNC_MODE_SUBORDINATE,
} k4a_wired_sync_mode_t;

/** Which sensor a calibration or a point refers to. */
typedef enum
{
    K4A_CALIBRATION_TYPE_UNKNOWN = -1,
    K4A_CALIBRATION_TYPE_DEPTH,
    K4A_CALIBRATION_TYPE_COLOR,
    K4A_CALIBRATION_TYPE_GYRO,
    K4A_CALIBRATION_TYPE_ACCEL,
    K4A_CALIBRATION_TYPE_NUM,
} k4a_calibration_type_t;

/** Lens distortion model of a camera. */
typedef enum
{
    K4A_CALIBRATION_LENS_DISTORTION_MODEL_UNKNOWN = 0,
    K4A_CALIBRATION_LENS_DISTORTION_MODEL_THETA,
    K4A_CALIBRATION_LENS_DISTORTION_MODEL_POLYNOMIAL_3K,
    K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT,
    K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY,
} k4a_calibration_model_type_t;

/** Kind of firmware build. */
typedef enum
{
    K4A_FIRMWARE_BUILD_RELEASE,
    K4A_FIRMWARE_BUILD_DEBUG,
} k4a_firmware_build_t;

/** Signature of a firmware image. */
typedef enum
{
    K4A_FIRMWARE_SIGNATURE_MSFT,
    K4A_FIRMWARE_SIGNATURE_TEST,
    K4A_FIRMWARE_SIGNATURE_UNSIGNED,
} k4a_firmware_signature_t;

/** True when a k4a_result_t says success. */
#define K4A_SUCCEEDED(_result_) (_result_ == K4A_RESULT_SUCCEEDED)

/** True when a k4a_result_t says failure. */
#define K4A_FAILED(_result_) (!K4A_SUCCEEDED(_result_))

/** Receives the library's log messages. */
typedef void(k4a_logging_message_cb_t)(void *context,
                                       k4a_log_level_t level,
                                       const char *file,
                                       const int line,
                                       const char *message);

/** Frees a buffer: the caller's own buffer behind an image, or one from a custom allocator. */
typedef void(k4a_memory_destroy_cb_t)(void *buffer, void *context);

/** Allocates a buffer of size bytes; may set *context, which is handed back to the destroy callback. */
typedef uint8_t *(k4a_memory_allocate_cb_t)(int size, void **context);

/** How a device is started. */
typedef struct _k4a_device_configuration_t
{
    k4a_image_format_t color_format;
    k4a_color_resolution_t color_resolution;
    k4a_depth_mode_t depth_mode;
    k4a_fps_t camera_fps;
    bool synchronized_images_only;
    int32_t depth_delay_off_color_usec;
    k4a_wired_sync_mode_t wired_sync_mode;
    uint32_t subordinate_delay_off_master_usec;
    bool disable_streaming_indicator;
} k4a_device_configuration_t;

/** Rotation (row-major 3x3) and translation (millimetres) from one sensor to another. */
typedef struct _k4a_calibration_extrinsics_t
{
    float rotation[9];
    float translation[3];
} k4a_calibration_extrinsics_t;

/** Lens parameters, by name or as an array in the same order. */
typedef union
{
    struct _param
    {
        float cx;
        float cy;
        float fx;
        float fy;
        float k1;
        float k2;
        float k3;
        float k4;
        float k5;
        float k6;
        float codx;
        float cody;
        float p2;
        float p1;
        float metric_radius;
    } param;
    float v[15];
} k4a_calibration_intrinsic_parameters_t;

/** Lens model and its parameters. */
typedef struct _k4a_calibration_intrinsics_t
{
    k4a_calibration_model_type_t type;
    unsigned int parameter_count;
    k4a_calibration_intrinsic_parameters_t parameters;
} k4a_calibration_intrinsics_t;

/** Calibration of one camera for one mode. */
typedef struct _k4a_calibration_camera_t
{
    k4a_calibration_extrinsics_t extrinsics;
    k4a_calibration_intrinsics_t intrinsics;
    int resolution_width;
    int resolution_height;
    float metric_radius;
} k4a_calibration_camera_t;

/** Calibration of a device for one depth mode and colour resolution. */
typedef struct _k4a_calibration_t
{
    k4a_calibration_camera_t depth_camera_calibration;
    k4a_calibration_camera_t color_camera_calibration;
    k4a_calibration_extrinsics_t extrinsics[K4A_CALIBRATION_TYPE_NUM][K4A_CALIBRATION_TYPE_NUM];
    k4a_depth_mode_t depth_mode;
    k4a_color_resolution_t color_resolution;
} k4a_calibration_t;

/** A three-part version number. */
typedef struct _k4a_version_t
{
    uint32_t major;
    uint32_t minor;
    uint32_t iteration;
} k4a_version_t;

/** Firmware versions of a device. */
typedef struct _k4a_hardware_version_t
{
    k4a_version_t rgb;
    k4a_version_t depth;
    k4a_version_t audio;
    k4a_version_t depth_sensor;
    k4a_firmware_build_t firmware_build;
    k4a_firmware_signature_t firmware_signature;
} k4a_hardware_version_t;

/** A 2D point, by name or as an array. */
typedef union
{
    struct _xy
    {
        float x;
        float y;
    } xy;
    float v[2];
} k4a_float2_t;

/** A 3D point, by name or as an array. */
typedef union
{
    struct _xyz
    {
        float x;
        float y;
        float z;
    } xyz;
    float v[3];
} k4a_float3_t;

/** One accelerometer and gyroscope reading. */
typedef struct _k4a_imu_sample_t
{
    float temperature;
    k4a_float3_t acc_sample;
    uint64_t acc_timestamp_usec;
    k4a_float3_t gyro_sample;
    uint64_t gyro_timestamp_usec;
} k4a_imu_sample_t;

/** Index of the default device. */
#define K4A_DEVICE_DEFAULT 0

/** Wait without a time limit. */
#define K4A_WAIT_INFINITE -1

/** A configuration with every sensor off, to start from. */
static const k4a_device_configuration_t K4A_DEVICE_CONFIG_INIT_DISABLE_ALL = { K4A_IMAGE_FORMAT_COLOR_MJPG,
                                                                               K4A_COLOR_RESOLUTION_OFF,
                                                                               K4A_DEPTH_MODE_OFF,
                                                                               K4A_FRAMES_PER_SECOND_30,
                                                                               false,
                                                                               0,
                                                                               K4A_WIRED_SYNC_MODE_STANDALONE,
                                                                               0,
                                                                               false };

#ifdef __cplusplus
}
#endif

#endif /* K4ATYPES_H */
