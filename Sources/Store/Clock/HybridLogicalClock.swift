public import Wire

/// A hybrid logical clock: 48-bit Unix milliseconds and a 16-bit counter (`HLCTimestamp`).
///
/// Every reading it issues is greater than every reading it issued or observed before, whatever the wall
/// clock does, so a causally later write always carries a larger clock. The store persists `last` in the same
/// transaction as the writes that used it, so the clock never goes back across restarts.
public struct HybridLogicalClock: Sendable {
    /// The default maximum clock skew (Protocol.md §5): 7 days. A remote clock up to this far ahead of the local
    /// wall clock is absorbed (an hour, a time zone or a day off still syncs); two peers whose wall clocks are
    /// further apart refuse the handshake; a local write is refused when the wall clock is this far from what the
    /// peers' clocks said. `tally serve --max-clock-skew` and `TALLY_MAX_CLOCK_SKEW` change it.
    public static let defaultMaxDrift: UInt64 = 7 * 86_400_000

    /// The highest reading issued or observed so far.
    public private(set) var last: HLCTimestamp
    /// How far (in milliseconds) a remote clock may be ahead of the wall clock before `receive` refuses it.
    public var maxDrift: UInt64
    /// The physical time source.
    public let wallClock: WallClock

    /// Makes a clock that continues after `last`.
    public init(last: HLCTimestamp = .zero, wallClock: WallClock = .system, maxDrift: UInt64 = defaultMaxDrift) {
        self.last = last
        self.wallClock = wallClock
        self.maxDrift = maxDrift
    }

    /// A new reading for a local write: `max(physical time, last + 1)`.
    public mutating func now() -> HLCTimestamp {
        let physical = HLCTimestamp(milliseconds: wallClock.milliseconds(), counter: 0)
        last = physical > last ? physical : HLCTimestamp(rawValue: last.rawValue &+ 1)
        return last
    }

    /// Observes a remote reading so that every later `now()` is greater than it.
    ///
    /// Throws `.clockDrift` (and observes nothing) when `remote` is more than `maxDrift` ahead of the wall clock.
    public mutating func receive(_ remote: HLCTimestamp) throws(ReplicaError) {
        try check(remote)
        if remote > last { last = remote }
    }

    /// Throws `.clockDrift` when `remote` is more than `maxDrift` ahead of the wall clock; changes nothing.
    public func check(_ remote: HLCTimestamp) throws(ReplicaError) {
        let physical = wallClock.milliseconds()
        let (limit, overflow) = physical.addingReportingOverflow(maxDrift)
        guard overflow || remote.milliseconds <= limit else {
            throw ReplicaError(
                .clockDrift,
                "a write dated \(ClockSkew.date(remote.milliseconds)) is "
                    + "\(ClockSkew.duration(remote.milliseconds - physical)) ahead of this machine's clock "
                    + "(\(ClockSkew.date(physical)); limit \(ClockSkew.duration(maxDrift)))"
            )
        }
    }
}
