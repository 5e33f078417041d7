#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Copyright (c) 2026 The nvidia-vgpu authors
#
# Turn a readable vGPU type table (*.vgputypes) into the firmware file that
# drivers/vfio/pci/nvidia-vgpu loads, or show a firmware file as a table.
# The format is documented in Documentation/driver-api/vfio-nvidia-vgpu.rst
# and defined by struct nvvgpu_fw_header/nvvgpu_fw_entry in
# drivers/vfio/pci/nvidia-vgpu/nvidia_vgpu.h; the checks here are the
# driver's, so that a bad table fails at build time, not in the kernel.
#
#   mkvgputypes.py TABLE -o FILE.bin     generate
#   mkvgputypes.py --name TABLE          print the firmware file name
#   mkvgputypes.py --dump FILE.bin       show a firmware file as a table

"""Generate or show vGPU type table firmware files for nvidia-vgpu-vfio-pci."""

import argparse
import re
import struct
import sys
import zlib

MAGIC = b"NVVGTYPE"
VERSION = (1, 0)
HEADER = struct.Struct("<8sHHIIIIIHH28s")
ENTRY = struct.Struct("<II5Q8I3HBB32s32s128s40s")
assert HEADER.size == 64 and ENTRY.size == 320
CRC_OFF = 20
MAX_TYPES = 64
MAX_HEADS = 8
MAX_RES = 16384
MAX_CHANNELS = 4096
MIB = 1 << 20
FLAGS = {"cuda": 1 << 0, "ecc": 1 << 1, "multi_vgpu": 1 << 2, "gpudirect": 1 << 3,
         "p2p": 1 << 4}
REQUIRED = ["name", "class", "series", "fb_size", "mgmt_heap_size", "mappable_fb_size",
            "bar1_size", "max_instances", "num_heads", "max_resolution", "max_pixels",
            "num_channels", "vf_device_id", "vf_subsystem_id"]
OPTIONAL = {"license": "", "flags": "", "frame_rate_limit": "0", "fb_reservation": "0",
            "encoder_capacity": "100"}


class TableError(Exception):
    pass


def size(text):
    m = re.fullmatch(r"(\d+)([KMG]?)", text)
    if not m:
        raise TableError(f"bad size '{text}'")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30}[m.group(2)]


def number(text, limit=(1 << 32) - 1):
    if not re.fullmatch(r"\d+", text) or int(text) > limit:
        raise TableError(f"bad number '{text}'")
    return int(text)


def pci_id(text):
    if not re.fullmatch(r"[0-9a-fA-F]{1,4}", text):
        raise TableError(f"bad PCI ID '{text}'")
    return int(text, 16)


def string(text, field_len, what, may_be_empty=False):
    if not text and not may_be_empty:
        raise TableError(f"{what} is empty")
    if len(text) >= field_len:
        raise TableError(f"{what} longer than {field_len - 1} characters")
    if any(c < " " or c > "~" for c in text):
        raise TableError(f"{what} is not printable ASCII")
    return text.encode()


def check_type(t):
    """The driver's checks of one entry (drivers/vfio/pci/nvidia-vgpu/types.c)."""
    if not t["id"]:
        raise TableError("type ID 0")
    if not t["fb_size"] or t["fb_size"] % MIB:
        raise TableError("fb_size must be a non-zero multiple of 1M")
    if not t["mgmt_heap_size"] or t["mgmt_heap_size"] % MIB:
        raise TableError("mgmt_heap_size must be a non-zero multiple of 1M")
    if t["fb_reservation"] % MIB:
        raise TableError("fb_reservation must be a multiple of 1M")
    if t["mappable_fb_size"] > t["fb_size"]:
        raise TableError("mappable_fb_size larger than fb_size")
    b = t["bar1_size"]
    if b < MIB or b & (b - 1):
        raise TableError("bar1_size must be a power of two of at least 1M")
    if not t["max_instances"]:
        raise TableError("max_instances 0")
    if t["num_heads"] > MAX_HEADS:
        raise TableError(f"more than {MAX_HEADS} heads")
    x, y = t["max_resolution"]
    if x > MAX_RES or y > MAX_RES:
        raise TableError("resolution too large")
    if (not t["num_heads"]) != (not x) or (not t["num_heads"]) != (not y):
        raise TableError("max_resolution must be 0x0 exactly when num_heads is 0")
    if t["max_pixels"] > t["num_heads"] * x * y:
        raise TableError("max_pixels larger than all heads at max_resolution")
    if t["encoder_capacity"] > 100:
        raise TableError("encoder_capacity above 100")
    if not 1 <= t["num_channels"] <= MAX_CHANNELS:
        raise TableError(f"num_channels must be 1 to {MAX_CHANNELS}")
    if t["vf_device_id"] in (0, 0xffff):
        raise TableError("bad vf_device_id")
    if not ("A" <= t["series"] <= "Z") or len(t["series"]) != 1:
        raise TableError("series must be one capital letter")


def convert(key, val):
    if key in ("fb_size", "mgmt_heap_size", "mappable_fb_size", "bar1_size", "fb_reservation"):
        return size(val)
    if key in ("max_instances", "num_heads", "max_pixels", "frame_rate_limit",
               "encoder_capacity", "num_channels"):
        return number(val)
    if key in ("vf_device_id", "vf_subsystem_id"):
        return pci_id(val)
    if key == "max_resolution":
        m = re.fullmatch(r"(\d+)x(\d+)", val)
        if not m:
            raise TableError(f"bad resolution '{val}' (WIDTHxHEIGHT)")
        return (int(m.group(1)), int(m.group(2)))
    if key == "flags":
        bits = 0
        for f in val.split():
            if f not in FLAGS:
                raise TableError(f"unknown flag '{f}' (known: {' '.join(FLAGS)})")
            bits |= FLAGS[f]
        return bits
    if key == "name":
        return string(val, 32, "name")
    if key == "class":
        return string(val, 32, "class")
    if key == "license":
        return string(val, 128, "license", may_be_empty=True)
    return val


def parse(path):
    pf, types, cur = None, [], None
    with open(path, encoding="ascii") as f:
        lines = f.readlines()
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, val = line.replace("\t", " ").partition(" ")
        key, val = key.strip(), val.strip()
        try:
            if key == "pf":
                m = re.fullmatch(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})", val)
                if not m or pf:
                    raise TableError("expected one 'pf VENDOR:DEVICE'")
                pf = (int(m.group(1), 16), int(m.group(2), 16))
            elif key == "type":
                cur = {"id": number(val), "line": n}
                types.append(cur)
            elif cur is None:
                raise TableError(f"'{key}' outside a type stanza")
            elif key not in REQUIRED and key not in OPTIONAL:
                raise TableError(f"unknown key '{key}'")
            elif key in cur:
                raise TableError(f"'{key}' given twice")
            else:
                cur[key] = convert(key, val)
        except TableError as e:
            raise TableError(f"{path}:{n}: {e}") from None
    if not pf:
        raise TableError(f"{path}: no 'pf VENDOR:DEVICE' line")
    if not 1 <= len(types) <= MAX_TYPES:
        raise TableError(f"{path}: 1 to {MAX_TYPES} types needed")
    seen = set()
    for t in types:
        try:
            for k in REQUIRED:
                if k not in t:
                    raise TableError(f"'{k}' missing")
            for k, v in OPTIONAL.items():
                t.setdefault(k, convert(k, v))
            check_type(t)
            if t["id"] in seen:
                raise TableError(f"type ID {t['id']} appears twice")
            seen.add(t["id"])
        except TableError as e:
            raise TableError(f"{path}:{t['line']}: type {t['id']}: {e}") from None
    return pf, types


def build(pf, types):
    entries = b""
    for t in types:
        entries += ENTRY.pack(
            t["id"], t["flags"], t["fb_size"], t["mgmt_heap_size"], t["fb_reservation"],
            t["mappable_fb_size"], t["bar1_size"], t["max_instances"], t["num_heads"],
            t["max_resolution"][0], t["max_resolution"][1], t["max_pixels"],
            t["frame_rate_limit"], t["encoder_capacity"], t["num_channels"],
            t["vf_device_id"], t["vf_subsystem_id"], pf[1], ord(t["series"]), 0,
            t["name"], t["class"], t["license"], b"")
    total = HEADER.size + len(entries)
    head = HEADER.pack(MAGIC, VERSION[0], VERSION[1], HEADER.size, total, 0, ENTRY.size,
                       len(types), pf[0], pf[1], b"")
    data = bytearray(head + entries)
    struct.pack_into("<I", data, CRC_OFF, zlib.crc32(bytes(data)) & 0xffffffff)
    return bytes(data)


def fw_name(pf):
    return f"nvidia/vgpu/types-{pf[0]:04x}-{pf[1]:04x}.bin"


def dump(path):
    data = open(path, "rb").read()
    h = HEADER.unpack_from(data)
    magic, vmaj, vmin, hsize, fsize, crc, esize, count, ven, dev, _ = h
    zeroed = bytearray(data)
    struct.pack_into("<I", zeroed, CRC_OFF, 0)
    ok = zlib.crc32(bytes(zeroed)) & 0xffffffff == crc
    print(f"# {path}: magic {magic!r} version {vmaj}.{vmin} size {fsize}/{len(data)} "
          f"crc {crc:#010x} ({'ok' if ok else 'BAD'}) {count} entries of {esize} bytes")
    print(f"pf {ven:04x}:{dev:04x}")
    inv = {v: k for k, v in FLAGS.items()}
    for i in range(count):
        e = ENTRY.unpack_from(data, hsize + i * esize)
        (tid, flags, fb, heap, resv, mappable, bar1, inst, heads, rx, ry, pixels, frl, enc,
         chans, vfdev, vfsub, pfdev, series, _r0, name, cls, lic, _r) = e
        z = lambda b: b.split(b"\0", 1)[0].decode("ascii", "replace")
        print(f"\ntype {tid}")
        for k, v in (("name", z(name)), ("class", z(cls)), ("series", chr(series)),
                     ("fb_size", fb), ("mgmt_heap_size", heap), ("fb_reservation", resv),
                     ("mappable_fb_size", mappable), ("bar1_size", bar1),
                     ("max_instances", inst), ("num_heads", heads),
                     ("max_resolution", f"{rx}x{ry}"), ("max_pixels", pixels),
                     ("frame_rate_limit", frl), ("encoder_capacity", enc),
                     ("num_channels", chans), ("vf_device_id", f"{vfdev:04x}"),
                     ("vf_subsystem_id", f"{vfsub:04x}"),
                     ("flags", " ".join(inv[b] for b in sorted(inv) if flags & b)),
                     ("license", z(lic))):
            if isinstance(v, int) and k.endswith("size") and v and v % MIB == 0:
                v = f"{v >> 30}G" if v % (1 << 30) == 0 else f"{v >> 20}M"
            print(f"\t{k:<17}{v}")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("table", help="*.vgputypes table, or a firmware file with --dump")
    ap.add_argument("-o", "--output", help="firmware file to write")
    ap.add_argument("--name", action="store_true", help="print the firmware file name")
    ap.add_argument("--dump", action="store_true", help="show a firmware file")
    args = ap.parse_args()
    try:
        if args.dump:
            return dump(args.table)
        pf, types = parse(args.table)
        if args.name:
            print(fw_name(pf))
        if args.output:
            with open(args.output, "wb") as f:
                f.write(build(pf, types))
        return 0
    except (TableError, OSError, struct.error) as e:
        print(f"mkvgputypes: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
