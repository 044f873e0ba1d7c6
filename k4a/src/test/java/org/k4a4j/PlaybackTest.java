/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/**
 * {@link Playback} against ../shared/testdata/playback: for each recording its configuration, calibration,
 * tags, tracks, attachments, captures forward and backward (image properties and sha256 of the buffers), IMU
 * samples, data blocks, seeks and colour conversions; then the streams, and bad input.
 */
class PlaybackTest {
    private static List<JsonObject> recordings() {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement e : manifest("playback").getAsJsonArray("recordings")) {
            list.add(e.getAsJsonObject());
        }
        return list;
    }

    private static Playback open(JsonObject recording) {
        return Playback.open(file("playback", recording.get("file").getAsString()));
    }

    private static String id(JsonObject r) {
        return r.get("id").getAsString();
    }

    /** Every image property the manifest lists, and the sha256 of the buffer unless skipped. */
    static void assertImage(JsonObject want, Image got, boolean compareBytes, String what) {
        if (want == null || want.isJsonNull()) {
            assertNull(got, what + ": no image expected");
            return;
        }
        assertNotNull(got, what + ": image expected");
        assertEquals(constant(want.get("format")), got.getFormat().value(), what + " format");
        assertEquals(want.get("width").getAsInt(), got.getWidthPixels(), what + " width");
        assertEquals(want.get("height").getAsInt(), got.getHeightPixels(), what + " height");
        assertEquals(want.get("stride_bytes").getAsInt(), got.getStrideBytes(), what + " stride");
        assertEquals(want.get("size_bytes").getAsLong(), got.getSize(), what + " size");
        assertEquals(want.get("device_timestamp_usec").getAsLong(), got.getDeviceTimestampUsec(), what + " device ts");
        assertEquals(want.get("system_timestamp_nsec").getAsLong(), got.getSystemTimestampNsec(), what + " system ts");
        assertEquals(want.get("exposure_usec").getAsLong(), got.getExposureUsec(), what + " exposure");
        assertEquals(want.get("white_balance").getAsLong(), got.getWhiteBalance(), what + " white balance");
        assertEquals(want.get("iso_speed").getAsLong(), got.getIsoSpeed(), what + " iso");
        if (compareBytes) {
            assertEquals(want.get("sha256").getAsString(), sha256(got), what + " sha256");
        }
    }

    static void assertCapture(JsonObject want, Capture got, String what) {
        assertTrue(sameBits(f32(want.get("temperature_c")), got.getTemperatureC()), what + " temperature");
        try (Image color = got.getColorImage(); Image depth = got.getDepthImage(); Image ir = got.getIrImage()) {
            assertImage(nullable(want, "color"), color, true, what + " colour");
            assertImage(nullable(want, "depth"), depth, true, what + " depth");
            assertImage(nullable(want, "ir"), ir, true, what + " IR");
        }
    }

    private static JsonObject nullable(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? null : e.getAsJsonObject();
    }

    @Test
    @DisplayName("configuration, length, raw calibration and calibration are those of the reference")
    void configurationAndCalibration() {
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                JsonObject c = r.getAsJsonObject("record_configuration");
                RecordConfiguration got = p.getRecordConfiguration();
                String what = id(r);
                assertEquals(constant(c.get("color_format")), got.getColorFormat().value(), what);
                assertEquals(constant(c.get("color_resolution")), got.getColorResolution().value(), what);
                assertEquals(constant(c.get("depth_mode")), got.getDepthMode().value(), what);
                assertEquals(constant(c.get("camera_fps")), got.getCameraFps().value(), what);
                assertEquals(c.get("color_track_enabled").getAsBoolean(), got.isColorTrackEnabled(), what);
                assertEquals(c.get("depth_track_enabled").getAsBoolean(), got.isDepthTrackEnabled(), what);
                assertEquals(c.get("ir_track_enabled").getAsBoolean(), got.isIrTrackEnabled(), what);
                assertEquals(c.get("imu_track_enabled").getAsBoolean(), got.isImuTrackEnabled(), what);
                assertEquals(c.get("depth_delay_off_color_usec").getAsInt(), got.getDepthDelayOffColorUsec(), what);
                assertEquals(constant(c.get("wired_sync_mode")), got.getWiredSyncMode().value(), what);
                assertEquals(c.get("subordinate_delay_off_master_usec").getAsLong(), got.getSubordinateDelayOffMasterUsec());
                assertEquals(c.get("start_timestamp_offset_usec").getAsLong(), got.getStartTimestampOffsetUsec(), what);
                assertEquals(got, p.getRecordConfiguration(), "a value: equal each time");

                assertEquals(r.get("recording_length_usec").getAsLong(), p.getRecordingLengthUsec(), what + " length");

                JsonObject raw = r.getAsJsonObject("raw_calibration");
                byte[] rawBytes = p.getRawCalibration();
                assertEquals(raw.get("size").getAsInt(), rawBytes.length, what + " raw calibration size");
                assertEquals(raw.get("sha256").getAsString(), sha256(rawBytes), what + " raw calibration");
                assertEquals(0, rawBytes[rawBytes.length - 1], "NUL-terminated");

                JsonObject cal = r.getAsJsonObject("calibration");
                if (constant(cal.get("result")) == K4A_RESULT_SUCCEEDED) {
                    Calibration calibration = p.getCalibration();
                    CalibrationTest.assertCalibration(cal.getAsJsonObject("calibration"), calibration, what);
                    assertEquals(calibration, Calibration.fromRaw(rawBytes, got.getDepthMode(), got.getColorResolution()),
                            "the raw calibration gives the same calibration");
                } else {
                    assertThrows(K4aException.class, p::getCalibration);
                }
            }
        }
    }

    @Test
    @DisplayName("tags: present names give their values, absent names (wrong case, unknown, empty) give empty")
    void tags() {
        int present = 0;
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                for (JsonElement e : r.getAsJsonArray("tags")) {
                    JsonObject t = e.getAsJsonObject();
                    Optional<String> got = p.getTag(t.get("name").getAsString());
                    if (constant(t.get("size_query_result")) == K4A_BUFFER_RESULT_FAILED) {
                        assertFalse(got.isPresent(), id(r) + " tag " + t.get("name") + " is absent");
                    } else {
                        assertEquals(t.get("value").getAsString(), got.orElse(null), id(r) + " tag " + t.get("name"));
                        assertEquals(t.get("value_size").getAsInt() - 1,
                                got.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, "size without NUL");
                        present++;
                    }
                }
            }
        }
        assertTrue(present > 30, present + " tags");
    }

    @Test
    @DisplayName("tracks: count, names, existence, built-in flag, codec id, codec context and video settings")
    void tracks() {
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                JsonObject tracks = r.getAsJsonObject("tracks");
                int count = tracks.get("count").getAsInt();
                assertEquals(count, p.getTrackCount(), id(r));
                List<String> names = p.getTrackNames();
                assertEquals(count, names.size());
                for (JsonElement e : tracks.getAsJsonArray("list")) {
                    JsonObject t = e.getAsJsonObject();
                    int index = t.get("index").getAsInt();
                    if (index >= count) {
                        assertThrows(IndexOutOfBoundsException.class, () -> p.getTrackName(index));
                        continue;
                    }
                    String name = t.get("name").getAsString();
                    String what = id(r) + " track " + name;
                    assertEquals(name, p.getTrackName(index), what);
                    assertEquals(name, names.get(index), what);
                    assertEquals(t.get("exists").getAsBoolean(), p.hasTrack(name), what);
                    assertEquals(t.get("builtin").getAsBoolean(), p.isBuiltinTrack(name), what);
                    assertEquals(t.get("codec_id").getAsString(), p.getTrackCodecId(name), what);
                    byte[] context = p.getTrackCodecContext(name);
                    assertEquals(t.get("codec_context_size").getAsInt(), context.length, what);
                    assertEquals(t.get("codec_context_sha256").getAsString(), sha256(context), what);
                    if (constant(t.get("video_settings_result")) == K4A_RESULT_SUCCEEDED) {
                        JsonObject v = t.getAsJsonObject("video_settings");
                        assertEquals(new VideoSettings(v.get("width").getAsLong(), v.get("height").getAsLong(),
                                v.get("frame_rate").getAsLong()), p.getTrackVideoSettings(name), what);
                    } else {
                        K4aException x = assertThrows(K4aException.class, () -> p.getTrackVideoSettings(name), what);
                        assertEquals("k4a_playback_track_get_video_settings", x.getFunction());
                    }
                }
                for (JsonElement e : tracks.getAsJsonArray("builtin_name_checks")) {
                    JsonObject t = e.getAsJsonObject();
                    assertEquals(t.get("exists").getAsBoolean(), p.hasTrack(t.get("name").getAsString()));
                    assertEquals(t.get("builtin").getAsBoolean(), p.isBuiltinTrack(t.get("name").getAsString()));
                }
                assertFalse(p.hasTrack("NO_SUCH_TRACK"));
                assertFalse(p.isBuiltinTrack("NO_SUCH_TRACK"));
                assertThrows(K4aException.class, () -> p.getTrackCodecId("NO_SUCH_TRACK"));
                assertThrows(K4aException.class, () -> p.getTrackCodecContext("NO_SUCH_TRACK"));
                assertThrows(K4aException.class, () -> p.getTrackVideoSettings("NO_SUCH_TRACK"));
            }
        }
    }

    @Test
    @DisplayName("attachments: contents by sha256, and empty for a name the recording does not have")
    void attachments() {
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                for (JsonElement e : r.getAsJsonArray("attachments")) {
                    JsonObject a = e.getAsJsonObject();
                    Optional<byte[]> got = p.getAttachment(a.get("name").getAsString());
                    if (a.get("name_found_in_file").getAsBoolean()) {
                        assertTrue(got.isPresent(), id(r) + " " + a.get("name"));
                        assertEquals(a.get("size").getAsInt(), got.get().length);
                        assertEquals(a.get("sha256").getAsString(), sha256(got.get()));
                    } else {
                        assertFalse(got.isPresent(), id(r) + " " + a.get("name"));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("captures forward to EOF, then backward from the end, are the reference's, image by image")
    void capturesForwardAndBackward() {
        int captures = 0;
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                JsonArray forward = r.getAsJsonObject("captures_forward").getAsJsonArray("captures");
                for (int i = 0; i < forward.size(); i++) {
                    try (Capture c = p.nextCapture().orElseThrow(AssertionError::new)) {
                        assertCapture(forward.get(i).getAsJsonObject(), c, id(r) + " forward " + i);
                        captures++;
                    }
                }
                assertFalse(p.nextCapture().isPresent(), "EOF");
                assertFalse(p.nextCapture().isPresent(), "EOF again");
                p.seek(0, K4A_PLAYBACK_SEEK_END);
                JsonArray backward = r.getAsJsonObject("captures_backward").getAsJsonArray("captures");
                for (int i = 0; i < backward.size(); i++) {
                    try (Capture c = p.previousCapture().orElseThrow(AssertionError::new)) {
                        assertCapture(backward.get(i).getAsJsonObject(), c, id(r) + " backward " + i);
                    }
                }
                assertFalse(p.previousCapture().isPresent(), "start");
            }
        }
        assertTrue(captures >= 19, captures + " captures");
    }

    private static ImuSample imuRow(JsonObject table, JsonArray row) {
        return new ImuSample(f32(row.get(column(table, "temperature"))),
                new Float3(f32(row.get(column(table, "acc_x"))), f32(row.get(column(table, "acc_y"))),
                        f32(row.get(column(table, "acc_z")))),
                row.get(column(table, "acc_timestamp_usec")).getAsLong(),
                new Float3(f32(row.get(column(table, "gyro_x"))), f32(row.get(column(table, "gyro_y"))),
                        f32(row.get(column(table, "gyro_z")))),
                row.get(column(table, "gyro_timestamp_usec")).getAsLong());
    }

    @Test
    @DisplayName("IMU samples forward and backward, and data blocks of custom tracks, are the reference's")
    void imuSamplesAndDataBlocks() {
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                JsonObject forward = r.getAsJsonObject("imu_forward");
                p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
                for (JsonElement e : forward.getAsJsonArray("rows")) {
                    assertEquals(imuRow(forward, e.getAsJsonArray()), p.nextImuSample().orElse(null), id(r));
                }
                assertFalse(p.nextImuSample().isPresent());
                JsonObject backward = r.getAsJsonObject("imu_backward");
                p.seek(0, K4A_PLAYBACK_SEEK_END);
                for (JsonElement e : backward.getAsJsonArray("rows")) {
                    assertEquals(imuRow(backward, e.getAsJsonArray()), p.previousImuSample().orElse(null), id(r));
                }
                assertFalse(p.previousImuSample().isPresent());

                for (JsonElement e : r.getAsJsonArray("data_blocks")) {
                    JsonObject d = e.getAsJsonObject();
                    String track = d.get("track").getAsString();
                    p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
                    JsonObject f = d.getAsJsonObject("forward");
                    for (JsonElement re : f.getAsJsonArray("rows")) {
                        JsonArray row = re.getAsJsonArray();
                        DataBlock b = p.nextDataBlock(track).orElseThrow(AssertionError::new);
                        assertEquals(row.get(column(f, "device_timestamp_usec")).getAsLong(), b.getDeviceTimestampUsec());
                        assertEquals(row.get(column(f, "size")).getAsInt(), b.size());
                        assertEquals(row.get(column(f, "sha256")).getAsString(), sha256(b.getData()), track);
                    }
                    assertFalse(p.nextDataBlock(track).isPresent());
                    p.seek(0, K4A_PLAYBACK_SEEK_END);
                    JsonObject bw = d.getAsJsonObject("backward");
                    for (JsonElement re : bw.getAsJsonArray("rows")) {
                        JsonArray row = re.getAsJsonArray();
                        DataBlock b = p.previousDataBlock(track).orElseThrow(AssertionError::new);
                        assertEquals(row.get(column(bw, "sha256")).getAsString(), sha256(b.getData()), track);
                    }
                    assertFalse(p.previousDataBlock(track).isPresent());
                    // the stream gives the same blocks
                    p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
                    assertEquals(f.getAsJsonArray("rows").size(), p.dataBlocks(track).count(), track + " stream");
                }
                K4aException x = assertThrows(K4aException.class, () -> p.nextDataBlock("COLOR"));
                assertEquals("k4a_playback_get_next_data_block", x.getFunction());
                assertThrows(K4aException.class, () -> p.nextDataBlock("IMU"));
                assertThrows(K4aException.class, () -> p.previousDataBlock("NO_SUCH_TRACK"));
            }
        }
    }

    @Test
    @DisplayName("after each seek the next and previous capture, IMU sample and data block are the reference's")
    void seeks() {
        int seeks = 0;
        for (JsonObject r : recordings()) {
            try (Playback p = open(r)) {
                for (JsonElement e : r.getAsJsonArray("seeks")) {
                    JsonObject s = e.getAsJsonObject();
                    long offset = s.get("offset_usec").getAsLong();
                    int origin = constant(s.get("origin"));
                    String what = id(r) + " seek " + offset + " from " + s.get("origin");
                    if (constant(s.get("result")) != K4A_RESULT_SUCCEEDED) {
                        K4aException x = assertThrows(K4aException.class, () -> p.seek(offset, origin), what);
                        assertEquals("k4a_playback_seek_timestamp", x.getFunction());
                        continue;
                    }
                    seeks++;
                    p.seek(offset, origin);
                    assertStep(s.getAsJsonObject("next_capture"), p.nextCapture(), what + " next");
                    p.seek(offset, origin);
                    assertStep(s.getAsJsonObject("previous_capture"), p.previousCapture(), what + " previous");
                    p.seek(offset, origin);
                    assertImuStep(s.getAsJsonObject("next_imu_sample"), p.nextImuSample(), what + " next IMU");
                    p.seek(offset, origin);
                    assertImuStep(s.getAsJsonObject("previous_imu_sample"), p.previousImuSample(), what + " previous IMU");
                    if (s.has("next_data_block")) {
                        for (JsonElement be : s.getAsJsonArray("next_data_block")) {
                            JsonObject b = be.getAsJsonObject();
                            p.seek(offset, origin);
                            assertBlockStep(b, p.nextDataBlock(b.get("track").getAsString()), what + " next block");
                        }
                        for (JsonElement be : s.getAsJsonArray("previous_data_block")) {
                            JsonObject b = be.getAsJsonObject();
                            p.seek(offset, origin);
                            assertBlockStep(b, p.previousDataBlock(b.get("track").getAsString()), what + " previous block");
                        }
                    }
                }
            }
        }
        assertTrue(seeks > 60, seeks + " seeks");
    }

    private static void assertStep(JsonObject want, Optional<Capture> got, String what) {
        if (constant(want.get("result")) == K4A_STREAM_RESULT_EOF) {
            assertFalse(got.isPresent(), what + ": EOF expected");
            return;
        }
        try (Capture c = got.orElseThrow(() -> new AssertionError(what + ": a capture expected"))) {
            assertCapture(want.getAsJsonObject("capture"), c, what);
        }
    }

    private static void assertImuStep(JsonObject want, Optional<ImuSample> got, String what) {
        if (constant(want.get("result")) == K4A_STREAM_RESULT_EOF) {
            assertFalse(got.isPresent(), what + ": EOF expected");
            return;
        }
        ImuSample s = got.orElseThrow(() -> new AssertionError(what + ": a sample expected"));
        assertEquals(want.get("acc_timestamp_usec").getAsLong(), s.getAccTimestampUsec(), what);
        assertEquals(want.get("gyro_timestamp_usec").getAsLong(), s.getGyroTimestampUsec(), what);
    }

    private static void assertBlockStep(JsonObject want, Optional<DataBlock> got, String what) {
        if (constant(want.get("result")) == K4A_STREAM_RESULT_EOF) {
            assertFalse(got.isPresent(), what + ": EOF expected");
            return;
        }
        DataBlock b = got.orElseThrow(() -> new AssertionError(what + ": a block expected"));
        assertEquals(want.get("device_timestamp_usec").getAsLong(), b.getDeviceTimestampUsec(), what);
        assertEquals(want.get("size").getAsInt(), b.size(), what);
    }

    @Test
    @DisplayName("colour conversion gives the reference's frames (MJPG to BGRA32 within 1 per channel on 99.9 %)")
    void colorConversions() {
        for (JsonObject r : recordings()) {
            boolean mjpg = r.getAsJsonObject("record_configuration").get("color_format").getAsString()
                    .equals("K4A_IMAGE_FORMAT_COLOR_MJPG");
            for (JsonElement e : r.getAsJsonArray("color_conversions")) {
                JsonObject conversion = e.getAsJsonObject();
                ImageFormat target = ImageFormat.of(constant(conversion.get("target_format")));
                try (Playback p = open(r)) {
                    if (constant(conversion.get("set_color_conversion_result")) != K4A_RESULT_SUCCEEDED) {
                        K4aException x = assertThrows(K4aException.class, () -> p.setColorConversion(target));
                        assertEquals("k4a_playback_set_color_conversion", x.getFunction());
                        continue;
                    }
                    p.setColorConversion(target);
                    boolean exact = !(mjpg && target == ImageFormat.COLOR_BGRA32);
                    JsonArray frames = conversion.getAsJsonArray("color_frames");
                    int i = 0;
                    for (Optional<Capture> next = p.nextCapture(); next.isPresent(); next = p.nextCapture()) {
                        try (Capture c = next.get(); Image color = c.getColorImage()) {
                            if (color == null) {
                                continue; // the listing has the colour images only
                            }
                            assertTrue(i < frames.size(), "more colour frames than the reference");
                            String what = id(r) + " colour as " + conversion.get("target_format").getAsString() + " " + i;
                            assertImage(frames.get(i).getAsJsonObject(), color, exact, what);
                            if (i == 0 && conversion.has("first_frame_payload")) {
                                byte[] want = payload("playback", conversion.getAsJsonObject("first_frame_payload"));
                                ByteBuffer b = color.getBuffer();
                                byte[] got = new byte[b.remaining()];
                                b.get(got);
                                TransformationTest.assertWithinTolerance(want, got, 1, 4, -1, what);
                            }
                            i++;
                        }
                    }
                    assertEquals(frames.size(), i, id(r) + " colour frames");
                }
            }
        }
    }

    @Test
    @DisplayName("the capture stream closes each capture when the next is read; a reference() outlives it")
    void captureStream() {
        JsonObject r = recordings().get(1); // synthetic_a: 15 captures
        int expected = r.getAsJsonObject("captures_forward").getAsJsonArray("captures").size();
        try (Playback p = open(r)) {
            List<Capture> seen = new ArrayList<>();
            List<Capture> kept = new ArrayList<>();
            try (Stream<Capture> captures = p.captures()) {
                captures.forEach(c -> {
                    if (!seen.isEmpty()) {
                        assertTrue(seen.get(seen.size() - 1).isClosed(), "the previous capture is closed");
                    }
                    assertFalse(c.isClosed());
                    seen.add(c);
                    if (seen.size() == 3) {
                        kept.add(c.reference());
                    }
                });
            }
            assertEquals(expected, seen.size());
            assertTrue(seen.stream().allMatch(Capture::isClosed), "every streamed capture is closed at the end");
            try (Capture third = kept.get(0); Image depth = third.getDepthImage()) {
                assertCapture(r.getAsJsonObject("captures_forward").getAsJsonArray("captures").get(2).getAsJsonObject(),
                        third, "the kept capture");
                assertNotNull(depth);
            }
            // stopping early: closing the stream closes the current capture
            p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            Capture[] first = new Capture[1];
            try (Stream<Capture> captures = p.captures()) {
                first[0] = captures.findFirst().orElseThrow(AssertionError::new);
                assertFalse(first[0].isClosed());
            }
            assertTrue(first[0].isClosed());
            // map to values: timestamps of the depth images, in order
            p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            List<Long> timestamps;
            try (Stream<Capture> captures = p.captures()) {
                timestamps = captures.map(c -> {
                    try (Image d = c.getDepthImage()) {
                        return d == null ? -1L : d.getDeviceTimestampUsec();
                    }
                }).collect(Collectors.toList());
            }
            assertEquals(expected, timestamps.size());
            assertEquals(-1L, (long) timestamps.get(9), "frame 9 has no depth");
            // IMU samples as a stream of values
            p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            List<ImuSample> samples = p.imuSamples().collect(Collectors.toList());
            assertEquals(r.getAsJsonObject("imu_forward").getAsJsonArray("rows").size(), samples.size());
            for (int i = 1; i < samples.size(); i++) {
                assertTrue(samples.get(i).getAccTimestampUsec() > samples.get(i - 1).getAccTimestampUsec(), "in order");
            }
            p.seek(0, K4A_PLAYBACK_SEEK_END);
            assertFalse(p.captures().iterator().hasNext(), "a stream at the end is empty");
        }
    }

    @Test
    @DisplayName("the capture iterator's hasNext() leaves the capture the caller holds open; capture n closes when n+2 is read")
    void captureIterator() {
        JsonObject r = recordings().get(1); // synthetic_a: 15 captures
        int expected = r.getAsJsonObject("captures_forward").getAsJsonArray("captures").size();
        try (Playback p = open(r)) {
            List<Capture> seen = new ArrayList<>();
            try (Stream<Capture> captures = p.captures()) {
                Iterator<Capture> it = captures.iterator();
                while (it.hasNext()) {
                    Capture c = it.next();
                    assertFalse(c.isClosed(), "next() returns an open capture");
                    if (!seen.isEmpty()) {
                        assertFalse(seen.get(seen.size() - 1).isClosed(), "the previous one is open until hasNext()");
                    }
                    boolean more = it.hasNext(); // reads ahead
                    assertFalse(c.isClosed(), "hasNext() does not close the capture the caller holds");
                    try (Image depth = c.getDepthImage()) { // still usable
                        assertTrue(depth == null || depth.getSize() > 0);
                    }
                    if (!seen.isEmpty()) {
                        assertTrue(seen.get(seen.size() - 1).isClosed(), "reading n+1 closed n-1");
                    }
                    seen.add(c);
                    assertEquals(more, it.hasNext());
                }
                assertFalse(seen.get(seen.size() - 1).isClosed(), "the end of the stream leaves the last one open");
            }
            assertEquals(expected, seen.size());
            for (Capture c : seen) {
                assertTrue(c.isClosed(), "closing the stream closes what it still held");
            }
            // a short-circuiting operation: limit + forEach reads one ahead as well
            p.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            List<Capture> firstTwo = new ArrayList<>();
            try (Stream<Capture> captures = p.captures()) {
                captures.limit(2).forEach(c -> {
                    assertFalse(c.isClosed());
                    firstTwo.add(c);
                });
            }
            assertEquals(2, firstTwo.size());
            assertTrue(firstTwo.get(0).isClosed() && firstTwo.get(1).isClosed());
        }
    }

    @Test
    @DisplayName("missing, non-recording and truncated files, closed playbacks and null arguments fail with messages")
    void badInput(@TempDir Path tmp) throws IOException {
        K4aException missing = assertThrows(K4aException.class, () -> Playback.open(tmp.resolve("missing.mkv")));
        assertEquals("k4a_playback_open", missing.getFunction());
        assertNotNull(missing.getNativeMessage(), "the library says why");
        Path text = tmp.resolve("text.mkv");
        Files.write(text, "this is not a matroska file".getBytes());
        assertThrows(K4aException.class, () -> Playback.open(text));
        Path empty = tmp.resolve("empty.mkv");
        Files.write(empty, new byte[0]);
        assertThrows(K4aException.class, () -> Playback.open(empty));
        assertThrows(NullPointerException.class, () -> Playback.open((Path) null));
        assertThrows(NullPointerException.class, () -> Playback.open((String) null));

        // a truncated recording: opens and plays what was written, or refuses with a message; never crashes
        byte[] whole = Files.readAllBytes(file("playback", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"));
        for (int size : new int[] {100, 5000, whole.length / 3, whole.length / 2, whole.length - 1000}) {
            Path cut = tmp.resolve("cut" + size + ".mkv");
            Files.write(cut, java.util.Arrays.copyOf(whole, size));
            try (Playback p = Playback.open(cut)) {
                int n = 0;
                try {
                    while (true) {
                        Optional<Capture> c = p.nextCapture();
                        if (!c.isPresent()) {
                            break;
                        }
                        c.get().close();
                        n++;
                    }
                } catch (K4aException e) {
                    assertNotNull(e.getMessage());
                }
                assertTrue(n <= 15, "at most the captures written");
            } catch (K4aException e) {
                assertTrue(e.getMessage().length() > 0);
            }
        }

        JsonObject r = recordings().get(0);
        Playback p = open(r);
        assertThrows(NullPointerException.class, () -> p.getTag(null));
        assertThrows(NullPointerException.class, () -> p.getAttachment(null));
        assertThrows(NullPointerException.class, () -> p.nextDataBlock(null));
        assertThrows(NullPointerException.class, () -> p.hasTrack(null));
        assertThrows(IndexOutOfBoundsException.class, () -> p.getTrackName(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.getTrackName(99));
        assertThrows(K4aException.class, () -> p.seek(0, 7));
        assertThrows(K4aException.class, () -> p.setColorConversion(ImageFormat.DEPTH16));
        Capture kept = p.nextCapture().orElseThrow(AssertionError::new);
        p.close();
        p.close(); // idempotent
        assertTrue(p.isClosed());
        IllegalStateException closed = assertThrows(IllegalStateException.class, p::nextCapture);
        assertTrue(closed.getMessage().contains("Playback"));
        assertThrows(IllegalStateException.class, p::getRecordConfiguration);
        assertThrows(IllegalStateException.class, () -> p.getTag("K4A_COLOR_MODE"));
        assertThrows(IllegalStateException.class, p::captures);
        try (Image depth = kept.getDepthImage()) {
            assertEquals(640, depth.getWidthPixels(), "a capture stays valid after its playback is closed");
            assertEquals(r.getAsJsonObject("captures_forward").getAsJsonArray("captures").get(0).getAsJsonObject()
                    .getAsJsonObject("depth").get("sha256").getAsString(), sha256(depth));
        }
        kept.close();
    }
}
