/* Placeholder until the playback and record issues land: every call fails with a message. */
#include "../common/log.h"
#include <k4arecord/playback.h>
#include <k4arecord/record.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

k4a_result_t k4a_playback_open(const char *path, k4a_playback_t *playback_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_open"); return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_get_raw_calibration(k4a_playback_t playback_handle, uint8_t *data, size_t *data_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_raw_calibration"); return K4A_BUFFER_RESULT_FAILED;
}

k4a_result_t k4a_playback_get_calibration(k4a_playback_t playback_handle, k4a_calibration_t *calibration)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_calibration"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_playback_get_record_configuration(k4a_playback_t playback_handle, k4a_record_configuration_t *config)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_record_configuration"); return K4A_RESULT_FAILED;
}

bool k4a_playback_check_track_exists(k4a_playback_t playback_handle, const char *track_name)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_check_track_exists"); return false;
}

size_t k4a_playback_get_track_count(k4a_playback_t playback_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_track_count"); return 0;
}

k4a_buffer_result_t k4a_playback_get_track_name(k4a_playback_t playback_handle, size_t track_index, char *track_name, size_t *track_name_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_track_name"); return K4A_BUFFER_RESULT_FAILED;
}

bool k4a_playback_track_is_builtin(k4a_playback_t playback_handle, const char *track_name)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_track_is_builtin"); return false;
}

k4a_result_t k4a_playback_track_get_video_settings(k4a_playback_t playback_handle, const char *track_name, k4a_record_video_settings_t *video_settings)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_track_get_video_settings"); return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_id(k4a_playback_t playback_handle, const char *track_name, char *codec_id, size_t *codec_id_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_track_get_codec_id"); return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_track_get_codec_context(k4a_playback_t playback_handle, const char *track_name, uint8_t *codec_context, size_t *codec_context_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_track_get_codec_context"); return K4A_BUFFER_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_get_tag(k4a_playback_t playback_handle, const char *name, char *value, size_t *value_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_tag"); return K4A_BUFFER_RESULT_FAILED;
}

k4a_result_t k4a_playback_set_color_conversion(k4a_playback_t playback_handle, k4a_image_format_t target_format)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_set_color_conversion"); return K4A_RESULT_FAILED;
}

k4a_buffer_result_t k4a_playback_get_attachment(k4a_playback_t playback_handle, const char *file_name, uint8_t *data, size_t *data_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_attachment"); return K4A_BUFFER_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_next_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_next_capture"); return K4A_STREAM_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_previous_capture(k4a_playback_t playback_handle, k4a_capture_t *capture_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_previous_capture"); return K4A_STREAM_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_next_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_next_imu_sample"); return K4A_STREAM_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_previous_imu_sample(k4a_playback_t playback_handle, k4a_imu_sample_t *imu_sample)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_previous_imu_sample"); return K4A_STREAM_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_next_data_block(k4a_playback_t playback_handle, const char *track_name, k4a_playback_data_block_t *data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_next_data_block"); return K4A_STREAM_RESULT_FAILED;
}

k4a_stream_result_t k4a_playback_get_previous_data_block(k4a_playback_t playback_handle, const char *track_name, k4a_playback_data_block_t *data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_previous_data_block"); return K4A_STREAM_RESULT_FAILED;
}

uint64_t k4a_playback_data_block_get_device_timestamp_usec(k4a_playback_data_block_t data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_data_block_get_device_timestamp_usec"); return 0;
}

size_t k4a_playback_data_block_get_buffer_size(k4a_playback_data_block_t data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_data_block_get_buffer_size"); return 0;
}

uint8_t * k4a_playback_data_block_get_buffer(k4a_playback_data_block_t data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_data_block_get_buffer"); return NULL;
}

void k4a_playback_data_block_release(k4a_playback_data_block_t data_block_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_data_block_release");
}

k4a_result_t k4a_playback_seek_timestamp(k4a_playback_t playback_handle, int64_t offset_usec, k4a_playback_seek_origin_t origin)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_seek_timestamp"); return K4A_RESULT_FAILED;
}

uint64_t k4a_playback_get_recording_length_usec(k4a_playback_t playback_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_recording_length_usec"); return 0;
}

uint64_t k4a_playback_get_last_timestamp_usec(k4a_playback_t playback_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_get_last_timestamp_usec"); return 0;
}

void k4a_playback_close(k4a_playback_t playback_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_playback_close");
}

k4a_result_t k4a_record_create(const char *path, k4a_device_t device, const k4a_device_configuration_t device_config, k4a_record_t *recording_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_create"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_tag(k4a_record_t recording_handle, const char *name, const char *value)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_add_tag"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_imu_track(k4a_record_t recording_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_add_imu_track"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_attachment(const k4a_record_t recording_handle, const char *attachment_name, const uint8_t *buffer, size_t buffer_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_add_attachment"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_custom_video_track(const k4a_record_t recording_handle, const char *track_name, const char *codec_id, const uint8_t *codec_context, size_t codec_context_size, const k4a_record_video_settings_t *track_settings)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_add_custom_video_track"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_add_custom_subtitle_track(const k4a_record_t recording_handle, const char *track_name, const char *codec_id, const uint8_t *codec_context, size_t codec_context_size, const k4a_record_subtitle_settings_t *track_settings)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_add_custom_subtitle_track"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_header(k4a_record_t recording_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_write_header"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_capture(k4a_record_t recording_handle, k4a_capture_t capture_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_write_capture"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_imu_sample(k4a_record_t recording_handle, k4a_imu_sample_t imu_sample)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_write_imu_sample"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_write_custom_track_data(const k4a_record_t recording_handle, const char *track_name, uint64_t device_timestamp_usec, uint8_t *custom_data, size_t custom_data_size)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_write_custom_track_data"); return K4A_RESULT_FAILED;
}

k4a_result_t k4a_record_flush(k4a_record_t recording_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_flush"); return K4A_RESULT_FAILED;
}

void k4a_record_close(k4a_record_t recording_handle)
{
    LOG_ERROR("%s: not implemented yet", "k4a_record_close");
}
