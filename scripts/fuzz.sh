#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ with AddressSanitizer and runs each for a bounded time, one after the other
# with one worker, seeded from Fixtures/. Prints per target: executions, exec/s, coverage (cov:/ft: of libFuzzer's
# last status line) and crashes. See docs/reliability.md, "Fuzzing".
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (default 600 seconds per target, every target)
#   TALLY_FUZZ_WORK=DIR   work folder: seeds, growing corpora, crash artifacts, logs (default Fuzz/.work, not in git)
#   TALLY_FUZZ_RSS_MB=N   libFuzzer's -rss_limit_mb (default 2048); TALLY_FUZZ_TIMEOUT=N its -timeout (default 10 s)
#   TALLY_BUILD_WRAPPER=CMD  runs the build under CMD (a build-slot wrapper on a shared machine); empty for none
# Exit status: 0 when no target crashed, 1 when one did (its input is in WORK/TARGET/artifacts/), 2 on a bad call.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
all=(FrameFuzzer MessageFuzzer RecordStateFuzzer BundleFuzzer BundleApplyFuzzer NDJSONFuzzer CSVFuzzer JSONFuzzer
    NISTFuzzer PopoloFuzzer)

seconds=${1:-600}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, not \"$seconds\"" >&2; exit 2; }
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for target in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target $target (targets: ${all[*]})" >&2; exit 2; }
done
work=${TALLY_FUZZ_WORK:-$root/Fuzz/.work}
rss=${TALLY_FUZZ_RSS_MB:-2048}
timeout=${TALLY_FUZZ_TIMEOUT:-10}
# A command to run each build under (a shared machine's build-slot wrapper, nice, ...); none by default.
wrapper=${TALLY_BUILD_WRAPPER:-}

# Debug (the sanitizers want -Onone's checks too), fuzzer coverage and ASan on every Swift module; libFuzzer's main.
flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
mkdir -p "$work"
cd Fuzz
for target in "${targets[@]}"; do
    echo "== building $target"
    # shellcheck disable=SC2086
    if ! $wrapper swift build "${flags[@]}" --product "$target" >"$work/build.log" 2>&1; then
        grep -E "error" "$work/build.log" >&2 || tail -20 "$work/build.log" >&2
        echo "fuzz.sh: the build of $target failed (log: $work/build.log)" >&2
        exit 1
    fi
done
bin=$(swift build "${flags[@]}" --show-bin-path)
cd "$root"

rm -rf "$work/seeds"
python3 Fuzz/seeds.py "$work/seeds"

# Allocations that live as long as the process (Fuzz/lsan.supp) are not leaks.
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
crashed=0
summary=()
for target in "${targets[@]}"; do
    dir=$work/$target
    mkdir -p "$dir/corpus" "$dir/artifacts" "$work/seeds/$target"
    log=$dir/run.log
    touch "$dir/started"
    echo "== fuzzing $target for $seconds s (log: $log)"
    set +e
    # The grown corpus first: libFuzzer writes new inputs into the first folder.
    "$bin/$target" "$dir/corpus" "$work/seeds/$target" -max_total_time="$seconds" -rss_limit_mb="$rss" \
        -timeout="$timeout" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 >"$log" 2>&1
    status=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | grep ' cov: ' | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
    crashes=$(find "$dir/artifacts" -type f -newer "$dir/started" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | wc -l)
    if [ "$status" -ne 0 ]; then
        crashed=1
        grep -E 'ERROR: |SUMMARY: |Fatal error|Test unit written' "$log" | head -5 >&2 || tail -5 "$log" >&2
    fi
    summary+=("$(printf '%-18s %8s %12s %9s %7s %7s %12s %8s %6s' "$target" "${seconds}s" "${runs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes" "$status")")
done

printf '\n%-18s %8s %12s %9s %7s %7s %12s %8s %6s\n' target time executions exec/s cov ft corpus crashes exit
printf '%s\n' "${summary[@]}"
exit "$crashed"
