// The insert rate SQLite gives each candidate layout of the records (BENCHMARKS.md, "Store layout"): N rows in
// transactions of 2,000, WAL, synchronous=FULL, a 160-byte state and a 16-byte digest per row, ids shaped like
// sqlite-limit's. Layout 0 is the limit itself (rowid = sequence, one unique index on (dataset_id, id)).
// Build: cc -O2 -o store-layouts store-layouts.c -lsqlite3     Run: ./store-layouts FILE 1000000 LAYOUT
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *layouts[] = {
    // 0: the limit (sqlite-limit.c's table, with the digest column)
    "CREATE TABLE records (seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, id TEXT NOT NULL,"
    " type INTEGER NOT NULL, deleted INTEGER NOT NULL, conflicted INTEGER NOT NULL, state BLOB NOT NULL,"
    " digest BLOB, UNIQUE (dataset_id, id));",
    // 1: v7, tally until 2026-12-02: WITHOUT ROWID on (dataset_id, id) holding the state, four indexes
    "CREATE TABLE records (dataset_id INTEGER NOT NULL, id TEXT NOT NULL, type INTEGER NOT NULL,"
    " seq INTEGER NOT NULL, deleted INTEGER NOT NULL, conflicted INTEGER NOT NULL, state BLOB NOT NULL,"
    " digest BLOB, PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;"
    " CREATE UNIQUE INDEX s ON records(dataset_id, seq);"
    " CREATE INDEX live ON records(dataset_id, type, id) WHERE deleted = 0;"
    " CREATE INDEX conf ON records(dataset_id, type, id) WHERE conflicted = 1;"
    " CREATE INDEX rec ON records(dataset_id, id, digest);",
    // 2: v8, as landed: the feed keyed by (dataset_id, seq), a narrow index of ids, conflicted records indexed
    "CREATE TABLE feed (dataset_id INTEGER NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL,"
    " source_peer BLOB, PRIMARY KEY (dataset_id, seq)) WITHOUT ROWID;"
    " CREATE TABLE keys (dataset_id INTEGER NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
    " type INTEGER NOT NULL, deleted INTEGER NOT NULL, conflicted INTEGER NOT NULL, digest BLOB NOT NULL,"
    " PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;"
    " CREATE INDEX conf ON keys(dataset_id, type, id) WHERE conflicted = 1;",
    // 3: as 2 with a store-wide rowid feed (seq INTEGER PRIMARY KEY): sequences shared by every dataset
    "CREATE TABLE feed (seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, state BLOB NOT NULL,"
    " source_peer BLOB);"
    " CREATE TABLE keys (dataset_id INTEGER NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
    " type INTEGER NOT NULL, deleted INTEGER NOT NULL, conflicted INTEGER NOT NULL, digest BLOB NOT NULL,"
    " PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;"
    " CREATE INDEX conf ON keys(dataset_id, type, id) WHERE conflicted = 1;",
    // 4: as 2 with v7's index of live records by type (what export's order would cost as an index)
    "CREATE TABLE feed (dataset_id INTEGER NOT NULL, seq INTEGER NOT NULL, state BLOB NOT NULL,"
    " source_peer BLOB, PRIMARY KEY (dataset_id, seq)) WITHOUT ROWID;"
    " CREATE TABLE keys (dataset_id INTEGER NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
    " type INTEGER NOT NULL, deleted INTEGER NOT NULL, conflicted INTEGER NOT NULL, digest BLOB NOT NULL,"
    " PRIMARY KEY (dataset_id, id)) WITHOUT ROWID;"
    " CREATE INDEX conf ON keys(dataset_id, type, id) WHERE conflicted = 1;"
    " CREATE INDEX live ON keys(dataset_id, type, id) WHERE deleted = 0;",
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void step(sqlite3 *db, sqlite3_stmt *st) {
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_reset(st);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s DBFILE N LAYOUT(0-4)\n", argv[0]);
        return 2;
    }
    long n = atol(argv[2]);
    int layout = atoi(argv[3]);
    if (layout < 0 || layout > 4) return 2;
    static const char *lists[] = {"UG", "ENS", "RN", "UXD", "LR", "DVG", "DVD"};
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
    char sql[4096];
    snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; %s",
        layouts[layout]);
    if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK) {
        fprintf(stderr, "schema: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    int split = layout >= 2;
    sqlite3_stmt *one = 0, *feed = 0, *keys = 0;
    if (split) {
        sqlite3_prepare_v2(db, "INSERT INTO feed (seq, dataset_id, state) VALUES (?, 1, ?)", -1, &feed, 0);
        sqlite3_prepare_v2(db,
            "INSERT INTO keys (dataset_id, id, seq, type, deleted, conflicted, digest) VALUES (1, ?, ?, 4, 0, 0, ?)"
            " ON CONFLICT DO NOTHING", -1, &keys, 0);
    } else {
        sqlite3_prepare_v2(db,
            "INSERT INTO records (seq, dataset_id, id, type, deleted, conflicted, state, digest)"
            " VALUES (?, 1, ?, 4, 0, 0, ?, ?)", -1, &one, 0);
    }
    unsigned char blob[160], digest[16];
    for (int i = 0; i < 160; i++) blob[i] = (unsigned char)(i * 31);
    char id[64];
    double t0 = now();
    for (long i = 0; i < n; i++) {
        if (i % 2000 == 0) sqlite3_exec(db, "BEGIN", 0, 0, 0);
        snprintf(id, sizeof id, "t-%06ld-%s", i / 7, lists[i % 7]);
        memcpy(blob, &i, sizeof i);
        for (int k = 0; k < 16; k++) digest[k] = (unsigned char)((i * 2654435761u) >> (k % 8));
        if (split) {
            sqlite3_bind_text(keys, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(keys, 2, i + 1);
            sqlite3_bind_blob(keys, 3, digest, 16, SQLITE_TRANSIENT);
            step(db, keys);
            sqlite3_bind_int64(feed, 1, i + 1);
            sqlite3_bind_blob(feed, 2, blob, 160, SQLITE_TRANSIENT);
            step(db, feed);
        } else {
            sqlite3_bind_int64(one, 1, i + 1);
            sqlite3_bind_text(one, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_blob(one, 3, blob, 160, SQLITE_TRANSIENT);
            sqlite3_bind_blob(one, 4, digest, 16, SQLITE_TRANSIENT);
            step(db, one);
        }
        if (i % 2000 == 1999 || i == n - 1) sqlite3_exec(db, "COMMIT", 0, 0, 0);
    }
    double dt = now() - t0;
    printf("layout %d: %ld rows in %.2f s: %.0f rows/s\n", layout, n, dt, n / dt);
    sqlite3_close(db);
    return 0;
}
