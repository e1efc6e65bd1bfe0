import Replica
import Store
import TestSupport
import Testing
import Wire

/// The clock rules of Protocol.md §5.1 for local writes, with hand-set wall clocks.
@Suite struct ClockRulesTests {
    static let day: UInt64 = 86_400_000
    static let values: [(String, FieldValue)] = [("votes", .int(1))]

    @Test func localWritesAreRefusedWhileTheClockSaysBefore2025() throws {
        let replicas = try TestReplicas(count: 1)
        try replicas[0].put(dataset: "results", type: .tally, id: "kept", values: Self.values)
        let clockBefore = try replicas[0].lastClock()
        replicas.clocks[0].milliseconds = 946_684_800_000  // 2000-01-01, a dead battery
        let put = #expect(throws: ReplicaError.self) {
            try replicas[0].put(dataset: "results", type: .tally, id: "a", values: Self.values)
        }
        #expect(put?.code == .clockImplausible)
        #expect(
            put?.message
                == "this machine's clock says 2000-01-01 00:00 UTC, before 2025-01-01 00:00 UTC: set the clock and "
                + "retry (nothing was written)")
        #expect(throws: ReplicaError.self) { try replicas[0].delete(dataset: "results", id: "kept") }
        #expect(throws: ReplicaError.self) {
            try replicas[0].importRecords(into: "results", [(RecordType.tally, "b", Self.values)])
        }
        #expect(try replicas[0].record(dataset: "results", id: "a") == nil)
        #expect(try replicas[0].record(dataset: "results", id: "kept")?.isDeleted == false)
        #expect(try replicas[0].lastClock() == clockBefore)
    }

    @Test func aLocalWriteIsRefusedOnceTheClockIsSetBackFurtherThanTheLimitBehindWhatThePeerShowed() throws {
        let replicas = try TestReplicas(count: 1)
        let now = replicas.clocks[0].milliseconds
        try replicas[0].recordPeerClock(PeerClock(peer: .random(), peerClock: now + 3_600_000, localClock: now))
        // An hour behind the peer: fine.
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: Self.values)
        replicas.clocks[0].milliseconds = now - 30 * Self.day
        let error = #expect(throws: ReplicaError.self) {
            try replicas[0].put(dataset: "results", type: .tally, id: "b", values: Self.values)
        }
        #expect(error?.code == .clockImplausible)
        #expect(error?.message.contains("is 30 days behind the clock replica ") == true, "\(error?.message ?? "")")
        replicas.clocks[0].milliseconds = now - 3 * Self.day
        try replicas[0].put(dataset: "results", type: .tally, id: "b", values: Self.values)
    }

    @Test func aLocalWriteIsRefusedWhileThePeerFoundThisClockFarAheadAndItWasNotSetBack() throws {
        let replicas = try TestReplicas(count: 1)
        replicas.clocks[0].milliseconds = 1_800_000_000_000  // 2027-01-15: 400 days earlier is still after 2025
        let now = replicas.clocks[0].milliseconds
        try replicas[0].recordPeerClock(PeerClock(peer: .random(), peerClock: now - 400 * Self.day, localClock: now))
        replicas.clocks[0].advance(by: 60_000)
        let error = #expect(throws: ReplicaError.self) {
            try replicas[0].put(dataset: "results", type: .tally, id: "a", values: Self.values)
        }
        #expect(error?.code == .clockImplausible)
        #expect(error?.message.hasPrefix("this machine's clock was 400 days ahead of replica ") == true)
        #expect(try replicas[0].record(dataset: "results", id: "a") == nil)
        // The clock is set right (back by 400 days): the measurement no longer describes it.
        replicas.clocks[0].milliseconds = now - 400 * Self.day + 60_000
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: Self.values)
    }

    @Test func onePeerWithABadClockDoesNotBlockTheLocalWritesOfAReplicaWhoseClockIsRight() throws {
        let replicas = try TestReplicas(count: 1)
        let now = replicas.clocks[0].milliseconds
        try replicas[0].recordPeerClock(PeerClock(peer: .random(), peerClock: now, localClock: now))
        try replicas[0].recordPeerClock(PeerClock(peer: .random(), peerClock: now + 1_000, localClock: now))
        // The newest measurement: a laptop two years behind connected.
        try replicas[0].recordPeerClock(PeerClock(peer: .random(), peerClock: now - 730 * Self.day, localClock: now))
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: Self.values)
        #expect(try replicas[0].peerClocks().count == 3)
        #expect(try replicas[0].peerClocks().first?.skew == -730 * Int64(Self.day))
    }

    @Test func durationsAndDatesReadAsAPersonWouldSayThem() {
        #expect(ClockSkew.duration(3_596_983) == "1 hour")
        #expect(ClockSkew.duration(412 * Self.day) == "412 days")
        #expect(ClockSkew.duration(Self.day) == "1 day")
        #expect(ClockSkew.duration(600_000) == "10 minutes")
        #expect(ClockSkew.duration(12) == "12 milliseconds")
        #expect(ClockSkew.date(1_793_566_800_000) == "2026-11-01 21:00 UTC")
        #expect(
            ClockSkew.refusal(
                localClock: 1_793_566_800_000 - 412 * Self.day, peerClock: 1_793_566_800_000, peer: "the server",
                limit: 7 * Self.day)
                == "this machine's clock is 412 days behind the server's (limit 7 days; this machine: 2025-09-15 "
                + "21:00 UTC, the server: 2026-11-01 21:00 UTC): set the clock that is wrong and retry")
    }

    /// Property: three hybrid clocks on wall clocks one right, one an hour behind and one a day ahead (each
    /// jittering back and forth), exchanging readings at random, issue strictly increasing readings, and a reading
    /// made after receiving is greater than what was received.
    @Test(arguments: 0..<20 as Range<UInt64>)
    func skewedHybridClocksStayMonotonicAndWritesAfterReceivingAreGreater(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let base: UInt64 = 1_800_000_000_000
        let offsets: [Int64] = [0, -3_600_000, 86_400_000]
        let walls = offsets.map { ManualClock(UInt64(Int64(base) + $0)) }
        var clocks = walls.map { HybridLogicalClock(wallClock: $0.wallClock) }
        var last = clocks.map(\.last)
        for _ in 0..<500 {
            // Real time moves forward a little; each wall clock wobbles by up to a second either way.
            for wall in walls {
                let step = Int64.random(in: 0...50, using: &generator)
                let wobble = Int64.random(in: -1_000...1_000, using: &generator)
                wall.milliseconds = UInt64(Int64(wall.milliseconds) + step + wobble)
            }
            let from = Int.random(in: 0..<3, using: &generator)
            let reading = clocks[from].now()
            #expect(reading > last[from], "seed \(seed): clock \(from) went back")
            last[from] = reading
            if Bool.random(using: &generator) {
                let to = (from + Int.random(in: 1..<3, using: &generator)) % 3
                try clocks[to].receive(reading)
                let after = clocks[to].now()
                #expect(after > reading, "seed \(seed): a write after receiving is not greater")
                #expect(after > last[to], "seed \(seed): clock \(to) went back")
                last[to] = after
            }
        }
    }
}
