import Foundation
import NIOCore
import Replica
import Store
import Sync
import Testing
import Transport
import TestSupport
@testable import Wire

/// Real servers on 127.0.0.1, real clients, real SQLite replicas.
@Suite struct EndToEndTests {
    static func sync(_ replica: Replica, _ url: RemoteURL, token: String? = nil, dataset: String = "fr")
        async throws -> (pulled: TransferReport, pushed: TransferReport)
    {
        let (result, _) = try await SyncClient.withSession(
            url: url, store: ReplicaRecordStore(replica: replica),
            token: token
        ) { session in
            let remote = try await session.listDatasets()
            var pulled = TransferReport(dataset: dataset)
            if let kind = remote.first(where: { $0.name == dataset })?.kind {
                pulled = try await session.pull(dataset: dataset, kind: kind)
            }
            var pushed = TransferReport(dataset: dataset)
            if try replica.dataset(named: dataset) != nil { pushed = try await session.push(dataset: dataset) }
            return (pulled, pushed)
        }
        return result
    }

    @Test func threeReplicasConvergeOverTCPAndASecondSyncMovesNothing() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await TestServer.start(replica: try replicas.make())
        let (a, b, c) = (try replicas.make(), try replicas.make(), try replicas.make())
        try TemporaryReplicas.seed(a, count: 3_000)
        _ = try await Self.sync(a, server.url)
        _ = try await Self.sync(b, server.url)
        try b.put(dataset: "fr", type: .tally, id: "t-7", values: [("votes", .int(70))])
        try c.createDataset(named: "fr", kind: .election)
        try c.put(
            dataset: "fr", type: .tally, id: "t-new",
            values: [
                ("election_id", .string("fr-an-2024")), ("round", .int(1)), ("unit_id", .string("FR")),
                ("selection_id", .string("UG")), ("votes", .int(1)), ("status", .enumeration("unofficial-partial")),
            ])
        for replica in [c, b, a, c] { _ = try await Self.sync(replica, server.url) }
        let expected = try TemporaryReplicas.states(server.replica, "fr")
        #expect(expected.count == 3_001)
        for replica in [a, b, c] { #expect(try TemporaryReplicas.states(replica, "fr") == expected) }
        for replica in [a, b, c] {
            let again = try await Self.sync(replica, server.url)
            #expect(again.pulled.recordsReceived == 0)
            #expect(again.pushed.recordsSent == 0)
        }
        try await server.stop()
    }

    @Test func tokensGateEveryRequestAndRefusalsChangeNothing() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 10)
        try TemporaryReplicas.seed(serverReplica, dataset: "other", count: 5)
        let write = try serverReplica.createToken(dataset: "fr", scope: .write)
        let read = try serverReplica.createToken(dataset: "fr", scope: .read)
        let otherOnly = try serverReplica.createToken(dataset: "other", scope: .write)
        let server = try await TestServer.start(replica: serverReplica)
        let before = try TemporaryReplicas.states(serverReplica, "fr")
        let client = try replicas.make()
        try TemporaryReplicas.seed(client, count: 20)

        for token in [nil, "tly_wrong"] {
            let error = await #expect(throws: SyncError.self) {
                _ = try await Self.sync(client, server.url, token: token)
            }
            #expect(error?.code == .unauthorized)
        }
        let pushWithRead = await #expect(throws: SyncError.self) {
            _ = try await SyncClient.withSession(
                url: server.url, store: ReplicaRecordStore(replica: client), token: read
            ) {
                try await $0.push(dataset: "fr")
            }
        }
        #expect(pushWithRead?.code == .forbidden)
        let listed = try await SyncClient.withSession(
            url: server.url, store: ReplicaRecordStore(replica: client),
            token: otherOnly
        ) { try await $0.listDatasets().map(\.name) }.0
        #expect(listed == ["other"])
        let pullOther = await #expect(throws: SyncError.self) {
            _ = try await SyncClient.withSession(
                url: server.url, store: ReplicaRecordStore(replica: client),
                token: otherOnly
            ) { try await $0.pull(dataset: "fr", kind: .election) }
        }
        #expect(pullOther?.code == .forbidden)
        #expect(pullOther?.message == "this token does not allow dataset fr")
        #expect(try TemporaryReplicas.states(serverReplica, "fr") == before)

        // The write token works.
        _ = try await Self.sync(client, server.url, token: write)
        #expect(try TemporaryReplicas.states(serverReplica, "fr").count == 20)
        try await server.stop()
    }

    @Test func hostilePeersAreClosedWithAnErrorAndTheServerKeepsServing() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 50)
        let server = try await TestServer.start(replica: serverReplica)
        let before = try TemporaryReplicas.states(serverReplica, "fr")
        let hello = try RawPeer.helloBytes()

        // Not Tally at all: closed without a frame (the server's preamble went out on connect).
        let notTally = try await RawPeer.exchange(port: server.port, bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(notTally == Preamble.bytes())

        // A length over the limit (limitExceeded), an unknown message type (protocolViolation): each gets an ERROR,
        // then the close. (A decompression bomb: ProtocolConformanceTests, after WELCOME agreed to zlib.)
        var oversized = Preamble.bytes()
        oversized += [0xFF, 0xFF, 0xFF, 0xF0, 0x21, 0x00, 0, 0, 0, 1, 0, 0, 0, 0]
        var unknown = ByteBuffer()
        unknown.writeInteger(UInt32(10))
        unknown.writeInteger(UInt8(0x7E))
        unknown.writeInteger(UInt8(0))
        unknown.writeInteger(UInt32(0))
        unknown.writeInteger(Zlib.crc32(ByteBuffer().readableBytesView))
        let cases: [(String, [UInt8], ErrorCode)] = [
            ("oversized", oversized, .limitExceeded),
            ("unknown type", hello + Array(unknown.readableBytesView), .protocolViolation),
        ]
        for (name, bytes, code) in cases {
            let answer = try await RawPeer.exchange(port: server.port, bytes: bytes)
            let messages = try RawPeer.messages(in: answer)
            let error = messages.compactMap { message -> ErrorMessage? in
                if case .error(let error) = message { return error }
                return nil
            }.first
            #expect(error?.code == code, "\(name): \(messages.map(\.type)) from \(answer.count) bytes")
        }

        // A peer that stops mid-frame is closed by the idle timeout (a server of its own, with a short one).
        let impatient = try await TestServer.start(replica: try replicas.make()) { $0.idleTimeout = 1 }
        let stalled = try await RawPeer.exchange(port: impatient.port, bytes: hello + [0, 0, 0, 40, 0x10])
        let stalledMessages = try RawPeer.messages(in: stalled)
        #expect(stalledMessages.contains { if case .welcome = $0 { true } else { false } })
        #expect(stalledMessages.contains { if case .error(let error) = $0 { error.code == .timeout } else { false } })
        try await impatient.stop()

        // Everyone else is still served, and nothing changed.
        let client = try replicas.make()
        let report = try await Self.sync(client, server.url)
        #expect(report.pulled.recordsReceived == 50)
        #expect(try TemporaryReplicas.states(serverReplica, "fr") == before)
        try await server.stop()
    }

    @Test func shutdownDuringAPushLeavesWholeBatchesAndTheNextPushCompletes() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        let server = try await TestServer.start(replica: serverReplica)
        let client = try replicas.make()
        try TemporaryReplicas.seed(client, count: 20_000)
        var options = SessionOptions()
        options.batchSize = 500
        let push = Task {
            try await SyncClient.withSession(
                url: server.url, store: ReplicaRecordStore(replica: client), token: nil,
                options: options
            ) { try await $0.push(dataset: "fr") }
        }
        // Stop once the server holds some but not all of the push.
        while (try serverReplica.dataset(named: "fr")?.recordCount ?? 0) == 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await server.stop()
        let outcome = await push.result
        let held = try serverReplica.dataset(named: "fr")?.recordCount ?? 0
        #expect(held % 500 == 0 || held == 20_000)
        if case .failure(let error) = outcome {
            // The client is told to retry (or sees the connection close), never a silent partial success.
            if let syncError = error as? SyncError { #expect(syncError.retryable) }
        } else {
            #expect(held == 20_000)
        }
        let restarted = try await TestServer.start(replica: serverReplica)
        _ = try await Self.sync(client, restarted.url)
        #expect(try TemporaryReplicas.states(serverReplica, "fr") == TemporaryReplicas.states(client, "fr"))
        try await restarted.stop()
    }
}
