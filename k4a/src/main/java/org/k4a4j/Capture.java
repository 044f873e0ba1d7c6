/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j;

import org.k4a4j.k4a.k4a_capture_t;
import org.k4a4j.k4a.k4a_image_t;

import static org.k4a4j.global.k4a.*;

/**
 * A capture of libk4a ({@code k4a_capture_t}): the colour, depth and IR images taken together, and the
 * sensor temperature.
 *
 * <p>Ownership follows {@link Image}: a {@code Capture} holds one reference to the native capture, released
 * by {@link #close()} (once) or when collected; the capture holds references of its own to the images in it,
 * and each image getter returns a new {@code Image} holding yet another, to be closed by the caller. Any use
 * of a closed {@code Capture} throws {@link IllegalStateException}.
 */
public final class Capture extends NativeHandle<k4a_capture_t> {
    private Capture(long address) {
        super(address, k4a_capture_t::new, h -> k4a_capture_release(h));
    }

    /**
     * A new, empty capture ({@code k4a_capture_create}); its temperature is NaN.
     *
     * @return a new, empty capture ({@code k4a_capture_create}); its temperature is NaN
     * @throws K4aException when there is no memory
     */
    public static Capture create() {
        K4a.clearErrors();
        k4a_capture_t out = new k4a_capture_t();
        if (k4a_capture_create(out) != K4A_RESULT_SUCCEEDED || out.isNull()) {
            throw K4a.error("k4a_capture_create");
        }
        return new Capture(out.address());
    }

    /**
     * Takes over one reference to a native capture (e.g. one returned by a raw call): the new object
     * releases it.
     *
     * @param owned the handle whose reference is taken over
     * @return a new Capture owning that reference, which the caller closes
     * @throws NullPointerException when the handle is null or NULL
     */
    public static Capture adopt(k4a_capture_t owned) {
        if (owned == null || owned.isNull()) {
            throw new NullPointerException("capture handle is null");
        }
        return new Capture(owned.address());
    }

    /**
     * A new object sharing this native capture, with a reference of its own ({@code k4a_capture_reference}).
     *
     * @return a new object sharing this native capture, with a reference of its own ({@code k4a_capture_reference})
     */
    public Capture reference() {
        k4a_capture_t live = live();
        k4a_capture_reference(live);
        return new Capture(live.address());
    }

    /**
     * The colour image as a new {@code Image} (close it), or null when the capture has none.
     *
     * @return the colour image as a new {@code Image} (close it), or null when the capture has none
     */
    public Image getColorImage() {
        return adoptOrNull(k4a_capture_get_color_image(live()));
    }

    /**
     * The depth image as a new {@code Image} (close it), or null when the capture has none.
     *
     * @return the depth image as a new {@code Image} (close it), or null when the capture has none
     */
    public Image getDepthImage() {
        return adoptOrNull(k4a_capture_get_depth_image(live()));
    }

    /**
     * The IR image as a new {@code Image} (close it), or null when the capture has none.
     *
     * @return the IR image as a new {@code Image} (close it), or null when the capture has none
     */
    public Image getIrImage() {
        return adoptOrNull(k4a_capture_get_ir_image(live()));
    }

    /**
     * Puts an image in the colour slot (the capture takes a reference of its own; the caller still closes
     * its {@code Image}), replacing and releasing any image there; null empties the slot.
     *
     * @param image an open image
     * @throws IllegalStateException when this capture or the image is closed
     */
    public void setColorImage(Image image) {
        k4a_capture_set_color_image(live(), handleOf(image));
    }

    /**
     * Like {@link #setColorImage}, for the depth slot.
     *
     * @param image an open image
     */
    public void setDepthImage(Image image) {
        k4a_capture_set_depth_image(live(), handleOf(image));
    }

    /**
     * Like {@link #setColorImage}, for the IR slot.
     *
     * @param image an open image
     */
    public void setIrImage(Image image) {
        k4a_capture_set_ir_image(live(), handleOf(image));
    }

    /**
     * Sensor temperature in degrees Celsius; NaN when unknown.
     *
     * @return sensor temperature in degrees Celsius; NaN when unknown
     */
    public float getTemperatureC() {
        return k4a_capture_get_temperature_c(live());
    }

    /**
     * Sets the sensor temperature.
     * @param temperatureC degrees Celsius (NaN: unknown)
     */
    public void setTemperatureC(float temperatureC) {
        k4a_capture_set_temperature_c(live(), temperatureC);
    }

    @Override
    public String toString() {
        return isClosed() ? "Capture[closed]" : "Capture[temperature " + getTemperatureC() + " C]";
    }

    private static k4a_image_t handleOf(Image image) {
        return image == null ? null : image.handle();
    }

    private static Image adoptOrNull(k4a_image_t owned) {
        return owned == null || owned.isNull() ? null : Image.adopt(owned);
    }
}
