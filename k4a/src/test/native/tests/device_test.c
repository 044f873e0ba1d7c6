/*
 * Virtual devices: recordings of ../shared/testdata/playback replayed through the k4a_device_* API.
 * Checks that a device hands back exactly the recording's captures (timestamps, formats, sizes, pixel
 * hashes, in order, then looping with increasing timestamps), colour decoded to BGRA32 when asked,
 * real-time pacing within 5 % of wall time over 2 s, the timeout semantics, the bounded queue, every
 * refused configuration with its message, stop/close from another thread waking a waiter within
 * 100 ms, IMU samples, calibration/serial/version/sync jacks/colour controls, a master/subordinate
 * rig of recordings, and recording from a device. The devices come from K4A4J_VIRTUAL_DEVICES (set by main before the
 * first count) and from the private export k4a4j_internal_add_virtual_device.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "sha256.h"
#include "testdata.h"

#include "common/platform.h"

#include <stdatomic.h>
#include <time.h>

#include <k4arecord/playback.h>
#include <k4arecord/record.h>

#define SET "playback"

extern k4a_result_t k4a4j_internal_add_virtual_device(const char *path, int pace, uint32_t *index);

static json_document_t *manifest;
/* device indices: from the environment (max pace), then added (real time) */
enum
{
    DEV_A = 0,     /* synthetic_a: MJPG 720p + NFOV 2x2 binned + IR + IMU, 15 fps, 15 frames */
    DEV_PYK4A = 1, /* pyk4a: real recording, one frame, 5 fps */
    DEV_B = 2,     /* synthetic_b: NV12 720p + WFOV 2x2 binned, 30 fps, master */
    DEV_A_RT = 3,  /* synthetic_a paced in real time */
    DEV_PYK4A_RT = 4,
};

static const json_value_t *recording(const char *id)
{
    const json_value_t *list = json_member(json_root(manifest), "recordings");
    for (size_t i = 0; i < json_count(list); i++)
        if (strcmp(json_string_or(json_member(json_item(list, i), "id"), ""), id) == 0)
            return json_item(list, i);
    return NULL;
}

static long long number(const json_value_t *object, const char *key)
{
    return (long long)json_number_or(json_member(object, key), -1);
}

/* The configuration a recording was made with (as a device configuration). */
static k4a_device_configuration_t config_of(const json_value_t *r)
{
    const json_value_t *c = json_member(r, "record_configuration");
    k4a_device_configuration_t config = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    config.color_format = (k4a_image_format_t)td_enum(json_member(c, "color_format"));
    config.color_resolution = (k4a_color_resolution_t)td_enum(json_member(c, "color_resolution"));
    config.depth_mode = (k4a_depth_mode_t)td_enum(json_member(c, "depth_mode"));
    const char *fps = json_string_or(json_member(c, "camera_fps"), "");
    config.camera_fps = strstr(fps, "_5")    ? K4A_FRAMES_PER_SECOND_5
                        : strstr(fps, "_15") ? K4A_FRAMES_PER_SECOND_15
                                             : K4A_FRAMES_PER_SECOND_30;
    config.depth_delay_off_color_usec = (int32_t)number(c, "depth_delay_off_color_usec");
    return config;
}

static void check_image(const json_value_t *expected, k4a_image_t image, uint64_t offset)
{
    EXPECT_EQ(image != NULL, expected != NULL && !json_is(expected, JSON_NULL));
    if (image == NULL || expected == NULL || json_is(expected, JSON_NULL))
        return;
    EXPECT_EQ(k4a_image_get_format(image), td_enum(json_member(expected, "format")));
    EXPECT_EQ(k4a_image_get_width_pixels(image), number(expected, "width"));
    EXPECT_EQ(k4a_image_get_height_pixels(image), number(expected, "height"));
    EXPECT_EQ(k4a_image_get_stride_bytes(image), number(expected, "stride_bytes"));
    EXPECT_EQ(k4a_image_get_size(image), number(expected, "size_bytes"));
    EXPECT_EQ(k4a_image_get_device_timestamp_usec(image),
              number(expected, "device_timestamp_usec") + (long long)offset);
    char hex[65];
    sha256_hex(k4a_image_get_buffer(image), k4a_image_get_size(image), hex);
    EXPECT_STR(hex, json_string_or(json_member(expected, "sha256"), ""));
}

static void check_capture(const json_value_t *expected, k4a_capture_t capture, uint64_t offset)
{
    k4a_image_t images[3] = { k4a_capture_get_color_image(capture), k4a_capture_get_depth_image(capture),
                              k4a_capture_get_ir_image(capture) };
    static const char *const keys[3] = { "color", "depth", "ir" };
    for (int i = 0; i < 3; i++)
    {
        check_image(json_member(expected, keys[i]), images[i], offset);
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    }
}

static uint64_t capture_time(k4a_capture_t capture)
{
    k4a_image_t image = k4a_capture_get_depth_image(capture);
    if (image == NULL)
        image = k4a_capture_get_ir_image(capture);
    if (image == NULL)
        image = k4a_capture_get_color_image(capture);
    uint64_t t = image != NULL ? k4a_image_get_device_timestamp_usec(image) : 0;
    if (image != NULL)
        k4a_image_release(image);
    return t;
}

static k4a_device_t open_started(uint32_t index, const k4a_device_configuration_t *config)
{
    k4a_device_t device = NULL;
    EXPECT_EQ(k4a_device_open(index, &device), K4A_RESULT_SUCCEEDED);
    if (device != NULL)
        EXPECT_EQ(k4a_device_start_cameras(device, config), K4A_RESULT_SUCCEEDED);
    return device;
}

static void test_installed_devices(void)
{
    EXPECT_EQ(k4a_device_get_installed_count(), 5);
    k4a_device_t device = NULL;
    log_capture_start();
    EXPECT_EQ(k4a_device_open(5, &device), K4A_RESULT_FAILED);
    EXPECT_TRUE(device == NULL);
    EXPECT_TRUE(log_capture_said("no device at index 5 (5 installed)"));
    uint32_t index = 0;
    EXPECT_EQ(k4a4j_internal_add_virtual_device(td_path(SET, "manifest.json"), 0, &index), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("cannot be a virtual device"));
    EXPECT_EQ(k4a4j_internal_add_virtual_device(NULL, 0, &index), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("path is NULL"));
    EXPECT_EQ(k4a_device_get_installed_count(), 5);
    EXPECT_EQ(k4a_device_open(DEV_A, &device), K4A_RESULT_SUCCEEDED);
    k4a_device_t again = NULL;
    EXPECT_EQ(k4a_device_open(DEV_A, &again), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("already open"));
    k4a_device_close(device);
    EXPECT_EQ(k4a_device_open(DEV_A, &device), K4A_RESULT_SUCCEEDED);
    k4a_device_close(device);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* Two passes of synthetic_a: exactly the recording's captures, then the same again one loop later. */
static void test_captures_are_the_recordings(void)
{
    const json_value_t *r = recording("synthetic_a");
    const json_value_t *expected = json_member(json_member(r, "captures_forward"), "captures");
    k4a_device_configuration_t config = config_of(r);
    k4a_device_t device = open_started(DEV_A, &config);
    uint64_t previous = 0, offset = 0, loop = 0;
    for (size_t pass = 0; pass < 2 && device != NULL; pass++)
        for (size_t i = 0; i < json_count(expected); i++)
        {
            k4a_capture_t capture = NULL;
            EXPECT_EQ(k4a_device_get_capture(device, &capture, 5000), K4A_WAIT_RESULT_SUCCEEDED);
            if (capture == NULL)
                return;
            uint64_t t = capture_time(capture);
            if (pass == 1 && i == 0)
            {
                /* a loop later: the first capture's time plus the loop, beyond the last one */
                uint64_t first =
                    (uint64_t)number(json_member(json_item(expected, 0), "depth"), "device_timestamp_usec");
                loop = t - first;
                offset = loop;
                EXPECT_TRUE(loop > (uint64_t)number(r, "recording_length_usec"));
            }
            EXPECT_TRUE(t > previous);
            previous = t;
            check_capture(json_item(expected, i), capture, offset);
            k4a_capture_release(capture);
        }
    k4a_device_stop_cameras(device);
    k4a_device_close(device);
}

static bool has_color(k4a_capture_t capture)
{
    k4a_image_t image = k4a_capture_get_color_image(capture);
    if (image != NULL)
        k4a_image_release(image);
    return image != NULL;
}

/* Colour asked as BGRA32 from an MJPG recording: decoded as the playback decodes it. */
static void test_color_decoded_to_bgra(void)
{
    const json_value_t *r = recording("synthetic_a");
    k4a_device_configuration_t config = config_of(r);
    config.color_format = K4A_IMAGE_FORMAT_COLOR_BGRA32;
    config.depth_mode = K4A_DEPTH_MODE_OFF;
    k4a_device_t device = open_started(DEV_A, &config);
    k4a_playback_t playback = NULL;
    EXPECT_EQ(k4a_playback_open(td_path(SET, json_string_or(json_member(r, "file"), "")), &playback),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_set_color_conversion(playback, K4A_IMAGE_FORMAT_COLOR_BGRA32), K4A_RESULT_SUCCEEDED);
    for (int i = 0; i < 5 && device != NULL && playback != NULL; i++)
    {
        k4a_capture_t got = NULL, want = NULL;
        EXPECT_EQ(k4a_device_get_capture(device, &got, 5000), K4A_WAIT_RESULT_SUCCEEDED);
        do /* the playback's next capture with a colour image */
        {
            if (want != NULL)
                k4a_capture_release(want);
            EXPECT_EQ(k4a_playback_get_next_capture(playback, &want), K4A_STREAM_RESULT_SUCCEEDED);
        } while (want != NULL && !has_color(want));
        if (got == NULL || want == NULL)
            break;
        k4a_image_t a = k4a_capture_get_color_image(got), b = k4a_capture_get_color_image(want);
        k4a_image_t depth = k4a_capture_get_depth_image(got);
        EXPECT_TRUE(depth == NULL); /* the depth camera is off */
        EXPECT_TRUE(a != NULL && b != NULL);
        if (a != NULL && b != NULL)
        {
            EXPECT_EQ(k4a_image_get_format(a), K4A_IMAGE_FORMAT_COLOR_BGRA32);
            EXPECT_EQ(k4a_image_get_size(a), 1280 * 720 * 4);
            EXPECT_EQ(k4a_image_get_device_timestamp_usec(a), k4a_image_get_device_timestamp_usec(b));
            EXPECT_TRUE(memcmp(k4a_image_get_buffer(a), k4a_image_get_buffer(b), k4a_image_get_size(a)) == 0);
        }
        if (a != NULL)
            k4a_image_release(a);
        if (b != NULL)
            k4a_image_release(b);
        k4a_capture_release(got);
        k4a_capture_release(want);
    }
    if (playback != NULL)
        k4a_playback_close(playback);
    k4a_device_close(device); /* stops the cameras too */
}

/* Real time: over 2 s of a 15 fps recording, device time advances as wall time does (within 5 %). */
static void test_realtime_pacing(void)
{
    k4a_device_configuration_t config = config_of(recording("synthetic_a"));
    k4a_device_t device = open_started(DEV_A_RT, &config);
    long long start_wall = 0, wall = 0;
    uint64_t start_device = 0, device_time = 0;
    int count = 0;
    while (device != NULL)
    {
        k4a_capture_t capture = NULL;
        if (k4a_device_get_capture(device, &capture, 1000) != K4A_WAIT_RESULT_SUCCEEDED)
            break;
        wall = k4a4j_monotonic_usec();
        device_time = capture_time(capture);
        k4a_capture_release(capture);
        if (count++ == 0)
        {
            start_wall = wall;
            start_device = device_time;
        }
        if (wall - start_wall >= 2000000)
            break;
    }
    double elapsed = (double)(wall - start_wall), advanced = (double)(device_time - start_device);
    fprintf(stderr, "  real time: %d captures, %.3f s of device time in %.3f s\n", count, advanced / 1e6,
            elapsed / 1e6);
    EXPECT_TRUE(elapsed >= 2e6);
    EXPECT_TRUE(advanced >= elapsed * 0.95 && advanced <= elapsed * 1.05);
    EXPECT_TRUE(count >= 25 && count <= 35); /* about 15 per second, with a loop's gap */
    k4a_device_close(device);
}

/* 0 polls, a timeout times out, INFINITE waits; a slow caller loses the oldest captures. */
static void test_timeouts_and_queue(void)
{
    /* pyk4a in real time: one capture per loop of 664 ms, so right after one the next is far away */
    k4a_device_configuration_t config = config_of(recording("pyk4a_recording"));
    k4a_device_t device = open_started(DEV_PYK4A_RT, &config);
    if (device == NULL)
        return;
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_device_get_capture(device, &capture, K4A_WAIT_INFINITE), K4A_WAIT_RESULT_SUCCEEDED);
    uint64_t last = capture_time(capture);
    k4a_capture_release(capture);
    capture = NULL;
    EXPECT_EQ(k4a_device_get_capture(device, &capture, 0), K4A_WAIT_RESULT_TIMEOUT);
    EXPECT_TRUE(capture == NULL);
    long long before = k4a4j_monotonic_usec();
    EXPECT_EQ(k4a_device_get_capture(device, &capture, 10), K4A_WAIT_RESULT_TIMEOUT);
    EXPECT_TRUE(k4a4j_monotonic_usec() - before >= 10000);
    EXPECT_EQ(k4a_device_get_capture(device, &capture, K4A_WAIT_INFINITE), K4A_WAIT_RESULT_SUCCEEDED);
    EXPECT_TRUE(capture != NULL && capture_time(capture) > last);
    k4a_capture_release(capture);
    k4a_device_close(device);

    config = config_of(recording("synthetic_a"));
    device = open_started(DEV_A_RT, &config);
    if (device == NULL)
        return;
    EXPECT_EQ(k4a_device_get_capture(device, &capture, K4A_WAIT_INFINITE), K4A_WAIT_RESULT_SUCCEEDED);
    last = capture_time(capture);
    k4a_capture_release(capture);
    /* one second unread: about 15 captures came, the queue kept the 4 newest */
    struct timespec second = { 1, 0 };
    nanosleep(&second, NULL);
    int queued = 0;
    uint64_t first_queued = 0;
    while (k4a_device_get_capture(device, &capture, 0) == K4A_WAIT_RESULT_SUCCEEDED)
    {
        if (queued++ == 0)
            first_queued = capture_time(capture);
        k4a_capture_release(capture);
    }
    EXPECT_TRUE(queued >= 4 && queued <= 5);      /* 4 waited; one more may come while draining */
    EXPECT_TRUE(first_queued > last + 5 * 66000); /* the oldest ones were dropped */
    k4a_device_stop_cameras(device);
    log_capture_start();
    EXPECT_EQ(k4a_device_get_capture(device, &capture, 0), K4A_WAIT_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not started"));
    EXPECT_EQ(k4a_device_get_capture(device, &capture, -5), K4A_WAIT_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("timeout_in_ms -5"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_close(device);
}

typedef struct
{
    k4a_device_t device;
    k4a_wait_result_t result;
    long long returned_usec;
    atomic_int calling; /* set just before the waiter calls get_capture */
} waiter_t;

static K4A4J_THREAD_ENTRY(wait_for_capture, arg)
{
    waiter_t *w = arg;
    k4a_capture_t capture = NULL;
    atomic_store(&w->calling, 1);
    w->result = k4a_device_get_capture(w->device, &capture, K4A_WAIT_INFINITE);
    w->returned_usec = k4a4j_monotonic_usec();
    if (capture != NULL)
        k4a_capture_release(capture);
    return K4A4J_THREAD_RETURN;
}

/* A caller blocked in get_capture returns FAILED within 100 ms of stop (or close) on another thread. */
static void test_stop_and_close_wake_a_waiter(void)
{
    k4a_device_configuration_t config = config_of(recording("pyk4a_recording"));
    for (int close_it = 0; close_it < 2; close_it++)
    {
        k4a_device_t device = open_started(DEV_PYK4A_RT, &config);
        if (device == NULL)
            return;
        k4a_capture_t capture = NULL;
        EXPECT_EQ(k4a_device_get_capture(device, &capture, 2000), K4A_WAIT_RESULT_SUCCEEDED); /* one per 664 ms */
        k4a_capture_release(capture);
        waiter_t w = { device, K4A_WAIT_RESULT_SUCCEEDED, 0, 0 };
        k4a4j_thread_t thread;
        EXPECT_TRUE(k4a4j_thread_create(&thread, wait_for_capture, &w));
        struct timespec pause = { 0, 100 * 1000 * 1000 }, poll = { 0, 1000 * 1000 };
        while (!atomic_load(&w.calling))
            nanosleep(&poll, NULL);
        nanosleep(&pause, NULL); /* the waiter is blocked: the next capture is half a second away */
        long long stopped = k4a4j_monotonic_usec();
        if (close_it)
            k4a_device_close(device);
        else
            k4a_device_stop_cameras(device);
        k4a4j_thread_join(thread);
        EXPECT_EQ(w.result, K4A_WAIT_RESULT_FAILED);
        EXPECT_TRUE(w.returned_usec - stopped < 100000);
        if (!close_it)
            k4a_device_close(device);
    }
}

static void refuse(k4a_device_t device, k4a_device_configuration_t config, const char *message)
{
    log_capture_start();
    EXPECT_EQ(k4a_device_start_cameras(device, &config), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said(message));
}

static void test_bad_configurations_are_refused(void)
{
    k4a_device_t a = NULL, b = NULL, pyk4a = NULL;
    EXPECT_EQ(k4a_device_open(DEV_A, &a), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_open(DEV_B, &b), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_open(DEV_PYK4A, &pyk4a), K4A_RESULT_SUCCEEDED);
    if (a == NULL || b == NULL || pyk4a == NULL)
        return;
    const k4a_device_configuration_t ok = config_of(recording("synthetic_a"));
    k4a_device_configuration_t c;
    log_capture_start();
    EXPECT_EQ(k4a_device_start_cameras(a, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("config is NULL"));
    /* the vendor's rules */
    c = ok, c.color_resolution = (k4a_color_resolution_t)7;
    refuse(a, c, "config.color_resolution 7 is not a k4a_color_resolution_t");
    c = ok, c.depth_mode = (k4a_depth_mode_t)6;
    refuse(a, c, "config.depth_mode 6 is not a k4a_depth_mode_t");
    c = ok, c.camera_fps = (k4a_fps_t)3;
    refuse(a, c, "config.camera_fps 3 is not a k4a_fps_t");
    c = ok, c.wired_sync_mode = (k4a_wired_sync_mode_t)3;
    refuse(a, c, "config.wired_sync_mode 3 is not a k4a_wired_sync_mode_t");
    c = ok, c.color_format = K4A_IMAGE_FORMAT_DEPTH16;
    refuse(a, c, "config.color_format K4A_IMAGE_FORMAT_DEPTH16 (4) is not a colour camera format");
    c = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    refuse(a, c, "at least one camera");
    c = ok, c.color_resolution = K4A_COLOR_RESOLUTION_3072P, c.camera_fps = K4A_FRAMES_PER_SECOND_30;
    refuse(a, c,
           "config.camera_fps K4A_FRAMES_PER_SECOND_30 is faster than config.color_resolution "
           "K4A_COLOR_RESOLUTION_3072P allows (15 fps)");
    c = ok, c.depth_mode = K4A_DEPTH_MODE_WFOV_UNBINNED, c.camera_fps = K4A_FRAMES_PER_SECOND_30;
    refuse(a, c,
           "config.camera_fps K4A_FRAMES_PER_SECOND_30 is faster than config.depth_mode "
           "K4A_DEPTH_MODE_WFOV_UNBINNED allows (15 fps)");
    c = ok, c.color_format = K4A_IMAGE_FORMAT_COLOR_NV12, c.color_resolution = K4A_COLOR_RESOLUTION_1080P;
    refuse(a, c,
           "config.color_format K4A_IMAGE_FORMAT_COLOR_NV12 needs config.color_resolution "
           "K4A_COLOR_RESOLUTION_720P, not K4A_COLOR_RESOLUTION_1080P");
    c = ok, c.depth_mode = K4A_DEPTH_MODE_OFF, c.synchronized_images_only = true;
    refuse(a, c,
           "config.synchronized_images_only is true but config.color_resolution is K4A_COLOR_RESOLUTION_720P "
           "and config.depth_mode is K4A_DEPTH_MODE_OFF");
    c = ok, c.depth_delay_off_color_usec = 70000;
    refuse(a, c,
           "config.depth_delay_off_color_usec 70000 is not within one frame period of config.camera_fps "
           "K4A_FRAMES_PER_SECOND_15");
    c = ok, c.subordinate_delay_off_master_usec = 100;
    refuse(a, c,
           "config.subordinate_delay_off_master_usec 100 is only for config.wired_sync_mode "
           "K4A_WIRED_SYNC_MODE_SUBORDINATE, not K4A_WIRED_SYNC_MODE_STANDALONE");
    c = ok, c.wired_sync_mode = K4A_WIRED_SYNC_MODE_MASTER;
    refuse(a, c, "K4A_WIRED_SYNC_MODE_MASTER needs the sync out jack");
    c = ok, c.wired_sync_mode = K4A_WIRED_SYNC_MODE_SUBORDINATE;
    refuse(a, c, "K4A_WIRED_SYNC_MODE_SUBORDINATE needs the sync in jack");
    /* against the recording */
    c = ok, c.camera_fps = K4A_FRAMES_PER_SECOND_30;
    refuse(a, c, "config.camera_fps K4A_FRAMES_PER_SECOND_30 is not the recording's K4A_FRAMES_PER_SECOND_15");
    c = ok, c.color_resolution = K4A_COLOR_RESOLUTION_1080P;
    refuse(a, c, "config.color_resolution K4A_COLOR_RESOLUTION_1080P is not the recording's K4A_COLOR_RESOLUTION_720P");
    c = ok, c.depth_mode = K4A_DEPTH_MODE_NFOV_UNBINNED;
    refuse(a, c, "config.depth_mode K4A_DEPTH_MODE_NFOV_UNBINNED is not the recording's K4A_DEPTH_MODE_NFOV_2X2BINNED");
    c = ok, c.color_format = K4A_IMAGE_FORMAT_COLOR_YUY2;
    refuse(a, c, "config.color_format K4A_IMAGE_FORMAT_COLOR_YUY2 is not the recording's K4A_IMAGE_FORMAT_COLOR_MJPG");
    k4a_device_configuration_t bc = config_of(recording("synthetic_b"));
    c = bc, c.color_format = K4A_IMAGE_FORMAT_COLOR_BGRA32;
    refuse(b, c,
           "config.color_format K4A_IMAGE_FORMAT_COLOR_BGRA32 is not the recording's K4A_IMAGE_FORMAT_COLOR_NV12");
    c = bc, c.depth_delay_off_color_usec = 0;
    refuse(b, c, "config.depth_delay_off_color_usec 0 is not the recording's 1000");
    /* a master recording has its sync out jack: MASTER starts; a camera the recording has may stay off */
    c = bc, c.wired_sync_mode = K4A_WIRED_SYNC_MODE_MASTER;
    EXPECT_EQ(k4a_device_start_cameras(b, &c), K4A_RESULT_SUCCEEDED);
    refuse(b, c, "already started");
    k4a_device_stop_cameras(b);
    c = bc, c.color_resolution = K4A_COLOR_RESOLUTION_OFF, c.depth_delay_off_color_usec = 0;
    EXPECT_EQ(k4a_device_start_cameras(b, &c), K4A_RESULT_SUCCEEDED);
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_close(a);
    k4a_device_close(b);
    k4a_device_close(pyk4a);
    log_capture_start();
    EXPECT_EQ(k4a_device_start_cameras(NULL, &ok), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("device_handle is NULL"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
}

/* A rig: the master recording (synthetic_b) and a subordinate one written here are two devices with the
 * sync jacks and delays of their places in the rig. */
static void test_a_rig_of_recordings(void)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/device_test_sub_%ld.mkv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    k4a_device_configuration_t sub = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    sub.depth_mode = K4A_DEPTH_MODE_WFOV_2X2BINNED;
    sub.camera_fps = K4A_FRAMES_PER_SECOND_30;
    sub.wired_sync_mode = K4A_WIRED_SYNC_MODE_SUBORDINATE;
    sub.subordinate_delay_off_master_usec = 160;
    k4a_record_t record = NULL;
    EXPECT_EQ(k4a_record_create(path, NULL, sub, &record), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(record), K4A_RESULT_SUCCEEDED);
    for (int i = 0; i < 3 && record != NULL; i++)
    {
        k4a_capture_t capture = NULL;
        k4a_image_t depth = NULL, ir = NULL;
        k4a_capture_create(&capture);
        k4a_image_create(K4A_IMAGE_FORMAT_DEPTH16, 512, 512, 1024, &depth);
        k4a_image_create(K4A_IMAGE_FORMAT_IR16, 512, 512, 1024, &ir);
        memset(k4a_image_get_buffer(depth), i, k4a_image_get_size(depth));
        memset(k4a_image_get_buffer(ir), 7, k4a_image_get_size(ir));
        k4a_image_set_device_timestamp_usec(depth, 1000160 + 33333 * (uint64_t)i);
        k4a_image_set_device_timestamp_usec(ir, 1000160 + 33333 * (uint64_t)i);
        k4a_capture_set_depth_image(capture, depth);
        k4a_capture_set_ir_image(capture, ir);
        EXPECT_EQ(k4a_record_write_capture(record, capture), K4A_RESULT_SUCCEEDED);
        k4a_image_release(depth);
        k4a_image_release(ir);
        k4a_capture_release(capture);
    }
    k4a_record_close(record);
    uint32_t index = 0;
    EXPECT_EQ(k4a4j_internal_add_virtual_device(path, 1, &index), K4A_RESULT_SUCCEEDED);
    k4a_device_t master = NULL, subordinate = NULL;
    EXPECT_EQ(k4a_device_open(DEV_B, &master), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_open(index, &subordinate), K4A_RESULT_SUCCEEDED);
    if (master == NULL || subordinate == NULL)
        return;
    bool in = false, out = true;
    EXPECT_EQ(k4a_device_get_sync_jack(subordinate, &in, &out), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(in && !out);
    EXPECT_EQ(k4a_device_get_sync_jack(master, &in, &out), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(!in && out);
    k4a_device_configuration_t c = sub;
    c.subordinate_delay_off_master_usec = 0;
    refuse(subordinate, c, "config.subordinate_delay_off_master_usec 0 is not the recording's 160");
    c = sub, c.wired_sync_mode = K4A_WIRED_SYNC_MODE_MASTER;
    c.subordinate_delay_off_master_usec = 0;
    refuse(subordinate, c, "K4A_WIRED_SYNC_MODE_MASTER needs the sync out jack");
    k4a_calibration_t calibration;
    log_capture_start();
    EXPECT_EQ(
        k4a_device_get_calibration(subordinate, K4A_DEPTH_MODE_WFOV_2X2BINNED, K4A_COLOR_RESOLUTION_OFF, &calibration),
        K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("has no calibration"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_configuration_t m = config_of(recording("synthetic_b"));
    m.wired_sync_mode = K4A_WIRED_SYNC_MODE_MASTER;
    EXPECT_EQ(k4a_device_start_cameras(subordinate, &sub), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_start_cameras(master, &m), K4A_RESULT_SUCCEEDED);
    k4a_capture_t capture = NULL;
    EXPECT_EQ(k4a_device_get_capture(subordinate, &capture, 5000), K4A_WAIT_RESULT_SUCCEEDED);
    EXPECT_EQ(capture_time(capture), 1000160);
    k4a_capture_release(capture);
    EXPECT_EQ(k4a_device_get_capture(master, &capture, 5000), K4A_WAIT_RESULT_SUCCEEDED);
    k4a_capture_release(capture);
    k4a_device_close(subordinate);
    k4a_device_close(master);
    remove(path);
}

/* After start_imu (which needs the cameras), the samples are the recording's, in order, looping. */
static void test_imu_samples_are_the_recordings(void)
{
    const json_value_t *r = recording("synthetic_a");
    const json_value_t *table = json_member(r, "imu_forward");
    const json_value_t *rows = json_member(table, "rows");
    int acc_t = td_column(table, "acc_timestamp_usec"), acc_x = td_column(table, "acc_x");
    int gyro_t = td_column(table, "gyro_timestamp_usec"), gyro_z = td_column(table, "gyro_z");
    size_t n = json_count(rows);
    k4a_device_t device = NULL;
    EXPECT_EQ(k4a_device_open(DEV_A, &device), K4A_RESULT_SUCCEEDED);
    if (device == NULL || n == 0)
        return;
    log_capture_start();
    EXPECT_EQ(k4a_device_start_imu(device), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("the IMU needs them running"));
    k4a_imu_sample_t sample;
    EXPECT_EQ(k4a_device_get_imu_sample(device, &sample, 0), K4A_WAIT_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not started"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_configuration_t config = config_of(r);
    EXPECT_EQ(k4a_device_start_cameras(device, &config), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_start_imu(device), K4A_RESULT_SUCCEEDED);
    size_t at = 0;
    uint64_t offset = 0, previous = 0;
    for (size_t i = 0; i < n + 40; i++)
    {
        EXPECT_EQ(k4a_device_get_imu_sample(device, &sample, 5000), K4A_WAIT_RESULT_SUCCEEDED);
        if (i == 0)
        {
            /* the replay ran ahead before start_imu: find where it is in the recording */
            for (at = 0; at < n; at++)
                if ((uint64_t)json_number_or(json_item(json_item(rows, at), (size_t)acc_t), 0) ==
                    sample.acc_timestamp_usec)
                    break;
            EXPECT_TRUE(at < n);
        }
        else if (++at == n)
        {
            at = 0;
            offset =
                sample.acc_timestamp_usec - (uint64_t)json_number_or(json_item(json_item(rows, 0), (size_t)acc_t), 0);
        }
        const json_value_t *row = json_item(rows, at % n);
        EXPECT_TRUE(sample.acc_timestamp_usec > previous);
        previous = sample.acc_timestamp_usec;
        EXPECT_EQ(sample.acc_timestamp_usec, (uint64_t)json_number_or(json_item(row, (size_t)acc_t), 0) + offset);
        EXPECT_EQ(sample.gyro_timestamp_usec, (uint64_t)json_number_or(json_item(row, (size_t)gyro_t), 0) + offset);
        EXPECT_TRUE(sample.acc_sample.xyz.x == td_float(json_item(row, (size_t)acc_x)));
        EXPECT_TRUE(sample.gyro_sample.xyz.z == td_float(json_item(row, (size_t)gyro_z)));
    }
    EXPECT_TRUE(offset > 0); /* it looped */
    k4a_device_stop_imu(device);
    EXPECT_EQ(k4a_device_get_imu_sample(device, &sample, 0), K4A_WAIT_RESULT_FAILED);
    k4a_device_close(device);

    k4a_device_t b = NULL; /* synthetic_b has no IMU */
    EXPECT_EQ(k4a_device_open(DEV_B, &b), K4A_RESULT_SUCCEEDED);
    config = config_of(recording("synthetic_b"));
    EXPECT_EQ(k4a_device_start_cameras(b, &config), K4A_RESULT_SUCCEEDED);
    log_capture_start();
    EXPECT_EQ(k4a_device_start_imu(b), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("has no IMU track"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_close(b);
}

static const char *tag_value(const json_value_t *r, const char *name)
{
    const json_value_t *tags = json_member(r, "tags");
    for (size_t i = 0; i < json_count(tags); i++)
        if (strcmp(json_string_or(json_member(json_item(tags, i), "name"), ""), name) == 0)
            return json_string_or(json_member(json_item(tags, i), "value"), NULL);
    return NULL;
}

/* Calibration for any mode from the raw calibration; serial, versions, sync jacks, colour controls. */
static void test_what_a_device_tells(void)
{
    const json_value_t *r = recording("pyk4a_recording");
    k4a_device_t device = NULL, b = NULL;
    EXPECT_EQ(k4a_device_open(DEV_PYK4A, &device), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_open(DEV_B, &b), K4A_RESULT_SUCCEEDED);
    if (device == NULL || b == NULL)
        return;
    size_t size = 0;
    EXPECT_EQ(k4a_device_get_raw_calibration(device, NULL, &size), K4A_BUFFER_RESULT_TOO_SMALL);
    EXPECT_EQ(size, number(json_member(r, "raw_calibration"), "size"));
    uint8_t *raw = malloc(size);
    EXPECT_EQ(k4a_device_get_raw_calibration(device, raw, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    char hex[65];
    sha256_hex(raw, size, hex);
    EXPECT_STR(hex, json_string_or(json_member(json_member(r, "raw_calibration"), "sha256"), ""));
    for (int depth = K4A_DEPTH_MODE_OFF; depth <= K4A_DEPTH_MODE_PASSIVE_IR; depth++)
        for (int color = K4A_COLOR_RESOLUTION_OFF; color <= K4A_COLOR_RESOLUTION_3072P; color += 3)
        {
            k4a_calibration_t got, want;
            memset(&got, 0, sizeof(got));
            memset(&want, 0, sizeof(want));
            k4a_result_t expected = depth == K4A_DEPTH_MODE_OFF && color == K4A_COLOR_RESOLUTION_OFF
                                        ? K4A_RESULT_FAILED /* both off: no calibration, as from raw */
                                        : K4A_RESULT_SUCCEEDED;
            EXPECT_EQ(k4a_device_get_calibration(device, depth, color, &got), expected);
            EXPECT_EQ(k4a_calibration_get_from_raw((char *)raw, size, depth, color, &want), expected);
            EXPECT_TRUE(memcmp(&got, &want, sizeof(got)) == 0);
        }
    free(raw);
    k4a_calibration_t calibration;
    log_capture_start();
    EXPECT_EQ(k4a_device_get_calibration(device, (k4a_depth_mode_t)9, K4A_COLOR_RESOLUTION_720P, &calibration),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no calibration for depth_mode 9"));
    char serial[64];
    size = sizeof(serial);
    EXPECT_EQ(k4a_device_get_serialnum(device, serial, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_STR(serial, tag_value(r, "K4A_DEVICE_SERIAL_NUMBER") ? tag_value(r, "K4A_DEVICE_SERIAL_NUMBER") : "?");
    size = 1;
    EXPECT_EQ(k4a_device_get_serialnum(device, serial, &size), K4A_BUFFER_RESULT_TOO_SMALL);
    EXPECT_EQ(size, strlen(serial) + 1);
    k4a_hardware_version_t version;
    EXPECT_EQ(k4a_device_get_version(device, &version), K4A_RESULT_SUCCEEDED);
    char text[64];
    snprintf(text, sizeof(text), "%u.%u.%u", version.rgb.major, version.rgb.minor, version.rgb.iteration);
    EXPECT_STR(text, tag_value(r, "K4A_COLOR_FIRMWARE_VERSION") ? tag_value(r, "K4A_COLOR_FIRMWARE_VERSION") : "?");
    snprintf(text, sizeof(text), "%u.%u.%u", version.depth.major, version.depth.minor, version.depth.iteration);
    EXPECT_STR(text, tag_value(r, "K4A_DEPTH_FIRMWARE_VERSION") ? tag_value(r, "K4A_DEPTH_FIRMWARE_VERSION") : "?");
    size = sizeof(serial); /* a recording made without a device: its file name stands in */
    EXPECT_EQ(k4a_device_get_serialnum(b, serial, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_STR(serial, "synthetic_b_nv12720p_wfov2x2_30fps");
    bool in = true, out = true;
    EXPECT_EQ(k4a_device_get_sync_jack(device, &in, &out), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(!in && !out); /* standalone */
    EXPECT_EQ(k4a_device_get_sync_jack(b, &in, &out), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(!in && out); /* the master of a rig */

    /* colour controls: the published ranges, remembered values, refusals */
    bool supports_auto;
    int32_t min, max, step, def, value;
    k4a_color_control_mode_t mode;
    EXPECT_EQ(k4a_device_get_color_control_capabilities(device, K4A_COLOR_CONTROL_BRIGHTNESS, &supports_auto, &min,
                                                        &max, &step, &def, &mode),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(!supports_auto && min == 0 && max == 255 && step == 1 && def == 128 &&
                mode == K4A_COLOR_CONTROL_MODE_MANUAL);
    EXPECT_EQ(k4a_device_get_color_control_capabilities(device, K4A_COLOR_CONTROL_WHITEBALANCE, &supports_auto, &min,
                                                        &max, &step, &def, &mode),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(supports_auto && step == 10 && mode == K4A_COLOR_CONTROL_MODE_AUTO);
    EXPECT_EQ(k4a_device_get_color_control(device, K4A_COLOR_CONTROL_BRIGHTNESS, &mode, &value), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(mode == K4A_COLOR_CONTROL_MODE_MANUAL && value == 128);
    EXPECT_EQ(k4a_device_set_color_control(device, K4A_COLOR_CONTROL_BRIGHTNESS, K4A_COLOR_CONTROL_MODE_MANUAL, 200),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_get_color_control(device, K4A_COLOR_CONTROL_BRIGHTNESS, &mode, &value), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(value, 200);
    EXPECT_EQ(k4a_device_set_color_control(device, K4A_COLOR_CONTROL_BRIGHTNESS, K4A_COLOR_CONTROL_MODE_MANUAL, 256),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("value 256 of command 2 is outside 0..255"));
    EXPECT_EQ(k4a_device_set_color_control(device, K4A_COLOR_CONTROL_WHITEBALANCE, K4A_COLOR_CONTROL_MODE_MANUAL, 4505),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("in steps of 10"));
    EXPECT_EQ(k4a_device_set_color_control(device, K4A_COLOR_CONTROL_GAIN, K4A_COLOR_CONTROL_MODE_AUTO, 0),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("has no automatic mode"));
    EXPECT_EQ(k4a_device_set_color_control(device, (k4a_color_control_command_t)10, K4A_COLOR_CONTROL_MODE_MANUAL, 0),
              K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("command 10 is not a k4a_color_control_command_t"));
    EXPECT_EQ(k4a_device_set_color_control(device, K4A_COLOR_CONTROL_WHITEBALANCE, K4A_COLOR_CONTROL_MODE_MANUAL, 5000),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_device_get_color_control(device, K4A_COLOR_CONTROL_WHITEBALANCE, &mode, &value),
              K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(mode == K4A_COLOR_CONTROL_MODE_MANUAL && value == 5000);
    EXPECT_EQ(k4a_device_get_sync_jack(device, NULL, &out), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("sync_in_jack_connected is NULL"));
    k4a_set_debug_message_handler(NULL, NULL, K4A_LOG_LEVEL_OFF);
    k4a_device_close(device);
    k4a_device_close(b);
}

/* Recording from a virtual device and playing the file back gives the same captures. */
static void test_record_from_a_device(void)
{
    const json_value_t *r = recording("synthetic_a");
    const json_value_t *expected = json_member(json_member(r, "captures_forward"), "captures");
    k4a_device_configuration_t config = config_of(r);
    k4a_device_t device = open_started(DEV_A, &config);
    if (device == NULL)
        return;
    char path[512];
    snprintf(path, sizeof(path), "%s/device_test_%ld.mkv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    k4a_record_t record = NULL;
    EXPECT_EQ(k4a_record_create(path, device, config, &record), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(record), K4A_RESULT_SUCCEEDED);
    size_t n = json_count(expected);
    for (size_t i = 0; i < n; i++)
    {
        k4a_capture_t capture = NULL;
        EXPECT_EQ(k4a_device_get_capture(device, &capture, 5000), K4A_WAIT_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_record_write_capture(record, capture), K4A_RESULT_SUCCEEDED);
        k4a_capture_release(capture);
    }
    k4a_record_close(record);
    k4a_device_close(device);
    k4a_playback_t playback = NULL;
    EXPECT_EQ(k4a_playback_open(path, &playback), K4A_RESULT_SUCCEEDED);
    if (playback == NULL)
        return;
    char serial[64];
    size_t size = sizeof(serial);
    EXPECT_EQ(k4a_playback_get_tag(playback, "K4A_DEVICE_SERIAL_NUMBER", serial, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_STR(serial, tag_value(r, "K4A_DEVICE_SERIAL_NUMBER") ? tag_value(r, "K4A_DEVICE_SERIAL_NUMBER") : "?");
    k4a_calibration_t calibration;
    EXPECT_EQ(k4a_playback_get_calibration(playback, &calibration), K4A_RESULT_SUCCEEDED);
    for (size_t i = 0; i < n; i++)
    {
        k4a_capture_t capture = NULL;
        EXPECT_EQ(k4a_playback_get_next_capture(playback, &capture), K4A_STREAM_RESULT_SUCCEEDED);
        if (capture == NULL)
            break;
        check_capture(json_item(expected, i), capture, 0);
        k4a_capture_release(capture);
    }
    k4a_capture_t extra = NULL;
    EXPECT_EQ(k4a_playback_get_next_capture(playback, &extra), K4A_STREAM_RESULT_EOF);
    k4a_playback_close(playback);
    remove(path);
}

int main(void)
{
    /* the devices of the environment, read at the first count: three recordings, as fast as read */
    static char list[4096];
    snprintf(list, sizeof(list), "%s", td_path(SET, "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"));
    snprintf(list + strlen(list), sizeof(list) - strlen(list), ":%s", td_path(SET, "pyk4a_recording.mkv"));
    snprintf(list + strlen(list), sizeof(list) - strlen(list), ":%s",
             td_path(SET, "synthetic_b_nv12720p_wfov2x2_30fps.mkv"));
    setenv("K4A4J_VIRTUAL_DEVICES", list, 1);
    setenv("K4A4J_VIRTUAL_DEVICE_PACE", "max", 1);
    manifest = td_load_manifest(SET);
    if (manifest == NULL)
    {
        fprintf(stderr, "FAIL: cannot read %s (../shared beside the checkout)\n", td_path(SET, "manifest.json"));
        return 1;
    }
    uint32_t index = 0;
    EXPECT_EQ(k4a4j_internal_add_virtual_device(td_path(SET, "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), 0, &index),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(index, DEV_A_RT);
    EXPECT_EQ(k4a4j_internal_add_virtual_device(td_path(SET, "pyk4a_recording.mkv"), 0, &index), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(index, DEV_PYK4A_RT);
    RUN(test_installed_devices);
    RUN(test_captures_are_the_recordings);
    RUN(test_color_decoded_to_bgra);
    RUN(test_realtime_pacing);
    RUN(test_timeouts_and_queue);
    RUN(test_stop_and_close_wake_a_waiter);
    RUN(test_bad_configurations_are_refused);
    RUN(test_a_rig_of_recordings);
    RUN(test_imu_samples_are_the_recordings);
    RUN(test_what_a_device_tells);
    RUN(test_record_from_a_device);
    json_free(manifest);
    return check_summary();
}
