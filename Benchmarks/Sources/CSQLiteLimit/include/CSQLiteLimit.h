#ifndef C_SQLITE_LIMIT_H
#define C_SQLITE_LIMIT_H

/// The store's physical limit on this machine (BENCHMARKS.md, "One command"): `rows` rows inserted through
/// SQLite's C API into a new database at `path`, a rowid table (rowid = feed sequence) with one unique index on
/// (dataset_id, id), in transactions of `batch` rows, WAL, synchronous=FULL, each row carrying a state blob of
/// `blob` bytes. Returns the seconds the inserts took, or a negative number after printing SQLite's error to
/// standard error. The measurement of /work/shared/bench/sqlite-limit.c, as a function.
double tally_sqlite_limit(const char *path, long rows, long batch, int blob);

#endif
