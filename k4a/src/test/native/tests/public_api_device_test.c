/*
 * A program that uses only the public k4a API, as any k4a program does (open device 0, start its
 * cameras, read captures, stop, close), with nothing k4a4j-specific in it: run with
 * K4A4J_VIRTUAL_DEVICES naming a recording (ctest sets it), it runs on our libk4a unchanged.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include <k4a/k4a.h>

#include <stdio.h>

int main(void)
{
    uint32_t count = k4a_device_get_installed_count();
    k4a_device_t device = NULL;
    if (count == 0 || k4a_device_open(K4A_DEVICE_DEFAULT, &device) != K4A_RESULT_SUCCEEDED)
    {
        fprintf(stderr, "FAIL: no device (%u installed)\n", count);
        return 1;
    }
    k4a_device_configuration_t config = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    config.color_format = K4A_IMAGE_FORMAT_COLOR_BGRA32;
    config.color_resolution = K4A_COLOR_RESOLUTION_720P;
    config.depth_mode = K4A_DEPTH_MODE_NFOV_2X2BINNED;
    config.camera_fps = K4A_FRAMES_PER_SECOND_15;
    int status = 1;
    if (k4a_device_start_cameras(device, &config) == K4A_RESULT_SUCCEEDED)
    {
        int images = 0;
        for (int i = 0; i < 5; i++)
        {
            k4a_capture_t capture = NULL;
            if (k4a_device_get_capture(device, &capture, 1000) != K4A_WAIT_RESULT_SUCCEEDED)
                break;
            k4a_image_t color = k4a_capture_get_color_image(capture);
            k4a_image_t depth = k4a_capture_get_depth_image(capture);
            images += color != NULL && k4a_image_get_width_pixels(color) == 1280;
            images += depth != NULL && k4a_image_get_width_pixels(depth) == 320;
            if (color != NULL)
                k4a_image_release(color);
            if (depth != NULL)
                k4a_image_release(depth);
            k4a_capture_release(capture);
        }
        k4a_device_stop_cameras(device);
        printf("%d images from 5 captures\n", images);
        status = images >= 8 ? 0 : 1; /* the recording drops one colour and one depth frame */
    }
    k4a_device_close(device);
    return status;
}
