/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
package org.k4a4j.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP presets of the k4arecord 1.4 C API ({@code libk4arecord.so.1.4}): recording and playback
 * of Azure Kinect .mkv files, into {@code org.k4a4j.global.k4arecord} and {@code org.k4a4j.k4arecord}.
 */
@Properties(
    inherit = k4a.class,
    value = {
        @Platform(
            value = {"linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64", "windows-x86_64"},
            include = {"k4arecord/types.h", "k4arecord/playback.h", "k4arecord/record.h"},
            link = "k4arecord@.1.4"
        ),
        @Platform(value = "windows", link = "k4arecord")
    },
    target = "org.k4a4j.k4arecord",
    global = "org.k4a4j.global.k4arecord"
)
public class k4arecord implements InfoMapper {
    @Override
    public void map(InfoMap infoMap) {
        k4a.mapCommon(infoMap, "K4ARECORD_EXPORT", "K4ARECORD_DEPRECATED_EXPORT",
                "k4a_record_t", "k4a_playback_t", "k4a_playback_data_block_t");
        infoMap.put(new Info("K4ARECORD_DEPRECATED", "K4ARECORD_EXPORT_H", "K4ARECORD_TYPES_H",
                             "K4ARECORD_PLAYBACK_H", "K4ARECORD_RECORD_H").cppTypes().annotations());
    }
}
