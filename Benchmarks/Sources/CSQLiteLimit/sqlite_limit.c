// The store's physical limit on this machine: N rows inserted through SQLite's C API into a rowid table
// (rowid = feed sequence) with one unique index on (dataset_id, id), in transactions of BATCH rows,
// WAL, synchronous=FULL, each row carrying a state blob of BLOB bytes. The program sqlite-limit.c of issue 9
// (`./sqlite-limit limit.db N BATCH BLOB`), with its main turned into a function that returns the seconds.
#include "CSQLiteLimit.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

double tally_sqlite_limit(const char *path, long n, long batch, int blob) {
    static const char *lists[] = {"UG", "ENS", "RN", "UXD", "LR", "DVG", "DVD"};
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "open: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    if (sqlite3_exec(db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"
            "CREATE TABLE records (seq INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL, id TEXT NOT NULL,"
            " type INTEGER NOT NULL, deleted INTEGER NOT NULL, state BLOB NOT NULL, UNIQUE (dataset_id, id));",
            0, 0, 0) != SQLITE_OK) {
        fprintf(stderr, "schema: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO records (seq, dataset_id, id, type, deleted, state) VALUES (?, 1, ?, 4, 0, ?)",
        -1, &st, 0);
    unsigned char *b = malloc(blob);
    for (int i = 0; i < blob; i++) b[i] = (unsigned char)(i * 31);
    char id[64];
    double t0 = now();
    for (long i = 0; i < n; i++) {
        if (i % batch == 0) sqlite3_exec(db, "BEGIN", 0, 0, 0);
        snprintf(id, sizeof id, "t-%06ld-%s", i / 7, lists[i % 7]);
        memcpy(b, &i, sizeof i < (size_t)blob ? sizeof i : (size_t)blob);
        sqlite3_bind_int64(st, 1, i + 1);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, b, blob, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
            sqlite3_finalize(st);
            sqlite3_close(db);
            free(b);
            return -1;
        }
        sqlite3_reset(st);
        if (i % batch == batch - 1 || i == n - 1) sqlite3_exec(db, "COMMIT", 0, 0, 0);
    }
    double dt = now() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(b);
    return dt;
}
