/*
 * Devices: the k4a_device_* API. libk4a of k4a4j has no USB driver (live cameras need the vendor's
 * closed depth engine), so its devices are virtual: device i replays the i-th recording of the list
 * made of the environment variable K4A4J_VIRTUAL_DEVICES (.mkv paths joined by the platform's path
 * separator, read when devices are first counted) followed by those added through the private export
 * k4a4j_internal_add_virtual_device (what the Java layer's K4a.addVirtualDevice calls). Owns that list,
 * the device handle (type tag, atomic reference count: a caller waiting in get_capture holds one, so
 * close from another thread wakes it and frees only after it left), the colour controls a device
 * remembers, and what a device tells about itself from its recording (calibration for any mode,
 * serial number, versions, sync jacks). The replay is virtual_device.c; configurations device_config.c.
 * Limits: colour controls are remembered, not applied to the images; they last while the device is open.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "device_internal.h"

#include "../common/allocator.h"
#include "../common/handle.h"
#include "../common/log.h"
#include "../common/platform.h"
#include "standin.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#define PATH_LIST_SEPARATOR ';'
#else
#define PATH_LIST_SEPARATOR ':'
#endif
#define COLOR_CONTROL_COUNT (K4A_COLOR_CONTROL_POWERLINE_FREQUENCY + 1)

/* ---- the list of virtual devices ---------------------------------------------------------------- */

typedef struct
{
    char *path;
    k4a4j_pace_t pace;
    bool open; /* a device is opened once at a time, as a camera is */
} device_entry_t;

static struct
{
    k4a4j_once_t once;
    k4a4j_mutex_t lock;
    device_entry_t *entries;
    uint32_t count, capacity;
} g_devices = { K4A4J_ONCE_INIT };

#ifndef K4A4J_STANDIN /* the stand-in has no virtual devices */
static k4a4j_pace_t pace_from_env(void)
{
    const char *value = getenv("K4A4J_VIRTUAL_DEVICE_PACE");
    return value != NULL && strcmp(value, "max") == 0 ? K4A4J_PACE_MAX : K4A4J_PACE_REALTIME;
}

/* Appends a path of length n (lock held); false when out of memory. */
static bool add_entry(const char *path, size_t n, k4a4j_pace_t pace, uint32_t *index)
{
    if (g_devices.count == g_devices.capacity)
    {
        uint32_t capacity = g_devices.capacity == 0 ? 4 : g_devices.capacity * 2;
        device_entry_t *grown = k4a4j_object_alloc(capacity * sizeof(*grown));
        if (grown == NULL)
            return false;
        if (g_devices.count > 0)
            memcpy(grown, g_devices.entries, g_devices.count * sizeof(*grown));
        k4a4j_object_free(g_devices.entries);
        g_devices.entries = grown;
        g_devices.capacity = capacity;
    }
    char *copy = k4a4j_object_alloc(n + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, path, n);
    copy[n] = '\0';
    g_devices.entries[g_devices.count] = (device_entry_t){ copy, pace, false };
    *index = g_devices.count++;
    return true;
}
#endif

static void devices_init(void)
{
    k4a4j_mutex_init(&g_devices.lock);
#ifndef K4A4J_STANDIN
    const char *list = getenv("K4A4J_VIRTUAL_DEVICES");
    k4a4j_pace_t pace = pace_from_env();
    uint32_t index;
    while (list != NULL && *list != '\0')
    {
        const char *end = strchr(list, PATH_LIST_SEPARATOR);
        size_t n = end != NULL ? (size_t)(end - list) : strlen(list);
        if (n > 0 && !add_entry(list, n, pace, &index))
            LOG_ERROR("K4A4J_VIRTUAL_DEVICES: no memory for the list of virtual devices");
        list = end != NULL ? end + 1 : list + n;
    }
#endif
}

/* The virtual devices: the stand-in for the vendor's library that the tests build reports 7 (standin.h; it
 * opens none), to prove that the Java bindings run on whichever libk4a.so.1.4 is loaded. */
uint32_t k4a_device_get_installed_count(void)
{
    k4a4j_once(&g_devices.once, devices_init);
#ifdef K4A4J_STANDIN
    return K4A4J_INSTALLED_COUNT; /* standin.h */
#else
    k4a4j_mutex_lock(&g_devices.lock);
    uint32_t count = g_devices.count;
    k4a4j_mutex_unlock(&g_devices.lock);
    return count;
#endif
}

#ifndef K4A4J_STANDIN
/* Private export, k4a4j's own (absent from the vendor's libk4a): makes the recording at path the next
 * device, paced as pace says (0 real time, 1 as fast as the caller reads); *index is its index. The
 * recording is opened once to check it. */
K4A_EXPORT k4a_result_t k4a4j_internal_add_virtual_device(const char *path, int pace, uint32_t *index);

k4a_result_t k4a4j_internal_add_virtual_device(const char *path, int pace, uint32_t *index)
{
    const char *f = "k4a4j_internal_add_virtual_device";
    k4a4j_once(&g_devices.once, devices_init);
    CHECK(path != NULL && path[0] != '\0', "%s: path is %s", f, path == NULL ? "NULL" : "empty");
    CHECK(index != NULL, "%s: index is NULL", f);
    CHECK(pace == K4A4J_PACE_REALTIME || pace == K4A4J_PACE_MAX, "%s: pace %d is neither 0 (real time) nor 1 (max)", f,
          pace);
    virtual_source_t *probe = virtual_source_open(path, (k4a4j_pace_t)pace, f);
    CHECK(probe != NULL, "%s: %s cannot be a virtual device", f, path);
    virtual_source_free(probe);
    k4a4j_mutex_lock(&g_devices.lock);
    bool added = add_entry(path, strlen(path), (k4a4j_pace_t)pace, index);
    k4a4j_mutex_unlock(&g_devices.lock);
    CHECK(added, "%s: no memory for the list of virtual devices", f);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}
#endif

/* ---- the handle ------------------------------------------------------------------------------- */

typedef struct
{
    k4a4j_handle_header_t header;
    atomic_bool closed; /* by k4a_device_close: later calls are refused (the tag is cleared at the last release) */
    uint32_t index;
    virtual_source_t *source;
    k4a4j_mutex_t controls_lock;
    k4a_color_control_mode_t control_modes[COLOR_CONTROL_COUNT];
    int32_t control_values[COLOR_CONTROL_COUNT];
} device_t;

/* The device behind a handle with a reference taken (give it back with device_release), or NULL, logged. */
static device_t *device_acquire(k4a_device_t handle, const char *function)
{
    if (!k4a4j_handle_is(handle, K4A4J_TAG_DEVICE) || atomic_load(&((device_t *)handle)->closed))
    {
        LOG_ERROR("%s: device_handle %s", function, handle == NULL ? "is NULL" : "is not a valid (open) k4a_device_t");
        return NULL;
    }
    device_t *device = (device_t *)handle;
    k4a4j_handle_ref(&device->header);
    return device;
}

static void device_release(device_t *device)
{
    if (!k4a4j_handle_unref(&device->header))
        return;
    k4a4j_handle_retire(&device->header);
    virtual_source_free(device->source);
    k4a4j_mutex_destroy(&device->controls_lock);
    k4a4j_mutex_lock(&g_devices.lock);
    g_devices.entries[device->index].open = false;
    k4a4j_mutex_unlock(&g_devices.lock);
    k4a4j_object_free(device);
}

k4a_result_t k4a_device_open(uint32_t index, k4a_device_t *device_handle)
{
    const char *f = "k4a_device_open";
    device_t *device = NULL;
    char *path = NULL;
    k4a4j_pace_t pace = K4A4J_PACE_REALTIME;
    uint32_t count = k4a_device_get_installed_count();
    CHECK(device_handle != NULL, "%s: device_handle is NULL", f);
    *device_handle = NULL;
    k4a4j_mutex_lock(&g_devices.lock);
    bool exists = index < g_devices.count, busy = exists && g_devices.entries[index].open;
    if (exists && !busy)
    {
        g_devices.entries[index].open = true;
        path = g_devices.entries[index].path;
        pace = g_devices.entries[index].pace;
    }
    k4a4j_mutex_unlock(&g_devices.lock);
    CHECK(exists,
          "%s: no device at index %u (%u installed); k4a4j's libk4a has no USB driver: its devices replay the "
          "recordings listed in K4A4J_VIRTUAL_DEVICES (or added with K4a.addVirtualDevice); load the vendor's libk4a "
          "for live cameras",
          f, index, count);
    CHECK(!busy, "%s: device %u is already open; close it first", f, index);
    device = k4a4j_object_alloc(sizeof(*device));
    CHECK(device != NULL, "%s: no memory for the device", f);
    k4a4j_handle_init(&device->header, K4A4J_TAG_DEVICE);
    atomic_init(&device->closed, false);
    k4a4j_mutex_init(&device->controls_lock);
    device->index = index;
    for (int i = 0; i < COLOR_CONTROL_COUNT; i++)
    {
        k4a4j_color_control_caps_t caps;
        k4a4j_color_control_caps((k4a_color_control_command_t)i, &caps);
        device->control_modes[i] = caps.default_mode;
        device->control_values[i] = caps.default_value;
    }
    device->source = virtual_source_open(path, pace, f);
    CHECK(device->source != NULL, "%s: device %u (%s) cannot be opened", f, index, path);
    *device_handle = (k4a_device_t)device;
    return K4A_RESULT_SUCCEEDED;
fail:
    if (device != NULL)
        device_release(device);
    else if (path != NULL)
    {
        k4a4j_mutex_lock(&g_devices.lock);
        g_devices.entries[index].open = false;
        k4a4j_mutex_unlock(&g_devices.lock);
    }
    return K4A_RESULT_FAILED;
}

void k4a_device_close(k4a_device_t device_handle)
{
    device_t *device = device_acquire(device_handle, "k4a_device_close");
    if (device == NULL)
        return;
    if (atomic_exchange(&device->closed, true))
    {
        device_release(device); /* closed twice (from two threads): the first close does the rest */
        return;
    }
    virtual_source_stop(device->source); /* wakes the callers waiting for captures */
    device_release(device);              /* ours */
    device_release(device);              /* the one k4a_device_open gave: freed here or by the last waiter */
}

/* ---- streams ---------------------------------------------------------------------------------- */

k4a_result_t k4a_device_start_cameras(k4a_device_t device_handle, const k4a_device_configuration_t *config)
{
    device_t *device = device_acquire(device_handle, "k4a_device_start_cameras");
    bool decode = false;
    if (device == NULL)
        return K4A_RESULT_FAILED;
    const k4a_record_configuration_t *r = virtual_source_record_configuration(device->source);
    bool sync_in = r->wired_sync_mode == K4A_WIRED_SYNC_MODE_SUBORDINATE;
    bool sync_out = r->wired_sync_mode == K4A_WIRED_SYNC_MODE_MASTER;
    k4a_result_t result = K4A_RESULT_FAILED;
    if (config == NULL)
        LOG_ERROR("k4a_device_start_cameras: config is NULL");
    else if (k4a4j_device_config_valid(config, sync_in, sync_out) &&
             k4a4j_device_config_matches_recording(config, r, virtual_source_path(device->source), &decode))
        result = virtual_source_start(device->source, config, decode);
    device_release(device);
    return result;
}

void k4a_device_stop_cameras(k4a_device_t device_handle)
{
    device_t *device = device_acquire(device_handle, "k4a_device_stop_cameras");
    if (device == NULL)
        return;
    virtual_source_stop(device->source);
    device_release(device);
}

/* The arguments of a wait for data: an output, and a timeout of 0 or more ms or K4A_WAIT_INFINITE. */
static bool wait_arguments_valid(const char *function, const void *out, const char *out_name, int32_t timeout_in_ms)
{
    CHECK(out != NULL, "%s: %s is NULL", function, out_name);
    CHECK(timeout_in_ms >= 0 || timeout_in_ms == K4A_WAIT_INFINITE,
          "%s: timeout_in_ms %d is negative (K4A_WAIT_INFINITE is -1)", function, (int)timeout_in_ms);
    return true;
fail:
    return false;
}

k4a_wait_result_t k4a_device_get_capture(k4a_device_t device_handle, k4a_capture_t *capture_handle,
                                         int32_t timeout_in_ms)
{
    if (capture_handle != NULL)
        *capture_handle = NULL;
    device_t *device = device_acquire(device_handle, "k4a_device_get_capture");
    if (device == NULL)
        return K4A_WAIT_RESULT_FAILED;
    k4a_wait_result_t result = K4A_WAIT_RESULT_FAILED;
    if (wait_arguments_valid("k4a_device_get_capture", capture_handle, "capture_handle", timeout_in_ms))
        result = virtual_source_get_capture(device->source, capture_handle, timeout_in_ms);
    device_release(device);
    return result;
}

k4a_result_t k4a_device_start_imu(k4a_device_t device_handle)
{
    device_t *device = device_acquire(device_handle, "k4a_device_start_imu");
    if (device == NULL)
        return K4A_RESULT_FAILED;
    k4a_result_t result = virtual_source_start_imu(device->source);
    device_release(device);
    return result;
}

void k4a_device_stop_imu(k4a_device_t device_handle)
{
    device_t *device = device_acquire(device_handle, "k4a_device_stop_imu");
    if (device == NULL)
        return;
    virtual_source_stop_imu(device->source);
    device_release(device);
}

k4a_wait_result_t k4a_device_get_imu_sample(k4a_device_t device_handle, k4a_imu_sample_t *imu_sample,
                                            int32_t timeout_in_ms)
{
    device_t *device = device_acquire(device_handle, "k4a_device_get_imu_sample");
    if (device == NULL)
        return K4A_WAIT_RESULT_FAILED;
    k4a_wait_result_t result = K4A_WAIT_RESULT_FAILED;
    if (wait_arguments_valid("k4a_device_get_imu_sample", imu_sample, "imu_sample", timeout_in_ms))
        result = virtual_source_get_imu_sample(device->source, imu_sample, timeout_in_ms);
    device_release(device);
    return result;
}

/* ---- what the device tells about itself ------------------------------------------------------ */

/* The buffer protocol of the API for a NUL-terminated text. */
static k4a_buffer_result_t copy_text(const char *text, char *out, size_t *size)
{
    size_t needed = strlen(text) + 1;
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_TOO_SMALL;
    if (out != NULL && *size >= needed)
    {
        memcpy(out, text, needed);
        result = K4A_BUFFER_RESULT_SUCCEEDED;
    }
    *size = needed;
    return result;
}

/* A tag of the recording, or NULL (the caller frees with k4a4j_object_free). */
static char *recording_tag(virtual_source_t *source, const char *name)
{
    size_t size = 0;
    if (virtual_source_tag(source, name, NULL, &size) != K4A_BUFFER_RESULT_TOO_SMALL || size == 0)
        return NULL;
    char *value = k4a4j_object_alloc(size);
    if (value != NULL && virtual_source_tag(source, name, value, &size) != K4A_BUFFER_RESULT_SUCCEEDED)
    {
        k4a4j_object_free(value);
        value = NULL;
    }
    return value;
}

k4a_buffer_result_t k4a_device_get_serialnum(k4a_device_t device_handle, char *serial_number,
                                             size_t *serial_number_size)
{
    device_t *device = device_acquire(device_handle, "k4a_device_get_serialnum");
    if (device == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    char *serial = recording_tag(device->source, "K4A_DEVICE_SERIAL_NUMBER");
    if (serial_number_size == NULL)
        LOG_ERROR("k4a_device_get_serialnum: serial_number_size is NULL");
    else if (serial != NULL)
        result = copy_text(serial, serial_number, serial_number_size);
    else
    {
        /* a recording made without a device has no serial number: the file's base name stands in */
        const char *path = virtual_source_path(device->source);
        const char *base = path;
        for (const char *p = path; *p; p++)
            if (*p == '/' || *p == '\\')
                base = p + 1;
        char name[256];
        snprintf(name, sizeof(name), "%s", base);
        char *dot = strrchr(name, '.');
        if (dot != NULL && dot != name)
            *dot = '\0';
        result = copy_text(name, serial_number, serial_number_size);
    }
    k4a4j_object_free(serial);
    device_release(device);
    return result;
}

/* "major.minor.iteration" into a k4a_version_t; zero when absent. */
static void parse_version(const char *text, k4a_version_t *version)
{
    unsigned major = 0, minor = 0, iteration = 0;
    if (text != NULL && sscanf(text, "%u.%u.%u", &major, &minor, &iteration) >= 1)
        *version = (k4a_version_t){ major, minor, iteration };
    else
        *version = (k4a_version_t){ 0, 0, 0 };
}

k4a_result_t k4a_device_get_version(k4a_device_t device_handle, k4a_hardware_version_t *version)
{
    device_t *device = device_acquire(device_handle, "k4a_device_get_version");
    if (device == NULL)
        return K4A_RESULT_FAILED;
    k4a_result_t result = K4A_RESULT_FAILED;
    if (version == NULL)
        LOG_ERROR("k4a_device_get_version: version is NULL");
    else
    {
        /* the recording keeps the colour and depth firmware versions; the rest is unknown (0) */
        char *rgb = recording_tag(device->source, "K4A_COLOR_FIRMWARE_VERSION");
        char *depth = recording_tag(device->source, "K4A_DEPTH_FIRMWARE_VERSION");
        memset(version, 0, sizeof(*version));
        parse_version(rgb, &version->rgb);
        parse_version(depth, &version->depth);
        version->firmware_build = K4A_FIRMWARE_BUILD_RELEASE;
        version->firmware_signature = K4A_FIRMWARE_SIGNATURE_UNSIGNED;
        k4a4j_object_free(rgb);
        k4a4j_object_free(depth);
        result = K4A_RESULT_SUCCEEDED;
    }
    device_release(device);
    return result;
}

k4a_buffer_result_t k4a_device_get_raw_calibration(k4a_device_t device_handle, uint8_t *data, size_t *data_size)
{
    device_t *device = device_acquire(device_handle, "k4a_device_get_raw_calibration");
    if (device == NULL)
        return K4A_BUFFER_RESULT_FAILED;
    k4a_buffer_result_t result = K4A_BUFFER_RESULT_FAILED;
    if (data_size == NULL)
        LOG_ERROR("k4a_device_get_raw_calibration: data_size is NULL");
    else
        result = virtual_source_raw_calibration(device->source, data, data_size);
    device_release(device);
    return result;
}

k4a_result_t k4a_device_get_calibration(k4a_device_t device_handle, const k4a_depth_mode_t depth_mode,
                                        const k4a_color_resolution_t color_resolution, k4a_calibration_t *calibration)
{
    const char *f = "k4a_device_get_calibration";
    uint8_t *raw = NULL;
    device_t *device = device_acquire(device_handle, f);
    if (device == NULL)
        goto fail;
    CHECK(calibration != NULL, "%s: calibration is NULL", f);
    size_t size = 0;
    CHECK(virtual_source_raw_calibration(device->source, NULL, &size) == K4A_BUFFER_RESULT_TOO_SMALL && size > 0,
          "%s: the recording behind this device (%s) has no calibration", f, virtual_source_path(device->source));
    raw = k4a4j_object_alloc(size);
    CHECK(raw != NULL, "%s: no memory for the raw calibration", f);
    CHECK(virtual_source_raw_calibration(device->source, raw, &size) == K4A_BUFFER_RESULT_SUCCEEDED,
          "%s: cannot read the raw calibration of %s", f, virtual_source_path(device->source));
    /* derived from the raw calibration for the mode asked, as on a camera (that call checks the modes) */
    CHECK(k4a_calibration_get_from_raw((char *)raw, size, depth_mode, color_resolution, calibration) ==
              K4A_RESULT_SUCCEEDED,
          "%s: no calibration for depth_mode %d and color_resolution %d", f, (int)depth_mode, (int)color_resolution);
    k4a4j_object_free(raw);
    device_release(device);
    return K4A_RESULT_SUCCEEDED;
fail:
    k4a4j_object_free(raw);
    if (device != NULL)
        device_release(device);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_get_sync_jack(k4a_device_t device_handle, bool *sync_in_jack_connected,
                                      bool *sync_out_jack_connected)
{
    device_t *device = device_acquire(device_handle, "k4a_device_get_sync_jack");
    if (device == NULL)
        return K4A_RESULT_FAILED;
    k4a_result_t result = K4A_RESULT_FAILED;
    if (sync_in_jack_connected == NULL || sync_out_jack_connected == NULL)
        LOG_ERROR("k4a_device_get_sync_jack: %s is NULL",
                  sync_in_jack_connected == NULL ? "sync_in_jack_connected" : "sync_out_jack_connected");
    else
    {
        /* the rig the recording was made in: a master drives its sync out, a subordinate listens on sync in */
        k4a_wired_sync_mode_t mode = virtual_source_record_configuration(device->source)->wired_sync_mode;
        *sync_in_jack_connected = mode == K4A_WIRED_SYNC_MODE_SUBORDINATE;
        *sync_out_jack_connected = mode == K4A_WIRED_SYNC_MODE_MASTER;
        result = K4A_RESULT_SUCCEEDED;
    }
    device_release(device);
    return result;
}

/* ---- colour controls ---------------------------------------------------------------------------- */

/* The device with a reference taken and the command's range, or NULL (logged) for a bad handle or command. */
static device_t *control_acquire(k4a_device_t handle, k4a_color_control_command_t command,
                                 k4a4j_color_control_caps_t *caps, const char *function)
{
    device_t *device = device_acquire(handle, function);
    if (device != NULL && !k4a4j_color_control_caps(command, caps))
    {
        LOG_ERROR("%s: command %d is not a k4a_color_control_command_t", function, (int)command);
        device_release(device);
        device = NULL;
    }
    return device;
}

k4a_result_t k4a_device_get_color_control_capabilities(k4a_device_t device_handle, k4a_color_control_command_t command,
                                                       bool *supports_auto, int32_t *min_value, int32_t *max_value,
                                                       int32_t *step_value, int32_t *default_value,
                                                       k4a_color_control_mode_t *default_mode)
{
    const char *f = "k4a_device_get_color_control_capabilities";
    k4a4j_color_control_caps_t caps;
    device_t *device = control_acquire(device_handle, command, &caps, f);
    if (device == NULL)
        goto fail;
    CHECK(supports_auto != NULL && min_value != NULL && max_value != NULL && step_value != NULL &&
              default_value != NULL && default_mode != NULL,
          "%s: an output argument is NULL", f);
    *supports_auto = caps.supports_auto;
    *min_value = caps.min_value;
    *max_value = caps.max_value;
    *step_value = caps.step_value;
    *default_value = caps.default_value;
    *default_mode = caps.default_mode;
    device_release(device);
    return K4A_RESULT_SUCCEEDED;
fail:
    if (device != NULL)
        device_release(device);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_get_color_control(k4a_device_t device_handle, k4a_color_control_command_t command,
                                          k4a_color_control_mode_t *mode, int32_t *value)
{
    const char *f = "k4a_device_get_color_control";
    k4a4j_color_control_caps_t caps;
    device_t *device = control_acquire(device_handle, command, &caps, f);
    if (device == NULL)
        goto fail;
    CHECK(mode != NULL && value != NULL, "%s: %s is NULL", f, mode == NULL ? "mode" : "value");
    k4a4j_mutex_lock(&device->controls_lock);
    *mode = device->control_modes[command];
    *value = device->control_values[command];
    k4a4j_mutex_unlock(&device->controls_lock);
    device_release(device);
    return K4A_RESULT_SUCCEEDED;
fail:
    if (device != NULL)
        device_release(device);
    return K4A_RESULT_FAILED;
}

k4a_result_t k4a_device_set_color_control(k4a_device_t device_handle, k4a_color_control_command_t command,
                                          k4a_color_control_mode_t mode, int32_t value)
{
    const char *f = "k4a_device_set_color_control";
    k4a4j_color_control_caps_t caps;
    device_t *device = control_acquire(device_handle, command, &caps, f);
    if (device == NULL)
        goto fail;
    CHECK(mode == K4A_COLOR_CONTROL_MODE_AUTO || mode == K4A_COLOR_CONTROL_MODE_MANUAL,
          "%s: mode %d is not a k4a_color_control_mode_t", f, (int)mode);
    CHECK(mode == K4A_COLOR_CONTROL_MODE_MANUAL || caps.supports_auto,
          "%s: command %d has no automatic mode (K4A_COLOR_CONTROL_MODE_MANUAL only)", f, (int)command);
    CHECK(mode == K4A_COLOR_CONTROL_MODE_AUTO ||
              (value >= caps.min_value && value <= caps.max_value && (value - caps.min_value) % caps.step_value == 0),
          "%s: value %d of command %d is outside %d..%d in steps of %d", f, (int)value, (int)command,
          (int)caps.min_value, (int)caps.max_value, (int)caps.step_value);
    k4a4j_mutex_lock(&device->controls_lock);
    device->control_modes[command] = mode;
    if (mode == K4A_COLOR_CONTROL_MODE_MANUAL)
        device->control_values[command] = value; /* in auto mode the value is ignored, as the API says */
    k4a4j_mutex_unlock(&device->controls_lock);
    device_release(device);
    return K4A_RESULT_SUCCEEDED;
fail:
    if (device != NULL)
        device_release(device);
    return K4A_RESULT_FAILED;
}
