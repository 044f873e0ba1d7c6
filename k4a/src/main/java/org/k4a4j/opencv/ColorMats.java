/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;

import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_imgproc.*;

/**
 * Images for people to look at: any colour image as an 8-bit BGR or BGRA Mat in one call, and depth or IR as
 * false colour. Every method returns a new Mat holding a copy, which the caller closes; the images given are
 * only read (and stay the caller's to close).
 */
public final class ColorMats {
    private ColorMats() {
    }

    /**
     * A colour image as 8-bit BGR (CV_8UC3): MJPG is decoded, NV12 and YUY2 converted, BGRA32 loses its alpha.
     *
     * @param color an open MJPG, NV12, YUY2 or BGRA32 image
     * @return a new CV_8UC3 Mat of the image's size, which the caller closes
     * @throws IllegalArgumentException for another format, or an MJPG image OpenCV cannot decode
     */
    public static Mat toBgr(Image color) {
        return convert(color, false);
    }

    /**
     * A colour image as 8-bit BGRA (CV_8UC4, alpha 255 unless the image is BGRA32 already, which is copied):
     * the layout of {@code K4A_IMAGE_FORMAT_COLOR_BGRA32}, ready for {@link ImageMats#toImage(Mat)}.
     *
     * @param color an open MJPG, NV12, YUY2 or BGRA32 image
     * @return a new CV_8UC4 Mat of the image's size, which the caller closes
     * @throws IllegalArgumentException for another format, or an MJPG image OpenCV cannot decode
     */
    public static Mat toBgra(Image color) {
        return convert(color, true);
    }

    private static Mat convert(Image color, boolean alpha) {
        if (color == null) {
            throw new NullPointerException("color image is null");
        }
        ImageFormat format = color.getFormat();
        Mat out = new Mat();
        switch (format) {
            case COLOR_MJPG:
                try (Mat bgr = ImageMats.decode(color)) {
                    if (alpha) {
                        cvtColor(bgr, out, COLOR_BGR2BGRA);
                    } else {
                        bgr.copyTo(out);
                    }
                }
                return out;
            case COLOR_NV12:
                return cvt(color, out, alpha ? COLOR_YUV2BGRA_NV12 : COLOR_YUV2BGR_NV12);
            case COLOR_YUY2:
                return cvt(color, out, alpha ? COLOR_YUV2BGRA_YUY2 : COLOR_YUV2BGR_YUY2);
            case COLOR_BGRA32:
                if (alpha) {
                    try (ImageMat in = ImageMats.asMat(color)) {
                        in.copyTo(out);
                    }
                    return out;
                }
                return cvt(color, out, COLOR_BGRA2BGR);
            default:
                out.close();
                throw new IllegalArgumentException("a " + format + " image is not a colour image (MJPG, NV12, YUY2 "
                        + "or BGRA32); for depth and IR use ColorMats.falseColor");
        }
    }

    private static Mat cvt(Image color, Mat out, int code) {
        try (ImageMat in = ImageMats.asMat(color)) {
            cvtColor(in, out, code);
        }
        return out;
    }

    /**
     * A DEPTH16, IR16 or CUSTOM16 image in false colour: values from {@code min} to {@code max} spread over
     * the colormap (values outside are clamped), pixels of value 0 (no depth) black.
     *
     * @param image    an open 16-bit image
     * @param min      the value shown at the colormap's start, e.g. 500 mm
     * @param max      the value shown at its end, e.g. 4000 mm; more than {@code min}
     * @param colormap an OpenCV colormap, e.g. {@code COLORMAP_JET} or {@code COLORMAP_TURBO} of
     *                 {@code opencv_imgproc}
     * @return a new CV_8UC3 BGR Mat of the image's size, which the caller closes
     * @throws IllegalArgumentException for another format, or {@code max <= min}
     */
    public static Mat falseColor(Image image, int min, int max, int colormap) {
        if (image == null) {
            throw new NullPointerException("image is null");
        }
        ImageFormat format = image.getFormat();
        if (format != ImageFormat.DEPTH16 && format != ImageFormat.IR16 && format != ImageFormat.CUSTOM16) {
            throw new IllegalArgumentException("a " + format + " image has no 16-bit values to colour; "
                    + "falseColor takes DEPTH16, IR16 and CUSTOM16");
        }
        try (ImageMat values = ImageMats.asMat(image)) {
            return falseColor(values, min, max, colormap);
        }
    }

    /**
     * {@link #falseColor(Image, int, int, int)} of a CV_16UC1 Mat (e.g. an aligned depth Mat).
     *
     * @param values   a CV_16UC1 Mat
     * @param min      the value shown at the colormap's start
     * @param max      the value shown at its end; more than {@code min}
     * @param colormap an OpenCV colormap
     * @return a new CV_8UC3 BGR Mat of the same size, which the caller closes
     */
    public static Mat falseColor(Mat values, int min, int max, int colormap) {
        if (values == null) {
            throw new NullPointerException("values is null");
        }
        if (values.type() != CV_16UC1) {
            throw new IllegalArgumentException("falseColor takes a CV_16UC1 Mat; this one has type " + values.type());
        }
        if (max <= min) {
            throw new IllegalArgumentException("max " + max + " must be more than min " + min);
        }
        double scale = 255.0 / (max - min);
        Mat out = new Mat();
        try (Mat scaled = new Mat();
             Mat noValue = new Mat();
             Mat zero16 = new Mat(1, 1, CV_16UC1, Scalar.all(0));
             Mat black = new Mat(1, 1, CV_8UC3, Scalar.all(0))) {
            values.convertTo(scaled, CV_8UC1, scale, -min * scale); // saturating: clamps to 0..255
            applyColorMap(scaled, out, colormap);
            compare(values, zero16, noValue, CMP_EQ);
            out.setTo(black, noValue);
        }
        return out;
    }
}
