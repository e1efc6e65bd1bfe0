#!/bin/sh
# Makes Fixtures/stores/v7/: a replica as the schema-v7 store layout wrote it (one WITHOUT ROWID `records`
# table; main at b315a4e, 2026-12-02), and what that tally printed about it. StoreMigrationTests opens a copy
# with today's tally, which migrates it, and expects the same answers.
#
#   Fixtures/stores/make-v7-store.sh PATH/TO/OLD/tally
#
# The replica holds two datasets (election and statements), edits, a deletion, an open conflict, the
# cursors and held runs two bundle exchanges leave, and a token.
set -eu
T=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../datasets
OUT=$HERE/v7
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
A=$W/a
B=$W/b

"$T" -C "$A" init >/dev/null
"$T" -C "$B" init >/dev/null
"$T" -C "$A" dataset create fr-2024 --kind election >/dev/null
"$T" -C "$A" import fr-2024 "$DATA/fr-legislative-2024.ndjson" >/dev/null
"$T" -C "$A" dataset create peskov --kind statement >/dev/null
"$T" -C "$A" import peskov "$DATA/peskov-statements-2024.ndjson" >/dev/null
"$T" -C "$A" bundle create "$W/a-to-b.bundle" >/dev/null
"$T" -C "$B" bundle apply "$W/a-to-b.bundle" >/dev/null
# Concurrent edits of one field (a conflict), an edit on each side, a deletion on the other side.
"$T" -C "$A" put fr-2024 tally fr-legislative-2024:r2:FR:RN votes=8744001 >/dev/null
"$T" -C "$B" put fr-2024 tally fr-legislative-2024:r2:FR:RN votes=8744099 >/dev/null
"$T" -C "$A" put fr-2024 party alliance:ENS leader="Gabriel Attal" >/dev/null
"$T" -C "$B" delete fr-2024 alliance:LR >/dev/null
"$T" -C "$B" bundle create "$W/b-to-a.bundle" --since "$("$T" -C "$A" status --json | sed -n 's/.*"site" *: *"\([0-9a-f]*\)".*/\1/p' | head -1)" >/dev/null
"$T" -C "$A" bundle apply "$W/b-to-a.bundle" >/dev/null
"$T" -C "$A" token create --dataset fr-2024 --scope read --label desk >/dev/null

rm -rf "$OUT"
mkdir -p "$OUT/replica/.tally"
cp "$A/.tally/replica.sqlite" "$OUT/replica/.tally/"
for name in fr-2024 peskov; do
    "$T" -C "$A" export "$name" --output "$OUT/$name.export.ndjson"
    "$T" -C "$A" log "$name" --json --limit 1000 >"$OUT/$name.log.json"
done
"$T" -C "$A" conflicts fr-2024 --json >"$OUT/fr-2024.conflicts.json"
"$T" -C "$A" token list --json >"$OUT/tokens.json"
echo "wrote $OUT"
