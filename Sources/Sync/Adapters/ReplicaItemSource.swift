public import Replica
public import Wire

/// One dataset of a replica as reconciliation reads it: its records' `(id, digest)` pairs (tombstones included)
/// from the store's id-ordered `(id, digest)` index, range by range.
public struct ReplicaItemSource: ReconcileItemSource {
    /// The replica.
    public let replica: Replica
    /// The dataset.
    public let dataset: String

    /// Wraps one dataset of a replica.
    public init(replica: Replica, dataset: String) {
        self.replica = replica
        self.dataset = dataset
    }

    public func summary(of range: IDRange) throws -> RangeSummary {
        let (count, sum) = try replica.reconcileSum(dataset: dataset, from: range.lower, to: range.upper)
        return RangeSummary(count: count, high: sum.high, low: sum.low)
    }

    public func items(in range: IDRange) throws -> [ReconcileItem] {
        try replica.reconcileItems(dataset: dataset, from: range.lower, to: range.upper)
    }

    public func ids(in range: IDRange, at positions: [Int]) throws -> [String] {
        try replica.reconcileIDs(dataset: dataset, from: range.lower, to: range.upper, at: positions)
    }
}
