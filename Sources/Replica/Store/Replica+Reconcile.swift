public import Store
import Foundation
import GRDB
public import Wire

extension Replica {
    /// The digest of a record state for reconciliation: the first 16 bytes of SHA-256 of its encoded bytes
    /// (`RecordState.encodedBytes`, Protocol.md §11.4).
    public static func reconcileDigest(of state: RecordState) -> Digest128 {
        StateDigest(of: state).value
    }

    static func digest(ofEncoded bytes: Data) -> Digest128 {
        bytes.withUnsafeBytes { StateDigest(of: $0).value }
    }

    /// The count of the dataset's records (tombstones included) with ids in `[lower, upper)` (`upper == ""`: no
    /// end) and the sum of their digests modulo 2^128, as a `Digest128` holding the sum.
    public func reconcileSum(dataset name: String, from lower: String, to upper: String) throws(ReplicaError)
        -> (count: Int, sum: Digest128)
    {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try Replica.rangeStatement(db, select: "digest", upper: upper, suffix: "")
            let rows = try Row.fetchCursor(statement, arguments: Replica.rangeArguments(dataset, lower, upper))
            var count = 0
            var high: UInt64 = 0
            var low: UInt64 = 0
            while let row = try rows.next() {
                try row.withUnsafeData(atIndex: 0) { data in
                    guard let data, data.count == 16 else {
                        throw ReplicaError(.storage, "a record of \(name) has no digest: the store is damaged")
                    }
                    var digestHigh: UInt64 = 0
                    var digestLow: UInt64 = 0
                    for (index, byte) in data.enumerated() {
                        if index < 8 {
                            digestHigh = digestHigh << 8 | UInt64(byte)
                        } else {
                            digestLow = digestLow << 8 | UInt64(byte)
                        }
                    }
                    let (newLow, carry) = low.addingReportingOverflow(digestLow)
                    low = newLow
                    high = high &+ digestHigh &+ (carry ? 1 : 0)
                }
                count += 1
            }
            return (count, Digest128(high: high, low: low))
        }
    }

    /// The dataset's `(id, digest)` pairs (tombstones included) with ids in `[lower, upper)`, ids ascending.
    public func reconcileItems(dataset name: String, from lower: String, to upper: String) throws(ReplicaError)
        -> [ReconcileItem]
    {
        try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try Replica.rangeStatement(db, select: "id, digest", upper: upper, suffix: "ORDER BY id")
            let rows = try Row.fetchCursor(statement, arguments: Replica.rangeArguments(dataset, lower, upper))
            var items: [ReconcileItem] = []
            while let row = try rows.next() {
                let data: Data = row[1]
                guard let digest = Digest128(bytes: data) else {
                    throw ReplicaError(.storage, "a record of \(name) has no digest: the store is damaged")
                }
                items.append(ReconcileItem(id: row[0], digest: digest))
            }
            return items
        }
    }

    /// The ids at `positions` (0-based, ascending) among the dataset's ids in `[lower, upper)`, in one scan.
    public func reconcileIDs(dataset name: String, from lower: String, to upper: String, at positions: [Int])
        throws(ReplicaError) -> [String]
    {
        guard let first = positions.first, let last = positions.last else { return [] }
        return try read { db in
            let dataset = try DatasetRow.load(db, name: name)
            let statement = try Replica.rangeStatement(
                db, select: "id", upper: upper, suffix: "ORDER BY id LIMIT ? OFFSET ?"
            )
            var arguments = Replica.rangeArguments(dataset, lower, upper)
            arguments += [last - first + 1, first]
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            var ids: [String] = []
            var offset = first
            var wanted = positions.makeIterator()
            var next = wanted.next()
            while let row = try rows.next(), let target = next {
                let id: String = row[0]
                while let target = next, target == offset {
                    ids.append(id)
                    next = wanted.next()
                }
                _ = target
                offset += 1
            }
            guard ids.count == positions.count else {
                throw ReplicaError(.storage, "the records of \(name) changed during a reconcile scan")
            }
            return ids
        }
    }

    /// The states of the records `ids` that the dataset has (live or deleted), in the order given; unknown ids are
    /// left out.
    public func records(dataset name: String, ids: [String]) throws(ReplicaError) -> [RecordState] {
        try read { db in
            let writer = try RecordWriter(db, dataset: DatasetRow.load(db, name: name))
            return try ids.compactMap { try writer.load($0).state }
        }
    }

    private static func rangeStatement(_ db: Database, select: String, upper: String, suffix: String) throws
        -> Statement
    {
        try db.cachedStatement(
            sql: "SELECT \(select) FROM record_keys WHERE dataset_id = ? AND id >= ?"
                + (upper.isEmpty ? "" : " AND id < ?") + " " + suffix
        )
    }

    private static func rangeArguments(_ dataset: DatasetRow, _ lower: String, _ upper: String) -> StatementArguments {
        upper.isEmpty ? [dataset.rowID, lower] : [dataset.rowID, lower, upper]
    }

    /// Migration `v3-reconcile`: a digest per record and an id-ordered covering index of `(id, digest)`.
    static func addReconcileDigests(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE records ADD COLUMN digest BLOB")
        let rows = try Row.fetchCursor(db, sql: "SELECT dataset_id, id, state FROM records")
        let update = try db.makeStatement(sql: "UPDATE records SET digest = ? WHERE dataset_id = ? AND id = ?")
        var pending: [(Int64, String, Data)] = []
        while let row = try rows.next() {
            let state: Data = row[2]
            pending.append((row[0], row[1], Data(digest(ofEncoded: state).bytes)))
        }
        for (dataset, id, digest) in pending { try update.execute(arguments: [digest, dataset, id]) }
        try db.execute(sql: "CREATE INDEX records_reconcile ON records(dataset_id, id, digest)")
    }
}
