public import Wire

/// A slice of a change feed.
public struct ChangeSlice: Sendable {
    /// The records changed in the slice (latest state of each), in feed order, encoded as the store holds them.
    public var records: EncodedRecords
    /// The highest sequence the slice covers, including records skipped as already held by the peer.
    public var reached: UInt64
    /// `true` when nothing is left after `reached`.
    public var isComplete: Bool
    /// The rows of the feed the store read to make the slice, those left out included.
    public var rowsRead: Int

    /// Makes a slice.
    public init(records: EncodedRecords, reached: UInt64, isComplete: Bool, rowsRead: Int = 0) {
        self.records = records
        self.reached = reached
        self.isComplete = isComplete
        self.rowsRead = rowsRead
    }

    /// The records, decoded; a stored state that does not decode is a corrupt store.
    public func states() throws(ReplicaError) -> [RecordState] {
        try records.storedStates()
    }
}
