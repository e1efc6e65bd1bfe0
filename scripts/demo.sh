#!/usr/bin/env bash
# The demo: starts a server on loopback, makes two replicas, imports the real sample data into one, pushes it,
# pulls it into the other, shows both are identical, makes a concurrent edit on both, syncs, and shows the
# conflict and its resolution. Everything happens under a temporary directory that is removed at the end.
set -euo pipefail
# TALLY=PATH/TO/tally runs an already built binary (the README test does) instead of building one.
cd "$(dirname "$0")/.."
if [ -z "${TALLY:-}" ]; then
    ./scripts/setup.sh
    echo "== building tally (debug; the first build takes a few minutes)"
    swift build --product tally 2>&1 | grep -E 'error|warning: |Compiling tally|Build complete' || true
    TALLY="$(swift build --show-bin-path)/tally"
fi
[ -x "$TALLY" ] || { echo "build failed" >&2; exit 1; }

W=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
run() { printf '$ tally %s\n' "$*"; "$TALLY" "$@"; }

step "a server on loopback (an open server: no tokens, so it listens on 127.0.0.1 only)"
"$TALLY" -C "$W/server" serve --listen 127.0.0.1:0 --http 127.0.0.1:0 >"$W/serve.out" 2>"$W/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$W/serve.out" | head -n 1)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "${PORT:-}" ] || { echo "server did not start" >&2; cat "$W/serve.log" >&2; exit 1; }
URL="tally://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    HTTP=$(sed -n 's/^http on //p' "$W/serve.out" | head -n 1)
    [ -n "$HTTP" ] && break
    sleep 0.1
done
echo "server listening at $URL; its status page is http://$HTTP/"

step "replica A: the newsroom laptop, with the real sample data"
A="$W/a"; B="$W/b"
run -C "$A" init
run -C "$A" dataset create fr-2024 --kind election
run -C "$A" dataset create fr-2022 --kind election
run -C "$A" dataset create peskov --kind statement
run -C "$A" import fr-2024 Fixtures/datasets/fr-legislative-2024.ndjson
run -C "$A" import fr-2022 Fixtures/datasets/fr-legislative-2022.ndjson
run -C "$A" import peskov Fixtures/datasets/peskov-statements-2024.ndjson
run -C "$A" remote add origin "$URL"
run -C "$A" push origin

step "replica B: an analyst pulls everything"
run -C "$B" init
run -C "$B" remote add origin "$URL"
run -C "$B" pull origin
run -C "$B" status
for d in fr-2024 fr-2022 peskov; do
    "$TALLY" -C "$A" export "$d" --output "$W/a-$d.ndjson"
    "$TALLY" -C "$B" export "$d" --output "$W/b-$d.ndjson"
    cmp -s "$W/a-$d.ndjson" "$W/b-$d.ndjson" && echo "$d: A and B export byte-identical files ($(wc -l <"$W/a-$d.ndjson") records)"
done

step "both edit the round-2 RN tally at the same time, offline: A the votes, B the status and the votes"
run -C "$A" put fr-2024 tally fr-legislative-2024:r2:FR:RN votes=8744081
run -C "$B" put fr-2024 tally fr-legislative-2024:r2:FR:RN status=correction votes=8744079

step "sync A, B, A: different fields merge, the same field is a conflict on every replica"
run -C "$A" sync origin
run -C "$B" sync origin
run -C "$A" sync origin
run -C "$A" get fr-2024 fr-legislative-2024:r2:FR:RN
run -C "$A" conflicts fr-2024
run -C "$B" conflicts fr-2024 --json

if [ -t 0 ]; then
    echo
    echo "Open http://$HTTP/ now: the status page shows the datasets, the conflict on fr-2024, the peers and"
    echo "the transfers. Press Enter to go on and settle the conflict."
    read -r _
fi

step "A settles it with the ministry's figure; the resolution syncs like any edit"
run -C "$A" resolve fr-2024 fr-legislative-2024:r2:FR:RN votes --value 8744080
run -C "$A" sync origin
run -C "$B" sync origin
run -C "$B" conflicts fr-2024
run -C "$B" get fr-2024 fr-legislative-2024:r2:FR:RN
"$TALLY" -C "$A" export fr-2024 --output "$W/a.ndjson"
"$TALLY" -C "$B" export fr-2024 --output "$W/b.ndjson"
cmp -s "$W/a.ndjson" "$W/b.ndjson" && echo "A and B converged: byte-identical exports"
run -C "$B" check fr-2024
echo
if [ -t 0 ]; then
    echo "The server is still running: open http://$HTTP/ for its status page (datasets, the conflict settled on"
    echo "both replicas, peers, the last transfers). Press Enter to stop it and remove the demo's folder."
    read -r _
fi
echo "demo finished"
