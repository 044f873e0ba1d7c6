/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Playback.getTagNames and getAttachmentNames: the listing the k4arecord API lacks. */
class PlaybackNamesTest {
    @Test
    @DisplayName("a device recording lists its format tags, each readable, and its calibration attachment")
    void deviceRecording() {
        try (Playback playback = Playback.open(TestData.file("playback", "pyk4a_recording.mkv"))) {
            List<String> tags = playback.getTagNames();
            assertTrue(tags.containsAll(Arrays.asList("K4A_COLOR_MODE", "K4A_DEPTH_MODE", "K4A_DEVICE_SERIAL_NUMBER",
                    "K4A_CALIBRATION_FILE", "K4A_START_OFFSET_NS")), tags.toString());
            for (String tag : tags) {
                assertTrue(playback.getTag(tag).isPresent(), tag);
            }
            assertEquals(Arrays.asList("calibration.json"), playback.getAttachmentNames());
        }
    }

    @Test
    @DisplayName("user tags, custom-track tags and attachments written by Recorder are listed in file order")
    void recorderRecording(@TempDir Path tmp) {
        Path path = tmp.resolve("names.mkv");
        try (Recorder recorder = Recorder.create(path, DeviceConfiguration.DISABLE_ALL)) {
            recorder.addTag("SCENE", "kitchen");
            recorder.addAttachment("notes.txt", "n".getBytes(StandardCharsets.UTF_8));
            recorder.addAttachment("more.bin", new byte[] {1, 2});
            recorder.addCustomSubtitleTrack("DATA", "S_K4A/DATA", null, false);
            recorder.writeHeader();
            recorder.writeCustomTrackData("DATA", 1000, new byte[] {7});
        }
        try (Playback playback = Playback.open(path)) {
            List<String> tags = playback.getTagNames();
            assertTrue(tags.contains("SCENE"), tags.toString());
            assertTrue(tags.contains("K4A_CUSTOM_TRACK_DATA"), tags.toString());
            assertFalse(tags.contains("K4A_CALIBRATION_FILE"), "no tag that is not in the file");
            assertEquals(Arrays.asList("notes.txt", "more.bin"), playback.getAttachmentNames());
            playback.close();
            assertThrows(IllegalStateException.class, playback::getTagNames);
            assertThrows(IllegalStateException.class, playback::getAttachmentNames);
        }
    }
}
