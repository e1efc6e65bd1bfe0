#!/usr/bin/env bash
# The kill -9 matrix (docs/reliability.md): kills a process with SIGKILL at random points of a transfer, then checks
# that nothing was lost, corrupted or applied twice, and that the next run converges.
#
# Scenarios (all by default; --scenario NAME, repeatable, picks some):
#   push     the SERVER is killed while a client pushes to it
#   pull     the CLIENT is killed while it pulls from a server
#   bundle   `tally bundle apply` is killed while it applies a bundle
#   mirror   `tally mirror --once` is killed while it mirrors a server
#
# After each kill:
#   - `PRAGMA integrity_check` is `ok` on every replica involved, and `tally` opens each of them;
#   - every acknowledged write is present, byte for byte (the stored record states are compared):
#       push:          the server's durable cursor on the pusher's feed (what its every ACK and its PUSH-ACCEPTED
#                      on the next push tell the pusher) covers exactly the records it holds, all of them the
#                      pusher's own, and a push that exited 0 was acknowledged whole;
#       pull, mirror:  the puller's cursor (saved with each batch, in its transaction, before the batch is
#                      acknowledged) covers exactly the records it holds, all of them the server's;
#       bundle:        the replica holds a subset of the bundle's records (whole batches), all of them the source's;
#   - nothing was applied twice: each replica's change feed has one entry per record (sequence == records), and
#     the resumed run transfers exactly what was missing (push: sent; pull, mirror: received);
#   - the next run exits 0, and after a sync both sides export byte-identical files and hold identical states.
#
# Delays are uniform over 0 .. 1.1 x the span of an uninterrupted transfer (measured once per scenario, or given
# with --span MS), drawn from --seed; the seed and spans are printed with a command line that replays the run.
# Exits 1 when any point fails (its folder is kept, and named), 64 on a usage error.
#
# Usage: scripts/kill-matrix.sh [--points N] [--records N] [--seed S] [--scenario NAME]... [--span MS]
#                               [--tally PATH] [--keep]
set -uo pipefail
cd "$(dirname "$0")/.."

points=100
records=10000
seed=$(( (RANDOM << 15) | RANDOM ))
scenarios=()
span=""
tally=""
keep=0
usage() { sed -n '2,/^set /p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 64; }
while [ $# -gt 0 ]; do
    case "$1" in
        --points) points=${2:?}; shift 2 ;;
        --records) records=${2:?}; shift 2 ;;
        --seed) seed=${2:?}; shift 2 ;;
        --scenario) scenarios+=("${2:?}"); shift 2 ;;
        --span) span=${2:?}; shift 2 ;;
        --tally) tally=${2:?}; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) usage ;;
        *) echo "kill-matrix: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(push pull bundle mirror)
for scenario in "${scenarios[@]}"; do
    case "$scenario" in push | pull | bundle | mirror) ;; *) echo "kill-matrix: no scenario $scenario" >&2; exit 64 ;; esac
done
command -v sqlite3 >/dev/null || { echo "kill-matrix: sqlite3 is missing; run scripts/setup.sh" >&2; exit 1; }
if [ -z "$tally" ]; then
    tally="$(swift build --show-bin-path)/tally"
    [ -x "$tally" ] || { echo "kill-matrix: $tally is missing; run swift build first" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kill-matrix.XXXXXX")
# A copy of the binary: a rebuild during the run cannot swap it under us.
cp "$tally" "$work/tally"
T="$work/tally"
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill -9 "$pid" 2>/dev/null; done
    if [ "$keep" = 0 ] && [ "${failed_points:-0}" = 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

failed_points=0
failure_lines=()
point_failed=0
fail() { # MESSAGE: one failed check of the current point
    point_failed=1
    failure_lines+=("$scenario point $point (delay ${delay}s): $1 [kept in $dir]")
    echo "  FAIL $scenario point $point (delay ${delay}s): $1" >&2
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
store() { echo "$1/.tally/replica.sqlite"; }
sql() { sqlite3 -batch -noheader "$(store "$1")" "$2"; }
# The stored states of dataset fr, `ID HEX` per line, sorted: replicas that converged dump identical files.
# (The store layout: Sources/Replica/Store/RecordTables.swift.)
states() { sql "$1" "SELECT k.id || ' ' || hex(f.state) FROM record_keys k JOIN datasets d ON d.id = k.dataset_id
    JOIN record_feed f ON f.dataset_id = k.dataset_id AND f.seq = k.seq WHERE d.name = 'fr'" | LC_ALL=C sort; }
count() { sql "$1" "SELECT count(*) FROM record_keys k JOIN datasets d ON d.id = k.dataset_id WHERE d.name = 'fr'"; }
feed_sequence() { local s; s=$(sql "$1" "SELECT sequence FROM datasets WHERE name = 'fr'"); echo "${s:-0}"; }
# The cursor replica $1 holds on another's feed of fr (direction 1: what it has applied from that feed).
applied_cursor() { local s; s=$(sql "$1" "SELECT max(sequence) FROM peer_cursors WHERE dataset_name = 'fr'
    AND direction = 1"); echo "${s:-0}"; }
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(x['$1'] for x in d['datasets']))"; }

check_intact() { # DIR...: SQLite's verdict, and tally opens it
    local replica verdict
    for replica in "$@"; do
        [ -f "$(store "$replica")" ] || { fail "$replica has no store file"; continue; }
        verdict=$(sql "$replica" 'PRAGMA integrity_check' 2>&1)
        [ "$verdict" = ok ] || fail "integrity_check of $replica: $verdict"
        "$T" -C "$replica" dataset list >/dev/null 2>"$dir/open.err" || fail "tally cannot open $replica: $(cat "$dir/open.err")"
    done
}
check_once() { # DIR: one feed entry per record (nothing applied twice)
    local n s
    n=$(count "$1"); s=$(feed_sequence "$1")
    [ "$n" = "$s" ] || fail "$1 holds $n records but its feed is at $s (applied twice?)"
}
check_subset() { # DIR REFERENCE: every record of DIR is the reference's, byte for byte
    local extra
    extra=$(LC_ALL=C comm -23 <(states "$1") <(states "$2") | wc -l)
    [ "$extra" = 0 ] || fail "$1 holds $extra record states that $2 does not"
}
check_same() { # A B: identical exports and states
    "$T" -C "$1" export fr --output "$dir/a.ndjson" || fail "export of $1 failed"
    "$T" -C "$2" export fr --output "$dir/b.ndjson" || fail "export of $2 failed"
    cmp -s "$dir/a.ndjson" "$dir/b.ndjson" || fail "exports of $1 and $2 differ"
    cmp -s <(states "$1") <(states "$2") || fail "stored states of $1 and $2 differ"
}

start_server() { # DIR: sets server_pid and url
    local out="$1.serve.out"
    : >"$out"
    "$T" -C "$1" serve --listen 127.0.0.1:0 >"$out" 2>"$1.serve.err" &
    server_pid=$!
    servers+=("$server_pid")
    local i
    for i in $(seq 1 400); do
        grep -q '^listening on ' "$out" && break
        sleep 0.025
    done
    url="tally://$(sed -n 's/^listening on //p' "$out" | head -n 1)"
}
stop_server() { kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }

# The fixtures, made once: a replica with the records, an empty one, and a bundle of the records.
echo "kill-matrix: $records records, $points points per scenario, seed $seed, work in $work"
awk -v n="$records" 'BEGIN { for (i = 0; i < n; i++) printf "{\"type\":\"party\",\"id\":\"p:%07d\",\"name\":\"Party %d of the kill matrix\",\"country\":\"FR\",\"classification\":\"party\"}\n", i, i }' \
    >"$work/records.ndjson"
"$T" -C "$work/full" init >/dev/null
"$T" -C "$work/full" dataset create fr --kind election >/dev/null
"$T" -C "$work/full" import fr "$work/records.ndjson" >/dev/null || { echo "kill-matrix: import failed" >&2; exit 1; }
"$T" -C "$work/empty" init >/dev/null
"$T" -C "$work/full" bundle create "$work/fr.tally" >/dev/null || { echo "kill-matrix: bundle create failed" >&2; exit 1; }
network=(--timeout 20s)

# One point of each scenario: prepare, start the transfer, kill after $delay, check, resume, check.
point_push() {
    cp -a "$work/full" "$dir/client"
    cp -a "$work/empty" "$dir/server"
    start_server "$dir/server"
    "$T" -C "$dir/client" push "$url" "${network[@]}" --json >"$dir/push.json" 2>"$dir/push.err" &
    local client=$!
    sleep "$delay"
    kill -9 "$server_pid" 2>/dev/null && killed=1
    { wait "$server_pid"; } 2>/dev/null
    wait "$client"
    local rc=$?
    check_intact "$dir/server" "$dir/client"
    local held acked
    held=$(count "$dir/server"); acked=$(applied_cursor "$dir/server")
    held_at_kill=$held
    [ "$held" = "$acked" ] || fail "the server holds $held records but acknowledged $acked"
    [ "$rc" = 0 ] && [ "$held" != "$records" ] && fail "push exited 0 but the server holds $held of $records"
    [ "$rc" != 0 ] && [ "$killed" = 0 ] && fail "push exited $rc with no kill: $(cat "$dir/push.err")"
    [ "$rc" = 0 ] || [ "$rc" = 75 ] || fail "push exited $rc (0 or 75 expected): $(cat "$dir/push.err")"
    check_subset "$dir/server" "$dir/client"
    check_once "$dir/server"
    start_server "$dir/server"
    "$T" -C "$dir/client" push "$url" "${network[@]}" --json >"$dir/resume.json" 2>"$dir/resume.err" \
        || fail "the resumed push failed: $(cat "$dir/resume.err")"
    local sent
    sent=$(json_field sent <"$dir/resume.json" 2>/dev/null)
    [ "$sent" = $((records - held)) ] || fail "the resumed push sent ${sent:-?} records, $((records - held)) were missing"
    "$T" -C "$dir/client" sync "$url" "${network[@]}" >/dev/null 2>"$dir/sync.err" || fail "sync failed: $(cat "$dir/sync.err")"
    stop_server
    check_once "$dir/server"
    check_same "$dir/server" "$dir/client"
}

point_pull() { # also mirror: $1 is the command after the URL
    cp -a "$work/empty" "$dir/client"
    "$T" -C "$dir/client" "$@" >"$dir/pull.out" 2>"$dir/pull.err" &
    local client=$!
    sleep "$delay"
    kill -9 "$client" 2>/dev/null && killed=1
    { wait "$client"; } 2>/dev/null
    local rc=$?
    [ "$killed" = 1 ] || [ "$rc" = 0 ] || fail "$1 exited $rc with no kill: $(cat "$dir/pull.err")"
    check_intact "$dir/client"
    local held cursor
    held=$(count "$dir/client" 2>/dev/null); cursor=$(applied_cursor "$dir/client" 2>/dev/null)
    held=${held:-0}
    held_at_kill=$held
    [ "$held" = "$cursor" ] || fail "the client holds $held records but its cursor is at $cursor"
    check_subset "$dir/client" "$shared"
    [ "$held" = 0 ] || check_once "$dir/client"
    if [ "$1" = mirror ] && [ -f "$dir/client/.tally/mirrors.json" ]; then
        python3 -m json.tool "$dir/client/.tally/mirrors.json" >/dev/null 2>&1 || fail "mirrors.json is not valid JSON"
    fi
    local received
    if [ "$1" = mirror ]; then
        "$T" -C "$dir/client" "$@" >"$dir/resume.out" 2>"$dir/resume.err" || fail "the resumed mirror failed: $(cat "$dir/resume.err")"
        received=$(sed -n 's/^mirror [^ ]*: received \([0-9]*\).*/\1/p' "$dir/resume.out")
    else
        "$T" -C "$dir/client" "$@" --json >"$dir/resume.json" 2>"$dir/resume.err" || fail "the resumed pull failed: $(cat "$dir/resume.err")"
        received=$(json_field received <"$dir/resume.json" 2>/dev/null)
    fi
    [ "$received" = $((records - held)) ] || fail "the resumed $1 received ${received:-?} records, $((records - held)) were missing"
    "$T" -C "$dir/client" sync "$url" "${network[@]}" >/dev/null 2>"$dir/sync.err" || fail "sync failed: $(cat "$dir/sync.err")"
    check_once "$dir/client"
    check_same "$dir/client" "$shared"
}

point_bundle() {
    cp -a "$work/empty" "$dir/client"
    "$T" -C "$dir/client" bundle apply "$work/fr.tally" >"$dir/apply.out" 2>"$dir/apply.err" &
    local client=$!
    sleep "$delay"
    kill -9 "$client" 2>/dev/null && killed=1
    { wait "$client"; } 2>/dev/null
    local rc=$?
    [ "$killed" = 1 ] || [ "$rc" = 0 ] || fail "bundle apply exited $rc with no kill: $(cat "$dir/apply.err")"
    check_intact "$dir/client"
    local held
    held=$(count "$dir/client" 2>/dev/null)
    held=${held:-0}
    held_at_kill=$held
    [ "$rc" = 0 ] && [ "$held" != "$records" ] && fail "bundle apply exited 0 but the replica holds $held of $records"
    check_subset "$dir/client" "$work/full"
    [ "$held" = 0 ] || check_once "$dir/client"
    "$T" -C "$dir/client" bundle apply "$work/fr.tally" >/dev/null 2>"$dir/resume.err" \
        || fail "the bundle applied again failed: $(cat "$dir/resume.err")"
    check_once "$dir/client"
    check_same "$dir/client" "$work/full"
}

run_point() { # the scenario's command for one point
    case "$scenario" in
        push) point_push ;;
        pull) point_pull pull "$url" "${network[@]}" ;;
        mirror) point_pull mirror "$url" --every 1h --once "${network[@]}" ;;
        bundle) point_bundle ;;
    esac
}

# The span of an uninterrupted transfer of the scenario, in ms.
calibrate() {
    dir="$work/$scenario/calibration"
    point=calibration
    delay=none
    mkdir -p "$dir"
    local started
    case "$scenario" in
        push)
            cp -a "$work/full" "$dir/client"; cp -a "$work/empty" "$dir/server"; start_server "$dir/server"
            started=$(now_ms); "$T" -C "$dir/client" push "$url" >/dev/null; echo $(( $(now_ms) - started ))
            stop_server ;;
        pull | mirror)
            cp -a "$work/empty" "$dir/client"; started=$(now_ms)
            if [ "$scenario" = pull ]; then "$T" -C "$dir/client" pull "$url" >/dev/null
            else "$T" -C "$dir/client" mirror "$url" --every 1h --once >/dev/null; fi
            echo $(( $(now_ms) - started )) ;;
        bundle)
            cp -a "$work/empty" "$dir/client"; started=$(now_ms)
            "$T" -C "$dir/client" bundle apply "$work/fr.tally" >/dev/null; echo $(( $(now_ms) - started )) ;;
    esac
    rm -rf "$dir"
}

summary=()
replays=()
for scenario in "${scenarios[@]}"; do
    mkdir -p "$work/$scenario"
    shared="$work/$scenario/server"
    if [ "$scenario" = pull ] || [ "$scenario" = mirror ]; then
        # One server for every point: only the client is killed.
        cp -a "$work/full" "$shared"
        start_server "$shared"
        shared_pid=$server_pid
    fi
    scenario_span=${span:-$(calibrate)}
    replays+=("scripts/kill-matrix.sh --points $points --records $records --seed $seed --scenario $scenario --span $scenario_span")
    [ -n "$span" ] || echo "kill-matrix: $scenario: an uninterrupted transfer takes ${scenario_span} ms"
    # Each scenario draws its own delays from the seed, so one scenario replays alone.
    case "$scenario" in push) k=1 ;; pull) k=2 ;; bundle) k=3 ;; mirror) k=4 ;; esac
    mapfile -t delays < <(awk -v seed="$seed" -v k="$k" -v n="$points" -v span="$scenario_span" \
        'BEGIN { srand(seed + 7919 * k); for (i = 0; i < n; i++) printf "%.3f\n", rand() * span * 1.1 / 1000 }')
    started=$(now_ms)
    killed_mid=0
    partial=0
    finished=0
    failed=0
    for point in $(seq 1 "$points"); do
        delay=${delays[$((point - 1))]}
        dir="$work/$scenario/p$point"
        mkdir -p "$dir"
        killed=0
        point_failed=0
        held_at_kill=0
        run_point
        if [ "$killed" = 1 ]; then killed_mid=$((killed_mid + 1)); else finished=$((finished + 1)); fi
        if [ "$held_at_kill" -gt 0 ] && [ "$held_at_kill" -lt "$records" ]; then partial=$((partial + 1)); fi
        if [ "$point_failed" = 1 ]; then
            failed=$((failed + 1))
            failed_points=$((failed_points + 1))
        else
            rm -rf "$dir"
        fi
        if [ $((point % 10)) = 0 ]; then echo "kill-matrix: $scenario: $point of $points points, $failed failed"; fi
    done
    if [ -n "${shared_pid:-}" ]; then
        server_pid=$shared_pid
        stop_server
        shared_pid=""
    fi
    seconds=$(( ($(now_ms) - started + 500) / 1000 ))
    summary+=("$(printf '%-8s %7s %7s %8s %9s %7s %7s %8s' "$scenario" "$points" "$killed_mid" "$partial" "$finished" \
        "$failed" "$scenario_span" "${seconds}s")")
done

echo
printf '%-8s %7s %7s %8s %9s %7s %7s %8s\n' scenario points killed partial finished failed span time
printf '%s\n' "${summary[@]}"
echo "(killed: SIGKILL landed while the process ran; partial: the replica written to held some but not all records"
echo " after the kill; finished: the transfer ended before its kill point; span: ms of an uninterrupted transfer,"
echo " the delays spread over 1.1 x it; time: the whole scenario, checks included). Replay a scenario with:"
printf '  %s\n' "${replays[@]}"
if [ "$failed_points" -gt 0 ]; then
    echo
    echo "kill-matrix: $failed_points points failed (seed $seed):" >&2
    printf '  %s\n' "${failure_lines[@]}" >&2
    exit 1
fi
echo "kill-matrix: every point passed"
