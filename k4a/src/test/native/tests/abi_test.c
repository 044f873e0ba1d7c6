/*
 * The k4a 1.4 ABI, asserted: every struct size, alignment and field offset and every enum value
 * listed in the project's ABI facts (x86_64).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"

#include <k4a/k4a.h>
#include <k4arecord/playback.h>
#include <k4arecord/record.h>

#include <stddef.h>
#include <string.h>

static void test_struct_layouts(void)
{
    EXPECT_EQ(sizeof(struct _param), 60);
    EXPECT_EQ(_Alignof(struct _param), 4);
    EXPECT_EQ(offsetof(struct _param, cx), 0);
    EXPECT_EQ(offsetof(struct _param, cy), 4);
    EXPECT_EQ(offsetof(struct _param, fx), 8);
    EXPECT_EQ(offsetof(struct _param, fy), 12);
    EXPECT_EQ(offsetof(struct _param, k1), 16);
    EXPECT_EQ(offsetof(struct _param, k2), 20);
    EXPECT_EQ(offsetof(struct _param, k3), 24);
    EXPECT_EQ(offsetof(struct _param, k4), 28);
    EXPECT_EQ(offsetof(struct _param, k5), 32);
    EXPECT_EQ(offsetof(struct _param, k6), 36);
    EXPECT_EQ(offsetof(struct _param, codx), 40);
    EXPECT_EQ(offsetof(struct _param, cody), 44);
    EXPECT_EQ(offsetof(struct _param, p2), 48);
    EXPECT_EQ(offsetof(struct _param, p1), 52);
    EXPECT_EQ(offsetof(struct _param, metric_radius), 56);
    EXPECT_EQ(sizeof(struct _k4a_calibration_extrinsics_t), 48);
    EXPECT_EQ(_Alignof(struct _k4a_calibration_extrinsics_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_calibration_extrinsics_t, rotation), 0);
    EXPECT_EQ(offsetof(struct _k4a_calibration_extrinsics_t, translation), 36);
    EXPECT_EQ(sizeof(k4a_calibration_intrinsic_parameters_t), 60);
    EXPECT_EQ(_Alignof(k4a_calibration_intrinsic_parameters_t), 4);
    EXPECT_EQ(offsetof(k4a_calibration_intrinsic_parameters_t, param), 0);
    EXPECT_EQ(offsetof(k4a_calibration_intrinsic_parameters_t, v), 0);
    EXPECT_EQ(sizeof(struct _k4a_calibration_intrinsics_t), 68);
    EXPECT_EQ(_Alignof(struct _k4a_calibration_intrinsics_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_calibration_intrinsics_t, type), 0);
    EXPECT_EQ(offsetof(struct _k4a_calibration_intrinsics_t, parameter_count), 4);
    EXPECT_EQ(offsetof(struct _k4a_calibration_intrinsics_t, parameters), 8);
    EXPECT_EQ(sizeof(struct _k4a_calibration_camera_t), 128);
    EXPECT_EQ(_Alignof(struct _k4a_calibration_camera_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_calibration_camera_t, extrinsics), 0);
    EXPECT_EQ(offsetof(struct _k4a_calibration_camera_t, intrinsics), 48);
    EXPECT_EQ(offsetof(struct _k4a_calibration_camera_t, resolution_width), 116);
    EXPECT_EQ(offsetof(struct _k4a_calibration_camera_t, resolution_height), 120);
    EXPECT_EQ(offsetof(struct _k4a_calibration_camera_t, metric_radius), 124);
    EXPECT_EQ(sizeof(struct _k4a_version_t), 12);
    EXPECT_EQ(_Alignof(struct _k4a_version_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_version_t, major), 0);
    EXPECT_EQ(offsetof(struct _k4a_version_t, minor), 4);
    EXPECT_EQ(offsetof(struct _k4a_version_t, iteration), 8);
    EXPECT_EQ(sizeof(struct _xy), 8);
    EXPECT_EQ(_Alignof(struct _xy), 4);
    EXPECT_EQ(offsetof(struct _xy, x), 0);
    EXPECT_EQ(offsetof(struct _xy, y), 4);
    EXPECT_EQ(sizeof(struct _xyz), 12);
    EXPECT_EQ(_Alignof(struct _xyz), 4);
    EXPECT_EQ(offsetof(struct _xyz, x), 0);
    EXPECT_EQ(offsetof(struct _xyz, y), 4);
    EXPECT_EQ(offsetof(struct _xyz, z), 8);
    EXPECT_EQ(sizeof(struct _k4a_record_subtitle_settings_t), 1);
    EXPECT_EQ(_Alignof(struct _k4a_record_subtitle_settings_t), 1);
    EXPECT_EQ(offsetof(struct _k4a_record_subtitle_settings_t, high_freq_data), 0);
    EXPECT_EQ(sizeof(struct _k4a_record_video_settings_t), 24);
    EXPECT_EQ(_Alignof(struct _k4a_record_video_settings_t), 8);
    EXPECT_EQ(offsetof(struct _k4a_record_video_settings_t, width), 0);
    EXPECT_EQ(offsetof(struct _k4a_record_video_settings_t, height), 8);
    EXPECT_EQ(offsetof(struct _k4a_record_video_settings_t, frame_rate), 16);
    EXPECT_EQ(sizeof(struct _k4a_record_configuration_t), 36);
    EXPECT_EQ(_Alignof(struct _k4a_record_configuration_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, color_format), 0);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, color_resolution), 4);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, depth_mode), 8);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, camera_fps), 12);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, color_track_enabled), 16);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, depth_track_enabled), 17);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, ir_track_enabled), 18);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, imu_track_enabled), 19);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, depth_delay_off_color_usec), 20);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, wired_sync_mode), 24);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, subordinate_delay_off_master_usec), 28);
    EXPECT_EQ(offsetof(struct _k4a_record_configuration_t, start_timestamp_offset_usec), 32);
    EXPECT_EQ(sizeof(k4a_float3_t), 12);
    EXPECT_EQ(_Alignof(k4a_float3_t), 4);
    EXPECT_EQ(offsetof(k4a_float3_t, xyz), 0);
    EXPECT_EQ(offsetof(k4a_float3_t, v), 0);
    EXPECT_EQ(sizeof(struct _k4a_imu_sample_t), 48);
    EXPECT_EQ(_Alignof(struct _k4a_imu_sample_t), 8);
    EXPECT_EQ(offsetof(struct _k4a_imu_sample_t, temperature), 0);
    EXPECT_EQ(offsetof(struct _k4a_imu_sample_t, acc_sample), 4);
    EXPECT_EQ(offsetof(struct _k4a_imu_sample_t, acc_timestamp_usec), 16);
    EXPECT_EQ(offsetof(struct _k4a_imu_sample_t, gyro_sample), 24);
    EXPECT_EQ(offsetof(struct _k4a_imu_sample_t, gyro_timestamp_usec), 40);
    EXPECT_EQ(sizeof(k4a_float2_t), 8);
    EXPECT_EQ(_Alignof(k4a_float2_t), 4);
    EXPECT_EQ(offsetof(k4a_float2_t, xy), 0);
    EXPECT_EQ(offsetof(k4a_float2_t, v), 0);
    EXPECT_EQ(sizeof(struct _k4a_hardware_version_t), 56);
    EXPECT_EQ(_Alignof(struct _k4a_hardware_version_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, rgb), 0);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, depth), 12);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, audio), 24);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, depth_sensor), 36);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, firmware_build), 48);
    EXPECT_EQ(offsetof(struct _k4a_hardware_version_t, firmware_signature), 52);
    EXPECT_EQ(sizeof(struct _k4a_calibration_t), 1032);
    EXPECT_EQ(_Alignof(struct _k4a_calibration_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_calibration_t, depth_camera_calibration), 0);
    EXPECT_EQ(offsetof(struct _k4a_calibration_t, color_camera_calibration), 128);
    EXPECT_EQ(offsetof(struct _k4a_calibration_t, extrinsics), 256);
    EXPECT_EQ(offsetof(struct _k4a_calibration_t, depth_mode), 1024);
    EXPECT_EQ(offsetof(struct _k4a_calibration_t, color_resolution), 1028);
    EXPECT_EQ(sizeof(struct _k4a_device_configuration_t), 36);
    EXPECT_EQ(_Alignof(struct _k4a_device_configuration_t), 4);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, color_format), 0);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, color_resolution), 4);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, depth_mode), 8);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, camera_fps), 12);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, synchronized_images_only), 16);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, depth_delay_off_color_usec), 20);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, wired_sync_mode), 24);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, subordinate_delay_off_master_usec), 28);
    EXPECT_EQ(offsetof(struct _k4a_device_configuration_t, disable_streaming_indicator), 32);
}

static void test_enum_values(void)
{
    EXPECT_EQ(sizeof(k4a_result_t), sizeof(int));
    EXPECT_EQ(K4A_RESULT_SUCCEEDED, 0);
    EXPECT_EQ(K4A_RESULT_FAILED, 1);
    EXPECT_EQ(sizeof(k4a_buffer_result_t), sizeof(int));
    EXPECT_EQ(K4A_BUFFER_RESULT_SUCCEEDED, 0);
    EXPECT_EQ(K4A_BUFFER_RESULT_FAILED, 1);
    EXPECT_EQ(K4A_BUFFER_RESULT_TOO_SMALL, 2);
    EXPECT_EQ(sizeof(k4a_wait_result_t), sizeof(int));
    EXPECT_EQ(K4A_WAIT_RESULT_SUCCEEDED, 0);
    EXPECT_EQ(K4A_WAIT_RESULT_FAILED, 1);
    EXPECT_EQ(K4A_WAIT_RESULT_TIMEOUT, 2);
    EXPECT_EQ(sizeof(k4a_log_level_t), sizeof(int));
    EXPECT_EQ(K4A_LOG_LEVEL_CRITICAL, 0);
    EXPECT_EQ(K4A_LOG_LEVEL_ERROR, 1);
    EXPECT_EQ(K4A_LOG_LEVEL_WARNING, 2);
    EXPECT_EQ(K4A_LOG_LEVEL_INFO, 3);
    EXPECT_EQ(K4A_LOG_LEVEL_TRACE, 4);
    EXPECT_EQ(K4A_LOG_LEVEL_OFF, 5);
    EXPECT_EQ(sizeof(k4a_depth_mode_t), sizeof(int));
    EXPECT_EQ(K4A_DEPTH_MODE_OFF, 0);
    EXPECT_EQ(K4A_DEPTH_MODE_NFOV_2X2BINNED, 1);
    EXPECT_EQ(K4A_DEPTH_MODE_NFOV_UNBINNED, 2);
    EXPECT_EQ(K4A_DEPTH_MODE_WFOV_2X2BINNED, 3);
    EXPECT_EQ(K4A_DEPTH_MODE_WFOV_UNBINNED, 4);
    EXPECT_EQ(K4A_DEPTH_MODE_PASSIVE_IR, 5);
    EXPECT_EQ(sizeof(k4a_color_resolution_t), sizeof(int));
    EXPECT_EQ(K4A_COLOR_RESOLUTION_OFF, 0);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_720P, 1);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_1080P, 2);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_1440P, 3);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_1536P, 4);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_2160P, 5);
    EXPECT_EQ(K4A_COLOR_RESOLUTION_3072P, 6);
    EXPECT_EQ(sizeof(k4a_image_format_t), sizeof(int));
    EXPECT_EQ(K4A_IMAGE_FORMAT_COLOR_MJPG, 0);
    EXPECT_EQ(K4A_IMAGE_FORMAT_COLOR_NV12, 1);
    EXPECT_EQ(K4A_IMAGE_FORMAT_COLOR_YUY2, 2);
    EXPECT_EQ(K4A_IMAGE_FORMAT_COLOR_BGRA32, 3);
    EXPECT_EQ(K4A_IMAGE_FORMAT_DEPTH16, 4);
    EXPECT_EQ(K4A_IMAGE_FORMAT_IR16, 5);
    EXPECT_EQ(K4A_IMAGE_FORMAT_CUSTOM8, 6);
    EXPECT_EQ(K4A_IMAGE_FORMAT_CUSTOM16, 7);
    EXPECT_EQ(K4A_IMAGE_FORMAT_CUSTOM, 8);
    EXPECT_EQ(sizeof(k4a_transformation_interpolation_type_t), sizeof(int));
    EXPECT_EQ(K4A_TRANSFORMATION_INTERPOLATION_TYPE_NEAREST, 0);
    EXPECT_EQ(K4A_TRANSFORMATION_INTERPOLATION_TYPE_LINEAR, 1);
    EXPECT_EQ(sizeof(k4a_fps_t), sizeof(int));
    EXPECT_EQ(K4A_FRAMES_PER_SECOND_5, 0);
    EXPECT_EQ(K4A_FRAMES_PER_SECOND_15, 1);
    EXPECT_EQ(K4A_FRAMES_PER_SECOND_30, 2);
    EXPECT_EQ(sizeof(k4a_color_control_command_t), sizeof(int));
    EXPECT_EQ(K4A_COLOR_CONTROL_EXPOSURE_TIME_ABSOLUTE, 0);
    EXPECT_EQ(K4A_COLOR_CONTROL_AUTO_EXPOSURE_PRIORITY, 1);
    EXPECT_EQ(K4A_COLOR_CONTROL_BRIGHTNESS, 2);
    EXPECT_EQ(K4A_COLOR_CONTROL_CONTRAST, 3);
    EXPECT_EQ(K4A_COLOR_CONTROL_SATURATION, 4);
    EXPECT_EQ(K4A_COLOR_CONTROL_SHARPNESS, 5);
    EXPECT_EQ(K4A_COLOR_CONTROL_WHITEBALANCE, 6);
    EXPECT_EQ(K4A_COLOR_CONTROL_BACKLIGHT_COMPENSATION, 7);
    EXPECT_EQ(K4A_COLOR_CONTROL_GAIN, 8);
    EXPECT_EQ(K4A_COLOR_CONTROL_POWERLINE_FREQUENCY, 9);
    EXPECT_EQ(sizeof(k4a_color_control_mode_t), sizeof(int));
    EXPECT_EQ(K4A_COLOR_CONTROL_MODE_AUTO, 0);
    EXPECT_EQ(K4A_COLOR_CONTROL_MODE_MANUAL, 1);
    EXPECT_EQ(sizeof(k4a_wired_sync_mode_t), sizeof(int));
    EXPECT_EQ(K4A_WIRED_SYNC_MODE_STANDALONE, 0);
    EXPECT_EQ(K4A_WIRED_SYNC_MODE_MASTER, 1);
    EXPECT_EQ(K4A_WIRED_SYNC_MODE_SUBORDINATE, 2);
    EXPECT_EQ(sizeof(k4a_calibration_type_t), sizeof(int));
    EXPECT_EQ(K4A_CALIBRATION_TYPE_UNKNOWN, -1);
    EXPECT_EQ(K4A_CALIBRATION_TYPE_DEPTH, 0);
    EXPECT_EQ(K4A_CALIBRATION_TYPE_COLOR, 1);
    EXPECT_EQ(K4A_CALIBRATION_TYPE_GYRO, 2);
    EXPECT_EQ(K4A_CALIBRATION_TYPE_ACCEL, 3);
    EXPECT_EQ(K4A_CALIBRATION_TYPE_NUM, 4);
    EXPECT_EQ(sizeof(k4a_calibration_model_type_t), sizeof(int));
    EXPECT_EQ(K4A_CALIBRATION_LENS_DISTORTION_MODEL_UNKNOWN, 0);
    EXPECT_EQ(K4A_CALIBRATION_LENS_DISTORTION_MODEL_THETA, 1);
    EXPECT_EQ(K4A_CALIBRATION_LENS_DISTORTION_MODEL_POLYNOMIAL_3K, 2);
    EXPECT_EQ(K4A_CALIBRATION_LENS_DISTORTION_MODEL_RATIONAL_6KT, 3);
    EXPECT_EQ(K4A_CALIBRATION_LENS_DISTORTION_MODEL_BROWN_CONRADY, 4);
    EXPECT_EQ(sizeof(k4a_firmware_build_t), sizeof(int));
    EXPECT_EQ(K4A_FIRMWARE_BUILD_RELEASE, 0);
    EXPECT_EQ(K4A_FIRMWARE_BUILD_DEBUG, 1);
    EXPECT_EQ(sizeof(k4a_firmware_signature_t), sizeof(int));
    EXPECT_EQ(K4A_FIRMWARE_SIGNATURE_MSFT, 0);
    EXPECT_EQ(K4A_FIRMWARE_SIGNATURE_TEST, 1);
    EXPECT_EQ(K4A_FIRMWARE_SIGNATURE_UNSIGNED, 2);
    EXPECT_EQ(sizeof(k4a_stream_result_t), sizeof(int));
    EXPECT_EQ(K4A_STREAM_RESULT_SUCCEEDED, 0);
    EXPECT_EQ(K4A_STREAM_RESULT_FAILED, 1);
    EXPECT_EQ(K4A_STREAM_RESULT_EOF, 2);
    EXPECT_EQ(sizeof(k4a_playback_seek_origin_t), sizeof(int));
    EXPECT_EQ(K4A_PLAYBACK_SEEK_BEGIN, 0);
    EXPECT_EQ(K4A_PLAYBACK_SEEK_END, 1);
    EXPECT_EQ(K4A_PLAYBACK_SEEK_DEVICE_TIME, 2);
}

static void test_macros_and_constants(void)
{
    EXPECT_EQ(K4A_SUCCEEDED(K4A_RESULT_SUCCEEDED), 1);
    EXPECT_EQ(K4A_FAILED(K4A_RESULT_FAILED), 1);
    EXPECT_EQ(K4A_DEVICE_DEFAULT, 0);
    EXPECT_EQ(K4A_WAIT_INFINITE, -1);
    EXPECT_EQ(K4A_VERSION_MAJOR, 1);
    EXPECT_EQ(K4A_VERSION_MINOR, 4);
    EXPECT_STR(K4A_TRACK_NAME_COLOR, "COLOR");
    EXPECT_STR(K4A_TRACK_NAME_DEPTH, "DEPTH");
    EXPECT_STR(K4A_TRACK_NAME_IR, "IR");
    EXPECT_STR(K4A_TRACK_NAME_IMU, "IMU");
    k4a_device_configuration_t c = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    EXPECT_EQ(c.color_format, K4A_IMAGE_FORMAT_COLOR_MJPG);
    EXPECT_EQ(c.color_resolution, K4A_COLOR_RESOLUTION_OFF);
    EXPECT_EQ(c.depth_mode, K4A_DEPTH_MODE_OFF);
    EXPECT_EQ(c.camera_fps, K4A_FRAMES_PER_SECOND_30);
    EXPECT_EQ(c.synchronized_images_only, false);
    EXPECT_EQ(c.depth_delay_off_color_usec, 0);
    EXPECT_EQ(c.wired_sync_mode, K4A_WIRED_SYNC_MODE_STANDALONE);
    EXPECT_EQ(c.subordinate_delay_off_master_usec, 0);
    EXPECT_EQ(c.disable_streaming_indicator, false);
}

int main(void)
{
    RUN(test_struct_layouts);
    RUN(test_enum_values);
    RUN(test_macros_and_constants);
    return check_summary();
}
