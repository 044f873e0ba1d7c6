/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * OpenCV interop (the only package of k4a4j that uses OpenCV):
 * <ul>
 * <li>{@link org.k4a4j.opencv.ImageMats} turns k4a images into Bytedeco OpenCV
 * {@link org.bytedeco.opencv.opencv_core.Mat}s ({@link org.k4a4j.opencv.ImageMat}: no copy, the image's
 * memory given back when the Mat is closed or its {@link org.bytedeco.javacpp.PointerScope} ends) and Mats
 * into images, with lifetimes that do not depend on the order in which either side is closed or collected;</li>
 * <li>{@link org.k4a4j.opencv.ColorMats}: any colour image as BGR or BGRA, depth and IR in false colour;</li>
 * <li>{@link org.k4a4j.opencv.TransformationMats}: the transformations into and out of Mats;</li>
 * <li>{@link org.k4a4j.opencv.CalibrationMats}: a camera's matrix, distortion coefficients in OpenCV's order and
 * undistortion/rectification maps;</li>
 * <li>{@link org.k4a4j.opencv.ColoredPointCloud} and {@link org.k4a4j.opencv.PlyWriter}: XYZ + BGR of every
 * valid depth pixel (one frame with {@code of}, a frame loop in the same memory with {@code create} and
 * {@code update}), and PLY files of them.</li>
 * </ul>
 * Every method that returns a Mat (or an object holding Mats) gives it to the caller, who closes it.
 */
package org.k4a4j.opencv;
