import Foundation
import Replica
import Store
import Sync
import Testing
import Transport
import Wire
import TestSupport

/// Protocol.md §9 over real sockets on 127.0.0.1: a client of catalogue version 2 and a server of version 1 (a
/// server held to `1...1`, which refuses the version-2 HELLO as a version-1 server does), and an old client (one
/// that offers `1...1` and sends no clock) with a new server. Both pairs sync both ways and agree record for
/// record; no clock is compared, and none is remembered.
@Suite struct VersionFallbackTests {
    /// One session: pull `fr`, then push it.
    static func sync(_ replica: Replica, _ url: RemoteURL, options: SessionOptions = SessionOptions()) async throws
        -> Welcome?
    {
        let (welcome, _) = try await SyncClient.withSession(
            url: url, store: ReplicaRecordStore(replica: replica), token: nil, options: options
        ) { session in
            _ = try await session.pull(dataset: "fr", kind: .election)
            _ = try await session.push(dataset: "fr")
            return session.welcome
        }
        return welcome
    }

    @Test func aNewClientFallsBackToAVersion1ServerAndBothDirectionsConverge() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 5)
        let server = try await TestServer.start(replica: serverReplica) { $0.session.protocolVersions = 1...1 }
        let laptop = try replicas.make()
        _ = try await Self.sync(laptop, server.url)
        try laptop.put(dataset: "fr", type: .tally, id: "t-2", values: [("votes", .int(200))])
        let welcome = try await Self.sync(laptop, server.url)

        #expect(welcome?.version == 1)
        #expect(welcome?.wallClock == nil)
        // Each sync: the version-2 HELLO refused, then the version-1 session.
        #expect(server.syncServer.connectionsServed == 4)
        let onServer = try TemporaryReplicas.states(serverReplica, "fr")
        #expect(onServer.count == 5)
        #expect(onServer == (try TemporaryReplicas.states(laptop, "fr")))
        #expect(try serverReplica.record(dataset: "fr", id: "t-2")?.value(of: "votes") == .int(200))
        // Neither side measured a clock.
        #expect(try laptop.peerClocks().isEmpty)
        #expect(try serverReplica.peerClocks().isEmpty)
        try await server.stop()
    }

    @Test func anOldClientIsServedByANewServerWithoutComparingClocks() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 5)
        let server = try await TestServer.start(replica: serverReplica)
        let old = try replicas.make()
        var options = SessionOptions()
        options.protocolVersions = 1...1
        _ = try await Self.sync(old, server.url, options: options)
        try old.put(dataset: "fr", type: .tally, id: "t-3", values: [("votes", .int(300))])
        let (peers, _) = try await SyncClient.withSession(
            url: server.url, store: ReplicaRecordStore(replica: old), token: nil, options: options
        ) { session in
            #expect(session.welcome?.version == 1)
            #expect(session.welcome?.wallClock == nil)
            _ = try await session.push(dataset: "fr")
            return server.activity.peers
        }

        #expect(server.syncServer.connectionsServed == 2)
        #expect(peers.count == 1)
        #expect(peers.first?.clockSkewMilliseconds == nil)
        #expect(try TemporaryReplicas.states(serverReplica, "fr") == (try TemporaryReplicas.states(old, "fr")))
        #expect(try serverReplica.record(dataset: "fr", id: "t-3")?.value(of: "votes") == .int(300))
        #expect(try old.peerClocks().isEmpty)
        #expect(try serverReplica.peerClocks().isEmpty)
        try await server.stop()
    }

    @Test func aVersion1ServerRefusesTheVersion2HelloAsAVersion1ServerDoes() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await TestServer.start(replica: try replicas.make()) { $0.session.protocolVersions = 1...1 }
        let laptop = try replicas.make()
        // Offering 2...2 leaves nothing to fall back to: the refusal itself reaches the caller.
        var options = SessionOptions()
        options.protocolVersions = 2...2
        let refused = await #expect(throws: SyncError.self) {
            _ = try await SyncClient.withSession(
                url: server.url, store: ReplicaRecordStore(replica: laptop), token: nil, options: options
            ) { session in try await session.listDatasets() }
        }
        #expect(refused?.code == .protocolViolation)
        #expect(refused?.message == "malformedPayload: HELLO payload has 8 bytes left over")
        #expect(server.syncServer.connectionsServed == 1)
        try await server.stop()
    }
}

/// `ProtocolVersion.fallback(from:)`: what a client offers a server that refused its HELLO.
@Suite struct ProtocolVersionFallbackTests {
    @Test func aRangeWithTheClockLayoutFallsBackToTheVersionsBelowIt() {
        #expect(ProtocolVersion.fallback(from: 1...2) == 1...1)
        #expect(ProtocolVersion.fallback(from: 1...5) == 1...1)
    }

    @Test func aRangeWithNothingBelowTheClockLayoutOrNothingInItHasNoFallback() {
        #expect(ProtocolVersion.fallback(from: 1...1) == nil)
        #expect(ProtocolVersion.fallback(from: 2...2) == nil)
        #expect(ProtocolVersion.fallback(from: 2...3) == nil)
    }
}
