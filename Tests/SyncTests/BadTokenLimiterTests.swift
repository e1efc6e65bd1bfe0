import Sync
import Testing

/// The delays the server waits before refusing repeated bad tokens from one address.
@Suite struct BadTokenLimiterTests {
    /// Attempts 10 s apart: each comes after the answer to the one before.
    @Test func eachBadAttemptFromOneAddressWaitsTwiceAsLongUpToTheCap() {
        let limiter = BadTokenLimiter(baseDelay: .milliseconds(250), maxDelay: .seconds(8))
        let start = ContinuousClock.now
        let delays = (0..<9).map { step in
            limiter.recordFailure(from: "192.0.2.7", at: start + .seconds(10 * step)).delay
        }
        #expect(
            delays == [
                .zero, .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
                .seconds(8), .seconds(8),
            ]
        )
        #expect(limiter.failures(from: "192.0.2.7", at: start + .seconds(90)) == 9)
        #expect(limiter.delay(forAttempt: 1_000) == .seconds(8))
    }

    @Test func addressesAreCountedApartAndForgottenAfterAQuietSpell() {
        let limiter = BadTokenLimiter(forgetAfter: .seconds(60))
        let start = ContinuousClock.now
        for _ in 0..<3 { _ = limiter.recordFailure(from: "192.0.2.1", at: start) }
        let other = limiter.recordFailure(from: "192.0.2.2", at: start)
        #expect(other.count == 1 && other.delay == .zero)
        #expect(limiter.recordFailure(from: "192.0.2.1", at: start + .seconds(59)).count == 4)
        // 60 s after its last bad attempt an address starts over.
        #expect(limiter.failures(from: "192.0.2.1", at: start + .seconds(119)) == 0)
        #expect(limiter.recordFailure(from: "192.0.2.1", at: start + .seconds(119)) == .init(count: 1, delay: .zero))
    }

    @Test func badTokensFromOneIPv6Slash64CountTogetherAndAMappedIPv4CountsAsTheIPv4Address() {
        let limiter = BadTokenLimiter()
        let start = ContinuousClock.now
        _ = limiter.recordFailure(from: "2001:db8:1:2::1", at: start)
        // Another address of the same /64: the second attempt of one client, delayed.
        let second = limiter.recordFailure(from: "2001:db8:1:2::99", at: start)
        #expect(second.count == 2 && second.delay == .milliseconds(250))
        #expect(limiter.failures(from: "2001:db8:1:2:abcd::1", at: start) == 2)
        #expect(limiter.recordFailure(from: "2001:db8:1:3::1", at: start).count == 1)
        _ = limiter.recordFailure(from: "192.0.2.7", at: start)
        #expect(limiter.recordFailure(from: "::ffff:192.0.2.7", at: start).count == 2)
    }

    @Test func atMostMaxAddressesAreRememberedTheQuietestForgottenFirst() {
        let limiter = BadTokenLimiter(maxAddresses: 3)
        let start = ContinuousClock.now
        for (index, address) in ["a", "b", "c"].enumerated() {
            _ = limiter.recordFailure(from: address, at: start + .seconds(index))
            _ = limiter.recordFailure(from: address, at: start + .seconds(index))
        }
        _ = limiter.recordFailure(from: "d", at: start + .seconds(10))
        #expect(limiter.failures(from: "a", at: start + .seconds(10)) == 0)
        #expect(["b", "c"].map { limiter.failures(from: $0, at: start + .seconds(10)) } == [2, 2])
        #expect(limiter.failures(from: "d", at: start + .seconds(10)) == 1)
    }
    @Test func twoThousandBadTokensSentInParallelFromOneAddressAreAnsweredOneAtATime() {
        let limiter = BadTokenLimiter(baseDelay: .milliseconds(250), maxDelay: .seconds(8))
        let start = ContinuousClock.now
        let delays = (0..<2_000).map { _ in limiter.recordFailure(from: "192.0.2.9", at: start).delay }
        // Each answer waits for the one before it plus its own delay: from the 7th on, 8 s apart.
        let gaps = zip(delays.dropFirst(), delays).map { $0 - $1 }
        #expect(
            gaps.prefix(6) == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
            ])
        #expect(gaps.dropFirst(6).allSatisfy { $0 == .seconds(8) })
        #expect(delays.last! >= .seconds(8 * 1_990))
    }

    @Test func aFloodFromOneAddressKeepsNoOtherAddressWaiting() {
        let limiter = BadTokenLimiter()
        let start = ContinuousClock.now
        for _ in 0..<2_000 { _ = limiter.recordFailure(from: "192.0.2.9", at: start) }
        #expect(limiter.recordFailure(from: "192.0.2.10", at: start).delay == .zero)
        #expect(limiter.recordFailure(from: "192.0.2.10", at: start + .seconds(1)).delay == .milliseconds(250))
        #expect(limiter.failures(from: "192.0.2.10", at: start + .seconds(1)) == 2)
    }

    @Test func refusalsAreEachLoggedAtFirstThenOneAMinuteWithTheCountLeftOut() {
        let limiter = BadTokenLimiter(loggedInFull: 5, logEvery: .seconds(60))
        let start = ContinuousClock.now
        let verdicts = (0..<2_000).map { _ in limiter.recordFailure(from: "192.0.2.9", at: start) }
        #expect(verdicts.filter(\.shouldLog).map(\.count) == [1, 2, 3, 4, 5])
        let minuteLater = limiter.recordFailure(from: "192.0.2.9", at: start + .seconds(60))
        #expect(minuteLater.shouldLog && minuteLater.unlogged == 1_995 && minuteLater.count == 2_001)
        #expect(!limiter.recordFailure(from: "192.0.2.9", at: start + .seconds(61)).shouldLog)
    }
}
