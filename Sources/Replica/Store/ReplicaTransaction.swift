public import Store
import GRDB
public import Wire

/// Several reads and writes of a replica in ONE write transaction (see `Replica.transaction(_:)`): they all
/// commit together, or, if anything throws, none of them does. Reads see the transaction's own writes.
///
/// Valid only inside the closure it is given to; do not keep it.
public struct ReplicaTransaction {
    let replica: Replica
    let db: Database

    /// The dataset called `name`, or `nil`.
    public func dataset(named name: String) throws -> DatasetInfo? {
        try DatasetRow.find(db, name: name)?.info(db)
    }

    /// Creates an empty dataset (see `Replica.createDataset(named:kind:)`).
    @discardableResult
    public func createDataset(named name: String, kind: DatasetKind) throws -> DatasetInfo {
        try Replica.createDataset(db, name: name, kind: kind)
    }

    /// Merges a batch of remote records and saves `cursor` (see `Replica.apply(dataset:records:from:cursor:)`).
    @discardableResult
    public func apply(
        dataset name: String,
        records: [RecordState],
        from peer: SiteID?,
        cursor: CursorUpdate? = nil
    ) throws -> ApplyResult {
        try replica.apply(db, dataset: name, records: records, from: peer, cursor: cursor)
    }

    /// The saved cursor for `peer` on `dataset` in `direction`, or `nil`.
    public func cursor(peer: SiteID, dataset name: String, direction: FeedDirection) throws -> FeedCursor? {
        try Replica.cursor(db, peer: peer, dataset: name, direction: direction)
    }

    /// Saves a cursor.
    public func setCursor(_ update: CursorUpdate, dataset name: String) throws {
        try Replica.saveCursor(update, dataset: name, db)
    }
}

extension Replica {
    /// Runs `body` in ONE write transaction: everything it does commits together, or nothing does. An error
    /// `body` throws is rethrown unchanged after the rollback; a storage failure is a `ReplicaError(.storage)`.
    public func transaction<T>(_ body: (ReplicaTransaction) throws -> T) throws -> T {
        do {
            return try pool.write { db in
                let transaction = ReplicaTransaction(replica: self, db: db)
                do {
                    return try body(transaction)
                } catch let error as ReplicaError {
                    throw error
                } catch let error as DatabaseError {
                    throw error
                } catch {
                    throw ProducerFailure(error: error)
                }
            }
        } catch let failure as ProducerFailure {
            throw failure.error
        } catch {
            throw StorageFailure.error(error, file: storeFile)
        }
    }
}
