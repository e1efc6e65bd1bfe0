import Store
import Foundation
import GRDB
import Wire

/// A run of a dataset's change feed that a peer holds: every row with a sequence in `after + 1 ... through` was
/// stored exactly as that peer sent it.
///
/// Rows never change in place (a new state takes a new sequence), so the fact stays true as long as the rows do: a
/// row of the run that is rewritten later (a local edit, a merge, a record from another peer) leaves the run and
/// is read at its new sequence. Reading the feed for that peer can therefore jump over a run without reading it:
/// the echo rule would have left out every row in it.
struct HeldRun: Hashable, Sendable {
    /// The sequence just before the run.
    var after: UInt64
    /// The run's last sequence.
    var through: UInt64
}

extension Replica {
    /// Notes that `peer` holds the rows `run` of the dataset `datasetID`: a run that ends where the new one starts
    /// is extended (a pull of many batches with nothing local in between is one run), otherwise a run is added.
    static func noteHeldRun(_ run: HeldRun, peer: SiteID, datasetID: Int64, _ db: Database) throws {
        guard run.through > run.after else { return }
        let extend = try db.cachedStatement(
            sql: """
                UPDATE peer_held_runs SET through_seq = ?
                WHERE dataset_id = ? AND peer_site = ? AND through_seq = ?
                """
        )
        try extend.execute(arguments: [
            Int64(bitPattern: run.through), datasetID, peer.data, Int64(bitPattern: run.after),
        ])
        guard db.changesCount == 0 else { return }
        let add = try db.cachedStatement(
            sql: "INSERT INTO peer_held_runs (dataset_id, peer_site, after_seq, through_seq) VALUES (?, ?, ?, ?)"
        )
        try add.execute(arguments: [
            datasetID, peer.data, Int64(bitPattern: run.after), Int64(bitPattern: run.through),
        ])
    }

    /// The runs of the dataset `datasetID` that `peer` holds and that end after `sequence`, in feed order.
    static func heldRuns(_ db: Database, peer: SiteID, datasetID: Int64, endingAfter sequence: UInt64) throws
        -> [HeldRun]
    {
        let statement = try db.cachedStatement(
            sql: """
                SELECT after_seq, through_seq FROM peer_held_runs
                WHERE dataset_id = ? AND peer_site = ? AND through_seq > ? ORDER BY through_seq
                """
        )
        return try Row.fetchAll(statement, arguments: [datasetID, peer.data, Int64(bitPattern: sequence)]).map {
            HeldRun(after: UInt64(bitPattern: $0[0]), through: UInt64(bitPattern: $0[1]))
        }
    }

    /// Forgets the runs of `dataset` that `peer` acknowledged having passed (`sequence`, a position in the current
    /// epoch): its next read starts after them. Only the speed of a read from further back depends on them.
    static func dropHeldRuns(peer: SiteID, dataset: DatasetRow, through sequence: UInt64, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM peer_held_runs WHERE dataset_id = ? AND peer_site = ? AND through_seq <= ?",
            arguments: [dataset.rowID, peer.data, Int64(bitPattern: sequence)]
        )
    }

    /// The runs that a batch applied from a peer leaves that peer holding: the batch stored the rows `after + 1 ...
    /// through` (consecutive sequences) and, of those, the rows in `echoed` were stored with a state the sender
    /// does not hold (merges, the echo rule). The rows before the first echoed one and after the last one are held.
    static func heldRuns(storedAfter after: UInt64, through: UInt64, echoed: ClosedRange<UInt64>?) -> [HeldRun] {
        let runs =
            echoed.map {
                [HeldRun(after: after, through: $0.lowerBound - 1), HeldRun(after: $0.upperBound, through: through)]
            } ?? [HeldRun(after: after, through: through)]
        return runs.filter { $0.through > $0.after }
    }

    /// Migration `v7-held-runs`: the runs of each feed that a peer holds. An existing store starts with none: its
    /// first read of the feed for each peer reads the rows as before, and every batch applied after this migration
    /// notes its runs. The key's columns come first: SQLite 3.40's `integrity_check` reports a NOT NULL column
    /// declared between the key's columns of a WITHOUT ROWID table as holding NULL, though it holds none.
    static func addHeldRuns(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE peer_held_runs (
                    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                    peer_site BLOB NOT NULL,
                    through_seq INTEGER NOT NULL,
                    after_seq INTEGER NOT NULL,
                    PRIMARY KEY (dataset_id, peer_site, through_seq)
                ) WITHOUT ROWID;
                """
        )
    }
}
