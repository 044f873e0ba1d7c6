/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.k4a4j.k4a.k4a_image_t;
import org.k4a4j.k4a.k4a_transformation_t;

import static org.k4a4j.global.k4a.*;

/**
 * Image transformations between the depth and colour cameras of a calibration ({@code k4a_transformation_t}):
 * depth seen from the colour camera, colour seen from the depth camera, and point clouds.
 *
 * <p>A {@code Transformation} owns its native object (precomputed per-pixel tables, a few MB) and destroys it
 * in {@link #close()} (once; idempotent) or, as a safety net, when collected. Any use after close throws
 * {@link IllegalStateException}. The functions that return images allocate new ones (close them); the
 * {@code ...Into} variants write into images the caller provides, which suits a loop that reuses its buffers.
 * Images of the wrong format or size, or with a buffer too small for their rows, throw
 * {@link IllegalArgumentException} before any native call (whatever libk4a is loaded, no call reads or writes
 * past an image); what the library refuses otherwise (e.g. padded strides) throws {@link K4aException} with its
 * message; null and closed Java objects throw {@link NullPointerException} and {@link IllegalStateException}.
 *
 * <p>One transformation may be used from several threads (the library runs one operation of a handle at a time,
 * each spread over all cores), but not closed while in use; for concurrent work, create one per thread.
 */
public final class Transformation extends NativeHandle<k4a_transformation_t> {
    private final Calibration calibration;

    /**
     * A transformation for a calibration ({@code k4a_transformation_create}). A camera that is off in the
     * calibration's modes makes the functions that need it fail.
     *
     * @param calibration a calibration
     * @return a transformation for a calibration ({@code k4a_transformation_create})
     * @throws K4aException when the library refuses the calibration
     */
    public static Transformation create(Calibration calibration) {
        if (calibration == null) {
            throw new NullPointerException("calibration is null");
        }
        K4a.clearErrors();
        k4a_transformation_t t = k4a_transformation_create(calibration.struct());
        if (t == null || t.isNull()) {
            throw K4a.error("k4a_transformation_create");
        }
        return new Transformation(t.address(), calibration);
    }

    private Transformation(long address, Calibration calibration) {
        super(address, k4a_transformation_t::new, h -> k4a_transformation_destroy(h));
        this.calibration = calibration;
    }

    /**
     * The calibration this transformation was made for.
     *
     * @return the calibration this transformation was made for
     */
    public Calibration getCalibration() {
        return calibration;
    }

    /**
     * The depth image seen from the colour camera: a new DEPTH16 image of the colour camera's size, 0 where no
     * depth maps ({@code k4a_transformation_depth_image_to_color_camera}). Its device timestamp is the depth
     * image's.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @return a new DEPTH16 image of the colour camera's size, which the caller closes
     */
    public Image depthToColor(Image depth) {
        Calibration.Camera color = calibration.getColorCamera();
        Image out = newImage(ImageFormat.DEPTH16, color.getResolutionWidth(), color.getResolutionHeight(),
                "the colour camera");
        return fill(out, depth, () -> depthToColorInto(depth, out));
    }

    /**
     * {@link #depthToColor(Image)} into a DEPTH16 image of the colour camera's size.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param transformedDepth the DEPTH16 output image
     */
    public void depthToColorInto(Image depth, Image transformedDepth) {
        k4a_transformation_t t = live();
        k4a_image_t in = imageOf(depth, "depth", K4A_CALIBRATION_TYPE_DEPTH, 2, K4A_IMAGE_FORMAT_DEPTH16);
        k4a_image_t out = imageOf(transformedDepth, "transformedDepth", K4A_CALIBRATION_TYPE_COLOR, 2,
                K4A_IMAGE_FORMAT_DEPTH16);
        K4a.clearErrors();
        if (k4a_transformation_depth_image_to_color_camera(t, in, out) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_transformation_depth_image_to_color_camera");
        }
    }

    /**
     * The depth image and a custom image aligned with it (e.g. IR as CUSTOM16, labels as CUSTOM8), both seen
     * from the colour camera ({@code k4a_transformation_depth_image_to_color_camera_custom}).
     *
     * @param depth         a DEPTH16 image of the depth camera's size
     * @param custom        a CUSTOM8 or CUSTOM16 image of the depth camera's size
     * @param interpolation NEAREST or LINEAR
     * @param invalidValue  the custom value written where no depth maps (0..255 for CUSTOM8, 0..65535 for
     *                      CUSTOM16)
     * @return the new depth (DEPTH16) and custom images (same format as {@code custom}) of the colour camera's
     *         size; close them (closing the result closes both)
     */
    public DepthAndCustom depthToColorCustom(Image depth, Image custom, TransformationInterpolation interpolation,
            long invalidValue) {
        if (custom == null) {
            throw new NullPointerException("custom image is null");
        }
        Calibration.Camera color = calibration.getColorCamera();
        int w = color.getResolutionWidth();
        int h = color.getResolutionHeight();
        ImageFormat customFormat = custom.getFormat();
        if (customFormat != ImageFormat.CUSTOM8 && customFormat != ImageFormat.CUSTOM16) {
            throw new IllegalArgumentException("the custom image has format " + customFormat
                    + "; it must be K4A_IMAGE_FORMAT_CUSTOM8 or K4A_IMAGE_FORMAT_CUSTOM16");
        }
        Image outDepth = newImage(ImageFormat.DEPTH16, w, h, "the colour camera");
        Image outCustom = null;
        try {
            outCustom = newImage(customFormat, w, h, "the colour camera");
            depthToColorCustomInto(depth, custom, outDepth, outCustom, interpolation, invalidValue);
            outDepth.setDeviceTimestampUsec(depth.getDeviceTimestampUsec());
            outCustom.setDeviceTimestampUsec(depth.getDeviceTimestampUsec());
            return new DepthAndCustom(outDepth, outCustom);
        } catch (RuntimeException e) {
            outDepth.close();
            if (outCustom != null) {
                outCustom.close();
            }
            throw e;
        }
    }

    /**
     * {@link #depthToColorCustom} into images of the colour camera's size.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param custom a CUSTOM8 or CUSTOM16 image of the depth camera's size
     * @param transformedDepth the DEPTH16 output image
     * @param transformedCustom the custom output image
     * @param interpolation NEAREST or LINEAR
     * @param invalidValue the custom value where no depth maps
     */
    public void depthToColorCustomInto(Image depth, Image custom, Image transformedDepth, Image transformedCustom,
            TransformationInterpolation interpolation, long invalidValue) {
        if (interpolation == null) {
            throw new NullPointerException("interpolation is null");
        }
        if (invalidValue < 0 || invalidValue > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("invalidValue " + invalidValue + " is outside 0..4294967295 (uint32_t)");
        }
        k4a_transformation_t t = live();
        k4a_image_t d = imageOf(depth, "depth", K4A_CALIBRATION_TYPE_DEPTH, 2, K4A_IMAGE_FORMAT_DEPTH16);
        int format = Checks.notNull(custom, "custom image").getFormat().value();
        int pixelBytes = Checks.bytesPerPixel(format);
        k4a_image_t c = imageOf(custom, "custom", K4A_CALIBRATION_TYPE_DEPTH, pixelBytes, K4A_IMAGE_FORMAT_CUSTOM8,
                K4A_IMAGE_FORMAT_CUSTOM16);
        k4a_image_t od = imageOf(transformedDepth, "transformedDepth", K4A_CALIBRATION_TYPE_COLOR, 2,
                K4A_IMAGE_FORMAT_DEPTH16);
        k4a_image_t oc = imageOf(transformedCustom, "transformedCustom", K4A_CALIBRATION_TYPE_COLOR, pixelBytes, format);
        K4a.clearErrors();
        if (k4a_transformation_depth_image_to_color_camera_custom(t, d, c, od, oc, interpolation.value(),
                (int) invalidValue)
                != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_transformation_depth_image_to_color_camera_custom");
        }
    }

    /**
     * The colour image seen from the depth camera: a new BGRA32 image of the depth image's size, 0 where no
     * colour maps ({@code k4a_transformation_color_image_to_depth_camera}). Its device timestamp is the depth
     * image's.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param color a BGRA32 image of the colour camera's size (set a playback's colour conversion to BGRA32
     *              for MJPG, NV12 and YUY2 recordings)
     * @return a new BGRA32 image of the depth image's size, which the caller closes
     */
    public Image colorToDepth(Image depth, Image color) {
        if (depth == null) {
            throw new NullPointerException("depth image is null");
        }
        Image out = newImage(ImageFormat.COLOR_BGRA32, depth.getWidthPixels(), depth.getHeightPixels(),
                "the depth image");
        return fill(out, depth, () -> colorToDepthInto(depth, color, out));
    }

    /**
     * {@link #colorToDepth} into a BGRA32 image of the depth camera's size.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param color a BGRA32 image of the colour camera's size
     * @param transformedColor the BGRA32 output image
     */
    public void colorToDepthInto(Image depth, Image color, Image transformedColor) {
        k4a_transformation_t t = live();
        k4a_image_t d = imageOf(depth, "depth", K4A_CALIBRATION_TYPE_DEPTH, 2, K4A_IMAGE_FORMAT_DEPTH16);
        k4a_image_t c = imageOf(color, "color", K4A_CALIBRATION_TYPE_COLOR, 4, K4A_IMAGE_FORMAT_COLOR_BGRA32);
        k4a_image_t o = imageOf(transformedColor, "transformedColor", K4A_CALIBRATION_TYPE_DEPTH, 4,
                K4A_IMAGE_FORMAT_COLOR_BGRA32);
        K4a.clearErrors();
        if (k4a_transformation_color_image_to_depth_camera(t, d, c, o) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_transformation_color_image_to_depth_camera");
        }
    }

    /**
     * The point cloud of a depth image: a new CUSTOM image of the same size whose pixels are x, y, z as int16
     * millimetres in the given camera's coordinates, (0, 0, 0) where there is no depth
     * ({@code k4a_transformation_depth_image_to_point_cloud}).
     *
     * @param depth  a DEPTH16 image of the camera's size: the depth camera's own, or one from
     *               {@link #depthToColor} for the colour camera
     * @param camera DEPTH or COLOR
     * @return a new CUSTOM image the caller closes
     */
    public Image pointCloud(Image depth, CalibrationType camera) {
        if (depth == null) {
            throw new NullPointerException("depth image is null");
        }
        int w = depth.getWidthPixels();
        Image out = newImage(ImageFormat.CUSTOM, w, depth.getHeightPixels(), "the depth image");
        return fill(out, depth, () -> pointCloudInto(depth, camera, out));
    }

    /**
     * {@link #pointCloud} into a CUSTOM (or CUSTOM16) image of the depth image's size with a stride of 6 x width.
     *
     * @param depth a DEPTH16 image of the depth camera's size
     * @param camera DEPTH or COLOR
     * @param xyz the CUSTOM output image
     */
    public void pointCloudInto(Image depth, CalibrationType camera, Image xyz) {
        if (camera == null) {
            throw new NullPointerException("camera is null");
        }
        k4a_transformation_t t = live();
        k4a_image_t d = imageOf(depth, "depth", Checks.camera("camera", camera.value()), 2, K4A_IMAGE_FORMAT_DEPTH16);
        k4a_image_t out = imageOf(xyz, "xyz", camera.value(), 6, K4A_IMAGE_FORMAT_CUSTOM, K4A_IMAGE_FORMAT_CUSTOM16);
        K4a.clearErrors();
        if (k4a_transformation_depth_image_to_point_cloud(t, d, camera.value(), out) != K4A_RESULT_SUCCEEDED) {
            throw K4a.error("k4a_transformation_depth_image_to_point_cloud");
        }
    }

    /**
     * {@link #depthToColor(Image)} of a capture's depth image.
     *
     * @param capture a capture with a depth image
     * @return a new DEPTH16 image of the colour camera's size, which the caller closes
     * @throws IllegalArgumentException when the capture has no depth image
     */
    public Image depthToColor(Capture capture) {
        try (Image depth = imageOf(capture, true, "depth")) {
            return depthToColor(depth);
        }
    }

    /**
     * {@link #colorToDepth(Image, Image)} of a capture's depth and colour images.
     *
     * @param capture a capture with a depth image and a BGRA32 colour image (set a playback's colour conversion
     *                to BGRA32 for other formats, or use {@code org.k4a4j.opencv.ColoredPointCloud})
     * @return a new BGRA32 image of the depth camera's size, which the caller closes
     * @throws IllegalArgumentException when the capture lacks either image, or its colour image is not BGRA32
     */
    public Image colorToDepth(Capture capture) {
        try (Image depth = imageOf(capture, true, "depth");
             Image color = imageOf(capture, false, "colour")) {
            if (color.getFormat() != ImageFormat.COLOR_BGRA32) {
                throw new IllegalArgumentException("the capture's colour image is " + color.getFormat()
                        + "; colorToDepth needs K4A_IMAGE_FORMAT_COLOR_BGRA32 (Playback.setColorConversion)");
            }
            return colorToDepth(depth, color);
        }
    }

    /**
     * {@link #pointCloud(Image, CalibrationType)} of a capture's depth image, in the depth camera's coordinates.
     *
     * @param capture a capture with a depth image
     * @return a new CUSTOM image (x, y, z as int16 mm per pixel), which the caller closes
     * @throws IllegalArgumentException when the capture has no depth image
     */
    public Image pointCloud(Capture capture) {
        try (Image depth = imageOf(capture, true, "depth")) {
            return pointCloud(depth, CalibrationType.DEPTH);
        }
    }

    /** The depth (or colour) image of a capture as a new Image, or an exception saying it has none. */
    private static Image imageOf(Capture capture, boolean depth, String what) {
        if (capture == null) {
            throw new NullPointerException("capture is null");
        }
        Image image = depth ? capture.getDepthImage() : capture.getColorImage();
        if (image == null) {
            throw new IllegalArgumentException("the capture has no " + what + " image");
        }
        return image;
    }

    @Override
    public String toString() {
        return isClosed() ? "Transformation[closed]" : "Transformation[" + calibration + "]";
    }

    private static Image newImage(ImageFormat format, int width, int height, String what) {
        if (width <= 0 || height <= 0) {
            throw new IllegalStateException("no output size: " + what + " has size " + width + "x" + height
                    + " (is the camera off in this calibration?)");
        }
        int pixelBytes = format == ImageFormat.CUSTOM ? 6
                : format == ImageFormat.COLOR_BGRA32 ? 4 : format == ImageFormat.CUSTOM8 ? 1 : 2;
        return Image.create(format, width, height, width * pixelBytes);
    }

    /**
     * Runs {@code into} to fill a new output image and gives it the depth image's device timestamp; closes it
     * when that fails.
     */
    private static Image fill(Image out, Image depth, Runnable into) {
        try {
            into.run();
            out.setDeviceTimestampUsec(depth.getDeviceTimestampUsec());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * The handle of an image the call reads or writes whole: one of {@code formats}, of the size of a camera of
     * the calibration (DEPTH or COLOR), with rows of {@code pixelBytes} per pixel (see {@link Checks#image}).
     */
    private k4a_image_t imageOf(Image image, String name, int camera, int pixelBytes, int... formats) {
        boolean depthCamera = camera == K4A_CALIBRATION_TYPE_DEPTH;
        Calibration.Camera c = depthCamera ? calibration.getDepthCamera() : calibration.getColorCamera();
        return Checks.image(image, name, c.getResolutionWidth(), c.getResolutionHeight(),
                depthCamera ? "the depth camera" : "the colour camera", pixelBytes, formats);
    }

    /**
     * A depth image and a custom image aligned with it, from {@link #depthToColorCustom}. Closing it closes
     * both (take {@link Image#reference()} of one to keep it).
     */
    public static final class DepthAndCustom implements AutoCloseable {
        private final Image depth;
        private final Image custom;

        DepthAndCustom(Image depth, Image custom) {
            this.depth = depth;
            this.custom = custom;
        }

        /**
         * The DEPTH16 image, owned by this object.
         *
         * @return the DEPTH16 image, owned by this object
         */
        public Image getDepth() {
            return depth;
        }

        /**
         * The CUSTOM8 or CUSTOM16 image, owned by this object.
         *
         * @return the CUSTOM8 or CUSTOM16 image, owned by this object
         */
        public Image getCustom() {
            return custom;
        }

        @Override
        public void close() {
            depth.close();
            custom.close();
        }
    }
}
