#!/usr/bin/env python3
"""Writes 01-small.bin and 02-columns.bin and their annotated twins (see Protocol.md, "Bundles").

01-small is a format-1 bundle: one RECORD_BATCH frame. 02-columns is the same bundle in format 2, its batch a
RECORD_COLUMNS frame (Protocol.md §10.19), encoded here from the spec alone.

The Swift test BundleFixtureTests checks that the bundle code encodes the same value to exactly these bytes.
"""
import hashlib, struct, zlib

def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80); n >>= 7
    out.append(n); return bytes(out)
def s(text): return varint(len(text.encode())) + text.encode()

site = bytes.fromhex("3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")
clock = struct.pack(">Q", 0x01906d4ed0000000)
epoch = struct.pack(">Q", 0x5eed202400000001)


def zigzag(n):
    return varint((n << 1) ^ (n >> 63) if n >= 0 else ((n << 1) ^ -1) & ((1 << 64) - 1))


def columns():
    """The batch of 01-small as RECORD_COLUMNS (§10.19): one unit record "fr", one site, fields level and name."""
    out = []
    def c(b, comment): out.append((bytes(b), comment))
    top = int.from_bytes(clock, "big")
    c(s("fr-2024"), 'dataset = "fr-2024" (varint length 7, UTF-8)')
    c(struct.pack(">Q", 1), "batchNumber = 1")
    c(varint(1), "records count N = 1 (varint)")
    c(varint(1), "sites count = 1 (varint)")
    c(site, "sites[0] = 3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")
    c(varint(2), "names count = 2 (varint)")
    c(s("level"), 'names[0] = "level" (varint length 5, UTF-8)')
    c(s("name"), 'names[1] = "name" (varint length 4, UTF-8)')
    c(b"\x03", "record 0: type 3 (unit)")
    c(varint(0) + s("fr"), 'record 0: id shares 0 bytes with the previous id, rest = "fr" (varint length 2)')
    c(zigzag(top), f"record 0: top clock = 0 + {top} (zigzag) = 0x{top:016x} (ms 1719820800000, counter 0)")
    c(varint(1), "  version vector entries = 1 (varint)")
    c(varint(0) + varint(0), "  vv[0]: site 0 (3f1c9a0e...), below top 0")
    c(varint(1), "  liveness: writes = 1 (varint)")
    c(varint(0) + zigzag(0), "    write 0: site index 0, clock = top - 0 (back, zigzag 0)")
    c(varint(2), "  fields = 2 (varint)")
    c(varint(0), '  field name = 0 ("level") (varint)')
    c(varint(1), "  level: writes = 1 (varint)")
    c(varint(0) + zigzag(0), "    write 0: site index 0, clock = the previous write's - 0 (back, zigzag 0)")
    c(varint(1), '  field name = 1 ("name") (varint)')
    c(varint(1), "  name: writes = 1 (varint)")
    c(varint(0) + zigzag(0), "    write 0: site index 0, clock = the previous write's - 0 (back, zigzag 0)")
    c(b"\x06\x01", "values of liveness: record 0: tag 6 bool, true")
    c(b"\x05" + s("country"), 'values of field level: record 0: tag 5 enum, length 7, "country"')
    c(b"\x01" + s("France"), 'values of field name: record 0: tag 1 string, length 6, "France"')
    c(epoch, "cursor.epoch = 0x5eed202400000001")
    c(struct.pack(">Q", 1), "cursor.sequence = 1")
    c(b"\x01", "isLast = true")
    return out


def bundle(name, version):
    rows = []  # (bytes, comment)
    def add(b, comment): rows.append((bytes(b), comment))
    add(b"TALY", 'magic "TALY"'); add(b"\x00\x01", "frame-layer version = 1")
    header = []
    def h(b, c): header.append((bytes(b), c))
    h(struct.pack(">H", version), f"formatVersion = {version}")
    h(site, "creator = 3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")
    h(struct.pack(">Q", 0x01906d4ed0000001), "createdAt = 0x01906d4ed0000001 (ms 1719820800000, counter 1)")
    h(b"\x00", "target: absent (a bundle for anyone)")
    h(varint(1), "datasets = 1 (varint)")
    h(s("fr-2024"), 'dataset 0: name = "fr-2024" (varint length 7, UTF-8)')
    h(b"\x01", "  kind = 1 (election)")
    h(epoch, "  epoch = 0x5eed202400000001")
    h(struct.pack(">Q", 0), "  after = 0")
    h(struct.pack(">Q", 1), "  through = 1")
    h(b"\x00", "  heldOfTarget: absent")
    hp = b"".join(b for b, _ in header)
    add(b"BNDL", 'header magic "BNDL"'); add(struct.pack(">I", len(hp)), f"header length = {len(hp)}")
    rows.extend(header)

    payload = []
    def p(b, c): payload.append((bytes(b), c))
    p(s("fr-2024"), 'dataset = "fr-2024" (varint length 7, UTF-8)')
    p(struct.pack(">Q", 1), "batchNumber = 1")
    p(varint(1), "records count = 1 (varint)")
    p(b"\x03", "record 0: type 3 (unit)")
    p(s("fr"), '  id = "fr" (varint length 2, UTF-8)')
    p(varint(1), "  version vector entries = 1 (varint)")
    p(site, "  vv[0].site = 3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")
    p(clock, "  vv[0].clock = 0x01906d4ed0000000 (ms 1719820800000, counter 0)")
    p(varint(1), "  liveness: writes = 1 (varint)")
    p(b"\x00", "    write 0: site index = 0 (varint)")
    p(clock, "    write 0: clock = 0x01906d4ed0000000")
    p(b"\x06\x01", "    write 0: value: tag 6 bool, true")
    p(varint(2), "  fields = 2 (varint)")
    p(s("level"), '  field name = "level" (varint length 5, UTF-8)')
    p(varint(1), "  level: writes = 1 (varint)")
    p(b"\x00", "    write 0: site index = 0 (varint)")
    p(clock, "    write 0: clock = 0x01906d4ed0000000")
    p(b"\x05" + s("country"), '    write 0: value: tag 5 enum, length 7, "country"')
    p(s("name"), '  field name = "name" (varint length 4, UTF-8)')
    p(varint(1), "  name: writes = 1 (varint)")
    p(b"\x00", "    write 0: site index = 0 (varint)")
    p(clock, "    write 0: clock = 0x01906d4ed0000000")
    p(b"\x01" + s("France"), '    write 0: value: tag 1 string, length 6, "France"')
    p(epoch, "cursor.epoch = 0x5eed202400000001")
    p(struct.pack(">Q", 1), "cursor.sequence = 1")
    p(b"\x01", "isLast = true")
    pl = b"".join(b for b, _ in payload)
    frame_type = b"\x21"
    if version >= 2:
        rows_size = len(pl)
        payload = columns()
        pl = b"".join(b for b, _ in payload)
        # The sender's rule (§10.19): RECORD_COLUMNS only when it is the smaller; under 256 bytes, never compressed.
        assert len(pl) < rows_size < 256, (len(pl), rows_size)
        frame_type = b"\x27"
    add(struct.pack(">I", 10 + len(pl)), f"frame length = {10 + len(pl)}")
    add(frame_type, "type 0x27 RECORD_COLUMNS" if version >= 2 else "type 0x21 RECORD_BATCH")
    add(b"\x00", "flags = 0 (not compressed)")
    add(struct.pack(">I", len(pl)), f"size = {len(pl)}")
    add(struct.pack(">I", zlib.crc32(pl)), f"crc = CRC-32 of the payload")
    rows.append((b"", "payload"))
    rows.extend(payload)
    body = b"".join(b for b, _ in rows)
    add(b"BEND", 'trailer magic "BEND"')
    add(struct.pack(">Q", 1), "batchCount = 1")
    add(struct.pack(">Q", 1), "recordCount = 1")
    add(hashlib.sha256(body).digest(), "SHA-256 of every byte above")

    data = b"".join(b for b, _ in rows)
    open(f"{name}.bin", "wb").write(data)
    lines = [f"# {name}.bin: annotated twin (bytes in hex, '#' starts a comment). See Protocol.md, \"Bundles\"."]
    for b, comment in rows:
        if not b:
            lines.append(f"# {comment}"); continue
        hexes = [b[i:i + 16] for i in range(0, len(b), 16)]
        for index, chunk in enumerate(hexes):
            text = " ".join(f"{x:02x}" for x in chunk)
            lines.append(f"{text:<48} # {comment if index == 0 else '...'}")
    open(f"{name}.hex", "w").write("\n".join(lines) + "\n")


bundle("01-small", 1)
bundle("02-columns", 2)
