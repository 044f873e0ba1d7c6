/*
 * A recording replayed as a device. Owns: loading libk4arecord at run time (beside libk4a, so that
 * libk4a does not link the reader that links it) and driving it through the public playback API only;
 * per device, one playback for what the device tells about itself (calibration, tags, configuration),
 * and while the cameras run a replay thread with its own playbacks (captures, IMU) that merges both
 * streams by device timestamp, paces them against a monotonic clock (or not, K4A4J_PACE_MAX), loops at
 * the end with timestamps that keep increasing, and fills two bounded queues that the k4a_device_get_*
 * calls drain with the API's timeout semantics. Stopping wakes every waiter.
 * Limits: images are what the recording holds (colour decoded to BGRA32 from MJPG only); the captures'
 * device timestamps are shifted by whole loops; system timestamps are the recording's.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#if !defined(_WIN32) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* dladdr */
#endif
#include "device_internal.h"

#include "../common/allocator.h"
#include "../common/log.h"
#include "../common/platform.h"

#include <k4arecord/playback.h>

#include <string.h>

#define CAPTURE_QUEUE 4 /* captures waiting for the caller (a camera's queue is as short) */
#define IMU_QUEUE 256   /* IMU samples waiting for the caller */

#if defined(_WIN32)
#define K4ARECORD_LIBRARY "k4arecord.dll"
#elif defined(__APPLE__)
#define K4ARECORD_LIBRARY "libk4arecord.1.4.dylib"
#else
#define K4ARECORD_LIBRARY "libk4arecord.so.1.4"
#endif

/* The playback functions, found in libk4arecord at run time. */
static struct
{
    k4a4j_once_t once;
    bool loaded;
    k4a_result_t (*open)(const char *, k4a_playback_t *);
    void (*close)(k4a_playback_t);
    k4a_buffer_result_t (*get_raw_calibration)(k4a_playback_t, uint8_t *, size_t *);
    k4a_result_t (*get_record_configuration)(k4a_playback_t, k4a_record_configuration_t *);
    k4a_buffer_result_t (*get_tag)(k4a_playback_t, const char *, char *, size_t *);
    k4a_result_t (*set_color_conversion)(k4a_playback_t, k4a_image_format_t);
    k4a_stream_result_t (*get_next_capture)(k4a_playback_t, k4a_capture_t *);
    k4a_stream_result_t (*get_next_imu_sample)(k4a_playback_t, k4a_imu_sample_t *);
    k4a_result_t (*seek_timestamp)(k4a_playback_t, int64_t, k4a_playback_seek_origin_t);
    uint64_t (*get_recording_length_usec)(k4a_playback_t);
} g_playback = { K4A4J_ONCE_INIT };

static void load_playback(void)
{
    k4a4j_library_t library = k4a4j_library_open_beside((const void *)&k4a_device_open, K4ARECORD_LIBRARY);
    if (library == NULL)
        return;
#define FIND(field, name) (*(void **)&g_playback.field = k4a4j_library_symbol(library, name)) != NULL
    g_playback.loaded = FIND(open, "k4a_playback_open") && FIND(close, "k4a_playback_close") &&
                        FIND(get_raw_calibration, "k4a_playback_get_raw_calibration") &&
                        FIND(get_record_configuration, "k4a_playback_get_record_configuration") &&
                        FIND(get_tag, "k4a_playback_get_tag") &&
                        FIND(set_color_conversion, "k4a_playback_set_color_conversion") &&
                        FIND(get_next_capture, "k4a_playback_get_next_capture") &&
                        FIND(get_next_imu_sample, "k4a_playback_get_next_imu_sample") &&
                        FIND(seek_timestamp, "k4a_playback_seek_timestamp") &&
                        FIND(get_recording_length_usec, "k4a_playback_get_recording_length_usec");
#undef FIND
    /* the library stays loaded for the life of the process */
}

struct virtual_source
{
    char *path;
    k4a4j_pace_t pace;
    k4a_playback_t info; /* calibration, tags, configuration (the playback serialises its calls) */
    k4a_record_configuration_t record;
    uint64_t loop_usec; /* device time from one pass of the recording to the next */

    k4a4j_mutex_t control; /* serialises start, stop and free */
    k4a4j_mutex_t lock;    /* the fields below */
    k4a4j_cond_t changed;  /* queues, state (monotonic clock for the pacing waits) */
    bool running, imu_running, failed;
    k4a_device_configuration_t config;
    bool decode_color;
    bool thread_live;
    k4a4j_thread_t thread;
    bool captures_read, imu_read; /* the caller reads this stream: with K4A4J_PACE_MAX it is never dropped */
    k4a_capture_t captures[CAPTURE_QUEUE];
    size_t capture_head, capture_count;
    k4a_imu_sample_t imu[IMU_QUEUE];
    size_t imu_head, imu_count;
};

/* ---- the source and what it tells about itself ------------------------------------------------ */

virtual_source_t *virtual_source_open(const char *path, k4a4j_pace_t pace, const char *function)
{
    virtual_source_t *s = NULL;
    k4a4j_once(&g_playback.once, load_playback);
    CHECK(g_playback.loaded, "%s: cannot load %s beside libk4a to play %s as a device", function, K4ARECORD_LIBRARY,
          path);
    s = k4a4j_object_alloc(sizeof(*s));
    CHECK(s != NULL, "%s: no memory for the device", function);
    k4a4j_mutex_init(&s->control);
    k4a4j_mutex_init(&s->lock);
    k4a4j_cond_init_monotonic(&s->changed);
    size_t n = strlen(path) + 1;
    s->path = k4a4j_object_alloc(n);
    CHECK(s->path != NULL, "%s: no memory for the device", function);
    memcpy(s->path, path, n);
    s->pace = pace;
    CHECK(g_playback.open(path, &s->info) == K4A_RESULT_SUCCEEDED, "%s: cannot open the recording %s as a device",
          function, path);
    CHECK(g_playback.get_record_configuration(s->info, &s->record) == K4A_RESULT_SUCCEEDED,
          "%s: cannot read the configuration of the recording %s", function, path);
    int fps = k4a4j_fps_value(s->record.camera_fps);
    s->loop_usec = g_playback.get_recording_length_usec(s->info) + (uint64_t)(1000000 / (fps > 0 ? fps : 30));
    return s;
fail:
    virtual_source_free(s);
    return NULL;
}

static void clear_queues(virtual_source_t *s)
{
    for (; s->capture_count > 0; s->capture_count--, s->capture_head = (s->capture_head + 1) % CAPTURE_QUEUE)
        k4a_capture_release(s->captures[s->capture_head]);
    s->capture_head = 0;
    s->imu_head = s->imu_count = 0;
}

void virtual_source_free(virtual_source_t *s)
{
    if (s == NULL)
        return;
    virtual_source_stop(s);
    if (s->info != NULL)
        g_playback.close(s->info);
    k4a4j_cond_destroy(&s->changed);
    k4a4j_mutex_destroy(&s->lock);
    k4a4j_mutex_destroy(&s->control);
    k4a4j_object_free(s->path);
    k4a4j_object_free(s);
}

const k4a_record_configuration_t *virtual_source_record_configuration(const virtual_source_t *s)
{
    return &s->record;
}

const char *virtual_source_path(const virtual_source_t *s)
{
    return s->path;
}

k4a_buffer_result_t virtual_source_raw_calibration(virtual_source_t *s, uint8_t *data, size_t *size)
{
    return g_playback.get_raw_calibration(s->info, data, size);
}

k4a_buffer_result_t virtual_source_tag(virtual_source_t *s, const char *name, char *value, size_t *size)
{
    return g_playback.get_tag(s->info, name, value, size);
}

/* ---- the replay thread ------------------------------------------------------------------------ */

/* One stream of the recording (captures or IMU samples), looping. */
typedef struct
{
    k4a_playback_t playback;
    uint64_t offset_usec; /* added to the recording's device timestamps: whole loops */
    bool any;             /* an item was read since the last loop (else the stream is empty) */
} stream_t;

/* Rewinds a stream at its end; false (logged) when it cannot or when a whole pass gave nothing. */
static bool rewind_stream(virtual_source_t *s, stream_t *stream)
{
    CHECK(stream->any, "virtual device %s: the recording has nothing to replay for the started cameras", s->path);
    CHECK(g_playback.seek_timestamp(stream->playback, 0, K4A_PLAYBACK_SEEK_BEGIN) == K4A_RESULT_SUCCEEDED,
          "virtual device %s: cannot rewind the recording", s->path);
    stream->offset_usec += s->loop_usec;
    stream->any = false;
    return true;
fail:
    return false;
}

/* The image as delivered: the same image on the first pass, later a new header over the same buffer
 * (which holds a reference to the recording's image) with the device timestamp moved on. */
static void release_source_image(void *buffer, void *context)
{
    (void)buffer;
    k4a_image_release((k4a_image_t)context);
}

static k4a_image_t shifted_image(k4a_image_t image, uint64_t offset_usec)
{
    if (offset_usec == 0)
        return image;
    k4a_image_t shifted = NULL;
    if (k4a_image_create_from_buffer(k4a_image_get_format(image), k4a_image_get_width_pixels(image),
                                     k4a_image_get_height_pixels(image), k4a_image_get_stride_bytes(image),
                                     k4a_image_get_buffer(image), k4a_image_get_size(image), release_source_image,
                                     image, &shifted) != K4A_RESULT_SUCCEEDED)
    {
        k4a_image_release(image);
        return NULL;
    }
    k4a_image_set_device_timestamp_usec(shifted, k4a_image_get_device_timestamp_usec(image) + offset_usec);
    k4a_image_set_system_timestamp_nsec(shifted, k4a_image_get_system_timestamp_nsec(image));
    k4a_image_set_exposure_usec(shifted, k4a_image_get_exposure_usec(image));
    k4a_image_set_white_balance(shifted, k4a_image_get_white_balance(image));
    k4a_image_set_iso_speed(shifted, k4a_image_get_iso_speed(image));
    return shifted; /* owns the reference to image now */
}

/* The capture as the started cameras deliver it: only their images, timestamps moved by the loops;
 * NULL when nothing of it is delivered. *timestamp: its earliest device timestamp. */
static k4a_capture_t delivered_capture(virtual_source_t *s, k4a_capture_t in, uint64_t offset, uint64_t *timestamp)
{
    const k4a_device_configuration_t *c = &s->config;
    k4a_image_t images[3] = { NULL, NULL, NULL };
    if (c->color_resolution != K4A_COLOR_RESOLUTION_OFF)
        images[0] = k4a_capture_get_color_image(in);
    if (c->depth_mode != K4A_DEPTH_MODE_OFF)
    {
        images[1] = k4a_capture_get_depth_image(in);
        images[2] = k4a_capture_get_ir_image(in);
    }
    k4a_capture_t out = NULL;
    bool any = images[0] != NULL || images[1] != NULL || images[2] != NULL;
    bool complete = !c->synchronized_images_only || (images[0] != NULL && images[1] != NULL);
    if (any && complete && k4a_capture_create(&out) == K4A_RESULT_SUCCEEDED)
    {
        k4a_capture_set_temperature_c(out, k4a_capture_get_temperature_c(in));
        *timestamp = UINT64_MAX;
        for (int i = 0; i < 3; i++)
        {
            if (images[i] == NULL)
                continue;
            uint64_t t = k4a_image_get_device_timestamp_usec(images[i]) + offset;
            *timestamp = t < *timestamp ? t : *timestamp;
            k4a_image_t image = shifted_image(images[i], offset);
            images[i] = NULL;
            if (image == NULL)
                continue;
            if (i == 0)
                k4a_capture_set_color_image(out, image);
            else if (i == 1)
                k4a_capture_set_depth_image(out, image);
            else
                k4a_capture_set_ir_image(out, image);
            k4a_image_release(image);
        }
    }
    for (int i = 0; i < 3; i++)
        if (images[i] != NULL)
            k4a_image_release(images[i]);
    return out;
}

/* The next capture to deliver; false (logged) when the recording cannot be read. */
static bool next_capture(virtual_source_t *s, stream_t *stream, k4a_capture_t *out, uint64_t *timestamp)
{
    *out = NULL;
    while (*out == NULL)
    {
        k4a_capture_t raw = NULL;
        k4a_stream_result_t r = g_playback.get_next_capture(stream->playback, &raw);
        if (r == K4A_STREAM_RESULT_EOF)
        {
            if (!rewind_stream(s, stream))
                return false;
            continue;
        }
        CHECK(r == K4A_STREAM_RESULT_SUCCEEDED, "virtual device %s: cannot read the next capture", s->path);
        *out = delivered_capture(s, raw, stream->offset_usec, timestamp);
        k4a_capture_release(raw);
        stream->any = stream->any || *out != NULL;
    }
    return true;
fail:
    return false;
}

static bool next_imu_sample(virtual_source_t *s, stream_t *stream, k4a_imu_sample_t *out)
{
    for (;;)
    {
        k4a_stream_result_t r = g_playback.get_next_imu_sample(stream->playback, out);
        if (r == K4A_STREAM_RESULT_SUCCEEDED)
            break;
        CHECK(r == K4A_STREAM_RESULT_EOF, "virtual device %s: cannot read the next IMU sample", s->path);
        if (!rewind_stream(s, stream))
            return false;
    }
    stream->any = true;
    out->acc_timestamp_usec += stream->offset_usec;
    out->gyro_timestamp_usec += stream->offset_usec;
    return true;
fail:
    return false;
}

/* Waits (lock held) until the item due at device time `timestamp` may go out: at its time after the
 * first item when pacing in real time. False when the cameras were stopped meanwhile. */
static bool wait_for_time(virtual_source_t *s, long long start_usec, uint64_t first, uint64_t timestamp)
{
    if (s->pace == K4A4J_PACE_REALTIME)
    {
        long long due = start_usec + (long long)(timestamp - first);
        while (s->running && k4a4j_monotonic_usec() < due)
            k4a4j_cond_wait_until(&s->changed, &s->lock, due);
    }
    return s->running;
}

/* Whether a full queue waits for the caller rather than dropping its oldest item. */
static bool captures_wait(const virtual_source_t *s)
{
    return s->pace == K4A4J_PACE_MAX && (s->captures_read || !s->imu_read);
}

static bool imu_waits(const virtual_source_t *s)
{
    return s->pace == K4A4J_PACE_MAX && s->imu_read;
}

/* Queues a capture (lock held; takes it over). False when stopped meanwhile. */
static bool push_capture(virtual_source_t *s, k4a_capture_t capture)
{
    while (s->running && s->capture_count == CAPTURE_QUEUE && captures_wait(s))
        k4a4j_cond_wait(&s->changed, &s->lock);
    if (!s->running)
    {
        k4a_capture_release(capture);
        return false;
    }
    if (s->capture_count == CAPTURE_QUEUE)
    {
        k4a_capture_release(s->captures[s->capture_head]); /* the caller is slow: drop the oldest */
        s->capture_head = (s->capture_head + 1) % CAPTURE_QUEUE;
        s->capture_count--;
    }
    s->captures[(s->capture_head + s->capture_count++) % CAPTURE_QUEUE] = capture;
    k4a4j_cond_broadcast(&s->changed);
    return true;
}

static bool push_imu_sample(virtual_source_t *s, const k4a_imu_sample_t *sample)
{
    if (!s->imu_running)
        return s->running; /* read to keep the streams in step, not delivered */
    while (s->running && s->imu_running && s->imu_count == IMU_QUEUE && imu_waits(s))
        k4a4j_cond_wait(&s->changed, &s->lock);
    if (!s->running || !s->imu_running)
        return s->running;
    if (s->imu_count == IMU_QUEUE)
    {
        s->imu_head = (s->imu_head + 1) % IMU_QUEUE;
        s->imu_count--;
    }
    s->imu[(s->imu_head + s->imu_count++) % IMU_QUEUE] = *sample;
    k4a4j_cond_broadcast(&s->changed);
    return true;
}

static K4A4J_THREAD_ENTRY(replay_main, arg)
{
    virtual_source_t *s = arg;
    stream_t captures = { NULL, 0, false }, imu = { NULL, 0, false };
    k4a_capture_t capture = NULL;
    uint64_t capture_time = 0;
    k4a_imu_sample_t sample;
    bool have_sample = false, ok = true;
    bool with_imu = s->record.imu_track_enabled;
    ok = g_playback.open(s->path, &captures.playback) == K4A_RESULT_SUCCEEDED &&
         (!s->decode_color ||
          g_playback.set_color_conversion(captures.playback, K4A_IMAGE_FORMAT_COLOR_BGRA32) == K4A_RESULT_SUCCEEDED) &&
         (!with_imu || g_playback.open(s->path, &imu.playback) == K4A_RESULT_SUCCEEDED);
    if (!ok)
        LOG_ERROR("virtual device %s: cannot open the recording for the replay", s->path);
    long long start_usec = k4a4j_monotonic_usec();
    uint64_t first = 0;
    bool started = false;
    while (ok)
    {
        if (capture == NULL)
            ok = next_capture(s, &captures, &capture, &capture_time);
        if (ok && with_imu && !have_sample)
            with_imu = have_sample = next_imu_sample(s, &imu, &sample); /* no IMU samples: captures only */
        if (!ok)
            break;
        bool imu_first = have_sample && sample.acc_timestamp_usec < capture_time;
        uint64_t due = imu_first ? sample.acc_timestamp_usec : capture_time;
        if (!started)
        {
            first = due;
            started = true;
        }
        k4a4j_mutex_lock(&s->lock);
        bool running = wait_for_time(s, start_usec, first, due);
        if (running && imu_first)
            running = push_imu_sample(s, &sample);
        else if (running)
        {
            running = push_capture(s, capture);
            capture = NULL;
        }
        k4a4j_mutex_unlock(&s->lock);
        have_sample = have_sample && !imu_first;
        if (!running)
            break;
    }
    if (capture != NULL)
        k4a_capture_release(capture);
    if (captures.playback != NULL)
        g_playback.close(captures.playback);
    if (imu.playback != NULL)
        g_playback.close(imu.playback);
    if (!ok)
    {
        k4a4j_mutex_lock(&s->lock);
        s->failed = true;
        k4a4j_cond_broadcast(&s->changed);
        k4a4j_mutex_unlock(&s->lock);
    }
    return K4A4J_THREAD_RETURN;
}

/* ---- start, stop, and the callers' side of the queues ----------------------------------------- */

k4a_result_t virtual_source_start(virtual_source_t *s, const k4a_device_configuration_t *config, bool decode_color)
{
    k4a4j_mutex_lock(&s->control);
    k4a4j_mutex_lock(&s->lock);
    bool was_running = s->running;
    if (!was_running)
    {
        s->config = *config;
        s->decode_color = decode_color;
        s->running = true;
        s->imu_running = s->failed = s->captures_read = s->imu_read = false;
    }
    k4a4j_mutex_unlock(&s->lock);
    bool started = !was_running && k4a4j_thread_create(&s->thread, replay_main, s);
    if (!was_running && !started)
    {
        k4a4j_mutex_lock(&s->lock);
        s->running = false;
        k4a4j_mutex_unlock(&s->lock);
    }
    s->thread_live = s->thread_live || started;
    k4a4j_mutex_unlock(&s->control);
    CHECK(!was_running,
          "k4a_device_start_cameras: the cameras of this device (%s) are already started; stop them first", s->path);
    CHECK(started, "k4a_device_start_cameras: cannot start the replay thread of %s", s->path);
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

void virtual_source_stop(virtual_source_t *s)
{
    k4a4j_mutex_lock(&s->control);
    k4a4j_mutex_lock(&s->lock);
    s->running = s->imu_running = false;
    k4a4j_cond_broadcast(&s->changed);
    k4a4j_mutex_unlock(&s->lock);
    if (s->thread_live)
        k4a4j_thread_join(s->thread);
    s->thread_live = false;
    k4a4j_mutex_lock(&s->lock);
    clear_queues(s);
    k4a4j_mutex_unlock(&s->lock);
    k4a4j_mutex_unlock(&s->control);
}

k4a_result_t virtual_source_start_imu(virtual_source_t *s)
{
    k4a4j_mutex_lock(&s->lock);
    bool running = s->running, has_imu = s->record.imu_track_enabled, was = s->imu_running;
    if (running && has_imu && !was)
    {
        s->imu_running = true;
        s->imu_head = s->imu_count = 0;
    }
    k4a4j_mutex_unlock(&s->lock);
    CHECK(running, "k4a_device_start_imu: the cameras of this device are not started (the IMU needs them running)");
    CHECK(has_imu, "k4a_device_start_imu: the recording behind this device (%s) has no IMU track", s->path);
    CHECK(!was, "k4a_device_start_imu: the IMU of this device is already started");
    return K4A_RESULT_SUCCEEDED;
fail:
    return K4A_RESULT_FAILED;
}

void virtual_source_stop_imu(virtual_source_t *s)
{
    k4a4j_mutex_lock(&s->lock);
    s->imu_running = false;
    s->imu_head = s->imu_count = 0;
    k4a4j_cond_broadcast(&s->changed);
    k4a4j_mutex_unlock(&s->lock);
}

/* Waits (lock held) for *count to be non-zero while *running; the API's timeout semantics. */
static k4a_wait_result_t wait_for_item(virtual_source_t *s, const size_t *count, const bool *running,
                                       int32_t timeout_in_ms)
{
    long long deadline = timeout_in_ms == K4A_WAIT_INFINITE ? 0 : k4a4j_monotonic_usec() + 1000LL * timeout_in_ms;
    for (;;)
    {
        if (!*running || s->failed)
            return K4A_WAIT_RESULT_FAILED;
        if (*count > 0)
            return K4A_WAIT_RESULT_SUCCEEDED;
        if (timeout_in_ms == K4A_WAIT_INFINITE)
            k4a4j_cond_wait(&s->changed, &s->lock);
        else if (k4a4j_monotonic_usec() >= deadline)
            return K4A_WAIT_RESULT_TIMEOUT;
        else
            k4a4j_cond_wait_until(&s->changed, &s->lock, deadline);
    }
}

k4a_wait_result_t virtual_source_get_capture(virtual_source_t *s, k4a_capture_t *capture, int32_t timeout_in_ms)
{
    k4a4j_mutex_lock(&s->lock);
    if (!s->captures_read)
    {
        s->captures_read = true;
        k4a4j_cond_broadcast(&s->changed);
    }
    k4a_wait_result_t r = wait_for_item(s, &s->capture_count, &s->running, timeout_in_ms);
    if (r == K4A_WAIT_RESULT_SUCCEEDED)
    {
        *capture = s->captures[s->capture_head];
        s->capture_head = (s->capture_head + 1) % CAPTURE_QUEUE;
        s->capture_count--;
        k4a4j_cond_broadcast(&s->changed);
    }
    bool running = s->running, failed = s->failed;
    k4a4j_mutex_unlock(&s->lock);
    if (r == K4A_WAIT_RESULT_FAILED)
        LOG_ERROR("k4a_device_get_capture: %s", failed ? "the replay of the recording failed"
                                                : running
                                                    ? "the device failed"
                                                    : "the cameras of this device are not started (or were stopped)");
    return r;
}

k4a_wait_result_t virtual_source_get_imu_sample(virtual_source_t *s, k4a_imu_sample_t *sample, int32_t timeout_in_ms)
{
    k4a4j_mutex_lock(&s->lock);
    if (!s->imu_read)
    {
        s->imu_read = true;
        k4a4j_cond_broadcast(&s->changed);
    }
    k4a_wait_result_t r = wait_for_item(s, &s->imu_count, &s->imu_running, timeout_in_ms);
    if (r == K4A_WAIT_RESULT_SUCCEEDED)
    {
        *sample = s->imu[s->imu_head];
        s->imu_head = (s->imu_head + 1) % IMU_QUEUE;
        s->imu_count--;
        k4a4j_cond_broadcast(&s->changed);
    }
    bool failed = s->failed;
    k4a4j_mutex_unlock(&s->lock);
    if (r == K4A_WAIT_RESULT_FAILED)
        LOG_ERROR("k4a_device_get_imu_sample: %s", failed ? "the replay of the recording failed"
                                                          : "the IMU of this device is not started (or was stopped)");
    return r;
}
