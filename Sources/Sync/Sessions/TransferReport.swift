/// What one pull or push of one dataset moved.
public struct TransferReport: Hashable, Sendable {
    /// The dataset.
    public var dataset: String
    /// Records sent to the peer.
    public var recordsSent: Int = 0
    /// Records sent that the peer acknowledged: applied and durable there. Short of `recordsSent` only when the
    /// transfer stopped with batches in flight.
    public var recordsAcknowledged: Int = 0
    /// Records received from the peer.
    public var recordsReceived: Int = 0
    /// Received records that changed the local replica.
    public var recordsApplied: Int = 0
    /// Received records the local replica already held exactly: nothing written.
    public var recordsUnchanged: Int = 0
    /// Received records that were new to the local replica (a subset of `recordsApplied`).
    public var recordsCreated: Int = 0
    /// `false` when the transfer stopped before the end of the sender's feed (the server shut down mid-pull):
    /// what arrived is applied, and the same pull resumes after it.
    public var complete: Bool = true
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
        recordsAcknowledged += other.recordsAcknowledged
        recordsReceived += other.recordsReceived
        recordsApplied += other.recordsApplied
        recordsUnchanged += other.recordsUnchanged
        recordsCreated += other.recordsCreated
        complete = complete && other.complete
        newConflicts += other.newConflicts
        batches += other.batches
        created = created || other.created
        reconcileRounds += other.reconcileRounds
    }
}
