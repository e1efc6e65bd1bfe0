import Logging
import PostgresNIO
import Store

/// The PostgreSQL schema of a store, as numbered migrations, and the one way to bring a database up to it.
///
/// The tables mirror the SQLite backend's (`RecordTables`): `record_feed` (one row per record at its latest
/// sequence, the state's canonical bytes and the peer it came from) and `record_keys` (one narrow row per record:
/// its sequence, type, flags and reconcile digest, keyed by id in byte order, `COLLATE "C"`), with `datasets`
/// holding each feed's position and counters (`SharedFeed` explains why that row is also the feed's lock).
/// Clocks and times are Unix milliseconds or seconds in `bigint`s, as the SQLite store keeps them, so both backends
/// read the same injectable wall clock.
enum PostgresSchema {
    /// The key of the advisory lock every migration transaction takes first (`"tally-mg"` in ASCII), so servers
    /// starting at once apply each migration exactly once.
    static let lockKey: Int64 = 0x7461_6c6c_792d_6d67

    /// Every migration, in order.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(
            version: 1, name: "records",
            statements: [
                """
                CREATE TABLE store_meta (
                    singleton int PRIMARY KEY CHECK (singleton = 1),
                    site_id bytea NOT NULL CHECK (length(site_id) = 16),
                    hlc bigint NOT NULL
                )
                """,
                """
                CREATE TABLE datasets (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name text COLLATE "C" NOT NULL UNIQUE,
                    kind smallint NOT NULL,
                    epoch bigint NOT NULL,
                    sequence bigint NOT NULL DEFAULT 0,
                    record_count bigint NOT NULL DEFAULT 0,
                    conflict_count bigint NOT NULL DEFAULT 0,
                    horizon bigint NOT NULL DEFAULT 0
                )
                """,
                """
                CREATE TABLE record_feed (
                    dataset_id bigint NOT NULL REFERENCES datasets(id),
                    seq bigint NOT NULL,
                    state bytea NOT NULL,
                    source_peer bytea,
                    PRIMARY KEY (dataset_id, seq)
                )
                """,
                """
                CREATE TABLE record_keys (
                    dataset_id bigint NOT NULL REFERENCES datasets(id),
                    id text COLLATE "C" NOT NULL,
                    seq bigint NOT NULL,
                    type smallint NOT NULL,
                    deleted boolean NOT NULL,
                    conflicted boolean NOT NULL,
                    digest bytea NOT NULL CHECK (length(digest) = 16),
                    PRIMARY KEY (dataset_id, id)
                )
                """,
                "CREATE INDEX record_keys_conflicted ON record_keys (dataset_id, type, id) WHERE conflicted",
                """
                CREATE TABLE collected_records (
                    dataset_id bigint NOT NULL REFERENCES datasets(id),
                    id text COLLATE "C" NOT NULL,
                    state bytea NOT NULL,
                    PRIMARY KEY (dataset_id, id)
                )
                """,
                """
                CREATE TABLE peer_cursors (
                    peer bytea NOT NULL,
                    dataset_name text COLLATE "C" NOT NULL,
                    direction smallint NOT NULL,
                    epoch bigint NOT NULL,
                    sequence bigint NOT NULL,
                    PRIMARY KEY (peer, dataset_name, direction)
                )
                """,
                """
                CREATE TABLE peer_activity (
                    peer bytea NOT NULL,
                    dataset_name text COLLATE "C" NOT NULL,
                    seen_ms bigint NOT NULL,
                    PRIMARY KEY (peer, dataset_name)
                )
                """,
                """
                CREATE TABLE peer_clocks (
                    peer bytea PRIMARY KEY,
                    peer_ms bigint NOT NULL,
                    local_ms bigint NOT NULL,
                    measured bigint NOT NULL
                )
                """,
                "CREATE SEQUENCE peer_clock_measurements",
            ]
        ),
        PostgresMigration(
            version: 2, name: "tokens",
            statements: [
                """
                CREATE TABLE tokens (
                    hash bytea PRIMARY KEY,
                    id text COLLATE "C" NOT NULL UNIQUE,
                    label text COLLATE "C" NOT NULL,
                    scope text NOT NULL CHECK (scope IN ('read', 'write')),
                    dataset text COLLATE "C",
                    created_at bigint NOT NULL,
                    expires_at bigint,
                    last_used_at bigint,
                    revoked_at bigint,
                    serial bigint NOT NULL UNIQUE
                )
                """,
                "CREATE UNIQUE INDEX tokens_by_label ON tokens (label) WHERE revoked_at IS NULL",
            ]
        ),
    ]

    /// The schema version this build knows.
    static var latestVersion: Int32 { migrations.last?.version ?? 0 }

    /// Brings the database of `connection` to `latestVersion`. Each migration runs in its own transaction that
    /// first takes the advisory lock `lockKey` and then looks at `tally_migrations`: a migration another server
    /// applied meanwhile is skipped, and a database a newer tally migrated throws `.newerStore`, changing nothing.
    static func migrate(_ connection: PostgresConnection, location: PostgresLocation, logger: Logger) async throws {
        for migration in migrations {
            try await PostgresTransaction.run(on: connection, mode: .write, logger: logger) { connection in
                // The row is read: PostgresNIO reports a failure of a row-returning statement (a lock timeout, say)
                // only when its rows are read, and the migration must not go on without the lock.
                _ = try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger).collect()
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS tally_migrations (
                        version int PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL
                    )
                    """, logger: logger)
                let current = try await version(connection, logger: logger)
                guard current <= latestVersion else {
                    throw ReplicaError(
                        .newerStore,
                        "database \(location.database) on \(location.host):\(location.port) was migrated by a newer "
                            + "tally (schema \(current), this one knows \(latestVersion)); upgrade tally to use it")
                }
                guard current < migration.version else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO tally_migrations (version, name, applied_at)
                    VALUES (\(migration.version), \(migration.name), now())
                    """, logger: logger)
                logger.info("applied migration \(migration.version) (\(migration.name)) to \(location)")
            }
        }
    }

    /// The highest migration applied (0 for a database with none).
    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int32 {
        let rows = try await connection.query(
            "SELECT coalesce(max(version), 0) FROM tally_migrations", logger: logger)
        for try await (version) in rows.decode(Int32.self) { return version }
        return 0
    }
}
