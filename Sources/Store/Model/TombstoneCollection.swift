/// What one `Replica.collectTombstones` run did.
public struct TombstoneCollection: Hashable, Sendable {
    /// Tombstones dropped by this run.
    public var collected: Int
    /// The dataset's horizon after the run: the highest feed sequence of any collected tombstone (0: none).
    public var horizon: UInt64

    /// Makes a result.
    public init(collected: Int, horizon: UInt64) {
        self.collected = collected
        self.horizon = horizon
    }
}
