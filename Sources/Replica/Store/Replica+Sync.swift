public import Store
import Foundation
import GRDB
import GRDBSQLite
import NIOCore
public import Wire

extension Replica {
    /// Reads the dataset's change feed after `sequence`: at most `limit` rows, in sequence order, from one
    /// consistent snapshot. A row whose state came from `excludingPeer` unchanged is left out (that peer already
    /// holds exactly that state: echo suppression), but still advances `reached`. The runs of the feed that
    /// `excludingPeer` is known to hold (`HeldRun`) are passed over without reading them, so a feed that holds what
    /// a pull from that peer brought is read in no time.
    public func changes(
        dataset name: String,
        after sequence: UInt64,
        limit: Int,
        excludingPeer: SiteID? = nil
    ) throws(ReplicaError) -> ChangeSlice {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let runs =
                try excludingPeer.map {
                    try Replica.heldRuns(db, peer: $0, datasetID: dataset.rowID, endingAfter: sequence)
                } ?? []
            var reader = try FeedReader(db, dataset: dataset, excluding: excludingPeer)
            let wanted = max(1, limit)
            var position = sequence
            var next = 0
            while reader.rowsRead < wanted && position < dataset.sequence {
                while next < runs.count && runs[next].through <= position { next += 1 }
                if next < runs.count && runs[next].after <= position {
                    position = runs[next].through
                    next += 1
                    continue
                }
                // Rows up to the next held run (or to the end of the feed) are read.
                let bound = next < runs.count ? runs[next].after : UInt64(Int64.max)
                let room = wanted - reader.rowsRead
                let read = try reader.read(after: position, through: bound, limit: room)
                position = max(position, read.last)
                if read.count == room { break }
                // Fewer rows than asked: nothing is left up to the bound, even if the last sequences belong to rows
                // since removed (collected tombstones), so the position is the bound, or the feed's end.
                guard next < runs.count else {
                    position = max(position, dataset.sequence)
                    break
                }
                position = max(position, bound)
            }
            return ChangeSlice(
                records: reader.records, reached: position, isComplete: position >= dataset.sequence,
                rowsRead: reader.rowsRead)
        }
    }

    /// Merges a batch of remote records into the dataset in ONE transaction, and saves `cursor` in it.
    ///
    /// For each record the merged state is written with a new sequence number only if it differs from the
    /// local state; the row remembers `peer` as its source when the merged state is exactly the incoming one
    /// (so `changes(excludingPeer:)` does not send it back). The clock observes the highest incoming clock.
    /// The whole batch is refused, changing nothing, for a clock too far ahead (`.clockDrift`), a type that does
    /// not belong in the dataset (`.kindMismatch`), a type change of an existing id (`.typeChange`) or a state that
    /// could not have come from a real history (`.invalidRecord`, `IncomingStates.historyProblem`). The schema is
    /// checked before, at the gate (`IncomingStates.check`, which `ReplicaRecordStore.applyBatch` runs).
    @discardableResult
    ///
    /// `admit`, when given, is the caller's gate (`IncomingStates.check`): it gets the dataset's kind, from the
    /// same read of the dataset's row the apply uses, before anything is written, and may refuse the batch.
    public func apply(
        dataset name: String,
        records: [RecordState],
        from peer: SiteID?,
        cursor: CursorUpdate? = nil,
        admit: ((DatasetKind) throws(ReplicaError) -> Void)? = nil
    ) throws(ReplicaError) -> ApplyResult {
        try write { db in try apply(db, dataset: name, records: records, from: peer, cursor: cursor, admit: admit) }
    }

    /// `apply(dataset:records:from:cursor:)` inside the write transaction `db`.
    func apply(
        _ db: Database,
        dataset name: String,
        records: [RecordState],
        from peer: SiteID?,
        cursor: CursorUpdate?,
        admit: ((DatasetKind) throws(ReplicaError) -> Void)? = nil
    ) throws -> ApplyResult {
        var clock = try loadClock(db)
        var writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
        try admit?(writer.dataset.kind)
        let (highest, latest) = try IncomingStates.engineCheck(records, in: writer.dataset.kind, dataset: name)
        do {
            try clock.receive(highest)
        } catch {
            throw IncomingStates.clockRefusal(error, record: latest, clock: highest, dataset: name)
        }
        var result = ApplyResult()
        var buffer = ByteBuffer()
        let start = writer.dataset.sequence
        // The sequences of the rows stored with a state the sender does not hold, from the first to the last.
        var echoed: ClosedRange<UInt64>?
        for incoming in records {
            buffer.clear()
            incoming.write(to: &buffer)
            let decision = try buffer.withUnsafeReadableBytes { bytes in
                try writer.apply(incoming, encoded: bytes, from: peer)
            }
            if decision.action == .ignore {
                result.unchanged += 1
            } else {
                result.applied += 1
                if decision.gainsConflict { result.newConflicts += 1 }
                if decision.echoesToSender {
                    let sequence = writer.dataset.sequence
                    echoed = (echoed?.lowerBound ?? sequence)...sequence
                }
            }
        }
        if let peer {
            for run in Replica.heldRuns(storedAfter: start, through: writer.dataset.sequence, echoed: echoed) {
                try Replica.noteHeldRun(run, peer: peer, datasetID: writer.dataset.rowID, db)
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
}
