public import Store
import GRDB
public import Wire

extension Replica {
    /// Creates an empty dataset with a fresh random epoch. Throws `.invalidName` or `.datasetExists`.
    @discardableResult
    public func createDataset(named name: String, kind: DatasetKind) throws(ReplicaError) -> DatasetInfo {
        try write { db in try Replica.createDataset(db, name: name, kind: kind) }
    }

    /// `createDataset(named:kind:)` inside the write transaction `db`.
    static func createDataset(_ db: Database, name: String, kind: DatasetKind) throws -> DatasetInfo {
        guard DatasetInfo.isValidName(name) else {
            throw ReplicaError(
                .invalidName, "invalid dataset name \"\(name)\": use 1-64 characters of A-Z a-z 0-9 . _ -"
            )
        }
        guard try DatasetRow.find(db, name: name) == nil else {
            throw ReplicaError(.datasetExists, "dataset \"\(name)\" already exists")
        }
        return try DatasetRow.insert(db, name: name, kind: kind, epoch: Replica.randomEpoch()).info(db)
    }

    /// Every dataset, sorted by name.
    public func datasets() throws(ReplicaError) -> [DatasetInfo] {
        try read { db in try DatasetRow.all(db).map { try $0.info(db) } }
    }

    /// How many records each dataset stores, by dataset name: live ones and deleted ones (tombstones not yet
    /// collected) alike. A count over the records' index, for status reports; the sync path never needs it.
    public func storedRecordCounts() throws(ReplicaError) -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.name, (SELECT COUNT(*) FROM record_keys k WHERE k.dataset_id = d.id) FROM datasets d
                    """
            )
            return Dictionary(rows.map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The dataset called `name`, or `nil`.
    public func dataset(named name: String) throws(ReplicaError) -> DatasetInfo? {
        try read { db in try DatasetRow.find(db, name: name)?.info(db) }
    }

    /// Gives the dataset's change feed a new random epoch (after a reset or restore), so every peer cursor on it
    /// becomes stale. Returns the new epoch. The sequence keeps counting up.
    @discardableResult
    public func resetEpoch(dataset name: String) throws(ReplicaError) -> UInt64 {
        try write { db in
            var dataset = try DatasetRow.load(db, name: name)
            var epoch = Replica.randomEpoch()
            while epoch == dataset.epoch { epoch = Replica.randomEpoch() }
            dataset.epoch = epoch
            try dataset.save(db)
            return epoch
        }
    }

    static func randomEpoch() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}
