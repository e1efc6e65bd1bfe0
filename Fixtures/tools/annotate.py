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
import re
import sys
import zlib

FRAMES = pathlib.Path(__file__).resolve().parent.parent / "frames"
TYPES = {
    0x01: "HELLO", 0x02: "WELCOME", 0x03: "ERROR", 0x04: "GOODBYE", 0x05: "PING", 0x06: "PONG",
    0x10: "LIST_DATASETS", 0x11: "DATASET_LIST", 0x20: "PULL", 0x21: "RECORD_BATCH", 0x22: "BATCH_ACK",
    0x23: "PUSH", 0x24: "PUSH_ACCEPTED", 0x25: "CONFLICT_REPORT", 0x26: "PROGRESS", 0x27: "RECORD_COLUMNS",
    0x30: "RECONCILE", 0x31: "RECONCILE_REPLY", 0x32: "RECONCILE_NEED",
}
RECORD_TYPES = {1: "election", 2: "party", 3: "unit", 4: "tally", 5: "turnout", 6: "person", 7: "statement"}
KINDS = {1: "election", 2: "statement"}
ERROR_CODES = {1: "badRequest", 2: "unauthorized", 3: "forbidden", 4: "notFound", 5: "limitExceeded",
               6: "invalidRecord", 7: "unsupportedVersion", 8: "protocolViolation", 9: "internal",
               10: "shuttingDown", 11: "staleCursor", 12: "busy", 13: "timeout", 14: "kindMismatch",
               15: "clockSkew"}
PRECISIONS = {1: "year", 2: "month", 3: "day", 4: "timestamp"}
RECORD_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")  # Protocol.md §2
FIELD_NAME = re.compile(rb"[a-z][a-z0-9_]{0,63}")  # Protocol.md §2
MAX_DECOMPRESSED_SIZE = 64 << 20  # Protocol.md §8, the default
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
            assert shift < 63 or byte <= 1, "varint: more than 64 bits or 10 bytes (§2)"
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                assert byte != 0 or shift == 0, "varint: not minimal (§2)"
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
            assert flag in (0, 1), "bool value (§3)"
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
        assert code in RECORD_TYPES, f"record {index}: type {code} out of range (§4)"
        assert RECORD_ID.fullmatch(record_id.encode()), f"record {index}: {record_id!r} is not a record id (§2)"
        self.string("  id")
        sites = self.varint("  version vector entries")
        assert sites <= 4096, "version vector entries (§4)"
        vector = []
        for i in range(sites):
            site = bytes.fromhex(self.site(f"  vv[{i}].site"))
            clock = self.fixed(8, f"  vv[{i}].clock", hlc)
            assert not vector or vector[-1][0] < site, f"{record_id}: vector sites not strictly ascending (§4 rule 1)"
            assert clock > 0, f"{record_id}: vector clock 0 (§4 rule 1)"
            vector.append((site, clock))

        def writes(name, liveness=False):
            count = self.varint(f"  {name}: writes")
            assert count <= 1024, "writes per register (§4)"
            previous = None
            for w in range(count):
                position = self.varint(f"    write {w}: site index into the version vector")
                clock = self.fixed(8, f"    write {w}: clock", hlc)
                assert position < len(vector), f"{record_id}.{name}: site index out of the vector (§4 rule 3)"
                assert clock <= vector[position][1], f"{record_id}.{name}: clock not covered (§4 rule 3)"
                dot = (clock, vector[position][0])
                assert previous is None or dot < previous, f"{record_id}.{name}: writes out of order (§4 rule 2)"
                previous = dot
                tag = self.data[self.pos]
                assert not liveness or tag == 6, f"{record_id}: a liveness value that is not a bool (§4)"
                self.value(f"    write {w}: value")

        writes("liveness", liveness=True)
        fields = self.varint("  fields")
        assert fields <= 256, "fields (§4)"
        previous_name = None
        for _ in range(fields):
            name = self.string("  field name")
            assert FIELD_NAME.fullmatch(name.encode()), f"{record_id}: {name!r} is not a field name (§4 rule 4)"
            assert previous_name is None or previous_name < name.encode(), f"{record_id}: names out of order (§4 rule 4)"
            previous_name = name.encode()
            writes(name)
        RECORDS[record_id] = bytes(self.data[start:self.pos])


def encode_varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def encode_string(data):
    return encode_varint(len(data)) + data


def short_site(site):
    return f"{site.hex()[:8]}..."


def record_columns(r):
    """A RECORD_COLUMNS payload (Protocol.md §10.19): annotates it, checks the canonical rules 1-5 of §10.19,
    rebuilds the RECORD_BATCH payload (§10.10) it stands for and reads that with the §4 record reader, so that every
    rule of §4 holds too. A record read in an earlier fixture (11) must come out byte for byte the same.
    Returns the rebuilt RECORD_BATCH payload and how many of its records were read before."""
    start = r.pos
    r.string("dataset")
    r.fixed(8, "batchNumber")
    header = bytes(r.data[start:r.pos])  # dataset and batchNumber: the same bytes in both layouts
    count = r.varint("records count N")
    assert count <= 1_048_576, "N (§10.19)"
    sites = [bytes.fromhex(r.site(f"sites[{i}]")) for i in range(r.varint("sites count"))]
    assert len(set(sites)) == len(sites), "a site twice in the table (§10.19 rule 3)"
    names = [r.string(f"names[{i}]").encode() for i in range(r.varint("names count"))]
    assert all(a < b for a, b in zip(names, names[1:])), "names not strictly ascending (§10.19 rule 4)"

    heads = []
    previous_id, previous_top, sites_used, names_used = b"", 0, 0, set()
    for i in range(count):
        start = r.pos
        code = r.take(1)[0]
        assert code in RECORD_TYPES, f"record {i}: type {code} out of range (§4)"
        r.emit(start, f"record {i}: type {code} ({RECORD_TYPES[code]})")

        start = r.pos
        shared = r.raw_varint()
        rest = r.take(r.raw_varint())
        assert shared <= len(previous_id), f"record {i}: shared {shared} longer than the previous id (§10.19 rule 1)"
        assert not rest or shared == len(previous_id) or rest[0] != previous_id[shared], \
            f"record {i}: shared {shared} is not the longest common prefix (§10.19 rule 1)"
        record_id = previous_id[:shared] + rest
        whole = f": id = \"{record_id.decode()}\"" if shared else ""
        r.emit(start, f"record {i}: id shares {shared} bytes with the previous id, rest = \"{rest.decode()}\" "
                      f"(varint length {len(rest)}){whole}")

        start = r.pos
        zigzag = r.raw_varint()
        step = (zigzag >> 1) ^ -(zigzag & 1)
        top = (previous_top + step) % (1 << 64)
        base = "0" if i == 0 else "previous"
        sign = f"+ {step}" if step >= 0 else f"- {-step}"
        r.emit(start, f"record {i}: top clock = {base} {sign} (zigzag {zigzag}) = {hlc(top)}")

        entries = r.varint("  version vector entries")
        assert entries <= 4096, "version vector entries (§4)"
        vector = []
        for j in range(entries):
            start = r.pos
            position, below = r.raw_varint(), r.raw_varint()
            assert position < len(sites), f"record {i}: vv[{j}] site {position} is not in the table"
            assert position <= sites_used, f"record {i}: vv[{j}] site {position} out of first-use order (§10.19 rule 3)"
            sites_used = max(sites_used, position + 1)
            assert below < top, f"record {i}: vv[{j}] below {below} not below top {top} (§10.19 rule 2)"
            clock = "" if below == 0 else f": clock = {hlc(top - below)}"
            r.emit(start, f"  vv[{j}]: site {position} ({short_site(sites[position])}), below top {below}{clock}")
            vector.append((sites[position], top - below))
        if vector:
            assert any(clock == top for _, clock in vector), f"record {i}: top is not a vector clock (§10.19 rule 2)"
        else:
            assert top == 0, f"record {i}: an empty vector with top {top} (§10.19 rule 2)"

        # Each write's clock is told from the write before it in the record (the first from top).
        previous_clock = [top]
        first_write = [True]

        def register(name):
            writes = []
            for w in range(r.varint(f"  {name}: writes")):
                start = r.pos
                position, raw = r.raw_varint(), r.raw_varint()
                back = (raw >> 1) ^ -(raw & 1)
                clock = (previous_clock[0] - back) % (1 << 64)
                assert position < len(vector), f"record {i}.{name}: site index {position} out of the vector (§4 rule 3)"
                told = "top" if first_write[0] else "the previous write's"
                first_write[0] = False
                shown = "" if back == 0 else f": clock = {hlc(clock)}"
                r.emit(start, f"    write {w}: site index {position} ({short_site(vector[position][0])}), "
                              f"clock = {told} {'-' if back >= 0 else '+'} {abs(back)} (back, zigzag {raw}){shown}")
                writes.append((position, clock))
                previous_clock[0] = clock
            return writes

        liveness = register("liveness")
        fields = []
        field_count = r.varint("  fields")
        assert field_count <= 256, "fields (§4)"
        for _ in range(field_count):
            start = r.pos
            position = r.raw_varint()
            assert position < len(names), f"record {i}: name {position} is not in the table"
            name = names[position].decode()
            r.emit(start, f"  field name = {position} (\"{name}\") (varint)")
            names_used.add(position)
            fields.append((position, register(name)))
        heads.append((code, record_id, vector, liveness, fields))
        previous_id, previous_top = record_id, top
    assert sites_used == len(sites), "a site no entry uses (§10.19 rule 3)"
    assert names_used == set(range(len(names))), "a name no field uses (§10.19 rule 4)"

    # The values, column by column: liveness, then each name of the table in order; record by record.
    values = [[[] for _ in range(1 + len(head[4]))] for head in heads]  # per record: liveness, then each field

    def column(label, registers):
        for i, slot, writes in registers:
            for w in range(len(writes)):
                start = r.pos
                r.value(f"values of {label}: record {i}" + (f" write {w}" if len(writes) > 1 else ""))
                values[i][slot].append(bytes(r.data[start:r.pos]))

    column("liveness", [(i, 0, head[3]) for i, head in enumerate(heads)])
    for position, name in enumerate(names):
        column(f"field {name.decode()}", [(i, 1 + k, writes) for i, head in enumerate(heads)
                                          for k, (p, writes) in enumerate(head[4]) if p == position])
    r.cursor("cursor")
    cursor = bytes(r.data[r.pos - 16:r.pos])
    last = r.boolean("isLast")

    # The records of §4, rebuilt from the heads and the values.
    def writes(register, column_values):
        out = encode_varint(len(register))
        for (position, clock), value in zip(register, column_values):
            out += encode_varint(position) + clock.to_bytes(8, "big") + value
        return out

    rebuilt, known_before = [], 0
    for i, (code, record_id, vector, liveness, fields) in enumerate(heads):
        state = bytes([code]) + encode_string(record_id) + encode_varint(len(vector))
        state += b"".join(site + clock.to_bytes(8, "big") for site, clock in vector)
        state += writes(liveness, values[i][0]) + encode_varint(len(fields))
        for k, (position, register) in enumerate(fields):
            state += encode_string(names[position]) + writes(register, values[i][1 + k])
        known = RECORDS.get(record_id.decode())
        assert known is None or known == state, f"record {i} ({record_id.decode()}): differs from the state read before"
        known_before += known is not None
        rebuilt.append(state)
    batch = header + encode_varint(count) + b"".join(rebuilt) + cursor + bytes([last])
    assert len(batch) <= MAX_DECOMPRESSED_SIZE, "RECORD_BATCH form over maxDecompressedSize (§10.19 rule 5)"
    # Read the rebuilt RECORD_BATCH payload as §10.10 says: the §4 reader checks every rule of §4 and keeps each
    # record's state in RECORDS.
    payload(Reader(batch, []), 0x21)
    return batch, known_before


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
    elif kind == 0x27:
        batch, known_before = record_columns(r)
        r.out.append(f"{r.prefix}# the RECORD_BATCH payload (§10.10) these columns stand for, rebuilt from them, is "
                     f"{len(batch)} bytes; {known_before} of its records are, byte for byte, states read in an earlier "
                     f"fixture")
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
