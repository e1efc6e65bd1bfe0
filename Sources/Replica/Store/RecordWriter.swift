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
    /// `true` when the last record `apply` saw was not stored yet: the next one is then inserted straight away
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
            sql: "SELECT state FROM records WHERE dataset_id = ? AND id = ?"
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

    /// The stored record `id`, the marker of its collected tombstone, or `.none`.
    func load(_ id: String) throws -> StoredState {
        sqlite3_reset(select)
        defer { sqlite3_reset(select) }
        sqlite3_bind_int64(select, 1, dataset.rowID)
        bindText(select, 2, id)
        switch sqlite3_step(select) {
        case SQLITE_ROW:
            return .record(try RecordState(storedBytes: storedBytes()))
        case SQLITE_DONE:
            return try loadMarker(id)
        case let code:
            throw failure(code)
        }
    }

    /// The marker of the collected tombstone of `id` (looked up only when the dataset has markers), or `.none`.
    private func loadMarker(_ id: String) throws -> StoredState {
        guard hasMarkers, let marker = try Replica.collectedMarker(db, datasetID: dataset.rowID, id: id) else {
            return .none
        }
        return .collected(marker: marker)
    }

    /// The state column of the row `select` stands on.
    private func storedBytes() -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            start: sqlite3_column_blob(select, 0), count: Int(sqlite3_column_bytes(select, 0))
        )
    }

    /// Stores the local write `state` over `stored`, with the next sequence number.
    mutating func store(_ state: RecordState, over stored: StoredState) throws {
        let decision = ApplyDecision(localWrite: state, over: stored)
        scratch.clear()
        state.write(to: &scratch)
        let encoded = scratch
        let written = try encoded.withUnsafeReadableBytes { bytes in
            try execute(decision, encoded: bytes, sourcePeer: nil)
        }
        guard written else {
            throw ReplicaError(.storage, "record \(state.id) is stored already: the store is damaged")
        }
    }

    /// Applies `incoming` (whose encoding is `encoded`), received from `peer`, to the stored record of its id:
    /// loads what is stored, asks `ApplyDecision`, and executes the decision. Returns the decision.
    ///
    /// Two shortcuts give the decision's answer without asking it: a stored row with exactly the incoming bytes
    /// is ignored without decoding it (states are canonical, and a state merged with itself is itself), and after
    /// a record that was not stored the next one is inserted straight away (one B-tree search instead of two),
    /// and looked up only if its id turns out to be stored (a cold pull brings runs of new records; a re-sync
    /// runs of known ones). Throws `.typeChange` if the id is stored with another type.
    mutating func apply(
        _ incoming: RecordState,
        encoded: UnsafeRawBufferPointer,
        from peer: SiteID?
    ) throws -> ApplyDecision {
        if expectAbsent && !hasMarkers {
            let decision = try ApplyDecision(stored: .none, incoming: incoming)
            if try execute(decision, encoded: encoded, sourcePeer: peer) { return decision }
            expectAbsent = false
        }
        sqlite3_reset(select)
        defer { sqlite3_reset(select) }
        sqlite3_bind_int64(select, 1, dataset.rowID)
        bindText(select, 2, incoming.id)
        let stored: StoredState
        switch sqlite3_step(select) {
        case SQLITE_ROW:
            let bytes = storedBytes()
            if bytes.elementsEqual(encoded) { return .ignore }
            stored = .record(try RecordState(storedBytes: bytes))
        case SQLITE_DONE:
            stored = try loadMarker(incoming.id)
            expectAbsent = stored == .none
        case let code:
            throw failure(code)
        }
        sqlite3_reset(select)
        let decision = try ApplyDecision(stored: stored, incoming: incoming)
        // Unless the stored state is a merge that differs from the incoming one, it is stored as it came.
        try execute(decision, encoded: decision.echoesToSender ? nil : encoded, sourcePeer: peer)
        return decision
    }

    /// Executes `decision`; `encoded` is the encoding of the state it stores, or `nil` to encode it here (a
    /// merge). Returns `false`, changing nothing, when the decision inserts a row and the id is already stored
    /// (the insert-first path guessed wrong).
    @discardableResult
    private mutating func execute(
        _ decision: ApplyDecision,
        encoded: UnsafeRawBufferPointer?,
        sourcePeer: SiteID?
    ) throws -> Bool {
        guard let state = decision.state else { return true }
        if decision.dropsMarker {
            // The record is stored again: its marker goes, and it becomes a row.
            try Replica.dropMarker(db, datasetID: dataset.rowID, id: state.id)
        }
        let source = decision.echoesToSender ? nil : sourcePeer
        if let encoded { return try write(state, encoded: encoded, decision: decision, sourcePeer: source) }
        scratch.clear()
        state.write(to: &scratch)
        let encoding = scratch
        return try encoding.withUnsafeReadableBytes { bytes in
            try write(state, encoded: bytes, decision: decision, sourcePeer: source)
        }
    }

    /// Writes `state`, encoded as `encoded`, as `decision` says (a new row for `.insert`, over the row otherwise),
    /// with the next sequence, and adds the decision's counter changes to the dataset. Returns `false`, changing
    /// nothing, when asked for a new row and the id is already stored.
    private mutating func write(
        _ state: RecordState,
        encoded: UnsafeRawBufferPointer,
        decision: ApplyDecision,
        sourcePeer: SiteID?
    ) throws -> Bool {
        let sequence = dataset.sequence + 1
        let isNewRow = decision.action == .insert
        let statement = isNewRow ? insert : update
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        // Parameter positions differ between the two statements.
        let (datasetIndex, idIndex, firstIndex): (Int32, Int32, Int32) = isNewRow ? (1, 2, 3) : (8, 9, 1)
        sqlite3_bind_int64(statement, datasetIndex, dataset.rowID)
        bindText(statement, idIndex, state.id)
        sqlite3_bind_int64(statement, firstIndex, Int64(state.type.rawValue))
        sqlite3_bind_int64(statement, firstIndex + 1, Int64(bitPattern: sequence))
        sqlite3_bind_int64(statement, firstIndex + 2, state.isDeleted ? 1 : 0)
        sqlite3_bind_int64(statement, firstIndex + 3, state.isListedAsConflicted ? 1 : 0)
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
        if isNewRow, sqlite3_changes(db.sqliteConnection) == 0 { return false }
        dataset.sequence = sequence
        if isNewRow { inserted += 1 }
        dataset.liveCount += decision.liveCountChange
        dataset.conflictCount += decision.conflictCountChange
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
