#!/usr/bin/env python3
"""Writes 01-small.bin and 02-columns.bin and their annotated twins (see Protocol.md, "Bundles").

01-small is a format-1 bundle: one RECORD_BATCH frame. 02-columns is the same bundle in format 2, its batch a
RECORD_COLUMNS frame (Protocol.md §10.19). Both layouts are encoded here, from the spec alone, from one description
of the batch (BATCH below): the RECORD_BATCH payload by §10.10 and §4, the RECORD_COLUMNS payload by §10.19.

The Swift test BundleFixtureTests checks that the bundle code encodes the same value to exactly these bytes.

    cd Fixtures/bundles && python3 make-fixture.py
"""
import hashlib, struct, zlib

MASK64 = (1 << 64) - 1


def varint(n):
    assert 0 <= n <= MASK64
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80); n >>= 7
    out.append(n); return bytes(out)
def s(text): return varint(len(text.encode())) + text.encode()


def signed64(n):
    """n mod 2^64 as a signed 64-bit (two's-complement) integer."""
    n &= MASK64
    return n - (1 << 64) if n >> 63 else n


def zigzag_value(n):
    """§2: a signed 64-bit n as (n << 1) ^ (n >> 63), arithmetic shift, taken as unsigned."""
    n = signed64(n)
    return ((n << 1) ^ (n >> 63)) & MASK64
def zigzag(n): return varint(zigzag_value(n))


def hlc(value):
    return f"0x{value:016x} (ms {value >> 16}, counter {value & 0xFFFF})"


# Values (§3): the bytes and how the annotations name them.
def v_bool(b): return (b"\x06" + (b"\x01" if b else b"\x00"), f"tag 6 bool, {'true' if b else 'false'}")
def v_string(t): return (b"\x01" + s(t), f'tag 1 string, length {len(t.encode())}, "{t}"')
def v_enum(t): return (b"\x05" + s(t), f'tag 5 enum, length {len(t.encode())}, "{t}"')


site = bytes.fromhex("3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")
CLOCK = 0x01906d4ed0000000
epoch = 0x5eed202400000001
RECORD_TYPES = {1: "election", 2: "party", 3: "unit", 4: "tally", 5: "turnout", 6: "person", 7: "statement"}

# The one batch of both bundles. A record (§4): type, id, version vector [(site, clock)], liveness register and
# fields [(name, register)], a register being the writes [(site index into the vector, clock, value)], winner first.
BATCH = {
    "dataset": "fr-2024",
    "batchNumber": 1,
    "records": [
        {
            "type": 3,
            "id": "fr",
            "vector": [(site, CLOCK)],
            "liveness": [(0, CLOCK, v_bool(True))],
            "fields": [
                ("level", [(0, CLOCK, v_enum("country"))]),
                ("name", [(0, CLOCK, v_string("France"))]),
            ],
        },
    ],
    "cursor": (epoch, 1),
    "isLast": True,
}


def check_record(r):
    """The canonical-order rules of §4 that the description must keep (so that both layouts are valid)."""
    vector = r["vector"]
    assert all(a[0] < b[0] for a, b in zip(vector, vector[1:])) and all(c > 0 for _, c in vector), "§4 rule 1"
    registers = [r["liveness"]] + [w for _, w in r["fields"]]
    for writes in registers:
        dots = [(clock, vector[i][0]) for i, clock, _ in writes]
        assert all(a > b for a, b in zip(dots, dots[1:])), "§4 rule 2"
        assert all(i < len(vector) and clock <= vector[i][1] for i, clock, _ in writes), "§4 rule 3"
    names = [n.encode() for n, _ in r["fields"]]
    assert all(a < b for a, b in zip(names, names[1:])), "§4 rule 4"


def batch_tail(batch, out):
    e, seq = batch["cursor"]
    out.append((struct.pack(">Q", e), f"cursor.epoch = 0x{e:016x}"))
    out.append((struct.pack(">Q", seq), f"cursor.sequence = {seq}"))
    out.append((b"\x01" if batch["isLast"] else b"\x00", f"isLast = {'true' if batch['isLast'] else 'false'}"))


def record_batch(batch):
    """The batch as a RECORD_BATCH payload (§10.10, records as §4), annotated: [(bytes, comment)]."""
    out = []
    def c(b, comment): out.append((bytes(b), comment))
    c(s(batch["dataset"]), f'dataset = "{batch["dataset"]}" (varint length {len(batch["dataset"].encode())}, UTF-8)')
    c(struct.pack(">Q", batch["batchNumber"]), f"batchNumber = {batch['batchNumber']}")
    c(varint(len(batch["records"])), f"records count = {len(batch['records'])} (varint)")
    for i, r in enumerate(batch["records"]):
        check_record(r)
        c(bytes([r["type"]]), f"record {i}: type {r['type']} ({RECORD_TYPES[r['type']]})")
        c(s(r["id"]), f'  id = "{r["id"]}" (varint length {len(r["id"].encode())}, UTF-8)')
        c(varint(len(r["vector"])), f"  version vector entries = {len(r['vector'])} (varint)")
        for j, (vsite, clock) in enumerate(r["vector"]):
            c(vsite, f"  vv[{j}].site = {vsite.hex()}")
            c(struct.pack(">Q", clock), f"  vv[{j}].clock = {hlc(clock)}")

        def register(name, writes):
            c(varint(len(writes)), f"  {name}: writes = {len(writes)} (varint)")
            for w, (index, clock, (value, description)) in enumerate(writes):
                c(varint(index), f"    write {w}: site index = {index} (varint)")
                c(struct.pack(">Q", clock), f"    write {w}: clock = 0x{clock:016x}")
                c(value, f"    write {w}: value: {description}")

        register("liveness", r["liveness"])
        c(varint(len(r["fields"])), f"  fields = {len(r['fields'])} (varint)")
        for name, writes in r["fields"]:
            c(s(name), f'  field name = "{name}" (varint length {len(name.encode())}, UTF-8)')
            register(name, writes)
    batch_tail(batch, out)
    return out


def record_columns(batch):
    """The batch as a RECORD_COLUMNS payload (§10.19), annotated: [(bytes, comment)]."""
    out = []
    def c(b, comment): out.append((bytes(b), comment))
    records = batch["records"]
    for r in records:
        check_record(r)
    # The site table: each site of the vectors once, in the order of first use (record by record, entry by entry).
    sites = []
    for r in records:
        for vsite, _ in r["vector"]:
            if vsite not in sites:
                sites.append(vsite)
    # The name table: each field name once, strictly ascending by bytes.
    names = sorted({name.encode() for r in records for name, _ in r["fields"]})

    c(s(batch["dataset"]), f'dataset = "{batch["dataset"]}" (varint length {len(batch["dataset"].encode())}, UTF-8)')
    c(struct.pack(">Q", batch["batchNumber"]), f"batchNumber = {batch['batchNumber']}")
    c(varint(len(records)), f"records count N = {len(records)} (varint)")
    c(varint(len(sites)), f"sites count = {len(sites)} (varint)")
    for k, vsite in enumerate(sites):
        c(vsite, f"sites[{k}] = {vsite.hex()}")
    c(varint(len(names)), f"names count = {len(names)} (varint)")
    for k, name in enumerate(names):
        c(varint(len(name)) + name, f'names[{k}] = "{name.decode()}" (varint length {len(name)}, UTF-8)')

    previous_id, previous_top = b"", 0
    for i, r in enumerate(records):
        c(bytes([r["type"]]), f"record {i}: type {r['type']} ({RECORD_TYPES[r['type']]})")
        record_id = r["id"].encode()
        shared = 0
        while shared < min(len(record_id), len(previous_id)) and record_id[shared] == previous_id[shared]:
            shared += 1
        rest = record_id[shared:]
        whole = f': id = "{record_id.decode()}"' if shared else ""
        c(varint(shared) + varint(len(rest)) + rest,
          f'record {i}: id shares {shared} bytes with the previous id, rest = "{rest.decode()}" '
          f"(varint length {len(rest)}){whole}")
        top = max((clock for _, clock in r["vector"]), default=0)
        step = signed64(top - previous_top)
        base = "0" if i == 0 else "previous"
        sign = f"+ {step}" if step >= 0 else f"- {-step}"
        c(zigzag(step), f"record {i}: top clock = {base} {sign} (zigzag) = {hlc(top)}")
        c(varint(len(r["vector"])), f"  version vector entries = {len(r['vector'])} (varint)")
        for j, (vsite, clock) in enumerate(r["vector"]):
            position, below = sites.index(vsite), top - clock
            shown = "" if below == 0 else f": clock = {hlc(clock)}"
            c(varint(position) + varint(below),
              f"  vv[{j}]: site {position} ({vsite.hex()[:8]}...), below top {below}{shown}")

        # Each write's clock is told back from the write before it in this record, the first write from top.
        previous_clock = [top, True]

        def register(name, writes):
            c(varint(len(writes)), f"  {name}: writes = {len(writes)} (varint)")
            for w, (index, clock, _) in enumerate(writes):
                back = signed64(previous_clock[0] - clock)
                told = "top" if previous_clock[1] else "the previous write's"
                shown = "" if back == 0 else f": clock = {hlc(clock)}"
                c(varint(index) + zigzag(back), f"    write {w}: site index {index}, clock = {told} "
                      f"{'-' if back >= 0 else '+'} {abs(back)} (back, zigzag {zigzag_value(back)}){shown}")
                previous_clock[:] = [clock, False]

        register("liveness", r["liveness"])
        c(varint(len(r["fields"])), f"  fields = {len(r['fields'])} (varint)")
        for name, writes in r["fields"]:
            position = names.index(name.encode())
            c(varint(position), f'  field name = {position} ("{name}") (varint)')
            register(name, writes)
        previous_id, previous_top = record_id, top

    # The values, column by column: the liveness writes of all records, then each name of the table in order.
    def column(label, registers):
        for i, writes in registers:
            for w, (_, _, (value, description)) in enumerate(writes):
                several = f" write {w}" if len(writes) > 1 else ""
                c(value, f"values of {label}: record {i}{several}: {description}")

    column("liveness", [(i, r["liveness"]) for i, r in enumerate(records)])
    for name in names:
        column(f"field {name.decode()}", [(i, writes) for i, r in enumerate(records)
                                          for n, writes in r["fields"] if n.encode() == name])
    batch_tail(batch, out)
    return out


def sent_form(version, batch):
    """The frame of one batch by the sender's rule: RECORD_COLUMNS (from format version 2 on) when its payload is
    smaller than the RECORD_BATCH payload (§10.19); compressed when the payload is at least 256 bytes and zlib saves
    at least one eighth (§7). Returns (frame type, annotated payload)."""
    rows = record_batch(batch)
    rows_size = sum(len(b) for b, _ in rows)
    frame_type, payload = 0x21, rows
    if version >= 2:
        cols = record_columns(batch)
        cols_size = sum(len(b) for b, _ in cols)
        print(f"batch {batch['batchNumber']}: RECORD_BATCH payload {rows_size} bytes, "
              f"RECORD_COLUMNS payload {cols_size} bytes")
        if cols_size < rows_size:
            frame_type, payload = 0x27, cols
    pl = b"".join(b for b, _ in payload)
    compresses = len(pl) >= 256 and 8 * len(zlib.compress(pl, 6)) <= 7 * len(pl)
    assert not compresses, "this script writes (and annotates) uncompressed frames only"
    return frame_type, payload


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
    h(struct.pack(">Q", epoch), f"  epoch = 0x{epoch:016x}")
    h(struct.pack(">Q", 0), "  after = 0")
    h(struct.pack(">Q", 1), "  through = 1")
    h(b"\x00", "  heldOfTarget: absent")
    hp = b"".join(b for b, _ in header)
    add(b"BNDL", 'header magic "BNDL"'); add(struct.pack(">I", len(hp)), f"header length = {len(hp)}")
    rows.extend(header)

    frame_type, payload = sent_form(version, BATCH)
    pl = b"".join(b for b, _ in payload)
    add(struct.pack(">I", 10 + len(pl)), f"frame length = {10 + len(pl)}")
    add(bytes([frame_type]), {0x21: "type 0x21 RECORD_BATCH", 0x27: "type 0x27 RECORD_COLUMNS"}[frame_type])
    add(b"\x00", "flags = 0 (not compressed)")
    add(struct.pack(">I", len(pl)), f"size = {len(pl)}")
    add(struct.pack(">I", zlib.crc32(pl)), f"crc = CRC-32 of the payload")
    rows.append((b"", "payload"))
    rows.extend(payload)
    body = b"".join(b for b, _ in rows)
    add(b"BEND", 'trailer magic "BEND"')
    add(struct.pack(">Q", 1), "batchCount = 1")
    add(struct.pack(">Q", len(BATCH["records"])), f"recordCount = {len(BATCH['records'])}")
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
    print(f"{name}.bin: {len(data)} bytes (frame type 0x{frame_type:02x}, payload {len(pl)} bytes, flags 0)")


bundle("01-small", 1)
bundle("02-columns", 2)
