#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz targets into corpus/<target>/ beside this script (or
OUTPUT_DIR/<target>/): playback_fuzz (playback_seeds.py's recordings), calibration_fuzz, image_fuzz,
playback_color_fuzz and record_fuzz. Every seed is synthetic and small (the made-up calibration of
synthetic_calibration.h, the 16x16 JPEG of playback_seeds.py, generated frames and call sequences).

Usage: fuzz_seeds.py [OUTPUT_DIR]

Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
"""
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import playback_seeds  # noqa: E402
from playback_seeds import JPEG  # noqa: E402


def synthetic_calibration():
    with open(os.path.join(HERE, "synthetic_calibration.h")) as f:
        text = f.read()
    body = text[text.index("#define K4A4J_SYNTHETIC_CALIBRATION"):]
    parts = re.findall(r'^\s*"(.*)"\s*\\?\s*$', body, re.M)
    return "".join(parts).replace('\\"', '"')


def calibration_seeds():
    good = synthetic_calibration()
    seeds = {}

    def add(name, depth, colour, text, nul=True):
        seeds[name] = bytes([depth, colour, 1 if nul else 0]) + text.encode()

    add("nfov_unbinned_1080p", 2, 2, good)
    add("nfov_2x2_720p", 1, 1, good)
    add("wfov_unbinned_off", 4, 0, good)
    add("off_3072p", 0, 6, good)
    add("passive_ir_1536p", 5, 4, good)
    add("invalid_modes", 6, 7, good)
    add("no_nul", 2, 2, good, nul=False)
    add("truncated", 2, 2, good[: len(good) // 2])
    add("nan_string", 2, 2, good.replace("0.49,0.49", '"NaN",0.49', 1))
    add("huge_number", 3, 3, good.replace("1.74]", "1e400]", 1))
    add("tiny_number", 3, 3, good.replace("0.43,", "1e-400,", 1))
    add("deep_nesting", 2, 2, '{"CalibrationInformation":' + "[" * 600 + "]" * 600 + "}")
    add("wrong_types", 2, 2, good.replace('"ModelParameterCount":15', '"ModelParameterCount":"15"', 1))
    add("parameters_not_array", 2, 2, good.replace("[0.5,0.5,0.49", '{"a":[0.5,0.5,0.49', 1)
        .replace(",1.74]", ",1.74]}", 1))
    add("no_colour_camera", 2, 2, good.replace("CALIBRATION_CameraPurposePhotoVideo", "CALIBRATION_CameraPurposeNone"))
    add("no_gyro", 2, 2, good.replace("InertialSensorType_Gyro", "InertialSensorType_None"))
    add("sensor_16_9", 2, 2, good.replace('"SensorHeight":3072', '"SensorHeight":2304', 1))
    add("brown_conrady", 2, 1, good.replace("Rational6KT", "BrownConrady"))
    add("count_13", 2, 1, good.replace('"ModelParameterCount":15', '"ModelParameterCount":13', 1))
    add("zero_focal", 2, 1, good.replace("0.5,0.5,0.49,0.49", "0.5,0.5,0,0.49", 1))
    add("escapes", 2, 1, good.replace('"Purpose"', '"Purp\\u006fse"', 1) + "\\ud800")
    add("bom_and_trailing", 2, 1, "\ufeff" + good + " \n\t")
    return seeds


def i32(v):
    return bytes([2]) + struct.pack("<i", v)  # take_int: kind 2, a raw 32-bit value


def image_seeds():
    def create(op, fmt, w, h, stride):
        return bytes([op, fmt]) + i32(w) + i32(h) + i32(stride)

    return {
        "create_depth": create(0, 4, 320, 288, 0),
        "create_bgra_padded": create(0, 3, 17, 5, 80),
        "create_nv12": create(2, 1, 64, 48, 64),
        "create_nv12_odd": create(3, 1, 64, 47, 0),
        "create_custom": create(0, 8, 10, 10, 33),
        "create_mjpg": create(0, 0, 16, 16, 0),
        "stride_overflow": create(0, 3, 20000, 20000, 0x7FFFFFFF),
        "stride_limit": create(0, 6, 20000, 20000, 107374183),
        "negative_stride": create(0, 4, 16, 16, -2),
        "from_buffer": create(4, 5, 8, 8, 16) + bytes([0, 1, 0]) + create(4, 0, 16, 16, 0) + bytes([200, 0, 0]),
        "from_buffer_huge": create(0x24, 3, 65536, 20000, 0) + struct.pack("<Q", 2 ** 64 - 1),
        "refused_allocation": create(0x10, 4, 320, 288, 0),
        "transform": bytes([7, 4]) + i32(1) + i32(1) + i32(1) + bytes([1, 0, 2, 4, 6, 8, 10, 12, 3, 0, 0, 100, 0, 50, 0]),
        "transform_wrong": bytes([7, 4]) + i32(1) + i32(1) + i32(1) + bytes([0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        "capture_mix": create(0, 4, 4, 4, 0) + create(0, 5, 4, 4, 0) + create(0, 3, 4, 4, 0) + create(0, 4, 2, 2, 0),
    }


def restart_jpeg(width, height, restart_every_row=True, seed=1):
    """A baseline 4:2:2 JPEG of flat 8x8 blocks (each a DC value, no AC terms) with a restart marker
    at the start of every MCU row, as a camera's MJPG frames have: the frames the playback may decode
    in parts on several threads. Quantisation 1, DC codes of the usual luminance table, and an AC table
    with the end-of-block symbol only."""
    def huffman_codes(bits, values):
        codes, code, k = {}, 0, 0
        for length in range(1, 17):
            for _ in range(bits[length - 1]):
                codes[values[k]] = (code, length)
                code += 1
                k += 1
            code <<= 1
        return codes

    dc_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    dc_values = list(range(12))
    ac_bits = [1] + [0] * 15
    dc = huffman_codes(dc_bits, dc_values)
    eob = (0, 1)

    def segment(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    mcus_per_row, mcu_rows = (width + 15) // 16, (height + 7) // 8
    head = b"\xff\xd8" + segment(0xDB, bytes([0]) + bytes([1] * 64))
    head += segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + bytes([1, 0x21, 0, 2, 0x11, 0, 3, 0x11, 0]))
    head += segment(0xC4, bytes([0x00]) + bytes(dc_bits) + bytes(dc_values))
    head += segment(0xC4, bytes([0x10]) + bytes(ac_bits) + bytes([0x00]))
    head += segment(0xDD, struct.pack(">H", mcus_per_row if restart_every_row else 0))
    head += segment(0xDA, bytes([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]))

    data = bytearray()
    bits = []

    def put(code, length):
        for i in range(length - 1, -1, -1):
            bits.append((code >> i) & 1)

    def flush():
        while len(bits) % 8:
            bits.append(1)
        for i in range(0, len(bits), 8):
            byte = int("".join(map(str, bits[i:i + 8])), 2)
            data.append(byte)
            if byte == 0xFF:
                data.append(0)
        bits.clear()

    state = seed
    for row in range(mcu_rows):
        if row > 0 and restart_every_row:
            flush()
            data += bytes([0xFF, 0xD0 + (row - 1) % 8])
        if row == 0 or restart_every_row:
            predictions = [0, 0, 0]
        for _ in range(mcus_per_row):
            for component in (0, 0, 1, 2):
                state = (state * 1103515245 + 12345) & 0x7FFFFFFF
                value = (state >> 8) % 1600 - 800
                diff = value - predictions[component]
                predictions[component] = value
                category = abs(diff).bit_length()
                put(*dc[category])
                if category:
                    put(diff if diff > 0 else diff + (1 << category) - 1, category)
                put(*eob)
    flush()
    return head + bytes(data) + b"\xff\xd9"


def color_seeds():
    w = h = 16
    frames = {
        0: [JPEG, JPEG[:300], JPEG[:-2], JPEG],
        1: [bytes(range(256)) + bytes(128), bytes(100), bytes(range(256)) + bytes(128)],
        2: [bytes((i * 3) & 255 for i in range(w * h * 2)), bytes(w * h * 2 + 1)],
        3: [bytes((i * 5) & 255 for i in range(w * h * 4)), bytes(w * h * 4)],
    }
    seeds = {}
    for stored, fs in frames.items():
        for target in range(3):
            for threads in (0, 2):
                flags = stored | target << 2 | (1 if threads else 0) << 4 | (0x40 if target == 1 else 0)
                body = b"".join(struct.pack("<H", len(f)) + f for f in fs)
                seeds["fmt%d_target%d_threads%d" % (stored, target, threads)] = bytes([flags, w // 2 - 1, h // 2 - 1]) + body
    seeds["mjpg_wrong_size"] = bytes([0x10, 9, 5]) + struct.pack("<H", len(JPEG)) + JPEG
    # frames with restart markers, decoded in parts on 3 threads (and one that is not split)
    for w, h in ((16, 32), (32, 32), (48, 24)):
        fs = [restart_jpeg(w, h, seed=k) for k in range(3)]
        fs.append(fs[0][:len(fs[0]) // 2] + fs[1][len(fs[1]) // 2:])  # parts of two frames
        broken = bytearray(fs[2])
        broken[broken.rindex(b"\xff\xd1") + 1] = 0xD5  # a restart marker out of sequence
        fs.append(bytes(broken))
        body = b"".join(struct.pack("<H", len(f)) + f for f in fs)
        for target in range(3):
            seeds["mjpg_restart_%dx%d_target%d" % (w, h, target)] = bytes([0x30 | target << 2, w // 2 - 1, h // 2 - 1]) + body
    f = restart_jpeg(32, 32, restart_every_row=False)
    seeds["mjpg_no_restart"] = bytes([0x30, 15, 15]) + struct.pack("<H", len(f)) + f
    return seeds


def record_seeds():
    def config(fmt=0, res=1, depth=1, fps=2, imu=True):
        return bytes([fmt, res, depth, fps, 0, 0, 0, 0, 0, 0, 0, 1])

    def string(s):
        return bytes([len(s)]) + s.encode()

    def blob(b):
        return bytes([len(b)]) + b

    def capture(which, t, images):
        return bytes([6, which]) + struct.pack("<I", t)[:3] + b"".join(images)

    def mjpg():
        return bytes([1]) + blob(JPEG[:200])

    def raw():
        return bytes([1]) + blob(b"\x01\x02\x03\x04") + struct.pack("<H", 0)

    def imu(t):
        return bytes([8]) + struct.pack("<I", t)[:3] + bytes([5, 7])

    header = bytes([1]) + bytes([0]) + string("K4A_FUZZ") + string("value") + bytes([2]) + string("a.bin") + blob(b"xyz") \
        + bytes([3]) + string("VIDEO") + string("") + blob(b"\x00\x01") + struct.pack("<HHB", 8, 2, 30) \
        + bytes([4]) + string("TEXT") + string("") + blob(b"") + bytes([5])
    full = config() + header + capture(15, 1000, [mjpg(), raw(), raw()]) + imu(1100) + imu(1200) \
        + bytes([9, 0]) + struct.pack("<I", 1300)[:3] + blob(b"hello") + bytes([9, 1]) + struct.pack("<I", 1300)[:3] \
        + blob(b"sub") + capture(15, 34333, [mjpg(), raw(), raw()]) + bytes([10]) + imu(40000) + bytes([11])
    return {
        "full": full,
        "nv12_720p": config(fmt=1, res=1, depth=0) + bytes([5]) + capture(1, 0, [bytes([1]) + blob(b"\x10\x80")]),
        "bgra_off": config(fmt=3, res=0, depth=5) + bytes([5]) + capture(6, 0, [raw(), raw()]),
        "no_header": config() + capture(3, 0, [mjpg(), raw()]) + imu(5) + bytes([10]),
        "late_tracks": config() + bytes([5, 1, 0]) + string("K4A_LATE") + string("x") + imu(10),
        "invalid_config": config(fmt=4, res=7, depth=6, fps=3),
        "close_early": config() + bytes([11]),
        "wrong_sizes": config() + bytes([5]) + capture(7, 0, [bytes([8]) + blob(JPEG[:50]), bytes([16]) + blob(b"ab") + b"\0\0",
                                                             bytes([0x50]) + blob(b"") + b"\0\0"]),
        "backwards_time": config() + bytes([1, 5]) + imu(50000) + imu(100) + capture(2, 60000, [raw()]) + capture(2, 10, [raw()]),
    }


def playback_seeds_with_calibration():
    """playback_seeds.py's five recordings, with the made-up calibration attached."""
    calibration = synthetic_calibration().encode() + b"\0"
    seeds = {"seed_%s.mkv" % c.lower(): playback_seeds.recording(c, calibration=calibration)
             for c in ("MJPG", "NV12", "YUY2", "BGRA")}
    seeds["seed_unknown_sizes.mkv"] = playback_seeds.recording("MJPG", unknown_sizes=True, calibration=calibration)
    return seeds


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    for target, seeds in (("playback_fuzz", playback_seeds_with_calibration()),
                          ("calibration_fuzz", calibration_seeds()), ("image_fuzz", image_seeds()),
                          ("playback_color_fuzz", color_seeds()), ("record_fuzz", record_seeds())):
        directory = os.path.join(out, target)
        os.makedirs(directory, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
