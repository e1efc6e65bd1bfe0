import Store
import GRDB

/// The SQLite schema of a replica, as named migrations.
enum StoreSchema {
    /// The migrator that brings a store file to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        site_id BLOB NOT NULL,
                        hlc INTEGER NOT NULL
                    );
                    CREATE TABLE datasets (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        kind INTEGER NOT NULL,
                        epoch INTEGER NOT NULL,
                        sequence INTEGER NOT NULL DEFAULT 0,
                        live_count INTEGER NOT NULL DEFAULT 0,
                        conflict_count INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE records (
                        dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                        id TEXT NOT NULL,
                        type INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        deleted INTEGER NOT NULL,
                        conflicted INTEGER NOT NULL,
                        state BLOB NOT NULL,
                        source_peer BLOB,
                        PRIMARY KEY (dataset_id, id)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX records_by_seq ON records(dataset_id, seq);
                    CREATE INDEX records_live_by_type ON records(dataset_id, type, id) WHERE deleted = 0;
                    CREATE INDEX records_conflicted ON records(dataset_id, type, id) WHERE conflicted = 1;
                    CREATE TABLE peer_cursors (
                        peer_site BLOB NOT NULL,
                        dataset_name TEXT NOT NULL,
                        direction INTEGER NOT NULL,
                        epoch INTEGER NOT NULL,
                        sequence INTEGER NOT NULL,
                        PRIMARY KEY (peer_site, dataset_name, direction)
                    ) WITHOUT ROWID;
                    """
            )
        }
        migrator.registerMigration("v2-tokens", migrate: TokenTable.create)
        migrator.registerMigration("v3-reconcile", migrate: Replica.addReconcileDigests)
        migrator.registerMigration("v4-tombstones", migrate: Replica.addTombstoneCollection)
        migrator.registerMigration("v5-token-management", migrate: TokenTable.addManagement)
        migrator.registerMigration("v6-peer-clocks", migrate: Replica.addPeerClocks)
        migrator.registerMigration("v7-held-runs", migrate: Replica.addHeldRuns)
        migrator.registerMigration("v8-feed-and-keys", migrate: RecordTables.migrate)
        return migrator
    }
}
