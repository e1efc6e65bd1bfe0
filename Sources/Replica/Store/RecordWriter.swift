import Foundation
import GRDB
import Wire

/// Reads and writes the records of one dataset inside one write transaction, with prepared statements, and
/// keeps the dataset's sequence and counters; `finish()` saves them.
struct RecordWriter {
    private let db: Database
    private(set) var dataset: DatasetRow
    private let select: Statement
    private let insert: Statement
    private let update: Statement

    init(_ db: Database, dataset: DatasetRow) throws {
        self.db = db
        self.dataset = dataset
        select = try db.cachedStatement(
            sql: "SELECT type, deleted, conflicted, state FROM records WHERE dataset_id = ? AND id = ?"
        )
        insert = try db.cachedStatement(
            sql: """
                INSERT INTO records (dataset_id, id, type, seq, deleted, conflicted, state, source_peer, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        update = try db.cachedStatement(
            sql: """
                UPDATE records SET type = ?, seq = ?, deleted = ?, conflicted = ?, state = ?, source_peer = ?,
                    digest = ?
                WHERE dataset_id = ? AND id = ?
                """
        )
    }

    /// The stored record `id`, or `nil`.
    func load(_ id: String) throws -> StoredRecord? {
        guard let row = try Row.fetchOne(select, arguments: [dataset.rowID, id]) else {
            return try Replica.collectedMarker(db, datasetID: dataset.rowID, id: id)
        }
        let bytes: Data = row[3]
        return StoredRecord(
            state: try RecordState(storedData: bytes), bytes: bytes, deleted: row[1], conflicted: row[2]
        )
    }

    /// Writes `state` (encoded as `bytes`) over `previous`, with the next sequence number.
    mutating func store(_ state: RecordState, bytes: Data, over previous: StoredRecord?, sourcePeer: SiteID?) throws {
        dataset.sequence += 1
        let deleted = state.isDeleted
        let conflicted = state.isListedAsConflicted
        let peer = sourcePeer?.data
        let digest = Data(Replica.digest(ofEncoded: bytes).bytes)
        if let previous, !previous.collected {
            try update.execute(arguments: [
                Int64(state.type.rawValue), Int64(bitPattern: dataset.sequence), deleted, conflicted, bytes, peer,
                digest, dataset.rowID, state.id,
            ])
            if !previous.deleted { dataset.liveCount -= 1 }
            if previous.conflicted { dataset.conflictCount -= 1 }
        } else {
            if previous != nil { try Replica.dropMarker(db, datasetID: dataset.rowID, id: state.id) }
            try insert.execute(arguments: [
                dataset.rowID, state.id, Int64(state.type.rawValue), Int64(bitPattern: dataset.sequence), deleted,
                conflicted, bytes, peer, digest,
            ])
        }
        if !deleted { dataset.liveCount += 1 }
        if conflicted { dataset.conflictCount += 1 }
    }

    /// Saves the dataset's sequence and counters.
    func finish() throws {
        try dataset.save(db)
    }
}
