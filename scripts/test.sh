#!/usr/bin/env bash
# The test command: installs build dependencies if missing, builds, runs every test, then the CLI contract.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build 2>&1 | tee /tmp/tally-build.log | grep -E 'warning:|error:' | grep -v '/.build/checkouts/' || true
swift test 2>&1 | tee /tmp/tally-test.log | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking)'
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || exit "$status"
if [ -f ../shared/contract/cli-smoke.sh ]; then
    bash ../shared/contract/cli-smoke.sh "$(swift build --show-bin-path)/tally"
fi
