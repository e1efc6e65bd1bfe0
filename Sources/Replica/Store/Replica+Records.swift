public import Store
import Foundation
import GRDB
public import Wire

extension Replica {
    /// Creates, re-creates or edits one record with a local write (see `RecordState.put`) and returns its new
    /// state. A put that changes nothing writes nothing and returns the stored state as it is.
    /// Throws `.kindMismatch`, `.typeChange`, `.invalidName`, `.datasetNotFound`.
    @discardableResult
    public func put(
        dataset name: String,
        type: RecordType,
        id: String,
        values: [(String, FieldValue)]
    ) throws(ReplicaError) -> RecordState {
        try write { db in
            var clock = try localWriteClock(db)
            var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            let (state, change) = try putRecord(type: type, id: id, values: values, writer: &writer, clock: &clock)
            guard change != .unchanged else { return state }
            try writer.finish()
            try saveClock(clock, db)
            return state
        }
    }

    /// Deletes a live record (a tombstone write). Throws `.recordNotFound` or `.recordDeleted`.
    @discardableResult
    public func delete(dataset name: String, id: String) throws(ReplicaError) -> RecordState {
        try write { db in
            var clock = try localWriteClock(db)
            var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            let stored = try writer.load(id)
            guard let current = stored.state else {
                throw ReplicaError(.recordNotFound, "no record \"\(id)\" in dataset \"\(name)\"")
            }
            guard !current.isDeleted else {
                throw ReplicaError(.recordDeleted, "record \"\(id)\" in dataset \"\(name)\" is already deleted")
            }
            let state = current.deleted(clock: clock.now(), site: siteID)
            try writer.store(state, over: stored)
            try writer.finish()
            try saveClock(clock, db)
            return state
        }
    }

    /// The record's state (live or deleted), or `nil` if the dataset has never seen the id.
    public func record(dataset name: String, id: String) throws(ReplicaError) -> RecordState? {
        try read { db in
            let writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            return try writer.load(id).state
        }
    }

    /// Settles the open conflict on `field` (`_deleted` for liveness) with a local write of `value`, or of the
    /// current winner's value when `value` is `nil` (`--keep`). The write covers every concurrent write, so the
    /// resolution syncs and clears the conflict everywhere. Throws `.conflictNotFound` if there is none.
    @discardableResult
    public func resolve(
        dataset name: String,
        id: String,
        field: String,
        value: FieldValue? = nil
    ) throws(ReplicaError) -> RecordState {
        try write { db in
            var clock = try localWriteClock(db)
            var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            let stored = try writer.load(id)
            guard let current = stored.state else {
                throw ReplicaError(.recordNotFound, "no record \"\(id)\" in dataset \"\(name)\"")
            }
            guard let conflict = current.openConflicts.first(where: { $0.field == field }) else {
                throw ReplicaError(.conflictNotFound, "record \"\(id)\" has no open conflict on \"\(field)\"")
            }
            let state = current.writing(value ?? conflict.winner, to: field, clock: clock.now(), site: siteID)
            try writer.store(state, over: stored)
            try writer.finish()
            try saveClock(clock, db)
            return state
        }
    }

    /// Puts every record of `records` in ONE transaction: all or nothing. The sequence is read as it goes
    /// (streaming); each record is a put (see `put`), so a record equal to what the replica reads is no write.
    /// Returns how many records were created, changed and left unchanged.
    @discardableResult
    public func importRecords(
        into name: String,
        _ records: some Sequence<(RecordType, String, [(String, FieldValue)])>
    ) throws(ReplicaError) -> ImportResult {
        do {
            return try importRecords(into: name) { emit in
                for (type, id, values) in records { try emit(type, id, values) }
            }
        } catch {
            throw StorageFailure.error(error, file: storeFile)
        }
    }

    /// Puts every record that `producer` emits in ONE transaction: all or nothing. If `producer` (a streaming
    /// parser, say) throws, its error is rethrown and nothing is written. Returns how many records were created,
    /// changed and left unchanged (a record equal to what the replica reads is no write).
    @discardableResult
    public func importRecords(
        into name: String,
        producer: (_ emit: (RecordType, String, [(String, FieldValue)]) throws -> Void) throws -> Void
    ) throws -> ImportResult {
        try transaction { transaction in
            let db = transaction.db
            var clock = try localWriteClock(db)
            var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            var result = ImportResult()
            try producer { type, id, values in
                result.count(try putRecord(type: type, id: id, values: values, writer: &writer, clock: &clock).change)
            }
            try writer.finish()
            try saveClock(clock, db)
            return result
        }
    }

    /// Every open conflict of the dataset, sorted by type, id and field.
    public func conflicts(dataset name: String) throws(ReplicaError) -> [Conflict] {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try db.cachedStatement(
                sql: "SELECT seq FROM record_keys WHERE dataset_id = ? AND conflicted = 1 ORDER BY type, id"
            )
            let feed = try FeedRowReader(db, dataset: dataset)
            return try Int64.fetchAll(statement, arguments: [dataset.rowID]).flatMap { sequence in
                try feed.state(at: sequence).openConflicts
            }
        }
    }

    /// Up to `limit` live records of `type` in `dataset` whose ids come after `id` (`nil`: from the first), ids
    /// ascending in byte order, from one snapshot: a page of `RecordStore.liveRecords`.
    public func liveRecords(dataset name: String, type: RecordType, after id: String?, limit: Int) throws(ReplicaError)
        -> [RecordState]
    {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT seq FROM record_keys WHERE dataset_id = ? AND id > ? AND type = ? AND deleted = 0
                        ORDER BY id LIMIT ?
                        """),
                arguments: [dataset.rowID, id ?? "", Int64(type.rawValue), max(1, limit)])
            var sequences: [Int64] = []
            while let row = try rows.next() { sequences.append(row[0]) }
            let feed = try FeedRowReader(db, dataset: dataset)
            return try sequences.map { try feed.state(at: $0) }
        }
    }

    /// Calls `body` with every live record, sorted by type then id, streaming from one consistent snapshot.
    public func forEachLiveRecord(
        dataset name: String,
        _ body: (RecordState) throws -> Void
    ) throws {
        do {
            try pool.read { db in
                let dataset = try DatasetRow.load(db, name: name)
                // One pass over the index of ids (in id order) sorts the live records' feed rows by type; the
                // states are then read from the feed type by type.
                var sequencesByType: [Int64: [Int64]] = [:]
                let keys = try db.cachedStatement(
                    sql: "SELECT type, seq FROM record_keys WHERE dataset_id = ? AND deleted = 0 ORDER BY id"
                )
                let rows = try Row.fetchCursor(keys, arguments: [dataset.rowID])
                while let row = try rows.next() {
                    sequencesByType[row[0], default: []].append(row[1])
                }
                let feed = try FeedRowReader(db, dataset: dataset)
                for type in sequencesByType.keys.sorted() {
                    for sequence in sequencesByType[type] ?? [] {
                        let state = try feed.state(at: sequence)
                        do { try body(state) } catch { throw ProducerFailure(error: error) }
                    }
                }
            }
        } catch let failure as ProducerFailure {
            throw failure.error
        } catch {
            throw StorageFailure.error(error, file: storeFile)
        }
    }

    /// The latest `limit` changes of the dataset, newest first.
    public func log(dataset name: String, limit: Int = 20) throws(ReplicaError) -> [LogEntry] {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try db.cachedStatement(
                sql: "SELECT seq, state FROM record_feed WHERE dataset_id = ? ORDER BY seq DESC LIMIT ?"
            )
            return try Row.fetchAll(statement, arguments: [dataset.rowID, max(0, limit)]).map { row in
                try LogEntry(
                    sequence: UInt64(bitPattern: row[0]), state: RecordState(storedData: row[1]), localSite: siteID
                )
            }
        }
    }

    /// One put inside a transaction: validates, merges into the stored state, stores with a new sequence. A put
    /// that changes nothing stores nothing and leaves `clock` as it was.
    func putRecord(
        type: RecordType,
        id: String,
        values: [(String, FieldValue)],
        writer: inout RecordWriter,
        clock: inout HybridLogicalClock
    ) throws -> (state: RecordState, change: RecordChange) {
        let dataset = writer.dataset
        guard type.datasetKind == dataset.kind else {
            throw ReplicaError(
                .kindMismatch,
                "record \"\(id)\": type \(type.name) does not belong in \(dataset.kind.name) dataset "
                    + "\"\(dataset.name)\""
            )
        }
        guard RecordID.isValid(id) else {
            throw ReplicaError(.invalidName, "invalid record id \"\(id)\": use 1-128 characters of A-Z a-z 0-9 . _ : -")
        }
        guard values.count <= RecordState.Limits.fields else {
            throw ReplicaError(.invalidRecord, "record \"\(id)\": more than \(RecordState.Limits.fields) fields")
        }
        for (field, _) in values where !RecordID.isValidFieldName(field) {
            throw ReplicaError(.invalidName, "record \"\(id)\": invalid field name \"\(field)\"")
        }
        let stored = try writer.load(id)
        if let current = stored.state, current.type != type {
            throw ReplicaError(
                .typeChange,
                "record \"\(id)\" is a \(current.type.name), it cannot become a \(type.name)"
            )
        }
        // The clock ticks only if the put writes something.
        var next = clock
        let state = RecordState.put(values, into: stored.state, type: type, id: id, clock: next.now(), site: siteID)
        if state == stored.state { return (state, .unchanged) }
        guard state.fields.count <= RecordState.Limits.fields else {
            throw ReplicaError(.invalidRecord, "record \"\(id)\": more than \(RecordState.Limits.fields) fields")
        }
        try writer.store(state, over: stored)
        clock = next
        return (state, stored.state.map(\.isDeleted) == false ? .changed : .created)
    }
}

/// Carries an error thrown by a caller's closure through a GRDB transaction, so it is rethrown unchanged.
struct ProducerFailure: Error {
    var error: any Error
}
