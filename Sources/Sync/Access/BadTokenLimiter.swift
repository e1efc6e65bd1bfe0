import Synchronization

/// Slows down repeated bad tokens from one source address: the first bad attempt is answered at once, each
/// further one after a delay that doubles (`baseDelay`, twice that, ...) up to `maxDelay`. The answers to one
/// address are spaced out one after another, so attempts made in parallel over many connections are answered no
/// faster than one at a time; other addresses are never kept waiting by them. An address is forgotten after
/// `forgetAfter` without a bad attempt; at most `maxAddresses` are remembered. An "address" is an `AddressGroup`:
/// every IPv6 address of one /64 counts as one, an IPv4-mapped IPv6 address as the IPv4 address.
///
/// It also says which refusals to log: each of the first `loggedInFull` of an address, then one every `logEvery`
/// (carrying how many were not logged since), so a flood of guesses cannot flood the log.
public final class BadTokenLimiter: Sendable {
    /// What the limiter decided for one bad attempt.
    public struct Verdict: Hashable, Sendable {
        /// Bad attempts from the address so far, this one included.
        public var count: Int
        /// How long to wait before answering this attempt.
        public var delay: Duration
        /// `true` when this refusal is to be logged.
        public var shouldLog: Bool
        /// Refusals of the address not logged since the last one that was (when `shouldLog`).
        public var unlogged: Int

        /// Makes a verdict.
        public init(count: Int, delay: Duration, shouldLog: Bool = true, unlogged: Int = 0) {
            self.count = count
            self.delay = delay
            self.shouldLog = shouldLog
            self.unlogged = unlogged
        }
    }

    private struct Entry {
        var count: Int
        var last: ContinuousClock.Instant
        /// When the latest attempt is answered: the next one is answered its delay after that.
        var answerAt: ContinuousClock.Instant
        var loggedAt: ContinuousClock.Instant?
        var unlogged = 0
    }

    /// The delay of the second bad attempt; each further one doubles it.
    public let baseDelay: Duration
    /// The longest delay.
    public let maxDelay: Duration
    /// How long an address is remembered after its last bad attempt.
    public let forgetAfter: Duration
    /// How many addresses are remembered at most (the oldest are forgotten first).
    public let maxAddresses: Int
    /// How many refusals of an address are each logged before logging is thinned out.
    public let loggedInFull: Int
    /// After the first `loggedInFull`, the least time between two logged refusals of an address.
    public let logEvery: Duration
    private let entries = Mutex<[String: Entry]>([:])

    /// Makes a limiter; the defaults wait 0.25 s, 0.5 s, 1 s, ... up to 8 s, forget after 15 minutes, and log the
    /// first 5 refusals of an address, then one a minute.
    public init(
        baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(8),
        forgetAfter: Duration = .seconds(900),
        maxAddresses: Int = 10_000,
        loggedInFull: Int = 5,
        logEvery: Duration = .seconds(60)
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.forgetAfter = forgetAfter
        self.maxAddresses = max(1, maxAddresses)
        self.loggedInFull = loggedInFull
        self.logEvery = logEvery
    }

    /// The delay before answering the `count`-th bad attempt from one address.
    public func delay(forAttempt count: Int) -> Duration {
        guard count > 1 else { return .zero }
        let doublings = min(count - 2, 30)
        return min(baseDelay * (1 << doublings), maxDelay)
    }

    /// Counts a bad attempt from `address` (its `AddressGroup`) at `now` and returns how long to wait before
    /// answering it: its own delay after the answer to the group's previous attempt (or after `now`, when that
    /// one was answered).
    public func recordFailure(from address: String, at now: ContinuousClock.Instant = .now) -> Verdict {
        let address = AddressGroup.key(address)
        return entries.withLock { entries in
            let remembered = entries[address].flatMap { now - $0.last < forgetAfter ? $0 : nil }
            var entry = remembered ?? Entry(count: 0, last: now, answerAt: now)
            entry.count += 1
            entry.last = now
            entry.answerAt = max(now, entry.answerAt) + delay(forAttempt: entry.count)
            var verdict = Verdict(count: entry.count, delay: entry.answerAt - now, shouldLog: false)
            if entry.count <= loggedInFull || entry.loggedAt.map({ now - $0 >= logEvery }) ?? true {
                verdict.shouldLog = true
                verdict.unlogged = entry.unlogged
                entry.loggedAt = now
                entry.unlogged = 0
            } else {
                entry.unlogged += 1
            }
            if entries[address] == nil, entries.count >= maxAddresses { forgetOldest(&entries, at: now) }
            entries[address] = entry
            return verdict
        }
    }

    /// Bad attempts remembered for `address` (its `AddressGroup`) at `now`.
    public func failures(from address: String, at now: ContinuousClock.Instant = .now) -> Int {
        let address = AddressGroup.key(address)
        return entries.withLock { entries in
            entries[address].map { now - $0.last < forgetAfter ? $0.count : 0 } ?? 0
        }
    }

    /// Makes room for one address: forgets the stale ones, or else the one quiet for longest.
    private func forgetOldest(_ entries: inout [String: Entry], at now: ContinuousClock.Instant) {
        entries = entries.filter { now - $0.value.last < forgetAfter }
        if entries.count >= maxAddresses, let oldest = entries.min(by: { $0.value.last < $1.value.last }) {
            entries.removeValue(forKey: oldest.key)
        }
    }
}
