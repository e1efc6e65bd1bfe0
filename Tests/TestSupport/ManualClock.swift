import Foundation
public import Store

/// A wall clock that tests set by hand.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64

    /// A clock reading `milliseconds`.
    public init(_ milliseconds: UInt64 = 1_760_000_000_000) {  // 2025-10-09, after ClockSkew.earliestPlausible
        now = milliseconds
    }

    /// The time it reads, ms since 1970.
    public var milliseconds: UInt64 {
        get { lock.withLock { now } }
        set { lock.withLock { now = newValue } }
    }

    /// Moves the clock on by `delta` ms.
    public func advance(by delta: UInt64) {
        lock.withLock { now += delta }
    }

    /// The clock as a replica reads it.
    public var wallClock: WallClock {
        WallClock { [self] in milliseconds }
    }
}
