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
    /// Reconcile rounds (RECONCILE/RECONCILE_REPLY pairs) run; 0 when the cursors sufficed.
    public var reconcileRounds: Int = 0

    /// Makes an empty report.
    public init(dataset: String) {
        self.dataset = dataset
    }

    /// Adds the counts of `other` (same dataset) to this report.
    public mutating func merge(_ other: TransferReport) {
        recordsSent += other.recordsSent
        recordsReceived += other.recordsReceived
        recordsApplied += other.recordsApplied
        newConflicts += other.newConflicts
        batches += other.batches
        created = created || other.created
        reconcileRounds += other.reconcileRounds
    }
}
