/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.presets;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.presets.javacpp;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP presets of the k4a 1.4 C API ({@code libk4a.so.1.4}): images, captures, devices,
 * calibration and transformation. The parser turns these headers into {@code org.k4a4j.global.k4a}
 * (functions and constants) and {@code org.k4a4j.k4a} (handles, structs, callbacks).
 */
@Properties(
    inherit = javacpp.class,
    value = {
        @Platform(
            value = {"linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64", "windows-x86_64"},
            define = {"K4A_DEPRECATED", "K4ARECORD_DEPRECATED"}, // the JNI code may call the deprecated names quietly
            include = {"k4a/k4aversion.h", "k4a/k4atypes.h", "k4a/k4a.h"},
            link = "k4a@.1.4"
        ),
        @Platform(value = "windows", link = "k4a")
    },
    target = "org.k4a4j.k4a",
    global = "org.k4a4j.global.k4a"
)
public class k4a implements InfoMapper {
    static { Loader.checkVersion("org.k4a4j", "k4a"); }

    /** Maps the handle macro, export macros, deprecation and handles; used by the k4arecord presets too. */
    static void mapCommon(InfoMap infoMap, String exportMacro, String deprecatedExportMacro, String... handles) {
        infoMap.put(new Info(exportMacro, "K4A_NO_EXPORT", "K4ARECORD_NO_EXPORT").cppTypes().annotations())
               .put(new Info(deprecatedExportMacro).cppText("#define " + deprecatedExportMacro + " deprecated").cppTypes())
               .put(new Info("deprecated").annotations("@Deprecated"))
               .put(new Info("K4A_DECLARE_HANDLE").cppText(
                       "#define K4A_DECLARE_HANDLE(_handle_name_) typedef struct _##_handle_name_ * _handle_name_;"));
        for (String handle : handles) {
            infoMap.put(new Info("_" + handle).pointerTypes(handle))
                   .put(new Info(handle).valueTypes(handle).pointerTypes("@ByPtrPtr " + handle));
        }
    }

    @Override
    public void map(InfoMap infoMap) {
        mapCommon(infoMap, "K4A_EXPORT", "K4A_DEPRECATED_EXPORT",
                "k4a_device_t", "k4a_capture_t", "k4a_image_t", "k4a_transformation_t");
        infoMap.put(new Info("K4A_DEPRECATED", "K4A_EXPORT_H", "K4ATYPES_H", "K4AVERSION_H", "K4A_H").cppTypes().annotations())
               .put(new Info("K4A_SUCCEEDED", "K4A_FAILED").skip())
               // the image keeps the buffer after the call, so only native memory may be passed: no byte[] or NIO overloads
               .put(new Info("k4a_image_create_from_buffer").javaText(
                       "public static native @Cast(\"k4a_result_t\") int k4a_image_create_from_buffer(@Cast(\"k4a_image_format_t\") int format,\n"
                     + "        int width_pixels, int height_pixels, int stride_bytes, @Cast(\"uint8_t*\") BytePointer buffer,\n"
                     + "        @Cast(\"size_t\") long buffer_size, k4a_memory_destroy_cb_t buffer_release_cb,\n"
                     + "        Pointer buffer_release_cb_context, @ByPtrPtr k4a_image_t image_handle);\n"))
               .put(new Info("K4A_DEVICE_CONFIG_INIT_DISABLE_ALL").cppTypes("const k4a_device_configuration_t"));
    }
}
