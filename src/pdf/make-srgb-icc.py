#!/usr/bin/env python3
"""Writes srgb.icc: a compact ICC v2 display profile of sRGB (IEC 61966-2.1),
the output intent of every PDF brief writes (PDF/A wants one).

The profile is this project's own work, under the project's licence: the
numbers in it are those of the sRGB standard (D65 white point, the
Bradford-adapted D50 primaries, the sRGB transfer curve sampled at 64
points), written in the ICC.1:2001-04 format. Run it from this directory:

    python3 make-srgb-icc.py
"""
import struct


def s15(v):
    return struct.pack(">i", round(v * 65536))


def xyz(x, y, z):
    return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)


def srgb_eotf(v):
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


POINTS = 64
curve = b"curv" + b"\0" * 4 + struct.pack(">I", POINTS)
curve += b"".join(struct.pack(">H", round(srgb_eotf(i / (POINTS - 1)) * 65535)) for i in range(POINTS))

name = b"sRGB IEC61966-2.1 (compact)\0"
desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(name)) + name
desc += b"\0" * 4 + b"\0" * 4  # no Unicode description
desc += b"\0" * 2 + b"\0" + b"\0" * 67  # no ScriptCode description
cprt = b"text" + b"\0" * 4 + b"No copyright, use freely\0"

tags = [
    (b"desc", desc),
    (b"cprt", cprt),
    (b"wtpt", xyz(0.9505, 1.0, 1.0890)),
    (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
    (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
    (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
    (b"rTRC", curve),
    (b"gTRC", curve),
    (b"bTRC", curve),
]

# Tag data, four-byte aligned; the three curves share one copy.
offset = 128 + 4 + 12 * len(tags)
table = b""
data = b""
placed = {}
for sig, body in tags:
    if body not in placed:
        while (offset + len(data)) % 4:
            data += b"\0"
        placed[body] = offset + len(data)
        data += body
    table += sig + struct.pack(">II", placed[body], len(body))
size = offset + len(data)
header = struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000)
header += b"mntrRGB XYZ "
header += struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
header += b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 8
header += struct.pack(">I", 0)  # perceptual
header += s15(0.9642) + s15(1.0) + s15(0.8249)
header += b"\0" * 4 + b"\0" * 16 + b"\0" * 28
assert len(header) == 128
profile = header + struct.pack(">I", len(tags)) + table + data
with open("srgb.icc", "wb") as f:
    f.write(profile)
print(f"srgb.icc: {len(profile)} bytes")
