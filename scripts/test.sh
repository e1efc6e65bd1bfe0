#!/usr/bin/env bash
# The test command: installs what is missing (scripts/setup.sh), builds the package and its tests with no warning
# from our own code, then runs every test (the CLI contract and the README's commands included:
# Tests/TallyCLITests).
#
# The tests run in three processes. Tests/TallyCLITests drive the built `tally` binary and wait for it
# synchronously, and the store suites (ReplicaTests) run long synchronous SQLite work; each such test holds one of
# the test process's cooperative threads (two, on two cores). The in-process servers of TransportTests need those
# threads to answer handshakes within their timeouts, so they get a process of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
mkdir -p .build
swift build --build-tests 2>&1 | tee .build/tally-build.log | grep -E 'warning:|error:' | grep -v '/.build/checkouts/' || true
if grep -E '^/.*/(Sources|Tests|Benchmarks)/.*: (warning|error):' .build/tally-build.log | grep -v '/.build/' >/dev/null; then
    echo "test.sh: the build has warnings or errors in our code (above); fix them first" >&2
    exit 1
fi
# A throwaway PostgreSQL server for the PostgreSQL store's tests (scripts/postgres.sh); they skip without one.
pgdir="$(mktemp -d)"
trap 'scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
if url="$(scripts/postgres.sh start "$pgdir" 2>.build/tally-postgres.log)"; then
    export TALLY_TEST_POSTGRES_URL="$url" PGPASSWORD=tally
    echo "== PostgreSQL for the tests: $TALLY_TEST_POSTGRES_URL (scripts/postgres.sh)"
    # The CA of the server's TLS certificate (none when it started without TLS: the TLS tests then skip).
    if [ -f "$pgdir/root.crt" ]; then
        export TALLY_TEST_POSTGRES_ROOTCERT="$pgdir/root.crt"
    else
        why="$(grep 'starting without TLS' .build/tally-postgres.log | tail -n 1)"
        echo "test.sh: the PostgreSQL server has no TLS (${why#postgres.sh: starting without TLS: }); the TLS tests will skip"
    fi
else
    reason="$(tail -n 1 .build/tally-postgres.log)"
    [ -n "$reason" ] || reason="scripts/postgres.sh start failed, saying nothing"
    echo "test.sh: no PostgreSQL server could be started (${reason#postgres.sh: }); the PostgreSQL tests will skip"
fi
status=0
: >.build/tally-test.log
for suites in 'WireTests|RecordsTests|ReplicaTests|SyncTests|StoreConformanceTests|PostgresStoreTests' 'TransportTests' 'TallyCLITests'; do
    echo "== swift test --filter '$suites'"
    set +e
    swift test --skip-build --filter "$suites" 2>&1 | tee -a .build/tally-test.log \
        | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking)'
    code=${PIPESTATUS[0]}
    set -e
    [ "$code" = 0 ] || status=$code
done
# A small sample of the kill -9 matrix (docs/reliability.md): 3 kill points per scenario, 2 batches each.
echo "== scripts/kill-matrix.sh --points 3 --records 4000"
scripts/kill-matrix.sh --points 3 --records 4000 --tally "$(swift build --show-bin-path)/tally" || status=1
exit "$status"
