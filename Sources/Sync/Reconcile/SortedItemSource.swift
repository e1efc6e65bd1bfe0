public import Store
public import Wire

/// An in-memory `ReconcileItemSource`: items sorted by id with prefix sums, so every query is a binary search.
public struct SortedItemSource: ReconcileItemSource, Sendable {
    /// The items, ids strictly ascending.
    public let items: [ReconcileItem]
    private let prefix: [RangeSummary]

    /// Makes a source from items in any order; ids must be distinct.
    public init(_ items: [ReconcileItem]) {
        self.items = items.sorted { IDRange.precedes($0.id, $1.id) }
        var prefix: [RangeSummary] = [.empty]
        prefix.reserveCapacity(items.count + 1)
        var running = RangeSummary.empty
        for item in self.items {
            running.add(item.digest)
            prefix.append(running)
        }
        self.prefix = prefix
    }

    /// The position of the first item whose id is not below `id`.
    private func position(of id: String) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if IDRange.precedes(items[middle].id, id) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func bounds(_ range: IDRange) -> Range<Int> {
        let start = range.lower.isEmpty ? 0 : position(of: range.lower)
        let end = range.upper.isEmpty ? items.count : position(of: range.upper)
        return start..<max(start, end)
    }

    /// The count and digest sum of `range`, from the prefix sums.
    public func summary(of range: IDRange) -> RangeSummary {
        let span = bounds(range)
        return prefix[span.upperBound].subtracting(prefix[span.lowerBound])
    }

    /// The items of `range`, in id order.
    public func items(in range: IDRange) -> [ReconcileItem] {
        Array(items[bounds(range)])
    }

    /// The ids at `positions` within `range`.
    public func ids(in range: IDRange, at positions: [Int]) -> [String] {
        let start = bounds(range).lowerBound
        return positions.map { items[start + $0].id }
    }
}
