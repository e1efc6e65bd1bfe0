import Replica
import Store
import Sync
import TestSupport
import Testing
import Wire

/// Client sessions against server sessions over an in-memory pipe, with real replicas on both ends.
@Suite struct SessionTests {
    static func seed(_ replica: Replica, dataset: String = "fr", count: Int) throws {
        _ = try replica.createDataset(named: dataset, kind: .election)
        try replica.importRecords(
            into: dataset,
            (0..<count).map { index in
                (
                    RecordType.tally, "t-\(index)",
                    [
                        ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                        ("unit_id", .string("FR-\(index / 3)")), ("selection_id", .string("RN")),
                        ("votes", .int(Int64(index * 7))), ("status", .enumeration("unofficial-complete")),
                    ]
                )
            }
        )
    }

    @Test func pushThenPullGivesIdenticalReplicasAndASecondSyncMovesNothing() async throws {
        let fixture = try SyncFixture()
        let (a, b, server) = (try fixture.replica(), try fixture.replica(), try fixture.replica())
        try Self.seed(a, count: 250)
        var options = SessionOptions()
        options.batchSize = 40
        let pushed = try await SyncFixture.connect(client: a, server: server, options: options) { session in
            try await session.push(dataset: "fr")
        }
        #expect(pushed.recordsSent == 250)
        #expect(pushed.created)
        let pulled = try await SyncFixture.connect(client: b, server: server, options: options) { session in
            try await session.pull(dataset: "fr", kind: .election)
        }
        #expect(pulled.recordsApplied == 250)
        #expect(try TemporaryReplicas.states(a, "fr") == TemporaryReplicas.states(b, "fr"))
        #expect(try TemporaryReplicas.states(a, "fr") == TemporaryReplicas.states(server, "fr"))

        // Nothing new on either side: a full sync moves no record in either direction.
        for replica in [a, b] {
            let (pulledAgain, pushedAgain) = try await SyncFixture.connect(client: replica, server: server) { session in
                let pulled = try await session.pull(dataset: "fr", kind: .election)
                let pushed = try await session.push(dataset: "fr")
                return (pulled, pushed)
            }
            #expect(pulledAgain.recordsReceived == 0)
            #expect(pushedAgain.recordsSent == 0)
        }
    }

    @Test func concurrentEditsConvergeWithOneConflictEverywhere() async throws {
        let fixture = try SyncFixture()
        let (a, b, server) = (try fixture.replica(), try fixture.replica(), try fixture.replica())
        try Self.seed(a, count: 5)
        _ = try await SyncFixture.connect(client: a, server: server) { try await $0.push(dataset: "fr") }
        _ = try await SyncFixture.connect(client: b, server: server) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        try a.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(5))])
        try b.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(6))])
        try b.put(dataset: "fr", type: .tally, id: "t-2", values: [("status", .enumeration("recount"))])
        try a.put(dataset: "fr", type: .tally, id: "t-2", values: [("votes", .int(111))])
        for replica in [a, b, a] {
            _ = try await SyncFixture.connect(client: replica, server: server) { session in
                _ = try await session.pull(dataset: "fr", kind: .election)
                return try await session.push(dataset: "fr")
            }
        }
        #expect(try TemporaryReplicas.states(a, "fr") == TemporaryReplicas.states(b, "fr"))
        let conflicts = try a.conflicts(dataset: "fr")
        #expect(conflicts.map(\.id) == ["t-1"])
        #expect(conflicts.first?.field == "votes")
        #expect(try b.conflicts(dataset: "fr") == conflicts)
        let merged = try #require(try a.record(dataset: "fr", id: "t-2"))
        #expect(merged.value(of: "votes") == .int(111))
        #expect(merged.value(of: "status") == .enumeration("recount"))
    }

    @Test func aPullCutMidStreamResumesWithoutApplyingABatchTwice() async throws {
        let fixture = try SyncFixture()
        let (client, server) = (try fixture.replica(), try fixture.replica())
        try Self.seed(server, count: 100)
        var options = SessionOptions()
        options.batchSize = 10
        options.window = 1
        // HELLO, PULL, then three ACKs: the fourth ACK fails as if the connection dropped.
        await #expect(throws: InMemoryChannel.Cut.self) {
            _ = try await SyncFixture.connect(client: client, server: server, options: options, cutClientAfterSends: 5)
            {
                try await $0.pull(dataset: "fr", kind: .election)
            }
        }
        let appliedBefore = try TemporaryReplicas.states(client, "fr").count
        #expect(appliedBefore == 40)
        let resumed = try await SyncFixture.connect(client: client, server: server, options: options) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        #expect(resumed.recordsReceived == 60)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server, "fr"))
    }

    @Test func anInvalidRecordRefusesItsWholeBatchAndNamesIt() async throws {
        let fixture = try SyncFixture()
        let (client, server) = (try fixture.replica(), try fixture.replica())
        try Self.seed(client, count: 3)
        // The store takes any value; validation is the CLI's job locally and the server's on push.
        try client.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .string("many"))])
        let error = await #expect(throws: SyncError.self) {
            _ = try await SyncFixture.connect(client: client, server: server) { try await $0.push(dataset: "fr") }
        }
        #expect(error?.code == .invalidRecord)
        #expect(error?.recordIDs == ["t-1"])
        #expect(try server.dataset(named: "fr")?.recordCount == 0)
    }

    @Test func theSenderStopsAtTheWindowUntilAcknowledged() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try Self.seed(server, count: 20)
        var options = SessionOptions()
        options.window = 2
        let (clientEnd, serverEnd) = InMemoryChannel.pair()
        var client = clientEnd
        let serverTask = Task {
            var session = ServerSession(
                channel: serverEnd, store: ReplicaRecordStore(replica: server), policy: OpenAccessPolicy(),
                options: options, nodeName: "server"
            )
            try? await session.run()
        }
        var capabilities = Capabilities.defaults
        capabilities.window = 2
        try await client.send(
            .hello(
                Hello(
                    minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "raw", capabilities: capabilities,
                    token: nil))
        )
        guard case .welcome = try await client.receive() else { Issue.record("no WELCOME"); return }
        try await client.send(.pullRequest(PullRequest(dataset: "fr", cursor: nil, batchSize: 1)))
        for number in 1...2 {
            guard case .recordBatch(let batch) = try await client.receive() else { Issue.record("no batch"); return }
            #expect(batch.batchNumber == UInt64(number))
        }
        // Two batches are in flight: the server must wait. A PING is answered before any third batch.
        try await client.send(.ping(Ping(nonce: 42)))
        #expect(try await client.receive() == .pong(Pong(nonce: 42)))
        try await client.send(
            .batchAck(
                BatchAck(
                    dataset: "fr", batchNumber: 1, cursor: FeedCursor(epoch: 0, sequence: 1),
                    applied: 1, refusals: [])))
        guard case .recordBatch(let third) = try await client.receive() else { Issue.record("no third batch"); return }
        #expect(third.batchNumber == 3)
        client.close()
        await serverTask.value
    }
}

@Suite struct SessionRefusalTests {
    @Test func aPushWithABadDatasetNameIsABadRequestAndChangesNothing() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
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
                    minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "raw", capabilities: .defaults,
                    token: nil))
        )
        guard case .welcome = try await client.receive() else { Issue.record("no WELCOME"); return }
        // A foreign client asks for a dataset name no replica accepts.
        try await client.send(
            .pushRequest(PushRequest(dataset: "bad name!", kind: .election, senderEpoch: 1, cursor: nil)))
        guard case .error(let error) = try await client.receive() else { Issue.record("no ERROR"); return }
        #expect(error.code == .badRequest)
        #expect(!error.retryable)
        client.close()
        await serverTask.value
        #expect(try server.datasets().isEmpty)
    }

    @Test func aDatasetOfTheOtherKindIsRefused() async throws {
        let fixture = try SyncFixture()
        let (client, server) = (try fixture.replica(), try fixture.replica())
        _ = try server.createDataset(named: "fr", kind: .statement)
        try SessionTests.seed(client, count: 2)
        let error = await #expect(throws: SyncError.self) {
            _ = try await SyncFixture.connect(client: client, server: server) { try await $0.push(dataset: "fr") }
        }
        #expect(error?.code == .kindMismatch)
        #expect(try server.dataset(named: "fr")?.recordCount == 0)
    }
}
