import Replica
import Store
import Sync
import Synchronization
import TestSupport
import Testing
import Wire

/// Reconcile between real replicas over an in-memory pipe: explicit, after a stale cursor, and with collected
/// tombstones.
@Suite struct ReconcileSessionTests {
    static func tally(_ index: Int, votes: Int) -> (RecordType, String, [(String, FieldValue)]) {
        (
            RecordType.tally, "t-\(index)",
            [
                ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                ("unit_id", .string("FR-\(index)")),
                ("selection_id", .string("RN")), ("votes", .int(Int64(votes))),
                ("status", .enumeration("unofficial-complete")),
            ]
        )
    }

    /// A server and a client that share 300 records, then diverge without any cursor.
    static func diverged(_ fixture: SyncFixture) throws -> (client: Replica, server: Replica) {
        let (client, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(server, count: 300)
        _ = try client.createDataset(named: "fr", kind: .election)
        // The same 300 records reach the client by a path that sets no cursor (a merge of the server's states).
        var after: UInt64 = 0
        while true {
            let batch = try server.changes(dataset: "fr", after: after, limit: 100)
            try client.apply(dataset: "fr", records: batch.states(), from: nil)
            after = batch.reached
            if batch.isComplete { break }
        }
        try client.importRecords(into: "fr", (300..<320).map { tally($0, votes: $0) })
        try server.importRecords(into: "fr", (320..<345).map { tally($0, votes: $0) })
        try client.put(dataset: "fr", type: .tally, id: "t-5", values: [("votes", .int(5_000))])
        try server.put(dataset: "fr", type: .tally, id: "t-6", values: [("votes", .int(6_000))])
        try server.delete(dataset: "fr", id: "t-7")
        return (client, server)
    }

    @Test func reconcileExchangesExactlyTheDifferencesAndNormalSyncResumes() async throws {
        let fixture = try SyncFixture()
        let (client, server) = try Self.diverged(fixture)
        let report = try await SyncFixture.connect(client: client, server: server) { session in
            try await session.reconcile(dataset: "fr", kind: .election)
        }
        // Each side sends its new records (25 and 20) and its copy of each record the two hold differently
        // (t-5, t-6, t-7); the older copies change nothing where they land.
        #expect(report.recordsReceived == 28)
        #expect(report.recordsSent == 23)
        #expect(report.reconcileRounds >= 1 && report.reconcileRounds <= 4)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server, "fr"))
        #expect(try client.record(dataset: "fr", id: "t-7")?.isDeleted == true)
        #expect(try client.record(dataset: "fr", id: "t-5")?.value(of: "votes") == .int(5_000))
        #expect(try server.record(dataset: "fr", id: "t-5")?.value(of: "votes") == .int(5_000))

        // The cursor was set: a pull brings only what changed after the reconcile, a second reconcile nothing.
        try server.put(dataset: "fr", type: .tally, id: "t-8", values: [("votes", .int(8))])
        let (pulled, again) = try await SyncFixture.connect(client: client, server: server) { session in
            let pulled = try await session.pull(dataset: "fr", kind: .election)
            let again = try await session.reconcile(dataset: "fr", kind: .election)
            return (pulled, again)
        }
        #expect(pulled.recordsReceived == 1)
        #expect(again.recordsReceived == 0 && again.recordsSent == 0)
        #expect(again.reconcileRounds == 1)
    }

    @Test func aPullWithACursorOfAnotherEpochIsToldStaleAndReconciles() async throws {
        let fixture = try SyncFixture()
        let (client, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(server, count: 120)
        _ = try await SyncFixture.connect(client: client, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        // The server is restored: new epoch, and edits on both sides since.
        try server.resetEpoch(dataset: "fr")
        try server.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(1_111))])
        try client.put(dataset: "fr", type: .tally, id: "t-2", values: [("votes", .int(2_222))])
        let report = try await SyncFixture.connect(client: client, server: server) { session in
            let pulled = try await session.pull(dataset: "fr", kind: .election)
            let pushed = try await session.push(dataset: "fr")
            return (pulled, pushed)
        }
        #expect(report.0.reconcileRounds >= 1)
        #expect(report.0.recordsReceived == 2)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server, "fr"))
        // The cursor is now in the server's epoch: the next pull is a normal, empty one.
        let next = try await SyncFixture.connect(client: client, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        #expect(next.reconcileRounds == 0)
        #expect(next.recordsReceived == 0)
    }

    @Test func aStaleCursorErrorKeepsTheSessionOpen() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try SessionTests.seed(server, count: 3)
        let (clientEnd, serverEnd) = InMemoryChannel.pair()
        var client = clientEnd
        let serverTask = Task {
            var session = ServerSession(
                channel: serverEnd, store: ReplicaRecordStore(replica: server), policy: OpenAccessPolicy(),
                nodeName: "server"
            )
            try? await session.run()
        }
        try await client.send(
            .hello(
                Hello(
                    minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "raw",
                    capabilities: .defaults, token: nil))
        )
        guard case .welcome = try await client.receive() else { Issue.record("no WELCOME"); return }
        let stale = FeedCursor(epoch: 12_345, sequence: 2)
        try await client.send(.pullRequest(PullRequest(dataset: "fr", cursor: stale, batchSize: 10)))
        guard case .error(let error) = try await client.receive() else { Issue.record("no ERROR"); return }
        #expect(error.code == .staleCursor)
        #expect(error.dataset == "fr")
        try await client.send(.ping(Ping(nonce: 7)))
        #expect(try await client.receive() == .pong(Pong(nonce: 7)))
        client.close()
        await serverTask.value
    }

    /// A wall clock the test moves by hand, shared by every replica so their clocks agree.
    final class Clock: Sendable {
        let now = Mutex<UInt64>(1_800_000_000_000)
        var wallClock: WallClock { WallClock { [self] in now.withLock { $0 } } }
        func advance(days: UInt64) { now.withLock { $0 += days * 86_400_000 } }
    }

    @Test func aPeerAwayLongerThanTheGracePeriodCannotResurrectACollectedRecord() async throws {
        let fixture = try SyncFixture()
        let clock = Clock()
        let options = ReplicaOptions(wallClock: clock.wallClock)
        let (a, old, server) = (
            try fixture.replica(options: options), try fixture.replica(options: options),
            try fixture.replica(options: options)
        )
        try SessionTests.seed(a, count: 50)
        _ = try await SyncFixture.connect(client: a, server: server) { try await $0.push(dataset: "fr") }
        _ = try await SyncFixture.connect(client: old, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        // A deletes t-3; the deletion reaches the server and A pulls past it. `old` stays away.
        try a.delete(dataset: "fr", id: "t-3")
        _ = try await SyncFixture.connect(client: a, server: server) { session in
            _ = try await session.push(dataset: "fr")
            return try await session.pull(dataset: "fr", kind: .election)
        }
        // Within the grace period nothing is collected; `old` is still a known peer that has not passed it.
        clock.advance(days: 10)
        #expect(try server.collectTombstones(dataset: "fr").collected == 0)
        clock.advance(days: 25)
        _ = try await SyncFixture.connect(client: a, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        let collection = try server.collectTombstones(dataset: "fr")
        #expect(collection.collected == 1)
        #expect(collection.horizon > 0)
        #expect(try TemporaryReplicas.states(server, "fr")["t-3"] == nil)

        // `old` comes back with t-3 live: its cursor is below the horizon, it reconciles and pushes t-3, which
        // merges back into the tombstone; the deletion reaches `old`.
        let report = try await SyncFixture.connect(client: old, server: server) { session in
            let pulled = try await session.pull(dataset: "fr", kind: .election)
            _ = try await session.push(dataset: "fr")
            return pulled
        }
        #expect(report.reconcileRounds >= 1)
        #expect(try old.record(dataset: "fr", id: "t-3")?.isDeleted == true)
        #expect(try server.record(dataset: "fr", id: "t-3")?.isDeleted == true)
        _ = try await SyncFixture.connect(client: a, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        #expect(try a.record(dataset: "fr", id: "t-3")?.isDeleted == true)
        #expect(try TemporaryReplicas.states(old, "fr").count == 50)
        #expect(try server.dataset(named: "fr")?.recordCount == 49)
    }

    @Test func aRecreationAfterCollectionCoversTheDeletion() throws {
        let fixture = try SyncFixture()
        let clock = Clock()
        let replica = try fixture.replica(options: ReplicaOptions(wallClock: clock.wallClock))
        try SessionTests.seed(replica, count: 3)
        try replica.delete(dataset: "fr", id: "t-1")
        clock.advance(days: 31)
        #expect(try replica.collectTombstones(dataset: "fr").collected == 1)
        // A read still says deleted; a put re-creates the record over the marker (no liveness conflict).
        #expect(try replica.record(dataset: "fr", id: "t-1")?.isDeleted == true)
        try replica.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(1))])
        let state = try #require(try replica.record(dataset: "fr", id: "t-1"))
        #expect(!state.isDeleted)
        #expect(state.liveness.count == 1)
        #expect(try replica.conflicts(dataset: "fr").isEmpty)
    }
}
