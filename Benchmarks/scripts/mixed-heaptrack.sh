#!/usr/bin/env bash
# The "50 pushers + 50 pullers" scenario of `tally-bench load`, with the server process under heaptrack, to see
# where its memory goes (BENCHMARKS.md, "Where the server's memory goes"). Needs the release build of tally-bench
# (cd Benchmarks && swift build -c release --product tally-bench) and heaptrack (apt-get install heaptrack).
#
# Usage: Benchmarks/scripts/mixed-heaptrack.sh [WORK]      (default /tmp/tally-heaptrack-mixed)
#   then: heaptrack_print -f WORK/heaptrack.server.zst --print-peaks 1 --peak-limit 25
#   WRAP=CMD runs the server under CMD instead of heaptrack (WRAP= for none: the plain peak RSS).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=$here/.build/release/tally-bench
[ -x "$bench" ] || { echo "mixed-heaptrack.sh: build $bench first" >&2; exit 2; }
work=${1:-/tmp/tally-heaptrack-mixed}
wrap=${WRAP-heaptrack -o $work/heaptrack.server}
served=10000 pushed=2000 clients=50
rm -rf "$work"
mkdir -p "$work"
"$bench" generate "$work/rows.ndjson" "$served" >/dev/null
"$bench" import "$work/base" "$work/rows.ndjson" >/dev/null
mkfifo "$work/server.in"
# shellcheck disable=SC2086
$wrap "$bench" serve "$work/base" <"$work/server.in" >"$work/server.out" 2>"$work/server.err" &
exec 3>"$work/server.in"   # the server runs until its standard input closes
until grep -q '^PORT ' "$work/server.out" 2>/dev/null; do sleep 0.2; done
port=$(sed -n 's/^PORT //p' "$work/server.out")
pids=()
for i in $(seq 0 $((clients - 1))); do
    # Each client prepares, prints READY, and starts at the GO line: all at about the same time.
    (sleep 25; echo GO) | "$bench" load-push "$work/push-$i" "$port" $((served + i * pushed)) "$pushed" \
        >"$work/push-$i.out" 2>&1 &
    pids+=($!)
    (sleep 25; echo GO) | "$bench" load-pull "$work/pull-$i" "$port" >"$work/pull-$i.out" 2>&1 &
    pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
exec 3>&-
wait
echo "server: $(grep RESULT "$work/server.out")"
echo "clients failed: $failed of ${#pids[@]}"
[ "$failed" = 0 ]
