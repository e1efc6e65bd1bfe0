#!/usr/bin/env bash
# Installs what Tally needs to build and test on a Debian machine with the Swift toolchain:
# zlib and SQLite headers; the tools the tests drive (openssl for certificates, sqlite3 for an old store,
# script for a terminal); and Debian's chromium (the status page's headless-browser test).
# `scripts/setup.sh --bench` also installs the baselines `tally-bench` runs (Benchmarks/, BENCHMARKS.md): rsync,
# and git with `git daemon` (part of Debian's `git` package; git-daemon-run is not needed), gzip.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(zlib1g-dev libsqlite3-dev pkg-config python3 openssl sqlite3 bsdutils)
[ "${1:-}" = "--bench" ] && packages+=(rsync git gzip)
need=()
for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if [ "${#need[@]}" -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The browser test (StatusPageBrowserTests) loads the status page in headless chromium. Without it that test
# skips, saying so; a failed install is not fatal to the rest of the suite.
if ! command -v chromium >/dev/null; then
    echo "setup: installing chromium (for the status page's browser test)" >&2
    if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        $SUDO apt-get update -qq || true
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
        || echo "setup: could not install chromium; the browser test will skip" >&2
fi
if [ "${1:-}" = "--bench" ]; then
    [ -x "$(git --exec-path)/git-daemon" ] || { echo "setup: git daemon is missing from $(git --exec-path)" >&2; exit 1; }
    command -v rsync >/dev/null || { echo "setup: rsync is not on PATH after installing it" >&2; exit 1; }
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain (swift) is not on PATH" >&2; exit 1; }
