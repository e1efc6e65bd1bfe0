import Foundation
public import Store

/// A wall clock that tests set by hand. The one copy the test suites share.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64

    /// A clock at `milliseconds` (the default: 2025-10-09, after `ClockSkew.earliestPlausible`).
    public init(_ milliseconds: UInt64 = 1_760_000_000_000) {
        now = milliseconds
    }

    /// The time it shows, in Unix milliseconds.
    public var milliseconds: UInt64 {
        get { lock.withLock { now } }
        set { lock.withLock { now = newValue } }
    }

    /// Moves the clock on by `delta` ms.
    public func advance(by delta: UInt64) {
        lock.withLock { now += delta }
    }

    /// A wall clock that reads this one.
    public var wallClock: WallClock {
        WallClock { [self] in milliseconds }
    }
}
