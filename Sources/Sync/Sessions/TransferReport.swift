/// What one pull or push of one dataset moved.
public struct TransferReport: Hashable, Sendable {
    /// The dataset.
    public var dataset: String
    /// Records sent to the peer.
    public var recordsSent: Int = 0
    /// Records received from the peer.
    public var recordsReceived: Int = 0
    /// Received records that changed the local replica.
    public var recordsApplied: Int = 0
    /// Records that gained a conflict on the receiving side.
    public var newConflicts: Int = 0
    /// Batches exchanged.
    public var batches: Int = 0
    /// `true` when the dataset was created by this transfer (on the receiving side).
    public var created: Bool = false

    /// Makes an empty report.
    public init(dataset: String) {
        self.dataset = dataset
    }
}
