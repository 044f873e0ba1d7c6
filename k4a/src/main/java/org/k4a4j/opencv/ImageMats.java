/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.opencv;

import java.util.Iterator;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.k4a4j.Image;
import org.k4a4j.ImageFormat;

import static org.bytedeco.opencv.global.opencv_core.*;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/**
 * k4a images as OpenCV {@link Mat}s and back, without copying the pixels.
 *
 * <table>
 * <caption>Formats and Mat types</caption>
 * <tr><th>k4a format</th><th>Mat</th></tr>
 * <tr><td>DEPTH16, IR16, CUSTOM16</td><td>CV_16UC1</td></tr>
 * <tr><td>COLOR_BGRA32</td><td>CV_8UC4</td></tr>
 * <tr><td>CUSTOM8</td><td>CV_8UC1</td></tr>
 * <tr><td>COLOR_NV12</td><td>CV_8UC1, height x 3/2 rows (luma, then interleaved chroma)</td></tr>
 * <tr><td>COLOR_YUY2</td><td>CV_8UC2</td></tr>
 * <tr><td>CUSTOM (point cloud: x, y, z as int16 per pixel)</td><td>CV_16SC3</td></tr>
 * <tr><td>COLOR_MJPG</td><td>{@link #decode}: a BGR CV_8UC3 copy</td></tr>
 * </table>
 *
 * <p>Lifetimes: a Mat from {@link #asMat} is an {@link ImageMat} holding its own reference to the native
 * image, which its {@code close()} (or the end of the {@link org.bytedeco.javacpp.PointerScope} it was made
 * in) gives back at once; the garbage collector releases what was not closed. An Image from {@link #toImage}
 * keeps the Mat's memory (its data and a header of its own) until libk4a releases the image. So closing the
 * Image first, the Mat first, or leaving either to the garbage collector never frees memory still in use.
 * Mats derived from a Mat of {@code asMat} by OpenCV (ROIs, rows, reshapes) share its memory without holding
 * it: use them while that Mat is open, or {@code clone()} them. Mats returned by the converting helpers
 * * ({@link #decode}, {@code ColorMats.toBgr}, ...) are ordinary Mats owning copies: close them too.
 */
public final class ImageMats {
    /** Bytes of one channel, by OpenCV depth (CV_8U .. CV_16F). */
    private static final int[] DEPTH_BYTES = {1, 1, 2, 2, 4, 4, 8, 2};
    private static final String[] DEPTH_NAMES = {"8U", "8S", "16U", "16S", "32S", "32F", "64F", "16F"};

    private ImageMats() {
    }

    /**
     * @param format an image format
     * @return the Mat type the format maps to, or -1 for MJPG (compressed)
     */
    public static int matType(ImageFormat format) {
        if (format == null) {
            throw new NullPointerException("format is null");
        }
        switch (format) {
            case DEPTH16:
            case IR16:
            case CUSTOM16:
                return CV_16UC1;
            case COLOR_BGRA32:
                return CV_8UC4;
            case CUSTOM8:
            case COLOR_NV12:
                return CV_8UC1;
            case COLOR_YUY2:
                return CV_8UC2;
            case CUSTOM:
                return CV_16SC3;
            default:
                return -1;
        }
    }

    /**
     * The image's pixels as a Mat, without copying: rows and columns are the image's (NV12: height x 3/2
     * rows), the step is the image's stride. The Mat holds a reference to the native image, so it stays
     * valid after the image is closed; close the Mat (the caller owns it) to give that reference back at once.
     *
     * @param image an open image of any format but MJPG
     * @return a new Mat the caller closes
     * @throws IllegalArgumentException for MJPG (use {@link #decode}), a stride the Mat type cannot have, or a
     *                                  buffer smaller than its rows
     * @throws IllegalStateException    when the image is closed
     */
    public static ImageMat asMat(Image image) {
        if (image == null) {
            throw new NullPointerException("image is null");
        }
        ImageFormat format = image.getFormat();
        int type = matType(format);
        if (type < 0) {
            throw new IllegalArgumentException(
                    "a COLOR_MJPG image is compressed and has no pixel layout; use ImageMats.decode or toBgr");
        }
        int width = image.getWidthPixels();
        int height = image.getHeightPixels();
        int rows = format == ImageFormat.COLOR_NV12 ? height * 3 / 2 : height;
        long stride = image.getStrideBytes();
        long channelBytes = DEPTH_BYTES[CV_MAT_DEPTH(type)];
        long pixelBytes = channelBytes * CV_MAT_CN(type);
        if (stride < width * pixelBytes || stride % channelBytes != 0) {
            throw new IllegalArgumentException("the image's stride of " + stride + " bytes cannot be the step of a "
                    + width + "-column Mat of " + pixelBytes + "-byte pixels (it must be at least " + width * pixelBytes
                    + " and a multiple of " + channelBytes + ")");
        }
        // The pixels pointer holds the image's reference; the Mat closes it when released.
        BytePointer pixels = image.getBufferPointer();
        if (pixels.limit() < rows * stride) { // a lenient libk4a may have wrapped a short buffer: never read past it
            pixels.close();
            throw new IllegalArgumentException("the image's buffer of " + image.getSize() + " bytes is less than its "
                    + rows + " rows of " + stride + " bytes");
        }
        return new ImageMat(rows, width, type, pixels, stride);
    }

    /**
     * Decodes a COLOR_MJPG image into a new BGR Mat (CV_8UC3): a copy, by the nature of decoding.
     *
     * @param image an open MJPG image
     * @return a new Mat the caller closes
     * @throws IllegalArgumentException when the image is not MJPG or its data is not a JPEG OpenCV can decode
     */
    public static Mat decode(Image image) {
        if (image == null) {
            throw new NullPointerException("image is null");
        }
        if (image.getFormat() != ImageFormat.COLOR_MJPG) {
            throw new IllegalArgumentException("image format " + image.getFormat() + " is not COLOR_MJPG");
        }
        long size = image.getSize();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a JPEG of " + size + " bytes is too large to decode");
        }
        BytePointer bytes = image.getBufferPointer();
        Mat encoded = new Mat(1, (int) size, CV_8UC1, bytes, size);
        try {
            Mat bgr = imdecode(encoded, IMREAD_COLOR);
            if (bgr == null || bgr.empty()) {
                throw new IllegalArgumentException("the " + size + " bytes of the COLOR_MJPG image are not a JPEG "
                        + "that OpenCV can decode");
            }
            return bgr;
        } finally {
            encoded.close();
            bytes.close(); // release the image reference now rather than at the next collection
        }
    }

    /**
     * The format {@link #toImage(Mat)} gives a Mat type: CV_16UC1 DEPTH16, CV_8UC4 COLOR_BGRA32, CV_8UC1
     * CUSTOM8, CV_8UC2 COLOR_YUY2, CV_16SC3 CUSTOM.
     *
     * @param matType an OpenCV type such as {@code CV_16UC1}
     * @return the format, or null for other types
     */
    public static ImageFormat defaultFormat(int matType) {
        if (matType == CV_16UC1) {
            return ImageFormat.DEPTH16;
        } else if (matType == CV_8UC4) {
            return ImageFormat.COLOR_BGRA32;
        } else if (matType == CV_8UC1) {
            return ImageFormat.CUSTOM8;
        } else if (matType == CV_8UC2) {
            return ImageFormat.COLOR_YUY2;
        } else if (matType == CV_16SC3) {
            return ImageFormat.CUSTOM;
        }
        return null;
    }

    /**
     * The Mat as an image of the format its type suggests ({@link #defaultFormat}), without copying.
     *
     * @param mat a Mat of a type {@link #defaultFormat} knows
     * @return a new image the caller closes
     * @see #toImage(Mat, ImageFormat)
     */
    public static Image toImage(Mat mat) {
        if (mat == null) {
            throw new NullPointerException("mat is null");
        }
        ImageFormat format = defaultFormat(mat.type());
        if (format == null) {
            throw new IllegalArgumentException("a Mat of type " + typeName(mat.type())
                    + " has no k4a image format; supported: CV_16UC1, CV_8UC4, CV_8UC1, CV_8UC2, CV_16SC3");
        }
        return toImage(mat, format);
    }

    /**
     * The Mat's pixels as an image ({@code k4a_image_create_from_buffer}), without copying. The stride is the
     * Mat's step, so a non-continuous Mat (an ROI) works too. The image keeps the memory alive, through a Mat
     * header of its own and the given Mat object, until libk4a releases the image; closing or releasing the
     * given Mat meanwhile is safe. Writes through either are seen through the other.
     *
     * @param mat    a 2D Mat
     * @param format a format whose Mat type ({@link #matType}) is the Mat's type; for NV12 the Mat has
     *               height x 3/2 rows
     * @return a new image the caller closes
     * @throws IllegalArgumentException for an empty Mat, a type or row count the format cannot have, or an ROI
     *                                  whose last row is short of a full step at the end of its memory
     * @throws org.k4a4j.K4aException   when libk4a refuses the layout (its message says why)
     */
    public static Image toImage(Mat mat, ImageFormat format) {
        if (mat == null) {
            throw new NullPointerException("mat is null");
        }
        if (mat.isNull() || mat.empty()) {
            throw new IllegalArgumentException("the Mat is empty (or released)");
        }
        if (mat.dims() != 2) {
            throw new IllegalArgumentException("the Mat has " + mat.dims() + " dimensions; an image needs 2");
        }
        int type = matType(format);
        if (type < 0) {
            throw new IllegalArgumentException("COLOR_MJPG is compressed: wrap the JPEG bytes with Image.wrap instead");
        }
        if (mat.type() != type) {
            throw new IllegalArgumentException("a Mat of type " + typeName(mat.type()) + " (" + mat.channels()
                    + " channels) cannot be a format " + format + " image, which needs " + typeName(type));
        }
        int rows = mat.rows();
        int height = rows;
        if (format == ImageFormat.COLOR_NV12) {
            if (rows % 3 != 0) {
                throw new IllegalArgumentException("an NV12 Mat has height x 3/2 rows, a multiple of 3; this one has "
                        + rows);
            }
            height = rows / 3 * 2;
        }
        long step = mat.step();
        if (step > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the Mat's step of " + step + " bytes does not fit a k4a stride");
        }
        long size = rows * step; // what libk4a expects the buffer to hold
        long start = mat.data().address();
        long limit = mat.datalimit().address();
        if (start + size > limit) {
            throw new IllegalArgumentException("the Mat's last row ends " + (start + size - limit) + " bytes short of "
                    + "a full step at the end of its memory (an ROI at the bottom right), so libk4a could read past "
                    + "it; clone() the ROI first");
        }
        final Mat header = new Mat(mat); // shares (and, for OpenCV-owned memory, counts a reference to) the pixels
        detachFromScopes(header);
        return Image.wrap(format, mat.cols(), height, (int) step, header.data(), size, mat, header::deallocate);
    }

    private static String typeName(int type) {
        int depth = CV_MAT_DEPTH(type);
        return "CV_" + (depth < DEPTH_NAMES.length ? DEPTH_NAMES[depth] : "?" + depth) + "C" + CV_MAT_CN(type);
    }

    /** Leaves every PointerScope of this thread alone with p: its end must not free what an image uses. */
    private static void detachFromScopes(Pointer p) {
        for (Iterator<PointerScope> it = PointerScope.getScopeIterator(); it != null && it.hasNext();) {
            PointerScope scope = it.next();
            p.retainReference(); // detach() releases a JavaCPP reference, attached or not: stay even
            scope.detach(p);
        }
    }
}
