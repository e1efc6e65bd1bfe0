import Replica
import Store
import TestSupport
import Testing
import Wire

/// The apply fast paths (absent record stored as it comes, identical bytes skipped) must give the results of a
/// full merge.
@Suite struct ApplyPathTests {
    @Test func anOlderCopyAfterANewerOneChangesNothing() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        let old = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        replicas.clocks[0].advance(by: 5)
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(2))])
        let new = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        let peer = replicas[0].siteID
        #expect(try replicas[1].apply(dataset: "results", records: new, from: peer).applied == 1)
        #expect(try replicas[1].apply(dataset: "results", records: old, from: peer).unchanged == 1)
        #expect(try replicas[1].record(dataset: "results", id: "a") == new.first)
        #expect(try replicas[1].dataset(named: "results")?.sequence == 1)
    }

    @Test func aMergeThatDiffersFromTheIncomingStateIsSentBackToItsPeer() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        let share = FieldValue.decimal(ExactDecimal("1.5")!)
        try replicas[1].put(dataset: "results", type: .tally, id: "a", values: [("share", share)])
        let incoming = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        let peer = replicas[0].siteID
        let result = try replicas[1].apply(dataset: "results", records: incoming, from: peer)
        #expect(result.applied == 1)
        let merged = try #require(try replicas[1].record(dataset: "results", id: "a"))
        #expect(merged.value(of: "votes") == .int(1) && merged.value(of: "share") == share)
        // The merge is news to the peer: echo suppression must not hide it.
        let back = try replicas[1].changes(dataset: "results", after: 0, limit: 10, excludingPeer: peer)
        #expect(try back.states() == [merged])
        // Applying the peer's copy again changes nothing; applying the merge on the peer converges it.
        #expect(try replicas[1].apply(dataset: "results", records: incoming, from: peer).unchanged == 1)
        try replicas[0].apply(dataset: "results", records: back.states(), from: replicas[1].siteID)
        #expect(try replicas[0].record(dataset: "results", id: "a")?.encodedBytes == merged.encodedBytes)
    }

    @Test func aBatchMixingNewAndStoredRecordsCountsEachOnce() throws {
        let replicas = try TestReplicas(count: 2)
        for id in ["a", "b", "c", "d"] {
            try replicas[0].put(dataset: "results", type: .tally, id: id, values: [("votes", .int(1))])
        }
        let early = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        replicas.clocks[0].advance(by: 5)
        try replicas[0].put(dataset: "results", type: .tally, id: "c", values: [("votes", .int(2))])
        let peer = replicas[0].siteID
        try replicas[1].apply(dataset: "results", records: early.filter { ["a", "c"].contains($0.id) }, from: peer)
        // Feed order a, b, d, c: a stored and equal, b and d new (d inserted straight after b), c stored but older.
        let latest = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        #expect(latest.map(\.id) == ["a", "b", "d", "c"])
        let result = try replicas[1].apply(dataset: "results", records: latest, from: peer)
        #expect(result == ApplyResult(applied: 3, created: 2, unchanged: 1, newConflicts: 0))
        let info = try #require(try replicas[1].dataset(named: "results"))
        #expect(info.sequence == 5 && info.recordCount == 4)
        for record in latest { #expect(try replicas[1].record(dataset: "results", id: record.id) == record) }
    }
}
