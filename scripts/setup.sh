#!/usr/bin/env bash
# Installs what Tally needs to build and test on a Debian machine with the Swift toolchain:
# zlib and SQLite headers, and PostgreSQL (for the PostgreSQL store's tests, when present).
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
for pkg in zlib1g-dev libsqlite3-dev pkg-config python3; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain (swift) is not on PATH" >&2; exit 1; }
