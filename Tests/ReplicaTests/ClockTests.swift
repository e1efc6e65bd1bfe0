import Replica
import Store
import TestSupport
import Testing
import Wire

@Suite struct ClockTests {
    @Test func readingsIncreaseEvenWhenTheWallClockGoesBack() {
        let wall = ManualClock(5_000)
        var clock = HybridLogicalClock(wallClock: wall.wallClock)
        let first = clock.now()
        #expect(first == HLCTimestamp(milliseconds: 5_000, counter: 0))
        #expect(clock.now() == HLCTimestamp(milliseconds: 5_000, counter: 1))
        wall.milliseconds = 1_000
        #expect(clock.now() == HLCTimestamp(milliseconds: 5_000, counter: 2))
        wall.milliseconds = 9_000
        #expect(clock.now() == HLCTimestamp(milliseconds: 9_000, counter: 0))
    }

    @Test func receiveMakesLaterReadingsGreaterThanTheRemoteOne() throws {
        let wall = ManualClock(10_000)
        var clock = HybridLogicalClock(wallClock: wall.wallClock, maxDrift: 1_000)
        let remote = HLCTimestamp(milliseconds: 10_900, counter: 7)
        try clock.receive(remote)
        #expect(clock.now() > remote)
        try clock.receive(HLCTimestamp(milliseconds: 3, counter: 0))
        #expect(clock.now() > remote)
    }

    @Test func aRemoteClockTooFarAheadIsRefused() {
        let wall = ManualClock(10_000)
        var clock = HybridLogicalClock(wallClock: wall.wallClock, maxDrift: 1_000)
        let before = clock.last
        let error = #expect(throws: ReplicaError.self) {
            try clock.receive(HLCTimestamp(milliseconds: 11_001, counter: 0))
        }
        #expect(error?.code == .clockDrift)
        #expect(error?.message.contains("1 second ahead of this machine's clock") == true)
        #expect(clock.last == before)
    }

    @Test func theStoreClockNeverGoesBackAcrossReopenEvenIfTheWallClockDoes() throws {
        let replicas = try TestReplicas(count: 1)
        replicas.clocks[0].milliseconds = 2_000_000_000_000
        let first = try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        let firstClock = first.versionVector[replicas[0].siteID]
        let earlier = ManualClock(1_900_000_000_000)
        try replicas.reopen(0, options: ReplicaOptions(wallClock: earlier.wallClock))
        #expect(try replicas[0].lastClock() == firstClock)
        let second = try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(2))])
        #expect(second.versionVector[replicas[0].siteID] > firstClock)
        #expect(second.value(of: "votes") == .int(2))
    }

    @Test func aBatchWithAClockTooFarAheadChangesNothing() throws {
        let replicas = try TestReplicas(count: 2)
        replicas.clocks[0].advance(by: 8 * 86_400_000)  // 8 days ahead of replica 1: beyond the 7 days allowed
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        try replicas[0].put(dataset: "results", type: .tally, id: "b", values: [("votes", .int(1))])
        let batch = try replicas[0].changes(dataset: "results", after: 0, limit: 10)
        let epoch = try #require(try replicas[0].dataset(named: "results")).epoch
        let clockBefore = try replicas[1].lastClock()
        let error = #expect(throws: ReplicaError.self) {
            try replicas[1].apply(
                dataset: "results", records: batch.states(), from: replicas[0].siteID,
                cursor: CursorUpdate(
                    peer: replicas[0].siteID, direction: .pull,
                    cursor: FeedCursor(epoch: epoch, sequence: batch.reached))
            )
        }
        #expect(error?.code == .clockDrift)
        #expect(try replicas[1].snapshot(dataset: "results").isEmpty)
        #expect(try replicas[1].lastClock() == clockBefore)
        #expect(try replicas[1].cursor(peer: replicas[0].siteID, dataset: "results", direction: .pull) == nil)
        #expect(error?.message.contains("8 days ahead of this machine's clock") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(replicas[0].siteID.hex.prefix(8)) == true)
        // Within the bound, the same batch applies.
        replicas.clocks[1].advance(by: 2 * 86_400_000)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 2)
    }

    @Test func aCausallyLaterEditWinsEvenWhenItsWriterWallClockIsBehind() throws {
        let replicas = try TestReplicas(count: 2)
        replicas.clocks[0].advance(by: 5 * 60 * 1_000)  // A's wall clock 5 minutes ahead of B's
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        let edited = try replicas[1].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(2))])
        #expect(!edited.hasConflicts)
        try replicas[0].pull(from: replicas[1], dataset: "results")
        for index in 0..<2 {
            let state = try #require(try replicas[index].record(dataset: "results", id: "a"))
            #expect(state.value(of: "votes") == .int(2))
            #expect(!state.hasConflicts)
        }
    }
}
