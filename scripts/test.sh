#!/usr/bin/env bash
# The test command: installs build dependencies if missing, builds, runs every test (the CLI contract and the
# README's commands included: Tests/TallyCLITests).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build 2>&1 | tee /tmp/tally-build.log | grep -E 'warning:|error:' | grep -v '/.build/checkouts/' || true
swift test 2>&1 | tee /tmp/tally-test.log | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking)'
exit "${PIPESTATUS[0]}"
