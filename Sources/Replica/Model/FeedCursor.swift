/// A position in a dataset's change feed: the feed's epoch and the last sequence number covered.
///
/// A cursor whose epoch is not the feed's current epoch is stale: the peers must reconcile.
public struct FeedCursor: Hashable, Sendable {
    /// The feed's epoch when the cursor was taken.
    public var epoch: UInt64
    /// The last sequence number covered.
    public var sequence: UInt64

    /// Makes a cursor.
    public init(epoch: UInt64, sequence: UInt64) {
        self.epoch = epoch
        self.sequence = sequence
    }
}
