#!/usr/bin/env python3
"""Writes the annotated hex twin (NN-name.hex) of every Fixtures/frames/NN-name.bin.

This is a second, independent decoder written from Protocol.md alone (it shares no code with the Swift
implementation): it checks each frame's length, CRC-32 and declared size, inflates compressed payloads and
names every field. The Swift tests check that each .hex twin holds exactly the bytes of its .bin file.

    python3 Fixtures/tools/annotate.py            # rewrite every .hex
"""
import datetime
import hashlib
import pathlib
import sys
import zlib

FRAMES = pathlib.Path(__file__).resolve().parent.parent / "frames"
TYPES = {
    0x01: "HELLO", 0x02: "WELCOME", 0x03: "ERROR", 0x04: "GOODBYE", 0x05: "PING", 0x06: "PONG",
    0x10: "LIST_DATASETS", 0x11: "DATASET_LIST", 0x20: "PULL", 0x21: "RECORD_BATCH", 0x22: "BATCH_ACK",
    0x23: "PUSH", 0x24: "PUSH_ACCEPTED", 0x25: "CONFLICT_REPORT", 0x26: "PROGRESS", 0x30: "RECONCILE",
    0x31: "RECONCILE_REPLY", 0x32: "RECONCILE_NEED",
}
RECORD_TYPES = {1: "election", 2: "party", 3: "unit", 4: "tally", 5: "turnout", 6: "person", 7: "statement"}
KINDS = {1: "election", 2: "statement"}
ERROR_CODES = {1: "badRequest", 2: "unauthorized", 3: "forbidden", 4: "notFound", 5: "limitExceeded",
               6: "invalidRecord", 7: "unsupportedVersion", 8: "protocolViolation", 9: "internal",
               10: "shuttingDown", 11: "staleCursor", 12: "busy", 13: "timeout", 14: "kindMismatch",
               15: "clockSkew"}
PRECISIONS = {1: "year", 2: "month", 3: "day", 4: "timestamp"}
# The state bytes of every record read so far, by id (fixture 11 comes before the reconcile fixtures 17 and 18,
# whose digests and fingerprints are checked against these records, Protocol.md §11.4).
RECORDS = {}


class Reader:
    def __init__(self, data, out, prefix=""):
        self.data, self.pos, self.out, self.prefix = data, 0, out, prefix

    def emit(self, start, comment):
        chunk = self.data[start:self.pos]
        for i in range(0, max(len(chunk), 1), 16):
            hexes = " ".join(f"{b:02x}" for b in chunk[i:i + 16])
            note = comment if i == 0 else "..."
            self.out.append(f"{self.prefix}{hexes:<48} # {note}")

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("truncated")
        value = self.data[self.pos:self.pos + n]
        self.pos += n
        return value

    def fixed(self, n, name, fmt=None):
        start = self.pos
        value = int.from_bytes(self.take(n), "big")
        self.emit(start, f"{name} = {fmt(value) if fmt else value}")
        return value

    def raw_varint(self):
        result, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    def varint(self, name):
        start = self.pos
        value = self.raw_varint()
        self.emit(start, f"{name} = {value} (varint)")
        return value

    def string(self, name):
        start = self.pos
        length = self.raw_varint()
        text = self.take(length).decode("utf-8")
        self.emit(start, f"{name} = \"{text}\" (varint length {length}, UTF-8)")
        return text

    def boolean(self, name):
        start = self.pos
        value = self.take(1)[0]
        assert value in (0, 1)
        self.emit(start, f"{name} = {'true' if value else 'false'}")
        return value == 1

    def present(self, name):
        start = self.pos
        value = self.take(1)[0]
        assert value in (0, 1)
        self.emit(start, f"{name}: {'present' if value else 'absent'}")
        return value == 1

    def digest(self, name):
        start = self.pos
        value = self.take(16).hex()
        self.emit(start, f"{name} = {value}")

    def site(self, name):
        start = self.pos
        value = self.take(16).hex()
        self.emit(start, f"{name} = {value}")
        return value

    def value(self, name):
        start = self.pos
        tag = self.take(1)[0]
        if tag == 0:
            self.emit(start, f"{name}: tag 0 null")
        elif tag in (1, 5):
            length = self.raw_varint()
            text = self.take(length).decode("utf-8")
            kind = "string" if tag == 1 else "enum"
            self.emit(start, f"{name}: tag {tag} {kind}, length {length}, \"{text}\"")
        elif tag == 2:
            raw = self.raw_varint()
            number = (raw >> 1) ^ -(raw & 1)
            self.emit(start, f"{name}: tag 2 int, zigzag varint {raw} = {number}")
        elif tag == 3:
            length = self.raw_varint()
            text = self.take(length).decode("utf-8")
            self.emit(start, f"{name}: tag 3 decimal, length {length}, \"{text}\"")
        elif tag == 4:
            precision = self.take(1)[0]
            length = self.raw_varint()
            text = self.take(length).decode("utf-8")
            self.emit(start, f"{name}: tag 4 date, precision {precision} ({PRECISIONS[precision]}), "
                             f"length {length}, \"{text}\"")
        elif tag == 6:
            flag = self.take(1)[0]
            self.emit(start, f"{name}: tag 6 bool, {'true' if flag else 'false'}")
        elif tag == 7:
            count = self.raw_varint()
            self.emit(start, f"{name}: tag 7 list, {count} item(s)")
            for i in range(count):
                self.string(f"  item {i}")
        else:
            raise ValueError(f"unknown value tag {tag}")

    def cursor(self, name):
        self.fixed(8, f"{name}.epoch", hex)
        self.fixed(8, f"{name}.sequence")

    def capabilities(self):
        self.fixed(4, "capabilities.maxFrameSize")
        self.fixed(4, "capabilities.maxDecompressedSize")
        self.fixed(1, "capabilities.compression", lambda v: f"0x{v:02x} ({'zlib' if v & 1 else 'none'})")
        self.fixed(2, "capabilities.window")
        count = self.varint("capabilities.features count")
        for i in range(count):
            self.string(f"feature {i}")

    def record(self, index):
        start = self.pos
        self.take(1)
        record_id = self.take(self.raw_varint()).decode("utf-8")
        self.pos = start
        code = self.take(1)[0]
        self.emit(start, f"record {index}: type {code} ({RECORD_TYPES[code]})")
        self.string("  id")
        sites = self.varint("  version vector entries")
        for i in range(sites):
            self.site(f"  vv[{i}].site")
            self.fixed(8, f"  vv[{i}].clock", hlc)

        def writes(name):
            count = self.varint(f"  {name}: writes")
            for w in range(count):
                self.varint(f"    write {w}: site index into the version vector")
                self.fixed(8, f"    write {w}: clock", hlc)
                self.value(f"    write {w}: value")

        writes("liveness")
        fields = self.varint("  fields")
        for _ in range(fields):
            name = self.string("  field name")
            writes(name)
        RECORDS[record_id] = bytes(self.data[start:self.pos])


def record_digest(record_id):
    """The digest of a record read earlier: the first 16 bytes of SHA-256 over its state bytes (§11.4)."""
    return hashlib.sha256(RECORDS[record_id]).digest()[:16]


def fingerprint(ids):
    """The fingerprint of the records `ids`: SHA-256 over their digest sum mod 2^128 and their count (§11.4)."""
    total = sum(int.from_bytes(record_digest(i), "big") for i in ids) % (1 << 128)
    return hashlib.sha256(total.to_bytes(16, "big") + len(ids).to_bytes(8, "big")).digest()[:16]


def hlc(value):
    return f"0x{value:016x} (ms {value >> 16}, counter {value & 0xFFFF})"


def wall_clock(value):
    moment = datetime.datetime.fromtimestamp(value / 1000, datetime.timezone.utc)
    return f"{value} ms ({moment.strftime('%Y-%m-%d %H:%M:%S')} UTC)"


def payload(reader, kind):
    r = reader
    if kind == 0x01:
        r.fixed(2, "minVersion")
        max_version = r.fixed(2, "maxVersion")
        r.site("siteID")
        r.string("nodeName")
        r.capabilities()
        if r.present("token"):
            r.string("token")
        if max_version >= 2:  # catalogue version 2 (Protocol.md §10.1): the sender's wall clock ends the HELLO
            r.fixed(8, "wallClock", wall_clock)
    elif kind == 0x02:
        version = r.fixed(2, "version")
        r.site("siteID")
        r.string("nodeName")
        r.capabilities()
        if version >= 2:  # catalogue version 2 (Protocol.md §10.2)
            r.fixed(8, "wallClock", wall_clock)
    elif kind == 0x03:
        r.fixed(2, "code", lambda v: f"{v} ({ERROR_CODES.get(v, 'unknown')})")
        r.boolean("retryable")
        r.string("message")
        if r.present("dataset"):
            r.string("dataset")
        for i in range(r.varint("recordIDs count")):
            r.string(f"recordID {i}")
    elif kind == 0x04:
        r.string("reason")
    elif kind in (0x05, 0x06):
        r.fixed(8, "nonce", hex)
    elif kind == 0x10:
        pass
    elif kind == 0x11:
        for i in range(r.varint("datasets count")):
            r.string(f"dataset {i}: name")
            r.fixed(1, "  kind", lambda v: f"{v} ({KINDS[v]})")
            r.fixed(8, "  epoch", hex)
            r.fixed(8, "  sequence")
            r.fixed(8, "  recordCount")
    elif kind == 0x20:
        r.string("dataset")
        if r.present("cursor"):
            r.cursor("cursor")
        r.fixed(4, "batchSize")
    elif kind == 0x21:
        r.string("dataset")
        r.fixed(8, "batchNumber")
        for i in range(r.varint("records count")):
            r.record(i)
        r.cursor("cursor")
        r.boolean("isLast")
    elif kind == 0x22:
        r.string("dataset")
        r.fixed(8, "batchNumber")
        r.cursor("cursor")
        r.fixed(4, "applied")
        for i in range(r.varint("refusals count")):
            r.string(f"refusal {i}: recordID")
            r.fixed(2, "  code", lambda v: f"{v} ({ERROR_CODES.get(v, 'unknown')})")
            r.string("  reason")
    elif kind == 0x23:
        r.string("dataset")
        r.fixed(1, "kind", lambda v: f"{v} ({KINDS[v]})")
        r.fixed(8, "senderEpoch", hex)
        if r.present("cursor"):
            r.cursor("cursor")
    elif kind == 0x24:
        r.string("dataset")
        r.boolean("created")
        if r.present("acknowledged"):
            r.cursor("acknowledged")
    elif kind == 0x25:
        r.string("dataset")
        for i in range(r.varint("entries count")):
            r.string(f"entry {i}: recordID")
            r.string("  field")
            r.value("  winner")
            for j in range(r.varint("  losers count")):
                r.value(f"  loser {j}")
    elif kind == 0x26:
        r.string("dataset")
        r.fixed(8, "done")
        r.fixed(8, "total")
    elif kind in (0x30, 0x31):
        r.string("dataset")
        lower = ""
        for i in range(r.varint("ranges count")):
            upper = r.string(f"range {i}: upperBound (exclusive, \"\" = end)")
            start = r.pos
            mode = r.take(1)[0]
            r.emit(start, f"  mode {mode} ({['skip', 'fingerprint', 'idList'][mode]})")
            if mode == 1:
                # The sender holds the records of fixture 11: check the fingerprint of those in the range.
                held = sorted(k for k in RECORDS if k >= lower and (upper == "" or k < upper))
                assert r.data[r.pos:r.pos + 16] == fingerprint(held), f"fingerprint of range {i}"
                r.digest(f"  fingerprint (of the range's {len(held)} records of fixture 11)")
            elif mode == 2:
                for j in range(r.varint("  items count")):
                    item = r.string(f"  item {j}: id")
                    assert r.data[r.pos:r.pos + 16] == record_digest(item), f"digest of {item}"
                    r.digest(f"  item {j}: digest (SHA-256 of its state in fixture 11, first 16 bytes)")
            lower = upper
    elif kind == 0x32:
        r.string("dataset")
        for i in range(r.varint("ids count")):
            r.string(f"id {i}")
    if r.pos != len(r.data):
        raise ValueError(f"{len(r.data) - r.pos} bytes left over")


def annotate(path):
    data = path.read_bytes()
    out = [f"# {path.name}: annotated twin (bytes in hex, '#' starts a comment). See Protocol.md."]
    if path.name.startswith("00-"):
        r = Reader(data, out)
        start = r.pos
        r.take(4)
        r.emit(start, "magic \"TALY\"")
        r.fixed(2, "frame-layer version")
        return out
    r = Reader(data, out)
    length = r.fixed(4, "length (bytes after this field)")
    assert length == len(data) - 4, "length prefix"
    kind = r.fixed(1, "type", lambda v: f"0x{v:02x} ({TYPES[v]})")
    flags = r.fixed(1, "flags", lambda v: f"0x{v:02x} ({'compressed' if v & 1 else 'none'})")
    declared = r.fixed(4, "declared uncompressed payload size")
    crc = r.fixed(4, "CRC-32 of the payload as sent", lambda v: f"0x{v:08x}")
    sent = data[14:]
    assert zlib.crc32(sent) == crc, "CRC-32"
    if flags & 1:
        r.pos = len(data)
        r.emit(14, f"payload: zlib stream of {len(sent)} bytes")
        inflated = zlib.decompress(sent)
        assert len(inflated) == declared, "declared size"
        out.append(f"# inflated payload ({declared} bytes), for reading only; these lines are comments:")
        payload(Reader(inflated, out, prefix="# "), kind)
    else:
        assert len(sent) == declared, "declared size"
        out.append("# payload")
        body = Reader(sent, out)
        payload(body, kind)
    return out


def main():
    names = sorted(FRAMES.glob("*.bin"))
    twins = {}
    for path in names:
        lines = annotate(path)
        text = "\n".join(lines) + "\n"
        path.with_suffix(".hex").write_text(text)
        twins[path.stem] = text
        print(f"{path.name}: {len(path.read_bytes())} bytes")
    embed(twins)
    return 0


def embed(twins):
    """Quotes each twin in Protocol.md between `<!-- fixture NAME -->` and `<!-- /fixture -->`."""
    document = FRAMES.parent.parent / "Protocol.md"
    text = document.read_text()
    for name, twin in twins.items():
        marker = f"<!-- fixture {name} -->"
        start = text.find(marker)
        if start < 0:
            continue
        end = text.find("<!-- /fixture -->", start)
        block = f"{marker}\n```text\n{twin}```\n"
        if end >= 0 and text.find("<!-- fixture ", start + len(marker), end) < 0:
            text = text[:start] + block + text[end:]
        else:
            text = text[:start] + block + "<!-- /fixture -->" + text[start + len(marker):]
    document.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
