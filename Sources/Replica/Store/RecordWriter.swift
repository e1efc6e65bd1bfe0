import Store
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
    /// `record_keys` by id: the record's sequence and digest.
    private let lookup: SQLiteStatement
    /// `record_feed` by sequence: the stored state.
    private let feed: FeedRowReader
    private let insertKey: SQLiteStatement
    private let updateKey: SQLiteStatement
    private let appendFeed: SQLiteStatement
    /// Removes the feed row (by its sequence) of an id about to get a new one.
    private let removeFeedRow: SQLiteStatement
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
        lookup = try db.cachedStatement(
            sql: "SELECT seq, digest FROM record_keys WHERE dataset_id = ? AND id = ?"
        ).sqliteStatement
        feed = try FeedRowReader(db, dataset: dataset)
        insertKey = try db.cachedStatement(
            sql: """
                INSERT INTO record_keys (dataset_id, id, seq, type, deleted, conflicted, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dataset_id, id) DO NOTHING
                """
        ).sqliteStatement
        updateKey = try db.cachedStatement(
            sql: """
                UPDATE record_keys SET seq = ?3, type = ?4, deleted = ?5, conflicted = ?6, digest = ?7
                WHERE dataset_id = ?1 AND id = ?2
                """
        ).sqliteStatement
        appendFeed = try db.cachedStatement(
            sql: "INSERT INTO record_feed (dataset_id, seq, state, source_peer) VALUES (?, ?, ?, ?)"
        ).sqliteStatement
        removeFeedRow = try db.cachedStatement(
            sql: "DELETE FROM record_feed WHERE dataset_id = ? AND seq = ?"
        ).sqliteStatement
    }

    /// The stored record `id`, the marker of its collected tombstone, or `.none`.
    func load(_ id: String) throws -> StoredState {
        guard let found = try find(id) else { return try loadMarker(id) }
        return .record(try feed.state(at: found.sequence))
    }

    /// The sequence of the stored record `id`, and whether its digest is `digest`; `nil` when it is not stored.
    private func find(_ id: String, comparing digest: StateDigest? = nil) throws -> (sequence: Int64, same: Bool)? {
        sqlite3_reset(lookup)
        defer { sqlite3_reset(lookup) }
        sqlite3_bind_int64(lookup, 1, dataset.rowID)
        bindText(lookup, 2, id)
        switch sqlite3_step(lookup) {
        case SQLITE_ROW:
            let stored = UnsafeRawBufferPointer(
                start: sqlite3_column_blob(lookup, 1), count: Int(sqlite3_column_bytes(lookup, 1))
            )
            return (sqlite3_column_int64(lookup, 0), digest?.matches(stored) ?? false)
        case SQLITE_DONE:
            return nil
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

    /// Stores the local write `state` over `stored`, with the next sequence number.
    mutating func store(_ state: RecordState, over stored: StoredState) throws {
        let decision = ApplyDecision(localWrite: state, over: stored)
        let replacing = decision.action == .insert ? nil : try find(state.id)?.sequence
        let written = try execute(decision, encoded: nil, replacing: replacing, sourcePeer: nil)
        guard written else {
            throw ReplicaError(.storage, "record \(state.id) is stored already: the store is damaged")
        }
    }

    /// Applies `incoming` (whose encoding is `encoded`), received from `peer`, to the stored record of its id:
    /// loads what is stored, asks `ApplyDecision`, and executes the decision. Returns the decision.
    ///
    /// Two shortcuts give the decision's answer without asking it: a stored record whose digest is the digest of
    /// the incoming bytes is ignored without reading or decoding it (states are canonical, a state merged with
    /// itself is itself, and the digest names the state as reconciliation does, Protocol.md §11.4), and after a
    /// record that was not stored the next one is inserted straight away (one B-tree search instead of two), and
    /// looked up only if its id turns out to be stored (a cold pull brings runs of new records; a re-sync runs of
    /// known ones). Throws `.typeChange` if the id is stored with another type.
    mutating func apply(
        _ incoming: RecordState,
        encoded: UnsafeRawBufferPointer,
        from peer: SiteID?
    ) throws -> ApplyDecision {
        let digest = StateDigest(of: encoded)
        if expectAbsent && !hasMarkers {
            let decision = try ApplyDecision(stored: .none, incoming: incoming)
            if try write(decision, encoded: encoded, digest: digest, replacing: nil, sourcePeer: peer) {
                return decision
            }
            expectAbsent = false
        }
        let stored: StoredState
        var replacing: Int64?
        if let found = try find(incoming.id, comparing: digest) {
            if found.same { return .ignore }
            stored = .record(try feed.state(at: found.sequence))
            replacing = found.sequence
        } else {
            stored = try loadMarker(incoming.id)
            expectAbsent = stored == .none
        }
        let decision = try ApplyDecision(stored: stored, incoming: incoming)
        if decision.echoesToSender {
            // The stored state is a merge that differs from the incoming one: it is encoded here.
            try execute(decision, encoded: nil, replacing: replacing, sourcePeer: peer)
        } else {
            try execute(decision, encoded: (encoded, digest), replacing: replacing, sourcePeer: peer)
        }
        return decision
    }

    /// Executes `decision`; `encoded` is the encoding of the state it stores with its digest, or `nil` to encode
    /// it here; `replacing` is the feed sequence of the stored row it replaces (`nil` for a new id). Returns
    /// `false`, changing nothing, when the decision inserts a row and the id is already stored (the insert-first
    /// path guessed wrong).
    @discardableResult
    private mutating func execute(
        _ decision: ApplyDecision,
        encoded: (bytes: UnsafeRawBufferPointer, digest: StateDigest)?,
        replacing: Int64?,
        sourcePeer: SiteID?
    ) throws -> Bool {
        guard let state = decision.state else { return true }
        if decision.dropsMarker {
            // The record is stored again: its marker goes, and it becomes a row.
            try Replica.dropMarker(db, datasetID: dataset.rowID, id: state.id)
        }
        if let encoded {
            return try write(
                decision, encoded: encoded.bytes, digest: encoded.digest, replacing: replacing, sourcePeer: sourcePeer)
        }
        scratch.clear()
        state.write(to: &scratch)
        let encoding = scratch
        return try encoding.withUnsafeReadableBytes { bytes in
            try write(
                decision, encoded: bytes, digest: StateDigest(of: bytes), replacing: replacing, sourcePeer: sourcePeer)
        }
    }

    /// Writes the state of `decision`, encoded as `encoded`, as the decision says (a new id for `.insert`, over the
    /// stored one otherwise), at the next sequence, and adds the decision's counter changes to the dataset.
    /// Returns `false`, changing nothing, when asked for a new id and the id is already stored.
    private mutating func write(
        _ decision: ApplyDecision,
        encoded: UnsafeRawBufferPointer,
        digest: StateDigest,
        replacing: Int64?,
        sourcePeer: SiteID?
    ) throws -> Bool {
        guard let state = decision.state else { return true }
        let sequence = Int64(bitPattern: dataset.sequence + 1)
        let isNewRow = decision.action == .insert
        if !isNewRow {
            // The record moves to the end of the feed: its old row goes first.
            guard let replacing else {
                throw ReplicaError(.storage, "record \(state.id) has no row in the change feed: the store is damaged")
            }
            try run(removeFeedRow) { statement in
                sqlite3_bind_int64(statement, 1, dataset.rowID)
                sqlite3_bind_int64(statement, 2, replacing)
            }
        }
        try run(isNewRow ? insertKey : updateKey) { statement in
            sqlite3_bind_int64(statement, 1, dataset.rowID)
            bindText(statement, 2, state.id)
            sqlite3_bind_int64(statement, 3, sequence)
            sqlite3_bind_int64(statement, 4, Int64(state.type.rawValue))
            sqlite3_bind_int64(statement, 5, state.isDeleted ? 1 : 0)
            sqlite3_bind_int64(statement, 6, state.isListedAsConflicted ? 1 : 0)
            digest.bind(to: statement, at: 7)
        }
        if isNewRow, sqlite3_changes(db.sqliteConnection) == 0 { return false }
        let source = decision.echoesToSender ? nil : sourcePeer
        try run(appendFeed) { statement in
            sqlite3_bind_int64(statement, 1, dataset.rowID)
            sqlite3_bind_int64(statement, 2, sequence)
            _ = sqlite3_bind_blob(statement, 3, encoded.baseAddress, Int32(encoded.count), transient)
            if let source {
                var raw = (source.high.bigEndian, source.low.bigEndian)
                withUnsafeBytes(of: &raw) { buffer in
                    _ = sqlite3_bind_blob(statement, 4, buffer.baseAddress, Int32(buffer.count), transient)
                }
            } else {
                sqlite3_bind_null(statement, 4)
            }
        }
        dataset.sequence = UInt64(bitPattern: sequence)
        if isNewRow { inserted += 1 }
        dataset.liveCount += decision.liveCountChange
        dataset.conflictCount += decision.conflictCountChange
        return true
    }

    /// Binds `statement`'s parameters with `bind` and steps it to completion.
    private func run(_ statement: SQLiteStatement, bind: (SQLiteStatement) -> Void) throws {
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        bind(statement)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
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
        StorageFailure.error(code: code, in: db)
    }
}

/// SQLite's `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
