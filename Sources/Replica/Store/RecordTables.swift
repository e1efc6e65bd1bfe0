import Store
import GRDB

/// The two tables that hold the records of every dataset (schema `v8-feed-and-keys`; until v7 one WITHOUT ROWID
/// `records` table held everything, with four indexes):
///
/// - `record_feed`, the change feed: one row per record at its latest sequence, keyed by `(dataset_id, seq)`, so
///   every write appends at the end of its dataset's run. It holds the state's canonical encoding as it was
///   received or written (never re-encoded) and the peer it came from (the echo rule).
/// - `record_keys`, the index of ids: one narrow row per record, keyed by `(dataset_id, id)`: where the record
///   stands in the feed, its type, whether it is deleted or listed as conflicted, and its reconcile digest.
///   Lookups, the identical-state check, reconciliation's id-ordered ranges and the counts read only this table.
///
/// A write touches two B-trees (three for a record listed as conflicted) instead of five: the insert rate of
/// this layout is what `Benchmarks/` measures against SQLite's own limit.
enum RecordTables {
    /// The tables and the index of conflicted records, in an empty store.
    static let create = """
        CREATE TABLE record_feed (
            dataset_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            state BLOB NOT NULL,
            source_peer BLOB,
            PRIMARY KEY (dataset_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE record_keys (
            dataset_id INTEGER NOT NULL REFERENCES datasets(id),
            id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            conflicted INTEGER NOT NULL,
            digest BLOB NOT NULL,
            PRIMARY KEY (dataset_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX record_keys_conflicted ON record_keys(dataset_id, type, id) WHERE conflicted = 1;
        """

    /// `true` for a store of the v7 layout, whose records `migrate` moves (a new, empty file has no tables yet).
    static func holdsV7Records(_ db: Database) throws -> Bool {
        try db.tableExists("records")
    }

    /// Migration `v8-feed-and-keys`: moves every row of the v7 `records` table into the two tables, keeping each
    /// record's sequence, state bytes, source peer and digest, and drops the old table and its indexes. Feeds,
    /// cursors, epochs and held runs mean what they meant: no peer notices the migration.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: create)
        try db.execute(
            sql: """
                INSERT INTO record_feed (dataset_id, seq, state, source_peer)
                    SELECT dataset_id, seq, state, source_peer FROM records ORDER BY dataset_id, seq;
                INSERT INTO record_keys (dataset_id, id, seq, type, deleted, conflicted, digest)
                    SELECT dataset_id, id, seq, type, deleted, conflicted, digest FROM records ORDER BY dataset_id, id;
                DROP TABLE records;
                """
        )
    }
}
