/// What one tombstone collection run did.
public struct TombstoneCollection: Hashable, Sendable {
    /// How long (ms) a tombstone is kept at least before it may be collected: 30 days.
    public static let defaultGrace: UInt64 = 30 * 24 * 3_600 * 1_000

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
