public import Wire

/// One batch of a dataset's change feed, in sequence order.
public struct ChangeBatch: Sendable {
    /// The current state of each record changed in the batch's sequence range (minus echo-suppressed ones), as
    /// stored: `records.decoded()` for the states.
    public var records: EncodedRecords
    /// The highest sequence number scanned, even when its record was left out; the next batch starts after it.
    /// Equal to the requested start when nothing was scanned.
    public var lastSequence: UInt64
    /// The feed's epoch.
    public var epoch: UInt64
    /// `true` when the batch reaches the end of the feed as it was when read.
    public var isComplete: Bool
    /// The rows of the feed read to make the batch, echo-suppressed ones included (runs the peer is known to hold
    /// are passed over without reading them).
    public var rowsRead: Int

    /// Makes a batch.
    public init(records: EncodedRecords, lastSequence: UInt64, epoch: UInt64, isComplete: Bool, rowsRead: Int = 0) {
        self.records = records
        self.lastSequence = lastSequence
        self.epoch = epoch
        self.isComplete = isComplete
        self.rowsRead = rowsRead
    }

    /// The records, decoded; a stored state that does not decode is a corrupt store.
    public func states() throws(ReplicaError) -> [RecordState] {
        try records.storedStates()
    }

    /// The cursor after this batch.
    public var cursor: FeedCursor { FeedCursor(epoch: epoch, sequence: lastSequence) }
}
