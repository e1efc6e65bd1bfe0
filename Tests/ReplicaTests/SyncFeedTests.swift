import Replica
import Store
import Testing
import Wire

@Suite struct SyncFeedTests {
    @Test func aSecondSyncTransfersNothing() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(
            into: "results", (1...20).map { (.tally, "t-\($0)", [("votes", .int(Int64($0)))]) })
        #expect(try replicas[0].pull(from: replicas[1], dataset: "results") == 20)
        let sequence = try #require(try replicas[0].dataset(named: "results")).sequence
        let echo = try replicas[0].changes(dataset: "results", after: 0, limit: 100, excludingPeer: replicas[1].siteID)
        #expect(echo.records.isEmpty)
        #expect(echo.reached == sequence && echo.isComplete)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 0)
        #expect(try replicas[1].dataset(named: "results")?.sequence == 20)
        // A third party still gets everything.
        let all = try replicas[0].changes(
            dataset: "results", after: 0, limit: 100, excludingPeer: SiteID(high: 9, low: 9))
        #expect(all.records.count == 20)
    }

    @Test func applyingABatchTwiceChangesNothingTheSecondTime() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        let batch = try replicas[0].changes(dataset: "results", after: 0, limit: 10)
        let first = try replicas[1].apply(dataset: "results", records: batch.states(), from: replicas[0].siteID)
        let second = try replicas[1].apply(dataset: "results", records: batch.states(), from: replicas[0].siteID)
        #expect(first == ApplyResult(applied: 1, created: 1, unchanged: 0, newConflicts: 0))
        #expect(second == ApplyResult(applied: 0, unchanged: 1, newConflicts: 0))
        #expect(try replicas[1].dataset(named: "results")?.sequence == 1)
    }

    @Test func applyRefusesTheWholeBatchForAWrongKindOrATypeChange() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].createDataset(named: "speeches", kind: .statement)
        try replicas[0].put(dataset: "results", type: .tally, id: "a", values: [("votes", .int(1))])
        try replicas[0].put(dataset: "results", type: .tally, id: "b", values: [("votes", .int(1))])
        try replicas[1].put(dataset: "results", type: .party, id: "b", values: [("name", .string("B"))])
        let records = try replicas[0].changes(dataset: "results", after: 0, limit: 10).states()
        let typeChange = #expect(throws: ReplicaError.self) {
            try replicas[1].apply(dataset: "results", records: records, from: replicas[0].siteID)
        }
        #expect(typeChange?.code == .typeChange)
        #expect(try replicas[1].record(dataset: "results", id: "a") == nil)
        let kind = #expect(throws: ReplicaError.self) {
            try replicas[1].apply(dataset: "speeches", records: records, from: replicas[0].siteID)
        }
        #expect(kind?.code == .kindMismatch)
        #expect(try replicas[1].dataset(named: "speeches")?.sequence == 0)
    }

    @Test func cursorsAreSavedWithTheBatchAndEpochsChangeOnReset() throws {
        let replicas = try TestReplicas(count: 2)
        let peer = replicas[0].siteID
        #expect(try replicas[1].cursor(peer: peer, dataset: "results", direction: .pull) == nil)
        try replicas[1].setCursor(
            CursorUpdate(peer: peer, direction: .push, cursor: FeedCursor(epoch: 7, sequence: 3)), dataset: "results"
        )
        #expect(
            try replicas[1].cursor(peer: peer, dataset: "results", direction: .push)
                == FeedCursor(epoch: 7, sequence: 3))
        #expect(try replicas[1].cursor(peer: peer, dataset: "results", direction: .pull) == nil)
        let before = try #require(try replicas[0].dataset(named: "results")).epoch
        let after = try replicas[0].resetEpoch(dataset: "results")
        #expect(after != before)
        #expect(try replicas[0].dataset(named: "results")?.epoch == after)
    }

    @Test func changesComeInSequenceOrderAndReportTheLastSequenceScanned() throws {
        let replicas = try TestReplicas(count: 1)
        for index in 1...5 {
            try replicas[0].put(dataset: "results", type: .tally, id: "t-\(index)", values: [("votes", .int(1))])
        }
        try replicas[0].put(dataset: "results", type: .tally, id: "t-2", values: [("votes", .int(2))])
        let first = try replicas[0].changes(dataset: "results", after: 0, limit: 3)
        #expect(try first.states().map(\.id) == ["t-1", "t-3", "t-4"] && first.reached == 4 && !first.isComplete)
        let second = try replicas[0].changes(dataset: "results", after: first.reached, limit: 3)
        #expect(try second.states().map(\.id) == ["t-5", "t-2"] && second.reached == 6 && second.isComplete)
        let empty = try replicas[0].changes(dataset: "results", after: 6, limit: 3)
        #expect(empty.records.isEmpty && empty.reached == 6 && empty.isComplete)
    }
}
