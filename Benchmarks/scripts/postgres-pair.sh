#!/usr/bin/env bash
# The PostgreSQL store's figures (BENCHMARKS.md, "PostgreSQL store"), end to end with the release `tally`:
#   Benchmarks/scripts/postgres-pair.sh [RECORDS] [TALLY]
# starts a throwaway PostgreSQL (scripts/postgres.sh) and, for each figure, a fresh database:
#   push     RECORDS generated tallies from one client to `tally serve --store` (an empty database)
#   pull     a cold pull of them into an empty replica
#   sqlite   the same push and pull against `tally serve -C DIR` (the SQLite store), the baseline of the same run
#   one/two  two clients pushing RECORDS/2 each at once, both through one server, then one through each of two
#            servers sharing the database
#   apply    the store's apply rate with no network: a bundle of the RECORDS applied with `tally bundle apply`,
#            into an empty database (--store) and into an empty replica folder (SQLite, the baseline)
#   export   `tally export` of the RECORDS from the database the bundle went into (--store, a page at a time) and
#            from the replica folder (SQLite, the baseline); the two outputs must be the same bytes
# and prints one line per figure: seconds and records per second. RECORDS defaults to 100000; TALLY to the
# release build beside this script (Benchmarks/.build/release/tally).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
records="${1:-100000}"
tally="${2:-$here/../.build/release/tally}"
[ -x "$tally" ] || { echo "postgres-pair.sh: no tally at $tally; build it (cd Benchmarks && swift build -c release --product tally)" >&2; exit 1; }
work="$(mktemp -d)"
pg="$(mktemp -d)"   # apart from $work: the cluster's owner must be able to enter it
servers=()
cleanup() {
    for pid in "${servers[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    "$here/../../scripts/postgres.sh" stop "$pg" >/dev/null 2>&1 || true
    rm -rf "$work" "$pg"
}
trap cleanup EXIT
url="$("$here/../../scripts/postgres.sh" start "$pg")"
export PGPASSWORD=tally
base="${url%/*}"

now() { date +%s.%N; }
rate() { python3 -c "import sys; n, a, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print(f'{b - a:.2f} s  {n / (b - a):,.0f} records/s')" "$@"; }
ndjson() { # PREFIX COUNT
    python3 - "$1" "$2" <<'PY'
import sys
prefix, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    print('{"type":"tally","id":"%s-%d","election_id":"fr-legislative-2024","round":1,"unit_id":"U-%s-%d",'
          '"selection_id":"label:ENS","votes":%d,"status":"unofficial-complete"}' % (prefix, i, prefix, i, i))
PY
}
replica() { # NAME [NDJSON]
    "$tally" -C "$work/$1" init >/dev/null
    if [ -n "${2:-}" ]; then
        "$tally" -C "$work/$1" dataset create fr --kind election >/dev/null
        "$tally" -C "$work/$1" import fr "$2" >/dev/null
    fi
}
database() { # NAME -> URL
    psql "$url" -q -c "CREATE DATABASE $1" >/dev/null
    echo "$base/$1"
}
serve() { # LOG ARGS...: starts a server, sets $port; in this shell (not a $(...) subshell), so cleanup kills it
    "$tally" serve --listen 127.0.0.1:0 "${@:2}" >"$work/$1" 2>"$work/$1.err" &
    servers+=($!)
    port=""
    for _ in $(seq 300); do
        port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/$1" | head -1)"
        [ -n "$port" ] && return
        sleep 0.05
    done
    echo "postgres-pair.sh: serve did not start: $(cat "$work/$1.err")" >&2
    exit 1
}

ndjson a "$records" >"$work/a.ndjson"
ndjson h1 $((records / 2)) >"$work/h1.ndjson"
ndjson h2 $((records / 2)) >"$work/h2.ndjson"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

for store in postgres sqlite; do
    if [ "$store" = postgres ]; then
        serve s-$store.out --store "$(database push_pull)"
    else
        serve s-$store.out -C "$work/server-sqlite"
    fi
    replica "push-$store" "$work/a.ndjson"
    start="$(now)"; "$tally" -C "$work/push-$store" push "tally://127.0.0.1:$port" >/dev/null; end="$(now)"
    echo "$store push of $records to an empty server: $(rate "$records" "$start" "$end")"
    replica "pull-$store"
    start="$(now)"; "$tally" -C "$work/pull-$store" pull "tally://127.0.0.1:$port" >/dev/null; end="$(now)"
    echo "$store cold pull of $records: $(rate "$records" "$start" "$end")"
done

replica h1 "$work/h1.ndjson"
replica h2 "$work/h2.ndjson"
one="$(database one_server)"
serve one.out --store "$one"
start="$(now)"
"$tally" -C "$work/h1" push "tally://127.0.0.1:$port" >/dev/null & p1=$!
"$tally" -C "$work/h2" push "tally://127.0.0.1:$port" >/dev/null & p2=$!
wait "$p1" "$p2"; end="$(now)"
echo "postgres two pushes of $((records / 2)) at once through one server: $(rate "$records" "$start" "$end")"
rm -rf "$work/h1" "$work/h2"
replica h1 "$work/h1.ndjson"
replica h2 "$work/h2.ndjson"
two="$(database two_servers)"
serve two-a.out --store "$two"
port1="$port"
serve two-b.out --store "$two"
port2="$port"
start="$(now)"
"$tally" -C "$work/h1" push "tally://127.0.0.1:$port1" >/dev/null & p1=$!
"$tally" -C "$work/h2" push "tally://127.0.0.1:$port2" >/dev/null & p2=$!
wait "$p1" "$p2"; end="$(now)"
echo "postgres two pushes of $((records / 2)) at once through two servers: $(rate "$records" "$start" "$end")"

"$tally" -C "$work/push-sqlite" bundle create "$work/all.tally" >/dev/null
applied="$(database bundle_apply)"
start="$(now)"; "$tally" bundle apply --store "$applied" "$work/all.tally" >/dev/null; end="$(now)"
echo "postgres bundle apply of $records into an empty store: $(rate "$records" "$start" "$end")"
"$tally" -C "$work/apply-sqlite" init >/dev/null
start="$(now)"; "$tally" -C "$work/apply-sqlite" bundle apply "$work/all.tally" >/dev/null; end="$(now)"
echo "sqlite bundle apply of $records into an empty store: $(rate "$records" "$start" "$end")"

start="$(now)"; "$tally" export --store "$applied" fr --output "$work/pg.ndjson"; end="$(now)"
echo "postgres export of $records: $(rate "$records" "$start" "$end")"
start="$(now)"; "$tally" -C "$work/apply-sqlite" export fr --output "$work/sqlite.ndjson"; end="$(now)"
echo "sqlite export of $records: $(rate "$records" "$start" "$end")"
cmp -s "$work/pg.ndjson" "$work/sqlite.ndjson" || { echo "postgres-pair.sh: the two exports differ" >&2; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
