/*
 * Devices. libk4a of k4a4j has no USB driver (live cameras need the vendor's closed depth
 * engine), so no device is installed: every device call refuses with a message, and live
 * cameras are served by putting the vendor's libk4a.so.1.4 under the same bindings.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "../common/log.h"
#include "standin.h"

#include <k4a/k4a.h>

#define NO_DEVICE(function)                                                                                            \
    LOG_ERROR("%s: device_handle %s; k4a4j's libk4a opens no devices (load the vendor's libk4a for live cameras)",     \
              function, device_handle == NULL ? "is NULL" : "is not a valid k4a_device_t")

/* 0: no USB driver here (the tests' stand-in for the vendor's library reports 7: standin.h). */
uint32_t k4a_device_get_installed_count(void)
{
    return K4A4J_INSTALLED_COUNT;
}

k4a_result_t k4a_device_open(uint32_t index, k4a_device_t *device_handle)
{
    if (device_handle != NULL)
        *device_handle = NULL;
    LOG_ERROR("k4a_device_open: no device at index %u (%u installed); k4a4j's libk4a has no USB driver: load the "
              "vendor's libk4a for live cameras, or play a recording",
              index, k4a_device_get_installed_count());
    return K4A_RESULT_FAILED;
}

void k4a_device_close(k4a_device_t device_handle)
{
    NO_DEVICE("k4a_device_close");
}

k4a_wait_result_t k4a_device_get_capture(k4a_device_t device_handle, k4a_capture_t *capture_handle, int32_t timeout_in_ms)
{
    (void)timeout_in_ms;
    if (capture_handle != NULL)
        *capture_handle = NULL;
    NO_DEVICE("k4a_device_get_capture");
    return K4A_WAIT_RESULT_FAILED;
}

k4a_wait_result_t k4a_device_get_imu_sample(k4a_device_t device_handle, k4a_imu_sample_t *imu_sample, int32_t timeout_in_ms)
{
    (void)imu_sample;
    (void)timeout_in_ms;
    NO_DEVICE("k4a_device_get_imu_sample");
    return K4A_WAIT_RESULT_FAILED;
}

k4a_result_t k4a_device_start_cameras(k4a_device_t device_handle, const k4a_device_configuration_t *config)
{
    (void)config;
    NO_DEVICE("k4a_device_start_cameras");
    return K4A_RESULT_FAILED;
}

void k4a_device_stop_cameras(k4a_device_t device_handle)
{
    NO_DEVICE("k4a_device_stop_cameras");
}

k4a_result_t k4a_device_start_imu(k4a_device_t device_handle)
{
    NO_DEVICE("k4a_device_start_imu");
    return K4A_RESULT_FAILED;
}

void k4a_device_stop_imu(k4a_device_t device_handle)
{
    NO_DEVICE("k4a_device_stop_imu");
}

k4a_buffer_result_t k4a_device_get_serialnum(k4a_device_t device_handle, char *serial_number, size_t *serial_number_size)
{
    (void)serial_number;
    (void)serial_number_size;
    NO_DEVICE("k4a_device_get_serialnum");
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_result_t k4a_device_get_version(k4a_device_t device_handle, k4a_hardware_version_t *version)
{
    (void)version;
    NO_DEVICE("k4a_device_get_version");
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_get_color_control_capabilities(k4a_device_t device_handle,
                                                       k4a_color_control_command_t command,
                                                       bool *supports_auto,
                                                       int32_t *min_value,
                                                       int32_t *max_value,
                                                       int32_t *step_value,
                                                       int32_t *default_value,
                                                       k4a_color_control_mode_t *default_mode)
{
    (void)command;
    (void)supports_auto;
    (void)min_value;
    (void)max_value;
    (void)step_value;
    (void)default_value;
    (void)default_mode;
    NO_DEVICE("k4a_device_get_color_control_capabilities");
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_get_color_control(k4a_device_t device_handle,
                                          k4a_color_control_command_t command,
                                          k4a_color_control_mode_t *mode,
                                          int32_t *value)
{
    (void)command;
    (void)mode;
    (void)value;
    NO_DEVICE("k4a_device_get_color_control");
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_set_color_control(k4a_device_t device_handle,
                                          k4a_color_control_command_t command,
                                          k4a_color_control_mode_t mode,
                                          int32_t value)
{
    (void)command;
    (void)mode;
    (void)value;
    NO_DEVICE("k4a_device_set_color_control");
    return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_device_get_raw_calibration(k4a_device_t device_handle, uint8_t *data, size_t *data_size)
{
    (void)data;
    (void)data_size;
    NO_DEVICE("k4a_device_get_raw_calibration");
    return K4A_BUFFER_RESULT_FAILED;
}

k4a_result_t k4a_device_get_calibration(k4a_device_t device_handle,
                                        const k4a_depth_mode_t depth_mode,
                                        const k4a_color_resolution_t color_resolution,
                                        k4a_calibration_t *calibration)
{
    (void)depth_mode;
    (void)color_resolution;
    (void)calibration;
    NO_DEVICE("k4a_device_get_calibration");
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_get_sync_jack(k4a_device_t device_handle, bool *sync_in_jack_connected, bool *sync_out_jack_connected)
{
    (void)sync_in_jack_connected;
    (void)sync_out_jack_connected;
    NO_DEVICE("k4a_device_get_sync_jack");
    return K4A_RESULT_FAILED;
}
