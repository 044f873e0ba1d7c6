#!/usr/bin/env python3
"""Writes small recordings for the playback fuzz target's seed corpus: every feature the reader
handles (the four built-in tracks, MJPG/NV12/YUY2/BGRA colour, laced IMU samples, custom video and
subtitle tracks with Xiph, EBML and fixed-size lacing, BlockGroups with durations, tags with
targets, an attachment, SeekHead and Cues, unknown sizes) in a few kilobytes each.

Usage: playback_seeds.py OUTPUT_DIR [CALIBRATION_JSON]

Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
"""
import os
import struct
import sys

# a 16x16 baseline JPEG (4:2:2), as a camera's MJPG frame would be at that size
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080010001003012100021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00b3e7a9f41f4c5219f1d0823f0ac15385b9a16f4d3fe0b3c48e03ba33ccf9ee73f8d37ce61d093f4cd777b393f7a17f4d7ffb547db4701e47ffd9")


def element_id(value):
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def size_vint(n, unknown=False):
    if unknown:
        return b"\x01\xff\xff\xff\xff\xff\xff\xff"
    for length in range(1, 9):
        if n < (1 << (7 * length)) - 1:
            return ((1 << (7 * length)) | n).to_bytes(length, "big") if length > 1 else bytes([0x80 | n])
    raise ValueError(n)


def el(value_id, payload, unknown=False):
    return element_id(value_id) + size_vint(len(payload), unknown) + payload


def uint(value_id, value):
    return el(value_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def text(value_id, value):
    return el(value_id, value.encode("utf-8"))


def bitmap_header(width, height, bits, fourcc, size):
    return struct.pack("<IiiHH4sIiiII", 40, width, height, 1, bits, fourcc, size, 0, 0, 0, 0)


def block_header(track, relative, flags):
    return size_vint(track) + struct.pack(">hB", relative, flags)


def xiph_lace(frames):
    head = bytes([len(frames) - 1])
    for f in frames[:-1]:
        n = len(f)
        head += b"\xff" * (n // 255) + bytes([n % 255])
    return head + b"".join(frames)


def ebml_lace(frames):
    head = bytes([len(frames) - 1]) + size_vint(len(frames[0]))
    for previous, f in zip(frames, frames[1:-1]):
        delta = len(f) - len(previous)  # signed: stored as delta + (2^(7n-1) - 1) in n bytes
        if -63 <= delta <= 63:
            head += bytes([0x80 | (delta + 63)])
        else:
            head += (0x4000 | (delta + 8191)).to_bytes(2, "big")
    return head + b"".join(frames)


def imu_sample(t_ns, k):
    return struct.pack("<Q3fQ3f", t_ns, -2.8 + k, -0.19, -9.4, t_ns + 125000, 0.001 * k, -0.002, 0.006)


def recording(colour="MJPG", unknown_sizes=False, calibration=b"{}"):
    start_ns = 1000000000
    w, h = 16, 16
    colour_frame = {
        "MJPG": (JPEG, 24),
        "NV12": (bytes(range(256)) + bytes(128), 12),
        "YUY2": (bytes((i * 3) & 255 for i in range(w * h * 2)), 16),
        "BGRA": (bytes((i * 5) & 255 for i in range(w * h * 4)), 32),
    }[colour]
    depth_frame = bytes((i * 11) & 255 for i in range(4 * 4 * 2))

    def video(number, uid, name, codec_private, width, height):
        return el(0xAE, uint(0xD7, number) + uint(0x73C5, uid) + uint(0x83, 1) + text(0x86, "V_MS/VFW/FOURCC")
                  + text(0x536E, name) + el(0x63A2, codec_private) + uint(0x23E383, 33333333)
                  + el(0xE0, uint(0xB0, width) + uint(0xBA, height)))

    tracks = el(0x1654AE6B,
                video(1, 101, "COLOR", bitmap_header(w, h, colour_frame[1], colour.encode(), len(colour_frame[0])), w, h)
                + video(2, 102, "DEPTH", bitmap_header(4, 4, 16, b"b16g", 32), 4, 4)
                + video(3, 103, "IR", bitmap_header(4, 4, 16, b"b16g", 32), 4, 4)
                + el(0xAE, uint(0xD7, 4) + uint(0x73C5, 104) + uint(0x83, 17) + text(0x86, "S_K4A/IMU") + text(0x536E, "IMU"))
                + el(0xAE, uint(0xD7, 5) + uint(0x73C5, 105) + uint(0x83, 1) + text(0x86, "V_K4A/TEST")
                     + text(0x536E, "CUSTOM_VIDEO") + el(0x63A2, b"\xc0\xc1") + uint(0x23E383, 33333333)
                     + el(0xE0, uint(0xB0, 8) + uint(0xBA, 2)))
                + el(0xAE, uint(0xD7, 6) + uint(0x73C5, 106) + uint(0x83, 17) + text(0x86, "S_K4A/TEXT")
                     + text(0x536E, "CUSTOM_TEXT")))

    def tag(name, value, track_uid=None, attachment_uid=None):
        targets = b""
        if track_uid is not None:
            targets = text(0x63CA, "TRACK") + uint(0x63C5, track_uid)
        if attachment_uid is not None:
            targets = text(0x63CA, "ATTACHMENT") + uint(0x63C6, attachment_uid)
        return el(0x7373, el(0x63C0, targets) + el(0x67C8, text(0x45A3, name) + text(0x4487, value)))

    tags = el(0x1254C367, tag("K4A_COLOR_TRACK", "101", 101) + tag("K4A_COLOR_MODE", colour + "_720P", 101)
              + tag("K4A_DEPTH_TRACK", "102", 102) + tag("K4A_DEPTH_MODE", "NFOV_UNBINNED", 102)
              + tag("K4A_IR_TRACK", "103", 103) + tag("K4A_IR_MODE", "ACTIVE", 103)
              + tag("K4A_IMU_TRACK", "104", 104) + tag("K4A_IMU_MODE", "ON", 104)
              + tag("K4A_CUSTOM_TRACK_CUSTOM_VIDEO", "105", 105) + tag("K4A_CUSTOM_TRACK_CUSTOM_TEXT", "106", 106)
              + tag("K4A_DEPTH_DELAY_NS", "0") + tag("K4A_WIRED_SYNC_MODE", "STANDALONE")
              + tag("K4A_START_OFFSET_NS", str(start_ns)) + tag("K4A_CALIBRATION_FILE", "calibration.json", attachment_uid=7)
              + tag("K4A_DEVICE_SERIAL_NUMBER", "000000000001"))
    attachments = el(0x1941A469, el(0x61A7, text(0x466E, "calibration.json") + text(0x4660, "application/octet-stream")
                                     + el(0x465C, calibration) + uint(0x46AE, 7)))
    info = el(0x1549A966, uint(0x2AD7B1, 1000) + text(0x4D80, "seed") + text(0x5741, "k4arecord-1.4.1")
              + text(0x7BA9, "Azure Kinect"))

    clusters = []
    for k in range(4):
        t = k * 33333
        blocks = b""
        samples = [imu_sample(start_ns + (t + i * 5000) * 1000, i) for i in range(3)]
        blocks += el(0xA0, el(0xA1, block_header(4, 0, 0x04) + bytes([len(samples) - 1]) + b"".join(samples))
                     + uint(0x9B, 10001))
        blocks += el(0xA3, block_header(1, 100, 0x80) + colour_frame[0])
        blocks += el(0xA3, block_header(2, 100, 0x80) + depth_frame)
        if k != 2:
            blocks += el(0xA3, block_header(3, 100, 0x80) + depth_frame[::-1])
        blocks += el(0xA3, block_header(5, 200, 0x80) + bytes(16))
        texts = [("note %d.%d" % (k, i)).encode() * (i + 1) for i in range(3)]
        blocks += el(0xA0, el(0xA1, block_header(6, 300, 0x02) + xiph_lace(texts)) + uint(0x9B, 2001))
        blocks += el(0xA0, el(0xA1, block_header(6, 3000, 0x06) + ebml_lace(texts)) + uint(0x9B, 2001))
        clusters.append(el(0x1F43B675, uint(0xE7, t) + blocks, unknown=unknown_sizes and k == 3))

    head = el(0x1A45DFA3, uint(0x4286, 1) + uint(0x42F7, 1) + uint(0x42F2, 4) + uint(0x42F3, 8) + text(0x4282, "matroska")
              + uint(0x4287, 2) + uint(0x4285, 2))
    # SeekHead with room for the Cues position, filled in below
    body = info + tracks + attachments + tags
    seek_head_size = len(el(0x114D9B74, el(0x4DBB, el(0x53AB, element_id(0x1C53BB6B)) + el(0x53AC, bytes(4)))))
    cluster_offsets = []
    position = seek_head_size + len(body)
    for c in clusters:
        cluster_offsets.append(position)
        position += len(c)
    cues = el(0x1C53BB6B, b"".join(el(0xBB, uint(0xB3, k * 33333) + el(0xB7, uint(0xF7, 1) + uint(0xF1, off)))
                                   for k, off in enumerate(cluster_offsets)))
    seek_head = el(0x114D9B74, el(0x4DBB, el(0x53AB, element_id(0x1C53BB6B)) + el(0x53AC, position.to_bytes(4, "big"))))
    assert len(seek_head) == seek_head_size
    segment_payload = seek_head + body + b"".join(clusters) + (b"" if unknown_sizes else cues)
    return head + el(0x18538067, segment_payload, unknown=unknown_sizes)


def main():
    out = sys.argv[1]
    calibration = b"{}"
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as f:
            calibration = f.read()
    os.makedirs(out, exist_ok=True)
    for colour in ("MJPG", "NV12", "YUY2", "BGRA"):
        with open(os.path.join(out, "seed_%s.mkv" % colour.lower()), "wb") as f:
            f.write(recording(colour, calibration=calibration))
    with open(os.path.join(out, "seed_unknown_sizes.mkv"), "wb") as f:
        f.write(recording("MJPG", unknown_sizes=True, calibration=calibration))


if __name__ == "__main__":
    main()
