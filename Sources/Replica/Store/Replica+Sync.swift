import Foundation
import GRDB
import GRDBSQLite
import NIOCore
public import Wire

extension Replica {
    /// Reads the dataset's change feed after `sequence`: at most `limit` rows, in sequence order, from one
    /// consistent snapshot. A row whose state came from `excludingPeer` unchanged is left out (that peer already
    /// holds exactly that state: echo suppression), but still advances `lastSequence`.
    public func changes(
        dataset name: String,
        after sequence: UInt64,
        limit: Int,
        excludingPeer: SiteID? = nil
    ) throws(ReplicaError) -> ChangeBatch {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try db.cachedStatement(
                sql: """
                    SELECT seq, state, source_peer FROM records WHERE dataset_id = ? AND seq > ?
                    ORDER BY seq LIMIT ?
                    """
            )
            let sqlite = statement.sqliteStatement
            sqlite3_reset(sqlite)
            defer { sqlite3_reset(sqlite) }
            sqlite3_bind_int64(sqlite, 1, dataset.rowID)
            sqlite3_bind_int64(sqlite, 2, Int64(bitPattern: sequence))
            sqlite3_bind_int64(sqlite, 3, Int64(max(1, limit)))
            var records: [RecordState] = []
            records.reserveCapacity(min(max(1, limit), 65_536))
            var last = sequence
            var fetched = 0
            while true {
                let code = sqlite3_step(sqlite)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw ReplicaError(.storage, "SQLite error \(code) reading the change feed")
                }
                fetched += 1
                last = UInt64(bitPattern: sqlite3_column_int64(sqlite, 0))
                if let excludingPeer, sqlite3_column_bytes(sqlite, 2) == 16,
                    let source = sqlite3_column_blob(sqlite, 2)
                {
                    let high = UInt64(bigEndian: source.loadUnaligned(as: UInt64.self))
                    let low = UInt64(bigEndian: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                    if SiteID(high: high, low: low) == excludingPeer { continue }
                }
                let count = Int(sqlite3_column_bytes(sqlite, 1))
                let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(sqlite, 1), count: count)
                records.append(try RecordState(storedBytes: bytes))
            }
            // Fewer rows than asked: nothing is left, even if the last sequences belong to rows since removed
            // (collected tombstones), so the feed position is its end.
            if fetched < max(1, limit) { last = max(last, dataset.sequence) }
            return ChangeBatch(
                records: records, lastSequence: last, epoch: dataset.epoch, isComplete: last >= dataset.sequence
            )
        }
    }

    /// Merges a batch of remote records into the dataset in ONE transaction, and saves `cursor` in it.
    ///
    /// For each record the merged state is written with a new sequence number only if it differs from the
    /// local state; the row remembers `peer` as its source when the merged state is exactly the incoming one
    /// (so `changes(excludingPeer:)` does not send it back). The clock observes the highest incoming clock.
    /// The whole batch is refused, changing nothing, for a clock too far ahead (`.clockDrift`), a type that does
    /// not belong in the dataset (`.kindMismatch`), a type change of an existing id (`.typeChange`) or a malformed
    /// state (`.invalidRecord`).
    @discardableResult
    public func apply(
        dataset name: String,
        records: [RecordState],
        from peer: SiteID?,
        cursor: CursorUpdate? = nil
    ) throws(ReplicaError) -> ApplyResult {
        try write { db in try apply(db, dataset: name, records: records, from: peer, cursor: cursor) }
    }

    /// `apply(dataset:records:from:cursor:)` inside the write transaction `db`.
    func apply(
        _ db: Database,
        dataset name: String,
        records: [RecordState],
        from peer: SiteID?,
        cursor: CursorUpdate?
    ) throws -> ApplyResult {
        var clock = try loadClock(db)
        var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
        let kind = writer.dataset.kind
        var highest = HLCTimestamp.zero
        var latest: RecordState?
        for record in records {
            guard record.type.datasetKind == kind else {
                throw ReplicaError(
                    .kindMismatch,
                    "record \"\(record.id)\": type \(record.type.name) does not belong in \(kind.name) dataset "
                        + "\"\(name)\""
                )
            }
            try Replica.validate(record)
            if record.versionVector.maxClock > highest {
                highest = record.versionVector.maxClock
                latest = record
            }
        }
        do {
            try clock.receive(highest)
        } catch {
            // Name the record and the replica whose clock wrote it: that clock, or this machine's, is wrong.
            let writer = latest?.versionVector.entries.first { $0.clock == highest }?.site.hex ?? "?"
            throw ReplicaError(
                .clockDrift,
                "record \"\(latest?.id ?? "")\" of \(name): \(error.message), written by replica \(writer.prefix(8)): "
                    + "that replica's clock or this machine's is wrong; set it and retry"
            )
        }
        var result = ApplyResult()
        var buffer = ByteBuffer()
        for incoming in records {
            buffer.clear()
            incoming.write(to: &buffer)
            let outcome = try buffer.withUnsafeReadableBytes { bytes in
                try writer.merge(incoming, encoded: bytes, from: peer)
            }
            switch outcome {
            case .unchanged:
                result.unchanged += 1
            case .stored(let newConflict):
                result.applied += 1
                if newConflict { result.newConflicts += 1 }
            }
        }
        result.created = writer.inserted
        try writer.finish()
        try saveClock(clock, db)
        if let cursor { try Replica.saveCursor(cursor, dataset: name, db) }
        return result
    }

    /// The saved cursor for `peer` on `dataset` in `direction`, or `nil`.
    public func cursor(peer: SiteID, dataset name: String, direction: FeedDirection) throws(ReplicaError)
        -> FeedCursor?
    {
        try read { db in try Replica.cursor(db, peer: peer, dataset: name, direction: direction) }
    }

    static func cursor(_ db: Database, peer: SiteID, dataset name: String, direction: FeedDirection) throws
        -> FeedCursor?
    {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT epoch, sequence FROM peer_cursors
                WHERE peer_site = ? AND dataset_name = ? AND direction = ?
                """,
            arguments: [peer.data, name, Int64(direction.rawValue)]
        )
        return row.map { FeedCursor(epoch: UInt64(bitPattern: $0[0]), sequence: UInt64(bitPattern: $0[1])) }
    }

    /// Saves a cursor on its own (when there are no records to apply with it).
    public func setCursor(_ update: CursorUpdate, dataset name: String) throws(ReplicaError) {
        try write { db in try Replica.saveCursor(update, dataset: name, db) }
    }

    static func saveCursor(_ update: CursorUpdate, dataset name: String, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO peer_cursors (peer_site, dataset_name, direction, epoch, sequence) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (peer_site, dataset_name, direction) DO UPDATE SET
                    epoch = excluded.epoch, sequence = excluded.sequence
                """
        )
        try statement.execute(arguments: [
            update.peer.data, name, Int64(update.direction.rawValue), Int64(bitPattern: update.cursor.epoch),
            Int64(bitPattern: update.cursor.sequence),
        ])
    }

    /// Refuses a state that could not have come from a real history (so it cannot break the encoding or merge).
    static func validate(_ record: RecordState) throws(ReplicaError) {
        guard RecordID.isValid(record.id) else {
            throw ReplicaError(.invalidRecord, "invalid record id \"\(record.id)\"")
        }
        func check(_ writes: [FieldWrite], _ field: String) throws(ReplicaError) {
            for (earlier, later) in zip(writes, writes.dropFirst()) where !earlier.beats(later) {
                throw ReplicaError(.invalidRecord, "record \"\(record.id)\": writes of \(field) are not canonical")
            }
            for write in writes where !record.versionVector.covers(write) {
                throw ReplicaError(
                    .invalidRecord, "record \"\(record.id)\": a write of \(field) is not in its version vector"
                )
            }
        }
        guard !record.liveness.isEmpty else {
            throw ReplicaError(.invalidRecord, "record \"\(record.id)\" has no liveness write")
        }
        try check(record.liveness, RecordState.deletedFieldName)
        for field in record.fields {
            guard RecordID.isValidFieldName(field.name) else {
                throw ReplicaError(.invalidRecord, "record \"\(record.id)\": invalid field name \"\(field.name)\"")
            }
            try check(field.writes, field.name)
        }
    }
}
