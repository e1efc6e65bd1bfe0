public import Wire

/// One dataset as a sync session sees it.
public struct DatasetSummary: Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// What it holds.
    public var kind: DatasetKind
    /// The change feed's current position: its epoch and the last sequence number issued.
    public var feed: FeedCursor
    /// Live records.
    public var recordCount: UInt64
    /// The highest feed sequence of a collected (dropped) tombstone: a pull cursor below it is stale.
    public var horizon: UInt64

    /// Makes a summary.
    public init(name: String, kind: DatasetKind, feed: FeedCursor, recordCount: UInt64, horizon: UInt64 = 0) {
        self.name = name
        self.kind = kind
        self.feed = feed
        self.recordCount = recordCount
        self.horizon = horizon
    }
}
