/*
 * Device configurations: the vendor's rules for k4a_device_start_cameras (valid enum values, the
 * frame rates each colour resolution and depth mode allows, synchronised images, delays, sync jacks),
 * the check of a configuration against the recording behind a virtual device, the names of the
 * enum values for messages, and the published ranges of the colour controls. Data tables, no state.
 * Limits: the rules are those of the public API reference (k4a_device_configuration_t and
 * k4a_color_control_command_t); firmware-specific behaviour (exposure rounding) is not modelled.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "device_internal.h"

#include "../common/log.h"

#include <stdlib.h>

#define NAME_OF(table, value)                                                                                          \
    ((int)(value) >= 0 && (size_t)(value) < sizeof(table) / sizeof(table[0]) ? table[(int)(value)] : "(invalid)")

const char *k4a4j_color_format_name(k4a_image_format_t format)
{
    static const char *const names[] = { "K4A_IMAGE_FORMAT_COLOR_MJPG", "K4A_IMAGE_FORMAT_COLOR_NV12",
                                         "K4A_IMAGE_FORMAT_COLOR_YUY2", "K4A_IMAGE_FORMAT_COLOR_BGRA32",
                                         "K4A_IMAGE_FORMAT_DEPTH16",    "K4A_IMAGE_FORMAT_IR16",
                                         "K4A_IMAGE_FORMAT_CUSTOM8",    "K4A_IMAGE_FORMAT_CUSTOM16",
                                         "K4A_IMAGE_FORMAT_CUSTOM" };
    return NAME_OF(names, format);
}

const char *k4a4j_color_resolution_name(k4a_color_resolution_t resolution)
{
    static const char *const names[] = { "K4A_COLOR_RESOLUTION_OFF",   "K4A_COLOR_RESOLUTION_720P",
                                         "K4A_COLOR_RESOLUTION_1080P", "K4A_COLOR_RESOLUTION_1440P",
                                         "K4A_COLOR_RESOLUTION_1536P", "K4A_COLOR_RESOLUTION_2160P",
                                         "K4A_COLOR_RESOLUTION_3072P" };
    return NAME_OF(names, resolution);
}

const char *k4a4j_depth_mode_name(k4a_depth_mode_t mode)
{
    static const char *const names[] = { "K4A_DEPTH_MODE_OFF",           "K4A_DEPTH_MODE_NFOV_2X2BINNED",
                                         "K4A_DEPTH_MODE_NFOV_UNBINNED", "K4A_DEPTH_MODE_WFOV_2X2BINNED",
                                         "K4A_DEPTH_MODE_WFOV_UNBINNED", "K4A_DEPTH_MODE_PASSIVE_IR" };
    return NAME_OF(names, mode);
}

const char *k4a4j_fps_name(k4a_fps_t fps)
{
    static const char *const names[] = { "K4A_FRAMES_PER_SECOND_5", "K4A_FRAMES_PER_SECOND_15",
                                         "K4A_FRAMES_PER_SECOND_30" };
    return NAME_OF(names, fps);
}

const char *k4a4j_wired_sync_mode_name(k4a_wired_sync_mode_t mode)
{
    static const char *const names[] = { "K4A_WIRED_SYNC_MODE_STANDALONE", "K4A_WIRED_SYNC_MODE_MASTER",
                                         "K4A_WIRED_SYNC_MODE_SUBORDINATE" };
    return NAME_OF(names, mode);
}

int k4a4j_fps_value(k4a_fps_t fps)
{
    static const int values[] = { 5, 15, 30 };
    return (int)fps >= 0 && (int)fps < 3 ? values[fps] : 0;
}

/* The fastest rate each mode runs at (API reference of k4a_color_resolution_t and k4a_depth_mode_t:
 * 3072P colour and WFOV unbinned depth at most 15 fps; every other mode up to 30). */
static int max_fps_of_color(k4a_color_resolution_t resolution)
{
    return resolution == K4A_COLOR_RESOLUTION_3072P ? 15 : 30;
}

static int max_fps_of_depth(k4a_depth_mode_t mode)
{
    return mode == K4A_DEPTH_MODE_WFOV_UNBINNED ? 15 : 30;
}

bool k4a4j_device_config_valid(const k4a_device_configuration_t *c, bool sync_in_connected, bool sync_out_connected)
{
    const char *f = "k4a_device_start_cameras";
    CHECK(c->color_resolution >= K4A_COLOR_RESOLUTION_OFF && c->color_resolution <= K4A_COLOR_RESOLUTION_3072P,
          "%s: config.color_resolution %d is not a k4a_color_resolution_t", f, (int)c->color_resolution);
    CHECK(c->depth_mode >= K4A_DEPTH_MODE_OFF && c->depth_mode <= K4A_DEPTH_MODE_PASSIVE_IR,
          "%s: config.depth_mode %d is not a k4a_depth_mode_t", f, (int)c->depth_mode);
    CHECK(c->camera_fps >= K4A_FRAMES_PER_SECOND_5 && c->camera_fps <= K4A_FRAMES_PER_SECOND_30,
          "%s: config.camera_fps %d is not a k4a_fps_t", f, (int)c->camera_fps);
    CHECK(c->wired_sync_mode >= K4A_WIRED_SYNC_MODE_STANDALONE && c->wired_sync_mode <= K4A_WIRED_SYNC_MODE_SUBORDINATE,
          "%s: config.wired_sync_mode %d is not a k4a_wired_sync_mode_t", f, (int)c->wired_sync_mode);
    bool color = c->color_resolution != K4A_COLOR_RESOLUTION_OFF;
    bool depth = c->depth_mode != K4A_DEPTH_MODE_OFF;
    CHECK(color || depth,
          "%s: config.color_resolution is K4A_COLOR_RESOLUTION_OFF and config.depth_mode is "
          "K4A_DEPTH_MODE_OFF: at least one camera must be started",
          f);
    int fps = k4a4j_fps_value(c->camera_fps);
    if (color)
    {
        CHECK(c->color_format == K4A_IMAGE_FORMAT_COLOR_MJPG || c->color_format == K4A_IMAGE_FORMAT_COLOR_NV12 ||
                  c->color_format == K4A_IMAGE_FORMAT_COLOR_YUY2 || c->color_format == K4A_IMAGE_FORMAT_COLOR_BGRA32,
              "%s: config.color_format %s (%d) is not a colour camera format (MJPG, NV12, YUY2 or BGRA32)", f,
              k4a4j_color_format_name(c->color_format), (int)c->color_format);
        CHECK(c->color_resolution == K4A_COLOR_RESOLUTION_720P ||
                  (c->color_format != K4A_IMAGE_FORMAT_COLOR_NV12 && c->color_format != K4A_IMAGE_FORMAT_COLOR_YUY2),
              "%s: config.color_format %s needs config.color_resolution K4A_COLOR_RESOLUTION_720P, not %s", f,
              k4a4j_color_format_name(c->color_format), k4a4j_color_resolution_name(c->color_resolution));
        CHECK(fps <= max_fps_of_color(c->color_resolution),
              "%s: config.camera_fps %s is faster than config.color_resolution %s allows (%d fps)", f,
              k4a4j_fps_name(c->camera_fps), k4a4j_color_resolution_name(c->color_resolution),
              max_fps_of_color(c->color_resolution));
    }
    if (depth)
        CHECK(fps <= max_fps_of_depth(c->depth_mode),
              "%s: config.camera_fps %s is faster than config.depth_mode %s allows (%d fps)", f,
              k4a4j_fps_name(c->camera_fps), k4a4j_depth_mode_name(c->depth_mode), max_fps_of_depth(c->depth_mode));
    CHECK(!c->synchronized_images_only || (color && depth),
          "%s: config.synchronized_images_only is true but config.color_resolution is %s and config.depth_mode is %s: "
          "it needs both cameras",
          f, k4a4j_color_resolution_name(c->color_resolution), k4a4j_depth_mode_name(c->depth_mode));
    int period_usec = 1000000 / fps;
    CHECK(abs(c->depth_delay_off_color_usec) < period_usec,
          "%s: config.depth_delay_off_color_usec %d is not within one frame period of config.camera_fps %s "
          "(-%d < delay < %d)",
          f, (int)c->depth_delay_off_color_usec, k4a4j_fps_name(c->camera_fps), period_usec, period_usec);
    CHECK(c->subordinate_delay_off_master_usec == 0 || c->wired_sync_mode == K4A_WIRED_SYNC_MODE_SUBORDINATE,
          "%s: config.subordinate_delay_off_master_usec %u is only for config.wired_sync_mode "
          "K4A_WIRED_SYNC_MODE_SUBORDINATE, not %s",
          f, (unsigned)c->subordinate_delay_off_master_usec, k4a4j_wired_sync_mode_name(c->wired_sync_mode));
    CHECK(c->subordinate_delay_off_master_usec < (uint32_t)period_usec,
          "%s: config.subordinate_delay_off_master_usec %u is not within one frame period of config.camera_fps %s "
          "(%d us)",
          f, (unsigned)c->subordinate_delay_off_master_usec, k4a4j_fps_name(c->camera_fps), period_usec);
    CHECK(c->wired_sync_mode != K4A_WIRED_SYNC_MODE_MASTER || sync_out_connected,
          "%s: config.wired_sync_mode K4A_WIRED_SYNC_MODE_MASTER needs the sync out jack, which is not connected", f);
    CHECK(c->wired_sync_mode != K4A_WIRED_SYNC_MODE_MASTER || color,
          "%s: config.wired_sync_mode K4A_WIRED_SYNC_MODE_MASTER needs the colour camera (config.color_resolution "
          "is K4A_COLOR_RESOLUTION_OFF)",
          f);
    CHECK(c->wired_sync_mode != K4A_WIRED_SYNC_MODE_SUBORDINATE || sync_in_connected,
          "%s: config.wired_sync_mode K4A_WIRED_SYNC_MODE_SUBORDINATE needs the sync in jack, which is not connected",
          f);
    return true;
fail:
    return false;
}

bool k4a4j_device_config_matches_recording(const k4a_device_configuration_t *c, const k4a_record_configuration_t *r,
                                           const char *path, bool *decode_color)
{
    const char *f = "k4a_device_start_cameras";
    *decode_color = false;
    bool color = c->color_resolution != K4A_COLOR_RESOLUTION_OFF;
    bool depth = c->depth_mode != K4A_DEPTH_MODE_OFF;
    CHECK(!color || r->color_track_enabled,
          "%s: config.color_resolution is %s but the recording behind this device (%s) has no colour camera", f,
          k4a4j_color_resolution_name(c->color_resolution), path);
    CHECK(!color || c->color_resolution == r->color_resolution,
          "%s: config.color_resolution %s is not the recording's %s (%s)", f,
          k4a4j_color_resolution_name(c->color_resolution), k4a4j_color_resolution_name(r->color_resolution), path);
    if (color && c->color_format != r->color_format)
    {
        CHECK(c->color_format == K4A_IMAGE_FORMAT_COLOR_BGRA32 && r->color_format == K4A_IMAGE_FORMAT_COLOR_MJPG,
              "%s: config.color_format %s is not the recording's %s (%s); only BGRA32 from MJPG is decoded", f,
              k4a4j_color_format_name(c->color_format), k4a4j_color_format_name(r->color_format), path);
        *decode_color = true;
    }
    CHECK(!depth || r->depth_track_enabled || r->ir_track_enabled,
          "%s: config.depth_mode is %s but the recording behind this device (%s) has no depth camera", f,
          k4a4j_depth_mode_name(c->depth_mode), path);
    CHECK(!depth || c->depth_mode == r->depth_mode, "%s: config.depth_mode %s is not the recording's %s (%s)", f,
          k4a4j_depth_mode_name(c->depth_mode), k4a4j_depth_mode_name(r->depth_mode), path);
    CHECK(c->camera_fps == r->camera_fps, "%s: config.camera_fps %s is not the recording's %s (%s)", f,
          k4a4j_fps_name(c->camera_fps), k4a4j_fps_name(r->camera_fps), path);
    CHECK(!(color && depth) || c->depth_delay_off_color_usec == r->depth_delay_off_color_usec,
          "%s: config.depth_delay_off_color_usec %d is not the recording's %d (%s)", f,
          (int)c->depth_delay_off_color_usec, (int)r->depth_delay_off_color_usec, path);
    CHECK(c->wired_sync_mode != K4A_WIRED_SYNC_MODE_SUBORDINATE ||
              c->subordinate_delay_off_master_usec == r->subordinate_delay_off_master_usec,
          "%s: config.subordinate_delay_off_master_usec %u is not the recording's %u (%s)", f,
          (unsigned)c->subordinate_delay_off_master_usec, (unsigned)r->subordinate_delay_off_master_usec, path);
    return true;
fail:
    return false;
}

/* Ranges and defaults of the colour controls. Where the API reference of k4a_color_control_command_t
 * publishes them, from there: brightness 0..255, default 128; backlight compensation 0 (off) or 1 (on);
 * power-line frequency 1 (50 Hz) or 2 (60 Hz); white balance in kelvin, a multiple of 10; which
 * controls have an automatic mode (exposure and white balance) and which are manual only. The other
 * bounds are those the Azure Kinect tools present to users (k4arecorder's options, the viewer's
 * sliders): exposure 500..133330 us (auto by default), white balance 2500..12500 K (auto by default,
 * 4500 K when set by hand), contrast 0..10 (5), saturation 0..63 (32), sharpness 0..4 (2), gain 0..255 (0),
 * power line 60 Hz by default. Auto exposure priority is deprecated: 0 (frame-rate priority) or 1. */
static const k4a4j_color_control_caps_t COLOR_CONTROLS[] = {
    /* EXPOSURE_TIME_ABSOLUTE */ { true, 500, 133330, 1, 15625, K4A_COLOR_CONTROL_MODE_AUTO },
    /* AUTO_EXPOSURE_PRIORITY */ { false, 0, 1, 1, 0, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* BRIGHTNESS             */ { false, 0, 255, 1, 128, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* CONTRAST               */ { false, 0, 10, 1, 5, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* SATURATION             */ { false, 0, 63, 1, 32, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* SHARPNESS              */ { false, 0, 4, 1, 2, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* WHITEBALANCE           */ { true, 2500, 12500, 10, 4500, K4A_COLOR_CONTROL_MODE_AUTO },
    /* BACKLIGHT_COMPENSATION */ { false, 0, 1, 1, 0, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* GAIN                   */ { false, 0, 255, 1, 0, K4A_COLOR_CONTROL_MODE_MANUAL },
    /* POWERLINE_FREQUENCY    */ { false, 1, 2, 1, 2, K4A_COLOR_CONTROL_MODE_MANUAL },
};

bool k4a4j_color_control_caps(k4a_color_control_command_t command, k4a4j_color_control_caps_t *caps)
{
    if ((int)command < 0 || (size_t)command >= sizeof(COLOR_CONTROLS) / sizeof(COLOR_CONTROLS[0]))
        return false;
    *caps = COLOR_CONTROLS[command];
    return true;
}
