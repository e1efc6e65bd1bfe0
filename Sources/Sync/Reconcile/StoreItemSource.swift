public import Store
public import Wire

/// One dataset of a `RecordStore` as reconciliation reads it: its records' `(id, digest)` pairs (tombstones
/// included), range by range, from the store's id-ordered index.
public struct StoreItemSource: ReconcileItemSource {
    /// The store.
    public let store: any RecordStore
    /// The dataset.
    public let dataset: String

    /// Reads `dataset` of `store`.
    public init(store: any RecordStore, dataset: String) {
        self.store = store
        self.dataset = dataset
    }

    /// The count and digest sum of `range`, from the store.
    public func summary(of range: IDRange) async throws -> RangeSummary {
        try await store.reconcileSummary(dataset: dataset, of: range)
    }

    /// The items of `range`, in id order, from the store.
    public func items(in range: IDRange) async throws -> [ReconcileItem] {
        try await store.reconcileItems(dataset: dataset, in: range)
    }

    /// The ids at `positions` within `range`, from the store.
    public func ids(in range: IDRange, at positions: [Int]) async throws -> [String] {
        try await store.reconcileIDs(dataset: dataset, in: range, at: positions)
    }
}
