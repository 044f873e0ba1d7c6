/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * OpenCV interop: {@link org.k4a4j.opencv.ImageMats} turns k4a images into Bytedeco OpenCV
 * {@link org.bytedeco.opencv.opencv_core.Mat}s and Mats into images, without copying, with lifetimes that do
 * not depend on the order in which either side is closed or collected.
 */
package org.k4a4j.opencv;
