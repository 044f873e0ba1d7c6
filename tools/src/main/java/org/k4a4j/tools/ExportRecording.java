/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.tools;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Calibration;
import org.k4a4j.CalibrationType;
import org.k4a4j.ImageFormat;
import org.k4a4j.Capture;
import org.k4a4j.DataBlock;
import org.k4a4j.Image;
import org.k4a4j.ImuSample;
import org.k4a4j.K4a;
import org.k4a4j.K4aException;
import org.k4a4j.Playback;
import org.k4a4j.RecordConfiguration;
import org.k4a4j.Transformation;
import org.k4a4j.VideoSettings;
import org.k4a4j.opencv.ImageMats;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.*;
import static org.k4a4j.global.k4a.*;
import static org.k4a4j.global.k4arecord.*;

/**
 * The export job of the {@code k4a4j} tool ({@link K4a4jCommand}): turns an Azure Kinect recording (.mkv) into
 * files a person can look at, or, for {@code k4a4j info}, prints its summary without writing files.
 *
 * <p>What it writes, per exported capture n (six digits):
 * <ul>
 * <li>{@code color/n.png} (or .jpg): the colour image, converted to BGRA by the playback's colour conversion
 * (MJPG, NV12 and YUY2 recordings), written as 8-bit BGR;</li>
 * <li>{@code depth/n.png}: depth as a 16-bit PNG in millimetres (0 = no depth), and
 * {@code depth_colormap/n.png}: depth in false colour, OpenCV's COLORMAP_TURBO over the fixed range
 * {@value #DEPTH_MIN_MM}..{@value #DEPTH_MAX_MM} mm (blue near, red far; black = no depth);</li>
 * <li>{@code ir/n.png}: the infrared image as a 16-bit PNG, and {@code ir_colormap/n.png}: COLORMAP_INFERNO
 * over the fixed range 0..{@value #IR_MAX} (brighter values are clipped; black = 0);</li>
 * <li>when the recording has a calibration and both cameras: {@code depth_aligned/n.png}, the depth image
 * transformed to the colour camera (16-bit, mm), and {@code depth_on_color/n.png}, that depth in false
 * colour blended over the colour image;</li>
 * </ul>
 * and once: {@code contact_sheet.png} (thumbnails of colour, depth, IR and depth on colour for up to 12 captures
 * spread over the recording), {@code attachments/} (the attached files), and {@code summary.json}
 * (configuration, calibration, tags, tracks, attachments, frame counts and timestamps per stream, IMU
 * statistics, custom tracks, and what was written). A progress bar goes to stderr.
 */
public final class ExportRecording {
    /** Fixed false-colour range of depth, mm. */
    public static final int DEPTH_MIN_MM = 300;
    public static final int DEPTH_MAX_MM = 5000;
    /** Fixed false-colour range of IR: 0 .. this. */
    public static final int IR_MAX = 1000;
    /** Contact sheet: at most this many captures, thumbnails of this size. */
    static final int SHEET_FRAMES = 12;
    static final int THUMB_W = 240;
    static final int THUMB_H = 180;

    private final File recording;
    private final File outDir;
    private final boolean jpeg;
    private final int every;
    private final int maxFrames;

    /**
     * @param outDir where the files go; null for the summary only ({@code k4a4j info}), printed to stdout
     */
    ExportRecording(File recording, File outDir, boolean jpeg, int every, int maxFrames) {
        this.recording = recording;
        this.outDir = outDir;
        this.jpeg = jpeg;
        this.every = every;
        this.maxFrames = maxFrames;
    }

    /** Per-stream device timestamps, in capture order. */
    private static final class StreamStats {
        final List<Long> timestamps = new ArrayList<>();
        int format = -1;
        int width;
        int height;

        void add(Image image) {
            timestamps.add(image.getDeviceTimestampUsec());
            format = image.getFormat().value();
            width = image.getWidthPixels();
            height = image.getHeightPixels();
        }
    }

    /** Writes the files and summary.json, or (without an output directory) prints the summary. */
    void run() throws IOException {
        long started = System.nanoTime();
        if (outDir != null) {
            mkdirs(outDir);
            System.out.println("Exporting " + recording + " to " + outDir + "/");
        }
        JsonWriter json = new JsonWriter().beginObject();
        json.field("recording", recording.getPath()).field("size_bytes", recording.length());
        json.field("k4a4j_version", K4a.VERSION);
        json.field("colormaps", "depth: COLORMAP_TURBO over " + DEPTH_MIN_MM + ".." + DEPTH_MAX_MM
                + " mm; IR: COLORMAP_INFERNO over 0.." + IR_MAX + "; black = no data");

        try (Playback playback = Playback.open(recording.toPath())) {
            RecordConfiguration config = playback.getRecordConfiguration();
            json.field("recording_length_usec", playback.getRecordingLengthUsec());
            writeConfiguration(json, config);

            Calibration calibration = null;
            String calibrationProblem = null;
            try {
                calibration = playback.getCalibration();
            } catch (K4aException e) {
                calibrationProblem = e.getMessage();
            }
            writeCalibration(json, calibration, calibrationProblem);
            List<String> tracks = playback.getTrackNames();
            writeTags(json, playback);
            writeTracks(json, playback, tracks);
            writeAttachments(json, playback);

            // pass 1: count the captures and note every stream's timestamps (no colour decoding)
            StreamStats color = new StreamStats();
            StreamStats depth = new StreamStats();
            StreamStats ir = new StreamStats();
            int captures = 0;
            String readProblem = null;
            try (Stream<Capture> stream = playback.captures()) {
                for (Iterator<Capture> it = stream.iterator(); it.hasNext();) {
                    Capture capture = it.next();
                    try (Image c = capture.getColorImage(); Image d = capture.getDepthImage(); Image i = capture.getIrImage()) {
                        if (c != null) {
                            color.add(c);
                        }
                        if (d != null) {
                            depth.add(d);
                        }
                        if (i != null) {
                            ir.add(i);
                        }
                    }
                    captures++;
                }
            } catch (K4aException e) {
                readProblem = "reading stopped after " + captures + " captures: " + e.getMessage();
                System.err.println("warning: " + readProblem);
            }
            json.name("streams").beginObject();
            json.field("captures", captures);
            writeStream(json, "color", color);
            writeStream(json, "depth", depth);
            writeStream(json, "ir", ir);
            if (readProblem != null) {
                json.field("problem", readProblem);
            }
            json.endObject();

            if (outDir == null) {
                json.name("imu");
                writeImu(json, playback);
                json.name("custom_tracks");
                writeCustomTracks(json, playback, tracks);
                json.endObject();
                System.out.println(json);
                return;
            }
            // pass 2: the files
            List<Integer> exported = new ArrayList<>();
            for (int i = 0; i < captures && exported.size() < maxFrames; i += every) {
                exported.add(i);
            }
            Set<Integer> sheetFrames = new TreeSet<>();
            for (int k = 0; k < Math.min(SHEET_FRAMES, exported.size()); k++) {
                int n = Math.min(SHEET_FRAMES, exported.size());
                sheetFrames.add(exported.get(n == 1 ? 0 : (int) Math.round(k * (exported.size() - 1) / (double) (n - 1))));
            }
            Map<String, Integer> written = exportFrames(playback, config, calibration, exported, sheetFrames, captures);

            json.name("imu");
            writeImu(json, playback);
            json.name("custom_tracks");
            writeCustomTracks(json, playback, tracks);

            json.name("exported").beginObject();
            json.field("output_directory", outDir.getPath());
            json.field("frames", exported.size());
            json.field("every", every);
            json.name("files").beginObject();
            for (Map.Entry<String, Integer> e : written.entrySet()) {
                json.field(e.getKey(), e.getValue());
            }
            json.endObject();
            json.field("contact_sheet", "contact_sheet.png");
            json.field("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            json.endObject();
        }
        json.endObject();
        File summary = new File(outDir, "summary.json");
        Files.write(summary.toPath(), json.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + summary);
        System.out.printf(Locale.ROOT, "done in %.1f s: open %s/contact_sheet.png for an overview%n",
                (System.nanoTime() - started) / 1e9, outDir.getPath());
    }

    /** Writes the frame files and the contact sheet; returns how many files went to each directory. */
    private Map<String, Integer> exportFrames(Playback playback, RecordConfiguration config, Calibration calibration,
            List<Integer> exported, Set<Integer> sheetFrames, int captures) {
        Map<String, Integer> written = new LinkedHashMap<>();
        playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        if (config.isColorTrackEnabled() && config.getColorFormat() != ImageFormat.COLOR_BGRA32) {
            try {
                playback.setColorConversion(ImageFormat.COLOR_BGRA32);
            } catch (K4aException e) {
                System.err.println("warning: no colour conversion (" + e.getMessage() + "); decoding here instead");
            }
        }
        Transformation transformation = null;
        if (calibration != null && config.isColorTrackEnabled() && config.isDepthTrackEnabled()) {
            transformation = Transformation.create(calibration);
        }
        ContactSheet sheet = new ContactSheet(recording.getName(), describe(config, captures), transformation != null);
        Set<Integer> wanted = new LinkedHashSet<>(exported);
        Progress progress = new Progress("exporting");
        int index = 0;
        int done = 0;
        try (Stream<Capture> stream = playback.captures()) {
            for (Iterator<Capture> it = stream.iterator(); it.hasNext() && done < exported.size(); index++) {
                Capture capture = it.next();
                if (!wanted.contains(index)) {
                    continue;
                }
                exportCapture(capture, index, transformation, sheetFrames.contains(index) ? sheet : null, written);
                progress.update(++done, exported.size());
            }
        } catch (K4aException e) {
            System.err.println();
            System.err.println("warning: reading stopped at capture " + index + ": " + e.getMessage());
        } finally {
            if (transformation != null) {
                transformation.close();
            }
        }
        progress.done();
        File sheetFile = new File(outDir, "contact_sheet.png");
        if (!imwrite(sheetFile.getPath(), sheet.render())) {
            throw new IllegalStateException("OpenCV could not write " + sheetFile);
        }
        System.out.println("wrote " + sheetFile);
        return written;
    }

    private void exportCapture(Capture capture, int index, Transformation transformation, ContactSheet sheet,
            Map<String, Integer> written) {
        String n = String.format(Locale.ROOT, "%06d", index);
        Mat colorBgr = null;
        Mat depthColored = null;
        Mat irColored = null;
        Mat overlay = null;
        long timestamp = -1;
        try (Image color = capture.getColorImage(); Image depth = capture.getDepthImage(); Image ir = capture.getIrImage()) {
            if (color != null) {
                timestamp = color.getDeviceTimestampUsec();
                colorBgr = toBgr(color);
                if (colorBgr != null) {
                    write(written, "color", n + (jpeg ? ".jpg" : ".png"), colorBgr,
                            jpeg ? new int[] {IMWRITE_JPEG_QUALITY, 95} : new int[] {IMWRITE_PNG_COMPRESSION, 3});
                }
            }
            if (depth != null) {
                timestamp = timestamp < 0 ? depth.getDeviceTimestampUsec() : timestamp;
                write(written, "depth", n + ".png", ImageMats.asMat(depth), null);
                depthColored = falseColor(depth, DEPTH_MIN_MM, DEPTH_MAX_MM, COLORMAP_TURBO);
                write(written, "depth_colormap", n + ".png", depthColored, null);
            }
            if (ir != null) {
                timestamp = timestamp < 0 ? ir.getDeviceTimestampUsec() : timestamp;
                write(written, "ir", n + ".png", ImageMats.asMat(ir), null);
                irColored = falseColor(ir, 0, IR_MAX, COLORMAP_INFERNO);
                write(written, "ir_colormap", n + ".png", irColored, null);
            }
            if (transformation != null && depth != null && colorBgr != null) {
                try (Image aligned = transformation.depthToColor(depth)) {
                    write(written, "depth_aligned", n + ".png", ImageMats.asMat(aligned), null);
                    overlay = blend(colorBgr, falseColor(aligned, DEPTH_MIN_MM, DEPTH_MAX_MM, COLORMAP_TURBO), aligned);
                    write(written, "depth_on_color", n + ".png", overlay, null);
                }
            }
            if (sheet != null) {
                sheet.add(index, timestamp, colorBgr, depthColored, irColored, overlay);
            }
        } finally {
            for (Mat m : new Mat[] {colorBgr, depthColored, irColored, overlay}) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    private void write(Map<String, Integer> written, String dir, String name, Mat mat, int[] params) {
        File d = new File(outDir, dir);
        mkdirs(d);
        File f = new File(d, name);
        boolean ok = params == null ? imwrite(f.getPath(), mat) : imwrite(f.getPath(), mat, params);
        if (!ok) {
            throw new IllegalStateException("OpenCV could not write " + f);
        }
        written.merge(dir, 1, Integer::sum);
    }

    /** The colour image as 8-bit BGR, whatever its format; null for a format OpenCV cannot show. */
    private static Mat toBgr(Image color) {
        Mat bgr = new Mat();
        switch (color.getFormat().value()) {
            case K4A_IMAGE_FORMAT_COLOR_BGRA32:
                cvtColor(ImageMats.asMat(color), bgr, COLOR_BGRA2BGR);
                return bgr;
            case K4A_IMAGE_FORMAT_COLOR_MJPG:
                bgr.close();
                return ImageMats.decode(color);
            case K4A_IMAGE_FORMAT_COLOR_NV12:
                cvtColor(ImageMats.asMat(color), bgr, COLOR_YUV2BGR_NV12);
                return bgr;
            case K4A_IMAGE_FORMAT_COLOR_YUY2:
                cvtColor(ImageMats.asMat(color), bgr, COLOR_YUV2BGR_YUY2);
                return bgr;
            default:
                bgr.close();
                return null;
        }
    }

    /**
     * A 16-bit image in false colour: values min..max spread over an OpenCV colormap (clipped outside), and
     * 0 (no data) black.
     */
    static Mat falseColor(Image image, int min, int max, int colormap) {
        int w = image.getWidthPixels();
        int h = image.getHeightPixels();
        int stride = image.getStrideBytes() / 2;
        ShortBuffer values = image.getShortBuffer();
        byte[] index = new byte[w * h];
        boolean[] none = new boolean[w * h];
        double scale = 255.0 / (max - min);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = values.get(y * stride + x) & 0xFFFF;
                int i = y * w + x;
                none[i] = v == 0;
                index[i] = (byte) Math.max(0, Math.min(255, (int) Math.round((v - min) * scale)));
            }
        }
        Mat gray = new Mat(h, w, CV_8UC1);
        gray.data().put(index);
        Mat colored = new Mat();
        applyColorMap(gray, colored, colormap);
        gray.close();
        byte[] bgr = new byte[w * h * 3];
        colored.data().get(bgr);
        for (int i = 0; i < none.length; i++) {
            if (none[i]) {
                bgr[3 * i] = 0;
                bgr[3 * i + 1] = 0;
                bgr[3 * i + 2] = 0;
            }
        }
        colored.data().put(bgr);
        return colored;
    }

    /** Depth in false colour over the colour image where there is depth (55 % depth, 45 % colour). */
    private static Mat blend(Mat colorBgr, Mat depthColored, Image aligned) {
        int w = colorBgr.cols();
        int h = colorBgr.rows();
        byte[] c = new byte[w * h * 3];
        byte[] d = new byte[w * h * 3];
        colorBgr.data().get(c);
        depthColored.data().get(d);
        ShortBuffer depth = aligned.getShortBuffer();
        int stride = aligned.getStrideBytes() / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (depth.get(y * stride + x) == 0) {
                    continue;
                }
                int o = (y * w + x) * 3;
                for (int k = 0; k < 3; k++) {
                    c[o + k] = (byte) Math.round(0.45 * (c[o + k] & 0xFF) + 0.55 * (d[o + k] & 0xFF));
                }
            }
        }
        depthColored.close();
        Mat out = new Mat(h, w, CV_8UC3);
        out.data().put(c);
        return out;
    }

    private static String describe(RecordConfiguration c, int captures) {
        List<String> parts = new ArrayList<>();
        if (c.isColorTrackEnabled()) {
            parts.add(name("K4A_IMAGE_FORMAT_COLOR_", c.getColorFormat().value()) + " " + name("K4A_COLOR_RESOLUTION_", c.getColorResolution().value()));
        }
        if (c.isDepthTrackEnabled() || c.isIrTrackEnabled()) {
            parts.add(name("K4A_DEPTH_MODE_", c.getDepthMode().value()));
        }
        parts.add(c.getFramesPerSecond() + " fps");
        parts.add(captures + (captures == 1 ? " capture" : " captures"));
        if (c.isImuTrackEnabled()) {
            parts.add("IMU");
        }
        return String.join(" | ", parts);
    }

    // ---- summary.json -------------------------------------------------------------------------------------

    /** The name of an enum constant of k4a by its prefix, e.g. name("K4A_DEPTH_MODE_", 2) = "NFOV_UNBINNED". */
    static String name(String prefix, int value) {
        for (Field f : org.k4a4j.global.k4a.class.getFields()) {
            if (f.getName().startsWith(prefix) && f.getType() == int.class) {
                try {
                    if (f.getInt(null) == value) {
                        return f.getName().substring(prefix.length());
                    }
                } catch (IllegalAccessException e) {
                    break;
                }
            }
        }
        return Integer.toString(value);
    }

    private static void writeConfiguration(JsonWriter json, RecordConfiguration c) {
        json.name("configuration").beginObject();
        json.field("color_format", "K4A_IMAGE_FORMAT_" + name("K4A_IMAGE_FORMAT_", c.getColorFormat().value()));
        json.field("color_resolution", "K4A_COLOR_RESOLUTION_" + name("K4A_COLOR_RESOLUTION_", c.getColorResolution().value()));
        json.field("depth_mode", "K4A_DEPTH_MODE_" + name("K4A_DEPTH_MODE_", c.getDepthMode().value()));
        json.field("camera_fps", c.getFramesPerSecond());
        json.field("color_track_enabled", c.isColorTrackEnabled());
        json.field("depth_track_enabled", c.isDepthTrackEnabled());
        json.field("ir_track_enabled", c.isIrTrackEnabled());
        json.field("imu_track_enabled", c.isImuTrackEnabled());
        json.field("depth_delay_off_color_usec", c.getDepthDelayOffColorUsec());
        json.field("wired_sync_mode", "K4A_WIRED_SYNC_MODE_" + name("K4A_WIRED_SYNC_MODE_", c.getWiredSyncMode().value()));
        json.field("subordinate_delay_off_master_usec", c.getSubordinateDelayOffMasterUsec());
        json.field("start_timestamp_offset_usec", c.getStartTimestampOffsetUsec());
        json.endObject();
    }

    private static void writeCalibration(JsonWriter json, Calibration c, String problem) {
        json.name("calibration").beginObject();
        json.field("available", c != null);
        if (c == null) {
            json.field("problem", problem);
        } else {
            writeCamera(json, "depth_camera", c.getDepthCamera());
            writeCamera(json, "color_camera", c.getColorCamera());
            Calibration.Extrinsics e = c.getExtrinsics(CalibrationType.DEPTH, CalibrationType.COLOR);
            json.name("depth_to_color").beginObject();
            json.field("rotation", doubles(e.getRotation()));
            json.field("translation_mm", doubles(e.getTranslation()));
            json.endObject();
        }
        json.endObject();
    }

    private static void writeCamera(JsonWriter json, String name, Calibration.Camera camera) {
        json.name(name).beginObject();
        json.field("width", camera.getResolutionWidth()).field("height", camera.getResolutionHeight());
        Calibration.Intrinsics i = camera.getIntrinsics();
        json.field("model", "K4A_CALIBRATION_LENS_DISTORTION_MODEL_"
                + name("K4A_CALIBRATION_LENS_DISTORTION_MODEL_", i.getType()));
        json.field("fx", i.fx()).field("fy", i.fy()).field("cx", i.cx()).field("cy", i.cy());
        json.field("metric_radius", camera.getMetricRadius());
        json.endObject();
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Standard tag names, looked up when the file's own list cannot be read. */
    private static void writeTags(JsonWriter json, Playback playback) {
        json.name("tags").beginObject();
        for (String name : playback.getTagNames()) {
            json.field(name, playback.getTag(name).orElse(""));
        }
        json.endObject();
    }

    private static void writeTracks(JsonWriter json, Playback playback, List<String> tracks) {
        json.name("tracks").beginArray();
        for (String name : tracks) {
            json.beginObject();
            json.field("name", name);
            json.field("builtin", playback.isBuiltinTrack(name));
            String codecId = playback.getTrackCodecId(name);
            json.field("codec_id", codecId);
            json.field("codec_context_bytes", playback.getTrackCodecContext(name).length);
            if (codecId.startsWith("V_")) { // a video track (Matroska codec ids of video start with V_)
                try {
                    VideoSettings v = playback.getTrackVideoSettings(name);
                    json.name("video").beginObject().field("width", v.getWidth()).field("height", v.getHeight())
                            .field("frame_rate", v.getFrameRate()).endObject();
                } catch (K4aException e) {
                    json.field("video_settings_problem", e.getMessage());
                }
            }
            json.endObject();
        }
        json.endArray();
    }

    private void writeAttachments(JsonWriter json, Playback playback) throws IOException {
        json.name("attachments").beginArray();
        for (String name : playback.getAttachmentNames()) {
            Optional<byte[]> data = playback.getAttachment(name);
            if (!data.isPresent()) {
                continue;
            }
            json.beginObject().field("name", name).field("size_bytes", data.get().length)
                    .field("sha256", sha256(data.get()));
            if (outDir != null) {
                String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
                File dir = new File(outDir, "attachments");
                mkdirs(dir);
                Files.write(new File(dir, safe).toPath(), data.get());
                json.field("written_to", "attachments/" + safe);
            }
            json.endObject();
        }
        json.endArray();
    }

    private static void writeStream(JsonWriter json, String name, StreamStats s) {
        json.name(name).beginObject();
        json.field("count", s.timestamps.size());
        if (!s.timestamps.isEmpty()) {
            json.field("format", "K4A_IMAGE_FORMAT_" + name("K4A_IMAGE_FORMAT_", s.format));
            json.field("width", s.width).field("height", s.height);
            long first = s.timestamps.get(0);
            long last = s.timestamps.get(s.timestamps.size() - 1);
            json.field("first_device_timestamp_usec", first).field("last_device_timestamp_usec", last);
            if (s.timestamps.size() > 1) {
                json.field("mean_period_usec", (last - first) / (double) (s.timestamps.size() - 1));
            }
            json.name("device_timestamps_usec").beginInlineArray();
            for (long t : s.timestamps) {
                json.value(t);
            }
            json.endArray();
        }
        json.endObject();
    }

    private static void writeImu(JsonWriter json, Playback playback) {
        playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
        long count = 0;
        long first = 0;
        long last = 0;
        double[] accSum = new double[3];
        double[] accMin = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] accMax = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] gyroSum = new double[3];
        double[] gyroMin = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] gyroMax = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        String problem = null;
        try (Stream<ImuSample> samples = playback.imuSamples()) {
            for (Iterator<ImuSample> it = samples.iterator(); it.hasNext();) {
                ImuSample s = it.next();
                if (count == 0) {
                    first = s.getAccTimestampUsec();
                }
                last = s.getAccTimestampUsec();
                count++;
                float[] a = {s.getAcc().x(), s.getAcc().y(), s.getAcc().z()};
                float[] g = {s.getGyro().x(), s.getGyro().y(), s.getGyro().z()};
                for (int k = 0; k < 3; k++) {
                    accSum[k] += a[k];
                    accMin[k] = Math.min(accMin[k], a[k]);
                    accMax[k] = Math.max(accMax[k], a[k]);
                    gyroSum[k] += g[k];
                    gyroMin[k] = Math.min(gyroMin[k], g[k]);
                    gyroMax[k] = Math.max(gyroMax[k], g[k]);
                }
            }
        } catch (K4aException e) {
            problem = e.getMessage();
        }
        json.beginObject();
        json.field("count", count);
        if (count > 0) {
            json.field("first_acc_timestamp_usec", first).field("last_acc_timestamp_usec", last);
            json.field("rate_hz", count > 1 && last > first ? (count - 1) * 1e6 / (last - first) : 0.0);
            json.name("acc_m_per_s2").beginObject().field("mean", scaled(accSum, 1.0 / count)).field("min", accMin)
                    .field("max", accMax).endObject();
            json.name("gyro_rad_per_s").beginObject().field("mean", scaled(gyroSum, 1.0 / count)).field("min", gyroMin)
                    .field("max", gyroMax).endObject();
        }
        if (problem != null) {
            json.field("problem", problem);
        }
        json.endObject();
    }

    private static double[] scaled(double[] v, double k) {
        return new double[] {v[0] * k, v[1] * k, v[2] * k};
    }

    private static void writeCustomTracks(JsonWriter json, Playback playback, List<String> tracks) {
        json.beginArray();
        for (String track : tracks) {
            if (playback.isBuiltinTrack(track)) {
                continue;
            }
            playback.seek(0, K4A_PLAYBACK_SEEK_BEGIN);
            long blocks = 0;
            long bytes = 0;
            long first = 0;
            long last = 0;
            String sample = null;
            try (Stream<DataBlock> stream = playback.dataBlocks(track)) {
                for (Iterator<DataBlock> it = stream.iterator(); it.hasNext();) {
                    DataBlock b = it.next();
                    if (blocks == 0) {
                        first = b.getDeviceTimestampUsec();
                        sample = printable(b.getData());
                    }
                    last = b.getDeviceTimestampUsec();
                    blocks++;
                    bytes += b.size();
                }
            } catch (K4aException e) {
                // a damaged track: report what was read
            }
            json.beginObject().field("name", track).field("blocks", blocks).field("bytes", bytes);
            if (blocks > 0) {
                json.field("first_device_timestamp_usec", first).field("last_device_timestamp_usec", last);
            }
            if (sample != null) {
                json.field("first_block_text", sample);
            }
            json.endObject();
        }
        json.endArray();
    }

    /** The bytes as text when they are short printable UTF-8, else null. */
    private static String printable(byte[] data) {
        if (data.length > 300) {
            return null;
        }
        String s = new String(data, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' || c == '\uFFFD') {
                return null;
            }
        }
        return s;
    }

    private static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder s = new StringBuilder();
            for (byte b : d) {
                s.append(String.format(Locale.ROOT, "%02x", b & 0xFF));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mkdirs(File dir) {
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IllegalStateException("cannot create " + dir);
        }
    }
}
