/// How a replica store is opened.
public struct ReplicaOptions: Sendable {
    /// How hard SQLite works to make a commit durable.
    public enum Durability: Sendable {
        /// `PRAGMA synchronous=FULL`: a commit is on disk when it returns, even after a power loss.
        case full
        /// `PRAGMA synchronous=NORMAL`: a commit survives a crash of the process, not always a power loss.
        case normal
    }

    /// The physical time source of the hybrid logical clock.
    public var wallClock: WallClock
    /// How far (ms) a remote clock may be ahead of the wall clock before its records are refused.
    public var maxDrift: UInt64
    /// Durability of commits. The default, `.full`, is what a server that acknowledges writes needs.
    public var durability: Durability

    /// Makes options; the defaults are the system clock, 10 minutes of drift and full durability.
    public init(
        wallClock: WallClock = .system,
        maxDrift: UInt64 = HybridLogicalClock.defaultMaxDrift,
        durability: Durability = .full
    ) {
        self.wallClock = wallClock
        self.maxDrift = maxDrift
        self.durability = durability
    }
}
