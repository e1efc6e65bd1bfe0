import Synchronization

/// Slows down repeated bad tokens from one source address: the first bad attempt is answered at once, each
/// further one after a delay that doubles (`baseDelay`, twice that, ...) up to `maxDelay`. An address is
/// forgotten after `forgetAfter` without a bad attempt; at most `maxAddresses` are remembered.
public final class BadTokenLimiter: Sendable {
    /// What the limiter decided for one bad attempt.
    public struct Verdict: Hashable, Sendable {
        /// Bad attempts from the address so far, this one included.
        public var count: Int
        /// How long to wait before answering this attempt.
        public var delay: Duration

        /// Makes a verdict.
        public init(count: Int, delay: Duration) {
            self.count = count
            self.delay = delay
        }
    }

    private struct Entry {
        var count: Int
        var last: ContinuousClock.Instant
    }

    /// The delay of the second bad attempt; each further one doubles it.
    public let baseDelay: Duration
    /// The longest delay.
    public let maxDelay: Duration
    /// How long an address is remembered after its last bad attempt.
    public let forgetAfter: Duration
    /// How many addresses are remembered at most (the oldest are forgotten first).
    public let maxAddresses: Int
    private let entries = Mutex<[String: Entry]>([:])

    /// Makes a limiter; the defaults wait 0.25 s, 0.5 s, 1 s, ... up to 8 s, and forget after 15 minutes.
    public init(
        baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(8),
        forgetAfter: Duration = .seconds(900),
        maxAddresses: Int = 10_000
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.forgetAfter = forgetAfter
        self.maxAddresses = max(1, maxAddresses)
    }

    /// The delay before answering the `count`-th bad attempt from one address.
    public func delay(forAttempt count: Int) -> Duration {
        guard count > 1 else { return .zero }
        let doublings = min(count - 2, 30)
        return min(baseDelay * (1 << doublings), maxDelay)
    }

    /// Counts a bad attempt from `address` at `now` and returns how long to wait before answering it.
    public func recordFailure(from address: String, at now: ContinuousClock.Instant = .now) -> Verdict {
        let count = entries.withLock { entries in
            let remembered = entries[address].flatMap { now - $0.last < forgetAfter ? $0 : nil }
            var entry = remembered ?? Entry(count: 0, last: now)
            entry.count += 1
            entry.last = now
            if entries[address] == nil, entries.count >= maxAddresses { forgetOldest(&entries, at: now) }
            entries[address] = entry
            return entry.count
        }
        return Verdict(count: count, delay: delay(forAttempt: count))
    }

    /// Bad attempts remembered for `address` at `now`.
    public func failures(from address: String, at now: ContinuousClock.Instant = .now) -> Int {
        entries.withLock { entries in entries[address].map { now - $0.last < forgetAfter ? $0.count : 0 } ?? 0 }
    }

    /// Makes room for one address: forgets the stale ones, or else the one quiet for longest.
    private func forgetOldest(_ entries: inout [String: Entry], at now: ContinuousClock.Instant) {
        entries = entries.filter { now - $0.value.last < forgetAfter }
        if entries.count >= maxAddresses, let oldest = entries.min(by: { $0.value.last < $1.value.last }) {
            entries.removeValue(forKey: oldest.key)
        }
    }
}
