public import Wire

/// One batch of `CarriedChanges`.
public struct CarriedBatch: Sendable {
    /// The dataset.
    public var dataset: String
    /// The states, as the creator's feed held them.
    public var records: [RecordState]
    /// The position in the creator's feed this batch brings a reader to.
    public var cursor: FeedCursor

    /// Makes a batch.
    public init(dataset: String, records: [RecordState], cursor: FeedCursor) {
        self.dataset = dataset
        self.records = records
        self.cursor = cursor
    }
}
