import Logging
import NIOCore
import PostgresNIO
import Store
import Wire

/// The change feed of a dataset that several servers write at once: how sequences are handed out and how the feed
/// is read so that a reader never skips a change that commits late.
///
/// **Writers.** A transaction that writes records of a dataset first locks the dataset's row in `datasets`
/// (`lock(_:on:logger:)`, `SELECT … FOR UPDATE`), takes its sequences from that row (`sequence + 1`, `+ 2`, …),
/// writes its feed rows, stores the new `sequence` in the row (`save(_:on:logger:)`) and commits; the lock is held
/// until the commit. A second writer of the dataset, on this server or another, waits on the lock; under READ
/// COMMITTED its statements after the lock see the first writer's commit, so it numbers on from there. Writers of
/// one dataset therefore commit one at a time, in sequence order: once the row says `sequence = S`, every feed row
/// numbered `S` or less has committed (in that commit or an earlier one), and no later transaction can add one.
///
/// **Readers.** `read(_:after:limit:excluding:on:logger:)` reads `datasets.sequence` and the feed rows after the
/// cursor up to it in one statement, hence from one snapshot, and never reports a position past that `S`. It sees
/// every row numbered `S` or less; a transaction still in flight holds sequences above `S` and is invisible in the
/// row and in the feed alike, so it shows up in a later read, after the cursor the reader was given. A reader
/// therefore never passes a sequence whose change commits later.
///
/// (With a sequence object, `nextval`, two writers could take 7 and 8, the one with 8 commit first, a reader pass
/// 8, and 7 commit after it: a change that reader never gets.)
///
/// Rows leave the feed only by moving to a higher sequence (their record written again, under the lock) or by
/// tombstone collection (under the lock too, and behind the horizon). The price is that writes of one dataset are
/// serial across every server sharing the database. Every write transaction locks in one order, the dataset row
/// first, then the clock row of `store_meta`, so two writers never deadlock.
enum SharedFeed {
    /// Locks the row of dataset `name` until the transaction ends and returns it as the latest commit left it.
    /// Throws `.datasetNotFound`.
    static func lock(_ name: String, on connection: PostgresConnection, logger: Logger) async throws -> DatasetRow {
        let rows = try await connection.query(
            "SELECT \(unescaped: DatasetRow.columns) FROM datasets WHERE name = \(name) FOR UPDATE", logger: logger)
        for try await row in rows { return try DatasetRow(row) }
        throw DatasetRow.notFound(name)
    }

    /// Stores the dataset's sequence, counters and horizon, in the transaction that holds its lock.
    static func save(_ dataset: DatasetRow, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE datasets SET sequence = \(Int64(bitPattern: dataset.sequence)),
                record_count = \(Int64(dataset.recordCount)), conflict_count = \(Int64(dataset.conflictCount)),
                horizon = \(Int64(bitPattern: dataset.horizon))
            WHERE id = \(dataset.id)
            """, logger: logger)
    }

    /// Up to `limit` (at least 1) rows of the feed of `name` after `sequence`, in sequence order, from one
    /// snapshot; the state of a row whose source is `peer` is left out (echo suppression) but the row still
    /// counts and still advances `reached`. Throws `.datasetNotFound`.
    ///
    /// The rows a peer is known to hold are not passed over in runs, as the SQLite backend does (its held runs):
    /// echo suppression by source peer alone leaves out the same records; reading the rows to leave them out costs
    /// their sequence and source only, as the state of a left-out row is not sent by the server.
    static func read(
        _ name: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> ChangeSlice {
        let wanted = max(1, limit)
        let excluded = peer.map { ByteBuffer(bytes: $0.bytes) }
        let rows = try await connection.query(
            """
            SELECT d.sequence, f.seq, CASE WHEN f.source_peer = \(excluded) THEN NULL ELSE f.state END
            FROM datasets d LEFT JOIN LATERAL (
                SELECT seq, state, source_peer FROM record_feed
                WHERE dataset_id = d.id AND seq > \(Int64(bitPattern: min(sequence, UInt64(Int64.max))))
                    AND seq <= d.sequence
                ORDER BY seq LIMIT \(Int64(wanted))
            ) f ON true
            WHERE d.name = \(name)
            ORDER BY f.seq
            """, logger: logger)
        var end: UInt64?
        var records = EncodedRecords()
        var count = 0
        var last = sequence
        for try await row in rows {
            let (feedEnd, seq, state) = try row.decode((Int64, Int64?, ByteBuffer?).self)
            end = UInt64(bitPattern: feedEnd)
            guard let seq else { continue }
            count += 1
            last = UInt64(bitPattern: seq)
            state?.withUnsafeReadableBytes { records.append(canonical: $0) }
        }
        guard let end else { throw DatasetRow.notFound(name) }
        // As SQLite's backend: a full slice ends at its last row; a short one reaches the feed's end (rows between
        // may have moved on or been collected). A cursor at or past the end stays where it is.
        let reached = sequence >= end ? sequence : count == wanted ? last : end
        return ChangeSlice(records: records, reached: reached, isComplete: reached >= end, rowsRead: count)
    }
}
