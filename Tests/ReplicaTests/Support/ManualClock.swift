import Foundation
import Replica
import Store

/// A wall clock that tests set by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: UInt64

    init(_ milliseconds: UInt64 = 1_760_000_000_000) {  // 2025-10-09, after ClockSkew.earliestPlausible
        now = milliseconds
    }

    var milliseconds: UInt64 {
        get { lock.withLock { now } }
        set { lock.withLock { now = newValue } }
    }

    func advance(by delta: UInt64) {
        lock.withLock { now += delta }
    }

    var wallClock: WallClock {
        WallClock { [self] in milliseconds }
    }
}
