/*
 * Tests of the record API (libk4arecord): the order of calls and bad input, every record API check
 * of the reference vectors, the file layout (read back with a strict reader of our own, mkvinfo and
 * ffprobe), re-writing the reference recordings and comparing frame by frame, the reorder window,
 * durability after a flush when the process is killed, and recovery from failing writes.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#include "check.h"
#include "record_jpeg.h"
#include "record_mkv.h"
#include "testdata.h"

#include <k4arecord/playback.h>
#include <k4arecord/record.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mount.h>
#endif

/* ---- scratch files -------------------------------------------------------------------------------- */

static char scratch_dir[256];

static const char *scratch(const char *name)
{
    static char paths[8][512];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, 512, "%s/%s", scratch_dir, name);
    return path;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Runs a shell command; its output (stdout and stderr) into out. Returns the exit status, -1 when
 * it could not run. */
static int run(char *out, size_t capacity, const char *format, ...)
{
    char command[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(command, sizeof(command), format, args);
    va_end(args);
    FILE *p = popen(command, "r");
    if (p == NULL)
        return -1;
    size_t used = 0;
    out[0] = '\0';
    char line[1024];
    while (fgets(line, sizeof(line), p) != NULL)
    {
        size_t n = strlen(line);
        if (used + n + 1 < capacity)
        {
            memcpy(out + used, line, n + 1);
            used += n;
        }
    }
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool have_tool(const char *name)
{
    char out[256];
    return run(out, sizeof(out), "command -v %s >/dev/null 2>&1 && echo yes", name) == 0 && strstr(out, "yes") != NULL;
}

/* ---- synthetic content ------------------------------------------------------------------------------ */

static k4a_device_configuration_t config_of(k4a_image_format_t format, k4a_color_resolution_t resolution,
                                            k4a_depth_mode_t depth, k4a_fps_t fps)
{
    k4a_device_configuration_t c = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    c.color_format = format;
    c.color_resolution = resolution;
    c.depth_mode = depth;
    c.camera_fps = fps;
    return c;
}

static void free_buffer(void *buffer, void *context)
{
    (void)context;
    free(buffer);
}

static void color_dims(k4a_color_resolution_t r, int *w, int *h)
{
    static const int sizes[][2] = { { 0, 0 },       { 1280, 720 },  { 1920, 1080 }, { 2560, 1440 },
                                    { 2048, 1536 }, { 3840, 2160 }, { 4096, 3072 } };
    *w = sizes[r][0];
    *h = sizes[r][1];
}

static void depth_dims(k4a_depth_mode_t m, int *w, int *h)
{
    static const int sizes[][2] = {
        { 0, 0 }, { 320, 288 }, { 640, 576 }, { 512, 512 }, { 1024, 1024 }, { 1024, 1024 }
    };
    *w = sizes[m][0];
    *h = sizes[m][1];
}

static k4a_image_t image_from_bytes(k4a_image_format_t format, int w, int h, int stride, const uint8_t *bytes,
                                    size_t size, uint64_t ts)
{
    uint8_t *copy = malloc(size);
    memcpy(copy, bytes, size);
    k4a_image_t image = NULL;
    if (k4a_image_create_from_buffer(format, w, h, stride, copy, size, free_buffer, NULL, &image) !=
        K4A_RESULT_SUCCEEDED)
    {
        free(copy);
        return NULL;
    }
    k4a_image_set_device_timestamp_usec(image, ts);
    return image;
}

/* The colour image of frame n (MJPG: a synthetic JPEG of about 20 KB). */
static k4a_image_t make_color(const k4a_device_configuration_t *c, int n, uint64_t ts)
{
    int w, h;
    color_dims(c->color_resolution, &w, &h);
    if (c->color_format == K4A_IMAGE_FORMAT_COLOR_MJPG)
    {
        size_t capacity = 1 << 20;
        uint8_t *jpeg = malloc(capacity);
        size_t size = record_jpeg_make(jpeg, capacity, w, h, (uint32_t)n, 20000 + (size_t)n * 37);
        k4a_image_t image = image_from_bytes(c->color_format, w, h, 0, jpeg, size, ts);
        free(jpeg);
        return image;
    }
    k4a_image_t image = NULL;
    if (k4a_image_create(c->color_format, w, h, 0, &image) != K4A_RESULT_SUCCEEDED)
        return NULL;
    uint8_t *b = k4a_image_get_buffer(image);
    size_t size = k4a_image_get_size(image);
    for (size_t i = 0; i < size; i++)
        b[i] = (uint8_t)(i * 13 + (size_t)n * 7);
    k4a_image_set_device_timestamp_usec(image, ts);
    return image;
}

static uint16_t pixel16(int x, int y, int n, int salt)
{
    return (uint16_t)(x * 3 + y * 517 + n * 1031 + salt * 7919);
}

static k4a_image_t make_16(k4a_image_format_t format, int w, int h, int n, uint64_t ts)
{
    k4a_image_t image = NULL;
    if (k4a_image_create(format, w, h, w * 2, &image) != K4A_RESULT_SUCCEEDED)
        return NULL;
    uint16_t *p = (uint16_t *)(void *)k4a_image_get_buffer(image);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            p[y * w + x] = pixel16(x, y, n, format == K4A_IMAGE_FORMAT_IR16);
    k4a_image_set_device_timestamp_usec(image, ts);
    return image;
}

enum
{
    HAS_COLOR = 1,
    HAS_DEPTH = 2,
    HAS_IR = 4,
    HAS_ALL = 7
};

static k4a_capture_t make_capture(const k4a_device_configuration_t *c, int n, uint64_t ts, int which)
{
    k4a_capture_t capture = NULL;
    k4a_capture_create(&capture);
    int w, h;
    depth_dims(c->depth_mode, &w, &h);
    if ((which & HAS_COLOR) && c->color_resolution != K4A_COLOR_RESOLUTION_OFF)
    {
        k4a_image_t image = make_color(c, n, ts);
        k4a_capture_set_color_image(capture, image);
        k4a_image_release(image);
    }
    if ((which & HAS_DEPTH) && c->depth_mode != K4A_DEPTH_MODE_OFF && c->depth_mode != K4A_DEPTH_MODE_PASSIVE_IR)
    {
        k4a_image_t image = make_16(K4A_IMAGE_FORMAT_DEPTH16, w, h, n, ts);
        k4a_capture_set_depth_image(capture, image);
        k4a_image_release(image);
    }
    if ((which & HAS_IR) && c->depth_mode != K4A_DEPTH_MODE_OFF)
    {
        k4a_image_t image = make_16(K4A_IMAGE_FORMAT_IR16, w, h, n, ts);
        k4a_capture_set_ir_image(capture, image);
        k4a_image_release(image);
    }
    return capture;
}

static k4a_imu_sample_t make_imu(int n, uint64_t ts)
{
    k4a_imu_sample_t s;
    memset(&s, 0, sizeof(s));
    s.temperature = 30.0f + (float)n / 100;
    s.acc_timestamp_usec = ts;
    s.gyro_timestamp_usec = ts + 125;
    s.acc_sample.xyz.x = (float)n * 0.5f;
    s.acc_sample.xyz.y = -1.25f;
    s.acc_sample.xyz.z = -9.8125f;
    s.gyro_sample.xyz.x = 0.001f * (float)n;
    s.gyro_sample.xyz.y = 0.0f;
    s.gyro_sample.xyz.z = -0.5f;
    return s;
}

/* The 40 bytes the file must hold for a sample. */
static void imu_bytes(const k4a_imu_sample_t *s, uint8_t out[40])
{
    uint64_t t = s->acc_timestamp_usec * 1000;
    memcpy(out, &t, 8);
    memcpy(out + 8, s->acc_sample.v, 12);
    t = s->gyro_timestamp_usec * 1000;
    memcpy(out + 20, &t, 8);
    memcpy(out + 28, s->gyro_sample.v, 12);
}

/* True when the file frame is the image (16-bit pixels big-endian in the file). */
static bool frame_is_image(const uint8_t *frame, size_t size, k4a_image_t image)
{
    k4a_image_format_t format = k4a_image_get_format(image);
    const uint8_t *b = k4a_image_get_buffer(image);
    size_t n = k4a_image_get_size(image);
    if (size != n)
        return false;
    if (format == K4A_IMAGE_FORMAT_DEPTH16 || format == K4A_IMAGE_FORMAT_IR16)
    {
        for (size_t i = 0; i < n; i += 2)
            if (frame[i] != b[i + 1] || frame[i + 1] != b[i])
                return false;
        return true;
    }
    return memcmp(frame, b, n) == 0;
}

static k4a_record_t create_recording(const char *path, k4a_device_configuration_t c)
{
    k4a_record_t r = NULL;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_SUCCEEDED);
    return r;
}

/* td_enum, plus the enumerations only the playback manifest uses. */
static int enum_value(const json_value_t *value)
{
    static const struct
    {
        const char *name;
        int value;
    } names[] = {
        { "K4A_FRAMES_PER_SECOND_5", K4A_FRAMES_PER_SECOND_5 },
        { "K4A_FRAMES_PER_SECOND_15", K4A_FRAMES_PER_SECOND_15 },
        { "K4A_FRAMES_PER_SECOND_30", K4A_FRAMES_PER_SECOND_30 },
        { "K4A_WIRED_SYNC_MODE_STANDALONE", K4A_WIRED_SYNC_MODE_STANDALONE },
        { "K4A_WIRED_SYNC_MODE_MASTER", K4A_WIRED_SYNC_MODE_MASTER },
        { "K4A_WIRED_SYNC_MODE_SUBORDINATE", K4A_WIRED_SYNC_MODE_SUBORDINATE },
    };
    const char *s = json_string_or(value, "");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].value;
    return td_enum(value);
}

/* ---- checks with external tools -------------------------------------------------------------------------- */

/* mkvinfo reads the file without errors or warnings. */
static void expect_mkvinfo_clean(const char *path)
{
    static bool warned;
    if (!have_tool("mkvinfo"))
    {
        if (!warned)
            fprintf(stderr, "  (mkvinfo not installed: skipping its checks)\n");
        warned = true;
        return;
    }
    static char out[1 << 20];
    int status = run(out, sizeof(out), "mkvinfo -v '%s' 2>&1", path);
    EXPECT_EQ(status, 0);
    bool clean = strstr(out, "rror") == NULL && strstr(out, "arning") == NULL;
    EXPECT_TRUE(clean);
    if (status != 0 || !clean)
        fprintf(stderr, "  mkvinfo %s said:\n%.2000s\n", path, out);
}

typedef struct
{
    char codec_name[32];
    char codec_type[16];
    int width, height;
    long frames;
} probe_stream_t;

/* ffprobe's view of the streams; -1 when ffprobe is not installed. Lines other than the known
 * complaints about the recording's custom codecs (S_K4A/IMU, attachments) count as problems. */
static int ffprobe_streams(const char *path, probe_stream_t *streams, int capacity, int *problems)
{
    static bool warned;
    if (!have_tool("ffprobe"))
    {
        if (!warned)
            fprintf(stderr, "  (ffprobe not installed: skipping its checks)\n");
        warned = true;
        return -1;
    }
    static char out[1 << 18];
    int status = run(out, sizeof(out),
                     "ffprobe -v warning -count_frames -show_entries "
                     "stream=index,codec_type,codec_name,width,height,nb_read_frames -of compact=p=0 '%s' 2>&1",
                     path);
    *problems = status != 0;
    int count = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
    {
        if (strncmp(line, "index=", 6) == 0)
        {
            if (count == capacity)
                continue;
            probe_stream_t *s = &streams[count++];
            memset(s, 0, sizeof(*s));
            s->frames = -1;
            char *fields = NULL;
            for (char *f = strtok_r(line, "|", &fields); f != NULL; f = strtok_r(NULL, "|", &fields))
            {
                if (strncmp(f, "codec_name=", 11) == 0)
                    snprintf(s->codec_name, sizeof(s->codec_name), "%s", f + 11);
                else if (strncmp(f, "codec_type=", 11) == 0)
                    snprintf(s->codec_type, sizeof(s->codec_type), "%s", f + 11);
                else if (strncmp(f, "width=", 6) == 0)
                    s->width = atoi(f + 6);
                else if (strncmp(f, "height=", 7) == 0)
                    s->height = atoi(f + 7);
                else if (strncmp(f, "nb_read_frames=", 15) == 0 && f[15] >= '0' && f[15] <= '9')
                    s->frames = atol(f + 15);
            }
        }
        else if (strstr(line, "unknown codec") == NULL && strstr(line, "analyzeduration") == NULL &&
                 strstr(line, "Unsupported codec with id 0") == NULL)
        {
            fprintf(stderr, "  ffprobe %s: %s\n", path, line);
            (*problems)++;
        }
    }
    return count;
}

/* ---- the reference's record API checks ------------------------------------------------------------------------ */

/* Every entry of record_api_checks, in order, on one recording from the fifth entry on. Results
 * must match, except the tag names the reference accepts and drops, which we refuse. */
static void test_record_api_checks(void)
{
    json_document_t *manifest = td_load_manifest("playback");
    EXPECT_TRUE(manifest != NULL);
    if (manifest == NULL)
        return;
    const json_value_t *checks = json_member(json_root(manifest), "record_api_checks");
    EXPECT_EQ(json_count(checks), 19);

    const char *path = scratch("api_checks.mkv");
    k4a_record_t r = NULL;
    k4a_device_configuration_t c;
    k4a_capture_t capture = NULL;
    k4a_image_t image = NULL;
    k4a_imu_sample_t sample = make_imu(0, 1000);
    for (size_t i = 0; i < json_count(checks); i++)
    {
        const json_value_t *check = json_item(checks, i);
        const char *call = json_string_or(json_member(check, "call"), "");
        const char *detail = json_string_or(json_member(check, "detail"), "");
        int expected = td_enum(json_member(check, "result"));
        bool refused_tag = false;
        k4a_result_t result = (k4a_result_t)-1;
        log_capture_start();
        switch (i)
        {
        case 0:
            c = config_of(K4A_IMAGE_FORMAT_DEPTH16, K4A_COLOR_RESOLUTION_720P, K4A_DEPTH_MODE_OFF,
                          K4A_FRAMES_PER_SECOND_30);
            result = k4a_record_create(path, NULL, c, &r);
            EXPECT_TRUE(log_capture_said("color_format"));
            break;
        case 1:
            c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P, (k4a_depth_mode_t)9,
                          K4A_FRAMES_PER_SECOND_30);
            result = k4a_record_create(path, NULL, c, &r);
            EXPECT_TRUE(log_capture_said("depth_mode"));
            break;
        case 2:
            c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, (k4a_color_resolution_t)8, K4A_DEPTH_MODE_OFF,
                          K4A_FRAMES_PER_SECOND_30);
            result = k4a_record_create(path, NULL, c, &r);
            EXPECT_TRUE(log_capture_said("color_resolution"));
            break;
        case 3:
            c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P, K4A_DEPTH_MODE_NFOV_2X2BINNED,
                          K4A_FRAMES_PER_SECOND_30);
            result = k4a_record_create(scratch("no_such_directory/x.mkv"), NULL, c, &r);
            EXPECT_TRUE(log_capture_said("No such file or directory"));
            break;
        case 4:
            c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P, K4A_DEPTH_MODE_NFOV_2X2BINNED,
                          K4A_FRAMES_PER_SECOND_30);
            result = k4a_record_create(path, NULL, c, &r);
            break;
        case 5:
            result = k4a_record_write_imu_sample(r, sample);
            EXPECT_TRUE(log_capture_said("no IMU track"));
            break;
        case 6:
            capture = make_capture(&c, 0, 1000, HAS_DEPTH);
            result = k4a_record_write_capture(r, capture);
            EXPECT_TRUE(log_capture_said("k4a_record_write_header first"));
            break;
        case 7:
            result = k4a_record_add_tag(r, "VALID_NAME-1", "x");
            refused_tag = true;
            EXPECT_TRUE(log_capture_said("is not valid"));
            break;
        case 8:
            result = k4a_record_add_tag(r, "has space", "x");
            refused_tag = true;
            EXPECT_TRUE(log_capture_said("is not valid"));
            break;
        case 9:
            result = k4a_record_add_attachment(r, "a.bin", NULL, 10);
            EXPECT_TRUE(log_capture_said("NULL"));
            break;
        case 10:
            result = k4a_record_flush(r);
            EXPECT_TRUE(log_capture_said("k4a_record_write_header first"));
            break;
        case 11: result = k4a_record_write_header(r); break;
        case 12:
            result = k4a_record_write_header(r);
            EXPECT_TRUE(log_capture_said("already written"));
            break;
        case 13:
            result = k4a_record_add_imu_track(r);
            EXPECT_TRUE(log_capture_said("before k4a_record_write_header"));
            break;
        case 14:
            result = k4a_record_add_attachment(r, "late.bin", (const uint8_t *)"x", 1);
            EXPECT_TRUE(log_capture_said("before k4a_record_write_header"));
            break;
        case 15:
            EXPECT_TRUE(strstr(detail, "320x288") != NULL);
            result = k4a_record_write_capture(r, capture);
            break;
        case 16:
            k4a_capture_release(capture);
            k4a_capture_create(&capture);
            k4a_image_create(K4A_IMAGE_FORMAT_COLOR_BGRA32, 1280, 720, 0, &image);
            k4a_image_set_device_timestamp_usec(image, 2000);
            k4a_capture_set_color_image(capture, image);
            k4a_image_release(image);
            result = k4a_record_write_capture(r, capture);
            EXPECT_TRUE(log_capture_said("COLOR_BGRA32"));
            break;
        case 17:
            k4a_capture_release(capture);
            k4a_capture_create(&capture);
            result = k4a_record_write_capture(r, capture);
            break;
        case 18: result = k4a_record_flush(r); break;
        default: break;
        }
        static const char *calls[19] = {
            "k4a_record_create",         "k4a_record_create",        "k4a_record_create",
            "k4a_record_create",         "k4a_record_create",        "k4a_record_write_imu_sample",
            "k4a_record_write_capture",  "k4a_record_add_tag",       "k4a_record_add_tag",
            "k4a_record_add_attachment", "k4a_record_flush",         "k4a_record_write_header",
            "k4a_record_write_header",   "k4a_record_add_imu_track", "k4a_record_add_attachment",
            "k4a_record_write_capture",  "k4a_record_write_capture", "k4a_record_write_capture",
            "k4a_record_flush"
        };
        EXPECT_STR(call, i < 19 ? calls[i] : "");
        if (refused_tag)
        {
            EXPECT_EQ(expected, K4A_RESULT_SUCCEEDED); /* the reference accepts and drops the tag */
            EXPECT_EQ(result, K4A_RESULT_FAILED);
        }
        else
        {
            EXPECT_EQ(result, expected);
            if ((int)result != expected)
                fprintf(stderr, "  record_api_checks[%zu] %s (%s)\n", i, call, detail);
        }
    }
    if (capture != NULL)
        k4a_capture_release(capture);
    k4a_record_close(r);

    /* The flushed file holds the one depth frame. */
    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    const record_mkv_track_t *depth = record_mkv_track_by_name(&mkv, "DEPTH");
    EXPECT_TRUE(depth != NULL && record_mkv_frame_count(&mkv, depth->number) == 1);
    const char *start = record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS");
    EXPECT_STR(start != NULL ? start : "", "1000000");
    record_mkv_free(&mkv);
    json_free(manifest);
}

/* ---- order of calls and bad input ------------------------------------------------------------------------------ */

static void test_create_rejects_bad_arguments(void)
{
    k4a_record_t r = NULL;
    k4a_device_configuration_t good = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                                K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_FRAMES_PER_SECOND_30);
    const char *path = scratch("bad_create.mkv");
    log_capture_start();
    EXPECT_EQ(k4a_record_create(path, NULL, good, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("recording_handle is NULL"));
    EXPECT_EQ(k4a_record_create(NULL, NULL, good, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("path is NULL"));
    EXPECT_EQ(k4a_record_create("", NULL, good, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("path is empty"));
    EXPECT_TRUE(r == NULL);

    k4a_device_configuration_t c = good;
    c.camera_fps = (k4a_fps_t)3;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("camera_fps"));
    c = good;
    c.wired_sync_mode = (k4a_wired_sync_mode_t)-1;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("wired_sync_mode"));
    c = good;
    c.color_format = K4A_IMAGE_FORMAT_IR16;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("IR16"));
    c.color_format = (k4a_image_format_t)42;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("color_format"));
    c.depth_mode = (k4a_depth_mode_t)-3;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(r == NULL);

    /* With the colour camera off its format does not matter. */
    c = good;
    c.color_resolution = K4A_COLOR_RESOLUTION_OFF;
    c.color_format = K4A_IMAGE_FORMAT_DEPTH16;
    EXPECT_EQ(k4a_record_create(path, NULL, c, &r), K4A_RESULT_SUCCEEDED);
    k4a_record_close(r);
    r = NULL;

    /* A device whose calibration cannot be read (k4a4j's libk4a opens no devices): refused before
     * any file is made. */
    int not_a_device[8] = { 0 };
    const char *device_path = scratch("device.mkv");
    EXPECT_EQ(k4a_record_create(device_path, (k4a_device_t)(void *)not_a_device, good, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_device_get_raw_calibration failed"));
    EXPECT_EQ(file_size(device_path), -1);

    /* A path that is a directory cannot be a recording. */
    EXPECT_EQ(k4a_record_create(scratch_dir, NULL, good, &r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("cannot create the file"));

    /* Closing or using stale and NULL handles is refused with a message, not a crash. */
    k4a_record_close(NULL);
    EXPECT_TRUE(log_capture_said("recording_handle is NULL"));
    int not_a_handle[8] = { 0 };
    EXPECT_EQ(k4a_record_write_header((k4a_record_t)(void *)not_a_handle), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not a valid k4a_record_t"));
    EXPECT_EQ(k4a_record_add_tag(NULL, "A", "b"), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_imu_track(NULL), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_attachment(NULL, "a", (const uint8_t *)"x", 1), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_custom_video_track(NULL, "A", "V_X", NULL, 0, NULL), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(NULL, "A", "S_X", NULL, 0, NULL), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_write_capture(NULL, NULL), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_write_imu_sample(NULL, make_imu(0, 0)), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_write_custom_track_data(NULL, "A", 0, (uint8_t *)"x", 1), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_flush(NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("recording_handle is NULL"));
}

static void test_order_of_calls(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_NV12, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_FRAMES_PER_SECOND_30);
    k4a_record_t r = create_recording(scratch("order.mkv"), c);
    k4a_record_video_settings_t video = { 64, 48, 30 };
    k4a_record_subtitle_settings_t subtitle = { false };
    uint8_t data[16] = { 1, 2, 3 };
    log_capture_start();

    /* before the header: no data, no flush */
    k4a_capture_t capture = make_capture(&c, 0, 10000, HAS_ALL);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_record_write_header first"));
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(r, "NOTES", "S_TEXT/UTF8", NULL, 0, &subtitle),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 10000, data, 3), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_record_write_header first"));
    EXPECT_EQ(k4a_record_flush(r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("k4a_record_write_header first"));
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("already added"));

    /* custom tracks: names, codecs, settings */
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "COLOR", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("built-in track"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "IMU", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "NOTES", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("already has a track named NOTES"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "lower", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("is not valid"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_custom_video_track(r, NULL, "V_X", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("track_name is NULL"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID", NULL, NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("codec_id is NULL"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID", "", NULL, 0, &video), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID", "V_X", NULL, 4, &video), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("codec_context is NULL"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID", "V_X", NULL, 0, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("track_settings is NULL"));
    k4a_record_video_settings_t empty = { 0, 48, 30 };
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID", "V_X", NULL, 0, &empty), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("must be positive"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "VID-1", "V_X", data, sizeof(data), &video), K4A_RESULT_SUCCEEDED);

    /* tags and attachments */
    EXPECT_EQ(k4a_record_add_tag(r, "lower_case", "x"), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("is not valid"));
    EXPECT_EQ(k4a_record_add_tag(r, "", "x"), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_tag(r, NULL, "x"), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("name is NULL"));
    EXPECT_EQ(k4a_record_add_tag(r, "A", NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("value of tag A is NULL"));
    EXPECT_EQ(k4a_record_add_tag(r, "BAD_UTF8", "\xC3\x28"), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("UTF-8"));
    EXPECT_EQ(k4a_record_add_tag(r, "K4A_START_OFFSET_NS", "5"), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_tag(r, "K4A_COLOR_MODE", "BGRA_720P"), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("already written by the recorder"));
    EXPECT_EQ(k4a_record_add_tag(r, "K4A_DEVICE_SERIAL_NUMBER", "123"), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_tag(r, "TWICE", "1"), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_tag(r, "TWICE", "2"), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_attachment(r, "a.bin", data, sizeof(data)), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_attachment(r, "a.bin", data, sizeof(data)), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("already has an attachment named a.bin"));
    EXPECT_EQ(k4a_record_add_attachment(r, "", data, sizeof(data)), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_attachment(r, NULL, data, sizeof(data)), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_attachment(r, "empty.bin", data, 0), K4A_RESULT_SUCCEEDED);

    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);

    /* after the header: no more tracks, tags, attachments, header */
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_add_tag(r, "LATE", "x"), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("before k4a_record_write_header"));
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(r, "LATE", "S_X", NULL, 0, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("before k4a_record_write_header"));
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "LATE", "V_X", NULL, 0, &video), K4A_RESULT_FAILED);

    /* data */
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_capture(r, NULL), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("capture_handle is NULL"));
    int not_a_capture[8] = { 0 };
    EXPECT_EQ(k4a_record_write_capture(r, (k4a_capture_t)(void *)not_a_capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("not a valid k4a_capture_t"));
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 10000, data, 3), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "VID-1", 10000, data, sizeof(data)), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "COLOR", 20000, data, 3), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("built-in track"));
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "IMU", 20000, data, 3), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOPE", 20000, data, 3), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no track named NOPE"));
    EXPECT_EQ(k4a_record_write_custom_track_data(r, NULL, 20000, data, 3), K4A_RESULT_FAILED);
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 20000, NULL, 3), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("custom_data is NULL"));
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 20000, data, 0), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("custom_data_size is 0"));

    /* timestamps must not go back within a track */
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 9999, data, 3), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("must not go back"));
    EXPECT_EQ(k4a_record_write_custom_track_data(r, "NOTES", 10000, data, 3), K4A_RESULT_SUCCEEDED); /* equal is fine */
    k4a_capture_t earlier = make_capture(&c, 1, 5000, HAS_DEPTH);
    EXPECT_EQ(k4a_record_write_capture(r, earlier), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("must not go back"));
    k4a_capture_release(earlier);
    EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(0, 3000)), K4A_RESULT_SUCCEEDED); /* another track */
    EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(1, 2000)), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("track IMU"));
    k4a_imu_sample_t huge = make_imu(2, UINT64_MAX / 100);
    EXPECT_EQ(k4a_record_write_imu_sample(r, huge), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("too large"));

    EXPECT_EQ(k4a_record_flush(r), K4A_RESULT_SUCCEEDED);
    k4a_capture_release(capture);
    k4a_record_close(r);

    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, scratch("order.mkv")));
    EXPECT_EQ(mkv.track_count, 6); /* COLOR DEPTH IR NOTES IMU VID-1 */
    EXPECT_STR(mkv.tracks[3].name, "NOTES");
    EXPECT_STR(mkv.tracks[4].name, "IMU");
    EXPECT_STR(mkv.tracks[5].name, "VID-1");
    EXPECT_EQ(mkv.tracks[5].codec_private_size, sizeof(data));
    EXPECT_EQ(mkv.tracks[5].default_duration, 33333333);
    EXPECT_EQ(mkv.attachment_count, 2);
    EXPECT_EQ(mkv.attachments[1].size, 0);
    EXPECT_EQ(record_mkv_frame_count(&mkv, 4), 2);
    EXPECT_STR(record_mkv_tag_value(&mkv, "TWICE"), "1");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_CUSTOM_TRACK_VID-1") ? "found" : "", "found");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS"), "3000000");
    record_mkv_free(&mkv);
}

static void test_capture_must_match_the_configuration(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_YUY2, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_FRAMES_PER_SECOND_15);
    const char *path = scratch("mismatch.mkv");
    k4a_record_t r = create_recording(path, c);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    log_capture_start();
    k4a_capture_t capture;
    k4a_image_t image;

    /* wrong colour format and resolution */
    k4a_capture_create(&capture);
    k4a_image_create(K4A_IMAGE_FORMAT_COLOR_NV12, 1280, 720, 0, &image);
    k4a_capture_set_color_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("COLOR_NV12"));
    k4a_image_create(K4A_IMAGE_FORMAT_COLOR_YUY2, 1920, 1080, 0, &image);
    k4a_capture_set_color_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("1920x1080"));
    k4a_capture_release(capture);

    /* depth of another mode, IR of the wrong format, a valid image next to a wrong one */
    k4a_capture_create(&capture);
    image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 320, 288, 0, 100);
    k4a_capture_set_depth_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("320x288"));
    image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 0, 100);
    k4a_capture_set_depth_image(capture, image);
    k4a_image_release(image);
    image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, 0, 100);
    k4a_capture_set_ir_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("IR image is DEPTH16"));
    k4a_capture_release(capture);

    /* a stride with padding is packed; a buffer too small for its stride is refused */
    uint8_t *padded = calloc(720, 1280 * 2 + 64);
    for (int y = 0; y < 720; y++)
        for (int x = 0; x < 1280 * 2; x++)
            padded[y * (1280 * 2 + 64) + x] = (uint8_t)(x + y);
    k4a_capture_create(&capture);
    EXPECT_EQ(k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_YUY2, 1280, 720, 1280 * 2 + 64, padded,
                                           720 * (1280 * 2 + 64), free_buffer, NULL, &image),
              K4A_RESULT_SUCCEEDED);
    k4a_image_set_device_timestamp_usec(image, 200);
    k4a_capture_set_color_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
    k4a_capture_release(capture);

    /* nothing of the failed captures was written: the file holds the one colour frame, packed */
    k4a_record_close(r);
    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    EXPECT_EQ(mkv.block_count, 1);
    size_t size = 0;
    const uint8_t *frame = record_mkv_frame(&mkv, 1, 0, &size, NULL, NULL);
    EXPECT_EQ(size, 1280 * 720 * 2);
    bool packed = frame != NULL;
    for (int y = 0; packed && y < 720; y++)
        for (int x = 0; x < 1280 * 2; x++)
            if (frame[y * 1280 * 2 + x] != (uint8_t)(x + y))
            {
                packed = false;
                break;
            }
    EXPECT_TRUE(packed);
    record_mkv_free(&mkv);

    /* tracks that are off take no images */
    c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_OFF, K4A_DEPTH_MODE_PASSIVE_IR,
                  K4A_FRAMES_PER_SECOND_30);
    r = create_recording(scratch("passive.mkv"), c);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    k4a_capture_create(&capture);
    image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 1024, 1024, 0, 100);
    k4a_capture_set_depth_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("PASSIVE_IR records IR only"));
    k4a_capture_release(capture);
    k4a_capture_create(&capture);
    k4a_image_create_from_buffer(K4A_IMAGE_FORMAT_COLOR_MJPG, 1280, 720, 0, (uint8_t *)malloc(100), 100, free_buffer,
                                 NULL, &image);
    k4a_capture_set_color_image(capture, image);
    k4a_image_release(image);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("no COLOR track"));
    k4a_capture_release(capture);
    capture = make_capture(&c, 0, 100, HAS_IR);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
    k4a_capture_release(capture);
    k4a_record_close(r);
    EXPECT_TRUE(record_mkv_read(&mkv, scratch("passive.mkv")));
    EXPECT_EQ(mkv.track_count, 1);
    EXPECT_STR(mkv.tracks[0].name, "IR");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_IR_MODE"), "PASSIVE");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_DEPTH_MODE"), "PASSIVE_IR");
    EXPECT_TRUE(record_mkv_tag_value(&mkv, "K4A_DEPTH_TRACK") == NULL);
    EXPECT_EQ(mkv.tracks[0].width, 1024);
    record_mkv_free(&mkv);
}

/* ---- the file, against the reference recordings ---------------------------------------------------------- */

/* Writes again what a reference recording holds (its frames, samples, data, tags, attachments,
 * in the order and with the results its manifest lists) and compares the two files. */
static void rewrite_reference(int index, const char *out_name)
{
    json_document_t *manifest = td_load_manifest("playback");
    if (manifest == NULL)
        return;
    const json_value_t *recording = json_item(json_member(json_root(manifest), "recordings"), (size_t)index);
    const json_value_t *written = json_member(recording, "written");
    record_mkv_t ref;
    EXPECT_TRUE(record_mkv_read(&ref, td_path("playback", json_string_or(json_member(recording, "file"), ""))));

    const json_value_t *dc = json_member(written, "device_config");
    k4a_device_configuration_t c = K4A_DEVICE_CONFIG_INIT_DISABLE_ALL;
    c.color_format = (k4a_image_format_t)td_enum(json_member(dc, "color_format"));
    c.color_resolution = (k4a_color_resolution_t)td_enum(json_member(dc, "color_resolution"));
    c.depth_mode = (k4a_depth_mode_t)td_enum(json_member(dc, "depth_mode"));
    c.camera_fps = (k4a_fps_t)enum_value(json_member(dc, "camera_fps"));
    c.depth_delay_off_color_usec = (int32_t)json_number_or(json_member(dc, "depth_delay_off_color_usec"), 0);
    c.wired_sync_mode = (k4a_wired_sync_mode_t)enum_value(json_member(dc, "wired_sync_mode"));
    const char *path = scratch(out_name);
    k4a_record_t r = NULL;

    /* The calls before the data, as the manifest describes them. */
    const json_value_t *calls = json_member(written, "record_calls");
    for (size_t i = 0; i < json_count(calls); i++)
    {
        const json_value_t *call = json_item(calls, i);
        const char *name = json_string_or(json_member(call, "call"), "");
        const char *detail = json_string_or(json_member(call, "detail"), "");
        int expected = td_enum(json_member(call, "result"));
        k4a_result_t result = K4A_RESULT_FAILED;
        char arg[128] = "";
        const char *eq = strstr(detail, "name=");
        if (eq != NULL)
            sscanf(eq + 5, "%127s", arg);
        if (strcmp(name, "k4a_record_create") == 0)
            result = k4a_record_create(path, NULL, c, &r);
        else if (strcmp(name, "k4a_record_add_attachment") == 0)
        {
            const record_mkv_attachment_t *a = NULL;
            for (size_t k = 0; k < ref.attachment_count; k++)
                if (strcmp(ref.attachments[k].name, arg) == 0)
                    a = &ref.attachments[k];
            EXPECT_TRUE(a != NULL);
            if (a != NULL)
                result = k4a_record_add_attachment(r, arg, a->data, a->size);
        }
        else if (strcmp(name, "k4a_record_add_tag") == 0)
        {
            const char *value = strstr(detail, " value=");
            if (strstr(detail, "AFTER_HEADER") != NULL)
                result = k4a_record_add_tag(r, "AFTER_HEADER", "x");
            else
                result = k4a_record_add_tag(r, arg, value != NULL ? value + 7 : "");
            if (strcmp(arg, "lower_case_tag") == 0)
            {
                EXPECT_EQ(expected, K4A_RESULT_SUCCEEDED); /* the reference drops it; we refuse it */
                EXPECT_EQ(result, K4A_RESULT_FAILED);
                continue;
            }
        }
        else if (strcmp(name, "k4a_record_add_imu_track") == 0)
            result = k4a_record_add_imu_track(r);
        else if (strcmp(name, "k4a_record_write_header") == 0)
            result = k4a_record_write_header(r);
        else if (strcmp(name, "k4a_record_add_custom_video_track") == 0 ||
                 strcmp(name, "k4a_record_add_custom_subtitle_track") == 0)
        {
            const record_mkv_track_t *t = record_mkv_track_by_name(&ref, arg);
            if (t == NULL) /* the refused ones */
            {
                k4a_record_video_settings_t v = { 16, 16, 30 };
                result = strstr(name, "video") ? k4a_record_add_custom_video_track(r, arg, "V_X", NULL, 0, &v)
                                               : k4a_record_add_custom_subtitle_track(r, arg, "S_X", NULL, 0, NULL);
            }
            else if (strstr(name, "video"))
            {
                k4a_record_video_settings_t v = { t->width, t->height, 1000000000ull / t->default_duration };
                result =
                    k4a_record_add_custom_video_track(r, arg, t->codec, t->codec_private, t->codec_private_size, &v);
            }
            else
            {
                k4a_record_subtitle_settings_t s = { strstr(detail, "high_freq_data=true") != NULL };
                result =
                    k4a_record_add_custom_subtitle_track(r, arg, t->codec, t->codec_private, t->codec_private_size, &s);
            }
        }
        else
            EXPECT_TRUE(!"a record call this test does not know");
        EXPECT_EQ(result, expected);
        if ((int)result != expected)
            fprintf(stderr, "  %s: %s (%s)\n", out_name, name, detail);
    }

    /* The captures: the reference's own frames, at the manifest's times. */
    const json_value_t *captures = json_member(written, "written_captures");
    const json_value_t *rows = json_member(captures, "rows");
    int cts = td_column(captures, "color_ts_usec");
    int dts = td_column(captures, "depth_ts_usec");
    int its = td_column(captures, "ir_ts_usec");
    uint64_t offset = strtoull(record_mkv_tag_value(&ref, "K4A_START_OFFSET_NS"), NULL, 10) / 1000;
    size_t next[3] = { 0, 0, 0 };
    int cw = 0, ch = 0, dw = 0, dh = 0;
    color_dims(c.color_resolution, &cw, &ch);
    depth_dims(c.depth_mode, &dw, &dh);
    const char *names[3] = { "COLOR", "DEPTH", "IR" };
    for (size_t i = 0; i < json_count(rows); i++)
    {
        const json_value_t *row = json_item(rows, i);
        k4a_capture_t capture = NULL;
        k4a_capture_create(&capture);
        int columns[3] = { cts, dts, its };
        for (int k = 0; k < 3; k++)
        {
            const json_value_t *ts = json_item(row, (size_t)columns[k]);
            if (!json_is(ts, JSON_NUMBER))
                continue;
            const record_mkv_track_t *t = record_mkv_track_by_name(&ref, names[k]);
            size_t size = 0;
            int64_t time = 0;
            const uint8_t *frame = record_mkv_frame(&ref, t->number, next[k]++, &size, &time, NULL);
            EXPECT_EQ((uint64_t)time + offset, (uint64_t)json_number_or(ts, 0));
            k4a_image_t image = NULL;
            if (k == 0)
                image = image_from_bytes(c.color_format, cw, ch, c.color_format == K4A_IMAGE_FORMAT_COLOR_MJPG ? 0 : cw,
                                         frame, size, (uint64_t)json_number_or(ts, 0));
            else
            {
                uint8_t *swapped = malloc(size);
                for (size_t b = 0; b < size; b += 2)
                    swapped[b] = frame[b + 1], swapped[b + 1] = frame[b];
                image = image_from_bytes(k == 1 ? K4A_IMAGE_FORMAT_DEPTH16 : K4A_IMAGE_FORMAT_IR16, dw, dh, dw * 2,
                                         swapped, size, (uint64_t)json_number_or(ts, 0));
                free(swapped);
            }
            if (k == 0)
                k4a_capture_set_color_image(capture, image);
            else if (k == 1)
                k4a_capture_set_depth_image(capture, image);
            else
                k4a_capture_set_ir_image(capture, image);
            k4a_image_release(image);
        }
        EXPECT_EQ(k4a_record_write_capture(r, capture), td_enum(json_item(row, (size_t)td_column(captures, "result"))));
        k4a_capture_release(capture);
    }

    /* The IMU samples, exactly as listed. */
    const json_value_t *imu = json_member(written, "written_imu_samples");
    for (size_t i = 0; imu != NULL && i < json_count(json_member(imu, "rows")); i++)
    {
        const json_value_t *row = json_item(json_member(imu, "rows"), i);
        k4a_imu_sample_t s;
        const json_value_t *acc_ts = json_item(row, (size_t)td_column(imu, "acc_timestamp_usec"));
        const json_value_t *gyro_ts = json_item(row, (size_t)td_column(imu, "gyro_timestamp_usec"));
        s.acc_timestamp_usec = (uint64_t)json_number_or(acc_ts, 0);
        s.gyro_timestamp_usec = (uint64_t)json_number_or(gyro_ts, 0);
        const char *acc[3] = { "acc_x", "acc_y", "acc_z" }, *gyro[3] = { "gyro_x", "gyro_y", "gyro_z" };
        for (int k = 0; k < 3; k++)
        {
            s.acc_sample.v[k] = td_float(json_item(row, (size_t)td_column(imu, acc[k])));
            s.gyro_sample.v[k] = td_float(json_item(row, (size_t)td_column(imu, gyro[k])));
        }
        s.temperature = td_float(json_item(row, (size_t)td_column(imu, "temperature")));
        EXPECT_EQ(k4a_record_write_imu_sample(r, s), td_enum(json_item(row, (size_t)td_column(imu, "result"))));
    }

    /* The custom data: the reference's own blocks. */
    const json_value_t *custom = json_member(written, "written_custom_track_data");
    size_t custom_next[8] = { 0 };
    for (size_t i = 0; custom != NULL && i < json_count(json_member(custom, "rows")); i++)
    {
        const json_value_t *row = json_item(json_member(custom, "rows"), i);
        const char *track = json_string_or(json_item(row, (size_t)td_column(custom, "track")), "");
        uint64_t ts = (uint64_t)json_number_or(json_item(row, (size_t)td_column(custom, "device_timestamp_usec")), 0);
        const record_mkv_track_t *t = record_mkv_track_by_name(&ref, track);
        size_t ti = (size_t)(t - ref.tracks);
        size_t size = 0;
        int64_t time = 0;
        const uint8_t *data = record_mkv_frame(&ref, t->number, custom_next[ti]++, &size, &time, NULL);
        EXPECT_EQ((uint64_t)time + offset, ts);
        EXPECT_EQ(size, (size_t)json_number_or(json_item(row, (size_t)td_column(custom, "size")), 0));
        EXPECT_EQ(k4a_record_write_custom_track_data(r, track, ts, (uint8_t *)(uintptr_t)data, size),
                  td_enum(json_item(row, (size_t)td_column(custom, "result"))));
    }
    const json_value_t *write_checks = json_member(written, "custom_track_write_checks");
    for (size_t i = 0; write_checks != NULL && i < json_count(write_checks); i++)
    {
        const json_value_t *check = json_item(write_checks, i);
        const char *detail = json_string_or(json_member(check, "detail"), "");
        char track[64] = "";
        sscanf(detail, "track=%63[A-Z_]", track);
        EXPECT_EQ(k4a_record_write_custom_track_data(r, track, 5000000, (uint8_t *)"x", 1),
                  td_enum(json_member(check, "result")));
    }
    k4a_record_close(r);

    /* Compare. */
    record_mkv_t ours;
    EXPECT_TRUE(record_mkv_read(&ours, path));
    if (ours.error[0] != '\0')
        fprintf(stderr, "  %s: %s\n", path, ours.error);
    EXPECT_STR(ours.doc_type, "matroska");
    EXPECT_EQ(ours.doc_type_version, 2);
    EXPECT_EQ(ours.timestamp_scale, 1000);
    EXPECT_STR(ours.title, "Azure Kinect");
    EXPECT_TRUE(strncmp(ours.writing_app, "k4arecord-", 10) == 0);
    EXPECT_TRUE(ours.segment_size_known);
    EXPECT_TRUE(ours.has_duration && ref.has_duration && ours.duration == ref.duration);
    EXPECT_TRUE(ours.clusters_in_order);
    EXPECT_EQ(ours.track_count, ref.track_count);
    for (size_t i = 0; i < ours.track_count && i < ref.track_count; i++)
    {
        const record_mkv_track_t *a = &ours.tracks[i], *b = &ref.tracks[i];
        EXPECT_STR(a->name, b->name);
        EXPECT_STR(a->codec, b->codec);
        EXPECT_EQ(a->number, b->number);
        EXPECT_EQ(a->type, b->type);
        EXPECT_EQ(a->width, b->width);
        EXPECT_EQ(a->height, b->height);
        EXPECT_EQ(a->default_duration, b->default_duration);
        EXPECT_EQ(a->codec_private_size, b->codec_private_size);
        EXPECT_TRUE(
            a->codec_private_size == b->codec_private_size &&
            (a->codec_private_size == 0 || memcmp(a->codec_private, b->codec_private, a->codec_private_size) == 0));
        /* every frame, at the same time, with the same bytes */
        size_t count = record_mkv_frame_count(&ref, b->number);
        EXPECT_EQ(record_mkv_frame_count(&ours, a->number), count);
        bool same = true;
        for (size_t k = 0; k < count; k++)
        {
            size_t sa = 0, sb = 0;
            int64_t ta = 0, tb = 0;
            const uint8_t *fa = record_mkv_frame(&ours, a->number, k, &sa, &ta, NULL);
            const uint8_t *fb = record_mkv_frame(&ref, b->number, k, &sb, &tb, NULL);
            if (fa == NULL || fb == NULL || sa != sb || ta != tb || memcmp(fa, fb, sa) != 0)
            {
                if (same)
                    fprintf(stderr, "  %s: track %s frame %zu differs (time %lld vs %lld, size %zu vs %zu)\n", out_name,
                            a->name, k, (long long)ta, (long long)tb, sa, sb);
                same = false;
            }
        }
        EXPECT_TRUE(same);
    }
    /* the same tags in the same order; track tags name our own tracks */
    EXPECT_EQ(ours.tag_count, ref.tag_count);
    for (size_t i = 0; i < ours.tag_count && i < ref.tag_count; i++)
    {
        const record_mkv_tag_t *a = &ours.tags[i], *b = &ref.tags[i];
        EXPECT_STR(a->name, b->name);
        EXPECT_STR(a->target_type, b->target_type);
        if (strcmp(b->target_type, "TRACK") == 0)
        {
            bool names_track = false;
            for (size_t k = 0; k < ours.track_count; k++)
                if (ours.tracks[k].uid == a->target_uid)
                {
                    char uid[32];
                    snprintf(uid, sizeof(uid), "%llu", (unsigned long long)a->target_uid);
                    names_track = strcmp(ref.tracks[k].name, ours.tracks[k].name) == 0 &&
                                  (strstr(a->name, "_TRACK") == NULL || strcmp(a->value, uid) == 0);
                }
            EXPECT_TRUE(names_track);
            if (strstr(a->name, "_TRACK") == NULL)
                EXPECT_STR(a->value, b->value);
        }
        else
            EXPECT_STR(a->value, b->value);
        if (strcmp(a->name, b->name) != 0 || (strstr(a->name, "_TRACK") == NULL && strcmp(a->value, b->value) != 0))
            fprintf(stderr, "  %s: tag %zu: %s=%s, reference %s=%s\n", out_name, i, a->name, a->value, b->name,
                    b->value);
    }
    EXPECT_EQ(ours.attachment_count, ref.attachment_count);
    for (size_t i = 0; i < ours.attachment_count && i < ref.attachment_count; i++)
    {
        EXPECT_STR(ours.attachments[i].name, ref.attachments[i].name);
        EXPECT_TRUE(ours.attachments[i].size == ref.attachments[i].size &&
                    memcmp(ours.attachments[i].data, ref.attachments[i].data, ref.attachments[i].size) == 0);
    }
    /* Cues: one per frame of the first video track, each pointing at the cluster holding it */
    EXPECT_TRUE(ours.has_cues && ours.seek_has_cues);
    const record_mkv_track_t *first = &ours.tracks[0];
    EXPECT_EQ(ours.cue_count, record_mkv_frame_count(&ours, first->number));
    for (size_t i = 0; i < ours.cue_count; i++)
    {
        const record_mkv_block_t *block = NULL;
        int64_t time = 0;
        record_mkv_frame(&ours, first->number, i, NULL, &time, &block);
        EXPECT_TRUE(block != NULL && ours.cues[i].track == first->number && (int64_t)ours.cues[i].time == time &&
                    ours.cues[i].cluster_position == block->cluster_offset);
    }
    expect_mkvinfo_clean(path);

    record_mkv_free(&ours);
    record_mkv_free(&ref);
    json_free(manifest);
}

static void test_rewriting_synthetic_a_gives_the_reference_file(void)
{
    rewrite_reference(1, "synthetic_a.mkv");
}

static void test_rewriting_synthetic_b_gives_the_reference_file(void)
{
    rewrite_reference(2, "synthetic_b.mkv");
}

/* ffprobe sees the streams, codecs and frame counts; mkvinfo has nothing to complain about. */
static void test_ffprobe_and_mkvinfo_read_our_files(void)
{
    probe_stream_t streams[8];
    int problems = 0;
    int n = ffprobe_streams(scratch("synthetic_a.mkv"), streams, 8, &problems);
    if (n >= 0)
    {
        EXPECT_EQ(problems, 0);
        EXPECT_EQ(n, 7); /* COLOR DEPTH IR IMU + 3 attachments */
        EXPECT_STR(streams[0].codec_name, "mjpeg");
        EXPECT_EQ(streams[0].width, 1280);
        EXPECT_EQ(streams[0].frames, 14);
        EXPECT_STR(streams[1].codec_name, "rawvideo");
        EXPECT_EQ(streams[1].width, 320);
        EXPECT_EQ(streams[1].frames, 14);
        EXPECT_EQ(streams[2].frames, 14);
        EXPECT_STR(streams[3].codec_type, "subtitle");
        n = ffprobe_streams(scratch("synthetic_b.mkv"), streams, 8, &problems);
        EXPECT_EQ(problems, 0);
        EXPECT_EQ(n, 7); /* COLOR DEPTH IR CUSTOM_VIDEO CUSTOM_SUBTITLE CUSTOM_HIFREQ + 1 attachment */
        EXPECT_STR(streams[0].codec_name, "rawvideo");
        EXPECT_EQ(streams[0].frames, 3);
        EXPECT_EQ(streams[1].height, 512);
        EXPECT_EQ(streams[2].frames, 3);
    }

    /* every colour format and depth mode */
    struct
    {
        k4a_image_format_t format;
        k4a_color_resolution_t resolution;
        k4a_depth_mode_t depth;
        const char *codec;
    } modes[] = {
        { K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_1080P, K4A_DEPTH_MODE_WFOV_UNBINNED, "mjpeg" },
        { K4A_IMAGE_FORMAT_COLOR_YUY2, K4A_COLOR_RESOLUTION_720P, K4A_DEPTH_MODE_NFOV_UNBINNED, "rawvideo" },
        { K4A_IMAGE_FORMAT_COLOR_BGRA32, K4A_COLOR_RESOLUTION_720P, K4A_DEPTH_MODE_OFF, "rawvideo" },
        { K4A_IMAGE_FORMAT_COLOR_NV12, K4A_COLOR_RESOLUTION_OFF, K4A_DEPTH_MODE_PASSIVE_IR, NULL },
    };
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
    {
        k4a_device_configuration_t c =
            config_of(modes[m].format, modes[m].resolution, modes[m].depth, K4A_FRAMES_PER_SECOND_15);
        char name[64];
        snprintf(name, sizeof(name), "mode%zu.mkv", m);
        const char *path = scratch(name);
        k4a_record_t r = create_recording(path, c);
        EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
        for (int f = 0; f < 6; f++)
        {
            k4a_capture_t capture = make_capture(&c, f, 1000000 + (uint64_t)f * 66667, HAS_ALL);
            EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
            k4a_capture_release(capture);
        }
        for (int s = 0; s < 100; s++)
            EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(s, 990000 + (uint64_t)s * 5000)), K4A_RESULT_SUCCEEDED);
        k4a_record_close(r);
        expect_mkvinfo_clean(path);
        record_mkv_t mkv;
        EXPECT_TRUE(record_mkv_read(&mkv, path));
        EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS"), "990000000");
        EXPECT_EQ(record_mkv_frame_count(&mkv, mkv.track_count), 100); /* IMU, the last track */
        record_mkv_free(&mkv);
        /* playback reports the colour track as recorded; without one (colour OFF, whatever
         * color_format the device configuration had), color_format CUSTOM and resolution OFF, as the
         * reference does */
        k4a_playback_t p = NULL;
        k4a_record_configuration_t rc;
        EXPECT_EQ(k4a_playback_open(path, &p), K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_playback_get_record_configuration(p, &rc), K4A_RESULT_SUCCEEDED);
        bool has_color = modes[m].resolution != K4A_COLOR_RESOLUTION_OFF;
        EXPECT_EQ(rc.color_track_enabled, has_color);
        EXPECT_EQ(rc.color_format, has_color ? modes[m].format : K4A_IMAGE_FORMAT_CUSTOM);
        EXPECT_EQ(rc.color_resolution, modes[m].resolution);
        EXPECT_EQ(rc.depth_mode, modes[m].depth);
        k4a_playback_close(p);
        n = ffprobe_streams(path, streams, 8, &problems);
        if (n < 0)
            continue;
        EXPECT_EQ(problems, 0);
        int video = 0;
        for (int s = 0; s < n; s++)
            if (strcmp(streams[s].codec_type, "video") == 0)
            {
                EXPECT_EQ(streams[s].frames, 6);
                video++;
            }
        int depth_tracks = modes[m].depth == K4A_DEPTH_MODE_PASSIVE_IR ? 1
                           : modes[m].depth != K4A_DEPTH_MODE_OFF      ? 2
                                                                       : 0;
        EXPECT_EQ(video, (modes[m].resolution != K4A_COLOR_RESOLUTION_OFF) + depth_tracks);
        if (modes[m].codec != NULL)
            EXPECT_STR(streams[0].codec_name, modes[m].codec);
    }
}

/* Frames, samples and data land in the file byte for byte: 16-bit pixels big-endian, IMU samples
 * as 40-byte records with nanosecond times, block times relative to the start offset. */
static void test_what_is_written_is_in_the_file(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_FRAMES_PER_SECOND_30);
    c.depth_delay_off_color_usec = -500;
    c.wired_sync_mode = K4A_WIRED_SYNC_MODE_SUBORDINATE;
    c.subordinate_delay_off_master_usec = 160;
    const char *path = scratch("content.mkv");
    k4a_record_t r = create_recording(path, c);
    k4a_record_subtitle_settings_t hifreq = { true };
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(r, "HF", "S_K4A/HF", NULL, 0, &hifreq), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    const uint64_t base = 7000000;
    for (int f = 0; f < 10; f++)
    {
        uint64_t ts = base + (uint64_t)f * 33333;
        k4a_capture_t capture = make_capture(&c, f, ts, f == 3 ? HAS_DEPTH : HAS_ALL);
        EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
        k4a_capture_release(capture);
    }
    for (int s = 0; s < 300; s++)
        EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(s, base - 2000 + (uint64_t)s * 1000)), K4A_RESULT_SUCCEEDED);
    /* high-frequency data: evenly spaced runs are laced, a changed spacing starts a new block */
    uint64_t hf_times[40];
    for (int i = 0; i < 40; i++)
    {
        hf_times[i] = base + (uint64_t)i * 500 + (i >= 20 ? 77 : 0) + (i >= 30 ? (uint64_t)(i - 30) * 13 : 0);
        uint8_t value[8] = { (uint8_t)i, 1, 2, 3, 4, 5, 6, 7 };
        EXPECT_EQ(k4a_record_write_custom_track_data(r, "HF", hf_times[i], value, sizeof(value)), K4A_RESULT_SUCCEEDED);
    }
    k4a_record_close(r);

    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS"), "6998000000");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_DEPTH_DELAY_NS"), "-500000");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_WIRED_SYNC_MODE"), "SUBORDINATE");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_SUBORDINATE_DELAY_NS"), "160000");
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_CUSTOM_TRACK_HF") ? "y" : "", "y");
    EXPECT_TRUE(mkv.has_duration && mkv.duration == (double)(base + 9 * 33333 - (base - 2000)));
    const uint64_t offset = base - 2000;
    const char *names[3] = { "COLOR", "DEPTH", "IR" };
    for (int k = 0; k < 3; k++)
    {
        const record_mkv_track_t *t = record_mkv_track_by_name(&mkv, names[k]);
        EXPECT_EQ(record_mkv_frame_count(&mkv, t->number), k == 1 ? 10 : 9);
        bool same = true;
        for (int f = 0, n = 0; f < 10; f++)
        {
            if (f == 3 && k != 1)
                continue;
            uint64_t ts = base + (uint64_t)f * 33333;
            k4a_capture_t capture = make_capture(&c, f, ts, HAS_ALL);
            k4a_image_t image = k == 0   ? k4a_capture_get_color_image(capture)
                                : k == 1 ? k4a_capture_get_depth_image(capture)
                                         : k4a_capture_get_ir_image(capture);
            size_t size = 0;
            int64_t time = 0;
            const record_mkv_block_t *block = NULL;
            const uint8_t *frame = record_mkv_frame(&mkv, t->number, (size_t)n++, &size, &time, &block);
            same = same && frame != NULL && frame_is_image(frame, size, image) && (uint64_t)time == ts - offset &&
                   block->simple && block->keyframe;
            k4a_image_release(image);
            k4a_capture_release(capture);
        }
        EXPECT_TRUE(same);
    }
    const record_mkv_track_t *imu = record_mkv_track_by_name(&mkv, "IMU");
    EXPECT_STR(imu->codec, "S_K4A/IMU");
    EXPECT_EQ(imu->type, 17);
    EXPECT_EQ(record_mkv_frame_count(&mkv, imu->number), 300);
    bool same = true;
    for (int s = 0; s < 300; s++)
    {
        k4a_imu_sample_t sample = make_imu(s, base - 2000 + (uint64_t)s * 1000);
        uint8_t expected[40];
        imu_bytes(&sample, expected);
        size_t size = 0;
        const record_mkv_block_t *block = NULL;
        const uint8_t *frame = record_mkv_frame(&mkv, imu->number, (size_t)s, &size, NULL, &block);
        same = same && frame != NULL && size == 40 && memcmp(frame, expected, 40) == 0 && !block->simple &&
               block->has_duration;
        /* laced samples: the block starts at its first sample and lasts until its last one */
        if (frame != NULL && frame == block->frames[0])
            same = same && (uint64_t)block->time == sample.acc_timestamp_usec - offset &&
                   block->duration == (uint64_t)(block->frame_count - 1) * 1000 + 1;
    }
    EXPECT_TRUE(same);
    const record_mkv_track_t *hf = record_mkv_track_by_name(&mkv, "HF");
    EXPECT_EQ(record_mkv_frame_count(&mkv, hf->number), 40);
    same = true;
    size_t laced_blocks = 0;
    for (int i = 0; i < 40; i++)
    {
        size_t size = 0;
        int64_t time = 0;
        const record_mkv_block_t *block = NULL;
        const uint8_t *frame = record_mkv_frame(&mkv, hf->number, (size_t)i, &size, &time, &block);
        same = same && frame != NULL && size == 8 && frame[0] == i && (uint64_t)time == hf_times[i] - offset;
        if (frame != NULL && frame == block->frames[0] && block->frame_count > 1)
            laced_blocks++;
    }
    EXPECT_TRUE(same);
    EXPECT_TRUE(laced_blocks >= 2);
    record_mkv_free(&mkv);
    expect_mkvinfo_clean(path);
}

/* Tracks written out of step interleave by time in the file; data older than the file refused. */
static void test_reorder_window(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_OFF,
                                             K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_FRAMES_PER_SECOND_30);
    const char *path = scratch("window.mkv");
    k4a_record_t r = create_recording(path, c);
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    log_capture_start();
    /* captures run 0.6 s ahead of the IMU samples */
    for (int f = 0; f < 60; f++)
    {
        uint64_t ts = 1000000 + (uint64_t)f * 33333;
        k4a_capture_t capture = make_capture(&c, f, ts, HAS_DEPTH);
        EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
        k4a_capture_release(capture);
        if (f >= 18)
            for (int s = 0; s < 33; s++)
                EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(s, ts - 600000 + (uint64_t)s * 1000)),
                          K4A_RESULT_SUCCEEDED);
    }
    /* the window let clusters go while writing: the file grew before any flush */
    EXPECT_TRUE(file_size(path) > 2 * 1024 * 1024);
    /* a sample older than what the file already holds is refused, with the reason */
    k4a_capture_t capture = make_capture(&c, 98, 1000100, HAS_IR); /* IR: a track without data so far */
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
    EXPECT_TRUE(log_capture_said("older than data already in the file"));
    k4a_capture_release(capture);
    EXPECT_EQ(k4a_record_flush(r), K4A_RESULT_SUCCEEDED);
    capture = make_capture(&c, 99, 1000000 + 59 * 33333 - 1000, HAS_IR);
    EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED); /* behind the flush */
    EXPECT_TRUE(log_capture_said("never behind a flush"));
    k4a_capture_release(capture);
    k4a_record_close(r);

    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    EXPECT_TRUE(mkv.clusters_in_order);
    /* blocks in time order through the file, each cluster within its 16-bit time span */
    bool ordered = true;
    for (size_t i = 1; i < mkv.block_count; i++)
        if (mkv.blocks[i].time < mkv.blocks[i - 1].time)
            ordered = false;
    EXPECT_TRUE(ordered);
    EXPECT_EQ(record_mkv_frame_count(&mkv, 1), 60);
    EXPECT_EQ(record_mkv_frame_count(&mkv, 3), 42 * 33);
    /* the samples began before the first capture and arrived 0.6 s late: they set the start */
    EXPECT_STR(record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS"), "999994000");
    record_mkv_free(&mkv);
}

/* ---- round trips through our playback ------------------------------------------------------------------------ */

static char *playback_tag(k4a_playback_t p, const char *name)
{
    size_t size = 0;
    if (k4a_playback_get_tag(p, name, NULL, &size) != K4A_BUFFER_RESULT_TOO_SMALL)
        return NULL;
    char *value = malloc(size);
    if (k4a_playback_get_tag(p, name, value, &size) != K4A_BUFFER_RESULT_SUCCEEDED)
    {
        free(value);
        return NULL;
    }
    return value;
}

static uint8_t *playback_attachment(k4a_playback_t p, const char *name, size_t *size)
{
    *size = 0;
    if (k4a_playback_get_attachment(p, name, NULL, size) != K4A_BUFFER_RESULT_TOO_SMALL)
        return NULL;
    uint8_t *data = malloc(*size);
    if (k4a_playback_get_attachment(p, name, data, size) != K4A_BUFFER_RESULT_SUCCEEDED)
    {
        free(data);
        return NULL;
    }
    return data;
}

/* Same format, size, stride, device time and bytes. */
static bool same_image(k4a_image_t a, k4a_image_t b)
{
    if (a == NULL || b == NULL)
        return a == b;
    bool same = k4a_image_get_format(a) == k4a_image_get_format(b) &&
                k4a_image_get_width_pixels(a) == k4a_image_get_width_pixels(b) &&
                k4a_image_get_height_pixels(a) == k4a_image_get_height_pixels(b) &&
                k4a_image_get_stride_bytes(a) == k4a_image_get_stride_bytes(b) &&
                k4a_image_get_size(a) == k4a_image_get_size(b) &&
                k4a_image_get_device_timestamp_usec(a) == k4a_image_get_device_timestamp_usec(b) &&
                memcmp(k4a_image_get_buffer(a), k4a_image_get_buffer(b), k4a_image_get_size(a)) == 0;
    if (!same)
        fprintf(stderr, "  image differs: format %d/%d, %dx%d/%dx%d, size %zu/%zu, time %llu/%llu\n",
                k4a_image_get_format(a), k4a_image_get_format(b), k4a_image_get_width_pixels(a),
                k4a_image_get_height_pixels(a), k4a_image_get_width_pixels(b), k4a_image_get_height_pixels(b),
                k4a_image_get_size(a), k4a_image_get_size(b),
                (unsigned long long)k4a_image_get_device_timestamp_usec(a),
                (unsigned long long)k4a_image_get_device_timestamp_usec(b));
    return same;
}

static bool same_capture(k4a_capture_t a, k4a_capture_t b)
{
    k4a_image_t ia[3] = { k4a_capture_get_color_image(a), k4a_capture_get_depth_image(a), k4a_capture_get_ir_image(a) };
    k4a_image_t ib[3] = { k4a_capture_get_color_image(b), k4a_capture_get_depth_image(b), k4a_capture_get_ir_image(b) };
    bool same = true;
    for (int i = 0; i < 3; i++)
    {
        same = same_image(ia[i], ib[i]) && same;
        if (ia[i] != NULL)
            k4a_image_release(ia[i]);
        if (ib[i] != NULL)
            k4a_image_release(ib[i]);
    }
    return same;
}

static bool same_imu(const k4a_imu_sample_t *a, const k4a_imu_sample_t *b)
{
    return a->acc_timestamp_usec == b->acc_timestamp_usec && a->gyro_timestamp_usec == b->gyro_timestamp_usec &&
           memcmp(a->acc_sample.v, b->acc_sample.v, 12) == 0 && memcmp(a->gyro_sample.v, b->gyro_sample.v, 12) == 0;
}

#define RT_FRAMES 20
#define RT_DELAY 200
#define RT_BASE 3000000u

static int rt_which(int f)
{
    switch (f)
    {
    case 4: return HAS_COLOR | HAS_DEPTH;
    case 7: return HAS_COLOR | HAS_IR;
    case 11: return HAS_DEPTH | HAS_IR;
    case 15: return HAS_COLOR;
    default: return HAS_ALL;
    }
}

/* Capture f of the round trip: colour at its time, depth and IR RT_DELAY us later. */
static k4a_capture_t rt_capture(const k4a_device_configuration_t *c, int f)
{
    uint64_t ts = RT_BASE + (uint64_t)f * 66667;
    k4a_capture_t capture = make_capture(c, f, ts, rt_which(f));
    k4a_image_t depth = k4a_capture_get_depth_image(capture), ir = k4a_capture_get_ir_image(capture);
    if (depth != NULL)
    {
        k4a_image_set_device_timestamp_usec(depth, ts + RT_DELAY);
        k4a_image_release(depth);
    }
    if (ir != NULL)
    {
        k4a_image_set_device_timestamp_usec(ir, ts + RT_DELAY);
        k4a_image_release(ir);
    }
    return capture;
}

static uint64_t rt_custom_time(int track, int i)
{
    if (track == 0)
        return RT_BASE + 100 + (uint64_t)i * 66667;
    if (track == 1)
        return RT_BASE + 250 + (uint64_t)i * 100000;
    return RT_BASE + 50 + (uint64_t)i * 1000;
}

static size_t rt_custom_data(int track, int i, uint8_t *out)
{
    size_t size = track == 0 ? 160 * 120 : track == 1 ? 10 + (size_t)(i % 7) : 8;
    for (size_t k = 0; k < size; k++)
        out[k] = (uint8_t)(k * 31 + (size_t)i * 17 + (size_t)track);
    return size;
}

static const int rt_custom_count[3] = { RT_FRAMES, 13, 300 };
static const char *rt_custom_names[3] = { "GRAY", "TEXT", "HF" };

/* Everything written comes back through k4a_playback_*: images byte for byte with their times,
 * IMU samples, custom tracks with their codecs and data blocks, tags, attachments, calibration. */
static void test_playback_reads_back_what_was_written(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_FRAMES_PER_SECOND_15);
    c.depth_delay_off_color_usec = RT_DELAY;
    c.wired_sync_mode = K4A_WIRED_SYNC_MODE_MASTER;
    const char *path = scratch("round_trip.mkv");
    size_t calibration_size = 0;
    char *calibration = td_read_file(td_path("calibration", "pyk4a_recording_calibration.json"), &calibration_size);
    EXPECT_TRUE(calibration != NULL);
    uint8_t blob[5000], context[16], data[160 * 120];
    for (size_t i = 0; i < sizeof(blob); i++)
        blob[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof(context); i++)
        context[i] = (uint8_t)(0xC0 + i);

    k4a_record_t r = create_recording(path, c);
    k4a_record_video_settings_t video = { 160, 120, 15 };
    k4a_record_subtitle_settings_t plain = { false }, hifreq = { true };
    EXPECT_EQ(k4a_record_add_custom_video_track(r, "GRAY", "V_K4A/GRAY8", context, sizeof(context), &video),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(r, "TEXT", "S_TEXT/UTF8", (const uint8_t *)"text/plain", 10, &plain),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_custom_subtitle_track(r, "HF", "S_K4A/HF", NULL, 0, &hifreq), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_attachment(r, "calibration.json", (const uint8_t *)calibration, calibration_size),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_attachment(r, "blob.bin", blob, sizeof(blob)), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_tag(r, "K4A_CALIBRATION_FILE", "calibration.json"), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_tag(r, "USER_A", "alpha \xE2\x9C\x93"), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_add_tag(r, "EMPTY", ""), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    /* Written as a recorder would: a capture, then the samples and data of its frame period (the
     * reorder window puts them in time order). */
    int next_sample = 0, next_custom[3] = { 0, 0, 0 };
    for (int f = 0; f < RT_FRAMES; f++)
    {
        k4a_capture_t capture = rt_capture(&c, f);
        EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_SUCCEEDED);
        k4a_capture_release(capture);
        uint64_t until = RT_BASE + (uint64_t)(f + 1) * 66667;
        for (; next_sample < 1300 && RT_BASE - 5000 + (uint64_t)next_sample * 1000 < until; next_sample++)
        {
            k4a_imu_sample_t sample = make_imu(next_sample, RT_BASE - 5000 + (uint64_t)next_sample * 1000);
            EXPECT_EQ(k4a_record_write_imu_sample(r, sample), K4A_RESULT_SUCCEEDED);
        }
        for (int t = 0; t < 3; t++)
            for (; next_custom[t] < rt_custom_count[t]; next_custom[t]++)
            {
                uint64_t time = rt_custom_time(t, next_custom[t]);
                if (time >= until && f + 1 < RT_FRAMES)
                    break;
                size_t size = rt_custom_data(t, next_custom[t], data);
                EXPECT_EQ(k4a_record_write_custom_track_data(r, rt_custom_names[t], time, data, size),
                          K4A_RESULT_SUCCEEDED);
            }
    }
    for (; next_sample < 1300; next_sample++)
        EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(next_sample, RT_BASE - 5000 + (uint64_t)next_sample * 1000)),
                  K4A_RESULT_SUCCEEDED);
    k4a_record_close(r);

    k4a_playback_t p = NULL;
    EXPECT_EQ(k4a_playback_open(path, &p), K4A_RESULT_SUCCEEDED);
    if (p == NULL)
    {
        free(calibration);
        return;
    }
    k4a_record_configuration_t rc;
    EXPECT_EQ(k4a_playback_get_record_configuration(p, &rc), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(rc.color_format, K4A_IMAGE_FORMAT_COLOR_MJPG);
    EXPECT_EQ(rc.color_resolution, K4A_COLOR_RESOLUTION_720P);
    EXPECT_EQ(rc.depth_mode, K4A_DEPTH_MODE_NFOV_2X2BINNED);
    EXPECT_EQ(rc.camera_fps, K4A_FRAMES_PER_SECOND_15);
    EXPECT_TRUE(rc.color_track_enabled && rc.depth_track_enabled && rc.ir_track_enabled && rc.imu_track_enabled);
    EXPECT_EQ(rc.depth_delay_off_color_usec, RT_DELAY);
    EXPECT_EQ(rc.wired_sync_mode, K4A_WIRED_SYNC_MODE_MASTER);
    EXPECT_EQ(rc.start_timestamp_offset_usec, RT_BASE - 5000);

    /* tracks, in the order they were added */
    const char *tracks[] = { "COLOR", "DEPTH", "IR", "GRAY", "IMU", "TEXT", "HF" };
    for (size_t i = 0; i < 7; i++)
    {
        char name[32];
        size_t size = sizeof(name);
        if (k4a_playback_get_track_name(p, i, name, &size) == K4A_BUFFER_RESULT_SUCCEEDED && strcmp(name, "IMU") != 0)
            EXPECT_TRUE(k4a_playback_check_track_exists(p, name));
    }
    for (size_t i = 3; i < 7; i++)
        if (i != 4)
        {
            EXPECT_TRUE(k4a_playback_check_track_exists(p, tracks[i]));
            EXPECT_TRUE(!k4a_playback_track_is_builtin(p, tracks[i]));
        }
    EXPECT_TRUE(k4a_playback_track_is_builtin(p, "DEPTH"));
    k4a_record_video_settings_t vs;
    EXPECT_EQ(k4a_playback_track_get_video_settings(p, "GRAY", &vs), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(vs.width == 160 && vs.height == 120 && vs.frame_rate == 15);
    char codec[32];
    size_t size = sizeof(codec);
    EXPECT_EQ(k4a_playback_track_get_codec_id(p, "GRAY", codec, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_STR(codec, "V_K4A/GRAY8");
    uint8_t got_context[32];
    size = sizeof(got_context);
    EXPECT_EQ(k4a_playback_track_get_codec_context(p, "GRAY", got_context, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_TRUE(size == sizeof(context) && memcmp(got_context, context, size) == 0);
    size = sizeof(got_context);
    EXPECT_EQ(k4a_playback_track_get_codec_context(p, "TEXT", got_context, &size), K4A_BUFFER_RESULT_SUCCEEDED);
    EXPECT_TRUE(size == 10 && memcmp(got_context, "text/plain", 10) == 0);

    /* tags, attachments, calibration */
    char *value = playback_tag(p, "USER_A");
    EXPECT_STR(value ? value : "", "alpha \xE2\x9C\x93");
    free(value);
    value = playback_tag(p, "EMPTY");
    EXPECT_STR(value ? value : "(none)", "");
    free(value);
    value = playback_tag(p, "K4A_COLOR_MODE");
    EXPECT_STR(value ? value : "", "MJPG_720P");
    free(value);
    uint8_t *attachment = playback_attachment(p, "blob.bin", &size);
    EXPECT_TRUE(attachment != NULL && size == sizeof(blob) && memcmp(attachment, blob, size) == 0);
    free(attachment);
    size = 0;
    EXPECT_EQ(k4a_playback_get_raw_calibration(p, NULL, &size), K4A_BUFFER_RESULT_TOO_SMALL);
    k4a_calibration_t calibration_out;
    EXPECT_EQ(k4a_playback_get_calibration(p, &calibration_out), K4A_RESULT_SUCCEEDED);

    /* every capture, image by image */
    int f = 0;
    k4a_capture_t got = NULL;
    while (k4a_playback_get_next_capture(p, &got) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        if (f < RT_FRAMES)
        {
            k4a_capture_t expected = rt_capture(&c, f);
            EXPECT_TRUE(same_capture(got, expected));
            k4a_capture_release(expected);
        }
        k4a_capture_release(got);
        f++;
    }
    EXPECT_EQ(f, RT_FRAMES);

    /* every IMU sample */
    int s = 0;
    k4a_imu_sample_t sample;
    while (k4a_playback_get_next_imu_sample(p, &sample) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        k4a_imu_sample_t expected = make_imu(s, RT_BASE - 5000 + (uint64_t)s * 1000);
        EXPECT_TRUE(same_imu(&sample, &expected));
        s++;
    }
    EXPECT_EQ(s, 1300);

    /* every data block of the custom tracks, with its time */
    for (int t = 0; t < 3; t++)
    {
        int i = 0;
        bool same = true;
        k4a_playback_data_block_t block = NULL;
        while (k4a_playback_get_next_data_block(p, rt_custom_names[t], &block) == K4A_STREAM_RESULT_SUCCEEDED)
        {
            size_t n = rt_custom_data(t, i, data);
            same = same && k4a_playback_data_block_get_device_timestamp_usec(block) == rt_custom_time(t, i) &&
                   k4a_playback_data_block_get_buffer_size(block) == n &&
                   memcmp(k4a_playback_data_block_get_buffer(block), data, n) == 0;
            k4a_playback_data_block_release(block);
            i++;
        }
        EXPECT_TRUE(same);
        EXPECT_EQ(i, rt_custom_count[t]);
    }

    /* seeking by device time lands on the capture at that time, through the Cues */
    EXPECT_EQ(k4a_playback_seek_timestamp(p, (int64_t)(RT_BASE + 10 * 66667), K4A_PLAYBACK_SEEK_DEVICE_TIME),
              K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_next_capture(p, &got), K4A_STREAM_RESULT_SUCCEEDED);
    if (got != NULL)
    {
        k4a_capture_t expected = rt_capture(&c, 10);
        EXPECT_TRUE(same_capture(got, expected));
        k4a_capture_release(expected);
        k4a_capture_release(got);
    }
    EXPECT_EQ(k4a_playback_get_previous_imu_sample(p, &sample), K4A_STREAM_RESULT_SUCCEEDED);
    EXPECT_TRUE(sample.acc_timestamp_usec < RT_BASE + 10 * 66667 + RT_DELAY &&
                sample.acc_timestamp_usec >= RT_BASE + 10 * 66667 - 1000);
    k4a_playback_close(p);
    free(calibration);
}

/* A recording without data, and one with IMU samples only, are valid files that play back. */
static void test_empty_and_imu_only_recordings(void)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_FRAMES_PER_SECOND_30);
    const char *path = scratch("empty.mkv");
    k4a_record_t r = create_recording(path, c);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    k4a_record_close(r);
    expect_mkvinfo_clean(path);
    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    EXPECT_TRUE(mkv.segment_size_known && !mkv.has_cues && !mkv.has_duration && mkv.block_count == 0);
    record_mkv_free(&mkv);
    k4a_playback_t p = NULL;
    EXPECT_EQ(k4a_playback_open(path, &p), K4A_RESULT_SUCCEEDED);
    if (p != NULL)
    {
        k4a_capture_t capture = NULL;
        EXPECT_EQ(k4a_playback_get_next_capture(p, &capture), K4A_STREAM_RESULT_EOF);
        k4a_playback_close(p);
    }

    c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_OFF, K4A_DEPTH_MODE_OFF, K4A_FRAMES_PER_SECOND_30);
    path = scratch("imu_only.mkv");
    r = create_recording(path, c);
    EXPECT_EQ(k4a_record_add_imu_track(r), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_SUCCEEDED);
    for (int s = 0; s < 2000; s++)
        EXPECT_EQ(k4a_record_write_imu_sample(r, make_imu(s, 10000 + (uint64_t)s * 625)), K4A_RESULT_SUCCEEDED);
    k4a_record_close(r);
    expect_mkvinfo_clean(path);
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    EXPECT_EQ(mkv.track_count, 1);
    EXPECT_EQ(record_mkv_frame_count(&mkv, 1), 2000);
    EXPECT_EQ(mkv.cue_count, mkv.cluster_count); /* no video track: a cue per cluster */
    record_mkv_free(&mkv);
    EXPECT_EQ(k4a_playback_open(path, &p), K4A_RESULT_SUCCEEDED);
    if (p != NULL)
    {
        int s = 0;
        bool same = true;
        k4a_imu_sample_t sample;
        while (k4a_playback_get_next_imu_sample(p, &sample) == K4A_STREAM_RESULT_SUCCEEDED)
        {
            k4a_imu_sample_t expected = make_imu(s, 10000 + (uint64_t)s * 625);
            same = same && same_imu(&sample, &expected);
            s++;
        }
        EXPECT_TRUE(same);
        EXPECT_EQ(s, 2000);
        EXPECT_EQ(k4a_playback_seek_timestamp(p, 10000 + 1000 * 625, K4A_PLAYBACK_SEEK_DEVICE_TIME),
                  K4A_RESULT_SUCCEEDED);
        EXPECT_EQ(k4a_playback_get_next_imu_sample(p, &sample), K4A_STREAM_RESULT_SUCCEEDED);
        EXPECT_EQ(sample.acc_timestamp_usec, 10000 + 1000 * 625);
        k4a_playback_close(p);
    }
}

/* Our rewrite of a reference recording plays back exactly as the reference file does. */
static void playback_same_as_reference(const char *reference_file, const char *ours_name)
{
    k4a_playback_t a = NULL, b = NULL;
    EXPECT_EQ(k4a_playback_open(td_path("playback", reference_file), &a), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_open(scratch(ours_name), &b), K4A_RESULT_SUCCEEDED);
    if (a == NULL || b == NULL)
    {
        if (a != NULL)
            k4a_playback_close(a);
        if (b != NULL)
            k4a_playback_close(b);
        return;
    }
    k4a_record_configuration_t ca, cb;
    EXPECT_EQ(k4a_playback_get_record_configuration(a, &ca), K4A_RESULT_SUCCEEDED);
    EXPECT_EQ(k4a_playback_get_record_configuration(b, &cb), K4A_RESULT_SUCCEEDED);
    EXPECT_TRUE(memcmp(&ca, &cb, sizeof(ca)) == 0);
    EXPECT_EQ(k4a_playback_get_recording_length_usec(a), k4a_playback_get_recording_length_usec(b));
    EXPECT_EQ(k4a_playback_get_track_count(a), k4a_playback_get_track_count(b));
    const char *names[] = { "K4A_COLOR_MODE",     "K4A_DEPTH_MODE",      "K4A_IR_MODE",         "K4A_IMU_MODE",
                            "K4A_DEPTH_DELAY_NS", "K4A_WIRED_SYNC_MODE", "K4A_START_OFFSET_NS", "K4A_CALIBRATION_FILE",
                            "CUSTOM_NOTE",        "UTF8_VALUE",          "DUPLICATE_TAG",       "EMPTY_VALUE",
                            "lower_case_tag" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    {
        char *va = playback_tag(a, names[i]), *vb = playback_tag(b, names[i]);
        EXPECT_TRUE((va == NULL && vb == NULL) || (va != NULL && vb != NULL && strcmp(va, vb) == 0));
        free(va);
        free(vb);
    }
    size_t sa = 0, sb = 0;
    EXPECT_EQ(k4a_playback_get_raw_calibration(a, NULL, &sa), k4a_playback_get_raw_calibration(b, NULL, &sb));
    EXPECT_EQ(sa, sb);
    /* captures, IMU samples and data blocks, forward */
    int count = 0;
    bool same = true;
    for (;;)
    {
        k4a_capture_t x = NULL, y = NULL;
        k4a_stream_result_t rx = k4a_playback_get_next_capture(a, &x), ry = k4a_playback_get_next_capture(b, &y);
        EXPECT_EQ(rx, ry);
        if (rx != K4A_STREAM_RESULT_SUCCEEDED || ry != K4A_STREAM_RESULT_SUCCEEDED)
        {
            if (x != NULL)
                k4a_capture_release(x);
            if (y != NULL)
                k4a_capture_release(y);
            break;
        }
        same = same_capture(x, y) && same;
        k4a_capture_release(x);
        k4a_capture_release(y);
        count++;
    }
    EXPECT_TRUE(same && count > 0);
    int samples = 0;
    same = true;
    for (;;)
    {
        k4a_imu_sample_t x, y;
        k4a_stream_result_t rx = k4a_playback_get_next_imu_sample(a, &x), ry = k4a_playback_get_next_imu_sample(b, &y);
        EXPECT_EQ(rx, ry);
        if (rx != K4A_STREAM_RESULT_SUCCEEDED || ry != K4A_STREAM_RESULT_SUCCEEDED)
            break;
        same = same && same_imu(&x, &y);
        samples++;
    }
    EXPECT_TRUE(same);
    const char *custom[] = { "CUSTOM_VIDEO", "CUSTOM_SUBTITLE", "CUSTOM_HIFREQ" };
    for (size_t t = 0; t < 3; t++)
    {
        if (!k4a_playback_check_track_exists(a, custom[t]))
            continue;
        same = true;
        int blocks = 0;
        for (;;)
        {
            k4a_playback_data_block_t x = NULL, y = NULL;
            k4a_stream_result_t rx = k4a_playback_get_next_data_block(a, custom[t], &x);
            k4a_stream_result_t ry = k4a_playback_get_next_data_block(b, custom[t], &y);
            EXPECT_EQ(rx, ry);
            if (rx == K4A_STREAM_RESULT_SUCCEEDED && ry == K4A_STREAM_RESULT_SUCCEEDED)
            {
                same = same &&
                       k4a_playback_data_block_get_device_timestamp_usec(x) ==
                           k4a_playback_data_block_get_device_timestamp_usec(y) &&
                       k4a_playback_data_block_get_buffer_size(x) == k4a_playback_data_block_get_buffer_size(y) &&
                       memcmp(k4a_playback_data_block_get_buffer(x), k4a_playback_data_block_get_buffer(y),
                              k4a_playback_data_block_get_buffer_size(x)) == 0;
                blocks++;
            }
            if (x != NULL)
                k4a_playback_data_block_release(x);
            if (y != NULL)
                k4a_playback_data_block_release(y);
            if (rx != K4A_STREAM_RESULT_SUCCEEDED || ry != K4A_STREAM_RESULT_SUCCEEDED)
                break;
        }
        EXPECT_TRUE(same && blocks > 0);
    }
    /* seeks land on the same captures */
    int64_t offsets[] = { 0, 100000, 333333, 700000, 2000000000 };
    for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
        for (int origin = 0; origin < 3; origin++)
        {
            int64_t offset = offsets[i];
            if (origin == K4A_PLAYBACK_SEEK_END)
                offset = -offsets[i];
            else if (origin == K4A_PLAYBACK_SEEK_DEVICE_TIME)
                offset = offsets[i] + (int64_t)ca.start_timestamp_offset_usec;
            k4a_result_t ra = k4a_playback_seek_timestamp(a, offset, (k4a_playback_seek_origin_t)origin);
            k4a_result_t rb = k4a_playback_seek_timestamp(b, offset, (k4a_playback_seek_origin_t)origin);
            EXPECT_EQ(ra, rb);
            k4a_capture_t x = NULL, y = NULL;
            k4a_stream_result_t rx = k4a_playback_get_next_capture(a, &x), ry = k4a_playback_get_next_capture(b, &y);
            EXPECT_EQ(rx, ry);
            if (x != NULL && y != NULL)
                EXPECT_TRUE(same_capture(x, y));
            if (x != NULL)
                k4a_capture_release(x);
            if (y != NULL)
                k4a_capture_release(y);
            k4a_imu_sample_t ix, iy;
            rx = k4a_playback_get_previous_imu_sample(a, &ix);
            ry = k4a_playback_get_previous_imu_sample(b, &iy);
            EXPECT_EQ(rx, ry);
            if (rx == K4A_STREAM_RESULT_SUCCEEDED && ry == K4A_STREAM_RESULT_SUCCEEDED)
                EXPECT_TRUE(same_imu(&ix, &iy));
        }
    k4a_playback_close(a);
    k4a_playback_close(b);
}

static void test_rewritten_references_play_back_like_the_references(void)
{
    playback_same_as_reference("synthetic_a_mjpg720p_nfov2x2_15fps.mkv", "synthetic_a.mkv");
    playback_same_as_reference("synthetic_b_nv12720p_wfov2x2_30fps.mkv", "synthetic_b.mkv");
}

/* ---- durability and failures ------------------------------------------------------------------------------- */

/* Our playback opens the file and returns the first `count` depth images as written (frame f made
 * by make_16 at 1000 + f * 33333 us or base + f * 33333 us). */
static void expect_playback_has_depth_frames(const char *path, int count, int width, int height, uint64_t base)
{
    k4a_playback_t p = NULL;
    EXPECT_EQ(k4a_playback_open(path, &p), K4A_RESULT_SUCCEEDED);
    if (p == NULL)
        return;
    int f = 0;
    bool same = true;
    k4a_capture_t capture = NULL;
    while (f < count && k4a_playback_get_next_capture(p, &capture) == K4A_STREAM_RESULT_SUCCEEDED)
    {
        k4a_image_t got = k4a_capture_get_depth_image(capture);
        k4a_image_t expected = make_16(K4A_IMAGE_FORMAT_DEPTH16, width, height, f, base + (uint64_t)f * 33333);
        same = same_image(got, expected) && same;
        if (got != NULL)
            k4a_image_release(got);
        k4a_image_release(expected);
        k4a_capture_release(capture);
        f++;
    }
    EXPECT_TRUE(same);
    EXPECT_EQ(f, count);
    k4a_playback_close(p);
}

/* A child writes, flushes and is killed; what it flushed is in the file, which readers accept.
 * keep_writing: the child first writes two more seconds (the window lets some clusters go), and the
 * file is then cut inside its last cluster, as a kill in the middle of a write would leave it. */
static void kill_after_flush(bool keep_writing, const char *name)
{
    const char *path = scratch(name);
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_UNBINNED, K4A_FRAMES_PER_SECOND_30);
    int pipefd[2];
    EXPECT_EQ(pipe(pipefd), 0);
    const int flushed = 12;
    pid_t child = fork();
    if (child == 0)
    {
        close(pipefd[0]);
        k4a_record_t r = NULL;
        if (k4a_record_create(path, NULL, c, &r) != K4A_RESULT_SUCCEEDED ||
            k4a_record_add_imu_track(r) != K4A_RESULT_SUCCEEDED || k4a_record_write_header(r) != K4A_RESULT_SUCCEEDED)
            _exit(2);
        for (int f = 0;; f++)
        {
            uint64_t ts = 500000 + (uint64_t)f * 33333;
            k4a_capture_t capture = make_capture(&c, f, ts, HAS_ALL);
            if (k4a_record_write_capture(r, capture) != K4A_RESULT_SUCCEEDED)
                _exit(3);
            k4a_capture_release(capture);
            for (int s = 0; s < 33; s++)
                k4a_record_write_imu_sample(r, make_imu(f * 33 + s, ts + (uint64_t)s * 1000));
            if (f + 1 == flushed)
            {
                if (k4a_record_flush(r) != K4A_RESULT_SUCCEEDED)
                    _exit(4);
                long size = file_size(path);
                if (write(pipefd[1], &size, sizeof(size)) != (ssize_t)sizeof(size))
                    _exit(5);
                if (!keep_writing)
                    for (;;)
                        pause();
            }
            if (f + 1 == flushed + 60)
            {
                char done = 'm';
                if (write(pipefd[1], &done, 1) != 1)
                    _exit(6);
                for (;;)
                    pause();
            }
        }
    }
    close(pipefd[1]);
    long flushed_size = 0;
    EXPECT_EQ(read(pipefd[0], &flushed_size, sizeof(flushed_size)), (ssize_t)sizeof(flushed_size));
    char done = 0;
    if (keep_writing)
        EXPECT_EQ(read(pipefd[0], &done, 1), 1);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(pipefd[0]);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    if (keep_writing)
    {
        long size = file_size(path);
        EXPECT_TRUE(size > flushed_size + 1000);
        EXPECT_EQ(truncate(path, size - 100), 0);
    }
    else
        EXPECT_EQ(file_size(path), flushed_size);

    record_mkv_t mkv;
    bool complete = record_mkv_read(&mkv, path);
    /* Killed right after the flush, the file is complete as it is; cut while writing more, only its
     * last cluster is short. */
    if (!keep_writing)
        EXPECT_TRUE(complete);
    else
        EXPECT_TRUE(!complete && strstr(mkv.error, "runs past its parent") != NULL);
    EXPECT_TRUE(!mkv.segment_size_known);
    const char *start = record_mkv_tag_value(&mkv, "K4A_START_OFFSET_NS");
    EXPECT_STR(start != NULL ? start : "", "500000000");
    const record_mkv_track_t *depth = record_mkv_track_by_name(&mkv, "DEPTH");
    EXPECT_TRUE(depth != NULL);
    bool all = depth != NULL && record_mkv_frame_count(&mkv, depth->number) >= (size_t)flushed;
    for (int f = 0; all && f < flushed; f++)
    {
        k4a_image_t image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 640, 576, f, 0);
        size_t size = 0;
        int64_t time = 0;
        const uint8_t *frame = record_mkv_frame(&mkv, depth->number, (size_t)f, &size, &time, NULL);
        all = frame != NULL && frame_is_image(frame, size, image) && time == (int64_t)f * 33333;
        k4a_image_release(image);
    }
    EXPECT_TRUE(all);
    EXPECT_TRUE(record_mkv_frame_count(&mkv, 4) >= (size_t)flushed * 33);
    EXPECT_TRUE(mkv.has_duration && mkv.duration >= (flushed - 1) * 33333.0);
    record_mkv_free(&mkv);
    expect_playback_has_depth_frames(path, flushed, 640, 576, 500000);
    if (!keep_writing)
    {
        expect_mkvinfo_clean(path);
        probe_stream_t streams[8];
        int problems = 0;
        int n = ffprobe_streams(path, streams, 8, &problems);
        if (n >= 0)
        {
            EXPECT_EQ(problems, 0);
            EXPECT_EQ(n, 4);
            EXPECT_EQ(streams[1].frames, flushed);
        }
    }
}

static void test_flushed_data_survives_a_kill(void)
{
    kill_after_flush(false, "killed_after_flush.mkv");
}

static void test_flushed_data_survives_a_kill_while_writing(void)
{
    kill_after_flush(true, "killed_while_writing.mkv");
}

/* Writes captures with a flush after every second one until a write fails; returns how many were
 * flushed. The file must then hold exactly those (and maybe complete clusters after them). */
static int write_until_failure(const char *path, int limit_captures, bool *failed_in_header, bool expect_message)
{
    k4a_device_configuration_t c = config_of(K4A_IMAGE_FORMAT_COLOR_MJPG, K4A_COLOR_RESOLUTION_720P,
                                             K4A_DEPTH_MODE_NFOV_2X2BINNED, K4A_FRAMES_PER_SECOND_30);
    k4a_record_t r = NULL;
    int flushed = 0;
    *failed_in_header = false;
    log_capture_start();
    if (k4a_record_create(path, NULL, c, &r) != K4A_RESULT_SUCCEEDED)
        return -1;
    if (k4a_record_write_header(r) != K4A_RESULT_SUCCEEDED)
    {
        *failed_in_header = true;
        if (expect_message)
            EXPECT_TRUE(log_capture_said("write failed") || log_capture_said("File too large"));
        EXPECT_EQ(k4a_record_write_header(r), K4A_RESULT_FAILED);
        k4a_capture_t capture = make_capture(&c, 0, 1000, HAS_ALL);
        EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
        k4a_capture_release(capture);
        k4a_record_close(r);
        return 0;
    }
    for (int f = 0; f < limit_captures; f++)
    {
        k4a_capture_t capture = make_capture(&c, f, 1000 + (uint64_t)f * 33333, HAS_ALL);
        k4a_result_t result = k4a_record_write_capture(r, capture);
        k4a_capture_release(capture);
        if (result == K4A_RESULT_SUCCEEDED && f % 2 == 1)
        {
            result = k4a_record_flush(r);
            if (result == K4A_RESULT_SUCCEEDED)
                flushed = f + 1;
        }
        if (result != K4A_RESULT_SUCCEEDED)
        {
            if (expect_message)
                EXPECT_TRUE(log_capture_said("failed"));
            /* everything later is refused, saying why */
            capture = make_capture(&c, f + 1, 1000 + (uint64_t)(f + 1) * 33333, HAS_ALL);
            EXPECT_EQ(k4a_record_write_capture(r, capture), K4A_RESULT_FAILED);
            EXPECT_TRUE(log_capture_said("failed earlier"));
            k4a_capture_release(capture);
            EXPECT_EQ(k4a_record_flush(r), K4A_RESULT_FAILED);
            break;
        }
    }
    k4a_record_close(r);
    return flushed;
}

static void check_recovered_file(const char *path, int flushed, bool expect_complete_close)
{
    record_mkv_t mkv;
    EXPECT_TRUE(record_mkv_read(&mkv, path));
    if (mkv.error[0] != '\0')
        fprintf(stderr, "  %s: %s\n", path, mkv.error);
    EXPECT_EQ(mkv.segment_size_known, expect_complete_close);
    const record_mkv_track_t *depth = record_mkv_track_by_name(&mkv, "DEPTH");
    EXPECT_TRUE(depth != NULL && record_mkv_frame_count(&mkv, depth->number) >= (size_t)flushed);
    bool all = depth != NULL;
    for (int f = 0; all && f < flushed; f++)
    {
        k4a_image_t image = make_16(K4A_IMAGE_FORMAT_DEPTH16, 320, 288, f, 0);
        size_t size = 0;
        const uint8_t *frame = record_mkv_frame(&mkv, depth->number, (size_t)f, &size, NULL, NULL);
        all = frame != NULL && frame_is_image(frame, size, image);
        k4a_image_release(image);
    }
    EXPECT_TRUE(all);
    record_mkv_free(&mkv);
    expect_mkvinfo_clean(path);
    if (flushed > 0)
        expect_playback_has_depth_frames(path, flushed, 320, 288, 1000);
}

static void test_write_failures_leave_a_readable_file(void)
{
    /* a disk that fills up at various points: in the header, in clusters, in the Cues at close */
    const char *path = scratch("full_disk.mkv");
    bool in_header = false;
    int full = write_until_failure(path, 20, &in_header, false);
    long complete_size = file_size(path);
    EXPECT_EQ(full, 20);
    long limits[] = { 100, 4000, 150000, 400000, 1000000, complete_size - 8 };
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
    {
        char value[32];
        snprintf(value, sizeof(value), "%ld", limits[i]);
        setenv("K4A4J_RECORD_FAIL_AFTER_BYTES", value, 1);
        int flushed = write_until_failure(path, 20, &in_header, true);
        unsetenv("K4A4J_RECORD_FAIL_AFTER_BYTES");
        EXPECT_TRUE(file_size(path) <= limits[i]);
        if (in_header)
        {
            EXPECT_EQ(file_size(path), 0); /* nothing readable was written: nothing is left */
            continue;
        }
        bool at_close = i + 1 == sizeof(limits) / sizeof(limits[0]);
        EXPECT_TRUE(at_close ? flushed == 20 : flushed < 20);
        if (at_close)
            EXPECT_TRUE(log_capture_said("k4a_record_close: finishing"));
        check_recovered_file(path, flushed, false);
    }
}

/* The same with a real operating-system limit: RLIMIT_FSIZE makes write() fail with EFBIG. */
static void test_file_size_limit(void)
{
    const char *path = scratch("fsize.mkv");
    pid_t child = fork();
    if (child == 0)
    {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit limit = { 3000000, 3000000 };
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
            _exit(10);
        bool in_header = false;
        int flushed = write_until_failure(path, 40, &in_header, false);
        _exit(flushed < 0 ? 11 : flushed);
    }
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) < 40 && WEXITSTATUS(status) > 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) >= 40 || WEXITSTATUS(status) == 0)
        fprintf(stderr, "  child status %d\n", status);
    if (WIFEXITED(status) && WEXITSTATUS(status) < 40)
    {
        EXPECT_TRUE(file_size(path) <= 3000000);
        check_recovered_file(path, WEXITSTATUS(status), false);
    }
}

/* A really small file system (tmpfs of 1 MiB), when we may mount one. */
static void test_small_file_system(void)
{
#if defined(__linux__)
    const char *dir = scratch("tiny");
    mkdir(dir, 0700);
    if (geteuid() != 0 || mount("tmpfs", dir, "tmpfs", 0, "size=1m") != 0)
    {
        fprintf(stderr, "  (cannot mount a small tmpfs here: %s; skipped)\n",
                geteuid() != 0 ? "not root" : strerror(errno));
        rmdir(dir);
        return;
    }
    char path[600];
    snprintf(path, sizeof(path), "%s/small.mkv", dir);
    bool in_header = false;
    int flushed = write_until_failure(path, 40, &in_header, true);
    EXPECT_TRUE(flushed > 0 && flushed < 40);
    check_recovered_file(path, flushed, false);
    umount2(dir, MNT_DETACH);
    rmdir(dir);
#else
    fprintf(stderr, "  (no tmpfs on this system; skipped)\n");
#endif
}

static void cleanup(void)
{
    char out[256];
    if (scratch_dir[0] != '\0' && getenv("K4A4J_KEEP_TEST_FILES") == NULL)
        run(out, sizeof(out), "rm -rf '%s'", scratch_dir);
}

int main(void)
{
    snprintf(scratch_dir, sizeof(scratch_dir), "%s/k4a4j_record_test_XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(scratch_dir) == NULL)
    {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_record_api_checks);
    RUN(test_create_rejects_bad_arguments);
    RUN(test_order_of_calls);
    RUN(test_capture_must_match_the_configuration);
    RUN(test_rewriting_synthetic_a_gives_the_reference_file);
    RUN(test_rewriting_synthetic_b_gives_the_reference_file);
    RUN(test_ffprobe_and_mkvinfo_read_our_files);
    RUN(test_what_is_written_is_in_the_file);
    RUN(test_reorder_window);
    RUN(test_playback_reads_back_what_was_written);
    RUN(test_empty_and_imu_only_recordings);
    RUN(test_rewritten_references_play_back_like_the_references);
    RUN(test_flushed_data_survives_a_kill);
    RUN(test_flushed_data_survives_a_kill_while_writing);
    RUN(test_write_failures_leave_a_readable_file);
    RUN(test_file_size_limit);
    RUN(test_small_file_system);
    cleanup();
    return check_summary();
}
