import Crypto
import GRDB
import GRDBSQLite
import NIOCore
import Wire

/// Reads and writes the records of one dataset inside one write transaction, and keeps the dataset's sequence
/// and counters; `finish()` saves them.
///
/// This is the hot path of import and apply: it drives its prepared statements through the SQLite C API
/// directly (bind, step, reset), with no per-record `Row`, `Data` or argument arrays.
struct RecordWriter {
    private let db: Database
    private(set) var dataset: DatasetRow
    private let select: SQLiteStatement
    private let insert: SQLiteStatement
    private let update: SQLiteStatement
    /// Reused for every encoding, so storing a record allocates nothing once it has grown.
    private var scratch = ByteBuffer()
    /// `true` when the last record `merge` saw was not stored yet: the next one is then inserted straight away
    /// (one B-tree search instead of two), and looked up only if its id turns out to be stored (a cold pull
    /// brings runs of new records; a re-sync runs of known ones).
    private var expectAbsent = false
    /// Rows inserted since the writer was made: records the dataset did not hold before.
    private(set) var inserted = 0
    /// `true` when the dataset holds markers of collected tombstones: then every id is looked up first, so a
    /// marker is never bypassed by the insert-first path (a deleted record must not come back).
    private let hasMarkers: Bool

    init(_ db: Database, dataset: DatasetRow) throws {
        self.db = db
        self.dataset = dataset
        hasMarkers =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM collected_records WHERE dataset_id = ?)",
                arguments: [dataset.rowID]
            ) ?? false
        select = try db.cachedStatement(
            sql: "SELECT deleted, conflicted, state FROM records WHERE dataset_id = ? AND id = ?"
        ).sqliteStatement
        insert = try db.cachedStatement(
            sql: """
                INSERT INTO records (dataset_id, id, type, seq, deleted, conflicted, state, source_peer, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dataset_id, id) DO NOTHING
                """
        ).sqliteStatement
        update = try db.cachedStatement(
            sql: """
                UPDATE records SET type = ?, seq = ?, deleted = ?, conflicted = ?, state = ?, source_peer = ?,
                    digest = ?
                WHERE dataset_id = ? AND id = ?
                """
        ).sqliteStatement
    }

    /// The stored record `id`, the marker of its collected tombstone, or `nil`.
    func load(_ id: String) throws -> StoredRecord? {
        if let row = try loadRow(id) { return row }
        return hasMarkers ? try Replica.collectedMarker(db, datasetID: dataset.rowID, id: id) : nil
    }

    private func loadRow(_ id: String) throws -> StoredRecord? {
        sqlite3_reset(select)
        defer { sqlite3_reset(select) }
        sqlite3_bind_int64(select, 1, dataset.rowID)
        bindText(select, 2, id)
        switch sqlite3_step(select) {
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(select, 2))
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(select, 2), count: count)
            return StoredRecord(
                state: try RecordState(storedBytes: bytes),
                deleted: sqlite3_column_int64(select, 0) != 0, conflicted: sqlite3_column_int64(select, 1) != 0
            )
        case SQLITE_DONE:
            return nil
        case let code:
            throw failure(code)
        }
    }

    /// Writes `state` over `previous`, with the next sequence number.
    mutating func store(_ state: RecordState, over previous: StoredRecord?, sourcePeer: SiteID?) throws {
        var previous = previous
        if previous?.collected == true {
            // The record is stored again: its marker goes, and it becomes a row.
            try Replica.dropMarker(db, datasetID: dataset.rowID, id: state.id)
            previous = nil
        }
        scratch.clear()
        state.write(to: &scratch)
        let encoded = scratch
        let stored = try encoded.withUnsafeReadableBytes { bytes in
            try store(
                state, encoded: bytes, over: previous.map { ($0.deleted, $0.conflicted) }, sourcePeer: sourcePeer
            )
        }
        guard stored else { throw ReplicaError(.storage, "record \(state.id) is stored already: the store is damaged") }
    }

    /// Merges `incoming` (whose encoding is `encoded`) into the stored record of its id, and stores the result
    /// if it differs. An absent record is stored as it comes (the merge with nothing is the incoming state); a
    /// stored record with exactly these bytes is left alone without decoding it (states are canonical).
    /// Throws `.typeChange` if the id is stored with another type.
    mutating func merge(
        _ incoming: RecordState,
        encoded: UnsafeRawBufferPointer,
        from peer: SiteID?
    ) throws -> MergeOutcome {
        if expectAbsent && !hasMarkers {
            if try store(incoming, encoded: encoded, over: nil, sourcePeer: peer) {
                return .stored(newConflict: incoming.isListedAsConflicted)
            }
            expectAbsent = false
        }
        sqlite3_reset(select)
        sqlite3_bind_int64(select, 1, dataset.rowID)
        bindText(select, 2, incoming.id)
        let stored: StoredRecord
        switch sqlite3_step(select) {
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(select, 2))
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(select, 2), count: count)
            if bytes.elementsEqual(encoded) {
                sqlite3_reset(select)
                return .unchanged
            }
            do {
                stored = StoredRecord(
                    state: try RecordState(storedBytes: bytes),
                    deleted: sqlite3_column_int64(select, 0) != 0, conflicted: sqlite3_column_int64(select, 1) != 0
                )
            } catch {
                sqlite3_reset(select)
                throw error
            }
            sqlite3_reset(select)
        case SQLITE_DONE:
            sqlite3_reset(select)
            if hasMarkers, let marker = try Replica.collectedMarker(db, datasetID: dataset.rowID, id: incoming.id) {
                stored = marker
            } else {
                expectAbsent = true
                try store(incoming, encoded: encoded, over: nil, sourcePeer: peer)
                return .stored(newConflict: incoming.isListedAsConflicted)
            }
        case let code:
            sqlite3_reset(select)
            throw failure(code)
        }
        guard stored.state.type == incoming.type else {
            throw ReplicaError(
                .typeChange,
                "record \"\(incoming.id)\" is a \(stored.state.type.name) here, it cannot become a "
                    + "\(incoming.type.name)"
            )
        }
        let merged = stored.state.merged(with: incoming)
        // States are canonical, so equal values are equal bytes: no need to encode to compare. A collected
        // tombstone's marker is stored again when a live copy arrives (so its sender learns of the deletion),
        // even if the copy is old and changes nothing.
        if merged == stored.state && (!stored.collected || incoming.isDeleted) { return .unchanged }
        try store(merged, over: stored, sourcePeer: merged == incoming ? peer : nil)
        return .stored(newConflict: !stored.conflicted && merged.isListedAsConflicted)
    }

    /// What `merge` did with one record.
    enum MergeOutcome {
        /// The stored state already held everything: nothing written.
        case unchanged
        /// A new or changed state was stored; `newConflict` when the record gained a listed conflict.
        case stored(newConflict: Bool)
    }

    /// Writes `state`, encoded as `encoded`, over a stored row with the flags `previous` (or as a new row).
    /// Returns `false`, changing nothing, when asked for a new row and the id is already stored.
    @discardableResult
    private mutating func store(
        _ state: RecordState,
        encoded: UnsafeRawBufferPointer,
        over previous: (deleted: Bool, conflicted: Bool)?,
        sourcePeer: SiteID?
    ) throws -> Bool {
        let sequence = dataset.sequence + 1
        let deleted = state.isDeleted
        let conflicted = state.isListedAsConflicted
        let statement = previous == nil ? insert : update
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        // Parameter positions differ between the two statements.
        let (datasetIndex, idIndex, firstIndex): (Int32, Int32, Int32) = previous == nil ? (1, 2, 3) : (8, 9, 1)
        sqlite3_bind_int64(statement, datasetIndex, dataset.rowID)
        bindText(statement, idIndex, state.id)
        sqlite3_bind_int64(statement, firstIndex, Int64(state.type.rawValue))
        sqlite3_bind_int64(statement, firstIndex + 1, Int64(bitPattern: sequence))
        sqlite3_bind_int64(statement, firstIndex + 2, deleted ? 1 : 0)
        sqlite3_bind_int64(statement, firstIndex + 3, conflicted ? 1 : 0)
        _ = sqlite3_bind_blob(statement, firstIndex + 4, encoded.baseAddress, Int32(encoded.count), transient)
        if let sourcePeer {
            var raw = (sourcePeer.high.bigEndian, sourcePeer.low.bigEndian)
            withUnsafeBytes(of: &raw) { buffer in
                _ = sqlite3_bind_blob(statement, firstIndex + 5, buffer.baseAddress, Int32(buffer.count), transient)
            }
        } else {
            sqlite3_bind_null(statement, firstIndex + 5)
        }
        // The reconcile digest: the first 16 bytes of the SHA-256 of the encoded state.
        let digest = SHA256.hash(data: encoded)
        digest.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(statement, firstIndex + 6, buffer.baseAddress, 16, transient)
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
        if previous == nil, sqlite3_changes(db.sqliteConnection) == 0 { return false }
        dataset.sequence = sequence
        if previous == nil { inserted += 1 }
        if let previous {
            if !previous.deleted { dataset.liveCount -= 1 }
            if previous.conflicted { dataset.conflictCount -= 1 }
        }
        if !deleted { dataset.liveCount += 1 }
        if conflicted { dataset.conflictCount += 1 }
        return true
    }

    /// Saves the dataset's sequence and counters.
    func finish() throws {
        try dataset.save(db)
    }

    private func bindText(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(statement, index, buffer.baseAddress, Int32(buffer.count), transient)
        }
    }

    private func failure(_ code: Int32) -> ReplicaError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown"
        let file = db.sqliteConnection.flatMap { sqlite3_db_filename($0, "main") }.map { String(cString: $0) }
        return StorageFailure.error(code: code, text: "SQLite error \(code): \(message)", file: file)
    }
}

/// SQLite's `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
