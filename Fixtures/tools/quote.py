#!/usr/bin/env python3
"""Re-quotes the annotated fixtures in Protocol.md from the files under Fixtures/.

Protocol.md marks each quoted fixture with `<!-- fixture NAME -->` ... `<!-- /fixture -->` around a ```text block.
The block holds the whole annotated twin (`Fixtures/frames/NAME.hex`, or `Fixtures/NAME.hex` for a NAME with a
folder, such as `bundles/01-small`), or, when the marker says `lines=N` (`<!-- fixture 10-record-batch lines=26 -->`),
its first N lines and one last line `# ... (M more lines: Fixtures/frames/NAME.hex)`.
Tests/WireTests/FixtureTests.swift checks exactly this. Run after regenerating a fixture:

    python3 Fixtures/tools/quote.py          # rewrites Protocol.md in place
    python3 Fixtures/tools/quote.py --check  # exit 1 when Protocol.md is not up to date
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The ```text block may be missing (a new marker, `<!-- fixture NAME -->` then `<!-- /fixture -->`): it is filled in.
MARKER = re.compile(r"<!-- fixture (?P<name>[\w/-]+)(?: lines=(?P<lines>\d+))? -->\n"
                    r"(?:```text\n(?P<body>.*?)```\n)?<!-- /fixture -->", re.S)


def twin_path(name):
    return f"Fixtures/{name}.hex" if "/" in name else f"Fixtures/frames/{name}.hex"


def excerpt(name, lines):
    twin = (ROOT / twin_path(name)).read_text(encoding="utf-8")
    if lines is None:
        return twin
    all_lines = twin.splitlines(keepends=True)
    if int(lines) >= len(all_lines):
        return twin
    rest = len(all_lines) - int(lines)
    return "".join(all_lines[: int(lines)]) + f"# ... ({rest} more lines: {twin_path(name)})\n"


def requote(document):
    def block(match):
        lines = match.group("lines")
        head = f"<!-- fixture {match.group('name')}" + (f" lines={lines}" if lines else "") + " -->"
        return f"{head}\n```text\n{excerpt(match.group('name'), lines)}```\n<!-- /fixture -->"

    return MARKER.sub(block, document)


def main():
    path = ROOT / "Protocol.md"
    document = path.read_text(encoding="utf-8")
    updated = requote(document)
    if "--check" in sys.argv:
        sys.exit(0 if updated == document else "Protocol.md does not quote the fixtures as they are: run " + __file__)
    if updated != document:
        path.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()
