public import Store
public import Wire

/// A sorted view of one side's `(record id, digest)` pairs, as range-based reconciliation reads it.
/// `StoreItemSource` reads one dataset of a `RecordStore`; `SortedItemSource` holds the pairs in memory.
public protocol ReconcileItemSource: Sendable {
    /// The count and digest sum of the items in `range`.
    func summary(of range: IDRange) async throws -> RangeSummary
    /// Every item in `range`, ids ascending.
    func items(in range: IDRange) async throws -> [ReconcileItem]
    /// The ids of the items at `positions` (0-based among the items of `range`, ascending, each below the
    /// range's count), in that order.
    func ids(in range: IDRange, at positions: [Int]) async throws -> [String]
}
