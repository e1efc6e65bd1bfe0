#!/usr/bin/env python3
"""Writes the seed corpus of each fuzzer from Fixtures/ into OUT/<Target>/ (see ../docs/reliability.md, "Fuzzing").

Usage: Fuzz/seeds.py OUT

FrameFuzzer and MessageFuzzer get every golden frame (Fixtures/frames/*.bin, the preamble stripped where a bundle
holds one) and their concatenation; MessageFuzzer also gets each frame's payload behind its type byte, the form its
second half reads. RecordStateFuzzer gets every record of the annotated record batches (Fixtures/frames/*.hex,
"record N:" sections). BundleFuzzer and BundleApplyFuzzer get Fixtures/bundles/*.bin. NDJSONFuzzer gets
Fixtures/datasets/*.ndjson; JSONFuzzer and CSVFuzzer get the same records as a JSON array and as CSV
(docs/records.md §6). NISTFuzzer gets Fixtures/datasets/*.nist.json and PopoloFuzzer *.popolo.json (those samples
exported by `tally export --format nist|popolo`).
"""
import csv
import io
import json
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"


def write(out: Path, target: str, name: str, data: bytes) -> None:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def hex_sections(path: Path):
    """Yields (comment, bytes) for each line of an annotated .hex twin."""
    for line in path.read_text().splitlines():
        data, _, comment = line.partition("#")
        yield comment, bytes.fromhex(data.strip()) if data.strip() else b""


def records_of(path: Path):
    """The bytes of each "record N:" section of an annotated frame (its lines up to the next unindented comment)."""
    records, current = [], None
    for comment, data in hex_sections(path):
        if re.match(r"\s*record \d+:", comment):
            if current is not None:
                records.append(current)
            current = bytearray(data)
        elif current is not None and (comment.startswith("   ") or comment.startswith(" ...")):
            current += data
        elif current is not None and data:
            records.append(current)
            current = None
    if current is not None:
        records.append(current)
    return [bytes(record) for record in records]


def payload_of(frame: bytes) -> bytes:
    """The payload of one frame, inflated if its flags say zlib."""
    payload = frame[14:]
    return zlib.decompress(payload) if frame[5] & 1 else payload


def csv_of(objects) -> bytes:
    columns = ["type", "id"]
    for item in objects:
        columns += [key for key in item if key not in columns]

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, list):
            return "|".join(str(v).replace("\\", "\\\\").replace("|", "\\|") for v in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for item in objects:
        writer.writerow([cell(item.get(column)) for column in columns])
    return text.getvalue().encode()


def main(out: Path) -> None:
    frames = sorted((FIXTURES / "frames").glob("*.bin"))
    stream = b""
    for path in frames:
        data = path.read_bytes()
        for target in ("FrameFuzzer", "MessageFuzzer"):
            write(out, target, path.name, data)
        if path.name.startswith("00-"):
            continue
        stream += data
        write(out, "MessageFuzzer", "payload-" + path.name, data[4:5] + payload_of(data))
    for target in ("FrameFuzzer", "MessageFuzzer"):
        write(out, target, "all-frames.bin", stream)
    for path in sorted((FIXTURES / "frames").glob("*.hex")):
        if path.stem.endswith("record-columns"):
            continue  # its records are laid out by column, not in the record encoding RecordStateFuzzer reads
        for index, record in enumerate(records_of(path)):
            write(out, "RecordStateFuzzer", f"{path.stem}-{index}.bin", record)
    for path in sorted((FIXTURES / "bundles").glob("*.bin")):
        for target in ("BundleFuzzer", "BundleApplyFuzzer"):
            write(out, target, path.name, path.read_bytes())
    for target, suffix in (("NISTFuzzer", "nist"), ("PopoloFuzzer", "popolo")):
        for path in sorted((FIXTURES / "datasets").glob(f"*.{suffix}.json")):
            write(out, target, path.name, path.read_bytes())
    for path in sorted((FIXTURES / "datasets").glob("*.ndjson")):
        text = path.read_bytes()
        objects = [json.loads(line) for line in text.decode().splitlines() if line.strip()]
        write(out, "NDJSONFuzzer", path.name, text)
        array = "[\n" + ",\n".join(line for line in text.decode().splitlines() if line.strip()) + "\n]\n"
        write(out, "JSONFuzzer", path.stem + ".json", array.encode())
        write(out, "CSVFuzzer", path.stem + ".csv", csv_of(objects))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: Fuzz/seeds.py OUT")
    main(Path(sys.argv[1]))
