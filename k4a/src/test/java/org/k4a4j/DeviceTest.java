/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;
import static org.k4a4j.TestData.*;
import static org.k4a4j.global.k4a.*;

/**
 * {@link Device} on k4a4j's virtual devices: recordings of ../shared/testdata/playback replayed through the
 * device API (added with {@link K4a#addVirtualDevice}). The vendor stand-in is in {@link VendorLibraryTest}.
 */
@Tag("k4a4j-native") // k4a4j's virtual devices (the vendor's library has none; VendorLibraryTest covers Device there)
class DeviceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static int a;        // synthetic_a (MJPG 720p, NFOV 2x2 binned, IR, IMU; 15 fps), as fast as read
    private static int aRealTime; // the same, in real time
    private static int b;        // synthetic_b (NV12 720p, WFOV 2x2 binned; 30 fps; master), as fast as read
    private static int pyk4aRealTime; // a real recording, one frame at 5 fps, in real time

    @BeforeAll
    static void addDevices() {
        int before = Device.installedCount();
        a = K4a.addVirtualDevice(file("playback", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"), K4a.Pace.MAX);
        aRealTime = K4a.addVirtualDevice(file("playback", "synthetic_a_mjpg720p_nfov2x2_15fps.mkv"));
        b = K4a.addVirtualDevice(file("playback", "synthetic_b_nv12720p_wfov2x2_30fps.mkv"), K4a.Pace.MAX);
        pyk4aRealTime = K4a.addVirtualDevice(file("playback", "pyk4a_recording.mkv"), K4a.Pace.REALTIME);
        assertEquals(before, a);
        assertEquals(before + 4, Device.installedCount());
    }

    private static JsonObject recording(String id) {
        for (JsonElement e : manifest("playback").getAsJsonArray("recordings")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no recording " + id);
    }

    /** The configuration a recording was made with. */
    private static DeviceConfiguration configOf(JsonObject r) {
        JsonObject c = r.getAsJsonObject("record_configuration");
        return DeviceConfiguration.builder().colorFormat(ImageFormat.of(constant(c.get("color_format"))))
                .colorResolution(ColorResolution.of(constant(c.get("color_resolution"))))
                .depthMode(DepthMode.of(constant(c.get("depth_mode"))))
                .cameraFps(Fps.of(constant(c.get("camera_fps"))))
                .depthDelayOffColorUsec(c.get("depth_delay_off_color_usec").getAsInt()).build();
    }

    private static long timeOf(Capture capture) {
        try (Image depth = capture.getDepthImage(); Image color = capture.getColorImage()) {
            return depth != null ? depth.getDeviceTimestampUsec() : color.getDeviceTimestampUsec();
        }
    }

    @Test
    @DisplayName("open refuses an index without a device, and a file that is no recording cannot be added")
    void openAndAdd() {
        K4aException e = assertThrows(K4aException.class, () -> Device.open(Device.installedCount()));
        assertTrue(e.getMessage().contains("no device at index"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Device.open(-1));
        e = assertThrows(K4aException.class, () -> K4a.addVirtualDevice(file("playback", "manifest.json")));
        assertTrue(e.getMessage().contains("cannot be a virtual device"), e.getMessage());
        try (Device device = Device.open(a)) {
            e = assertThrows(K4aException.class, () -> Device.open(a));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(a, device.getIndex());
        }
        Device closed = Device.open(a);
        closed.close();
        closed.close();
        assertTrue(closed.isClosed());
        assertThrows(IllegalStateException.class, closed::getSerialNumber);
        assertThrows(IllegalStateException.class, () -> closed.getCapture(Duration.ZERO));
    }

    @Test
    @DisplayName("a virtual device hands back exactly the recording's captures, in order, then loops with later timestamps")
    void capturesAreTheRecordings() {
        JsonObject r = recording("synthetic_a");
        JsonArray expected = r.getAsJsonObject("captures_forward").getAsJsonArray("captures");
        try (Device device = Device.open(a)) {
            device.startCameras(configOf(r));
            long previous = -1;
            for (int i = 0; i < expected.size(); i++) {
                try (Capture capture = device.getCapture(WAIT).orElseThrow(AssertionError::new)) {
                    PlaybackTest.assertCapture(expected.get(i).getAsJsonObject(), capture, "capture " + i);
                    assertTrue(timeOf(capture) > previous);
                    previous = timeOf(capture);
                }
            }
            long loop = -1;
            for (int i = 0; i < expected.size(); i++) {
                JsonObject want = expected.get(i).getAsJsonObject();
                try (Capture capture = device.getCapture(WAIT).orElseThrow(AssertionError::new);
                     Image depth = capture.getDepthImage(); Image color = capture.getColorImage()) {
                    assertTrue(timeOf(capture) > previous, "timestamps keep increasing after the loop");
                    previous = timeOf(capture);
                    Image image = depth != null ? depth : color;
                    JsonObject wantImage = want.getAsJsonObject(depth != null ? "depth" : "color");
                    if (loop < 0) {
                        loop = image.getDeviceTimestampUsec() - wantImage.get("device_timestamp_usec").getAsLong();
                        assertTrue(loop > r.get("recording_length_usec").getAsLong());
                    }
                    assertEquals(wantImage.get("device_timestamp_usec").getAsLong() + loop, image.getDeviceTimestampUsec());
                    assertEquals(wantImage.get("sha256").getAsString(), sha256(image));
                }
            }
            device.stopCameras();
            assertThrows(K4aException.class, () -> device.getCapture(Duration.ZERO));
        }
    }

    @Test
    @DisplayName("BGRA32 from an MJPG recording is decoded as the playback decodes it; a camera may stay off")
    void colorDecoded() {
        JsonObject r = recording("synthetic_a");
        try (Device device = Device.open(a);
             Playback playback = Playback.open(file("playback", r.get("file").getAsString()))) {
            playback.setColorConversion(ImageFormat.COLOR_BGRA32);
            device.startCameras(configOf(r).toBuilder().colorFormat(ImageFormat.COLOR_BGRA32)
                    .depthMode(DepthMode.OFF).build());
            for (int i = 0; i < 4; i++) {
                try (Capture got = device.getCapture(WAIT).orElseThrow(AssertionError::new);
                     Image color = got.getColorImage(); Image depth = got.getDepthImage()) {
                    assertNull(depth, "the depth camera is off");
                    Capture want = playback.nextCapture().orElseThrow(AssertionError::new);
                    Image wantColor = want.getColorImage();
                    while (wantColor == null) {
                        want.close();
                        want = playback.nextCapture().orElseThrow(AssertionError::new);
                        wantColor = want.getColorImage();
                    }
                    assertEquals(ImageFormat.COLOR_BGRA32, color.getFormat());
                    assertEquals(1280L * 720 * 4, color.getSize());
                    assertEquals(wantColor.getDeviceTimestampUsec(), color.getDeviceTimestampUsec());
                    assertEquals(sha256(wantColor), sha256(color));
                    wantColor.close();
                    want.close();
                }
            }
        }
    }

    @Test
    @DisplayName("real time: over 2 s of a 15 fps recording, device time advances with wall time (within 5 %)")
    void realTimePacing() {
        try (Device device = Device.open(aRealTime)) {
            device.startCameras(configOf(recording("synthetic_a")));
            long startWall = 0, wall = 0, startDevice = 0, deviceTime = 0;
            int count = 0;
            while (true) {
                try (Capture capture = device.getCapture(Duration.ofSeconds(1)).orElseThrow(AssertionError::new)) {
                    wall = System.nanoTime() / 1000;
                    deviceTime = timeOf(capture);
                }
                if (count++ == 0) {
                    startWall = wall;
                    startDevice = deviceTime;
                }
                if (wall - startWall >= 2_000_000) {
                    break;
                }
            }
            double elapsed = wall - startWall, advanced = deviceTime - startDevice;
            assertTrue(advanced >= elapsed * 0.95 && advanced <= elapsed * 1.05,
                    advanced / 1e6 + " s of device time in " + elapsed / 1e6 + " s");
            assertTrue(count >= 25 && count <= 35, count + " captures in 2 s");
        }
    }

    @Test
    @DisplayName("Duration.ZERO polls, a timeout gives empty, no timeout waits")
    void timeouts() {
        try (Device device = Device.open(pyk4aRealTime)) { // one capture per loop of 664 ms
            device.startCameras(configOf(recording("pyk4a_recording")));
            device.getCapture().orElseThrow(AssertionError::new).close();
            assertFalse(device.getCapture(Duration.ZERO).isPresent(), "the next capture is 664 ms away");
            long before = System.nanoTime();
            assertFalse(device.getCapture(Duration.ofMillis(10)).isPresent());
            assertTrue(System.nanoTime() - before >= 10_000_000L);
            device.getCapture().orElseThrow(AssertionError::new).close();
            assertThrows(IllegalArgumentException.class, () -> device.getCapture(Duration.ofMillis(-1)));
        }
        try (Device device = Device.open(a); java.util.stream.Stream<Capture> captures = device.captures(WAIT)) {
            device.startCameras(configOf(recording("synthetic_a")));
            assertEquals(3, captures.limit(3).mapToLong(DeviceTest::timeOf).distinct().count());
        }
    }

    @Test
    @DisplayName("every refused configuration says which field and which values")
    void badConfigurations() {
        DeviceConfiguration ok = configOf(recording("synthetic_a"));
        try (Device device = Device.open(a)) {
            refuse(device, ok.toBuilder().cameraFps(Fps.FPS_30).build(),
                    "config.camera_fps K4A_FRAMES_PER_SECOND_30 is not the recording's K4A_FRAMES_PER_SECOND_15");
            refuse(device, ok.toBuilder().colorResolution(ColorResolution.RES_3072P).cameraFps(Fps.FPS_30)
                    .build(), "faster than config.color_resolution K4A_COLOR_RESOLUTION_3072P allows (15 fps)");
            refuse(device, ok.toBuilder().depthMode(DepthMode.WFOV_UNBINNED).cameraFps(Fps.FPS_30)
                    .build(), "faster than config.depth_mode K4A_DEPTH_MODE_WFOV_UNBINNED allows (15 fps)");
            refuse(device, ok.toBuilder().depthMode(DepthMode.OFF).synchronizedImagesOnly(true).build(),
                    "config.synchronized_images_only is true");
            refuse(device, ok.toBuilder().depthDelayOffColorUsec(-70000).build(),
                    "config.depth_delay_off_color_usec -70000 is not within one frame period");
            refuse(device, ok.toBuilder().subordinateDelayOffMasterUsec(5).build(),
                    "config.subordinate_delay_off_master_usec 5 is only for config.wired_sync_mode");
            refuse(device, ok.toBuilder().wiredSyncMode(WiredSyncMode.MASTER).build(), "needs the sync out jack");
            refuse(device, ok.toBuilder().wiredSyncMode(WiredSyncMode.SUBORDINATE).build(), "needs the sync in jack");
            refuse(device, ok.toBuilder().colorFormat(ImageFormat.COLOR_NV12).build(),
                    "config.color_format K4A_IMAGE_FORMAT_COLOR_NV12 is not the recording's K4A_IMAGE_FORMAT_COLOR_MJPG");
            refuse(device, ok.toBuilder().depthMode(DepthMode.PASSIVE_IR).build(),
                    "config.depth_mode K4A_DEPTH_MODE_PASSIVE_IR is not the recording's K4A_DEPTH_MODE_NFOV_2X2BINNED");
            refuse(device, DeviceConfiguration.DISABLE_ALL, "at least one camera");
            device.startCameras(ok);
            refuse(device, ok, "already started");
        }
        try (Device master = Device.open(b)) {
            DeviceConfiguration config = configOf(recording("synthetic_b"));
            refuse(master, config.toBuilder().colorFormat(ImageFormat.COLOR_BGRA32).build(),
                    "only BGRA32 from MJPG is decoded");
            master.startCameras(config.toBuilder().wiredSyncMode(WiredSyncMode.MASTER).build());
        }
    }

    private static void refuse(Device device, DeviceConfiguration config, String message) {
        K4aException e = assertThrows(K4aException.class, () -> device.startCameras(config), message);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    @DisplayName("stopCameras or close on another thread wakes a waiting getCapture well before its next frame")
    void stopAndCloseWakeAWaiter() throws Exception {
        for (boolean close : new boolean[] {false, true}) {
            Device device = Device.open(pyk4aRealTime);
            device.startCameras(configOf(recording("pyk4a_recording")));
            device.getCapture(WAIT).orElseThrow(AssertionError::new).close(); // the next is 664 ms away
            AtomicLong returned = new AtomicLong();
            CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    device.getCapture().ifPresent(Capture::close);
                    return null;
                } catch (Throwable t) {
                    return t;
                } finally {
                    returned.set(System.nanoTime());
                }
            });
            Thread.sleep(100);
            long stopped = System.nanoTime();
            if (close) {
                device.close();
            } else {
                device.stopCameras();
            }
            Throwable thrown = waiter.get(5, TimeUnit.SECONDS);
            assertTrue(thrown instanceof K4aException || thrown instanceof IllegalStateException, String.valueOf(thrown));
            // woken, not served: the next frame was still ~560 ms away (a generous bound: a loaded CI machine)
            assertTrue(returned.get() - stopped < 400_000_000L, (returned.get() - stopped) / 1e6 + " ms");
            device.close();
        }
    }

    @Test
    @DisplayName("IMU samples after startImu are the recording's, in order, looping")
    void imuSamples() {
        JsonObject r = recording("synthetic_a");
        JsonObject table = r.getAsJsonObject("imu_forward");
        JsonArray rows = table.getAsJsonArray("rows");
        int accT = column(table, "acc_timestamp_usec"), gyroT = column(table, "gyro_timestamp_usec");
        int accX = column(table, "acc_x");
        try (Device device = Device.open(a)) {
            K4aException e = assertThrows(K4aException.class, device::startImu);
            assertTrue(e.getMessage().contains("the IMU needs them running"), e.getMessage());
            device.startCameras(configOf(r));
            device.startImu();
            ImuSample first = device.getImuSample(WAIT).orElseThrow(AssertionError::new);
            int at = 0;
            while (at < rows.size() && rows.get(at).getAsJsonArray().get(accT).getAsLong() != first.getAccTimestampUsec()) {
                at++;
            }
            assertTrue(at < rows.size(), "the first sample is one of the recording's");
            long offset = 0, previous = first.getAccTimestampUsec();
            for (int i = 0; i < rows.size() + 20; i++) {
                ImuSample s = device.getImuSample(WAIT).orElseThrow(AssertionError::new);
                if (++at == rows.size()) {
                    at = 0;
                    offset = s.getAccTimestampUsec() - rows.get(0).getAsJsonArray().get(accT).getAsLong();
                }
                JsonArray row = rows.get(at).getAsJsonArray();
                assertTrue(s.getAccTimestampUsec() > previous);
                previous = s.getAccTimestampUsec();
                assertEquals(row.get(accT).getAsLong() + offset, s.getAccTimestampUsec());
                assertEquals(row.get(gyroT).getAsLong() + offset, s.getGyroTimestampUsec());
                assertTrue(sameBits(f32(row.get(accX)), s.getAcc().x()));
            }
            assertTrue(offset > 0, "it looped");
            device.stopImu();
            assertThrows(K4aException.class, () -> device.getImuSample(Duration.ZERO));
        }
    }

    @Test
    @DisplayName("calibration for any mode, raw calibration, serial number, versions, sync jacks, colour controls")
    void whatADeviceTells() {
        JsonObject r = recording("synthetic_a");
        try (Device device = Device.open(a); Device master = Device.open(b)) {
            byte[] raw = device.getRawCalibration();
            assertEquals(r.getAsJsonObject("raw_calibration").get("sha256").getAsString(), sha256(raw));
            for (DepthMode depth : DepthMode.values()) {
                if (depth != DepthMode.OFF) {
                    assertEquals(Calibration.fromRaw(raw, depth, ColorResolution.RES_3072P),
                            device.getCalibration(depth, ColorResolution.RES_3072P));
                }
            }
            assertThrows(K4aException.class, () -> device.getCalibration(DepthMode.OFF, ColorResolution.OFF));
            assertEquals("000000000042", device.getSerialNumber());
            assertEquals("synthetic_b_nv12720p_wfov2x2_30fps", master.getSerialNumber(), "no serial: the file name");
            assertEquals("1.6.110", device.getVersion().getRgb().toString());
            assertEquals("1.6.79", device.getVersion().getDepth().toString());
            assertFalse(device.getSyncJacks().isSyncInConnected() || device.getSyncJacks().isSyncOutConnected());
            assertTrue(master.getSyncJacks().isSyncOutConnected() && !master.getSyncJacks().isSyncInConnected());

            Device.ColorControlCapabilities brightness = device.getColorControlCapabilities(ColorControlCommand.BRIGHTNESS);
            assertEquals(0, brightness.getMin());
            assertEquals(255, brightness.getMax());
            assertEquals(128, brightness.getDefaultValue());
            assertFalse(brightness.supportsAuto() || brightness.isDefaultAuto());
            assertTrue(device.getColorControl(ColorControlCommand.EXPOSURE_TIME_ABSOLUTE).isAuto());
            device.setColorControl(ColorControlCommand.BRIGHTNESS, ColorControlMode.MANUAL, 64);
            assertEquals(64, device.getColorControl(ColorControlCommand.BRIGHTNESS).getValue());
            K4aException e = assertThrows(K4aException.class,
                    () -> device.setColorControl(ColorControlCommand.BRIGHTNESS, ColorControlMode.MANUAL, 300));
            assertTrue(e.getMessage().contains("outside 0..255"), e.getMessage());
            e = assertThrows(K4aException.class,
                    () -> device.setColorControl(ColorControlCommand.SHARPNESS, ColorControlMode.AUTO, 0));
            assertTrue(e.getMessage().contains("has no automatic mode"), e.getMessage());
            assertThrows(NullPointerException.class, () -> device.getColorControl(null));
        }
    }

    @Test
    @DisplayName("recording from a virtual device and playing the file back gives the same captures")
    void recordFromADevice(@TempDir Path dir) {
        JsonObject r = recording("synthetic_a");
        JsonArray expected = r.getAsJsonObject("captures_forward").getAsJsonArray("captures");
        Path out = dir.resolve("from-device.mkv");
        DeviceConfiguration config = configOf(r);
        try (Device device = Device.open(a)) {
            device.startCameras(config);
            try (Recorder recorder = Recorder.create(out, device, config)) {
                recorder.writeHeader();
                for (int i = 0; i < expected.size(); i++) {
                    try (Capture capture = device.getCapture(WAIT).orElseThrow(AssertionError::new)) {
                        recorder.writeCapture(capture);
                    }
                }
            }
        }
        try (Playback playback = Playback.open(out)) {
            assertEquals(Optional.of("000000000042"), playback.getTag("K4A_DEVICE_SERIAL_NUMBER"));
            assertNotNull(playback.getCalibration());
            for (int i = 0; i < expected.size(); i++) {
                try (Capture capture = playback.nextCapture().orElseThrow(AssertionError::new)) {
                    PlaybackTest.assertCapture(expected.get(i).getAsJsonObject(), capture, "capture " + i);
                }
            }
            assertFalse(playback.nextCapture().isPresent());
        }
    }
}
