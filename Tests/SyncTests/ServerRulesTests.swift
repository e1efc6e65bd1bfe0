import Replica
import Store
import Sync
import Testing
import Wire

/// What a server session tells a client about tokens, datasets and features, and how it sizes what it sends
/// (Protocol.md §8, §9): real replicas, in-memory pipe.
@Suite struct ServerRulesTests {
    /// A policy that gives every client the same access.
    struct FixedPolicy: AccessPolicy {
        let granted: Access
        func access(forToken token: String?, from address: String?) async throws -> Access { granted }
    }

    /// A scripted client end talking to a real server session over `server`; returns the client end.
    static func serve(
        _ server: Replica, policy: any AccessPolicy = OpenAccessPolicy()
    ) -> (InMemoryChannel, Task<Void, Never>) {
        let (clientEnd, serverEnd) = InMemoryChannel.pair()
        let task = Task {
            var session = ServerSession(
                channel: serverEnd, store: ReplicaRecordStore(replica: server), policy: policy, nodeName: "server")
            try? await session.run()
            serverEnd.close()
        }
        return (clientEnd, task)
    }

    static func hello(maxFrameSize: UInt32 = 16 << 20, features: [String]) -> WireMessage {
        .hello(
            Hello(
                minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "scripted",
                capabilities: Capabilities(
                    maxFrameSize: maxFrameSize, maxDecompressedSize: 64 << 20, compression: [], window: 4,
                    features: features),
                token: nil))
    }

    /// Receives batches up to the last, acknowledging each; returns them.
    static func batches(_ client: inout InMemoryChannel) async throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while case .recordBatch(let batch)? = try await client.receive() {
            batches.append(batch)
            try await client.send(
                .batchAck(
                    BatchAck(
                        dataset: batch.dataset, batchNumber: batch.batchNumber, cursor: batch.cursor, applied: 0,
                        refusals: [])))
            if batch.isLast { break }
        }
        return batches
    }

    static func refusal(
        _ client: Replica, _ server: Replica, access: Access,
        _ body: @Sendable (inout ClientSession<InMemoryChannel>) async throws -> Void
    ) async -> SyncError? {
        await #expect(throws: SyncError.self) {
            try await SyncFixture.connect(client: client, server: server, policy: FixedPolicy(granted: access), body)
        }
    }

    @Test func aTokenIsToldItDoesNotAllowADatasetWhetherTheDatasetExistsOrNot() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try server.createDataset(named: "fr", kind: .election)
        try server.createDataset(named: "other", kind: .election)
        let client = try fixture.replica()
        let otherOnly = Access(isOpen: false, grants: [AccessGrant(dataset: "other", canWrite: true)])
        for name in ["fr", "nowhere"] {
            let error = await Self.refusal(client, server, access: otherOnly) {
                _ = try await $0.pull(dataset: name, kind: .election)
            }
            #expect(error?.code == .forbidden)
            #expect(error?.message == "this token does not allow dataset \(name)")
        }
        let readAll = Access(isOpen: false, grants: [AccessGrant(dataset: nil, canWrite: false)])
        let missing = await Self.refusal(client, server, access: readAll) {
            _ = try await $0.pull(dataset: "nowhere", kind: .election)
        }
        #expect(missing?.code == .notFound)
        // (The refused pulls above may have left an empty local "fr": ClientSession creates it before asking.)
        if try client.dataset(named: "fr") == nil { try client.createDataset(named: "fr", kind: .election) }
        let push = await Self.refusal(client, server, access: readAll) { _ = try await $0.push(dataset: "fr") }
        #expect(push?.code == .forbidden)
        #expect(push?.message == "this token may only read dataset fr")
        let pushOther = await Self.refusal(client, server, access: otherOnly) { _ = try await $0.push(dataset: "fr") }
        #expect(pushOther?.message == "this token does not allow dataset fr")
    }

    @Test func aServerWithoutTokensRefusesAPresentedTokenAndServesWithoutOne() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try SessionTests.seed(server, count: 3)
        let client = try fixture.replica()
        for policy: any AccessPolicy in [
            OpenAccessPolicy(), StoreAccessPolicy(store: ReplicaRecordStore(replica: server)),
        ] {
            let error = await #expect(throws: SyncError.self) {
                try await SyncFixture.connect(client: client, server: server, policy: policy, token: "tly_w_guess") {
                    _ = try await $0.listDatasets()
                }
            }
            #expect(error?.code == .unauthorized)
            let listed = try await SyncFixture.connect(client: client, server: server, policy: policy) {
                try await $0.listDatasets().map(\.name)
            }
            #expect(listed == ["fr"])
        }
    }

    @Test func welcomeListsReconcileAndAServerRefusesReconcileItDidNotAgree() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try SessionTests.seed(server, count: 3)
        for offered in [[ProtocolFeature.reconcile], []] {
            var (client, task) = Self.serve(server)
            try await client.send(Self.hello(features: offered))
            guard case .welcome(let welcome)? = try await client.receive() else {
                Issue.record("no WELCOME")
                return
            }
            #expect(welcome.capabilities.features == offered)
            try await client.send(.reconcileRequest(ReconcileRequest(dataset: "fr", ranges: [])))
            let answer = try await client.receive()
            if offered.isEmpty {
                guard case .error(let error)? = answer else {
                    Issue.record("RECONCILE without the feature got \(String(describing: answer))")
                    return
                }
                #expect(error.code == .protocolViolation)
            } else {
                guard case .reconcileReply? = answer else {
                    Issue.record("RECONCILE with the feature got \(String(describing: answer))")
                    return
                }
            }
            client.close()
            await task.value
        }
    }

    @Test func theClientDoesNotReconcileWithAServerWhoseWelcomeLacksTheFeature() async throws {
        let fixture = try SyncFixture()
        let local = try fixture.replica()
        let (clientEnd, serverEnd) = InMemoryChannel.pair()
        let server = Task { () -> [MessageType] in
            var end = serverEnd
            guard case .hello? = try await end.receive() else { return [] }
            var capabilities = Capabilities.defaults
            capabilities.features = []
            try await end.send(
                .welcome(Welcome(version: 1, siteID: .random(), nodeName: "old", capabilities: capabilities)))
            var seen: [MessageType] = []
            while let message = try await end.receive() {
                seen.append(message.type)
                if case .goodbye = message { break }
            }
            return seen
        }
        var session = ClientSession(channel: clientEnd, store: ReplicaRecordStore(replica: local))
        _ = try await session.handshake(nodeName: "client", token: nil)
        let error = await #expect(throws: SyncError.self) {
            _ = try await session.reconcile(dataset: "fr", kind: .election)
        }
        #expect(error?.code == .badRequest)
        try await session.goodbye()
        #expect(try await server.value == [.goodbye])
    }

    @Test func pulledAndNeededBatchesAreCutToTheAgreedFrameSize() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try SessionTests.seed(server, count: 300)
        let limit: UInt32 = 4_096
        var (client, task) = Self.serve(server)
        try await client.send(Self.hello(maxFrameSize: limit, features: [ProtocolFeature.reconcile]))
        guard case .welcome? = try await client.receive() else {
            Issue.record("no WELCOME")
            return
        }
        try await client.send(.pullRequest(PullRequest(dataset: "fr", cursor: nil, batchSize: 0)))
        let pulled = try await Self.batches(&client)
        try await client.send(.reconcileNeed(ReconcileNeed(dataset: "fr", ids: (0..<300).map { "t-\($0)" })))
        let needed = try await Self.batches(&client)
        for (name, batches) in [("pull", pulled), ("need", needed)] {
            #expect(batches.reduce(0) { $0 + $1.records.count } == 300, "\(name)")
            #expect(batches.count > 5, "\(name)")
            #expect(batches.map(\.batchNumber) == (1...UInt64(batches.count)).map { $0 }, "\(name)")
            for batch in batches {
                let frame = try FrameEncoder(allowsCompression: false).encodedBytes(.recordBatch(batch))
                #expect(frame.count - 4 <= Int(limit), "\(name) batch \(batch.batchNumber): \(frame.count) bytes")
            }
        }
        client.close()
        await task.value
    }
}
