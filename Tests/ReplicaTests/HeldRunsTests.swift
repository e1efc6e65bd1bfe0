import Foundation
import Replica
import Store
import Testing
import Wire

/// What a pull brought unchanged from a peer is not read again to find what to send that peer (issue 9: the first
/// sync after a cold pull read the whole pulled feed), and everything the peer lacks is still found.
@Suite struct HeldRunsTests {
    private static func tallies(_ range: ClosedRange<Int>, prefix: String = "t", votes: Int64 = 1)
        -> [(RecordType, String, [(String, FieldValue)])]
    {
        range.map { (.tally, "\(prefix)-\($0)", [("votes", .int(votes + Int64($0)))]) }
    }

    /// The whole feed of `replica` as `peer` would be sent it, read in batches of `limit` rows.
    private static func feed(of replica: Replica, for peer: SiteID, limit: Int = 50) throws
        -> (records: [String], rowsRead: Int, reached: UInt64)
    {
        var records: [String] = []
        var rows = 0
        var after: UInt64 = 0
        while true {
            let batch = try replica.changes(dataset: "results", after: after, limit: limit, excludingPeer: peer)
            records += try batch.states().map(\.id)
            rows += batch.rowsRead
            after = batch.reached
            if batch.isComplete { return (records, rows, after) }
        }
    }

    @Test func aFeedPulledFromAPeerIsNotReadToFindWhatToSendItBack() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...500))
        #expect(try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 37) == 500)
        let head = try #require(try replicas[0].dataset(named: "results")).sequence
        let back = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(back.records.isEmpty)
        #expect(back.rowsRead == 0)
        #expect(back.reached == head)
        // One read covers it all, whatever the limit.
        let once = try replicas[0].changes(dataset: "results", after: 0, limit: 1, excludingPeer: replicas[1].siteID)
        #expect(once.isComplete && once.reached == head && once.rowsRead == 0)
        // Another replica is sent everything.
        let other = try Self.feed(of: replicas[0], for: SiteID(high: 7, low: 7))
        #expect(other.records.count == 500)
        #expect(other.rowsRead == 500)
        // The store holding the runs is sound by SQLite's own check (`tally check --integrity`).
        #expect(try replicas[0].integrityCheck() == ["ok"])
    }

    @Test func aLocalEditBetweenPullsIsStillSentAndOnlyItIsRead() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...100))
        try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 30)
        try replicas[0].put(dataset: "results", type: .tally, id: "t-5", values: [("votes", .int(999))])
        try replicas[0].put(dataset: "results", type: .tally, id: "local", values: [("votes", .int(3))])
        try replicas[1].importRecords(into: "results", Self.tallies(101...200))
        #expect(try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 30) == 100)
        let back = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(back.records == ["t-5", "local"])
        #expect(back.rowsRead == 2)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 2)
        #expect(try replicas[1].record(dataset: "results", id: "t-5")?.value(of: "votes") == .int(999))
    }

    @Test func aLocalEditDuringAPullIsStillSent() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...90))
        let peer = replicas[1].siteID
        let epoch = try #require(try replicas[1].dataset(named: "results")).epoch
        var after: UInt64 = 0
        var batches = 0
        while true {
            let batch = try replicas[1].changes(dataset: "results", after: after, limit: 20)
            try replicas[0].apply(
                dataset: "results", records: batch.states(), from: peer,
                cursor: CursorUpdate(
                    peer: peer, direction: .pull, cursor: FeedCursor(epoch: epoch, sequence: batch.reached)))
            batches += 1
            // Between two batches of the same pull, the user edits a record the pull already brought.
            if batches == 2 {
                try replicas[0].put(dataset: "results", type: .tally, id: "t-3", values: [("votes", .int(-1))])
            }
            after = batch.reached
            if batch.isComplete { break }
        }
        let back = try Self.feed(of: replicas[0], for: peer)
        #expect(back.records == ["t-3"])
        #expect(back.rowsRead == 1)
    }

    @Test func aMergeThatDiffersFromWhatThePeerSentIsSentBack() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...10))
        try replicas[0].pull(from: replicas[1], dataset: "results")
        try replicas[1].pull(from: replicas[0], dataset: "results")
        // Concurrent edits of two fields of the same record: the merge holds both, which neither side sent.
        try replicas[0].put(dataset: "results", type: .tally, id: "t-4", values: [("votes", .int(40))])
        try replicas[1].put(dataset: "results", type: .tally, id: "t-4", values: [("unit_id", .string("FR-9"))])
        try replicas[1].importRecords(into: "results", Self.tallies(11...20))
        try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 4)
        let merged = try #require(try replicas[0].record(dataset: "results", id: "t-4"))
        #expect(merged.value(of: "votes") == .int(40) && merged.value(of: "unit_id") == .string("FR-9"))
        let back = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(back.records == ["t-4"])
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 1)
        #expect(try replicas[1].record(dataset: "results", id: "t-4") == merged)
    }

    @Test func recordsRelayedFromAThirdReplicaAreSentToThePeerThatLacksThem() throws {
        let replicas = try TestReplicas(count: 3)
        try replicas[1].importRecords(into: "results", Self.tallies(1...60))
        try replicas[2].importRecords(into: "results", Self.tallies(1...25, prefix: "third"))
        try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 11)
        try replicas[0].pull(from: replicas[2], dataset: "results", batchSize: 11)
        try replicas[1].importRecords(into: "results", Self.tallies(61...80))
        try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 11)
        let toSecond = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(toSecond.records == (1...25).map { "third-\($0)" })
        #expect(toSecond.rowsRead == 25)
        let toThird = try Self.feed(of: replicas[0], for: replicas[2].siteID)
        #expect(toThird.records.count == 80)
        #expect(toThird.rowsRead == 80)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 25)
        #expect(try replicas[2].pull(from: replicas[0], dataset: "results") == 80)
    }

    @Test func aDeliveryForgetsTheRunsItPassedAndReadsStayCorrect() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...40))
        try replicas[0].pull(from: replicas[1], dataset: "results", batchSize: 9)
        let info = try #require(try replicas[0].dataset(named: "results"))
        try replicas[0].recordDelivery(
            peer: replicas[1].siteID, dataset: "results", cursor: FeedCursor(epoch: info.epoch, sequence: info.sequence)
        )
        // From the delivered position nothing is read; from further back (a peer restored from a backup) the rows
        // are read again and still left out.
        let fromDelivered = try replicas[0].changes(
            dataset: "results", after: info.sequence, limit: 10, excludingPeer: replicas[1].siteID)
        #expect(fromDelivered.isComplete && fromDelivered.rowsRead == 0)
        let fromStart = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(fromStart.records.isEmpty)
        #expect(fromStart.rowsRead == 40)
    }

    @Test(.enabled(if: SQLiteShell.isAvailable))
    func aStoreMadeBeforeHeldRunsIsMigratedAndReadsAsBefore() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[1].importRecords(into: "results", Self.tallies(1...30))
        try replicas[0].pull(from: replicas[1], dataset: "results")
        // Take the file back to the schema of v6: no held runs, no v7 migration recorded.
        let path = replicas.directory.subdirectory("r0")
        try SQLiteShell.run(
            path + "/.tally/replica.sqlite",
            "DROP TABLE peer_held_runs; DELETE FROM grdb_migrations WHERE identifier = 'v7-held-runs';")

        try replicas.reopen(0, options: ReplicaOptions())
        let before = try Self.feed(of: replicas[0], for: replicas[1].siteID)
        #expect(before.records.isEmpty)
        #expect(before.rowsRead == 30)
        try replicas[1].importRecords(into: "results", Self.tallies(31...50))
        #expect(try replicas[0].pull(from: replicas[1], dataset: "results") == 20)
        let head = try #require(try replicas[0].dataset(named: "results")).sequence
        let after = try replicas[0].changes(
            dataset: "results", after: head - 20, limit: 5, excludingPeer: replicas[1].siteID)
        #expect(after.isComplete && after.rowsRead == 0)
    }
}
